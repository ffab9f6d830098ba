/* hot_wrap.c: allocation and free wrappers, recognised from the call graph.
 *
 * A defined function is an allocation wrapper when it returns the value of a
 * call to an allocator or to another wrapper (facts_call.returned): xmalloc,
 * luaM_malloc_, sqlite3Malloc; or hands it back through a T ** parameter
 * (int make(T **out) { .. *out = p; }, posix_memalign): its model's out_arg
 * names that argument, and a caller that passes &v and returns v (or stores
 * it through its own parameter, or passes its own T ** on) is a wrapper in
 * turn. A block resized and stored back through the parameter is the
 * caller's buffer grown in place: that makes no wrapper. It inherits the callee's model, with the size
 * argument mapped to its own parameter when it passes one on unchanged, so
 * luaM_new(L, T) -> luaM_malloc_(L, sizeof(T), 0) still has a known size.
 * A free wrapper passes one of its parameters to free (or a free wrapper).
 * Worklist to a fixpoint; each function changes role at most once, so the
 * cost is O(calls).
 * A wrapper that allocates more than what it returns is a constructor
 * (a client and its buffers, a list and its head): those allocations,
 * outside its loops, are made for each of its callers' calls, so they are
 * counted in its rate and reported at its callers' sites, not at their own
 * (hot_folded), where they would list one object's cost several times. A
 * call back into itself, or one that closes a cycle of calls, is not
 * folded: recursion is counted by the heat of the cycle (hot_heat.c;
 * without it, as for the points-to linker, back edges are unknown).
 * Invariant: models[f].role == ROLE_ALLOC iff wrapper[f] or f is a library
 * allocator. */
#include "hotspots/hot.h"
#include <string.h>

/* The caller's parameter that argument arg of call c passes, or -1. */
static signed char mapped(const prog_call *c, signed char arg) {
  if (arg < 0 || arg >= FACTS_MAXARGS || c->arg_param[(int)arg] == 0) return -1;
  int param = c->arg_param[(int)arg] - 1;
  return param < 127 ? (signed char)param : -1;
}

/* Does f return a pointer? Its type reads "T *(params)". A call through a
 * pointer with many possible targets can reach an allocator by imprecision;
 * only a function that returns a pointer can hand that memory on. */
static bool returns_pointer(const prog_func *f) {
  const char *paren = f->type ? strchr(f->type, '(') : NULL;
  return paren && paren > f->type && memchr(f->type, '*', (size_t)(paren - f->type)) != NULL;
}

int hot_hands(const prog_call *c, const hot_model *m) {
  if (m->out_arg < 0)
    return c->returned ? FACTS_HAND_RETURN : c->stored ? FACTS_HAND_PARAM + c->stored - 1 : FACTS_HAND_NONE;
  if (c->out_arg == m->out_arg + 1) return c->out_hand;
  /* the caller's own out parameter passed on: make(out, n) */
  int passed = m->out_arg < FACTS_MAXARGS ? c->arg_param[(int)m->out_arg] : 0;
  return passed ? FACTS_HAND_PARAM + passed - 1 : FACTS_HAND_NONE;
}

/* The argument a wrapper made by a call that hands its memory so passes
 * it through, -1 for its return value. */
static signed char out_of(int hand) {
  int k = hand - FACTS_HAND_PARAM;
  return k >= 0 && k < 127 ? (signed char)k : -1;
}

bool hot_wrapping(const ca_program *p, const hot_result *r, const hot_model *models, const prog_call *c) {
  if (!r->wrapper[c->caller]) return false;
  hot_model through_ptr;
  int hand = hot_hands(c, hot_model_at(models, c, &through_ptr));
  return hand == FACTS_HAND_RETURN ? models[c->caller].out_arg < 0
                                   : hand >= FACTS_HAND_PARAM && models[c->caller].out_arg == out_of(hand);
}

