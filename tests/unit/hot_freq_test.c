/* hot_freq_test.c: the static frequency estimator on tables of branch and
 * loop facts (no libclang): each heuristic's side probability, their
 * Dempster-Shafer combination, loops with known trips, loops up to a
 * parameter a caller passes as a constant, sides that leave the function
 * from inside loops, and how a wrapper that allocates behind a capacity
 * check passes its rate on. */
#include "hotspots/hot.h"
#include "hot_prog.h"
#include "tap.h"
#include <math.h>

#define ELSE FACTS_ARM_ELSE
#define RARE FACTS_RARE

typedef struct side_case {
  unsigned arm;
  double want; /* probability, to 3 decimals */
  const char *what;
} side_case;

static const side_case sides[] = {
    {0, 0.5, "a test nothing is known about: even"},
    {0 | ELSE, 0.5, "its else side: even"},
    {RARE(FACTS_HINT_GROW, 0), 0.02, "growth behind a capacity check"},
    {RARE(FACTS_HINT_GROW, 0) | ELSE, 0.98, "the side where the data fits"},
    {RARE(FACTS_HINT_GROW, 1) | ELSE, 0.02, "growth after an early return (implicit else)"},
    {RARE(FACTS_HINT_CACHE, 0), 0.05, "cache fill"},
    {RARE(FACTS_HINT_NULL, 0), 0.4, "null side of a pointer test"},
    {RARE(FACTS_HINT_NULL, 1) | ELSE, 0.4, "null side of p != NULL"},
    {RARE(FACTS_HINT_RETURN, 0), 0.28, "a side that returns"},
    {RARE(FACTS_HINT_ERROR, 0), 0.01, "an error return or goto cleanup"},
    {RARE(FACTS_HINT_EXIT, 0), 0.001, "a side that aborts"},
    {RARE(FACTS_HINT_EXPECT, 1), 0.98, "__builtin_expect(c, 1): the likely side"},
    {RARE(FACTS_HINT_ONCE, 0), 0.001, "if (!done) { ..; done = 1; }: once per process"},
    {RARE(FACTS_HINT_FLAG, 0), 0.1, "if (pending) work(): now and then"},
    {RARE(FACTS_HINT_LIMIT, 0), 0.05, "if (n > sizeof buf) malloc: past a constant limit"},
    {RARE(FACTS_HINT_LIMIT, 0) | ELSE, 0.95, "the side within the limit"},
    {RARE(FACTS_HINT_BITS, 0), 0.28, "if (c->flags & BLOCKED): the bit set"},
    {RARE(FACTS_HINT_BITS, 1) | ELSE, 0.28, "if (!(c->flags & BLOCKED)) return;: the rest, the bit set"},
    {FACTS_ARM_CASES(4), 0.25, "one case of a switch of four"},
    {FACTS_ARM_CASES(5000), 0.001, "a switch of more than 1023 cases counts as 1023"},
    /* Dempster-Shafer: 0.4 and 0.28 agree: 0.112 / (0.112 + 0.432) */
    {RARE(FACTS_HINT_NULL, 0) | RARE(FACTS_HINT_RETURN, 0), 0.206, "two agreeing heuristics strengthen"},
    /* growth predicts the else side rare, return the then side: 0.98 x 0.28 */
    {RARE(FACTS_HINT_GROW, 1) | RARE(FACTS_HINT_RETURN, 0) | ELSE, 0.05,
     "disagreeing heuristics: the stronger wins (early return when it fits)"},
};

/* A caller's constant argument deciding a parameter test (hot_args_freq):
 * the call's frequency again, with the decided sides certain. */
static const ca_program no_loops;

static void args_factor(void) {
  static const facts_ptest tests[2] = {{.param = 2, .op = FACTS_PTEST_AND, .k = 4},
                                       {.param = 1, .op = FACTS_PTEST_GT, .k = 100}};
  prog_call c = {.narms = 2, .ptests = tests, .loop = -1}, in = {.nargs = 2};
  c.arms[0] = 0;                                  /* if (flags & 4): unknown, 0.5 */
  c.arms[1] = RARE(FACTS_HINT_ERROR, 0) | ELSE;   /* the side of if (n > 100) not taken: 0.99 */
  const ca_program *p = &no_loops;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 1000), 495, "no constant argument: nothing decided, 0.5 x 0.99");
  in.argconst_ok[1] = true, in.argconst[1] = 6;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 1000), 990, "flags 6 has bit 4: that side holds, 1 x 0.99");
  in.argconst[1] = 3;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 0, "flags 3 lacks bit 4: the side never runs");
  in.argconst[1] = 4, in.argconst_ok[0] = true, in.argconst[0] = 7;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 1000), 1000, "n 7 is not > 100: the else side holds too, 1 x 1");
  in.argconst[0] = 101;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 0, "n 101 > 100: the else side never runs");
  in.argconst[0] = 7, in.nargs = 1;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 1000), 500, "an argument the call does not pass decides nothing: 0.5 x 1");
}

