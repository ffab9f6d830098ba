/* internal.h: the tracer's private state, shared by attach.c, callbacks.c,
 * tls.c and events.c. Invariant: a ht_trace belongs to one easy handle and
 * is touched only from the thread running that handle's transfer, so it
 * needs no locks; nothing here is global. */
#ifndef HT_INTERNAL_H
#define HT_INTERNAL_H
#include "httptrace.h"

/* The application's own callbacks, as given to ht_setopt. */
typedef struct ht_app_callbacks {
  curl_resolver_start_callback resolver_start;
  void *resolver_start_data;
  curl_opensocket_callback opensocket;
  void *opensocket_data;
  curl_prereq_callback prereq;
  void *prereq_data;
  curl_ssl_ctx_callback ssl_ctx;
  void *ssl_ctx_data;
  curl_write_callback header;
  void *header_data;
  curl_write_callback write;
  curl_debug_callback debug;  /* precise mode owns these three */
  void *debug_data;
  long verbose;
  FILE *stderr_file;
} ht_app_callbacks;

/* OpenSSL entry points, found with dlsym in the libssl that libcurl loaded,
 * so the library needs no link-time dependency on OpenSSL. All NULL when
 * libcurl uses another TLS backend: TLS events are then derived. The types
 * are OpenSSL's own (opaque here), so calls through these pointers, and
 * OpenSSL's calls of the info callbacks, match the functions' real types. */
typedef struct ssl_st ht_ssl;
typedef struct ssl_ctx_st ht_ssl_ctx;
typedef struct ssl_cipher_st ht_ssl_cipher;
typedef struct x509_st ht_x509;
typedef struct X509_name_st ht_x509_name;
typedef struct asn1_string_st ht_asn1_time;
struct tm;
typedef void (*ht_info_cb)(const ht_ssl *ssl, int where, int ret);
typedef struct ht_tls_api {
  void (*ctx_set_info_callback)(ht_ssl_ctx *ctx, ht_info_cb cb);
  ht_info_cb (*ctx_get_info_callback)(ht_ssl_ctx *ctx);
  int (*ctx_set_ex_data)(ht_ssl_ctx *ctx, int idx, void *arg);
  void *(*ctx_get_ex_data)(const ht_ssl_ctx *ctx, int idx);
  ht_ssl_ctx *(*get_ssl_ctx)(const ht_ssl *ssl);
  const char *(*get_version)(const ht_ssl *ssl);
  const ht_ssl_cipher *(*get_current_cipher)(const ht_ssl *ssl);
  const char *(*cipher_get_name)(const ht_ssl_cipher *cipher);
  void (*get0_alpn_selected)(const ht_ssl *ssl, const unsigned char **data, unsigned *len);
  /* optional (tls_done's server name, resumption, peer): NULL if missing */
  const char *(*get_servername)(const ht_ssl *ssl, int type);
  int (*session_reused)(const ht_ssl *ssl);
  ht_x509 *(*get1_peer_certificate)(const ht_ssl *ssl);
  ht_x509_name *(*get_subject_name)(const ht_x509 *x);
  ht_x509_name *(*get_issuer_name)(const ht_x509 *x);
  char *(*name_oneline)(const ht_x509_name *name, char *buf, int size);
  const ht_asn1_time *(*get0_not_after)(const ht_x509 *x);
  int (*time_to_tm)(const ht_asn1_time *t, struct tm *tm);
  void (*x509_free)(ht_x509 *x);
} ht_tls_api;

/* A connection in an idle table (conns.c). */
typedef struct ht_conn_entry {
  char key[64];        /* local "ip:port"; "" = free */
  int multiplexed;     /* HTTP/2: several transfers at once */
  int users;           /* multiplexed: transfers using it now */
  const ht_trace *owner; /* HTTP/1: the transfer using it, NULL when idle */
  uint64_t owner_req;
  int64_t idle_since;  /* CLOCK_MONOTONIC us when the last user left; 0 = unknown */
} ht_conn_entry;

/* Live timestamps of the current hop, microseconds since request_start;
 * -1 = not seen yet. */
typedef struct ht_hop {
  int64_t start;       /* when the hop began (request_start or the redirect) */
  int64_t base;        /* libcurl's origin for the hop's CURLINFO times */
  int64_t dns_start, dns_done, conn_start, conn_done, tls_start, tls_done;
  int64_t got_conn, wrote, first_byte, end;
  int64_t final_byte;  /* the final (non-1xx) status line; first_byte may be a 1xx */
  int64_t wrote_headers, last_out; /* precise mode: live HEADER_OUT, last send */
  int expect_100;      /* precise mode: the request asked for 100-continue */
  int hold_wrote;      /* precise mode: a 100 Continue came first; the body is
                          sent after it, so wrote_request waits for the final
                          status line (Go's order) */
  int attempts;        /* OPENSOCKET calls in this hop */
  int ended;           /* headers of the final response of this hop seen */
  long status;         /* status of the response being received */
  int tls_derived, conn_derived;
  int tls_held;        /* tls_start (and tls_done) stamped but not raised yet:
                          see trace_catch_up_connect */
  /* CURLINFO time sums at the start of this hop: libcurl adds each hop's
   * time to the same counters, so per-hop values are differences. */
  curl_off_t info_base[5];
  curl_off_t info_end[5]; /* the sums when this hop's headers ended */
} ht_hop;

