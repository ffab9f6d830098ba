/* hot_heat.c: how often each function runs, estimated from the call graph.
 *
 * A depth-first search from the entry points (functions nobody else calls,
 * in id order; then whatever is left) splits the calls into back edges
 * (calls that close a cycle: recursion) and the rest, which form a DAG whose
 * reverse postorder is topological. Along that order a function's frequency
 * is the sum, over its non-back incoming calls, of caller frequency x 10^loop
 * depth of the call; an entry point runs once; the target of a back edge (a
 * recursion head) is multiplied by 10: recursion counts as one loop.
 * Unlike collapsing each strongly connected component to one frequency,
 * this keeps heat apart inside the large cycles real programs have (in Lua
 * nearly the whole core is one component through error handling and GC).
 * Calls to functions that never return (error raisers: the function type
 * says __attribute__((noreturn))) are error paths and bring no heat.
 * Indirect calls count once resolved (--pointer); callee -1 brings nothing.
 * Invariant: heat[f] = log10(frequency) >= 0 and finite (capped). */
#include "hot.h"
#include <math.h>
#include <string.h>

enum { LOOP_FACTOR = 10, MAX_DEPTH = 30 };
static const double FREQ_CAP = 1e250;

static double scale(double f, unsigned depth) {
  f *= pow(LOOP_FACTOR, depth > MAX_DEPTH ? MAX_DEPTH : depth);
  return f > FREQ_CAP ? FREQ_CAP : f;
}

static bool never_returns(const prog_func *f) {
  return f->type && strstr(f->type, "__attribute__((noreturn))");
}

/* Does call ci carry heat to its callee? Not if it closes a cycle (the
 * recursion factor stands for it) or raises an error. */
static bool carries(const ca_program *p, const hot_result *r, int ci) {
  return !r->back[ci] && !never_returns(&p->funcs.items[p->calls.items[ci].callee]);
}

typedef struct dfs {
  const ca_program *p;
  hot_result *r;
  unsigned char *state;  /* 0 new, 1 on the stack, 2 done */
  int *stack;            /* functions on the DFS path */
  size_t *next;          /* per function: next out-edge to look at */
  int *post;             /* functions in postorder */
  size_t npost;
} dfs;

/* Iterative DFS from root: deep call chains must not overflow our stack. */
static void visit(dfs *d, int root) {
  const ca_program *p = d->p;
  size_t sp = 0;
  d->stack[sp++] = root, d->state[root] = 1;
  while (sp) {
    int f = d->stack[sp - 1];
    if (d->next[f] < p->nout[f]) {
      int ci = p->out[f][d->next[f]++];
      int g = p->calls.items[ci].callee;
      if (d->state[g] == 1) {
        d->r->back[ci] = true; /* closes a cycle */
        d->r->recursive[g] = true;
      } else if (d->state[g] == 0) {
        d->stack[sp++] = g, d->state[g] = 1;
      }
      continue;
    }
    d->state[f] = 2;
    d->post[d->npost++] = f;
    sp--;
  }
}

/* Entry points first (no caller but itself), so back edges point at the
 * functions entered first, as a reader would expect. */
static bool is_entry(const ca_program *p, int f) {
  for (size_t e = 0; e < p->nin[f]; e++)
    if (p->calls.items[p->in[f][e]].caller != f) return false;
  return true;
}

static void order(dfs *d) {
  size_t n = d->p->funcs.len;
  for (size_t f = 0; f < n; f++)
    if (!d->state[f] && is_entry(d->p, (int)f)) visit(d, (int)f);
  for (size_t f = 0; f < n; f++)
    if (!d->state[f]) visit(d, (int)f);
}

/* The incoming call that brings f the most heat (the first on ties). */
static int best_caller(const ca_program *p, const hot_result *r, const double *freq, int f) {
  int best = -1;
  double most = -1;
  for (size_t e = 0; e < p->nin[f]; e++) {
    int ci = p->in[f][e];
    if (!carries(p, r, ci)) continue;
    double w = scale(freq[p->calls.items[ci].caller], p->calls.items[ci].loop_depth);
    if (w > most) most = w, best = ci;
  }
  return best;
}

ca_status hot_heat(const ca_program *p, hot_result *r) {
  arena *a = r->arena;
  size_t n = p->funcs.len;
  dfs d = {.p = p, .r = r, .state = arena_alloc(a, n + 1),
           .stack = arena_alloc(a, (n + 1) * sizeof *d.stack),
           .next = arena_alloc(a, (n + 1) * sizeof *d.next),
           .post = arena_alloc(a, (n + 1) * sizeof *d.post)};
  double *incoming = arena_alloc(a, (n + 1) * sizeof *incoming);
  double *freq = arena_alloc(a, (n + 1) * sizeof *freq);
  r->heat = arena_alloc(a, (n + 1) * sizeof *r->heat);
  r->best_in = arena_alloc(a, (n + 1) * sizeof *r->best_in);
  r->recursive = arena_alloc(a, (n + 1) * sizeof *r->recursive);
  r->back = arena_alloc(a, (p->calls.len + 1) * sizeof *r->back);
  if (!d.state || !d.stack || !d.next || !d.post || !incoming || !freq || !r->heat ||
      !r->best_in || !r->recursive || !r->back)
    return CA_ERR_NOMEM;
  order(&d);
  for (size_t k = d.npost; k-- > 0;) { /* reverse postorder: callers first */
    int f = d.post[k];
    freq[f] = incoming[f] > 0 ? incoming[f] : 1;
    if (r->recursive[f]) freq[f] = scale(freq[f], 1);
    for (size_t e = 0; e < p->nout[f]; e++) {
      int ci = p->out[f][e];
      if (!carries(p, r, ci)) continue;
      int g = p->calls.items[ci].callee;
      incoming[g] = fmin(incoming[g] + scale(freq[f], p->calls.items[ci].loop_depth), FREQ_CAP);
    }
  }
  for (size_t f = 0; f < n; f++) {
    r->heat[f] = freq[f] > 1 ? log10(freq[f]) : 0;
    r->best_in[f] = best_caller(p, r, freq, (int)f);
  }
  return CA_OK;
}
