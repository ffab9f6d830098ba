/* httptrace.h: per-phase tracing for libcurl easy handles, its sinks, and a
 * load driver. The C counterpart of Go's net/http/httptrace.ClientTrace.
 *
 * Contract in one paragraph: ht_attach() installs libcurl callbacks on an
 * easy handle and raises one event per request phase through the caller's
 * hooks. A request begins at ht_perform()/ht_multi_add() (or, with plain
 * curl_easy_perform, at the first libcurl callback of the transfer) and ends
 * at ht_finish(), which raises `done`; libcurl 7.88.1 has no end-of-transfer
 * callback, so the caller reports the result (ht_perform does it for you).
 * Times are CLOCK_MONOTONIC; an event whose time was read back from
 * CURLINFO_*_TIME_T instead of stamped in a callback has `derived` set.
 * The library keeps no global state, never prints, never exits.
 *
 * Event stream format version: HT_EVENT_VERSION (see docs/formats.md, "httptrace events"). */
#ifndef HTTPTRACE_H
#define HTTPTRACE_H
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>

/* Only what this header declares is exported from the library; everything
 * else in it is built with hidden visibility and localised. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define HT_EVENT_VERSION 2

typedef enum ht_event_kind {
  HT_REQUEST_START,
  HT_DNS_START,
  HT_DNS_DONE,
  HT_CONNECT_START,
  HT_CONNECT_DONE,
  HT_TLS_START,
  HT_TLS_DONE,
  HT_GOT_CONN,
  HT_WROTE_HEADERS,
  HT_WROTE_REQUEST,
  HT_GOT_1XX,
  HT_FIRST_BYTE,
  HT_REDIRECT,
  HT_DONE,
  /* added in version 2 (values of the kinds above are unchanged) */
  HT_GET_CONN,            /* the hop starts asking for a connection */
  HT_PUT_IDLE_CONN,       /* done with the connection: kept idle, or closed */
  HT_WROTE_HEADER_FIELD,  /* precise mode: one request header field written */
  HT_WAIT_100_CONTINUE,   /* precise mode: headers sent with Expect: 100-continue */
  HT_GOT_100_CONTINUE,    /* a 100 Continue arrived */
  HT_EVENT_COUNT
} ht_event_kind;

/* The JSON name of an event kind ("dns_start"...), or "unknown". */
const char *ht_event_name(ht_event_kind kind);

/* Phases of one hop. Durations in microseconds; *_at is the start of the
 * phase in microseconds since request_start (-1 when the phase did not run,
 * e.g. dns and connect on a reused connection). server = wait from request
 * written to first byte; transfer = first byte to end of the hop. hop_at is
 * when the hop began (0 for the first; a redirect's end for the next).
 * conn_wait is the time from get_conn to got_conn spent outside DNS,
 * connect and TLS: libcurl's set-up, and waiting for a connection (a
 * transfer queued behind a connection limit, or for HTTP/2 multiplexing);
 * got_conn_at is when the connection was ready (-1 if never). */
typedef struct ht_phases {
  int64_t dns, connect, tls, server, transfer;
  int64_t dns_at, connect_at, tls_at, server_at, transfer_at;
  int64_t hop_at;
  int64_t conn_wait, got_conn_at;
} ht_phases;

/* One event. Strings are owned by the library and valid only during the hook
 * call; copy what you keep. Fields not used by a kind are 0 / NULL. */
typedef struct ht_event {
  ht_event_kind kind;
  uint64_t req;          /* request id */
  int64_t t_us;          /* microseconds since this request's request_start */
  int64_t start_us;      /* request_start on CLOCK_MONOTONIC, microseconds */
  int derived;           /* time read back from CURLINFO, not stamped live */
  int hop;               /* redirect hop, 0 for the first request */
  const char *method;    /* request_start */
  const char *url;       /* request_start (effective URL of the hop) */
  const char *addrs;     /* dns_done: addresses libcurl tried, comma-separated */
  const char *addr;      /* connect_start, connect_done: "ip:port" */
  const char *tls_version, *cipher; /* tls_done */
  int reused;            /* got_conn */
  const char *local, *remote;       /* got_conn: "ip:port" */
  const char *http_version;         /* got_conn, done: "1.0" "1.1" "2" or NULL */
  long status;           /* got_1xx, redirect, done (0 when none arrived) */
  const char *location;  /* redirect */
  int error;             /* CURLcode; 0 = no error */
  const char *error_msg; /* curl's message for error, NULL when error == 0 */
  const char *error_kind;/* "dns" "connect" "tls" "timeout" "reset" "truncated" "http2" "other" */
  int64_t bytes;         /* done: body bytes received */
  int64_t total_us;      /* done: request_start to done */
  ht_phases phases;      /* redirect: that hop's phases; done: last hop's */
  /* version 2 */
  const char *host;      /* dns_start: the URL's host; get_conn: "host:port" */
  int was_idle;          /* got_conn: taken from the idle pool (not shared) */
  int64_t idle_us;       /* got_conn: how long it was idle; -1 unknown */
  const char *key, *value;           /* wrote_header_field */
  const char *server_name;           /* tls_done: SNI sent, or NULL */
  int resumed;                       /* tls_done: session resumed */
  const char *peer_subject, *peer_issuer; /* tls_done: OpenSSL one-line names */
  const char *peer_not_after;        /* tls_done: "2026-12-04T19:53:39Z" */
  int idle;              /* put_idle_conn: 1 kept for reuse, 0 closed */
} ht_event;

