/* stats_report.c: the load report, as text (hey-like, with percentiles per
 * phase) or as one JSON line (format version HT_EVENT_VERSION).
 * Invariant: formatting only; reads a finished ht_stats. */
#include "buf.h"
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const metric_names[HT_M_COUNT] = {"total", "dns", "connect",   "tls",
                                                     "wait",  "transfer", "conn_wait"};
static const char *const metric_labels[HT_M_COUNT] = {
    "total", "DNS lookup", "TCP connect", "TLS handshake", "wait (first byte)", "transfer",
    "wait for connection"};
/* reports list the metrics in the order a request goes through them */
static const ht_metric metric_order[HT_M_COUNT] = {HT_M_TOTAL, HT_M_CONN_WAIT, HT_M_DNS,     HT_M_CONNECT,
                                                   HT_M_TLS,   HT_M_WAIT,      HT_M_TRANSFER};
/* the per-phase table's columns */
static const double quantiles[5] = {0.5, 0.9, 0.99, 0.999, 1.0};
/* JSON: hey's percentiles, and the tail */
enum { JSON_QUANTILES = 9 };
static const double json_quantiles[JSON_QUANTILES] = {0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};
static const char *const json_quantile_keys[JSON_QUANTILES] = {"p10", "p25", "p50", "p75", "p90",
                                                               "p95", "p99", "p99_9", "max"};

static double per_sec(uint64_t n, double elapsed_s) {
  return elapsed_s > 0 ? (double)n / elapsed_s : 0.0;
}

/* hey's "Latency distribution" block, and its tail. */
static void text_distribution(FILE *out, const ht_hist *h) {
  static const char *const labels[8] = {"10", "25", "50", "75", "90", "95", "99", "99.9"};
  fprintf(out, "\nLatency distribution:\n");
  for (int q = 0; q < 8; q++)
    fprintf(out, "  %s%% in %.4f secs\n", labels[q], (double)hist_quantile(h, json_quantiles[q]) / 1e6);
}

static void text_latency(FILE *out, const ht_stats *st) {
  fprintf(out, "\nLatency (ms)             count      min      p50      p90      p99    p99.9      max     mean\n");
  for (int i = 0; i < HT_M_COUNT; i++) {
    ht_metric m = metric_order[i];
    const ht_hist *h = stats_hist(st, m);
    if (!h->count) continue;
    fprintf(out, "  %-19s %9llu %8.3f", metric_labels[m], (unsigned long long)h->count,
            (double)h->min / 1e3);
    for (int q = 0; q < 5; q++) fprintf(out, " %8.3f", (double)hist_quantile(h, quantiles[q]) / 1e3);
    fprintf(out, " %8.3f\n", (double)h->sum / (double)h->count / 1e3);
  }
}

/* hey's histogram: up to ten equal-width bins from the fastest to the
 * slowest, but no narrower than the histogram tells values apart near the
 * slowest (1/64 of its power of two): finer bins would only show where
 * bucket midpoints fall. Returns the number of bins and sets *width. */
static int bins_of(const ht_hist *h, int64_t *width) {
  int64_t range = h->max - h->min, res = hist_resolution(h->max);
  *width = range / 10 + 1;
  if (*width < res) *width = res;
  int64_t n = range / *width + 1;
  return n < 10 ? (int)n : 10;
}

static uint64_t bin_count(const ht_hist *h, int i, int nbins, int64_t width) {
  int64_t lo = h->min + i * width;
  return hist_count_range(h, lo, i == nbins - 1 ? h->max + 1 : lo + width);
}

static void text_histogram(FILE *out, const ht_stats *st) {
  const ht_hist *h = stats_hist(st, HT_M_TOTAL);
  if (!h->count) return;
  int64_t lo = h->min, width;
  int nbins = bins_of(h, &width);
  uint64_t most = 1, bins[10];
  for (int i = 0; i < nbins; i++) {
    bins[i] = bin_count(h, i, nbins, width);
    if (bins[i] > most) most = bins[i];
  }
  fprintf(out, "\nResponse time histogram (ms):\n");
  for (int i = 0; i < nbins; i++) {
    char bar[41];
    int n = (int)(bins[i] * 40 / most);
    for (int k = 0; k < n; k++) bar[k] = '#';
    bar[n] = '\0';
    int64_t edge = i == nbins - 1 ? h->max : lo + (i + 1) * width;
    fprintf(out, "  %9.3f [%llu]\t|%s\n", (double)edge / 1e3,
            (unsigned long long)bins[i], bar);
  }
}

static void text_codes(FILE *out, const ht_stats *st) {
  fprintf(out, "\nStatus code distribution:\n");
  for (int c = 0; c < stats_max_status(); c++)
    if (stats_status(st, c))
      fprintf(out, "  [%d]\t%llu responses\n", c, (unsigned long long)stats_status(st, c));
}

static void text_errors(FILE *out, const ht_stats *st) {
  if (!ht_stats_errors(st)) return;
  fprintf(out, "\nErrors by kind:\n");
  for (int c = 0; c < stats_max_code(); c++)
    if (stats_code(st, c))
      fprintf(out, "  %-9s [curl %d] %s: %llu\n", ht_error_kind(c), c, stats_message(st, c),
              (unsigned long long)stats_code(st, c));
}

static uint64_t successes(const ht_stats *st) { return ht_stats_count(st) - ht_stats_errors(st); }

/* hey's summary lines (Slowest, Fastest, Average, Total data, Size/request),
 * with what hey does not say: errors, connections, redirects. */
