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
 * (0 = unlimited). CA_ERR_NOMEM when the scratch arrays cannot be had. */
static ca_status reach(const ca_program *p, int start, bool forward, unsigned depth, bool *keep) {
  size_t n = p->funcs.len;
  int *queue = ca_xmalloc((n + 1) * sizeof *queue);
  unsigned *dist = ca_xcalloc(n + 1, sizeof *dist);
  bool *seen = ca_xcalloc(n + 1, sizeof *seen);
  if (!queue || !dist || !seen) goto out;
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
out:;
  ca_status s = queue && dist && seen ? CA_OK : CA_ERR_NOMEM;
  ca_xfree(queue), ca_xfree(dist), ca_xfree(seen);
  return s;
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
    s = reach(p, f, true, v->depth, keep);
    if (s == CA_OK) s = reach(p, f, false, v->depth, keep);
  } else if (v->callers && (s = lookup(p, "--callers", v->callers, &f, err, errlen)) == CA_OK) {
    s = reach(p, f, false, v->depth, keep);
  } else if (v->callees && (s = lookup(p, "--callees", v->callees, &f, err, errlen)) == CA_OK) {
    s = reach(p, f, true, v->depth, keep);
  } else if (!v->focus && !v->callers && !v->callees) {
    for (size_t i = 0; i < n; i++) keep[i] = true;
  }
  if (s == CA_ERR_NOMEM) snprintf(err, errlen, "out of memory while selecting functions");
  return s;
}

/* ---- Tarjan's SCC, iterative so deep call chains cannot overflow the stack ---- */

typedef struct tarjan {
  const ca_program *p;
  const bool *edges;  /* per call: counts as an edge (NULL: all) */
  int *comp;          /* per function: component id, or NULL */
  bool *recursive;    /* per function, or NULL */
  int *index, *low, *stack;
  int *path;          /* DFS path */
  size_t *next;       /* next out-edge to look at, per function */
  bool *on;
  int next_index, ncomp;
  size_t sp, pp;
} tarjan;

static void tarjan_pop(tarjan *t, int f) {
  size_t base = t->sp;
  while (t->stack[--base] != f) continue;
  bool cycle = t->sp - base > 1;
  for (size_t k = base; k < t->sp; k++) {
    int g = t->stack[k];
    t->on[g] = false;
    if (t->comp) t->comp[g] = t->ncomp;
    if (t->recursive && cycle) t->recursive[g] = true;
  }
  t->sp = base;
  t->ncomp++;
}

static void tarjan_push(tarjan *t, int f) {
  t->index[f] = t->low[f] = t->next_index++;
  t->stack[t->sp++] = f, t->on[f] = true;
  t->path[t->pp++] = f;
}

static void tarjan_from(tarjan *t, int root) {
  const ca_program *p = t->p;
  tarjan_push(t, root);
  while (t->pp) {
    int f = t->path[t->pp - 1];
    if (t->next[f] < p->nout[f]) {
      int ci = p->out[f][t->next[f]++];
      if (t->edges && !t->edges[ci]) continue;
      int g = p->calls.items[ci].callee;
      if (g == f && t->recursive) t->recursive[f] = true;
      if (t->index[g] < 0) tarjan_push(t, g);
      else if (t->on[g] && t->index[g] < t->low[f]) t->low[f] = t->index[g];
      continue;
    }
    t->pp--;
    if (t->pp && t->low[f] < t->low[t->path[t->pp - 1]]) t->low[t->path[t->pp - 1]] = t->low[f];
    if (t->low[f] == t->index[f]) tarjan_pop(t, f);
  }
}

ca_status callgraph_scc(const ca_program *p, const bool *edges, int *comp, bool *recursive) {
  size_t n = p->funcs.len + 1;
  /* One block for the scratch arrays: size_t first, then int, then bool. */
  char *block = ca_xmalloc(n * (sizeof(size_t) + 4 * sizeof(int) + sizeof(bool)));
  if (!block) return CA_ERR_NOMEM;
  tarjan t = {.p = p, .edges = edges, .comp = comp, .recursive = recursive,
              .next = (size_t *)block};
  t.index = (int *)(t.next + n), t.low = t.index + n, t.stack = t.low + n, t.path = t.stack + n;
  t.on = (bool *)(t.path + n);
  memset(t.next, 0, n * sizeof *t.next);
  memset(t.on, 0, n * sizeof *t.on);
  if (recursive) memset(recursive, 0, p->funcs.len * sizeof *recursive);
  for (size_t f = 0; f < p->funcs.len; f++) t.index[f] = -1;
  for (size_t f = 0; f < p->funcs.len; f++)
    if (t.index[f] < 0) tarjan_from(&t, (int)f);
  ca_xfree(block);
  return CA_OK;
}
