/* httptrace_one.c: trace one URL. Prints the httpstat-style bar per hop, or
 * with --json the event stream; --chrome writes a Perfetto trace.
 * Invariant: on failure exactly one line goes to stderr naming the phase
 * that was running and curl's message, and the exit status is 1. */
#include "httptrace_cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct one_run {
  const ht_options *opts;
  ht_chrome *chrome;
  const char *phase;  /* the phase that began last */
  int color;
} one_run;

/* Which phase an event starts; NULL when it starts none. */
static const char *phase_of(ht_event_kind kind) {
  switch (kind) {
  case HT_REQUEST_START: return "request setup";
  case HT_DNS_START: return "DNS lookup";
  case HT_CONNECT_START: return "TCP connection";
  case HT_TLS_START: return "TLS handshake";
  case HT_GOT_CONN: return "sending the request";
  case HT_WROTE_REQUEST: return "server processing";
  case HT_FIRST_BYTE: return "content transfer";
  default: return NULL;
  }
}

static void print_hop(one_run *run, const ht_event *ev) {
  if (ev->kind == HT_REDIRECT)
    printf("\nHop %d: %ld -> %s\n", ev->hop + 1, ev->status, ev->location);
  else if (ev->hop > 0)
    printf("\nHop %d: %ld, %lld bytes\n", ev->hop + 1, ev->status, (long long)ev->bytes);
  else
    printf("\nHTTP/%s %ld, %lld bytes\n", ev->http_version ? ev->http_version : "?", ev->status,
           (long long)ev->bytes);
  ht_summary_write(stdout, ev, run->color);
}

static void on_event(const ht_event *ev, void *user) {
  one_run *run = user;
  const char *phase = phase_of(ev->kind);
  if (phase) run->phase = phase;
  if (run->opts->json) ht_json_sink(ev, stdout);
  if (run->chrome) ht_chrome_sink(ev, run->chrome);
  if (run->opts->json) return;
  if (ev->kind == HT_GOT_CONN)
    printf("Connected to %s from %s%s\n", ev->remote, ev->local, ev->reused ? " (reused)" : "");
  if ((ev->kind == HT_REDIRECT && run->opts->follow) || (ev->kind == HT_DONE && !ev->error))
    print_hop(run, ev);
  if (ev->kind == HT_DONE && ev->error)
    fprintf(stderr, "httptrace: %s failed: %s (curl error %d)\n", run->phase, ev->error_msg,
            ev->error);
}

static size_t discard(char *buf, size_t size, size_t n, void *user) {
  (void)buf;
  (void)user;
  return size * n;
}

static int perform(one_run *run, CURL *easy, FILE *body) {
  ht_hooks hooks;
  ht_hooks_all(&hooks, on_event);
  ht_trace *tr = ht_attach(easy, &hooks, run);
  if (!tr) {
    fputs("httptrace: cannot attach the tracer (out of memory)\n", stderr);
    return 1;
  }
  /* one request: afford the live connect/write events; -v is the user's
   * own verbose output, so it goes through ht_setopt (see docs/httptrace.md) */
  if (ht_set_precise(tr, 1) != CURLE_OK || ht_setopt(tr, CURLOPT_VERBOSE, (long)run->opts->verbose))
    fputs("httptrace: precise mode unavailable, some events are derived\n", stderr);
  if (body)
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, body);
  else
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = ht_perform(tr);
  ht_detach(tr);
  return rc == CURLE_OK ? 0 : 1;
}

static int open_outputs(one_run *run, FILE **body, FILE **chrome_file) {
  const ht_options *o = run->opts;
  if (o->output && !(*body = fopen(o->output, "wb"))) {
    fprintf(stderr, "httptrace: -o %s: cannot open for writing\n", o->output);
    return 1;
  }
  if (!o->chrome) return 0;
  if (!(*chrome_file = fopen(o->chrome, "w"))) {
    fprintf(stderr, "httptrace: --chrome %s: cannot open for writing\n", o->chrome);
    return 1;
  }
  if (!(run->chrome = ht_chrome_open(*chrome_file))) {
    fputs("httptrace: --chrome: out of memory\n", stderr);
    return 1;
  }
  return 0;
}

static int close_outputs(one_run *run, FILE *body, FILE *chrome_file) {
  int rc = 0;
  if (body && fclose(body) != 0) {
    fprintf(stderr, "httptrace: -o %s: write failed\n", run->opts->output);
    rc = 1;
  }
  if (run->chrome && ht_chrome_close(run->chrome) != 0) rc = 1;
  if (chrome_file && fclose(chrome_file) != 0) rc = 1;
  if (rc && run->chrome) fprintf(stderr, "httptrace: --chrome %s: write failed\n", run->opts->chrome);
  return rc;
}

int cli_run_one(const ht_options *opts) {
  one_run run = {.opts = opts, .phase = "request setup", .color = isatty(1)};
  FILE *body = NULL, *chrome_file = NULL;
  int failed = 0, rc = 1;
  CURL *easy = curl_easy_init();
  struct curl_slist *headers = cli_header_list(opts, &failed);
  if (!easy || failed || cli_apply(easy, opts, headers) != 0) {
    fputs("httptrace: cannot set up the request (bad option value or out of memory)\n", stderr);
  } else if (open_outputs(&run, &body, &chrome_file) == 0) {
    rc = perform(&run, easy, body);
  }
  if (close_outputs(&run, body, chrome_file) != 0 && rc == 0) rc = 1;
  curl_slist_free_all(headers);
  if (easy) curl_easy_cleanup(easy);
  return rc;
}
