/* stats.c: aggregate statistics of a load run: latency histograms overall
 * and per phase, status codes, errors by curl code.
 * Invariant: a ht_stats is owned by one thread while it fills; threads keep
 * their own and ht_stats_merge() adds them at the end, so no locks. Latency
 * and phases are of successful requests only (as hey's): a failure is
 * counted by its code, not mixed into the percentiles. A phase gets a sample
 * only from requests in which it ran (a reused connection adds nothing to
 * dns/connect/tls). */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STATUS = 600, MAX_CODE = 128, MAX_MESSAGE = 160 };

struct ht_stats {
  ht_hist metric[HT_M_COUNT];
  uint64_t count, errors, bytes;
  uint64_t conns;     /* hops that opened a connection */
  uint64_t redirects; /* redirects followed (hops before the last) */
  uint64_t status[MAX_STATUS];
  uint64_t code[MAX_CODE];
  /* the first message seen for each code: the transfer's own text ("Received
   * HTTP/0.9 when not allowed"), which says more than curl's generic one */
  char message[MAX_CODE][MAX_MESSAGE];
};

ht_stats *ht_stats_new(void) {
  ht_stats *st = calloc(1, sizeof *st);
  if (!st) return NULL;
  for (int m = 0; m < HT_M_COUNT; m++) hist_init(&st->metric[m]);
  return st;
}

void ht_stats_free(ht_stats *st) { free(st); }

/* A hop's phases: from a redirect (a hop that ended) or a done (the last). */
static void add_phases(ht_stats *st, const ht_phases *p) {
  if (p->got_conn_at >= 0) hist_add(&st->metric[HT_M_CONN_WAIT], p->conn_wait);
  if (p->dns_at >= 0) hist_add(&st->metric[HT_M_DNS], p->dns);
  if (p->connect_at >= 0) hist_add(&st->metric[HT_M_CONNECT], p->connect);
  if (p->tls_at >= 0) hist_add(&st->metric[HT_M_TLS], p->tls);
  if (p->server_at >= 0) hist_add(&st->metric[HT_M_WAIT], p->server);
  if (p->transfer_at >= 0) hist_add(&st->metric[HT_M_TRANSFER], p->transfer);
}

void ht_stats_add(ht_stats *st, const ht_event *done, int64_t queued_us) {
  const ht_phases *p = &done->phases;
  if (done->kind == HT_REDIRECT) {
    st->redirects++;
    if (p->connect_at >= 0) st->conns++;
    add_phases(st, p);
    return;
  }
  st->count++;
  st->bytes += done->bytes > 0 ? (uint64_t)done->bytes : 0;
  if (p->connect_at >= 0) st->conns++;
  if (done->error) {
    int code = done->error > 0 && done->error < MAX_CODE ? done->error : MAX_CODE - 1;
    st->errors++;
    if (!st->code[code]++ && done->error_msg)
      snprintf(st->message[code], MAX_MESSAGE, "%s", done->error_msg);
    return;
  }
  st->status[done->status >= 0 && done->status < MAX_STATUS ? done->status : 0]++;
  hist_add(&st->metric[HT_M_TOTAL], done->total_us + (queued_us > 0 ? queued_us : 0));
  add_phases(st, p);
}

void ht_stats_merge(ht_stats *dst, const ht_stats *src) {
  for (int m = 0; m < HT_M_COUNT; m++) hist_merge(&dst->metric[m], &src->metric[m]);
  dst->count += src->count;
  dst->errors += src->errors;
  dst->bytes += src->bytes;
  dst->conns += src->conns;
  dst->redirects += src->redirects;
  for (int i = 0; i < MAX_STATUS; i++) dst->status[i] += src->status[i];
  for (int i = 0; i < MAX_CODE; i++) {
    dst->code[i] += src->code[i];
    if (!dst->message[i][0]) memcpy(dst->message[i], src->message[i], MAX_MESSAGE);
  }
}

uint64_t ht_stats_count(const ht_stats *st) { return st->count; }
uint64_t ht_stats_errors(const ht_stats *st) { return st->errors; }

int64_t ht_stats_quantile(const ht_stats *st, ht_metric m, double q) {
  if ((unsigned)m >= HT_M_COUNT) return -1;
  return hist_quantile(&st->metric[m], q);
}

/* Accessors for stats_report.c, which formats. */
const ht_hist *stats_hist(const ht_stats *st, ht_metric m) { return &st->metric[m]; }
uint64_t stats_status(const ht_stats *st, int code) {
  return code >= 0 && code < MAX_STATUS ? st->status[code] : 0;
}
uint64_t stats_code(const ht_stats *st, int code) {
  return code >= 0 && code < MAX_CODE ? st->code[code] : 0;
}
uint64_t stats_bytes(const ht_stats *st) { return st->bytes; }
uint64_t stats_conns(const ht_stats *st) { return st->conns; }
uint64_t stats_redirects(const ht_stats *st) { return st->redirects; }
const char *stats_message(const ht_stats *st, int code) {
  if (code >= 0 && code < MAX_CODE && st->message[code][0]) return st->message[code];
  return curl_easy_strerror((CURLcode)code);
}
int stats_max_status(void) { return MAX_STATUS; }
int stats_max_code(void) { return MAX_CODE; }