/* A hook receives the event and the user pointer given to ht_attach. */
typedef void (*ht_hook_fn)(const ht_event *ev, void *user);

/* One optional function per event; NULL hooks are skipped. */
typedef struct ht_hooks {
  ht_hook_fn request_start, dns_start, dns_done, connect_start, connect_done,
      tls_start, tls_done, got_conn, wrote_headers, wrote_request, got_1xx,
      first_byte, redirect, done;
  ht_hook_fn get_conn, put_idle_conn, wrote_header_field, wait_100_continue,
      got_100_continue; /* version 2 */
} ht_hooks;

/* Sets every hook in *hooks to fn (convenient for sinks). */
void ht_hooks_all(ht_hooks *hooks, ht_hook_fn fn);

/* Opaque per-handle tracer. */
typedef struct ht_trace ht_trace;

/* Attaches to easy: installs RESOLVER_START, OPENSOCKET, PREREQ, SSL_CTX and
 * HEADER callbacks. hooks is copied. Returns NULL on bad arguments or when
 * out of memory (the handle is then unchanged). libcurl has no getter for
 * callbacks, so set the application's own versions of those five callbacks
 * (and their *DATA) with ht_setopt(), before or after ht_attach: see docs/httptrace.md. */
ht_trace *ht_attach(CURL *easy, const ht_hooks *hooks, void *user);

/* Restores the application's callbacks (those given to ht_setopt, else
 * libcurl's defaults) and frees the tracer. Call between transfers. */
void ht_detach(ht_trace *tr);

/* curl_easy_setopt for an attached handle: the options the tracer chains
 * (RESOLVER_START_FUNCTION/DATA, OPENSOCKETFUNCTION/DATA, PREREQFUNCTION/DATA,
 * SSL_CTX_FUNCTION/DATA, HEADERFUNCTION/HEADERDATA, ERRORBUFFER, and in
 * precise mode DEBUGFUNCTION/DATA and VERBOSE) are kept and called from the
 * tracer's callbacks; every other option goes to curl_easy_setopt. */
CURLcode ht_setopt(ht_trace *tr, CURLoption opt, ...);

/* Precise mode: stamps connect_done, wrote_headers and wrote_request live
 * from libcurl's VERBOSE debug stream instead of deriving them. Costs about
 * a microsecond of CPU per request (libcurl formats its verbose text), so it
 * is off by default; the command turns it on when tracing one URL. While on,
 * the tracer owns DEBUGFUNCTION, DEBUGDATA and VERBOSE: set the
 * application's with ht_setopt, and it sees verbose output only if it set
 * VERBOSE itself. Returns libcurl's status. */
CURLcode ht_set_precise(ht_trace *tr, int on);

/* Connections idle in libcurl's pool, for got_conn's was_idle and idle_us.
 * libcurl hands a connection from one easy handle to another in a multi (or
 * a share); tracers that share one ht_conns see each other's put_idle_conn.
 * Without one a tracer knows only the connections it returned itself. Use
 * one per multi handle, from that multi's thread; free it after the
 * tracers. Bounded: a lookup that collides forgets the older entry. */
typedef struct ht_conns ht_conns;
ht_conns *ht_conns_new(int size_hint); /* NULL when out of memory */
void ht_conns_free(ht_conns *conns);
/* NULL returns the tracer to its own one-connection memory. */
void ht_share_conns(ht_trace *tr, ht_conns *conns);

/* The id the next request gets (default: 1, 2, 3... per tracer). */
void ht_set_next_id(ht_trace *tr, uint64_t id);

/* Marks the start of a request now (request_start). Optional: otherwise it
 * is raised at the first libcurl callback of the transfer. */
void ht_begin(ht_trace *tr);

/* Ends the current request with libcurl's result: raises the events not
 * seen live (derived), then done. A no-op when no request is open. A
 * response that ended inside its headers, which libcurl 7.88.1 reports as
 * CURLE_OK, is reported as CURLE_PARTIAL_FILE ("truncated"). With the multi
 * interface, call it on CURLMSG_DONE before curl_multi_remove_handle. */
void ht_finish(ht_trace *tr, CURLcode result);

/* ht_begin + curl_easy_perform + ht_finish; returns the result done
 * reported (libcurl's, or CURLE_PARTIAL_FILE for headers cut short). */
CURLcode ht_perform(ht_trace *tr);

/* ht_begin + curl_multi_add_handle. On CURLMSG_DONE call ht_finish. */
CURLMcode ht_multi_add(ht_trace *tr, CURLM *multi);

/* The easy handle this tracer is attached to. */
CURL *ht_easy(const ht_trace *tr);