struct ht_trace {
  CURL *easy;
  ht_hook_fn hook[HT_EVENT_COUNT];
  void *user;
  ht_app_callbacks app;
  ht_tls_api tls;
  ht_info_cb app_info_cb; /* the application's SSL info callback, chained */
  uint64_t next_id;
  /* current request */
  int open;
  CURLcode result;     /* the last request's, as its done reported it */
  int precise;         /* ht_set_precise: VERBOSE debug stream installed */
  int start_pending;   /* request_start not raised yet */
  uint64_t req;
  int64_t start_us;    /* CLOCK_MONOTONIC */
  int64_t last_t;      /* last event time: derived times are clamped to it */
  int hop_no;
  ht_hop hop;
  char addr[64];       /* last connect attempt */
  char addrs[192];     /* addresses tried in this hop */
  char tls_version[24], cipher[64], alpn_version[8];
  /* tls_done's peer, kept for a held tls_done (tls.c) */
  char server_name[256], peer_subject[256], peer_issuer[256], peer_not_after[24];
  int resumed, has_peer, has_server_name;
  char host[256], host_port[272]; /* the hop's URL host, "host:port"; "" = not parsed */
  char conn_key[64];   /* local "ip:port" of this hop's connection, "" = none */
  ht_conns *conns;     /* shared idle table, or NULL for own_conn */
  ht_conn_entry own_conn;
  char location[512];
  char errbuf[CURL_ERROR_SIZE]; /* our CURLOPT_ERRORBUFFER */
  char *app_errbuf;    /* the application's, filled at ht_finish */
};

/* events.c */
int64_t trace_now_us(void);
void trace_open(ht_trace *tr, int64_t now);
/* Opens the request if needed, raises a pending request_start, and with
 * may_start_hop begins a new hop when the previous hop's headers ended.
 * Inline because it runs for every header line and nearly always does
 * nothing. */
void trace_touch_slow(ht_trace *tr, int may_start_hop);
static inline void trace_touch(ht_trace *tr, int may_start_hop) {
  if (!tr->open || tr->start_pending || (may_start_hop && tr->hop.ended))
    trace_touch_slow(tr, may_start_hop);
}
void trace_hop_mark_end(ht_trace *tr);
void trace_calibrate(ht_trace *tr, int info_index, int64_t now);
void trace_catch_up_tls(ht_trace *tr);
/* tls.c: raises tls_done from what the handshake left in tr (live time). */
void trace_emit_tls_done(ht_trace *tr);
const char *trace_http_version(ht_trace *tr);
void trace_emit(ht_trace *tr, ht_event *ev, int64_t t, int derived);
/* Raises an event that has no fields of its own; builds it only if hooked. */
void trace_mark(ht_trace *tr, ht_event_kind kind, int64_t t, int derived);
void trace_hop_reset(ht_trace *tr, int64_t base);
void trace_catch_up_dns(ht_trace *tr);
void trace_catch_up_connect(ht_trace *tr);
void trace_catch_up_request(ht_trace *tr);
void trace_hop_phases(const ht_trace *tr, ht_phases *ph);
int64_t trace_derived_time(ht_trace *tr, int info_index);

/* Parses the effective URL's host and port once per hop, into tr->host and
 * tr->host_port; returns 0, or -1 when unknown. */
int trace_url_host(ht_trace *tr);

/* Raises put_idle_conn for the hop's connection (and tells the idle table). */
void trace_return_conn(ht_trace *tr, int64_t t);

/* conns.c: a connection taken at got_conn (sets ev's was_idle and idle_us)
 * and returned at the end (idle: kept in the pool). */
void conns_taken(ht_trace *tr, const char *key, int reused, int multiplexed, int64_t now_abs,
                 ht_event *ev);
void conns_returned(ht_trace *tr, const char *key, int idle, int64_t now_abs);

/* callbacks.c: the functions installed in libcurl */
int trace_cb_resolver_start(void *resolver_state, void *reserved, void *userdata);
curl_socket_t trace_cb_opensocket(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);
int trace_cb_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port);
size_t trace_cb_header(char *buf, size_t size, size_t nitems, void *userdata);

/* debug.c */
int trace_cb_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *userptr);

/* tls.c */
void trace_tls_load(ht_tls_api *api);
CURLcode trace_cb_ssl_ctx(CURL *easy, void *ssl_ctx, void *userptr);

/* Index of the CURLINFO time values kept in ht_hop.info_base. */
enum { HT_INFO_NAMELOOKUP, HT_INFO_CONNECT, HT_INFO_APPCONNECT, HT_INFO_PRETRANSFER,
       HT_INFO_STARTTRANSFER };

#endif