static void text_summary(FILE *out, const ht_stats *st, double elapsed_s) {
  const ht_hist *h = stats_hist(st, HT_M_TOTAL);
  uint64_t ok = successes(st), bytes = stats_bytes(st);
  fprintf(out, "  Slowest:\t%.4f secs\n  Fastest:\t%.4f secs\n  Average:\t%.4f secs\n",
          (double)h->max / 1e6, (double)h->min / 1e6, (double)h->sum / (double)h->count / 1e6);
  fprintf(out, "  Requests/sec:\t%.1f\n", per_sec(ok, elapsed_s));
  fprintf(out, "  Connections:\t%llu opened\n", (unsigned long long)stats_conns(st));
  if (stats_redirects(st))
    fprintf(out, "  Redirects:\t%llu followed\n", (unsigned long long)stats_redirects(st));
  fprintf(out, "\n  Total data:\t%llu bytes\n  Size/request:\t%llu bytes\n  Bytes/sec:\t%.0f\n",
          (unsigned long long)bytes, (unsigned long long)(bytes / ok), per_sec(bytes, elapsed_s));
}

void ht_stats_write_text(FILE *out, const ht_stats *st, double elapsed_s) {
  fprintf(out, "Summary:\n  Total:\t%.4f secs\n  Requests:\t%llu (%llu errors)\n",
          elapsed_s, (unsigned long long)ht_stats_count(st),
          (unsigned long long)ht_stats_errors(st));
  if (!successes(st)) {
    fprintf(out, "  No request succeeded.\n");
    text_errors(out, st);
    return;
  }
  text_summary(out, st, elapsed_s);
  text_distribution(out, stats_hist(st, HT_M_TOTAL));
  text_latency(out, st);
  text_histogram(out, st);
  text_codes(out, st);
  text_errors(out, st);
}

/* A value in microseconds, or null when the metric has no samples. */
static void json_us(ht_buf *b, const char *key, const ht_hist *h, int64_t v) {
  if (h->count)
    buf_printf(b, ",\"%s\":%lld", key, (long long)v);
  else
    buf_printf(b, ",\"%s\":null", key);
}

static void json_metric(ht_buf *b, const ht_hist *h) {
  buf_printf(b, "{\"count\":%llu", (unsigned long long)h->count);
  json_us(b, "min", h, h->min);
  for (int q = 0; q < JSON_QUANTILES; q++)
    json_us(b, json_quantile_keys[q], h, hist_quantile(h, json_quantiles[q]));
  json_us(b, "mean", h, h->count ? (int64_t)(h->sum / h->count) : 0);
  buf_printf(b, "}");
}

static void json_histogram(ht_buf *b, const ht_hist *h) {
  buf_printf(b, ",\"histogram\":[");
  if (h->count) {
    int64_t width;
    int nbins = bins_of(h, &width);
    for (int i = 0; i < nbins; i++) {
      int64_t hi = i == nbins - 1 ? h->max + 1 : h->min + (i + 1) * width;
      buf_printf(b, "%s{\"le_us\":%lld,\"count\":%llu}", i ? "," : "", (long long)hi,
                 (unsigned long long)bin_count(h, i, nbins, width));
    }
  }
  buf_printf(b, "]");
}

static void json_codes(ht_buf *b, const ht_stats *st) {
  const char *sep = "";
  buf_printf(b, ",\"status\":{");
  for (int c = 0; c < stats_max_status(); c++)
    if (stats_status(st, c))
      buf_printf(b, "%s\"%d\":%llu", sep, c, (unsigned long long)stats_status(st, c)), sep = ",";
  buf_printf(b, "},\"errors_by_kind\":[");
  sep = "";
  for (int c = 0; c < stats_max_code(); c++) {
    if (!stats_code(st, c)) continue;
    buf_printf(b, "%s{\"kind\":\"%s\",\"code\":%d,\"message\":", sep, ht_error_kind(c), c);
    buf_json_string(b, stats_message(st, c));
    buf_printf(b, ",\"count\":%llu}", (unsigned long long)stats_code(st, c));
    sep = ",";
  }
  buf_printf(b, "]");
}

static void json_report(ht_buf *b, const ht_stats *st, double elapsed_s) {
  buf_printf(b, "{\"v\":%d,\"requests\":%llu,\"errors\":%llu,\"elapsed_s\":%.6f,"
                "\"requests_per_sec\":%.1f,\"bytes\":%llu,\"connections\":%llu,\"redirects\":%llu,"
                "\"latency_us\":{",
             HT_EVENT_VERSION, (unsigned long long)ht_stats_count(st),
             (unsigned long long)ht_stats_errors(st), elapsed_s,
             per_sec(successes(st), elapsed_s), (unsigned long long)stats_bytes(st),
             (unsigned long long)stats_conns(st), (unsigned long long)stats_redirects(st));
  for (int i = 0; i < HT_M_COUNT; i++) {
    buf_printf(b, "%s\"%s\":", i ? "," : "", metric_names[metric_order[i]]);
    json_metric(b, stats_hist(st, metric_order[i]));
  }
  buf_printf(b, "}");
  json_histogram(b, stats_hist(st, HT_M_TOTAL));
  json_codes(b, st);
  buf_printf(b, "}\n");
}

int ht_stats_write_json(FILE *out, const ht_stats *st, double elapsed_s) {
  ht_buf probe = {NULL, 0, 0};
  json_report(&probe, st, elapsed_s);
  char *text = malloc(probe.len + 1);
  if (!text) return -1;
  ht_buf b = {text, probe.len + 1, 0};
  json_report(&b, st, elapsed_s);
  fwrite(text, 1, b.len, out);
  free(text);
  return 0;
}
