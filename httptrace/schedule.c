/* schedule.c: see schedule.h. */
#include "schedule.h"

int64_t sched_due(const ht_sched *s, uint64_t k) {
  return s->t0_us + (int64_t)((double)k * 1e6 / s->rate);
}

int sched_pending(const ht_sched *s) { return sched_due(s, s->next_k) < s->deadline_us; }

int64_t sched_wake(const ht_sched *s, int free_handles) {
  if (free_handles <= 0 || !sched_pending(s)) return -1;
  return sched_due(s, s->next_k);
}

struct timespec sched_timespec(int64_t at_us) {
  struct timespec ts = {0, 1};
  if (at_us > 0) {
    ts.tv_sec = at_us / 1000000;
    ts.tv_nsec = (long)(at_us % 1000000) * 1000;
  }
  return ts;
}
