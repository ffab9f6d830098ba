/* tap.h: Test Anything Protocol output for C unit tests, run by prove.
 *   ok(cond, "name %d", i);  ...  return tap_done();
 * A failed check prints where it failed as a TAP comment. */
#ifndef TAP_H
#define TAP_H
#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 4, 5))) static int tap_ok(int cond, const char *file, int line,
                                                        const char *fmt, ...) {
  va_list ap;
  printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  if (!cond) printf("#   failed at %s:%d\n", file, line), tap_failed++;
  fflush(stdout);
  return cond;
}
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, name)                                                          \
  do {                                                                                   \
    long long g_ = (got), w_ = (want);                                                   \
    if (!ok(g_ == w_, "%s", name)) printf("#   got %lld, want %lld\n", g_, w_);         \
  } while (0)
static inline int tap_done(void) {
  printf("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}
#endif
