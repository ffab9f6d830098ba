/* hot_heat.c: how often each function runs, estimated from the call graph.
 *
 * Only calls that can carry execution count: not calls to functions that
 * never return (error raisers: their type says __attribute__((noreturn))),
 * and not resolved pointer targets that cannot take the call's arguments
 * (hot_call_fits). Over those calls, a function's frequency is
 *   the sum over the call paths of PATH_LEVELS calls that reach it (or fewer,
 *   from an entry point: a function nobody calls, which runs once) of the
 *   product, along the path, of 10^loop depth of each call (divided by the
 *   number of fitting targets for a call via a pointer),
 * computed as PATH_LEVELS rounds of f'(g) = [g is an entry] + sum over calls
 * into g of f(caller) x weight, from f = 1 everywhere. A chain of plain calls
 * keeps frequency 1; fan-in and loops multiply.
 * A call that closes a cycle (a back edge) carries only a trickle
 * (BACK_TRICKLE of its frequency): a recursion runs as often as it is
 * entered, and a cycle's return edge carrying everything would feed its own
 * head and every function below it round after round (the recursive *Dup
 * functions of an SQL parser outranked the statement loop). Carrying
 * nothing lost the hot way back into a cycle entered elsewhere: with
 * --pointer, the search enters Lua's VM cycle at ccall from main's one
 * protected call, so luaD_call -> ccall, taken by every lua_call and
 * metamethod, is the back edge. The trickle keeps that order of magnitude
 * and is too small to feed a head (0.1%: from 1e-4 to 1e-2 Lua --pointer
 * went 3/10 -> 4/10, no other program moved; 0.03 cost Redis 0.67 -> 0.49).
 * Which call closes a cycle depends on where the search enters it: a
 * depth-first search from main (then the other entry points, then what no
 * entry reaches), taking each function's most frequent calls first, enters
 * a cycle the way the program most often does. A function in a cycle of
 * carrying calls (a strongly connected component: callgraph_scc) is then
 * multiplied as a loop is, by its expected trips: a cycle that comes back
 * with probability q per pass runs 1/(1 - q) times per entry (the
 * geometric series Wu and Larus use for a loop's back edge). q is the
 * product of the calls' frequencies (hot_cycle_freq: only the heuristics
 * that mark a side exceptional count, as a recursion's base case is its
 * loop exit) along the most probable way from a head (a function a back
 * edge returns to) round the component and back to it, the largest over
 * the component's heads (cycle_returns), at most 0.9 (10 trips, as for
 * a loop): a recursion behind an error path or a growth check (q = 0.02)
 * adds almost nothing, a list or tree walk counts as one loop. As a
 * loop's trips reach what the loop calls, a call out of the cycle runs
 * on every pass (Lua's table resize recurses through re-insertion, and
 * the hash part it allocates each time is made in a function outside the
 * cycle).
 *
 * In a tree that builds several programs (several mains), the rounds run
 * once per program over what it reaches (hot_programs.c), and a function
 * runs as often as in the program where it runs most: the code programs
 * share does not add up what every program's loops bring it.
 *
 * A call behind a condition that tests a parameter of its function against
 * a constant (if (trymalloc), if (size == 0)) runs as its callers'
 * constant arguments decide (resolve_args), and the frequencies are
 * computed again with those local frequencies.
 * Why bounded paths: summing over all paths of a whole program compounds
 * every loop on every chain (Lua's core is one big cycle through the VM,
 * metamethods and the collector), which ranks functions by how deep they
 * sit, not by how often they run; collapsing each cycle to one frequency
 * loses all difference inside it. Eight levels were best against run-time
 * counts on Lua (bench/hot_results.md). The sum keeps the signal that
 * matters most: fan-in from many loops (string creation in Lua).
 * Invariant: heat[f] = log10(frequency) >= 0 and finite (capped). */
#include "hotspots/hot.h"
#include "callgraph.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { PATH_LEVELS = 8 };
static const double MAX_RETURN = 0.9; /* a cycle's trips are at most 1 / (1 - 0.9) */
static const double FREQ_CAP = 1e250;
static const double BACK_TRICKLE = 0.001; /* what a back edge carries */

/* x, at most FREQ_CAP (as fmin, a NaN too); inline: the rounds call it
 * for every carrying call, and libm's fmin is a call. */
