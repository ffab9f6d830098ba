/* ht_conns_test.c: the idle-connection table behind got_conn's was_idle and
 * idle_us (httptrace/conns.c), driven directly: tracers that share a table
 * see the connections each other put idle; HTTP/1 returns that come after
 * another transfer took the connection are stale; HTTP/2 connections are
 * idle only when no transfer uses them. No network: the easy handles never
 * run a transfer. */
#include "internal.h"
#include "tap.h"

#include <string.h>

static ht_trace *tracer(void) {
  ht_hooks hooks = {0};
  return ht_attach(curl_easy_init(), &hooks, NULL);
}

static void drop(ht_trace *tr) {
  CURL *e = ht_easy(tr);
  ht_detach(tr);
  curl_easy_cleanup(e);
}

static ht_event take(ht_trace *tr, uint64_t req, const char *key, int reused, int mux, int64_t now) {
  ht_event ev = {0};
  tr->req = req;
  conns_taken(tr, key, reused, mux, now, &ev);
  return ev;
}

static void shared_http1(void) {
  ht_conns *table = ht_conns_new(4);
  ht_trace *a = tracer(), *b = tracer(), *lone = tracer();
  ht_share_conns(a, table);
  ht_share_conns(b, table);
  ht_event ev = take(a, 1, "127.0.0.1:5000", 0, 0, 1000);
  ok(!ev.was_idle && ev.idle_us == -1, "a new connection was not idle");
  conns_returned(a, "127.0.0.1:5000", 1, 2000);
  ev = take(b, 7, "127.0.0.1:5000", 1, 0, 2500);
  ok(ev.was_idle && ev.idle_us == 500, "shared: B takes what A put idle, idle 500 us (%lld)", (long long)ev.idle_us);
  ev = take(lone, 9, "127.0.0.1:5000", 1, 0, 2500);
  ok(ev.was_idle && ev.idle_us == -1, "not shared: reused HTTP/1 was idle, for a time unknown");
  /* A's next request takes it, then B's late return of request 7 comes */
  ev = take(a, 2, "127.0.0.1:5000", 1, 0, 3000);
  ok(ev.was_idle && ev.idle_us == -1, "taken before the last user's return was seen: idle time unknown");
  conns_returned(b, "127.0.0.1:5000", 1, 3100);
  ev = take(b, 8, "127.0.0.1:5000", 1, 0, 3200);
  is_int(ev.idle_us, -1, "a stale return (B, request 7) does not mark A's connection idle");
  conns_returned(b, "127.0.0.1:5000", 1, 4000);
  ev = take(a, 3, "127.0.0.1:5000", 1, 0, 4250);
  is_int(ev.idle_us, 250, "the owner's return counts");
  conns_returned(a, "127.0.0.1:5000", 0, 5000);
  ev = take(b, 9, "127.0.0.1:5000", 0, 0, 6000);
  ok(!ev.was_idle && ev.idle_us == -1, "a closed connection is forgotten (its port may come back)");
  drop(a), drop(b), drop(lone);
  ht_conns_free(table);
}

static void shared_http2(void) {
  ht_conns *table = ht_conns_new(4);
  ht_trace *a = tracer(), *b = tracer();
  ht_share_conns(a, table);
  ht_share_conns(b, table);
  take(a, 1, "[::1]:6000", 0, 1, 100);
  ht_event ev = take(b, 2, "[::1]:6000", 1, 1, 150);
  ok(!ev.was_idle, "HTTP/2: reused while A's stream runs: not idle");
  conns_returned(a, "[::1]:6000", 1, 200);
  conns_returned(b, "[::1]:6000", 1, 300);
  ev = take(a, 3, "[::1]:6000", 1, 1, 1300);
  ok(ev.was_idle && ev.idle_us == 1000, "HTTP/2: idle since the last stream ended (%lld)", (long long)ev.idle_us);
  drop(a), drop(b);
  ht_conns_free(table);
}

/* Many connections in a small table: each is found again while it fits. */
static void many(void) {
  ht_conns *table = ht_conns_new(1);
  ht_trace *a = tracer();
  ht_share_conns(a, table);
  char key[32];
  for (int i = 0; i < 16; i++) {
    snprintf(key, sizeof key, "10.0.0.1:%d", 40000 + i);
    take(a, (uint64_t)i + 1, key, 0, 0, 10);
    conns_returned(a, key, 1, 20);
  }
  int found = 0;
  for (int i = 0; i < 16; i++) {
    snprintf(key, sizeof key, "10.0.0.1:%d", 40000 + i);
    found += take(a, 100 + (uint64_t)i, key, 1, 0, 30).idle_us == 10;
  }
  is_int(found, 16, "16 connections in the smallest table: all found again");
  drop(a);
  ht_conns_free(table);
}

int main(void) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  shared_http1();
  shared_http2();
  many();
  curl_global_cleanup();
  return tap_done();
}
