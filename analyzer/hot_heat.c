/* hot_heat.c: how often each function runs, estimated from the call graph.
 *
 * The call graph's strongly connected components are visited in topological
 * order (Kahn). A component's frequency is the sum, over the calls into it
 * from other components, of caller frequency x 10^loop depth of the call; a
 * component nobody calls runs once; a recursive component is multiplied by
 * 10 (recursion counts as one loop). Indirect calls count once resolved
 * (--pointer); an unresolved one (callee -1) brings no heat.
 * Invariant: heat[f] = log10(frequency) >= 0, finite (frequencies are capped). */
#include "callgraph.h"
#include "hot.h"
#include <math.h>
#include <stdlib.h>

enum { LOOP_FACTOR = 10, MAX_DEPTH = 30 };
static const double FREQ_CAP = 1e250;

static double scale(double f, unsigned depth) {
  f *= pow(LOOP_FACTOR, depth > MAX_DEPTH ? MAX_DEPTH : depth);
  return f > FREQ_CAP ? FREQ_CAP : f;
}

typedef struct heat_state {
  const ca_program *p;
  int *comp;
  size_t ncomp;
  int *members, *first;   /* functions bucketed by component: members[first[c]..first[c+1]) */
  size_t *indeg;
  double *incoming, *freq; /* per component */
} heat_state;

static bool setup(heat_state *h, arena *a) {
  const ca_program *p = h->p;
  size_t n = p->funcs.len;
  h->comp = arena_alloc(a, (n + 1) * sizeof *h->comp);
  return h->comp != NULL;
}

static bool bucket(heat_state *h, arena *a) {
  size_t n = h->p->funcs.len, nc = h->ncomp;
  h->first = arena_alloc(a, (nc + 2) * sizeof *h->first);
  h->members = arena_alloc(a, (n + 1) * sizeof *h->members);
  h->indeg = arena_alloc(a, (nc + 1) * sizeof *h->indeg);
  h->incoming = arena_alloc(a, (nc + 1) * sizeof *h->incoming);
  h->freq = arena_alloc(a, (nc + 1) * sizeof *h->freq);
  if (!h->first || !h->members || !h->indeg || !h->incoming || !h->freq) return false;
  for (size_t f = 0; f < n; f++) h->first[h->comp[f] + 1]++;
  for (size_t c = 0; c < nc; c++) h->first[c + 1] += h->first[c];
  int *fill = arena_alloc(a, (nc + 1) * sizeof *fill);
  if (!fill) return false;
  for (size_t f = 0; f < n; f++) {
    int c = h->comp[f];
    h->members[h->first[c] + fill[c]++] = (int)f;
  }
  for (size_t i = 0; i < h->p->calls.len; i++) {
    const prog_call *c = &h->p->calls.items[i];
    if (c->callee >= 0 && h->comp[c->caller] != h->comp[c->callee]) h->indeg[h->comp[c->callee]]++;
  }
  return true;
}

/* Finishes component c (all its callers are done) and feeds its callees. */
static void settle(heat_state *h, const bool *recursive, int c, int *queue, size_t *tail) {
  const ca_program *p = h->p;
  double f = h->incoming[c] > 0 ? h->incoming[c] : 1;
  if (recursive[h->members[h->first[c]]]) f = scale(f, 1);
  h->freq[c] = f;
  for (int k = h->first[c]; k < h->first[c + 1]; k++) {
    int fn = h->members[k];
    for (size_t e = 0; e < p->nout[fn]; e++) {
      const prog_call *call = &p->calls.items[p->out[fn][e]];
      int d = h->comp[call->callee];
      if (d == c) continue;
      h->incoming[d] = fmin(h->incoming[d] + scale(f, call->loop_depth), FREQ_CAP);
      if (--h->indeg[d] == 0) queue[(*tail)++] = d;
    }
  }
}

/* The incoming call that brings f the most: its caller's frequency times
 * 10^depth, the first such call on ties. Self calls bring nothing. */
static int best_caller(const heat_state *h, int f) {
  const ca_program *p = h->p;
  int best = -1;
  double most = -1;
  for (size_t e = 0; e < p->nin[f]; e++) {
    int ci = p->in[f][e];
    const prog_call *call = &p->calls.items[ci];
    if (call->caller == f) continue;
    double w = scale(h->freq[h->comp[call->caller]], call->loop_depth);
    if (w > most) most = w, best = ci;
  }
  return best;
}

ca_status hot_heat(const ca_program *p, hot_result *r) {
  arena *a = r->arena;
  size_t n = p->funcs.len;
  heat_state h = {.p = p};
  r->heat = arena_alloc(a, (n + 1) * sizeof *r->heat);
  r->best_in = arena_alloc(a, (n + 1) * sizeof *r->best_in);
  r->recursive = arena_alloc(a, (n + 1) * sizeof *r->recursive);
  if (!r->heat || !r->best_in || !r->recursive || !setup(&h, a)) return CA_ERR_NOMEM;
  callgraph_scc(p, h.comp, r->recursive);
  h.ncomp = 0;
  for (size_t f = 0; f < n; f++)
    if ((size_t)h.comp[f] + 1 > h.ncomp) h.ncomp = (size_t)h.comp[f] + 1;
  int *queue = arena_alloc(a, (h.ncomp + 1) * sizeof *queue);
  if (!queue || !bucket(&h, a)) return CA_ERR_NOMEM;
  size_t head = 0, tail = 0;
  for (size_t c = 0; c < h.ncomp; c++)
    if (h.indeg[c] == 0) queue[tail++] = (int)c;
  while (head < tail) settle(&h, r->recursive, queue[head++], queue, &tail);
  for (size_t f = 0; f < n; f++) {
    double fr = h.freq[h.comp[f]];
    r->heat[f] = fr > 1 ? log10(fr) : 0;
    r->best_in[f] = best_caller(&h, (int)f);
  }
  return CA_OK;
}
