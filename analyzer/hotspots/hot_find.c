/* hot_find.c: turns call sites into ranked findings.
 *
 * Reported allocation sites are calls to an allocator or wrapper, except the
 * call inside a wrapper that makes it one (its callers' sites are reported
 * instead: the outermost wrapper's call site, where a programmer can act).
 * A wrapper nobody calls directly keeps its inner site, so nothing is lost.
 * Pattern kinds need heat: the site is in a loop or called from one.
 * Score = heat + a small bonus for patterns that waste more than the count
 * suggests (quadratic copying, transient buffers, large clears).
 * Invariant: at most one finding per call site; sorted as hot.h says. */
#include "hotspots/hot.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SMALL_ALLOC = 64, SMALL_IO = 256, LARGE_CLEAR = 16384, MAX_PATH = 8 };
/* An allocation's kind says what it costs on a hot path: one loop's
 * worth of runs (LOOP_TRIP, 10) per run of the program. A lock, a
 * clear or a small transfer is a finding only where a loop repeats it
 * (in_repetition), and its advice (take it out of the loop, batch it)
 * holds for any loop that runs more than once, short or not: twice per
 * run is enough. A loop up to a variable is 3 trips (FACTS_TRIP_COUNT),
 * a walk 2. */
static const double HOT = 1.0, REPEATS = 0.30103; /* log10(10), log10(2) */

static const double bonus[HOT_NKINDS] = {
    [HOT_SMALL] = 0.5, [HOT_REALLOC_GROW] = 1.0, [HOT_TRANSIENT] = 1.0,
    [HOT_LARGE_CLEAR] = 1.0, [HOT_LOCK] = 0.5, [HOT_SMALL_IO] = 0.5};

typedef struct finder {
  const ca_program *p;
  hot_result *r;
  const hot_model *models;
  VEC(hot_finding) out;
  unsigned char *on_path; /* per function, while a path is built */
} finder;

static bool loop_inside(const ca_program *p, int inner, int outer) {
  for (int guard = 0; inner >= 0 && guard < 256; guard++, inner = p->loops.items[inner].parent)
    if (inner == outer) return true;
  return false;
}

/* How often c runs per entry of its function, with what its callers'
 * constant arguments decide (hot_heat.c). */
static double local_of(const finder *fd, const prog_call *c) {
  return fd->r->local[c - fd->p->calls.items];
}

/* The variable that holds what c allocates (model m): its result's, or
 * the one whose address it is given for an allocator that stores through
 * an argument (asprintf(&s, ..), make(&obj)); NULL when not a variable. */
static const char *held_in(const prog_call *c, const hot_model *m) {
  if (m->out_arg < 0) return c->result_var;
  return c->out_arg == m->out_arg + 1 ? c->out_var : NULL;
}

/* Is the object c allocates freed by its own function in the same iteration
 * of c's innermost loop? Matched by variable name (held_in / arg0_var);
 * a free right before a return (error handling) does not count. */
static bool freed_in_loop(const finder *fd, const prog_call *c, const char *var) {
  const ca_program *p = fd->p;
  if (c->loop < 0 || !var) return false;
  for (size_t e = 0; e < p->nout[c->caller]; e++) {
    const prog_call *d = &p->calls.items[p->out[c->caller][e]];
    const hot_model *m = &fd->models[d->callee];
    if (m->role == ROLE_FREE && m->ptr_arg == 0 && d->arg0_var &&
        d->arg_grow[0] != FACTS_GROW_EXIT && /* an error path, not the iteration's end */
        strcmp(d->arg0_var, var) == 0 && loop_inside(p, d->loop, c->loop))
      return true;
  }
  return false;
}

static bool reported_alloc(const finder *fd, const prog_call *c, const hot_model *m) {
  if (m->role != ROLE_ALLOC && m->role != ROLE_FILL) return false;
  if (hot_folded(fd->p, fd->r, fd->models, c)) return false;
  return !(c->loop_depth == 0 && fd->p->nin[c->caller] > 0 && hot_wrapping(fd->p, fd->r, fd->models, c));
}

