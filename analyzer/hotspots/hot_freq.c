/* hot_freq.c: how often a call site runs per entry of its function, from
 * the branch and loop facts of the front end (facts.h, clang/hot_branch.c).
 *
 * Each condition around the site contributes the probability of the side
 * the site is on. A heuristic that holds for the condition predicts its
 * rare side with the probability in hint_prob (after Ball and Larus, PLDI
 * 1993, and Wu and Larus, MICRO 1994; growth, cache, error and exit are stronger
 * than their pointer/return heuristics because the code's shape says more).
 * Several heuristics on one condition are combined with Dempster-Shafer's
 * rule for two outcomes, as Wu and Larus do:
 *   p = p1 p2 / (p1 p2 + (1 - p1)(1 - p2)),
 * so agreeing heuristics strengthen each other and 0.5 is neutral. A
 * condition nothing is known about splits evenly (UNKNOWN_SIDE). A case of
 * a switch of n cases runs 1 time in n, also in an interpreter's dispatch
 * loop (its opcodes share the loop's trips).
 * Loops multiply by their expected iterations: the front end's trip
 * (a small constant bound, 1 for grow-and-retry, FACTS_TRIP_RETRY for a
 * retry after failure, FACTS_TRIP_WALK along a chain of nodes,
 * FACTS_TRIP_FIELD up to a count kept in a field, FACTS_TRIP_COUNT up
 * to a variable), else LOOP_TRIP. A side that leaves a loop (a return,
 * a break) is taken at most once per entry of that loop, however often
 * it turns (leaving_freq).
 * Invariant: hot_local_freq > 0 and finite. libclang-free. */
#include "hotspots/hot.h"
#include <math.h>

static const double LOOP_TRIP = 10, UNKNOWN_SIDE = 0.5;
/* A null test of what an allocator returned: the failure side, as GCC's
 * PRED_MALLOC_NONNULL predicts it (non-null PROB_VERY_LIKELY, 99.95%). */
static const double ALLOC_FAILS = 0.0005;

/* Probability that the side a heuristic predicts rare is taken. */
static const double hint_prob[FACTS_NHINTS] = {
    [FACTS_HINT_GROW] = 0.02,   /* amortised growth: a few times in a buffer's life */
    [FACTS_HINT_CACHE] = 0.05,  /* once per key */
    [FACTS_HINT_NULL] = 0.4,    /* Ball and Larus's pointer heuristic: 60% not null */
    [FACTS_HINT_RETURN] = 0.28, /* Ball and Larus's return heuristic: 72% */
    [FACTS_HINT_ERROR] = 0.01,  /* an error path: measured 0.00 over the 45 conditions of Lua
                                   and SQLite it alone names (bench/rule_rates.sh) */
    [FACTS_HINT_EXIT] = 0.001,  /* the process ends or unwinds */
    [FACTS_HINT_EXPECT] = 0.02, /* __builtin_expect: the programmer knows */
    [FACTS_HINT_ONCE] = 0.001,  /* if (!done) { ..; done = 1; }: once per process */
    [FACTS_HINT_FLAG] = 0.1,    /* if (pending) work(): raised now and then */
    [FACTS_HINT_LIMIT] = 0.05,  /* if (n > sizeof buf) p = alloc(n): the stack usually fits */
    [FACTS_HINT_DEAD] = 1e-9,   /* decided when compiled: never */
    [FACTS_HINT_BITS] = 0.28,   /* a state bit is set: measured (bench/bit_rates.sh) */
};

static const char *const hint_name[FACTS_NHINTS] = {
    [FACTS_HINT_GROW] = "grow",     [FACTS_HINT_CACHE] = "cache", [FACTS_HINT_NULL] = "null",
    [FACTS_HINT_RETURN] = "return", [FACTS_HINT_ERROR] = "error", [FACTS_HINT_EXIT] = "exit",
    [FACTS_HINT_EXPECT] = "expect", [FACTS_HINT_ONCE] = "once",   [FACTS_HINT_FLAG] = "flag",
    [FACTS_HINT_LIMIT] = "limit",   [FACTS_HINT_DEAD] = "dead",   [FACTS_HINT_BITS] = "bits",
};

const char *hot_hint_name(facts_hint h) { return (unsigned)h < FACTS_NHINTS ? hint_name[h] : "?"; }

static double combine(double p, double q) {
  double num = p * q, den = p * q + (1 - p) * (1 - q);
  return den > 0 ? num / den : 0.5;
}

/* Both rare bits of hint h (FACTS_RARE(h, 0) | FACTS_RARE(h, 1)). */
#define BOTH_SIDES(h) (3u << (2 * (unsigned)(h)))
#define ALL_HINTS ((1u << (2 * FACTS_NHINTS)) - 1)

/* The side's probability from the hints whose bits are in used; unknown
 * when none holds. Over the set bits only, in hint order (side 0, then
 * side 1): most arms have one or two, and every call's arms are read. */
