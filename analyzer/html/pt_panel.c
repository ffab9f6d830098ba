/* pt_panel.c: what a pointer may point to, for the pages (--html --pointer).
 *
 * The questions --points-to answers by name (a global, "function:local",
 * "struct T.member"), asked of the solved state for each pointer a page
 * names, answered as the objects with where they are declared or
 * allocated. Sorted and capped, so a page's data stays small and the same
 * from run to run. */
#include "html/html.h"
#include "html/pt_panel.h"
#include "pointsto/pt_state.h"
#include <stdlib.h>
#include <string.h>

/* The solver node a symbol names, or -1. */
static int sym_node(arena *a, const pt_state *st, const xref_sym *xs) {
  switch (xs->kind) {
  case XREF_GLOBAL: return strmap_get(&st->globals, xs->name);
  case XREF_LOCAL: case XREF_PARAM: {
    const char *key = xs->scope ? arena_printf(a, "%s:%s", xs->scope, xs->name) : NULL;
    return key ? strmap_get(&st->locals, key) : -1;
  }
  case XREF_FIELD: {
    const char *key = xs->scope ? arena_printf(a, "%s.%s", xs->scope, xs->name) : NULL;
    return key ? strmap_get(&st->globals, key) : -1;
  }
  default: return -1;
  }
}

static const char *what(const pt_objinfo *in) {
  if (in->unknown) return "unknown";
  switch (in->kind) {
  case PT_O_HEAP: return "heap";
  case PT_O_FUNC: return "function";
  case PT_O_STRING: return "string";
  case PT_O_LITERAL: return "literal";
  case PT_O_FIELD: return "member";
  case PT_O_LOCAL: return "local";
  default: return "variable";
  }
}

static const char *label(arena *a, const ca_program *p, const pt_objinfo *in) {
  if (in->unknown) return "code the analysis does not see";
  switch (in->kind) {
  case PT_O_FUNC: return p->funcs.items[in->func].name;
  case PT_O_HEAP: return arena_printf(a, "memory from %s", in->name ? in->name : "an allocator");
  case PT_O_STRING: return "a string literal";
  case PT_O_LITERAL: return "a compound literal";
  default:
    if (in->func >= 0) return arena_printf(a, "%s in %s", in->name, p->funcs.items[in->func].name);
    return in->name;
  }
}

/* Objects are info entries, which the solved state keeps in one array in
 * a fixed order: ordered by index, sets compare and sort alike in every run. */
/* Grows *buf (malloc'd, *cap elements of size elem) to n; false on OOM. */
static bool grow(void **buf, size_t *cap, size_t n, size_t elem) {
  if (n <= *cap) return true;
  size_t ncap = n < 256 ? 256 : n * 2;
  void *b = ca_xmalloc(ncap * elem);
  if (!b) return false;
  ca_xfree(*buf);
  *buf = b, *cap = ncap;
  return true;
}

const void *pt_panel_set(const ca_program *p, arena *a, const xref_sym *xs) {
  const pt_state *st = p->pt_state;
  if (!st || !xs->pointer) return NULL;
  int node = sym_node(a, st, xs);
  return node < 0 ? NULL : pts_pointsto(st->s, node);
}

/* Sorts n ids: radix, three passes of 11 bits (tmp holds n more). A set
 * of 10,000 objects sorted by qsort through a comparison function was 6 %
 * of SQLite's --pointer --html run. */
static void sort_ids(uint32_t *v, uint32_t *tmp, size_t n) {
  uint32_t *src = v, *dst = tmp;
  for (int shift = 0; shift < 33; shift += 11) {
    size_t count[2049] = {0};
    for (size_t i = 0; i < n; i++) count[((src[i] >> shift) & 2047) + 1]++;
    if (count[((src[0] >> shift) & 2047) + 1] == n) continue; /* one digit: in order already */
    for (int d = 1; d < 2049; d++) count[d] += count[d - 1];
    for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 2047]++] = src[i];
    uint32_t *t = src;
    src = dst, dst = t;
  }
  if (src != v) memcpy(v, src, n * sizeof *v);
}

/* The objects as their infos' indices (a set holds cells: the cells of one
 * object are one object here), sorted, in the buffer's own memory, then
 * widened in place to pointers (backwards: entry i's pointer overwrites
 * indices 2i and 2i + 1, already read). */