/* Is c's innermost loop a grow-and-retry loop (trip exactly 1)? */
static bool retry_loop(const ca_program *p, const prog_call *c) {
  return c->loop >= 0 && (size_t)c->loop < p->loops.len && p->loops.items[c->loop].trip == 1;
}

/* Is c on the side of a condition that the grow or cache heuristic says is
 * rare (the growth behind a capacity check, the fill of a cache)? Not when
 * the callers' constant arguments take that side anyway (dup(s, NULL)
 * allocates on every call): then c runs at least every other time. */
static int rare_side(const finder *fd, const prog_call *c) {
  if (local_of(fd, c) >= 0.5) return -1;
  for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++) {
    if (FACTS_ARM_RARE(c->arms[i], FACTS_HINT_GROW)) return FACTS_HINT_GROW;
    if (FACTS_ARM_RARE(c->arms[i], FACTS_HINT_CACHE)) return FACTS_HINT_CACHE;
  }
  return -1;
}

/* Does f's recursion repeat what it calls: does its cycle come back at
 * least as often as it leaves (two passes per entry or more, as REPEATS
 * asks of a site)? A cycle closed only through a rare side (a push that,
 * past its queue's limit, reports and queues a note of its own: 1.05
 * passes) is recursion in the graph, not a repetition to take a call out
 * of or to explain a finding's heat by. */
static bool repeats_by_recursion(const finder *fd, int f) {
  return fd->r->recursive[f] && fd->r->trips[f] >= 2;
}

/* Walks the hottest callers back from function f up to the nearest call
 * made inside a loop (or into a recursion head): that loop is what
 * repeats f. Fills buf with the calls walked, innermost first (at most
 * MAX_PATH), returns how many, and says in *reached whether such a loop
 * ended the walk. */
static int walk_path(finder *fd, int f, int *buf, bool *reached) {
  const ca_program *p = fd->p;
  int n = 0, from = f;
  *reached = false;
  fd->on_path[f] = 1;
  while (!*reached && n < MAX_PATH && fd->r->heat[f] > 0 && fd->r->best_in[f] >= 0) {
    int ci = fd->r->best_in[f];
    const prog_call *c = &p->calls.items[ci];
    if (fd->on_path[c->caller]) break;
    buf[n++] = ci, fd->on_path[c->caller] = 1, f = c->caller;
    *reached = c->loop_depth > 0 || (fd->r->head[c->callee] && repeats_by_recursion(fd, c->callee));
  }
  for (int i = 0; i < n; i++) fd->on_path[p->calls.items[buf[i]].caller] = 0;
  fd->on_path[from] = 0;
  return n;
}

/* Does c repeat: in a loop of its own, in a recursion, or below one on
 * its hottest callers' path (walk_path)? Fan-in alone (a logger called
 * from a few places) is no loop to take the call out of. */
static bool in_repetition(finder *fd, const prog_call *c) {
  if (c->loop_depth > 0 || repeats_by_recursion(fd, c->caller)) return true;
  int buf[MAX_PATH];
  bool reached;
  int n = walk_path(fd, c->caller, buf, &reached);
  for (int i = 0; i < n && !reached; i++)
    reached = repeats_by_recursion(fd, fd->p->calls.items[buf[i]].caller);
  return reached;
}