static double side_prob(unsigned arm, unsigned used, double unknown) {
  unsigned bits = arm & used & ALL_HINTS;
  if (!bits) return unknown;
  double p = 0.5;
  for (; bits; bits &= bits - 1) {
    unsigned b = (unsigned)__builtin_ctz(bits);
    p = combine(p, b & 1 ? 1 - hint_prob[b / 2] : hint_prob[b / 2]);
  }
  return arm & FACTS_ARM_ELSE ? 1 - p : p;
}

double hot_side_prob(unsigned arm) {
  if (arm & FACTS_ARM_CASE) return FACTS_ARM_NCASES(arm) ? 1.0 / FACTS_ARM_NCASES(arm) : 1;
  return side_prob(arm, ALL_HINTS, UNKNOWN_SIDE);
}

/* Is arm i of c a null test of an allocator's result (hot_failing)? */
static bool failing(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i) {
  return r && r->failing && r->failing[c - p->calls.items] == i + 1;
}

unsigned hot_null_side(unsigned arm) {
  return arm & (FACTS_RARE(FACTS_HINT_NULL, 0) | FACTS_RARE(FACTS_HINT_CACHE, 0)) ? 0 : 1;
}

/* The failure's evidence for the side arm's call is on: ALLOC_FAILS on
 * the null side, its complement on the other. */
static double failure_evidence(unsigned arm) {
  unsigned mine = arm & FACTS_ARM_ELSE ? 1 : 0;
  return mine == hot_null_side(arm) ? ALLOC_FAILS : 1 - ALLOC_FAILS;
}

/* The probability of the side c is on at arm i: as the arm's hints say
 * (in a cycle, strong: only the exceptional ones, unknown counting 1, a
 * switch case 1), and for a null test of an allocator's result, with the
 * failure's evidence (Dempster-Shafer, as any other hint). */
static double side_of(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i, unsigned strong) {
  unsigned arm = c->arms[i];
  if (strong && (arm & FACTS_ARM_CASE)) return 1;
  bool fails = failing(p, r, c, i);
  double q = !strong ? hot_side_prob(arm) : side_prob(arm, strong, fails ? UNKNOWN_SIDE : 1);
  return fails ? combine(q, failure_evidence(arm)) : q;
}

double hot_loop_trip(const ca_program *p, int loop) {
  double t = loop >= 0 && (size_t)loop < p->loops.len ? p->loops.items[loop].trip : 0;
  return t > 0 ? t : LOOP_TRIP;
}

/* f times the trips of the loops around c, innermost first. */
static double times_trips(const ca_program *p, const prog_call *c, double f) {
  int loop = c->loop;
  for (size_t guard = 0; loop >= 0 && (size_t)loop < p->loops.len && guard <= p->loops.len; guard++) {
    f *= hot_loop_trip(p, loop);
    loop = p->loops.items[loop].parent;
  }
  return f;
}

double hot_loop_trips(const ca_program *p, const prog_call *c) { return times_trips(p, c, 1); }

/* The outermost arm whose side leaves a loop (FACTS_ARM_LEAVING), or -1. */
static int leaving_arm(const prog_call *c) {
  int out = -1;
  for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++)
    if (FACTS_ARM_LEAVING(c->arms[i]) && FACTS_ARM_DEPTH(c->arms[i]) > 0) out = (int)i;
  return out;
}

/* A call on a side that leaves loops (arm out) runs at most once per
 * entry of the outermost loop it leaves: every loop around the condition
 * for a return, the innermost for a break. Those loops and the conditions
 * inside them give the expected number of times the side would be taken,
 * y, if it stayed; leaving on the first, it is taken with probability
 * 1 - e^-y (at least once in trials that add up to y). The conditions and
 * loops outside the loops it leaves, and those inside the side, multiply
 * as elsewhere.
 * for (i = 0; i < 16384; i++) if (bad(i)) { report(..); return -1; }
 * reports once at most, not 164 times. */
static double leaving_freq(const ca_program *p, const hot_result *r, const prog_call *c, int out,
                           unsigned decided) {
  unsigned d = FACTS_ARM_DEPTH(c->arms[out]);
  unsigned from = c->arms[out] & FACTS_ARM_LEAVES ? 1 : d; /* the outermost loop left */
  double inner = 1, outside = 1, y = 1;
  for (int i = 0; i < (int)c->narms && i < FACTS_MAXARMS; i++) {
    double q = decided >> i & 1 ? 1 : side_of(p, r, c, (unsigned)i, 0);
    if (i < out) inner *= q;
    else if (i > out && FACTS_ARM_DEPTH(c->arms[i]) < from) outside *= q;
    else y *= q;
  }
  /* the call's loops, innermost first: level loop_depth down to 1 */
  unsigned level = c->loop_depth;
  int loop = c->loop;
  for (size_t guard = 0; loop >= 0 && (size_t)loop < p->loops.len && guard <= p->loops.len; guard++, level--) {
    double t = hot_loop_trip(p, loop);
    if (level > d) inner *= t;
    else if (level >= from) y *= t;
    else outside *= t;
    loop = p->loops.items[loop].parent;
    if (level == 0) break;
  }
  return inner * outside * -expm1(-y);
}

