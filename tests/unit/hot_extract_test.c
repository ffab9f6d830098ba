/* hot_extract_test.c: the facts hot_extract.c adds, read from a real TU
 * through the frontend: returned calls (direct, through a variable, through
 * an initialised declaration), wrapper parameters, realloc growth, literal
 * arguments of calls through pointers, variables initialised by a call
 * and freed later, conditions that test a parameter against a
 * constant (with the branch facts on), and memory handed back through a
 * parameter (stores through T **, out arguments, T ** passed on),
 * null pointer arguments as the constant 0, the trips of walks and
 * counts kept in a field, loops up to a parameter, a validity
 * check's arms, bits of a global word against an object's, and NaN
 * tests. */
#include "clang/frontend.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char source[] =
    "#include <stdlib.h>\n"
    "struct node { int v; };\n"
    "void *direct(size_t n) { return malloc(n); }\n"                       /* 3 */
    "void *via_var(size_t n) { void *p; p = malloc(n); return p; }\n"       /* 4 */
    "struct node *via_init(int v) { struct node *x = malloc(sizeof *x); x->v = v; return x; }\n"
    "char *grow(char *b, size_t n) { for (int i = 0; i < 9; i++) b = realloc(b, n + 16); return b; }\n"
    "void *(*hook)(void *, size_t);\n"
    "void drop(void *p) { hook(p, 0); }\n"                                 /* 8 */
    "void transient(void) { for (int i = 0; i < 9; i++) { char *t = malloc(8); free(t); } }\n"
    "int bail(int n) { char *b = malloc(8); if (n) { free(b);\n return 1; } free(b); return 0; }\n"
    "struct G { void *(*frealloc)(void *, size_t); void (*warn)(const char *); } *g;\n"
    "void *hooked(void *p, size_t n) { g->warn(\"x\"); return (*g->frealloc)(p, n); }\n"
    "unsigned long lim;\n"
    "void pick(size_t n, int zeroed, unsigned flags) {\n"
    "  if (zeroed) free(malloc(n));\n"
    "  if (!(flags & 4)) free(calloc(1, n));\n"
    "  if (2 < n) abort();\n"
    "  if (n != lim) free(realloc(0, n));\n"
    "}\n"
    "void fill(size_t n, void **pp) { void *p = malloc(n); *pp = p; }\n"
    "int make(char **out) { *out = malloc(4); return 0; }\n"
    "void *take(size_t n) { void *v; fill(n, &v); return v; }\n"
    "int pass(char **out) { return make(out); }\n"
    "int relay(char **out) { char *t; make(&t); *out = t; return 0; }\n"
    "void keep(size_t *count) { *count = 0; }\n"
    "void use_null(void) { fill(4, NULL); fill(4, (void **)0); }\n"
    "void *either(size_t n) { return n > 64 ? malloc(n) : calloc(1, n); }\n"
    "void *spare;\n"
    "void *cached(void) { return spare ? spare : (spare = malloc(8)); }\n"
    "void opt(void *ctx, int k) { if (ctx && k == 3) free(malloc(8)); }\n"
    "void rest(char **out, int ok) { if (!out || ok) return; *out = malloc(4); }\n"
    "struct e { int op, n; struct e *r, *next; int *a; };\n"
    "void spine(struct e *x) { while (x->op == 1) { free(malloc(1)); x = x->r; } }\n"
    "void chain(struct e *x, int only) { for (; x; x = only ? 0 : x->next) free(malloc(2)); }\n"
    "void cursor(struct e *x) { int i, *t; for (i = 0, t = x->a; i < x->n; i++, t++) free(malloc(3)); }\n"
    "void count(struct e *x) { int i; for (i = 0; i < x->n; i += x->op) free(malloc(5)); }\n"
    "int check(int n, int most) { if (n >= most) return -1; char *b = malloc(4); n += 1; free(b); return n; }\n"
    "void rows(int k, int n) { for (int i = 0; i < n; i++) free(malloc(6)); (void)k; }\n"
    "void cols(struct e *x) { int n = x->n; for (int i = 0; i < n; i += 2) free(malloc(7)); }\n"
    "void stop(int n) { for (int i = 0; i < n; i++) { free(malloc(5)); break; } }\n"
    "struct q { unsigned long len; int running; struct q *in; } gq, *pq;\n"
    "void drain(void) { while (pq->len) free(malloc(9)); }\n"
    "void drain_in(void) { while (gq.in->len) free(malloc(10)); }\n"
    "void serve(void) { while (gq.running) free(malloc(11)); }\n"
    "void until(void) { while (!pq->running) free(malloc(12)); }\n"
    "struct w { unsigned f; } gw;\n"
    "void bits(struct w *x) { if (gw.f & 4) free(malloc(13)); if (x->f & 4) free(calloc(1, 13)); }\n"
    "#include <math.h>\n"
    "void nans(double d) { if (isnan(d)) free(malloc(14)); if (!(d == d)) free(calloc(1, 14)); }\n"
    "int bad(int);\n"
    "int scan(int n) { for (int i = 0; i < n; i++) { if (bad(i)) { free(malloc(15)); return -1; } } return 0; }\n"
    "int jump(int n) { for (int i = 0; i < n; i++) while (n) { if (bad(i)) { free(malloc(16)); goto out; } n--; }\n"
    "  return 0; out: return -1; }\n"
    "int again(int n) { retry: for (int i = 0; i < n; i++) if (bad(i)) { free(malloc(17)); n--; goto retry; }\n"
    "  return 0; }\n"
    "int halt(int n) { for (int i = 0; i < n; i++) if (bad(i)) { free(malloc(18)); break; } return 0; }\n"
    "int choose(int n) { for (int i = 0; i < n; i++) switch (i) { case 1: if (bad(i)) { free(malloc(20)); break; }\n"
    "  n--; break; case 2: n++; } return n; }\n"
    "int ret(int n) { if (bad(n)) { free(malloc(19)); return -1; } return 0; }\n"
    "struct hd { void *f; };\n"
    "void oom(int);\n"
    "void *zal(int n) { void *p = malloc(n); if (!p) oom(n); return p; }\n"
    "void *zal2(int n) { char *q; if ((q = malloc(n)) == NULL) oom(n); return q; }\n"
    "void field(struct hd *h) { if (!h->f) oom(1); }\n"
    "void both(void *a, void *b) { if (!a || !b) oom(2); }\n"
    "void drop(struct e *x) { while (x) { struct e *nx = x->next; free(malloc(21)); x = nx; } }\n"
    "void hop(struct e *x, struct e *y) { while (x) { struct e *nx = y; free(malloc(22)); x = nx; } }\n"
    "void *zre(void *o, int n) { void *p = realloc(o, n); if (!p && n != 0) oom(n); return p; }\n"
    "void *zor(void *o, int n) { void *p = realloc(o, n); if (!p || n == 0) oom(n); return p; }\n"
    "void *rg(void *p, int n) { if (!p) free(malloc(24)); p = realloc(p, n); if (!p) oom(n); return p; }\n"
    "void clamp(int n, int k) { if (n > 8) n = 8; k++; for (int i = 0; i < n; i++) free(malloc(23)); if (k) oom(k); }\n"
    "void late(int n) { if (n > 16) { n = 16; free(malloc(25)); } else { n++; oom(n); } }\n"
    "#define P8(x) int x##0, int x##1, int x##2, int x##3, int x##4, int x##5, int x##6, int x##7\n"
    "void wide(P8(a), P8(b), P8(c), P8(d), P8(e), P8(f), P8(g), P8(h), int z) { z++; if (z) free(malloc(26)); }\n";