/* The kind of finding c is, or -1; *bytes gets the constant size if known. */
static int classify(finder *fd, const prog_call *c, const hot_model *m, double heat,
                    long long *bytes) {
  bool sized = hot_const_bytes(c, m, bytes);
  bool hot = heat >= HOT, repeats = heat >= REPEATS && in_repetition(fd, c);
  switch (m->role) {
  case ROLE_ALLOC: case ROLE_FILL:
    if (!reported_alloc(fd, c, m)) return -1;
    if (m->reuses) return -1; /* getline(&line, &cap, f) grows one buffer: nothing to fix */
    if (m->resizes && sized && *bytes == 0) return -1; /* a resize to 0 bytes frees */
    if (c->loop_depth && m->resizes && m->size_arg >= 0 && m->size_arg < FACTS_MAXARGS &&
        c->arg_grow[(int)m->size_arg] == FACTS_GROW_ADD)
      return HOT_REALLOC_GROW;
    /* a realloc, then a free of its pointer in the loop: growth with an exit path;
     * a grow-and-retry loop (vsnprintf until it fits) runs once per call */
    if (!m->resizes && !retry_loop(fd->p, c) && freed_in_loop(fd, c, held_in(c, m))) return HOT_TRANSIENT;
    if (rare_side(fd, c) >= 0) return HOT_ALLOC; /* a cache fill or amortised growth: the advice says so */
    if (hot && sized && m->zeroes && *bytes >= LARGE_CLEAR) return HOT_LARGE_CLEAR;
    if (hot && sized && *bytes > 0 && *bytes <= SMALL_ALLOC) return HOT_SMALL;
    return HOT_ALLOC;
  case ROLE_MEMSET: return repeats && sized && *bytes >= LARGE_CLEAR ? HOT_LARGE_CLEAR : -1;
  case ROLE_LOCK: return repeats ? HOT_LOCK : -1;
  case ROLE_IO: return repeats && sized && *bytes <= SMALL_IO ? HOT_SMALL_IO : -1;
  default: return -1;
  }
}

static const char *message(const finder *fd, const prog_call *c, const hot_model *m, const char *what,
                           int kind, long long bytes) {
  arena *a = fd->r->arena;
  switch (kind) {
  case HOT_SMALL:
    return arena_printf(a, "small allocation (%lld bytes, %s) on a hot path: combine values into "
                        "larger blocks or use a pool", bytes, what);
  case HOT_REALLOC_GROW:
    return arena_printf(a, "%s grows by a constant inside a loop: the copying is quadratic; grow "
                        "the capacity geometrically", what);
  case HOT_TRANSIENT:
    return arena_printf(a, "%s result '%s' is freed in the same loop iteration: reuse one buffer "
                        "or use the stack", what, held_in(c, m));
  case HOT_LARGE_CLEAR:
    return arena_printf(a, "%s clears %lld bytes inside a loop: clear once outside it, or only "
                        "what was used", what, bytes);
  case HOT_LOCK:
    return arena_printf(a, "%s inside a loop: batch the work, shard the lock, or take it outside "
                        "the loop", what);
  case HOT_SMALL_IO:
    return arena_printf(a, "%s of %lld byte%s inside a loop: buffer the data and transfer it in "
                        "larger blocks", what, bytes, bytes == 1 ? "" : "s");
  default:
    if (retry_loop(fd->p, c))
      return arena_printf(a, "allocation (%s) in a grow-and-retry loop (format until it fits): "
                          "one pass unless the text outgrows the buffer; start from a buffer "
                          "that usually fits", what);
    if (rare_side(fd, c) == FACTS_HINT_GROW)
      return arena_printf(a, "allocation (%s) behind a capacity check: amortised if the capacity "
                          "grows geometrically", what);
    if (rare_side(fd, c) == FACTS_HINT_CACHE)
      return arena_printf(a, "allocation (%s) fills a cache: once per key", what);
    /* a wrapper estimated to allocate now and then (a buffer it grows when
     * full, a message on failure): the call is no allocation on every pass,
     * and the estimate behind its rank is shown, to be checked */
    if (m->rate > 0 && m->rate < 0.5)
      return arena_printf(a, "allocation (%s, estimated to allocate on %.*f%% of its calls)", what,
                          m->rate >= 0.01 ? 0 : 1, m->rate * 100);
    if (fd->r->heat[c->caller] + log10(local_of(fd, c)) >= HOT)
      return arena_printf(a, "allocation (%s) on a hot path: reuse the memory, or allocate in bulk "
                          "outside the loop", what);
    return arena_printf(a, "allocation (%s)", what);
  }
}

/* The path from the loop that repeats the site (walk_path) down to it;
 * empty when no loop lies above: the site's own loops say it all. */
