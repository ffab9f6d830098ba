/* cursor_tree.c: the per-thread cursor tree behind cursor_visit (cursor.h).
 *
 * Nodes are in preorder: the children of node i start at i + 1 and each
 * child's subtree ends where its next sibling starts (node.end); each
 * keeps its parent's index, so a visit is one loop over the array. A cursor is
 * found by an open-addressing table keyed on the whole CXCursor, so only the
 * very cursor libclang would be asked about is answered from the tree (one
 * expression reached as another decl's child carries another parent and is
 * simply not found). The buffers grow to the largest declaration met and are
 * reused, so building a tree allocates nothing after the first few. */
#include "clang/cursor.h"
#include <stdint.h>
#include <string.h>

typedef struct node { CXCursor c; unsigned end, parent; } node; /* parent: its index */

typedef struct tree {
  node *nodes;
  size_t n, cap;
  unsigned *slots;      /* node index + 1, 0 = empty; this tree's nslots (a power of
                           two, about twice its nodes) of capslots */
  size_t nslots, capslots;
  unsigned *open;       /* the build's stack of nodes whose subtree is not closed */
  size_t nopen, capopen;
  bool live, broken;
} tree;

static _Thread_local tree t_tree;

static bool same(CXCursor a, CXCursor b) {
  return a.kind == b.kind && a.xdata == b.xdata && a.data[0] == b.data[0] &&
         a.data[1] == b.data[1] && a.data[2] == b.data[2];
}

static size_t hash(CXCursor c) {
  uint64_t h = (uint64_t)(uintptr_t)c.data[1] * 0x9E3779B97F4A7C15u;
  h ^= (uint64_t)(uintptr_t)c.data[0] * 0xC2B2AE3D27D4EB4Fu + (uint64_t)c.kind;
  return (size_t)(h ^ (h >> 29));
}

static bool reserve(void **items, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t n = *cap ? *cap : 256;
  while (n < need) n *= 2;
  void *p = ca_xreallocarray(*items, n, elem);
  if (!p) return false;
  *items = p, *cap = n;
  return true;
}

static enum CXChildVisitResult add(CXCursor c, CXCursor parent, CXClientData data) {
  tree *t = data;
  /* the parent is the last open node that is it: close the ones after */
  while (t->nopen && !same(t->nodes[t->open[t->nopen - 1]].c, parent))
    t->nodes[t->open[--t->nopen]].end = (unsigned)t->n;
  if (!t->nopen || t->n >= UINT32_MAX - 1 || !reserve((void **)&t->nodes, &t->cap, t->n + 1, sizeof *t->nodes) ||
      !reserve((void **)&t->open, &t->capopen, t->nopen + 1, sizeof *t->open)) {
    t->broken = true;
    return CXChildVisit_Break;
  }
  t->nodes[t->n] = (node){c, 0, t->open[t->nopen - 1]};
  t->open[t->nopen++] = (unsigned)t->n++;
  return CXChildVisit_Recurse;
}

static bool index_nodes(tree *t) {
  size_t want = 16;
  while (want < 2 * t->n) want *= 2;
  if (want > t->capslots) {
    unsigned *s = ca_xreallocarray(t->slots, want, sizeof *s);
    if (!s) return false;
    t->slots = s, t->capslots = want;
  }
  t->nslots = want; /* a small declaration after a large one clears a small table */
  memset(t->slots, 0, t->nslots * sizeof *t->slots);
  for (size_t i = 0; i < t->n; i++) {
    size_t h = hash(t->nodes[i].c) & (t->nslots - 1);
    for (; t->slots[h]; h = (h + 1) & (t->nslots - 1))
      if (same(t->nodes[t->slots[h] - 1].c, t->nodes[i].c)) break; /* met twice: one subtree */
    if (!t->slots[h]) t->slots[h] = (unsigned)i + 1;
  }
  return true;
}

bool cursor_tree_begin(CXCursor root) {
  tree *t = &t_tree;
  t->live = t->broken = false;
  t->n = t->nopen = 0;
  if (!reserve((void **)&t->nodes, &t->cap, 1, sizeof *t->nodes) ||
      !reserve((void **)&t->open, &t->capopen, 1, sizeof *t->open))
    return false;
  t->nodes[t->n++] = (node){root, 0, 0};
  t->open[t->nopen++] = 0;
  clang_visitChildren(root, add, t);
  while (t->nopen) t->nodes[t->open[--t->nopen]].end = (unsigned)t->n;
  t->live = !t->broken && index_nodes(t);
  return t->live;
}

void cursor_tree_end(void) { t_tree.live = false; }

void cursor_tree_release(void) {
  tree *t = &t_tree;
  ca_xfree(t->nodes), ca_xfree(t->slots), ca_xfree(t->open);
  memset(t, 0, sizeof *t);
}

static long find(const tree *t, CXCursor c) {
  for (size_t h = hash(c) & (t->nslots - 1); t->slots[h]; h = (h + 1) & (t->nslots - 1))
    if (same(t->nodes[t->slots[h] - 1].c, c)) return (long)t->slots[h] - 1;
  return -1;
}

/* As libclang's traversal: Recurse descends, Continue goes on with the
 * next sibling, Break ends the whole visit. In preorder, descending is
 * the next node and the next sibling is where the subtree ends, so the
 * walk is one loop over the array (no call per level). */
static unsigned visit_node(const tree *t, size_t i, CXCursorVisitor visitor, CXClientData data) {
  for (size_t j = i + 1, end = t->nodes[i].end; j < end;) {
    const node *n = &t->nodes[j];
    enum CXChildVisitResult r = visitor(n->c, t->nodes[n->parent].c, data);
    if (r == CXChildVisit_Break) return 1;
    j = r == CXChildVisit_Recurse ? j + 1 : n->end;
  }
  return 0;
}

unsigned cursor_visit(CXCursor parent, CXCursorVisitor visitor, CXClientData data) {
  const tree *t = &t_tree;
  long i = t->live ? find(t, parent) : -1;
  if (i < 0) return clang_visitChildren(parent, visitor, data);
  return visit_node(t, (size_t)i, visitor, data);
}
