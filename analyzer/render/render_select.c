/* render_select.c: what a picture shows.
 *
 * Normally the functions callgraph_select keeps (everything, --focus F
 * --depth N, --callers F, --callees F) and every resolved call between two
 * of them. With --hot: only the paths from hot loops to the top hotspots
 * (--top N, default 10): the calls on each finding's path and the site's
 * own call, and the functions they join.
 * Invariant: edges are aggregated per (caller, callee) and sorted by it;
 * unresolved indirect calls (callee -1) are counted per caller, and drawn
 * as such (render_build.c), outside --hot. */
#include "callgraph.h"
#include "render/render_int.h"
#include <stdlib.h>
#include <string.h>

enum { HOT_DEFAULT_TOP = 10 };

typedef struct pick { int callee, call; } pick;
typedef VEC(render_edge) edge_vec;

static int by_callee(const void *a, const void *b) {
  const pick *x = a, *y = b;
  if (x->callee != y->callee) return x->callee < y->callee ? -1 : 1;
  return x->call < y->call ? -1 : x->call > y->call;
}

static void merge(render_edge *e, const prog_call *c, bool hot, bool back) {
  e->ncalls++;
  e->back |= back;
  if (c->loop_depth > e->max_depth) e->max_depth = c->loop_depth;
  e->indirect |= c->indirect;
  e->direct |= !c->indirect;
  e->hot |= hot;
}

/* The edges out of f whose calls pass `take` (a call mask, or NULL for all
 * calls to kept functions), aggregated per callee. */
static bool edges_of(const ca_program *p, int f, const bool *take, const bool *back,
                     render_sel *sel, arena *a, pick *buf, edge_vec *out) {
  size_t n = 0;
  for (size_t e = 0; e < p->nout[f]; e++) {
    int ci = p->out[f][e];
    const prog_call *c = &p->calls.items[ci];
    if (sel->keep[c->callee] && (!take || take[ci])) buf[n++] = (pick){c->callee, ci};
  }
  qsort(buf, n, sizeof *buf, by_callee);
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || buf[i].callee != buf[i - 1].callee) {
      render_edge e = {.caller = f, .callee = buf[i].callee};
      if (!VEC_PUSH(a, out, e)) return false;
    }
    merge(&out->items[out->len - 1], &p->calls.items[buf[i].call], take != NULL,
          back[buf[i].call]);
  }
  return true;
}

static ca_status collect_edges(const ca_program *p, const bool *take, const bool *back,
                               render_sel *sel, arena *a) {
  size_t most = 0;
  for (size_t f = 0; f < p->funcs.len; f++)
    if (p->nout[f] > most) most = p->nout[f];
  pick *buf = arena_alloc(a, (most + 1) * sizeof *buf);
  edge_vec edges = {0};
  if (!buf) return CA_ERR_NOMEM;
  for (size_t f = 0; f < p->funcs.len; f++)
    if (sel->keep[f] && !edges_of(p, (int)f, take, back, sel, a, buf, &edges))
      return CA_ERR_NOMEM;
  sel->edges = edges.items, sel->nedges = edges.len;
  return CA_OK;
}

static void take_call(const ca_program *p, int ci, bool *take, bool *keep) {
  const prog_call *c = &p->calls.items[ci];
  take[ci] = true;
  keep[c->caller] = true;
  if (c->callee >= 0) keep[c->callee] = true;
}

/* --hot: the top findings' paths and sites. */
static void select_hot(const ca_program *p, const ca_view *v, const hot_result *hr, bool *take,
                       render_sel *sel) {
  size_t top = v->top ? v->top : HOT_DEFAULT_TOP;
  if (top > hr->nfindings) top = hr->nfindings;
  for (size_t i = 0; i < top; i++) {
    const hot_finding *h = &hr->findings[i];
    for (size_t k = 0; k < h->npath; k++) take_call(p, h->path[k], take, sel->keep);
    take_call(p, h->call, take, sel->keep);
    sel->site[h->site->caller] = true;
  }
}

static const char *title(const ca_view *v, arena *a) {
  if (v->hot)
    return arena_printf(a, "paths from hot loops to the top %u hotspots",
                        v->top ? v->top : HOT_DEFAULT_TOP);
  if (v->focus && v->depth)
    return arena_printf(a, "callers and callees of %s, depth %u", v->focus, v->depth);
  if (v->focus) return arena_printf(a, "callers and callees of %s", v->focus);
  if (v->callers) return arena_printf(a, "callers of %s", v->callers);
  if (v->callees) return arena_printf(a, "callees of %s", v->callees);
  return "whole program";
}

ca_status render_select(const ca_program *p, const ca_view *v, const hot_result *hr, arena *a,
                        render_sel *sel, char *err, size_t errlen) {
  size_t n = p->funcs.len;
  *sel = (render_sel){.keep = arena_alloc(a, (n + 1) * sizeof *sel->keep),
                      .site = arena_alloc(a, (n + 1) * sizeof *sel->site),
                      .nsites = arena_alloc(a, (n + 1) * sizeof *sel->nsites),
                      .unresolved = arena_alloc(a, (n + 1) * sizeof *sel->unresolved),
                      .focus = -1, .title = title(v, a)};
  bool *take = v->hot ? arena_alloc(a, (p->calls.len + 1) * sizeof *take) : NULL;
  if (!sel->keep || !sel->site || !sel->nsites || !sel->unresolved || !sel->title ||
      (v->hot && !take))
    return CA_ERR_NOMEM;
  ca_status s = CA_OK;
  if (v->hot) select_hot(p, v, hr, take, sel);
  else s = callgraph_select(p, v, sel->keep, err, errlen);
  if (s != CA_OK) return s;
  const char *named = v->hot ? NULL : v->focus ? v->focus : v->callers ? v->callers : v->callees;
  if (named) sel->focus = program_find_func(p, named);
  for (size_t i = 0; i < hr->nfindings; i++)
    if (hr->findings[i].heat > 0 || hr->findings[i].kind != HOT_ALLOC)
      sel->nsites[hr->findings[i].site->caller]++;
  for (size_t f = 0; f < n; f++) sel->nkeep += sel->keep[f];
  for (size_t i = 0; !v->hot && i < p->calls.len; i++) /* said, not hidden */
    if (p->calls.items[i].callee < 0 && sel->keep[p->calls.items[i].caller])
      sel->unresolved[p->calls.items[i].caller]++;
  return collect_edges(p, take, hr->back, sel, a);
}
