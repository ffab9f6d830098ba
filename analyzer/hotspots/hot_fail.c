/* hot_fail.c: null tests of what an allocator returned.
 *
 * p = alloc(n); if (!p) oom(n); tests for the allocation failing, which
 * real runs almost never see: GCC predicts such a test by its
 * PRED_MALLOC_NONNULL heuristic (non-null 99.95%), and hot_freq.c gives
 * the failure side that weight. Redis's zmalloc calls its out-of-memory
 * handler through a pointer on that side, SQLite's dbMallocRawFinish
 * calls sqlite3OomFault: read as any pointer test (Ball and Larus's
 * pointer heuristic), they would run on 40% of the calls of the most
 * called allocators.
 *
 * The front end gives each call the innermost condition that is a null
 * test of a plain variable (alone, or an operand of && that holds for
 * null: if (!p && size != 0)), and the variable's name (prog_call.null_arm,
 * null_var); a call's result_var names the variable it is assigned to.
 * A test reads an allocation's failure when the last call before the
 * call under the test whose result goes to that variable (the value the
 * test sees, in straight-line code) is an allocator or a wrapper of one
 * (the models hot_wrappers found): p = alloc(n); if (!p) .. even when p
 * is set again further on (p = extend_to_usable(p, ..), Redis's
 * zmalloc_usable); not a test before any assignment (if (!p) p =
 * alloc(n): a cache's, which the front end marks apart anyway), nor
 * after p = lookup(). Names, not declarations, are compared, and source
 * order stands for the order of execution: a shadowing variable of the
 * same name, or an assignment that reaches the test round a loop, can
 * make a test count or not; the cost is one side's weight. */
#include "hotspots/hot.h"
#include <string.h>

/* Does d come before c in the source (both in one function)? */
static bool before(const prog_call *d, const prog_call *c) {
  return d->line < c->line || (d->line == c->line && d->col < c->col);
}

/* Per function, its calls whose result goes to a variable: few, and
 * the only ones a test's variable is looked up among. */
typedef struct assigning {
  size_t *start;  /* per function: its first entry in call (n + 1 entries) */
  int *call;
} assigning;

static bool index_assigning(const ca_program *p, arena *a, assigning *as) {
  size_t n = p->funcs.len, m = 0;
  as->start = arena_alloc(a, (n + 2) * sizeof *as->start);
  if (!as->start) return false;
  for (size_t i = 0; i < p->calls.len; i++)
    if (p->calls.items[i].result_var) as->start[p->calls.items[i].caller + 1]++, m++;
  for (size_t f = 0; f < n; f++) as->start[f + 1] += as->start[f];
  as->call = arena_alloc(a, (m + 1) * sizeof *as->call);
  size_t *next = arena_alloc(a, (n + 1) * sizeof *next);
  if (!as->call || !next) return false;
  memcpy(next, as->start, n * sizeof *next);
  for (size_t i = 0; i < p->calls.len; i++)
    if (p->calls.items[i].result_var) as->call[next[p->calls.items[i].caller]++] = (int)i;
  return true;
}

/* The last call before c whose result goes to c's tested variable (the
 * value the test sees, in straight-line code): an allocator (every
 * target, for a call through a pointer with several)? */
static bool tests_allocation(const ca_program *p, const assigning *as, const hot_model *models,
                             const prog_call *c) {
  const prog_call *last = NULL;
  bool all_alloc = false;
  for (size_t k = as->start[c->caller]; k < as->start[c->caller + 1]; k++) {
    const prog_call *d = &p->calls.items[as->call[k]];
    if (!before(d, c) || strcmp(d->result_var, c->null_var) != 0) continue;
    hot_model through_ptr;
    bool alloc = hot_model_at(models, d, &through_ptr)->role == ROLE_ALLOC;
    if (last && d->line == last->line && d->col == last->col) all_alloc &= alloc;
    else if (!last || before(last, d)) last = d, all_alloc = alloc;
  }
  return last && all_alloc;
}

ca_status hot_find_failing(const ca_program *p, hot_result *r, const hot_model *models) {
  assigning as;
  r->failing = arena_alloc(r->arena, p->calls.len + 1);
  if (!r->failing || !index_assigning(p, r->arena, &as)) return CA_ERR_NOMEM;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    bool known = c->null_arm && c->null_arm <= c->narms && c->null_var && c->caller >= 0;
    r->failing[i] = known && tests_allocation(p, &as, models, c) ? c->null_arm : 0;
  }
  return CA_OK;
}