static inline double capped(double x) { return x < FREQ_CAP ? x : FREQ_CAP; }

/* Declared noreturn (an error raiser), or a body that ends the process
 * (a tool's second main that exits): either runs at most once per run, so
 * no loop around its call repeats it. */
static bool never_returns(const prog_func *f) {
  return f->ends_process || (f->type && strstr(f->type, "__attribute__((noreturn))"));
}

typedef struct heat {
  const ca_program *p;
  hot_result *r;
  arena *a;
  bool *carry;         /* per call */
  double *local;       /* per call: executions per entry of its caller (hot_freq.c) */
  double *cycle;       /* per call: the same as part of a cycle (hot_cycle_freq) */
  unsigned *fits;      /* per indirect site: fitting targets */
  bool *root;          /* per function: a search root no entry point reaches */
  int *comp;           /* per function: its strongly connected component */
  double *ret;         /* per component: the largest return probability of its cycles */
  hot_programs progs;  /* the programs of a tree with several mains */
} heat;

/* Per indirect site, its carrying targets (among the functions in, all
 * when NULL): what a call through the pointer splits its frequency among. */
static void count_fits(const heat *h, const unsigned char *in, unsigned *fits) {
  const ca_program *p = h->p;
  memset(fits, 0, (p->isites.len + 1) * sizeof *fits);
  for (size_t ci = 0; ci < p->calls.len; ci++) {
    const prog_call *c = &p->calls.items[ci];
    if (h->carry[ci] && c->indirect && c->site >= 0 && (size_t)c->site < p->isites.len &&
        (!in || (in[c->caller] && in[c->callee])))
      fits[c->site]++;
  }
}

static bool mark_carry(heat *h) {
  const ca_program *p = h->p;
  h->carry = arena_alloc(h->a, (p->calls.len + 1) * sizeof *h->carry);
  h->fits = arena_alloc(h->a, (p->isites.len + 1) * sizeof *h->fits);
  h->local = arena_alloc(h->a, (p->calls.len + 1) * sizeof *h->local);
  h->cycle = arena_alloc(h->a, (p->calls.len + 1) * sizeof *h->cycle);
  if (!h->carry || !h->fits || !h->local || !h->cycle) return false;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    h->local[i] = hot_local_freq(p, h->r, c), h->cycle[i] = hot_cycle_freq(p, h->r, c);
    h->carry[i] = c->callee >= 0 && hot_call_fits(p, c) && !never_returns(&p->funcs.items[c->callee]);
  }
  count_fits(h, NULL, h->fits);
  return true;
}

/* Frequency call ci passes on from a caller running freq times, when ci
 * runs per times per entry of it: a call via a pointer splits it among
 * the fitting targets. */
static unsigned split(const heat *h, const prog_call *c) {
  return c->indirect && c->site >= 0 && (size_t)c->site < h->p->isites.len ? h->fits[c->site] : 1;
}

static double pass(const heat *h, int ci, double freq, double per) {
  double f = capped(freq * per);
  unsigned n = split(h, &h->p->calls.items[ci]);
  return n > 1 ? f / n : f;
}

static double through(const heat *h, int ci, double freq) { return pass(h, ci, freq, h->local[ci]); }

/* ---- frequencies over bounded call paths ---- */

/* Entry points (no carrying call from another function) run once. */
static bool is_entry(const heat *h, int f) {
  const ca_program *p = h->p;
  for (size_t e = 0; e < p->nin[f]; e++)
    if (h->carry[p->in[f][e]] && p->calls.items[p->in[f][e]].caller != f) return false;
  return true;
}

/* The return probability of f's cycle (cycle_returns), at most
 * MAX_RETURN. */
static double cycle_return(const heat *h, int f) { return fmin(h->ret[h->comp[f]], MAX_RETURN); }

/* Expected passes per entry of the cycle f is in, 1 / (1 - q); 1
 * outside cycles. */
static double cycle_trips(const heat *h, int f) { return h->r->recursive[f] ? 1 / (1 - cycle_return(h, f)) : 1; }

/* Expected passes of a cycle through f per entry of the cycle, as seen
 * from callee g: a call out of the cycle runs on every pass, a call
 * inside it is counted once, by the multiplier that frequencies() applies
 * to every member at the end. */