/* decided: the arms a caller's constant arguments make certain (bit i
 * for arm i: probability 1). */
static double freq_of(const ca_program *p, const hot_result *r, const prog_call *c, bool cycle,
                      unsigned decided) {
  /* the heuristics that say a side is exceptional, not merely less likely */
  const unsigned strong = BOTH_SIDES(FACTS_HINT_GROW) | BOTH_SIDES(FACTS_HINT_CACHE) |
                          BOTH_SIDES(FACTS_HINT_LIMIT) | BOTH_SIDES(FACTS_HINT_ERROR) |
                          BOTH_SIDES(FACTS_HINT_EXIT) | BOTH_SIDES(FACTS_HINT_EXPECT) |
                          BOTH_SIDES(FACTS_HINT_ONCE) | BOTH_SIDES(FACTS_HINT_DEAD);
  double f = 1;
  int out = cycle ? -1 : leaving_arm(c);
  if (out >= 0) {
    f = leaving_freq(p, r, c, out, decided);
  } else {
    for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++)
      if (!(decided >> i & 1)) f *= side_of(p, r, c, i, cycle ? strong : 0);
    f = times_trips(p, c, f);
  }
  if (!(f > 1e-12)) f = 1e-12;
  return f < 1e250 ? f : 1e250;
}

double hot_local_freq(const ca_program *p, const hot_result *r, const prog_call *c) {
  return freq_of(p, r, c, false, 0);
}

static bool holds(const facts_ptest *t, long long v) {
  switch (t->op) {
  case FACTS_PTEST_EQ: return v == t->k;
  case FACTS_PTEST_NE: return v != t->k;
  case FACTS_PTEST_LT: return v < t->k;
  case FACTS_PTEST_LE: return v <= t->k;
  case FACTS_PTEST_GT: return v > t->k;
  case FACTS_PTEST_GE: return v >= t->k;
  case FACTS_PTEST_AND: return (v & t->k) != 0;
  case FACTS_PTEST_NAND: return (v & t->k) == 0;
  default: return true;
  }
}

/* The arms of c that call in's constant arguments make certain (*decided,
 * bit i for arm i); false when they rule one of c's sides out. */
static bool args_decide(const prog_call *c, const prog_call *in, unsigned *decided) {
  *decided = 0;
  for (unsigned i = 0; c->ptests && i < c->narms && i < FACTS_MAXARMS; i++) {
    const facts_ptest *t = &c->ptests[i];
    unsigned a = t->param - 1u;
    if (!t->param || a >= FACTS_MAXARGS || a >= in->nargs || !in->argconst_ok[a]) continue;
    unsigned on_else = (c->arms[i] & FACTS_ARM_ELSE) != 0;
    if (t->only) { /* an operand of a chain: it can rule its side out, not make it certain */
      if (t->only - 1u == on_else && !holds(t, in->argconst[a])) return false;
      continue;
    }
    if (holds(t, in->argconst[a]) == on_else) return false;
    *decided |= 1u << i;
  }
  return true;
}

/* The local frequency again with the decided arms at 1: exact where a
 * side leaves a loop (1 - e^-(y / p), not (1 - e^-y) / p). */
double hot_args_freq(const ca_program *p, const hot_result *r, const prog_call *c, const prog_call *in,
                     double local) {
  unsigned decided;
  if (!args_decide(c, in, &decided)) return 0;
  return decided ? freq_of(p, r, c, false, decided) : local;
}

double hot_cycle_freq(const ca_program *p, const hot_result *r, const prog_call *c) {
  return freq_of(p, r, c, true, 0);
}

double hot_side_freq(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i) {
  return side_of(p, r, c, i, 0);
}

bool hot_failing(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i) {
  return failing(p, r, c, i);
}

enum { MAX_BOUND = 1000000 }; /* a constant bound past this counts as this */

double hot_loop_args_factor(const ca_program *p, const prog_call *c, const prog_call *in) {
  double f = 1;
  int loop = c->loop;
  for (size_t guard = 0; loop >= 0 && (size_t)loop < p->loops.len && guard <= p->loops.len; guard++) {
    const prog_loop *l = &p->loops.items[loop];
    unsigned a = l->bound_param - 1u;
    if (l->bound_param && a < FACTS_MAXARGS && a < in->nargs && in->argconst_ok[a]) {
      long long k = in->argconst[a];
      f *= (double)(k < 0 ? 0 : k > MAX_BOUND ? MAX_BOUND : k) / hot_loop_trip(p, loop);
    }
    loop = l->parent;
  }
  return f;
}

bool hot_loop_bound_by_param(const ca_program *p, const prog_call *c) {
  int loop = c->loop;
  for (size_t guard = 0; loop >= 0 && (size_t)loop < p->loops.len && guard <= p->loops.len; guard++) {
    if (p->loops.items[loop].bound_param) return true;
    loop = p->loops.items[loop].parent;
  }
  return false;
}

bool hot_dead(const prog_call *c) {
  for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++)
    if (FACTS_ARM_RARE(c->arms[i], FACTS_HINT_DEAD)) return true;
  return false;
}
