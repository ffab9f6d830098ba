/* httptrace_load.c: load mode: runs ht_load with the request options and
 * prints the report (text, or one JSON line with --json); live progress on
 * stderr when it is a terminal.
 * Invariant: the output files are opened before the run and closed after
 * the threads have ended, so the load threads never see a closed stream. */
#include "httptrace_cli.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct load_setup {
  const ht_options *opts;
  struct curl_slist *headers;
} load_setup;

static size_t discard(char *buf, size_t size, size_t n, void *user) {
  (void)buf;
  (void)user;
  return size * n;
}

static int setup_easy(CURL *easy, void *user) {
  load_setup *ls = user;
  if (cli_apply(easy, ls->opts, ls->headers) != 0) return -1;
  return curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard) == CURLE_OK ? 0 : -1;
}

static void progress(ht_load *ld, uint64_t *last, double dt) {
  uint64_t done, errors;
  ht_load_progress(ld, &done, &errors);
  fprintf(stderr, "\r%llu requests, %.0f/s, %llu errors   ", (unsigned long long)done,
          (double)(done - *last) / dt, (unsigned long long)errors);
  *last = done;
}

/* Polls until the run ends; the load threads do the work. */
static ht_stats *wait_with_progress(ht_load *ld, double *elapsed, int live) {
  if (live) {
    uint64_t last = 0;
    const struct timespec tick = {0, 250 * 1000 * 1000};
    while (ht_load_running(ld)) {
      nanosleep(&tick, NULL);
      progress(ld, &last, 0.25);
    }
    fputs("\n", stderr);
  }
  return ht_load_wait(ld, elapsed);
}

static FILE *open_or_complain(const char *path, const char *opt) {
  FILE *f = fopen(path, "w");
  if (!f) fprintf(stderr, "httptrace: %s %s: cannot open for writing\n", opt, path);
  return f;
}

/* The exit status the failures call for, with one line on stderr: 1 when no
 * request succeeded, or when more failed than --fail-above allows. */
static int failure_status(const ht_options *o, const ht_stats *st) {
  unsigned long long n = ht_stats_count(st), errors = ht_stats_errors(st);
  if (errors == n) {
    fprintf(stderr, "httptrace: load: no request succeeded (%llu of %llu failed)\n", errors, n);
    return 1;
  }
  double pct = 100.0 * (double)errors / (double)n;
  if (o->has_fail_above && pct > o->fail_above) {
    fprintf(stderr, "httptrace: load: %.2f%% of requests failed (%llu of %llu), above --fail-above %g%%\n",
            pct, errors, n, o->fail_above);
    return 1;
  }
  return 0;
}

static int run(const ht_options *o, load_setup *ls, FILE *csv, FILE *events, ht_chrome *chrome) {
  ht_load_config cfg = {.setup = setup_easy, .setup_user = ls, .threads = o->threads,
                        .concurrency = o->concurrency, .requests = o->requests,
                        .rate = o->rate, .duration_s = o->duration, .csv = csv,
                        .events = events, .no_trace = o->no_trace,
                        .precise = o->precise, .chrome = chrome};
  const char *err = NULL;
  if (csv) ht_csv_header(csv);
  ht_load *ld = ht_load_start(&cfg, &err);
  if (!ld) {
    fprintf(stderr, "httptrace: load: %s\n", err);
    return 1;
  }
  double elapsed = 0;
  ht_stats *st = wait_with_progress(ld, &elapsed, isatty(2));
  if (!st) {
    fputs("httptrace: load: out of memory\n", stderr);
    return 1;
  }
  int rc = 0;
  if (!o->json)
    ht_stats_write_text(stdout, st, elapsed);
  else if (ht_stats_write_json(stdout, st, elapsed) != 0)
    fputs("httptrace: load: out of memory writing the report\n", stderr), rc = 1;
  if (!rc) rc = failure_status(o, st);
  ht_stats_free(st);
  return rc;
}

int cli_run_load(const ht_options *o) {
  int failed = 0, rc = 1;
  load_setup ls = {o, cli_header_list(o, &failed)};
  FILE *csv = NULL, *events = NULL, *trace = NULL;
  ht_chrome *chrome = NULL;
  if (failed) {
    fputs("httptrace: out of memory\n", stderr);
    return 1;
  }
  if ((!o->csv || (csv = open_or_complain(o->csv, "--csv"))) &&
      (!o->events || (events = open_or_complain(o->events, "--events"))) &&
      (!o->chrome || (trace = open_or_complain(o->chrome, "--chrome")))) {
    if (trace && !(chrome = ht_chrome_open(trace)))
      fputs("httptrace: --chrome: out of memory\n", stderr);
    else
      rc = run(o, &ls, csv, events, chrome);
  }
  if (csv && fclose(csv) != 0) rc = 1;
  if (events && fclose(events) != 0) rc = 1;
  if (chrome && ht_chrome_close(chrome) != 0) rc = 1;
  if (trace && fclose(trace) != 0) rc = 1;
  curl_slist_free_all(ls.headers);
  return rc;
}