/* Does c, a call to an allocator (model m, the callee's or the pointer's),
 * make its defined caller, not yet a wrapper, one? Only a call outside
 * loops does: a function that grows a buffer in a loop and returns it is
 * where the hotspot is. A pointer is returned only by a function whose
 * type says so. A block stored through a parameter must be a new one, not
 * the caller's buffer grown in place, and only a function that returns no
 * pointer hands memory out that way: one that does (SQLite's exprDup,
 * which advances a caller's buffer through u8 **pzBuffer) hands its
 * object out by value. */
static bool makes_wrapper(const ca_program *p, const hot_model *models, const prog_call *c,
                          const hot_model *m) {
  if (m->role != ROLE_ALLOC || c->loop_depth || !p->funcs.items[c->caller].defined ||
      models[c->caller].role != ROLE_NONE)
    return false;
  int hand = hot_hands(c, m);
  bool by_value = returns_pointer(&p->funcs.items[c->caller]);
  if (hand == FACTS_HAND_RETURN) return by_value;
  return out_of(hand) >= 0 && !m->resizes && !by_value;
}

static bool becomes_alloc(const ca_program *p, const hot_model *models, const prog_call *c) {
  return c->callee >= 0 && hot_call_fits(p, c) && makes_wrapper(p, models, c, &models[c->callee]);
}

static bool becomes_free(const ca_program *p, const hot_model *models, const prog_call *c) {
  return c->callee >= 0 && hot_call_fits(p, c) && models[c->callee].role == ROLE_FREE &&
         mapped(c, models[c->callee].ptr_arg) >= 0 && p->funcs.items[c->caller].defined &&
         models[c->caller].role == ROLE_NONE;
}

/* Allocations per entry of c's caller that c makes, when its callee makes
 * rate per call. A carver hands out a piece on every call, however rarely
 * it refills. */
static double handed(const ca_program *p, const hot_result *r, const prog_call *c, double rate) {
  return (rate > 0 ? rate : 1) * (c->carved ? 1 : hot_local_freq(p, r, c));
}

static hot_model inherit(const ca_program *p, const hot_result *r, const hot_model *callee,
                         const prog_call *c) {
  hot_model m = *callee;
  m.out_arg = out_of(hot_hands(c, callee));
  m.rate = handed(p, r, c, callee->rate);
  m.size_arg = mapped(c, callee->size_arg);
  m.count_arg = mapped(c, callee->count_arg);
  m.ptr_arg = mapped(c, callee->ptr_arg);
  long long bytes;
  m.bytes = m.size_arg < 0 && hot_const_bytes(c, callee, &bytes) && bytes > 0 ? bytes : 0;
  return m;
}

/* A call through a pointer named *alloc* with no known target (no
 * --pointer, or an empty points-to set) whose value is handed on makes a
 * wrapper too. */
static size_t pointer_wrappers(const ca_program *p, hot_result *r, hot_model *models, int *work) {
  size_t top = 0;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    hot_model m = hot_model_of_pointer(c);
    if (!makes_wrapper(p, models, c, &m)) continue;
    models[c->caller] = inherit(p, r, &m, c);
    r->wrapper[c->caller] = true;
    work[top++] = c->caller;
  }
  return top;
}

/* Named by --allocator or canalyze.conf. */
static bool named(const ca_program *p, const char *name) {
  for (size_t i = 0; name && i < p->allocators.len; i++)
    if (strcmp(p->allocators.items[i], name) == 0) return true;
  return false;
}

bool hot_folded(const ca_program *p, const hot_result *r, const hot_model *models, const prog_call *c) {
  if (c->callee < 0 || c->loop_depth || !r->wrapper[c->caller] || p->nin[c->caller] == 0 ||
      hot_wrapping(p, r, models, c))
    return false;
  /* a recursion (copy(n->left) inside copy) is the heat model's: its cycle */
  if (c->callee == c->caller || (r->back && r->back[c - p->calls.items])) return false;
  const hot_model *m = &models[c->callee];
  return (m->role == ROLE_ALLOC || m->role == ROLE_FILL) && !m->reuses && hot_call_fits(p, c);
}

enum { FOLD_ROUNDS = 8 }; /* constructors calling constructors, as deep as call paths go */

