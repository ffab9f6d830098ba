/* ht_schedule_test.c: the open loop's schedule (httptrace/schedule.c): due
 * times and wake-ups are exact to the microsecond, never rounded to the
 * next millisecond (which sent nearly every request late); no wake-up
 * without a free handle or past the deadline. No clock, no network. */
#include "schedule.h"
#include "tap.h"

static void due_times(void) {
  ht_sched s = {.t0_us = 1000000, .rate = 2000, .next_k = 0, .deadline_us = 2000000};
  is_int(sched_due(&s, 0), 1000000, "request 0 is due at t0");
  is_int(sched_due(&s, 1), 1000500, "2000/s: request 1 is due 500 us later");
  is_int(sched_due(&s, 3), 1001500, "2000/s: request 3 is due 1500 us later");
  s.rate = 3000;
  is_int(sched_due(&s, 1), 1000333, "3000/s: 333 us, not a whole millisecond");
}

static void wake_ups(void) {
  ht_sched s = {.t0_us = 1000000, .rate = 2000, .next_k = 1, .deadline_us = 1002000};
  is_int(sched_wake(&s, 1), 1000500, "wakes at the due microsecond");
  is_int(sched_wake(&s, 0), -1, "no wake-up while every handle is busy");
  s.next_k = 4;
  is_int(sched_pending(&s), 0, "request 4 would be due at the deadline: not pending");
  is_int(sched_wake(&s, 3), -1, "no wake-up past the deadline");
}

static void timespecs(void) {
  struct timespec ts = sched_timespec(1000500);
  ok(ts.tv_sec == 1 && ts.tv_nsec == 500000, "timer set to 1 s + 500 us exactly");
  ts = sched_timespec(0);
  ok(ts.tv_sec == 0 && ts.tv_nsec == 1, "a time of 0 still arms the timer (1 ns)");
}

int main(void) {
  due_times();
  wake_ups();
  timespecs();
  return tap_done();
}
