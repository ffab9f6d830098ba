/* ht_attach_test.c: the tracer on real transfers, against the servers that
 * tests/httptrace_lib.t starts (HT_TEST_URL: nginx HTTP/1.1, HT_TEST_TLS_URL:
 * nginx HTTPS+HTTP/2); skips without them.
 * Checks: the application's callbacks set through ht_setopt are all called
 * and their results respected; no output the application did not ask for;
 * detach restores; many requests over concurrent handles in one multi keep
 * per-request order (request_start first, done last, t_us non-decreasing). */
#include "httptrace.h"
#include "tap.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct counts {
  int events[HT_EVENT_COUNT];
  int headers, bodies, sockets, prereqs, resolves, ctxs, infos;
  uint64_t last_req;
  int64_t last_t;
  int order_errors;
} counts;

static void count_event(const ht_event *ev, void *user) {
  counts *c = user;
  c->events[ev->kind]++;
  if (ev->kind == HT_REQUEST_START) {
    if (c->last_req == ev->req) c->order_errors++;
    c->last_req = ev->req;
    c->last_t = 0;
  } else if (ev->req != c->last_req || ev->t_us < c->last_t) {
    c->order_errors++;
  }
  c->last_t = ev->t_us;
}

static size_t app_header(char *b, size_t s, size_t n, void *u) { return ((counts *)u)->headers++, s * n; }
static size_t app_write(char *b, size_t s, size_t n, void *u) { return ((counts *)u)->bodies++, s * n; }
static int app_prereq(void *u, char *a, char *b, int c, int d) { return ((counts *)u)->prereqs++, 0; }
static int app_resolve(void *a, void *b, void *u) { return ((counts *)u)->resolves++, 0; }
static curl_socket_t app_socket(void *u, curlsocktype p, struct curl_sockaddr *a) {
  ((counts *)u)->sockets++;
  return socket(a->family, a->socktype, a->protocol);
}
/* OpenSSL through dlsym, with opaque types: the test links only libcurl and
 * needs no OpenSSL headers, like the library. */
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
static void *ssl_fn(const char *name) { return dlsym(RTLD_DEFAULT, name); }

static void app_info(const SSL *ssl, int where, int ret) {
  SSL_CTX *(*get_ctx)(const SSL *) = (SSL_CTX * (*)(const SSL *)) ssl_fn("SSL_get_SSL_CTX");
  void *(*get_ex)(const SSL_CTX *, int) = (void *(*)(const SSL_CTX *, int))ssl_fn("SSL_CTX_get_ex_data");
  counts *c = get_ex(get_ctx(ssl), 1);
  if (c) c->infos++;
}

static CURLcode app_ssl_ctx(CURL *e, void *ctx, void *u) {
  int (*set_ex)(SSL_CTX *, int, void *) = (int (*)(SSL_CTX *, int, void *))ssl_fn("SSL_CTX_set_ex_data");
  void (*set_info)(SSL_CTX *, void (*)(const SSL *, int, int)) =
      (void (*)(SSL_CTX *, void (*)(const SSL *, int, int)))ssl_fn("SSL_CTX_set_info_callback");
  ((counts *)u)->ctxs++;
  set_ex(ctx, 1, u);
  set_info(ctx, app_info);
  return CURLE_OK;
}

/* An application that keeps its own pointer in the SSL_CTX app-data slot. */
static int derived_tls_done;
static void note_tls_done(const ht_event *ev, void *user) {
  if (ev->kind == HT_TLS_DONE) derived_tls_done = ev->derived;
}
static CURLcode app_ssl_ctx_app_data(CURL *e, void *ctx, void *u) {
  int (*set_ex)(SSL_CTX *, int, void *) = (int (*)(SSL_CTX *, int, void *))ssl_fn("SSL_CTX_set_ex_data");
  set_ex(ctx, 0, u);
  return CURLE_OK;
}

static void app_data_kept(const char *url) {
  ht_hooks hooks;
  ht_hooks_all(&hooks, note_tls_done);
  CURL *e = curl_easy_init();
  ht_trace *tr = ht_attach(e, &hooks, NULL);
  static int mine;
  ht_setopt(tr, CURLOPT_SSL_CTX_FUNCTION, app_ssl_ctx_app_data);
  ht_setopt(tr, CURLOPT_SSL_CTX_DATA, &mine);
  ht_setopt(tr, CURLOPT_URL, url);
  ht_setopt(tr, CURLOPT_SSL_VERIFYPEER, 0L);
  ht_setopt(tr, CURLOPT_SSL_VERIFYHOST, 0L);
  ht_setopt(tr, CURLOPT_WRITEFUNCTION, app_write);
  counts sink = {0};
  ht_setopt(tr, CURLOPT_WRITEDATA, &sink);
  ok(ht_perform(tr) == CURLE_OK, "app data slot taken by the app: transfer works");
  is_int(derived_tls_done, 1, "app data slot taken by the app: TLS events derived, slot untouched");
  ht_detach(tr);
  curl_easy_cleanup(e);
}

