/* attach.c: ht_attach, ht_detach and ht_setopt: installing the tracer's
 * callbacks on an easy handle and keeping the application's own.
 * Invariant: while attached, the easy handle's RESOLVER_START, OPENSOCKET,
 * PREREQ, SSL_CTX and HEADER callbacks and ERRORBUFFER are the tracer's (and
 * in precise mode DEBUGFUNCTION, DEBUGDATA and VERBOSE), and the
 * application's versions live in tr->app; detach puts them back. */
#include "internal.h"

#include <stdarg.h>
#include <stdlib.h>

/* Sets the tracer's callbacks; 0 on success. SSL_CTX_FUNCTION may be
 * missing from a build (other TLS backend): that is not a failure. */
static int install(ht_trace *tr) {
  CURL *e = tr->easy;
  if (curl_easy_setopt(e, CURLOPT_RESOLVER_START_FUNCTION, trace_cb_resolver_start) ||
      curl_easy_setopt(e, CURLOPT_RESOLVER_START_DATA, tr) ||
      curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, trace_cb_opensocket) ||
      curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, tr) ||
      curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, trace_cb_prereq) ||
      curl_easy_setopt(e, CURLOPT_PREREQDATA, tr) ||
      curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, trace_cb_header) ||
      curl_easy_setopt(e, CURLOPT_HEADERDATA, tr) ||
      curl_easy_setopt(e, CURLOPT_ERRORBUFFER, tr->errbuf))
    return -1;
  if (curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, trace_cb_ssl_ctx) == CURLE_OK)
    curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, tr);
  return 0;
}

static void restore_debug(ht_trace *tr) {
  curl_easy_setopt(tr->easy, CURLOPT_DEBUGFUNCTION, tr->app.debug);
  curl_easy_setopt(tr->easy, CURLOPT_DEBUGDATA, tr->app.debug_data);
  curl_easy_setopt(tr->easy, CURLOPT_VERBOSE, tr->app.verbose);
}

CURLcode ht_set_precise(ht_trace *tr, int on) {
  if (!tr) return CURLE_BAD_FUNCTION_ARGUMENT;
  if (!on) {
    if (tr->precise) restore_debug(tr);
    tr->precise = 0;
    return CURLE_OK;
  }
  CURLcode rc = curl_easy_setopt(tr->easy, CURLOPT_DEBUGFUNCTION, trace_cb_debug);
  if (!rc) rc = curl_easy_setopt(tr->easy, CURLOPT_DEBUGDATA, tr);
  if (!rc) rc = curl_easy_setopt(tr->easy, CURLOPT_VERBOSE, 1L);
  tr->precise = rc == CURLE_OK;
  if (rc) restore_debug(tr);
  return rc;
}

/* Puts back what the application gave through ht_setopt (NULL = default). */
static void restore(ht_trace *tr) {
  CURL *e = tr->easy;
  const ht_app_callbacks *a = &tr->app;
  curl_easy_setopt(e, CURLOPT_RESOLVER_START_FUNCTION, a->resolver_start);
  curl_easy_setopt(e, CURLOPT_RESOLVER_START_DATA, a->resolver_start_data);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, a->opensocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, a->opensocket_data);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, a->prereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, a->prereq_data);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, a->header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, a->header_data);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, tr->app_errbuf);
  curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, a->ssl_ctx);
  curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, a->ssl_ctx_data);
  if (tr->precise) restore_debug(tr);
}

static void set_hooks(ht_trace *tr, const ht_hooks *h) {
  const ht_hook_fn list[HT_EVENT_COUNT] = {
      h->request_start, h->dns_start,     h->dns_done,      h->connect_start, h->connect_done,
      h->tls_start,     h->tls_done,      h->got_conn,      h->wrote_headers, h->wrote_request,
      h->got_1xx,       h->first_byte,    h->redirect,      h->done,          h->get_conn,
      h->put_idle_conn, h->wrote_header_field, h->wait_100_continue, h->got_100_continue};
  for (int i = 0; i < HT_EVENT_COUNT; i++) tr->hook[i] = list[i];
}