static const facts_call *find(const facts_tu *tu, const char *caller, const char *callee) {
  for (size_t i = 0; i < tu->calls.len; i++) {
    const facts_call *c = &tu->calls.items[i];
    if (strcmp(tu->funcs.items[c->caller].name, caller) != 0) continue;
    if (callee ? c->callee >= 0 && strcmp(tu->funcs.items[c->callee].name, callee) == 0 : c->callee < 0)
      return c;
  }
  return NULL;
}

/* The innermost loop around caller's call of callee, or NULL. */
static const facts_loop *loop_of(const facts_tu *tu, const char *caller, const char *callee) {
  const facts_call *c = find(tu, caller, callee);
  return c && c->loop >= 0 ? &tu->loops.items[c->loop] : NULL;
}

int main(void) {
  char path[] = "/tmp/hot_extract_test_XXXXXX.c";
  int fd = mkstemps(path, 2);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) return printf("not ok 1 - temp file\n1..1\n"), 1;
  fputs(source, f);
  fclose(f);
  frontend *fe = frontend_new();
  frontend_job job = {.file = path};
  facts_tu *tu = frontend_parse(fe, &job, FRONTEND_BRANCHES);
  ok(tu && !tu->parse_failed, "parsed");
  if (!tu) return tap_done();

  const facts_call *c = find(tu, "direct", "malloc");
  ok(c && c->returned, "return malloc(n): returned");
  ok(c && c->arg_param[0] == 1, "its size is the wrapper's parameter 0");
  c = find(tu, "via_var", "malloc");
  ok(c && c->returned, "p = malloc(n); return p: returned");
  c = find(tu, "either", "malloc");
  const facts_call *c2 = find(tu, "either", "calloc");
  ok(c && c->returned && c2 && c2->returned, "return k ? malloc(n) : calloc(1, n): both arms returned");
  c = find(tu, "cached", "malloc");
  ok(c && !c->returned, "return p ? p : (p = malloc(8)): a cache fill, not a returned call");
  c = find(tu, "via_init", "malloc");
  ok(c && c->returned, "T *x = malloc(..); return x (through an implicit cast): returned");
  c = find(tu, "grow", "realloc");
  ok(c && c->arg_grow[1] == FACTS_GROW_ADD, "realloc(b, n + 16): grows by a constant");
  ok(c && c->loop_depth == 1, "in a loop");
  c = find(tu, "drop", NULL);
  ok(c && c->argconst_ok[1] && c->argconst[1] == 0, "hook(p, 0): literal argument through a pointer");
  c = find(tu, "transient", "malloc");
  ok(c && c->result_var && strcmp(c->result_var, "t") == 0, "char *t = malloc(8): result t");
  c = find(tu, "transient", "free");
  ok(c && c->arg0_var && strcmp(c->arg0_var, "t") == 0, "free(t): argument t");
  int exits = 0, plain = 0;
  for (size_t i = 0; i < tu->calls.len; i++) {
    const facts_call *fc = &tu->calls.items[i];
    if (strcmp(tu->funcs.items[fc->caller].name, "bail") || fc->callee < 0 ||
        strcmp(tu->funcs.items[fc->callee].name, "free"))
      continue;
    if (fc->arg_grow[0] == FACTS_GROW_EXIT) exits++;
    else plain++;
  }
  ok(exits == 2 && plain == 0, "free(b) followed by a return: error path (both): %d %d", exits, plain);
  ok(find(tu, "transient", "free") && find(tu, "transient", "free")->arg_grow[0] != FACTS_GROW_EXIT,
     "free(t) at the end of a loop body: not an exit");
  int named = 0, other = 0;
  for (size_t i = 0; i < tu->calls.len; i++) {
    const facts_call *fc = &tu->calls.items[i];
    if (strcmp(tu->funcs.items[fc->caller].name, "hooked") || fc->callee >= 0) continue;
    if (fc->alloc_ptr && strcmp(fc->alloc_ptr, "frealloc") == 0 && fc->returned) named++;
    else if (!fc->alloc_ptr) other++;
  }
  ok(named == 1 && other == 1, "(*g->frealloc)(..) named an allocator pointer, g->warn(..) not");
  ok(tu->hot == NULL, "scratch released");
  c = find(tu, "transient", "malloc");
  ok(c && c->ptests == NULL, "a call behind no parameter test keeps no test array");

  c = find(tu, "pick", "malloc");
  ok(c && c->narms == 1 && c->ptests && c->ptests[0].param == 2 && c->ptests[0].op == FACTS_PTEST_NE &&
         c->ptests[0].k == 0 && !(c->arms[0] & FACTS_ARM_ELSE),
     "if (zeroed): parameter 1 != 0");
  c = find(tu, "pick", "calloc");
  ok(c && c->narms == 1 && c->ptests && c->ptests[0].param == 3 && c->ptests[0].op == FACTS_PTEST_NAND &&
         c->ptests[0].k == 4,
     "if (!(flags & 4)): parameter 2 & 4 is 0");
  c = find(tu, "pick", "abort");
  ok(c && c->narms == 1 && c->ptests && c->ptests[0].param == 1 && c->ptests[0].op == FACTS_PTEST_GT &&
         c->ptests[0].k == 2,
     "if (2 < n): parameter 0 > 2");
  c = find(tu, "pick", "realloc");
  ok(c && c->narms == 2 && c->ptests && c->ptests[0].param == 0, "n != lim (a global, not a constant): no test");
  ok(c && c->narms == 2 && c->ptests && c->ptests[1].param == 1 && c->ptests[1].op == FACTS_PTEST_GT &&
         (c->arms[1] & FACTS_ARM_ELSE),
     "after if (2 < n) abort();, the rest of the block: the side where n > 2 does not hold");
  c = find(tu, "opt", "malloc");
  ok(c && c->narms == 1 && c->ptests && c->ptests[0].param == 1 && c->ptests[0].op == FACTS_PTEST_NE &&
         c->ptests[0].k == 0 && c->ptests[0].only == 1 && !(c->arms[0] & FACTS_ARM_ELSE),
     "if (ctx && k == 3): an operand of &&, the side where it holds needs ctx != 0");
  c = find(tu, "rest", "malloc");
  ok(c && c->narms == 1 && c->ptests && c->ptests[0].param == 1 && c->ptests[0].op == FACTS_PTEST_NE &&
         c->ptests[0].only == 2 && (c->arms[0] & FACTS_ARM_ELSE),
     "if (!out || ok) return;, the rest of the block: the side where || fails needs out != 0");

  const facts_loop *l = loop_of(tu, "spine", "malloc");
  ok(l && l->trip == FACTS_TRIP_WALK, "while (x->op == 1) { ..; x = x->r; }: a walk down a spine");
  l = loop_of(tu, "chain", "malloc");
  ok(l && l->trip == FACTS_TRIP_WALK, "for (; x; x = only ? 0 : x->next): a walk stepped by one arm of a choice");
  l = loop_of(tu, "drop", "malloc");
  ok(l && l->trip == FACTS_TRIP_WALK, "while (x) { struct e *nx = x->next; ..; x = nx; }: the copy declared with its step");
  l = loop_of(tu, "hop", "malloc");
  ok(l && l->trip == 0, "while (x) { struct e *nx = y; ..; x = nx; }: a copy of no field, no walk");
  l = loop_of(tu, "cursor", "malloc");
  ok(l && l->trip == FACTS_TRIP_FIELD, "for (i = 0, t = x->a; i < x->n; i++, t++): a count kept in a field");
  l = loop_of(tu, "count", "malloc");
  ok(l && l->trip == FACTS_TRIP_FIELD, "for (..; i < x->n; i += x->op): a count kept in a field");
  l = loop_of(tu, "rows", "malloc");
  ok(l && l->trip == FACTS_TRIP_COUNT && l->bound_param == 2,
     "for (i = 0; i < n; i++), n parameter 1: a count up to a variable, bound by that parameter");
  l = loop_of(tu, "cols", "malloc");
  ok(l && l->trip == FACTS_TRIP_COUNT && l->bound_param == 0,
     "for (..; i < n; i += 2), n a local: a count up to a variable, bound by no parameter");
  l = loop_of(tu, "stop", "malloc");
  ok(l && l->trip == 1 && l->bound_param == 0, "for (..; i < n; i++) { ..; break; }: one pass, whatever n says");
  l = loop_of(tu, "drain", "malloc");
  ok(l && l->trip == FACTS_TRIP_DRAIN, "while (pq->len), pq global: a queue's count through a pointer, drained");
  l = loop_of(tu, "drain_in", "malloc");
  ok(l && l->trip == FACTS_TRIP_DRAIN, "while (gq.in->len): through a global's pointer field, drained");
  l = loop_of(tu, "serve", "malloc");
  ok(l && l->trip == FACTS_TRIP_MAIN, "while (gq.running): a flag held in a global, a main loop");
  l = loop_of(tu, "until", "malloc");
  ok(l && l->trip == FACTS_TRIP_MAIN, "while (!pq->running): negated, runs until a flag says stop");
  l = loop_of(tu, "transient", "malloc");
  ok(l && l->bound_param == 0, "for (i = 0; i < 9; i++): bound by no parameter");
  c = find(tu, "check", "malloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_ARM_ELSE) && (c->arms[0] & FACTS_RARE(FACTS_HINT_ERROR, 0)) &&
         !(c->arms[0] & FACTS_RARE(FACTS_HINT_GROW, 1)),
     "if (n >= most) return -1; .. n += 1: a validity check, the rest no growth");

  c = find(tu, "bits", "malloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_RARE(FACTS_HINT_FLAG, 0)) &&
         !(c->arms[0] & FACTS_RARE(FACTS_HINT_BITS, 0)),
     "if (gw.f & 4): a bit of a word in global state is a flag raised");
  c = find(tu, "bits", "calloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_RARE(FACTS_HINT_BITS, 0)) &&
         !(c->arms[0] & FACTS_RARE(FACTS_HINT_FLAG, 0)),
     "if (x->f & 4): a bit of an object's flag word is a state bit");

  c = find(tu, "nans", "malloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_RARE(FACTS_HINT_ERROR, 0)),
     "if (isnan(d)): the NaN side is an error side");
  c = find(tu, "nans", "calloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_RARE(FACTS_HINT_ERROR, 0)) &&
         !(c->arms[0] & FACTS_RARE(FACTS_HINT_GROW, 1)),
     "if (!(d == d)): a NaN test through !, no growth");

  c = find(tu, "scan", "malloc");
  ok(c && c->narms == 1 && FACTS_ARM_LEAVING(c->arms[0]) && FACTS_ARM_DEPTH(c->arms[0]) == 1,
     "if (bad(i)) { ..; return -1; } in a loop: the side leaves the function from one loop");
  c = find(tu, "jump", "malloc");
  ok(c && c->narms == 1 && FACTS_ARM_LEAVING(c->arms[0]) && FACTS_ARM_DEPTH(c->arms[0]) == 2,
     "goto out; to a label past both loops: the side leaves them");
  c = find(tu, "again", "malloc");
  ok(c && c->narms == 1 && !FACTS_ARM_LEAVING(c->arms[0]) && FACTS_ARM_DEPTH(c->arms[0]) == 1,
     "goto retry; to a label before the loop: the loop runs again, the side does not leave");
  c = find(tu, "halt", "malloc");
  ok(c && c->narms == 1 && (c->arms[0] & FACTS_ARM_BREAKS) && !(c->arms[0] & FACTS_ARM_LEAVES) &&
         FACTS_ARM_DEPTH(c->arms[0]) == 1,
     "break: the side leaves the innermost loop, not the function");
  c = find(tu, "choose", "malloc");
  ok(c && c->narms == 2 && !FACTS_ARM_LEAVING(c->arms[0]) && FACTS_ARM_DEPTH(c->arms[0]) == 1 &&
         (c->arms[1] & FACTS_ARM_CASE) && FACTS_ARM_DEPTH(c->arms[1]) == 1,
     "break in a switch's case inside the loop: it leaves the switch, not the loop");
  c = find(tu, "ret", "malloc");
  ok(c && c->narms == 1 && !FACTS_ARM_LEAVING(c->arms[0]) && FACTS_ARM_DEPTH(c->arms[0]) == 0,
     "a side that returns outside loops leaves no loop: nothing to bound");

  c = find(tu, "zal", "oom");
  ok(c && c->null_arm == 1 && c->null_var && strcmp(c->null_var, "p") == 0, "if (!p) oom(n): a null test of p");
  c = find(tu, "zal2", "oom");
  ok(c && c->null_arm == 1 && c->null_var && strcmp(c->null_var, "q") == 0,
     "if ((q = malloc(n)) == NULL): a null test of q");
  c = find(tu, "field", "oom");
  ok(c && c->narms == 1 && c->null_arm == 0 && !c->null_var, "if (!h->f): a field, no variable");
  c = find(tu, "both", "oom");
  ok(c && c->narms == 1 && c->null_arm == 0, "if (!a || !b): a chain tests no one variable");
  c = find(tu, "zre", "oom");
  ok(c && c->null_arm == 1 && c->null_var && strcmp(c->null_var, "p") == 0,
     "if (!p && n != 0): holds only for a null p, a null test of p");
  c = find(tu, "rg", "malloc");
  ok(c && c->ptests && c->ptests[0].param == 1, "if (!p) before p is written: a test of what the caller passed");
  c = find(tu, "rg", "oom");
  ok(c && c->narms == 1 && (!c->ptests || c->ptests[0].param == 0), "p = realloc(p, n); if (!p): no longer the caller's p");
  l = loop_of(tu, "clamp", "malloc");
  ok(l && l->trip == FACTS_TRIP_COUNT && l->bound_param == 0, "if (n > 8) n = 8; for (..; i < n; ..): no longer the caller's n");
  c = find(tu, "clamp", "oom");
  ok(c && c->narms == 1 && (!c->ptests || c->ptests[0].param == 0), "k++; if (k): no longer the caller's k");
  c = find(tu, "late", "malloc");
  ok(c && c->ptests && c->ptests[0].param == 1, "if (n > 16) { n = 16; malloc(..) }: the test read the caller's n");
  c = find(tu, "late", "oom");
  ok(c && c->ptests && c->ptests[0].param == 1, "its else side, after the then side wrote n: the same test");
  c = find(tu, "wide", "malloc");
  ok(c && c->narms == 1 && (!c->ptests || c->ptests[0].param == 0),
     "z++; if (z) with z the 65th parameter, past those whose writes are tracked: no parameter test");
  c = find(tu, "zor", "oom");
  ok(c && c->narms == 1 && c->null_arm == 0, "if (!p || n == 0): holds for a set p too, no null test");

  c = find(tu, "fill", "malloc");
  ok(c && c->stored == 2 && !c->returned, "void *p = malloc(n); *pp = p;: stored through parameter 1");
  c = find(tu, "make", "malloc");
  ok(c && c->stored == 1, "*out = malloc(4): stored through parameter 0");
  c = find(tu, "take", "fill");
  ok(c && c->out_arg == 2 && c->out_hand == FACTS_HAND_RETURN, "fill(n, &v); return v;: out argument 1, returned");
  c = find(tu, "pass", "make");
  ok(c && c->arg_param[0] == 1 && c->out_arg == 0, "make(out): the T ** parameter passed on as argument 0");
  c = find(tu, "relay", "make");
  ok(c && c->out_arg == 1 && c->out_hand == FACTS_HAND_PARAM + 0, "make(&t); *out = t;: stored through parameter 0");
  ok(find(tu, "keep", NULL) == NULL && find(tu, "direct", "malloc")->stored == 0, "*count = 0 stores no call");

  int nulls = 0;
  for (size_t i = 0; i < tu->calls.len; i++) {
    const facts_call *fc = &tu->calls.items[i];
    if (strcmp(tu->funcs.items[fc->caller].name, "use_null") == 0 && fc->argconst_ok[1] && fc->argconst[1] == 0)
      nulls++;
  }
  ok(nulls == 2, "fill(4, NULL), fill(4, (void **)0): the pointer argument is the constant 0 (%d)", nulls);

  facts_tu_free(tu);
  frontend_free(fe);
  remove(path);
  return tap_done();
}