static void set_app_callbacks(ht_trace *tr, counts *app) {
  ht_setopt(tr, CURLOPT_HEADERFUNCTION, app_header);
  ht_setopt(tr, CURLOPT_HEADERDATA, app);
  ht_setopt(tr, CURLOPT_WRITEFUNCTION, app_write);
  ht_setopt(tr, CURLOPT_WRITEDATA, app);
  ht_setopt(tr, CURLOPT_PREREQFUNCTION, app_prereq);
  ht_setopt(tr, CURLOPT_PREREQDATA, app);
  ht_setopt(tr, CURLOPT_RESOLVER_START_FUNCTION, app_resolve);
  ht_setopt(tr, CURLOPT_RESOLVER_START_DATA, app);
  ht_setopt(tr, CURLOPT_OPENSOCKETFUNCTION, app_socket);
  ht_setopt(tr, CURLOPT_OPENSOCKETDATA, app);
  ht_setopt(tr, CURLOPT_SSL_CTX_FUNCTION, app_ssl_ctx);
  ht_setopt(tr, CURLOPT_SSL_CTX_DATA, app);
}

static void chaining(const char *url, int tls) {
  counts app = {0}, ev = {0};
  ht_hooks hooks;
  ht_hooks_all(&hooks, count_event);
  CURL *e = curl_easy_init();
  ht_trace *tr = ht_attach(e, &hooks, &ev);
  set_app_callbacks(tr, &app);
  ht_setopt(tr, CURLOPT_URL, url);
  ht_setopt(tr, CURLOPT_SSL_VERIFYPEER, 0L);
  ht_setopt(tr, CURLOPT_SSL_VERIFYHOST, 0L);
  ok(ht_perform(tr) == CURLE_OK, "%s: perform with the app's callbacks chained", url);
  ok(app.headers >= 2 && app.bodies >= 1 && app.prereqs == 1 && app.resolves == 1 &&
         app.sockets >= 1, "%s: the app's header, write, prereq, resolver, socket callbacks ran", url);
  if (tls) ok(app.ctxs == 1 && app.infos > 0, "TLS: the app's SSL_CTX and info callbacks ran");
  is_int(ev.events[HT_DONE], 1, "one done");
  is_int(ev.events[HT_TLS_DONE], tls, "tls_done when TLS");
  is_int(ev.order_errors, 0, "events in order");
  ht_detach(tr);
  counts before = app;
  int events_before = ev.events[HT_DONE];
  ok(curl_easy_perform(e) == CURLE_OK, "perform after detach");
  ok(app.headers > before.headers && app.prereqs == before.prereqs + 1,
     "after detach the app's callbacks are back in place");
  is_int(ev.events[HT_DONE], events_before, "after detach no events");
  curl_easy_cleanup(e);
}

/* Tracing alone must not make libcurl write anything to stderr. */
static void no_verbose_leak(const char *url) {
  char path[] = "/tmp/ht_attach_test.XXXXXX";
  int fd = mkstemp(path);
  FILE *err = fdopen(fd, "w+");
  counts ev = {0};
  ht_hooks hooks;
  ht_hooks_all(&hooks, count_event);
  CURL *e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_STDERR, err);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, app_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &ev);
  ht_trace *tr = ht_attach(e, &hooks, &ev);
  ht_setopt(tr, CURLOPT_URL, url);
  ht_perform(tr);
  fflush(err);
  is_int(ftell(err), 0, "no verbose output the application did not ask for");
  ht_detach(tr);
  curl_easy_cleanup(e);
  fclose(err);
  unlink(path);
}

/* Derived mode over TLS: libcurl loads the CA store and builds the SSL
 * context between the TCP connection and the client hello, and publishes
 * CONNECT_TIME only after TLS. connect_done must still mark the TCP
 * connection: before the application's SSL_CTX callback runs, which comes
 * before the first handshake message. Order only, no durations. */
typedef struct tls_order {
  int64_t connect_done, tls_start, tls_done, got_conn, ctx_at;
  int order_errors, derived_connect;
  counts ev;
} tls_order;