ht_trace *ht_attach(CURL *easy, const ht_hooks *hooks, void *user) {
  if (!easy || !hooks) return NULL;
  ht_trace *tr = calloc(1, sizeof *tr);
  if (!tr) return NULL;
  tr->easy = easy;
  tr->user = user;
  tr->next_id = 1;
  set_hooks(tr, hooks);
  trace_tls_load(&tr->tls);
  if (install(tr) != 0) {
    restore(tr);
    free(tr);
    return NULL;
  }
  return tr;
}

void ht_detach(ht_trace *tr) {
  if (!tr) return;
  restore(tr);
  free(tr);
}

CURL *ht_easy(const ht_trace *tr) { return tr ? tr->easy : NULL; }

void ht_set_next_id(ht_trace *tr, uint64_t id) {
  if (tr) tr->next_id = id;
}

/* Keeps a chained option; returns 1 if opt is one the tracer owns. */
static int keep_pointer(ht_trace *tr, CURLoption opt, void *p) {
  ht_app_callbacks *a = &tr->app;
  switch (opt) {
  case CURLOPT_RESOLVER_START_DATA: a->resolver_start_data = p; return 1;
  case CURLOPT_OPENSOCKETDATA: a->opensocket_data = p; return 1;
  case CURLOPT_PREREQDATA: a->prereq_data = p; return 1;
  case CURLOPT_SSL_CTX_DATA: a->ssl_ctx_data = p; return 1;
  case CURLOPT_HEADERDATA: a->header_data = p; return 1;
  case CURLOPT_ERRORBUFFER: tr->app_errbuf = p; return 1;
  case CURLOPT_DEBUGDATA: a->debug_data = p; return tr->precise;
  case CURLOPT_STDERR: a->stderr_file = p; return 0; /* libcurl uses it too */
  default: return 0;
  }
}

typedef void (*any_fn)(void);

/* Keeps a chained callback; returns 1 if the tracer's stays installed. */
static int keep_function(ht_trace *tr, CURLoption opt, any_fn f) {
  ht_app_callbacks *a = &tr->app;
  switch (opt) {
  case CURLOPT_RESOLVER_START_FUNCTION: a->resolver_start = (curl_resolver_start_callback)f; return 1;
  case CURLOPT_OPENSOCKETFUNCTION: a->opensocket = (curl_opensocket_callback)f; return 1;
  case CURLOPT_PREREQFUNCTION: a->prereq = (curl_prereq_callback)f; return 1;
  case CURLOPT_SSL_CTX_FUNCTION: a->ssl_ctx = (curl_ssl_ctx_callback)f; return 1;
  case CURLOPT_HEADERFUNCTION: a->header = (curl_write_callback)f; return 1;
  case CURLOPT_WRITEFUNCTION: a->write = (curl_write_callback)f; return 0; /* not ours */
  case CURLOPT_DEBUGFUNCTION: a->debug = (curl_debug_callback)f; return tr->precise;
  default: return 0;
  }
}

CURLcode ht_setopt(ht_trace *tr, CURLoption opt, ...) {
  if (!tr) return CURLE_BAD_FUNCTION_ARGUMENT;
  va_list ap;
  CURLcode rc = CURLE_OK;
  va_start(ap, opt);
  if (opt == CURLOPT_VERBOSE) {
    tr->app.verbose = va_arg(ap, long);
    if (!tr->precise) rc = curl_easy_setopt(tr->easy, opt, tr->app.verbose);
  } else if (opt < CURLOPTTYPE_OBJECTPOINT) {
    rc = curl_easy_setopt(tr->easy, opt, va_arg(ap, long));
  } else if (opt < CURLOPTTYPE_FUNCTIONPOINT || (opt >= CURLOPTTYPE_BLOB && opt < 50000)) {
    void *p = va_arg(ap, void *);
    if (!keep_pointer(tr, opt, p)) rc = curl_easy_setopt(tr->easy, opt, p);
  } else if (opt < CURLOPTTYPE_OFF_T) {
    any_fn f = va_arg(ap, any_fn);
    if (!keep_function(tr, opt, f)) rc = curl_easy_setopt(tr->easy, opt, f);
  } else {
    rc = curl_easy_setopt(tr->easy, opt, va_arg(ap, curl_off_t));
  }
  va_end(ap);
  return rc;
}
