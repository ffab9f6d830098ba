/* callgraph.c: adjacency, slicing and SCCs over p->calls.
 * Invariant after callgraph_index: out[f] lists, in call order, the indices
 * of the calls f makes that have a callee; in[f] those that reach f. */
#include "callgraph.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ca_status callgraph_index(ca_program *p) {
  size_t n = p->funcs.len;
  arena *a = p->arena;
  p->nout = arena_alloc(a, (n + 1) * sizeof *p->nout);
  p->nin = arena_alloc(a, (n + 1) * sizeof *p->nin);
  p->out = arena_alloc(a, (n + 1) * sizeof *p->out);
  p->in = arena_alloc(a, (n + 1) * sizeof *p->in);
  if (!p->nout || !p->nin || !p->out || !p->in) return CA_ERR_NOMEM;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    if (c->callee < 0) continue;
    p->nout[c->caller]++, p->nin[c->callee]++;
  }
  for (size_t f = 0; f < n; f++) {
    p->out[f] = arena_alloc(a, (p->nout[f] + 1) * sizeof **p->out);
    p->in[f] = arena_alloc(a, (p->nin[f] + 1) * sizeof **p->in);
    if (!p->out[f] || !p->in[f]) return CA_ERR_NOMEM;
    p->nout[f] = p->nin[f] = 0;
  }
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    if (c->callee < 0) continue;
    p->out[c->caller][p->nout[c->caller]++] = (int)i;
    p->in[c->callee][p->nin[c->callee]++] = (int)i;
  }
  return CA_OK;
}

/* By id first, then by name; a name shared by several static functions
 * picks the first in id order (ids say which: c:dir/file.c@F@name). */
int program_find_func(const ca_program *p, const char *name_or_id) {
  for (size_t i = 0; i < p->funcs.len; i++)
    if (strcmp(p->funcs.items[i].id, name_or_id) == 0) return (int)i;
  int found = -1;
  for (size_t i = 0; i < p->funcs.len && found < 0; i++)
    if (strcmp(p->funcs.items[i].name, name_or_id) == 0) found = (int)i;
  /* Prefer a defined function over a declaration of the same name. */
  for (size_t i = 0; found >= 0 && !p->funcs.items[found].defined && i < p->funcs.len; i++)
    if (p->funcs.items[i].defined && strcmp(p->funcs.items[i].name, name_or_id) == 0) found = (int)i;
  return found;
}

/* Breadth-first from start along out (forward) or in edges, up to depth
 * (0 = unlimited); false when out of memory. */
static bool reach(const ca_program *p, int start, bool forward, unsigned depth, bool *keep) {
  size_t n = p->funcs.len;
  int *queue = ca_xmalloc((n + 1) * sizeof *queue);
  unsigned *dist = ca_xcalloc(n + 1, sizeof *dist);
  bool *seen = ca_xcalloc(n + 1, sizeof *seen);
  bool done = queue && dist && seen;
  if (!done) goto out;
  size_t head = 0, tail = 0;
  queue[tail++] = start, seen[start] = true, keep[start] = true;
  while (head < tail) {
    int f = queue[head++];
    if (depth && dist[f] >= depth) continue;
    size_t m = forward ? p->nout[f] : p->nin[f];
    for (size_t k = 0; k < m; k++) {
      const prog_call *c = &p->calls.items[forward ? p->out[f][k] : p->in[f][k]];
      int g = forward ? c->callee : c->caller;
      if (seen[g]) continue;
      seen[g] = keep[g] = true, dist[g] = dist[f] + 1, queue[tail++] = g;
    }
  }
out:
  ca_xfree(queue), ca_xfree(dist), ca_xfree(seen);
  return done;
}

static ca_status lookup(const ca_program *p, const char *flag, const char *name, int *f,
                        char *err, size_t errlen) {
  if ((*f = program_find_func(p, name)) >= 0) return CA_OK;
  snprintf(err, errlen, "%s %s: no function of that name in the analysed sources", flag, name);
  return CA_ERR_USAGE;
}