static int64_t mono_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
static void note_tls_order(const ht_event *ev, void *user) {
  tls_order *o = user;
  int64_t at = ev->start_us + ev->t_us;
  count_event(ev, &o->ev);
  if (ev->kind == HT_CONNECT_DONE) o->connect_done = at, o->derived_connect = ev->derived;
  if (ev->kind == HT_TLS_START) o->tls_start = at;
  if (ev->kind == HT_TLS_DONE) o->tls_done = at;
  if (ev->kind == HT_GOT_CONN) o->got_conn = at;
}
static CURLcode app_ssl_ctx_time(CURL *e, void *ctx, void *u) {
  ((tls_order *)u)->ctx_at = mono_us();
  return CURLE_OK;
}

static void derived_tls_connect(const char *url) {
  tls_order o = {0};
  ht_hooks hooks;
  ht_hooks_all(&hooks, note_tls_order);
  CURL *e = curl_easy_init();
  ht_trace *tr = ht_attach(e, &hooks, &o);
  ht_setopt(tr, CURLOPT_SSL_CTX_FUNCTION, app_ssl_ctx_time);
  ht_setopt(tr, CURLOPT_SSL_CTX_DATA, &o);
  ht_setopt(tr, CURLOPT_URL, url);
  ht_setopt(tr, CURLOPT_SSL_VERIFYPEER, 0L);
  ht_setopt(tr, CURLOPT_SSL_VERIFYHOST, 0L);
  ht_setopt(tr, CURLOPT_WRITEFUNCTION, app_write);
  ht_setopt(tr, CURLOPT_WRITEDATA, &o.ev);
  ok(ht_perform(tr) == CURLE_OK, "derived TLS: transfer works");
  is_int(o.derived_connect, 1, "derived TLS: connect_done is derived (no precise mode)");
  ok(o.connect_done > 0 && o.connect_done < o.ctx_at,
     "derived TLS: connect_done before the SSL context is set up (%lld us before)",
     (long long)(o.ctx_at - o.connect_done));
  ok(o.ctx_at <= o.tls_start && o.tls_start <= o.tls_done && o.tls_done <= o.got_conn,
     "derived TLS: SSL context, tls_start, tls_done, got_conn in that order");
  is_int(o.ev.order_errors, 0, "derived TLS: events raised in order");
  ht_detach(tr);
  curl_easy_cleanup(e);
}

/* Plain curl_easy_perform: request_start comes from the first callback,
 * done from ht_finish. */
static void plain_perform(const char *url) {
  counts ev = {0};
  ht_hooks hooks;
  ht_hooks_all(&hooks, count_event);
  CURL *e = curl_easy_init();
  ht_trace *tr = ht_attach(e, &hooks, &ev);
  ht_setopt(tr, CURLOPT_URL, url);
  ht_setopt(tr, CURLOPT_WRITEFUNCTION, app_write);
  ht_setopt(tr, CURLOPT_WRITEDATA, &ev);
  for (int i = 0; i < 3; i++) ht_finish(tr, curl_easy_perform(e));
  is_int(ev.events[HT_REQUEST_START], 3, "plain perform: request_start from the first callback");
  is_int(ev.events[HT_DONE], 3, "plain perform: done from ht_finish");
  is_int(ev.events[HT_CONNECT_START], 1, "plain perform: one connection, reused");
  is_int(ev.order_errors, 0, "plain perform: order holds");
  ht_detach(tr);
  curl_easy_cleanup(e);
}

/* Precise mode: live write events from the debug stream, which the app sees
 * only once it sets VERBOSE itself. */
static int debug_calls, live_writes;
static int app_debug(CURL *e, curl_infotype t, char *d, size_t n, void *u) {
  debug_calls++;
  return 0;
}
static void note_live_write(const ht_event *ev, void *user) {
  if (ev->kind == HT_WROTE_HEADERS && !ev->derived) live_writes++;
}

static void precise_mode(const char *url) {
  ht_hooks hooks;
  ht_hooks_all(&hooks, note_live_write);
  CURL *e = curl_easy_init();
  counts sink = {0};
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, app_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(e, CURLOPT_URL, url);
  ht_trace *tr = ht_attach(e, &hooks, NULL);
  ok(ht_set_precise(tr, 1) == CURLE_OK, "precise mode on");
  ht_setopt(tr, CURLOPT_DEBUGFUNCTION, app_debug);
  ht_perform(tr);
  is_int(live_writes, 1, "precise: wrote_headers stamped live");
  is_int(debug_calls, 0, "precise: no debug output the app did not ask for");
  ht_setopt(tr, CURLOPT_VERBOSE, 1L);
  ht_perform(tr);
  ok(debug_calls > 0, "precise: the app's debug function once it set VERBOSE");
  ht_detach(tr);
  int before = debug_calls;
  curl_easy_perform(e);
  ok(debug_calls > before, "after detach the app's DEBUGFUNCTION and VERBOSE stay");
  curl_easy_cleanup(e);
}

