/* tls.c: live TLS handshake events through OpenSSL's info callback, set on
 * each new connection's SSL_CTX from CURLOPT_SSL_CTX_FUNCTION.
 * OpenSSL is reached with dlsym in the libssl libcurl already loaded, so the
 * library has no link-time OpenSSL dependency and degrades to derived TLS
 * events with other backends.
 * The tracer is found from the SSL_CTX's app-data slot (ex_data index 0),
 * used only when the application left it empty.
 * Invariant: the info callback is removed from the SSL_CTX (and the
 * application's restored) at the first HANDSHAKE_DONE, so a connection that
 * outlives its tracer in libcurl's connection cache (TLS 1.3 session tickets
 * arrive later as post-handshake messages) never calls into a freed tracer. */
#include "internal.h"

#include <dlfcn.h>
#include <string.h>
#include <time.h>

/* From <openssl/ssl.h>; stable ABI values. */
#define HT_SSL_CB_HANDSHAKE_START 0x10
#define HT_SSL_CB_HANDSHAKE_DONE 0x20
#define HT_APP_DATA_INDEX 0 /* SSL_CTX_set_app_data uses ex_data index 0 */
#define HT_TLSEXT_NAMETYPE_host_name 0

#define LOAD(field, name) memcpy(&api->field, &(void *){dlsym(RTLD_DEFAULT, name)}, sizeof(void *))

void trace_tls_load(ht_tls_api *api) {
  memset(api, 0, sizeof *api);
  const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);
  if (!vi || !vi->ssl_version || strncmp(vi->ssl_version, "OpenSSL", 7) != 0) return;
  LOAD(ctx_set_info_callback, "SSL_CTX_set_info_callback");
  LOAD(ctx_get_info_callback, "SSL_CTX_get_info_callback");
  LOAD(ctx_set_ex_data, "SSL_CTX_set_ex_data");
  LOAD(ctx_get_ex_data, "SSL_CTX_get_ex_data");
  LOAD(get_ssl_ctx, "SSL_get_SSL_CTX");
  LOAD(get_version, "SSL_get_version");
  LOAD(get_current_cipher, "SSL_get_current_cipher");
  LOAD(cipher_get_name, "SSL_CIPHER_get_name");
  LOAD(get0_alpn_selected, "SSL_get0_alpn_selected");
  if (!api->ctx_set_info_callback || !api->ctx_get_info_callback || !api->ctx_set_ex_data ||
      !api->ctx_get_ex_data || !api->get_ssl_ctx || !api->get_version ||
      !api->get_current_cipher || !api->cipher_get_name || !api->get0_alpn_selected) {
    memset(api, 0, sizeof *api);
    return;
  }
  LOAD(get_servername, "SSL_get_servername");
  LOAD(session_reused, "SSL_session_reused");
  LOAD(get1_peer_certificate, "SSL_get1_peer_certificate"); /* OpenSSL 3 */
  if (!api->get1_peer_certificate) LOAD(get1_peer_certificate, "SSL_get_peer_certificate");
  LOAD(get_subject_name, "X509_get_subject_name");
  LOAD(get_issuer_name, "X509_get_issuer_name");
  LOAD(name_oneline, "X509_NAME_oneline");
  LOAD(get0_not_after, "X509_get0_notAfter");
  LOAD(time_to_tm, "ASN1_TIME_to_tm");
  LOAD(x509_free, "X509_free");
}

/* The server's certificate: subject, issuer (OpenSSL's one-line form) and
 * expiry (ISO 8601, UTC). Only when tls_done is hooked: it costs a
 * certificate reference and some formatting per handshake. */
static void peer_of(ht_trace *tr, const ht_ssl *ssl) {
  const ht_tls_api *api = &tr->tls;
  tr->has_peer = 0;
  if (!api->get1_peer_certificate || !api->get_subject_name || !api->get_issuer_name ||
      !api->name_oneline || !api->x509_free)
    return;
  ht_x509 *cert = api->get1_peer_certificate(ssl);
  if (!cert) return;
  api->name_oneline(api->get_subject_name(cert), tr->peer_subject, sizeof tr->peer_subject);
  api->name_oneline(api->get_issuer_name(cert), tr->peer_issuer, sizeof tr->peer_issuer);
  struct tm tm;
  const ht_asn1_time *t = api->get0_not_after ? api->get0_not_after(cert) : NULL;
  if (t && api->time_to_tm && api->time_to_tm(t, &tm) == 1)
    strftime(tr->peer_not_after, sizeof tr->peer_not_after, "%Y-%m-%dT%H:%M:%SZ", &tm);
  else
    tr->peer_not_after[0] = '\0';
  api->x509_free(cert);
  tr->has_peer = 1;
}

/* Server name (SNI) and resumption: cheap reads of the SSL. */
static void session_of(ht_trace *tr, const ht_ssl *ssl) {
  const ht_tls_api *api = &tr->tls;
  const char *sni = api->get_servername ? api->get_servername(ssl, HT_TLSEXT_NAMETYPE_host_name) : NULL;
  tr->has_server_name = sni != NULL;
  if (sni) snprintf(tr->server_name, sizeof tr->server_name, "%s", sni);
  tr->resumed = api->session_reused ? api->session_reused(ssl) == 1 : 0;
}