static double trips(const heat *h, int f, int g) {
  return h->comp[g] == h->comp[f] ? 1 : cycle_trips(h, f);
}

static bool is_start(const heat *h, int f) { return h->root[f] || is_entry(h, f); }

/* A carrying call as brings() reads it, looked up once: frequencies()
 * keeps the list for its PATH_LEVELS rounds. */
typedef struct edge {
  int from, to;
  double trip, per;    /* trips(from, to); the local frequency */
  unsigned split;      /* fitting targets of a call via a pointer */
  int site;            /* its indirect site, or -1 */
  bool back;
} edge;

static edge edge_of(const heat *h, size_t ci) {
  const prog_call *c = &h->p->calls.items[ci];
  int site = c->indirect && c->site >= 0 && (size_t)c->site < h->p->isites.len ? c->site : -1;
  return (edge){c->caller, c->callee, trips(h, c->caller, c->callee), h->local[ci], split(h, c), site,
                h->r->back[ci]};
}

/* What the call brings its callee when its caller runs freq[from] times:
 * on every pass of a cycle it leaves, a trickle if it closes one. */
static double edge_brings(const edge *e, const double *freq) {
  double f = capped(freq[e->from] * e->trip * e->per);
  f = e->split > 1 ? f / e->split : f;
  return e->back ? f * BACK_TRICKLE : f;
}

static double brings(const heat *h, int ci, const double *freq) {
  edge e = edge_of(h, (size_t)ci);
  return edge_brings(&e, freq);
}

static edge *carrying_edges(const heat *h, size_t *m) {
  const ca_program *p = h->p;
  edge *e = arena_alloc(h->a, (p->calls.len + 1) * sizeof *e);
  *m = 0;
  for (size_t ci = 0; e && ci < p->calls.len; ci++)
    if (h->carry[ci] && p->calls.items[ci].caller != p->calls.items[ci].callee) e[(*m)++] = edge_of(h, ci);
  return e;
}

/* A call via a pointer inside one program splits among the targets
 * that program reaches (fits: per indirect site, counted here). */
static void program_splits(const heat *h, const unsigned char *in, unsigned *fits, edge *edges, size_t m) {
  count_fits(h, in, fits);
  for (edge *e = edges; e < edges + m; e++)
    if (e->site >= 0) e->split = fits[e->site] ? fits[e->site] : 1;
}

/* PATH_LEVELS rounds over the carrying calls among the functions in
 * (all when NULL), from the entry points among them. */
static void paths(const heat *h, const edge *edges, size_t m, const unsigned char *in, bool *entry,
                  double *prev, double *freq) {
  size_t n = h->p->funcs.len;
  for (size_t f = 0; f < n; f++) freq[f] = !in || in[f], entry[f] = freq[f] > 0 && is_start(h, (int)f);
  for (int k = 0; k < PATH_LEVELS; k++) {
    memcpy(prev, freq, n * sizeof *prev);
    for (size_t f = 0; f < n; f++) freq[f] = entry[f];
    for (const edge *e = edges; e < edges + m; e++)
      if (!in || (in[e->from] && in[e->to])) freq[e->to] = capped(freq[e->to] + edge_brings(e, prev));
  }
}

/* A function a program of the tree reaches runs as often as in the
 * program where it runs most (hot_programs.c); the rest as in the whole
 * tree. */
static bool frequencies(heat *h, double *freq) {
  const ca_program *p = h->p;
  size_t n = p->funcs.len, m;
  double *prev = arena_alloc(h->a, (n + 1) * sizeof *prev);
  bool *entry = arena_alloc(h->a, n + 1);
  edge *edges = carrying_edges(h, &m);
  if (!prev || !entry || !edges) return false;
  paths(h, edges, m, NULL, entry, prev, freq);
  if (h->progs.n) {
    double *one = arena_alloc(h->a, (n + 1) * sizeof *one), *most = arena_alloc(h->a, (n + 1) * sizeof *most);
    if (!one || !most) return false;
    for (size_t f = 0; f < n; f++) most[f] = -1;
    unsigned *fits = arena_alloc(h->a, (p->isites.len + 1) * sizeof *fits);
    edge *own = arena_alloc(h->a, (m + 1) * sizeof *own);
    if (!fits || !own) return false;
    for (size_t k = 0; k < h->progs.n; k++) {
      memcpy(own, edges, m * sizeof *own);
      program_splits(h, h->progs.reach[k], fits, own, m);
      paths(h, own, m, h->progs.reach[k], entry, prev, one);
      for (size_t f = 0; f < n; f++)
        if (h->progs.reach[k][f]) most[f] = fmax(most[f], one[f]);
    }
    for (size_t f = 0; f < n; f++)
      if (most[f] >= 0) freq[f] = most[f];
  }
  for (size_t f = 0; f < n; f++)
    if (h->r->recursive[f]) freq[f] = capped(freq[f] / (1 - cycle_return(h, (int)f)));
  return true;
}