/* What wrapper f hands on per call: over its calls outside loops that
 * hand an allocator's memory on, the sum of their local frequencies times
 * the callee's rate (prev): len <= 44 ? embedded(len) : raw(len) makes a
 * block on every call, not on the 5% the limit leaves to one of the two.
 * Asked only for a wrapper made by a direct call; one made through a
 * pointer named *alloc* keeps the rate it inherited. */
static double hands_on(const ca_program *p, const hot_result *r, const hot_model *models, int f,
                       const double *prev) {
  double rate = 0;
  for (size_t e = 0; e < p->nout[f]; e++) {
    const prog_call *c = &p->calls.items[p->out[f][e]];
    if (c->loop_depth || !hot_wrapping(p, r, models, c)) continue;
    /* a recursion (return copy(.., cap * 2)) is the heat model's: its cycle */
    if (c->callee == f || (r->back && r->back[c - p->calls.items])) continue;
    hot_model through_ptr;
    const hot_model *m = hot_model_at(models, c, &through_ptr);
    if (m->role == ROLE_ALLOC) rate += handed(p, r, c, c->callee >= 0 ? prev[c->callee] : m->rate);
  }
  return rate;
}

/* Rounds of rate[w] = what w hands on (hands_on: a wrapper of a
 * constructor makes as many) + the sum over w's folded calls of their
 * local frequency times the callee's rate, each callee's from the previous
 * round (a cycle of constructors stays bounded). */
static ca_status fold_constructors(const ca_program *p, hot_result *r, hot_model *models, const int *via) {
  size_t n = p->funcs.len;
  double *own = arena_alloc(r->arena, (n + 1) * sizeof *own);
  double *prev = arena_alloc(r->arena, (n + 1) * sizeof *prev);
  if (!own || !prev) return CA_ERR_NOMEM;
  for (size_t f = 0; f < n; f++) own[f] = models[f].rate;
  for (int k = 0; k < FOLD_ROUNDS; k++) {
    for (size_t f = 0; f < n; f++) prev[f] = models[f].rate;
    for (size_t f = 0; f < n; f++) {
      if (!r->wrapper[f] || p->nin[f] == 0) continue;
      double rate = via[f] >= 0 ? hands_on(p, r, models, (int)f, prev) : 0;
      if (!(rate > 0)) rate = own[f] > 0 ? own[f] : 1;
      for (size_t e = 0; e < p->nout[f]; e++) {
        const prog_call *c = &p->calls.items[p->out[f][e]];
        if (hot_folded(p, r, models, c)) rate += handed(p, r, c, prev[c->callee]);
      }
      models[f].rate = rate < 1e12 ? rate : 1e12;
    }
  }
  return CA_OK;
}

ca_status hot_wrappers(const ca_program *p, hot_result *r, hot_model *models, bool rates) {
  size_t n = p->funcs.len;
  r->wrapper = arena_alloc(r->arena, (n + 1) * sizeof *r->wrapper);
  int *work = arena_alloc(r->arena, (n + 1) * sizeof *work);
  int *via = arena_alloc(r->arena, (n + 1) * sizeof *via); /* the call that made f a wrapper */
  if (!r->wrapper || !work || !via) return CA_ERR_NOMEM;
  size_t top = 0;
  for (size_t f = 0; f < n; f++) via[f] = -1;
  for (size_t f = 0; f < n; f++) {
    models[f] = named(p, p->funcs.items[f].name) ? hot_model_named() : hot_model_of(p->funcs.items[f].name);
    if (models[f].role == ROLE_ALLOC || models[f].role == ROLE_FREE) work[top++] = (int)f;
  }
  top += pointer_wrappers(p, r, models, work + top);
  while (top) {
    int f = work[--top];
    for (size_t e = 0; e < p->nin[f]; e++) {
      const prog_call *c = &p->calls.items[p->in[f][e]];
      if (!becomes_alloc(p, models, c) && !becomes_free(p, models, c)) continue;
      models[c->caller] = inherit(p, r, &models[f], c);
      r->wrapper[c->caller] = models[c->caller].role == ROLE_ALLOC;
      via[c->caller] = p->in[f][e];
      work[top++] = c->caller;
    }
  }
  return rates ? fold_constructors(p, r, models, via) : CA_OK;
}