void trace_emit_tls_done(ht_trace *tr) {
  ht_event ev = {.kind = HT_TLS_DONE, .tls_version = tr->tls_version, .cipher = tr->cipher,
                 .server_name = tr->has_server_name ? tr->server_name : NULL,
                 .resumed = tr->resumed};
  if (tr->has_peer) {
    ev.peer_subject = tr->peer_subject;
    ev.peer_issuer = tr->peer_issuer;
    ev.peer_not_after = tr->peer_not_after[0] ? tr->peer_not_after : NULL;
  }
  trace_emit(tr, &ev, tr->hop.tls_done, 0);
}

static void tls_done(ht_trace *tr, const ht_ssl *ssl) {
  const ht_tls_api *api = &tr->tls;
  const ht_ssl_cipher *cipher = api->get_current_cipher(ssl);
  const unsigned char *alpn = NULL;
  unsigned alpn_len = 0;
  snprintf(tr->tls_version, sizeof tr->tls_version, "%s", api->get_version(ssl));
  snprintf(tr->cipher, sizeof tr->cipher, "%s", cipher ? api->cipher_get_name(cipher) : "");
  api->get0_alpn_selected(ssl, &alpn, &alpn_len);
  if (alpn_len == 2 && memcmp(alpn, "h2", 2) == 0)
    snprintf(tr->alpn_version, sizeof tr->alpn_version, "2");
  else if (alpn_len == 8 && memcmp(alpn, "http/1.1", 8) == 0)
    snprintf(tr->alpn_version, sizeof tr->alpn_version, "1.1");
  session_of(tr, ssl);
  if (tr->hook[HT_TLS_DONE])
    peer_of(tr, ssl);
  else
    tr->has_peer = 0;
  tr->hop.tls_done = trace_now_us() - tr->start_us;
  if (!tr->hop.tls_held) trace_emit_tls_done(tr);
}

/* The handshake starts. libcurl 7.88.1 publishes CONNECT_TIME only after TLS
 * (at PREREQ), and between the TCP connection and the client hello it sets
 * up the SSL context and loads the CA store (milliseconds). So unless the
 * connection's end is already known (precise mode), tls_start is stamped now
 * but held, and raised after the derived connect_done at the next catch-up:
 * stamping connect_done now would count the TLS set-up as TCP connect. */
static void tls_start(ht_trace *tr) {
  int64_t now = trace_now_us() - tr->start_us;
  tr->hop.tls_start = now;
  if (tr->hop.conn_done < 0 && trace_derived_time(tr, HT_INFO_CONNECT) < 0) {
    tr->hop.tls_held = 1;
    return;
  }
  trace_catch_up_connect(tr);
  trace_mark(tr, HT_TLS_START, now, 0);
}

/* The tracer of the SSL's context. The callback gets only the SSL, and the
 * library keeps no globals, so the two accessors are looked up each time;
 * that is a few lookups per handshake, which costs a millisecond anyway. */
static ht_trace *tracer_of(const ht_ssl *ssl, ht_ssl_ctx **ctx) {
  ht_ssl_ctx *(*get_ctx)(const ht_ssl *);
  void *(*get_ex)(const ht_ssl_ctx *, int);
  void *p1 = dlsym(RTLD_DEFAULT, "SSL_get_SSL_CTX"), *p2 = dlsym(RTLD_DEFAULT, "SSL_CTX_get_ex_data");
  if (!p1 || !p2) return NULL;
  memcpy(&get_ctx, &p1, sizeof p1);
  memcpy(&get_ex, &p2, sizeof p2);
  *ctx = get_ctx(ssl);
  return *ctx ? get_ex(*ctx, HT_APP_DATA_INDEX) : NULL;
}

static void info_callback(const ht_ssl *ssl, int where, int ret) {
  ht_ssl_ctx *ctx = NULL;
  ht_trace *tr = tracer_of(ssl, &ctx);
  if (!tr) return;
  ht_info_cb app_cb = tr->app_info_cb;
  if ((where & HT_SSL_CB_HANDSHAKE_START) && tr->hop.tls_start < 0) tls_start(tr);
  if ((where & HT_SSL_CB_HANDSHAKE_DONE) && tr->hop.tls_done < 0) {
    tls_done(tr, ssl);
    tr->tls.ctx_set_info_callback(ctx, app_cb);
    tr->tls.ctx_set_ex_data(ctx, HT_APP_DATA_INDEX, NULL);
  }
  if (app_cb) app_cb(ssl, where, ret);
}

CURLcode trace_cb_ssl_ctx(CURL *easy, void *ssl_ctx, void *userptr) {
  ht_trace *tr = userptr;
  if (tr->app.ssl_ctx) {
    CURLcode rc = tr->app.ssl_ctx(easy, ssl_ctx, tr->app.ssl_ctx_data);
    if (rc != CURLE_OK) return rc;
  }
  if (!tr->tls.ctx_set_info_callback) return CURLE_OK;
  /* the application's own ctx callback used the app-data slot: leave it
   * alone, TLS events are then derived from APPCONNECT */
  if (tr->tls.ctx_get_ex_data(ssl_ctx, HT_APP_DATA_INDEX) != NULL) return CURLE_OK;
  tr->app_info_cb = tr->tls.ctx_get_info_callback(ssl_ctx);
  tr->tls.ctx_set_ex_data(ssl_ctx, HT_APP_DATA_INDEX, tr);
  tr->tls.ctx_set_info_callback(ssl_ctx, info_callback);
  return CURLE_OK;
}