/* The programs of a tree with several mains (hot_programs.c). */
static bool find_programs(heat *h) {
  size_t n = h->p->funcs.len;
  bool *start = arena_alloc(h->a, n + 1);
  if (!start) return false;
  for (size_t f = 0; f < n; f++) start[f] = is_start(h, (int)f);
  return hot_programs_find(h->p, h->carry, start, h->a, &h->progs) == CA_OK;
}

/* Does a condition around c test a parameter of its function? */
static bool tests_param(const prog_call *c) {
  for (unsigned i = 0; c->ptests && i < c->narms && i < FACTS_MAXARMS; i++)
    if (c->ptests[i].param) return true;
  return false;
}

/* A call behind a test of its function's parameter runs, per entry, as
 * the callers' constant arguments decide: the average over the calls
 * into the function, weighted by the frequency each brings (an entry
 * point's own start counts 1, undecided), of the estimate with what its
 * arguments decide (hot_args_freq). _sdsnewlen(init, len, trymalloc) is
 * called with trymalloc 0 but by one function; Lua's luaH_new calls
 * setnodevector(L, t, 0), whose allocation is behind `if (size == 0) ..
 * else`. One level: a constant passed on through a parameter is not
 * followed. *any: some call had such a test (otherwise the frequencies
 * stand as they are). */
static bool resolve_args(heat *h, const double *freq, bool *any) {
  const ca_program *p = h->p;
  double *local = arena_alloc(h->a, (p->calls.len + 1) * sizeof *local);
  if (!local) return false;
  memcpy(local, h->local, p->calls.len * sizeof *local);
  for (size_t ci = 0; ci < p->calls.len; ci++) {
    const prog_call *c = &p->calls.items[ci];
    if (!tests_param(c) && !hot_loop_bound_by_param(p, c)) continue;
    *any = true;
    int g = c->caller;
    double total = is_start(h, g), sum = total * h->local[ci];
    for (size_t e = 0; e < p->nin[g]; e++) {
      int in = p->in[g][e];
      const prog_call *ic = &p->calls.items[in];
      if (!h->carry[in] || ic->caller == g) continue;
      double w = brings(h, in, freq);
      total += w, sum += w * hot_args_freq(p, h->r, c, ic, h->local[ci]) * hot_loop_args_factor(p, c, ic);
    }
    if (total > 0) local[ci] = fmax(sum / total, 1e-12);
  }
  h->local = local;
  return true;
}

/* The carrying call that brings f the most (the first on ties). */
static int best_caller(const heat *h, const double *freq, int f) {
  const ca_program *p = h->p;
  int best = -1;
  double most = -1;
  for (size_t e = 0; e < p->nin[f]; e++) {
    int ci = p->in[f][e];
    const prog_call *c = &p->calls.items[ci];
    if (!h->carry[ci] || h->r->back[ci] || c->caller == f) continue;
    double w = through(h, ci, freq[c->caller]);
    if (w > most) most = w, best = ci;
  }
  return best;
}

/* ---- back edges and recursion heads ---- */

typedef struct out_call { double freq; int call; } out_call;

static int most_frequent_first(const void *pa, const void *pb) {
  const out_call *a = pa, *b = pb;
  if (a->freq != b->freq) return a->freq > b->freq ? -1 : 1;
  return a->call - b->call;
}

/* Per function, its carrying calls, most frequent first (ties in call
 * order): the order the search follows. */