/* A parameter tested as an operand of a chain (facts_ptest.only): it can
 * rule its side out, never make it certain, and says nothing of the
 * other side. */
static void chain_operand(void) {
  /* if (bind && a->kind == VAR) f(); the then side needs bind != 0 */
  static const facts_ptest and_test = {.param = 1, .op = FACTS_PTEST_NE, .only = 1, .k = 0};
  /* if (!out || ok) return ok; ..: the rest (else side) needs out != 0 */
  static const facts_ptest or_test = {.param = 2, .op = FACTS_PTEST_NE, .only = 2, .k = 0};
  prog_call c = {.narms = 1, .ptests = &and_test, .loop = -1}, in = {.nargs = 2};
  const ca_program *p = &no_loops;
  c.arms[0] = RARE(FACTS_HINT_NULL, 1); /* 0.6 */
  in.argconst_ok[0] = true, in.argconst[0] = 0;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 0, "bind NULL: the && never holds");
  in.argconst[0] = 8;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 60, "bind given: the other operands decide, the estimate stays");
  c.arms[0] |= ELSE, in.argconst[0] = 0;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 40, "the && failing says nothing of bind");
  c.ptests = &or_test, c.arms[0] = ELSE, in.argconst_ok[1] = true, in.argconst[1] = 0;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 0, "out NULL: the || holds, the rest never runs");
  c.arms[0] = 0;
  is_int(lround(hot_args_freq(p, NULL, &c, &in, hot_local_freq(p, NULL, &c)) * 100), 50, "out NULL: the return side is not made certain (0.5, not 1)");
}

/* Loops up to a parameter that a caller passes as a constant
 * (hot_loop_args_factor): clear(page, n) called as clear(page, 25). */
static void loop_args_factor(void) {
  ca_program *p = prog_new();
  int f = prog_func_add(p, "clear", "m.c", true), g = prog_func_add(p, "main", "m.c", true);
  int outer = prog_loop_add(p, f, -1, 5), inner = prog_loop_add(p, f, outer, 6);
  p->loops.items[outer].bound_param = 2; /* for (i = 0; i < n; i++), n parameter 1 */
  p->loops.items[inner].trip = 4;         /* for (j = 0; j < 4; j++) */
  int c = prog_call_add(p, f, -1, inner, 7, -1);
  int in = prog_call_add(p, g, f, -1, 10, -1);
  prog_call *ic = &p->calls.items[in];
  ic->nargs = 2;
  ok(hot_loop_bound_by_param(p, &p->calls.items[c]), "a call inside such a loop is bound by a parameter");
  is_int(lround(hot_loop_args_factor(p, &p->calls.items[c], ic) * 100), 100, "no constant argument: 10 trips stand");
  ic->argconst_ok[1] = true, ic->argconst[1] = 25;
  is_int(lround(hot_loop_args_factor(p, &p->calls.items[c], ic) * 100), 250, "n 25: 25 trips in place of 10");
  ic->argconst[1] = -3;
  is_int(lround(hot_loop_args_factor(p, &p->calls.items[c], ic) * 100), 0, "n -3: the loop never runs");
  ic->argconst_ok[1] = false, ic->argconst_ok[0] = true, ic->argconst[0] = 25;
  is_int(lround(hot_loop_args_factor(p, &p->calls.items[c], ic) * 100), 100, "a constant for another parameter decides nothing");
  p->loops.items[outer].bound_param = 0;
  ok(!hot_loop_bound_by_param(p, &p->calls.items[c]), "a loop up to no parameter: not bound");
  prog_free(p);
}

