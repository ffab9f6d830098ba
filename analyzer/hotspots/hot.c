/* hot.c: the hotspots pipeline (heat, wrappers, findings) and the kind names
 * every writer shares. A result owns one arena; hot_free drops it. */
#include "hotspots/hot.h"
#include <string.h>

static const char *const names[HOT_NKINDS] = {
    [HOT_ALLOC] = "alloc", [HOT_SMALL] = "small-alloc", [HOT_REALLOC_GROW] = "realloc-growth",
    [HOT_TRANSIENT] = "transient-alloc", [HOT_LARGE_CLEAR] = "large-clear",
    [HOT_LOCK] = "lock-in-loop", [HOT_SMALL_IO] = "small-io"};

static const char *const titles[HOT_NKINDS] = {
    [HOT_ALLOC] = "Heap allocation, ranked by how often it is likely to run",
    [HOT_SMALL] = "Small constant-size allocation on a hot path",
    [HOT_REALLOC_GROW] = "realloc growing by a constant inside a loop (quadratic copying)",
    [HOT_TRANSIENT] = "Allocation freed within the same loop iteration",
    [HOT_LARGE_CLEAR] = "Large calloc or memset inside a loop",
    [HOT_LOCK] = "Mutex or rwlock taken inside a loop",
    [HOT_SMALL_IO] = "Small constant-size read/write/send/recv/fread/fwrite inside a loop"};

const char *hot_class_name(hot_class c) {
  return c == HOT_CLASS_HOT ? "hot" : c == HOT_CLASS_WARM ? "warm" : "cold";
}

const char *hot_kind_name(hot_kind k) { return (unsigned)k < HOT_NKINDS ? names[k] : "?"; }
const char *hot_kind_title(hot_kind k) { return (unsigned)k < HOT_NKINDS ? titles[k] : "?"; }

bool hot_call_fits(const ca_program *p, const prog_call *c) {
  if (!c->indirect || c->callee < 0) return true;
  const prog_func *f = &p->funcs.items[c->callee];
  if (f->type && strstr(f->type, "()")) return true; /* no prototype: anything goes */
  return f->variadic ? c->nargs >= f->nparams : c->nargs == f->nparams;
}

ca_status hot_analyze(const ca_program *p, hot_result *out) {
  *out = (hot_result){.arena = arena_new(), .nfuncs = p->funcs.len};
  if (!out->arena) return CA_ERR_NOMEM;
  hot_model *models = arena_alloc(out->arena, (p->funcs.len + 1) * sizeof *models);
  ca_status s = models && p->nout && p->nin ? CA_OK : CA_ERR_NOMEM;
  out->models = models;
  /* the allocators first, for the null tests of their results; then
   * again with the heat's back edges, which their rates need */
  if (s == CA_OK) s = hot_wrappers(p, out, models, false);
  if (s == CA_OK) s = hot_find_failing(p, out, models);
  if (s == CA_OK) s = hot_heat(p, out);
  if (s == CA_OK) s = hot_wrappers(p, out, models, true);
  if (s == CA_OK) s = hot_findings(p, out, models);
  if (s != CA_OK) hot_free(out);
  return s;
}

void hot_free(hot_result *r) {
  arena_free(r->arena);
  *r = (hot_result){0};
}
