/* schedule.h: the open loop's send schedule (load.c), apart so that its
 * arithmetic can be tested without a network or a clock.
 * Invariant: times are CLOCK_MONOTONIC microseconds and nothing is rounded:
 * the loop wakes at the due time itself (a timerfd), not at the next
 * millisecond, so a request is late only by the wake-up's own latency. */
#ifndef HT_SCHEDULE_H
#define HT_SCHEDULE_H
#include <stdint.h>
#include <time.h>

typedef struct ht_sched {
  int64_t t0_us;       /* when request 0 is due */
  double rate;         /* requests per second (> 0) */
  uint64_t next_k;     /* the next request to send */
  int64_t deadline_us; /* no request is due at or after this */
} ht_sched;

/* When request k is due. */
int64_t sched_due(const ht_sched *s, uint64_t k);
/* 1 while a request is still to be sent before the deadline. */
int sched_pending(const ht_sched *s);
/* When the loop must wake to send the next request: its due time, or -1
 * when none is pending or no handle is free to send it. */
int64_t sched_wake(const ht_sched *s, int free_handles);
/* An absolute CLOCK_MONOTONIC time for timerfd_settime(TFD_TIMER_ABSTIME);
 * a time <= 0 becomes 1 ns, since all zeros would disarm the timer. */
struct timespec sched_timespec(int64_t at_us);

#endif