ca_status callgraph_select(const ca_program *p, const ca_view *v, bool *keep, char *err,
                           size_t errlen) {
  size_t n = p->funcs.len;
  int f;
  ca_status s = CA_OK;
  memset(keep, 0, n * sizeof *keep);
  if (v->focus && (s = lookup(p, "--focus", v->focus, &f, err, errlen)) == CA_OK) {
    if (!reach(p, f, true, v->depth, keep) || !reach(p, f, false, v->depth, keep)) s = CA_ERR_NOMEM;
  } else if (v->callers && (s = lookup(p, "--callers", v->callers, &f, err, errlen)) == CA_OK) {
    if (!reach(p, f, false, v->depth, keep)) s = CA_ERR_NOMEM;
  } else if (v->callees && (s = lookup(p, "--callees", v->callees, &f, err, errlen)) == CA_OK) {
    if (!reach(p, f, true, v->depth, keep)) s = CA_ERR_NOMEM;
  } else if (!v->focus && !v->callers && !v->callees) {
    for (size_t i = 0; i < n; i++) keep[i] = true;
  }
  return s;
}

/* ---- Tarjan's SCC, iterative so deep call chains cannot overflow the stack ---- */

typedef struct tarjan {
  const ca_program *p;
  int *index, *low, *stack, *comp;
  size_t *edge;       /* next out-edge to look at, per function */
  int *call_stack;    /* DFS path */
  bool *on;
  int next_index, ncomp;
  size_t sp, csp;
} tarjan;

static void tarjan_pop(tarjan *t, int f, bool *recursive) {
  int members = 0, g;
  size_t base = t->sp;
  do {
    g = t->stack[--base];
    members++;
  } while (g != f);
  for (size_t k = base; k < t->sp; k++) {
    g = t->stack[k];
    t->on[g] = false;
    t->comp[g] = t->ncomp;
    if (recursive && members > 1) recursive[g] = true;
  }
  t->sp = base;
  t->ncomp++;
}

static void tarjan_from(tarjan *t, int root, bool *recursive) {
  const ca_program *p = t->p;
  t->call_stack[t->csp++] = root;
  t->index[root] = t->low[root] = t->next_index++;
  t->stack[t->sp++] = root, t->on[root] = true;
  while (t->csp) {
    int f = t->call_stack[t->csp - 1];
    if (t->edge[f] < p->nout[f]) {
      int g = p->calls.items[p->out[f][t->edge[f]++]].callee;
      if (g == f && recursive) recursive[f] = true;
      if (t->index[g] < 0) {
        t->index[g] = t->low[g] = t->next_index++;
        t->stack[t->sp++] = g, t->on[g] = true;
        t->call_stack[t->csp++] = g;
      } else if (t->on[g] && t->index[g] < t->low[f]) {
        t->low[f] = t->index[g];
      }
      continue;
    }
    t->csp--;
    if (t->csp && t->low[f] < t->low[t->call_stack[t->csp - 1]])
      t->low[t->call_stack[t->csp - 1]] = t->low[f];
    if (t->low[f] == t->index[f]) tarjan_pop(t, f, recursive);
  }
}

ca_status callgraph_scc(const ca_program *p, int *comp, bool *recursive) {
  size_t n = p->funcs.len;
  tarjan t = {.p = p, .index = ca_xcalloc(n + 1, sizeof(int)),
              .low = ca_xcalloc(n + 1, sizeof(int)), .stack = ca_xcalloc(n + 1, sizeof(int)),
              .comp = comp ? comp : ca_xcalloc(n + 1, sizeof(int)),
              .edge = ca_xcalloc(n + 1, sizeof(size_t)),
              .call_stack = ca_xcalloc(n + 1, sizeof(int)), .on = ca_xcalloc(n + 1, sizeof(bool))};
  if (recursive) memset(recursive, 0, n * sizeof *recursive);
  bool done = t.index && t.low && t.stack && t.comp && t.edge && t.call_stack && t.on;
  if (done) {
    for (size_t i = 0; i < n; i++) t.index[i] = -1;
    for (size_t i = 0; i < n; i++)
      if (t.index[i] < 0) tarjan_from(&t, (int)i, recursive);
  }
  ca_xfree(t.index), ca_xfree(t.low), ca_xfree(t.stack), ca_xfree(t.edge), ca_xfree(t.call_stack);
  ca_xfree(t.on);
  if (!comp) ca_xfree(t.comp);
  return done ? CA_OK : CA_ERR_NOMEM;
}