static int **ordered_calls(heat *h) {
  const ca_program *p = h->p;
  int **order = arena_alloc(h->a, (p->funcs.len + 1) * sizeof *order);
  out_call *tmp = arena_alloc(h->a, (p->calls.len + 1) * sizeof *tmp);
  if (!order || !tmp) return NULL;
  for (size_t f = 0; f < p->funcs.len; f++) {
    size_t k = 0;
    for (size_t e = 0; e < p->nout[f]; e++) {
      int ci = p->out[f][e];
      if (h->carry[ci]) tmp[k++] = (out_call){through(h, ci, 1), ci};
    }
    qsort(tmp, k, sizeof *tmp, most_frequent_first);
    order[f] = arena_alloc(h->a, (k + 1) * sizeof **order);
    if (!order[f]) return NULL;
    for (size_t i = 0; i < k; i++) order[f][i] = tmp[i].call;
    order[f][k] = -1;
  }
  return order;
}

/* Marks the back edges and heads the search from root meets (their
 * cycles' return probabilities are cycle_returns'). */
static void dfs_from(heat *h, int **order, int root, unsigned char *state, int *path, size_t *next) {
  size_t pp = 0;
  path[pp++] = root, state[root] = 1;
  while (pp) {
    int f = path[pp - 1];
    int ci = order[f][next[f]];
    if (ci >= 0) {
      next[f]++;
      int g = h->p->calls.items[ci].callee;
      if (state[g] == 1) h->r->back[ci] = true, h->r->head[g] = true;
      else if (state[g] == 0) path[pp++] = g, state[g] = 1;
      continue;
    }
    state[f] = 2;
    pp--;
  }
}

/* The calls inside each component, bucketed by component: those of
 * component k are edges[start[k] .. start[k + 1]). */
typedef struct comp_calls { size_t *start; int *edges; unsigned *members; } comp_calls;

static bool inside(const heat *h, size_t ci) {
  const prog_call *c = &h->p->calls.items[ci];
  return h->carry[ci] && h->comp[c->caller] == h->comp[c->callee];
}

static bool bucket_calls(heat *h, comp_calls *cc) {
  size_t n = h->p->funcs.len, m = h->p->calls.len;
  cc->start = arena_alloc(h->a, (n + 2) * sizeof *cc->start);
  cc->edges = arena_alloc(h->a, (m + 1) * sizeof *cc->edges);
  cc->members = arena_alloc(h->a, (n + 1) * sizeof *cc->members);
  size_t *fill = arena_alloc(h->a, (n + 1) * sizeof *fill);
  if (!cc->start || !cc->edges || !cc->members || !fill) return false;
  memset(cc->start, 0, (n + 2) * sizeof *cc->start);
  memset(cc->members, 0, (n + 1) * sizeof *cc->members);
  for (size_t ci = 0; ci < m; ci++)
    if (inside(h, ci)) cc->start[h->comp[h->p->calls.items[ci].caller] + 1]++;
  for (size_t k = 0; k < n; k++) cc->start[k + 1] += cc->start[k], cc->members[h->comp[k]]++;
  memcpy(fill, cc->start, (n + 1) * sizeof *fill);
  for (size_t ci = 0; ci < m; ci++)
    if (inside(h, ci)) cc->edges[fill[h->comp[h->p->calls.items[ci].caller]]++] = (int)ci;
  return true;
}

/* Any q past MAX_RETURN counts as MAX_RETURN: a cap keeps a cycle whose
 * loops multiply (a product above 1) finite. */
static const double CYCLE_CAP = 1e6;

/* The most probable way from head g round its component and back:
 * best[f] is the largest product of cycle frequencies on a way from g to
 * f inside the component, by relaxation (a round per member at most). */
static double way_round(const heat *h, const comp_calls *cc, int g, double *best) {
  const ca_program *p = h->p;
  int k = h->comp[g];
  const int *e0 = cc->edges + cc->start[k], *e1 = cc->edges + cc->start[k + 1];
  for (const int *e = e0; e < e1; e++) best[p->calls.items[*e].caller] = best[p->calls.items[*e].callee] = 0;
  best[g] = 1;
  bool changed = true;
  for (unsigned round = 0; changed && round <= cc->members[k]; round++) {
    changed = false;
    for (const int *e = e0; e < e1; e++) {
      const prog_call *c = &p->calls.items[*e];
      if (c->callee == g || best[c->caller] <= 0) continue;
      double v = fmin(pass(h, *e, best[c->caller], h->cycle[*e]), CYCLE_CAP);
      if (v > best[c->callee] * (1 + 1e-9)) best[c->callee] = v, changed = true;
    }
  }
  double q = 0;
  for (const int *e = e0; e < e1; e++)
    if (p->calls.items[*e].callee == g) q = fmax(q, pass(h, *e, best[p->calls.items[*e].caller], h->cycle[*e]));
  return q;
}