size_t pt_panel_objects(const ca_program *p, const void *setp, const void ***buf, size_t *cap) {
  const pt_state *st = p->pt_state;
  const ptset *set = setp;
  if (!st || !set) return 0;
  if (!grow((void **)buf, cap, ptset_count(set) + 1, sizeof **buf)) return 0;
  uint32_t *ids = (uint32_t *)(void *)*buf, x;
  size_t n = 0, kept = 0;
  bool sorted = true; /* cells are mostly numbered in the order of their objects */
  for (ptset_it it = ptset_begin(set); ptset_next(&it, &x);) {
    const pt_objinfo *in = pt_state_info(st, (int)x);
    if (!in) continue;
    ids[n] = (uint32_t)(in - st->infos.items);
    sorted = sorted && (!n || ids[n - 1] <= ids[n]);
    n++;
  }
  if (!sorted) sort_ids(ids, ids + n, n);
  for (size_t i = 0; i < n; i++)
    if (!kept || ids[kept - 1] != ids[i]) ids[kept++] = ids[i];
  char *raw = (char *)*buf; /* memcpy: the same bytes read as one type and written as another */
  for (size_t i = kept; i-- > 0;) {
    uint32_t id;
    memcpy(&id, raw + i * sizeof id, sizeof id);
    const void *obj = &st->infos.items[id];
    memcpy(raw + i * sizeof obj, &obj, sizeof obj);
  }
  return kept;
}

pt_target pt_panel_describe(const ca_program *p, arena *a, const void *object) {
  const pt_objinfo *in = object;
  return (pt_target){what(in), label(a, p, in), in->file, in->line};
}

/* Sets already seen are found by their contents: a hash of the objects
 * (their addresses in the solved state's one array, a fixed order), then
 * the arrays compared. */
static unsigned set_hash(const void *const *t, size_t n) {
  unsigned long h = 1469598103934665603ul;
  for (size_t i = 0; i < n; i++) h = (h ^ ((uintptr_t)t[i] >> 3)) * 1099511628211ul;
  return (unsigned)(h ^ (h >> 32));
}

static int group_find(const site *s, const void *const *t, size_t n, unsigned h) {
  for (size_t i = s->ptslotcap ? h & (s->ptslotcap - 1) : 0; s->ptslotcap && s->ptslots[i];
       i = (i + 1) & (s->ptslotcap - 1)) {
    const pt_group *g = &s->ptgroups.items[s->ptslots[i] - 1];
    if (g->hash == h && g->n == n && memcmp(g->t, t, n * sizeof *t) == 0) return s->ptslots[i] - 1;
  }
  return -1;
}

/* Enters ptgroups' last group into the table, growing it by rehashing. */
static bool group_enter(site *s) {
  size_t n = s->ptgroups.len;
  if (n * 2 > s->ptslotcap) {
    size_t cap = s->ptslotcap ? s->ptslotcap * 2 : 256;
    int *slots = ca_xcalloc(cap, sizeof *slots);
    if (!slots) return false;
    ca_xfree(s->ptslots);
    s->ptslots = slots, s->ptslotcap = cap;
    for (size_t g = 0; g + 1 < n; g++) {
      size_t i = s->ptgroups.items[g].hash & (cap - 1);
      while (slots[i]) i = (i + 1) & (cap - 1);
      slots[i] = (int)g + 1;
    }
  }
  size_t i = s->ptgroups.items[n - 1].hash & (s->ptslotcap - 1);
  while (s->ptslots[i]) i = (i + 1) & (s->ptslotcap - 1);
  s->ptslots[i] = (int)n;
  return true;
}

/* Pointers the solver gave one set (merged in a cycle or by substitution)
 * are answered from s->setgroup without reading the set again. */
int site_ptgroup(site *s, int sym) {
  if (sym < 0) return -1;
  if (s->ptgroup[sym] != -2) return s->ptgroup[sym];
  s->ptgroup[sym] = -1;
  const void *set = pt_panel_set(s->p, s->a, &s->x->syms.items[sym]);
  int seen = set ? ptrmap_get(&s->setgroup, set) : -1;
  if (seen >= 0) return s->ptgroup[sym] = seen - 1;
  size_t n = pt_panel_objects(s->p, set, &s->objbuf, &s->objcap);
  unsigned h = set_hash(s->objbuf, n);
  int g = n ? group_find(s, s->objbuf, n, h) : -1;
  if (n && g < 0) { /* a new set: kept in the site's arena */
    pt_group pg = {arena_alloc_uninit(s->a, n * sizeof *pg.t), n, h};
    if (!pg.t || !VEC_PUSH(s->a, &s->ptgroups, pg)) return -1;
    memcpy(pg.t, s->objbuf, n * sizeof *pg.t);
    g = (int)s->ptgroups.len - 1;
    if (!group_enter(s)) return -1;
  }
  if (set && !ptrmap_put(&s->setgroup, set, g + 1)) return -1;
  return s->ptgroup[sym] = g;
}
