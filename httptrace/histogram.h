/* histogram.h: log-linear latency histogram in microseconds (HdrHistogram's
 * idea: 64 linear sub-buckets per power of two, so any quantile is within
 * 1/64 = 1.6% of the true value; exact below 128 us).
 * Invariant: fixed size, no allocation; merging is bucket-wise addition. */
#ifndef HT_HISTOGRAM_H
#define HT_HISTOGRAM_H
#include <stdint.h>

enum { HIST_BUCKETS = 128 + 64 * 40 };

typedef struct ht_hist {
  uint64_t count, sum;
  int64_t min, max;
  uint64_t bucket[HIST_BUCKETS];
} ht_hist;

void hist_init(ht_hist *h);
void hist_add(ht_hist *h, int64_t us);
void hist_merge(ht_hist *dst, const ht_hist *src);
/* Smallest value v such that a fraction q of samples is <= v (bucket
 * midpoint, clamped to [min, max]); -1 when empty. */
int64_t hist_quantile(const ht_hist *h, double q);
/* The width of the bucket that holds v: how finely values near v are told
 * apart (1 below 128 us, then 1/64 of v's power of two). */
int64_t hist_resolution(int64_t v);
/* Number of samples in [lo, hi). */
uint64_t hist_count_range(const ht_hist *h, int64_t lo, int64_t hi);

#endif
