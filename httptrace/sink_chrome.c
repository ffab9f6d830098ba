/* sink_chrome.c: Chrome/Perfetto trace-event JSON
 * ({"traceEvents":[...]}, "X" complete slices in microseconds).
 * Invariant: each request is its own track (tid = request id), holding one
 * slice for the request and, nested inside it, one slice per phase of each
 * hop; phases of a hop never overlap, so slices on a track nest as the
 * format requires (get_conn, from the hop's start to got_conn, holds the
 * dns, connect and tls slices). Slices are written when a hop ends (redirect, done), so
 * the sink keeps no per-request state; a mutex makes it usable from the
 * load threads. Timestamps are relative to the first request seen. */
#include "buf.h"
#include "httptrace.h"

#include <pthread.h>
#include <stdlib.h>

struct ht_chrome {
  FILE *out;
  pthread_mutex_t lock;
  int64_t origin;
  int any, failed;
};

ht_chrome *ht_chrome_open(FILE *out) {
  ht_chrome *ch = calloc(1, sizeof *ch);
  if (!ch) return NULL;
  ch->out = out;
  ch->origin = -1;
  pthread_mutex_init(&ch->lock, NULL);
  if (fputs("{\"traceEvents\":[\n", out) < 0) ch->failed = 1;
  return ch;
}

static void emit(ht_chrome *ch, const char *text, size_t len) {
  if (ch->any && fputs(",\n", ch->out) < 0) ch->failed = 1;
  if (fwrite(text, 1, len, ch->out) != len) ch->failed = 1;
  ch->any = 1;
}

static void slice(ht_chrome *ch, const ht_event *ev, const char *name, int64_t at, int64_t dur) {
  char text[256];
  ht_buf b = {text, sizeof text, 0};
  if (at < 0) return;
  buf_printf(&b,
             "{\"name\":\"%s\",\"cat\":\"http\",\"ph\":\"X\",\"ts\":%lld,\"dur\":%lld,"
             "\"pid\":1,\"tid\":%llu,\"args\":{\"hop\":%d}}",
             name, (long long)(ev->start_us - ch->origin + at), (long long)dur,
             (unsigned long long)ev->req, ev->hop);
  if (b.len < sizeof text) emit(ch, text, b.len);
}

static void hop_slices(ht_chrome *ch, const ht_event *ev) {
  const ht_phases *p = &ev->phases;
  if (p->got_conn_at >= p->hop_at) slice(ch, ev, "get_conn", p->hop_at, p->got_conn_at - p->hop_at);
  slice(ch, ev, "dns", p->dns_at, p->dns);
  slice(ch, ev, "connect", p->connect_at, p->connect);
  slice(ch, ev, "tls", p->tls_at, p->tls);
  slice(ch, ev, "server", p->server_at, p->server);
  slice(ch, ev, "transfer", p->transfer_at, p->transfer);
}

/* The request slice and the track's name, at done. */
static void request_slice(ht_chrome *ch, const ht_event *ev) {
  char text[1024];
  ht_buf b = {text, sizeof text, 0};
  buf_printf(&b,
             "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%llu,"
             "\"args\":{\"name\":\"request %llu\"}},\n",
             (unsigned long long)ev->req, (unsigned long long)ev->req);
  buf_printf(&b,
             "{\"name\":\"request\",\"cat\":\"http\",\"ph\":\"X\",\"ts\":%lld,\"dur\":%lld,"
             "\"pid\":1,\"tid\":%llu,\"args\":{\"status\":%ld,\"bytes\":%lld,\"error\":",
             (long long)(ev->start_us - ch->origin), (long long)ev->total_us,
             (unsigned long long)ev->req, ev->status, (long long)ev->bytes);
  buf_json_string(&b, ev->error_msg);
  buf_printf(&b, "}}");
  if (b.len < sizeof text) emit(ch, text, b.len);
}

void ht_chrome_sink(const ht_event *ev, void *chrome) {
  ht_chrome *ch = chrome;
  if (ev->kind != HT_REDIRECT && ev->kind != HT_DONE) return;
  pthread_mutex_lock(&ch->lock);
  if (ch->origin < 0) ch->origin = ev->start_us;
  if (ev->kind == HT_DONE) request_slice(ch, ev);
  hop_slices(ch, ev);
  pthread_mutex_unlock(&ch->lock);
}

int ht_chrome_close(ht_chrome *ch) {
  if (!ch) return -1;
  if (fprintf(ch->out, "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"v\":%d}}\n",
              HT_EVENT_VERSION) < 0)
    ch->failed = 1;
  int rc = ch->failed ? -1 : 0;
  pthread_mutex_destroy(&ch->lock);
  free(ch);
  return rc;
}
