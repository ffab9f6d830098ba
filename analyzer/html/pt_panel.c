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

static int cmp_target(const void *pa, const void *pb) {
  const pt_target *a = pa, *b = pb;
  int c = strcmp(a->kind, b->kind);
  if (!c) c = strcmp(a->label, b->label);
  if (!c) c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

size_t pt_panel_targets(const ca_program *p, arena *a, const xref_sym *xs, pt_target **out) {
  const pt_state *st = p->pt_state;
  *out = NULL;
  if (!st || !xs->pointer) return 0;
  int node = sym_node(a, st, xs);
  if (node < 0) return 0;
  const ptset *set = pts_pointsto(st->s, node);
  pt_target *t = arena_alloc(a, (ptset_count(set) + 1) * sizeof *t);
  if (!t) return 0;
  size_t n = 0;
  uint32_t x;
  for (ptset_it it = ptset_begin(set); ptset_next(&it, &x);) {
    const pt_objinfo *in = pt_state_info(st, (int)x);
    if (!in) continue;
    t[n] = (pt_target){what(in), label(a, p, in), in->file, in->line};
    if (t[n].label) n++;
  }
  qsort(t, n, sizeof *t, cmp_target);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) /* two cells of one object read alike */
    if (!kept || cmp_target(&t[kept - 1], &t[i]) != 0) t[kept++] = t[i];
  *out = t;
  return kept;
}

/* The contents of a set as one string, to find sets already seen. */
static const char *group_key(arena *a, const pt_target *t, size_t n) {
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(t[i].kind) + strlen(t[i].label) + (t[i].file ? strlen(t[i].file) : 0) + 16;
  char *key = arena_alloc(a, len), *w = key;
  if (!key) return NULL;
  for (size_t i = 0; i < n; i++)
    w += snprintf(w, len - (size_t)(w - key), "%s\x1f%s\x1f%s\x1f%u\x1e", t[i].kind, t[i].label,
                  t[i].file ? t[i].file : "", t[i].line);
  return key;
}

int site_ptgroup(site *s, int sym) {
  if (sym < 0) return -1;
  if (s->ptgroup[sym] != -2) return s->ptgroup[sym];
  s->ptgroup[sym] = -1;
  pt_target *t = NULL;
  size_t n = pt_panel_targets(s->p, s->a, &s->x->syms.items[sym], &t);
  const char *key = n ? group_key(s->a, t, n) : NULL;
  if (!key) return -1;
  int g = strmap_get(&s->ptkeys, key);
  if (g < 0) {
    pt_group pg = {t, n};
    if (!VEC_PUSH(s->a, &s->ptgroups, pg)) return -1;
    g = (int)s->ptgroups.len - 1;
    strmap_put(&s->ptkeys, key, g);
  }
  return s->ptgroup[sym] = g;
}
