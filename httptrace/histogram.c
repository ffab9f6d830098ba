/* histogram.c: see histogram.h. Bucket i < 128 holds the value i; above,
 * bucket 128 + 64*(msb-7) + sub holds values whose top 7 bits are 64+sub. */
#include "histogram.h"

#include <string.h>

void hist_init(ht_hist *h) {
  memset(h, 0, sizeof *h);
  h->min = INT64_MAX;
  h->max = -1;
}

static int bucket_of(int64_t v) {
  if (v < 128) return (int)v;
  int msb = 63 - __builtin_clzll((unsigned long long)v);
  int idx = 128 + 64 * (msb - 7) + (int)((v >> (msb - 6)) - 64);
  return idx < HIST_BUCKETS ? idx : HIST_BUCKETS - 1;
}

static int64_t bucket_low(int i) {
  if (i < 128) return i;
  int msb = (i - 128) / 64 + 7, sub = (i - 128) % 64;
  return (int64_t)(64 + sub) << (msb - 6);
}

static int64_t bucket_mid(int i) {
  if (i < 128) return i;
  int msb = (i - 128) / 64 + 7;
  return bucket_low(i) + ((int64_t)1 << (msb - 6)) / 2;
}

int64_t hist_resolution(int64_t v) {
  if (v < 128) return 1;
  int msb = 63 - __builtin_clzll((unsigned long long)v);
  return (int64_t)1 << (msb - 6);
}

void hist_add(ht_hist *h, int64_t us) {
  if (us < 0) us = 0;
  h->bucket[bucket_of(us)]++;
  h->count++;
  h->sum += (uint64_t)us;
  if (us < h->min) h->min = us;
  if (us > h->max) h->max = us;
}

void hist_merge(ht_hist *dst, const ht_hist *src) {
  for (int i = 0; i < HIST_BUCKETS; i++) dst->bucket[i] += src->bucket[i];
  dst->count += src->count;
  dst->sum += src->sum;
  if (src->min < dst->min) dst->min = src->min;
  if (src->max > dst->max) dst->max = src->max;
}

int64_t hist_quantile(const ht_hist *h, double q) {
  if (!h->count) return -1;
  if (q >= 1.0) return h->max;
  uint64_t want = (uint64_t)(q * (double)h->count + 0.999999);
  if (want < 1) want = 1;
  uint64_t seen = 0;
  for (int i = 0; i < HIST_BUCKETS; i++) {
    seen += h->bucket[i];
    if (seen >= want) {
      int64_t v = bucket_mid(i);
      return v < h->min ? h->min : v > h->max ? h->max : v;
    }
  }
  return h->max;
}

uint64_t hist_count_range(const ht_hist *h, int64_t lo, int64_t hi) {
  uint64_t n = 0;
  for (int i = 0; i < HIST_BUCKETS; i++) {
    int64_t v = bucket_mid(i);
    v = v < h->min ? h->min : v > h->max ? h->max : v;
    if (v >= lo && v < hi) n += h->bucket[i];
  }
  return n;
}