/* One traced handle used by one thread after another, and two traced
 * handles on two threads at once: the tracer has no shared state. */
static void *perform_twice(void *arg) {
  ht_trace *tr = arg;
  for (int i = 0; i < 2; i++) ht_perform(tr);
  return NULL;
}

static ht_trace *counted_handle(const char *url, counts *ev) {
  ht_hooks hooks;
  ht_hooks_all(&hooks, count_event);
  CURL *e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, app_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, ev);
  return ht_attach(e, &hooks, ev);
}

static void threads(const char *url) {
  counts a = {0}, b = {0};
  ht_trace *ta = counted_handle(url, &a), *tb = counted_handle(url, &b);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, perform_twice, ta);
  pthread_create(&t2, NULL, perform_twice, tb);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  pthread_create(&t1, NULL, perform_twice, ta); /* ta moves to another thread */
  pthread_join(t1, NULL);
  is_int(a.events[HT_DONE], 4, "threads: a handle moved between threads keeps tracing");
  is_int(b.events[HT_DONE], 2, "threads: two handles on two threads at once");
  is_int(a.order_errors + b.order_errors, 0, "threads: order holds");
  for (int i = 0; i < 2; i++) {
    ht_trace *tr = i ? tb : ta;
    CURL *e = ht_easy(tr);
    ht_detach(tr);
    curl_easy_cleanup(e);
  }
}

enum { HANDLES = 8, PER_HANDLE = 25 };

typedef struct multi_slot {
  ht_trace *tr;
  counts ev;
  int left;
} multi_slot;

static void run_multi(CURLM *m, multi_slot *slots) {
  int running = 1;
  while (running) {
    curl_multi_perform(m, &running);
    CURLMsg *msg;
    int q;
    while ((msg = curl_multi_info_read(m, &q))) {
      multi_slot *s;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
      CURLcode rc = msg->data.result;
      ht_finish(s->tr, rc); /* before removing: put_idle_conn reads the multi's pool */
      curl_multi_remove_handle(m, msg->easy_handle);
      if (--s->left > 0) ht_multi_add(s->tr, m), running = 1;
    }
    if (running) curl_multi_poll(m, NULL, 0, 100, NULL);
  }
}

static void concurrent_multi(const char *url) {
  CURLM *m = curl_multi_init();
  multi_slot slots[HANDLES] = {{0}};
  ht_hooks hooks;
  ht_hooks_all(&hooks, count_event);
  for (int i = 0; i < HANDLES; i++) {
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, app_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &slots[i].ev);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &slots[i]);
    slots[i].tr = ht_attach(e, &hooks, &slots[i].ev);
    ht_set_next_id(slots[i].tr, 1000 * (uint64_t)(i + 1));
    slots[i].left = PER_HANDLE;
    ht_multi_add(slots[i].tr, m);
  }
  run_multi(m, slots);
  int done = 0, starts = 0, order = 0, reused = 0;
  for (int i = 0; i < HANDLES; i++) {
    done += slots[i].ev.events[HT_DONE];
    starts += slots[i].ev.events[HT_REQUEST_START];
    order += slots[i].ev.order_errors;
    reused += slots[i].ev.events[HT_GOT_CONN] - slots[i].ev.events[HT_CONNECT_START];
    CURL *e = ht_easy(slots[i].tr);
    ht_detach(slots[i].tr);
    curl_easy_cleanup(e);
  }
  curl_multi_cleanup(m);
  is_int(done, HANDLES * PER_HANDLE, "multi: every request has its done");
  is_int(starts, HANDLES * PER_HANDLE, "multi: every request has its request_start");
  is_int(order, 0, "multi: per-request order holds");
  ok(reused > 0, "multi: connections are reused (%d)", reused);
}

int main(void) {
  const char *url = getenv("HT_TEST_URL"), *tls_url = getenv("HT_TEST_TLS_URL");
  if (!url || !tls_url) {
    /* tests/unit.t runs every unit test bare: one skipped check, not a failure */
    printf("ok 1 # SKIP HT_TEST_URL/HT_TEST_TLS_URL not set; tests/httptrace_lib.t runs this\n1..1\n");
    return 0;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  chaining(url, 0);
  chaining(tls_url, 1);
  no_verbose_leak(url);
  app_data_kept(tls_url);
  derived_tls_connect(tls_url);
  plain_perform(url);
  precise_mode(url);
  threads(url);
  concurrent_multi(url);
  concurrent_multi(tls_url);
  curl_global_cleanup();
  return tap_done();
}