/* Short class of a curl error: "dns" "connect" "tls" "timeout" "reset"
 * "truncated" "http2" "other"; NULL for CURLE_OK. */
const char *ht_error_kind(int curlcode);

/* ---- sinks ---------------------------------------------------------------
 * Sinks write to a stream the caller opened and owns. One event is written
 * with a single fwrite, so lines from several threads do not interleave. */

/* Formats ev as one JSON line (with '\n') into buf. Returns the length it
 * needs (snprintf-like): if >= cap the output was truncated. */
size_t ht_json_format(const ht_event *ev, char *buf, size_t cap);
/* A hook: writes ev as a JSON line to the FILE * given as user. */
void ht_json_sink(const ht_event *ev, void *file);

/* Chrome/Perfetto trace-event JSON, one track (tid) per request. */
typedef struct ht_chrome ht_chrome;
ht_chrome *ht_chrome_open(FILE *out); /* NULL when out of memory */
/* A hook (user = ht_chrome *): slices are written at redirect and done. */
void ht_chrome_sink(const ht_event *ev, void *chrome);
/* Writes the closing bracket, frees; returns 0, or -1 if a write failed. */
int ht_chrome_close(ht_chrome *ch);

/* Writes the httpstat-like bar of one hop (from a redirect or done event). */
void ht_summary_write(FILE *out, const ht_event *hop_end, int color);

/* One CSV row per request, from a done event (header: ht_csv_header). */
void ht_csv_header(FILE *out);
void ht_csv_row(FILE *out, const ht_event *done, int64_t queued_us);

/* ---- aggregate statistics for load runs --------------------------------- */
typedef struct ht_stats ht_stats;
typedef enum ht_metric {
  HT_M_TOTAL, HT_M_DNS, HT_M_CONNECT, HT_M_TLS, HT_M_WAIT, HT_M_TRANSFER,
  HT_M_CONN_WAIT, /* ht_phases.conn_wait */
  HT_M_COUNT
} ht_metric;

ht_stats *ht_stats_new(void);
void ht_stats_free(ht_stats *st);
/* Adds one finished request (a done event). queued_us is how long it waited
 * past its intended send time (open loop); it is added to the total
 * latency. A failed request (done->error) is counted with its code and
 * first message, and adds nothing to the latency and phase statistics.
 * A redirect event adds that hop's phases and counts a redirect followed;
 * add it only once the request went on to another hop (without following,
 * done reports the same hop). Phase figures are then per hop, latency per
 * request. */
void ht_stats_add(ht_stats *st, const ht_event *done, int64_t queued_us);
/* Adds everything in src to dst. */
void ht_stats_merge(ht_stats *dst, const ht_stats *src);
/* Requests added, and how many of them failed. */
uint64_t ht_stats_count(const ht_stats *st);
uint64_t ht_stats_errors(const ht_stats *st);
/* The q-quantile (0..1) of a metric over the successful requests, in
 * microseconds; -1 when no samples. */
int64_t ht_stats_quantile(const ht_stats *st, ht_metric m, double q);
/* Report as text (hey-like) or as one JSON line. elapsed_s is wall time.
 * Requests per second counts successful requests; when none succeeded the
 * text says so instead of showing a rate, latencies and status codes.
 * The JSON writer returns 0, or -1 when out of memory (nothing written). */
void ht_stats_write_text(FILE *out, const ht_stats *st, double elapsed_s);
int ht_stats_write_json(FILE *out, const ht_stats *st, double elapsed_s);

/* ---- load driver: curl multi, one event loop per thread ----------------- */
typedef struct ht_load ht_load;
typedef struct ht_load_config {
  /* Called on each new easy handle: set URL, method, headers... Return
   * nonzero to fail the run. Runs on the load thread. */
  int (*setup)(CURL *easy, void *setup_user);
  void *setup_user;
  int threads;          /* event loops, >= 1 */
  int concurrency;      /* handles in flight in total, >= threads */
  uint64_t requests;    /* closed loop: total requests (0 with rate) */
  double rate;          /* open loop: requests per second in total (0 = closed) */
  double duration_s;    /* open loop (or closed with requests == 0): run time */
  FILE *events;         /* optional: every event as JSON lines */
  FILE *csv;            /* optional: one row per request */
  ht_chrome *chrome;    /* optional: a Perfetto trace of every request */
  int no_trace;         /* benchmark baseline: no tracer attached; done is
                           built from CURLINFO (total, status, error) only */
  int precise;          /* ht_set_precise on every handle */
} ht_load_config;

/* Starts the threads. Returns NULL and sets *err to a static message on bad
 * configuration or when out of resources. */
ht_load *ht_load_start(const ht_load_config *cfg, const char **err);
/* Live counters, safe from any thread while the run goes on. */
void ht_load_progress(const ht_load *ld, uint64_t *done, uint64_t *errors);
/* 1 while some load thread still runs. */
int ht_load_running(const ht_load *ld);
/* Waits for the end; returns the merged statistics (caller frees) and the
 * wall time in seconds. Frees ld. */
ht_stats *ht_load_wait(ht_load *ld, double *elapsed_s);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#endif