/* A component's return probability over every way round each of its
 * heads, not only the ways the search closed: the search follows the
 * most frequent call first, so it can meet a recursion on a rare route
 * (an error report that prints a subtree) and reach the common one (the
 * walk over the children) only as a plain call, and which one it takes
 * would decide the recursion's trips (fixtures/hot/recursion walk.c). */
static bool cycle_returns(heat *h) {
  comp_calls cc;
  double *best = arena_alloc(h->a, (h->p->funcs.len + 1) * sizeof *best);
  if (!best || !bucket_calls(h, &cc)) return false;
  for (size_t g = 0; g < h->p->funcs.len; g++)
    if (h->r->head[g]) h->ret[h->comp[g]] = fmax(h->ret[h->comp[g]], way_round(h, &cc, (int)g, best));
  return true;
}

static bool back_edges(heat *h) {
  const ca_program *p = h->p;
  size_t n = p->funcs.len;
  unsigned char *state = arena_alloc(h->a, n + 1);
  int *path = arena_alloc(h->a, (n + 1) * sizeof *path);
  size_t *next = arena_alloc(h->a, (n + 1) * sizeof *next);
  h->root = arena_alloc(h->a, n + 1);
  int **order = ordered_calls(h);
  if (!state || !path || !next || !h->root || !order) return false;
  /* main first, then the other entry points, then what none reaches */
  for (int pass = 0; pass < 3; pass++)
    for (size_t f = 0; f < n; f++) {
      if (state[f]) continue;
      bool start = pass == 0 ? p->funcs.items[f].name && strcmp(p->funcs.items[f].name, "main") == 0 &&
                                   p->funcs.items[f].defined && is_entry(h, (int)f)
                 : pass == 1 ? is_entry(h, (int)f) : true;
      if (!start) continue;
      h->root[f] = pass == 2;
      dfs_from(h, order, (int)f, state, path, next);
    }
  return true;
}

ca_status hot_heat(const ca_program *p, hot_result *r) {
  size_t n = p->funcs.len;
  heat h = {.p = p, .r = r, .a = r->arena};
  double *freq = arena_alloc(h.a, (n + 1) * sizeof *freq);
  r->heat = arena_alloc(h.a, (n + 1) * sizeof *r->heat);
  r->best_in = arena_alloc(h.a, (n + 1) * sizeof *r->best_in);
  r->recursive = arena_alloc(h.a, (n + 1) * sizeof *r->recursive);
  r->trips = arena_alloc(h.a, (n + 1) * sizeof *r->trips);
  r->head = arena_alloc(h.a, (n + 1) * sizeof *r->head);
  r->back = arena_alloc(h.a, (p->calls.len + 1) * sizeof *r->back);
  if (!freq || !r->heat || !r->best_in || !r->recursive || !r->trips || !r->head || !r->back ||
      !mark_carry(&h))
    return CA_ERR_NOMEM;
  h.comp = arena_alloc(h.a, (n + 1) * sizeof *h.comp);
  h.ret = arena_alloc(h.a, (n + 1) * sizeof *h.ret);
  if (!h.comp || !h.ret) return CA_ERR_NOMEM;
  ca_status s = callgraph_scc(p, h.carry, h.comp, r->recursive); /* over carrying calls only */
  if (s != CA_OK) return s;
  if (!back_edges(&h) || !cycle_returns(&h) || !find_programs(&h) || !frequencies(&h, freq))
    return CA_ERR_NOMEM;
  bool any = false;
  if (!resolve_args(&h, freq, &any) || (any && !frequencies(&h, freq))) return CA_ERR_NOMEM;
  r->local = h.local;
  for (size_t f = 0; f < n; f++) {
    r->heat[f] = freq[f] > 1 ? log10(freq[f]) : 0;
    r->best_in[f] = best_caller(&h, freq, (int)f);
    r->trips[f] = cycle_trips(&h, (int)f);
  }
  return CA_OK;
}