static void build_path(finder *fd, hot_finding *h) {
  int buf[MAX_PATH];
  bool reached;
  int n = walk_path(fd, h->site->caller, buf, &reached);
  if (!reached) n = 0;
  h->path = arena_alloc(fd->r->arena, (size_t)(n + 1) * sizeof *h->path);
  if (!h->path) return;
  for (int i = 0; i < n; i++) h->path[h->npath++] = buf[n - 1 - i];
}

typedef VEC(int) loopvec;

/* Appends loop and the loops around it, each once. A loop's parent is an
 * earlier loop, so the walk ends; the guard only bounds a damaged chain. */
static void add_loops(finder *fd, loopvec *v, int loop) {
  for (size_t guard = 0; loop >= 0 && guard <= fd->p->loops.len; guard++) {
    bool dup = false;
    for (size_t i = 0; i < v->len; i++) dup |= v->items[i] == loop;
    if (!dup && !VEC_PUSH(fd->r->arena, v, loop)) return; /* out of memory: the arena says so */
    loop = fd->p->loops.items[loop].parent;
  }
}

static void describe(finder *fd, hot_finding *h) {
  const ca_program *p = fd->p;
  loopvec loops = {0};
  build_path(fd, h);
  add_loops(fd, &loops, h->site->loop);
  h->recursion = repeats_by_recursion(fd, h->site->caller) ? h->site->caller : -1;
  for (size_t i = h->npath; i-- > 0;) {
    const prog_call *c = &p->calls.items[h->path[i]];
    add_loops(fd, &loops, c->loop);
    if (h->recursion < 0 && repeats_by_recursion(fd, c->caller)) h->recursion = c->caller;
  }
  h->loops = loops.items, h->nloops = loops.len;
}

/* Resolved targets of one indirect site are adjacent calls at the same
 * position: one finding per site, the first (highest-scoring kinds win in
 * ranking anyway). */
static bool same_site(const prog_call *a, const prog_call *b) {
  return a->caller == b->caller && a->line == b->line && a->col == b->col &&
         (a->file == b->file || (a->file && b->file && strcmp(a->file, b->file) == 0));
}

/* The share of wrapper call c's allocations that its constant arguments
 * leave (hot_args_freq of each call by which the wrapper makes memory):
 * check(t, NULL) never reaches the report behind `if (!out || ok)
 * return ok;`, check(t, &report) does. 1 when no argument decides. */
static double args_share(const finder *fd, const prog_call *c) {
  const ca_program *p = fd->p;
  if (c->callee < 0 || !fd->r->wrapper[c->callee]) return 1;
  double all = 0, left = 0;
  bool decided = false;
  for (size_t e = 0; e < p->nout[c->callee]; e++) {
    const prog_call *d = &p->calls.items[p->out[c->callee][e]];
    if (d->loop_depth || !(hot_wrapping(p, fd->r, fd->models, d) || hot_folded(p, fd->r, fd->models, d)))
      continue;
    hot_model through_ptr;
    const hot_model *m = hot_model_at(fd->models, d, &through_ptr);
    double rate = m->rate > 0 ? m->rate : 1;
    double local = hot_local_freq(p, fd->r, d);
    double made = local * rate, mine = hot_args_freq(p, fd->r, d, c, local) * rate;
    all += made, left += mine, decided |= mine != made;
  }
  return decided && all > 0 ? left / all : 1;
}

/* log10 of the site's estimated executions (times its allocator's rate:
 * a wrapper that allocates only when a buffer is full, and the share of
 * it the call's arguments leave), at least 0. */
static double site_heat(const finder *fd, const prog_call *c, const hot_model *m, double share) {
  double local = local_of(fd, c) * (m->rate > 0 ? m->rate : 1) * share;
  double h = fd->r->heat[c->caller] + log10(local);
  return h > 0 ? h : 0;
}

/* A call to a modelled function, or an unresolved call through a pointer
 * named *alloc* (hot_model_of_pointer). */