int main(void) {
  loop_args_factor();
  for (size_t i = 0; i < sizeof sides / sizeof *sides; i++)
    is_int(lround(hot_side_prob(sides[i].arm) * 1000), lround(sides[i].want * 1000), sides[i].what);
  args_factor();
  chain_operand();

  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int push = prog_func_add(p, "push", "m.c", true);
  p->funcs.items[push].type = "int *(int *)";
  int rea = prog_func_add(p, "realloc", "stdlib.h", false);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int loop = prog_loop_add(p, fmain, -1, 10);        /* unknown bound: 10 */
  int fixed = prog_loop_add(p, fmain, loop, 11);     /* for (i = 0; i < 3; i++) */
  p->loops.items[fixed].trip = 3;
  int retry = prog_loop_add(p, fmain, -1, 12);       /* while (p == NULL) */
  p->loops.items[retry].trip = FACTS_TRIP_RETRY;
  int grow = prog_call_add(p, fmain, push, loop, 20, -1);
  int three = prog_call_add(p, fmain, mal, fixed, 21, 64);
  int again = prog_call_add(p, fmain, mal, retry, 22, 64);
  int inner = prog_call_add(p, push, rea, -1, 30, -1);
  p->calls.items[inner].returned = true;
  p->calls.items[inner].arms[0] = RARE(FACTS_HINT_GROW, 1) | RARE(FACTS_HINT_RETURN, 0) | ELSE;
  p->calls.items[inner].narms = 1;
  /* recursive calls: after if (!n) return 0; and behind a capacity check */
  int walk = prog_call_add(p, push, push, -1, 31, -1);
  p->calls.items[walk].arms[0] = RARE(FACTS_HINT_NULL, 0) | RARE(FACTS_HINT_RETURN, 0) | ELSE;
  p->calls.items[walk].narms = 1;
  int regrow = prog_call_add(p, push, push, -1, 32, -1);
  p->calls.items[regrow].arms[0] = RARE(FACTS_HINT_GROW, 0);
  p->calls.items[regrow].arms[1] = FACTS_ARM_CASES(4);
  p->calls.items[regrow].narms = 2;
  /* for (..) for (i = 0; i < 3; i++) if (bad) { report(); return -1; }:
   * the error side leaves from inside both loops */
  int report = prog_call_add(p, fmain, mal, fixed, 23, 64);
  p->calls.items[report].arms[0] = FACTS_ARM_AT_DEPTH(RARE(FACTS_HINT_ERROR, 0) | FACTS_ARM_LEAVES, 2);
  p->calls.items[report].narms = 1;
  /* if (found) { use(); return x; } in the inner loop, the loops under
   * if (ready) outside them: 0.5 x (1 - e^-(0.28 x 30)) */
  int use = prog_call_add(p, fmain, mal, fixed, 24, 64);
  p->calls.items[use].arms[0] = FACTS_ARM_AT_DEPTH(RARE(FACTS_HINT_RETURN, 0) | FACTS_ARM_LEAVES, 2);
  p->calls.items[use].arms[1] = FACTS_ARM_AT_DEPTH(0u, 0);
  p->calls.items[use].narms = 2;
  /* if (bad) { for (k = 0; k < 3; k++) note(); return; } in the outer
   * loop: the inner loop lies inside the side */
  int note = prog_call_add(p, fmain, mal, fixed, 25, 64);
  p->calls.items[note].arms[0] = FACTS_ARM_AT_DEPTH(RARE(FACTS_HINT_ERROR, 0) | FACTS_ARM_LEAVES, 1);
  p->calls.items[note].narms = 1;
  /* for (..) { for (i = 0; i < 3; i++) if (found) { use(); break; } }:
   * once per pass of the outer loop at most, 10 x (1 - e^-(0.5 x 3)) */
  int brk = prog_call_add(p, fmain, mal, fixed, 27, 64);
  p->calls.items[brk].arms[0] = FACTS_ARM_AT_DEPTH(FACTS_ARM_BREAKS, 2);
  p->calls.items[brk].narms = 1;
  /* the same without leaving: every trip */
  int stay = prog_call_add(p, fmain, mal, fixed, 26, 64);
  p->calls.items[stay].arms[0] = FACTS_ARM_AT_DEPTH(RARE(FACTS_HINT_ERROR, 0), 2);
  p->calls.items[stay].narms = 1;
  /* void *zalloc(n) { q = lookup(); p = malloc(n); if (!p) report(); if (!q) report(); } */
  int zal = prog_func_add(p, "zalloc", "m.c", true), rep = prog_func_add(p, "report", "m.c", true);
  int lookup = prog_call_add(p, zal, rep, -1, 39, -1);
  p->calls.items[lookup].result_var = "q";
  int get = prog_call_add(p, zal, mal, -1, 40, -1);
  p->calls.items[get].result_var = "p";
  int oom = prog_call_add(p, zal, rep, -1, 41, -1), none = prog_call_add(p, zal, rep, -1, 42, -1);
  p->calls.items[oom].arms[0] = RARE(FACTS_HINT_NULL, 0), p->calls.items[oom].narms = 1;
  p->calls.items[oom].null_arm = 1, p->calls.items[oom].null_var = "p";
  p->calls.items[none].arms[0] = RARE(FACTS_HINT_NULL, 0), p->calls.items[none].narms = 1;
  p->calls.items[none].null_arm = 1, p->calls.items[none].null_var = "q";
  /* ..; p = report(); (after the test: not what it saw); r = malloc(n); r = report(); if (!r) report(); */
  int later = prog_call_add(p, zal, rep, -1, 43, -1);
  p->calls.items[later].result_var = "p";
  int r1 = prog_call_add(p, zal, mal, -1, 44, -1), r2 = prog_call_add(p, zal, rep, -1, 45, -1);
  p->calls.items[r1].result_var = "r", p->calls.items[r2].result_var = "r";
  int reset = prog_call_add(p, zal, rep, -1, 46, -1);
  p->calls.items[reset].arms[0] = RARE(FACTS_HINT_NULL, 0), p->calls.items[reset].narms = 1;
  p->calls.items[reset].null_arm = 1, p->calls.items[reset].null_var = "r";
  ok(callgraph_index(p) == CA_OK, "adjacency");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[report]) * 10000), lround(-expm1(-0.3) * 10000),
         "an error side that leaves from inside 30 trips: taken at most once, 1 - e^-0.3");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[use]) * 10000), lround(0.5 * -expm1(-8.4) * 10000),
         "a lookup's return inside 30 trips, under a test outside the loops: 0.5 x (1 - e^-8.4)");
  /* the same when a caller's constant decides if (found): found a parameter */
  static const facts_ptest found_param[2] = {{.param = 1, .op = FACTS_PTEST_NE, .k = 0}};
  p->calls.items[use].ptests = found_param;
  prog_call in = {.nargs = 1};
  in.argconst_ok[0] = true, in.argconst[0] = 5;
  is_int(lround(hot_args_freq(p, NULL, &p->calls.items[use], &in, 0) * 10000), lround(0.5 * -expm1(-30) * 10000),
         "... with found passed as 5: taken on the first pass, 0.5 x (1 - e^-30), not (1 - e^-8.4) / 0.28");
  p->calls.items[use].ptests = NULL;
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[note]) * 10000), lround(3 * -expm1(-0.1) * 10000),
         "a loop inside the leaving side turns in full each time it is taken: 3 x (1 - e^-0.1)");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[stay]) * 100), 30, "an error side that stays: 30 x 0.01");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[brk]) * 10000), lround(10 * -expm1(-1.5) * 10000),
         "a break out of the inner loop: once per pass of the outer one at most, 10 x (1 - e^-1.5)");
  is_int(lround(hot_cycle_freq(p, NULL, &p->calls.items[walk]) * 100), 100,
         "a recursion past its base case (if (!n) return): 1, the pointer and return heuristics do not count");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[walk]) * 100), 79, "the same call as any other: 0.794");
  is_int(lround(hot_cycle_freq(p, NULL, &p->calls.items[regrow]) * 100), 2,
         "a recursion behind a capacity check: 0.02, a switch case does not count");

  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[three]) * 100), 3000, "a 3-trip loop in a 10-trip loop: 30");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[again]) * 100), 5, "a retry loop: 0.05");
  is_int(lround(hot_local_freq(p, NULL, &p->calls.items[inner]) * 100), 5, "growth behind an early return: 0.05");

  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "analysis runs");
  ok(r.wrapper[push], "push returns realloc's result: a wrapper");
  /* Dempster-Shafer of the pointer heuristic's 0.4 and the failure's 0.0005;
   * p = lookup() after the test does not change what it saw */
  is_int(lround(r.local[oom] * 1e7), lround(0.4 * 0.0005 / (0.4 * 0.0005 + 0.6 * 0.9995) * 1e7),
         "if (!p) after p = malloc(n): the allocation failing, 1 in 3000");
  is_int(lround(r.local[none] * 100), 40, "if (!q) after q = lookup(): the pointer heuristic's 40%");
  is_int(lround(r.local[reset] * 100), 40, "if (!r) after r = malloc(n); r = lookup(): what the test sees is lookup's");
  const hot_finding *g = NULL, *t = NULL;
  for (size_t i = 0; i < r.nfindings; i++) {
    if (r.findings[i].call == grow) g = &r.findings[i];
    if (r.findings[i].call == three) t = &r.findings[i];
  }
  ok(g && t, "both sites found");
  if (g && t) {
    is_int(lround(g->heat * 100), 0, "growth in a loop: 10 x 0.05 < 1, heat 0");
    is_int(lround(t->heat * 100), lround(log10(30) * 100), "three parts per iteration: heat log10(30)");
    ok(t < g, "the per-iteration allocation outranks amortised growth");
  }
  hot_free(&r);
  prog_free(p);
  return tap_done();
}