static void consider(finder *fd, int ci) {
  const prog_call *c = &fd->p->calls.items[ci];
  hot_model through_ptr;
  const hot_model *m = hot_model_at(fd->models, c, &through_ptr);
  if (c->callee < 0 && m->role == ROLE_NONE) return;
  if (c->callee >= 0 && !hot_call_fits(fd->p, c)) return;
  if (hot_dead(c)) return; /* the side of a constant condition (a macro testing a constant size) */
  double share = args_share(fd, c);
  if (!(share > 0)) return; /* its arguments rule out every allocation in the wrapper */
  if (c->indirect && fd->out.len && same_site(fd->out.items[fd->out.len - 1].site, c)) return;
  const char *what = c->callee >= 0 ? fd->p->funcs.items[c->callee].name : c->alloc_ptr;
  double heat = site_heat(fd, c, m, share);
  long long bytes = 0;
  int kind = classify(fd, c, m, heat, &bytes);
  if (kind < 0) return;
  hot_finding h = {.kind = (hot_kind)kind, .call = ci, .site = c, .heat = heat, .what = what,
                   .recursion = -1, .allocates = m->role == ROLE_ALLOC || m->role == ROLE_FILL};
  h.score = round((heat + bonus[kind]) * 100) / 100;
  h.message = message(fd, c, m, what, kind, bytes);
  /* a constructor's count is part of why it ranks where it does */
  if (m->rate >= 1.5 && h.message)
    h.message = arena_printf(fd->r->arena, "%s (%s makes about %.0f allocations per call)", h.message, what,
                             m->rate);
  describe(fd, &h);
  VEC_PUSH(fd->r->arena, &fd->out, h);
}

static int cmp_str(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "");
}

static int by_rank(const void *pa, const void *pb) {
  const hot_finding *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  int d = cmp_str(a->site->file, b->site->file);
  if (d) return d;
  if (a->site->line != b->site->line) return a->site->line < b->site->line ? -1 : 1;
  if (a->site->col != b->site->col) return a->site->col < b->site->col ? -1 : 1;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  return a->call < b->call ? -1 : a->call > b->call;
}

/* The family a finding's share is taken in: every allocation together
 * (HOT_NKINDS), each other kind on its own. */
static int family(const hot_finding *f) {
  return f->allocates ? HOT_NKINDS : (int)f->kind;
}

/* share = 10^heat / the sum of 10^heat over the finding's family, computed
 * relative to the family's highest heat (heats reach 250). Two passes. */
static void shares(hot_finding *f, size_t n) {
  double top[HOT_NKINDS + 1], sum[HOT_NKINDS + 1] = {0};
  for (int k = 0; k <= HOT_NKINDS; k++) top[k] = -1;
  for (size_t i = 0; i < n; i++)
    if (f[i].heat > top[family(&f[i])]) top[family(&f[i])] = f[i].heat;
  for (size_t i = 0; i < n; i++) sum[family(&f[i])] += pow(10, f[i].heat - top[family(&f[i])]);
  for (size_t i = 0; i < n; i++) {
    int k = family(&f[i]);
    f[i].share = sum[k] > 0 ? pow(10, f[i].heat - top[k]) / sum[k] : 0;
    f[i].cls = f[i].share >= 0.01 ? HOT_CLASS_HOT : f[i].share >= 0.001 ? HOT_CLASS_WARM : HOT_CLASS_COLD;
  }
}

ca_status hot_findings(const ca_program *p, hot_result *r, const hot_model *models) {
  finder fd = {.p = p, .r = r, .models = models};
  fd.on_path = arena_alloc(r->arena, p->funcs.len + 1);
  if (!fd.on_path) return CA_ERR_NOMEM;
  for (size_t i = 0; i < p->calls.len; i++) consider(&fd, (int)i);
  if (arena_failed(r->arena)) return CA_ERR_NOMEM;
  shares(fd.out.items, fd.out.len);
  if (fd.out.len) qsort(fd.out.items, fd.out.len, sizeof *fd.out.items, by_rank);
  r->findings = fd.out.items;
  r->nfindings = fd.out.len;
  return CA_OK;
}

size_t hot_count(const hot_result *r, const ca_view *v) {
  return v && v->top && v->top < r->nfindings ? v->top : r->nfindings;
}
