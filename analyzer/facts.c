/* facts.c: per-TU fact containers. Invariant: usr_index maps every funcs[i].usr to i. */
#include "facts.h"
#include "html/xref.h"
#include <string.h>

facts_tu *facts_tu_new(const char *main_file) {
  arena *a = arena_new();
  facts_tu *tu = a ? arena_alloc(a, sizeof *tu) : NULL;
  if (!tu) return arena_free(a), NULL;
  tu->arena = a;
  tu->main_file = arena_strdup(a, main_file);
  strmap_init(&tu->usr_index, a);
  return tu;
}

void facts_tu_free(facts_tu *tu) {
  if (!tu) return;
  xref_tu_free(tu->xref); /* token arrays not taken by xref_link */
  arena_free(tu->arena);
}

const char *facts_loop_kind_name(facts_loop_kind kind) {
  switch (kind) {
  case FACTS_LOOP_FOR: return "for";
  case FACTS_LOOP_WHILE: return "while";
  case FACTS_LOOP_DO: return "do";
  }
  return "loop";
}

int facts_func_intern(facts_tu *tu, const char *usr, const char *name) {
  int idx = strmap_get(&tu->usr_index, usr);
  if (idx >= 0) return idx;
  facts_func f = {.usr = arena_strdup(tu->arena, usr), .name = arena_strdup(tu->arena, name)};
  if (!f.usr || !f.name || !VEC_PUSH(tu->arena, &tu->funcs, f)) return -1;
  idx = (int)tu->funcs.len - 1;
  return strmap_put(&tu->usr_index, tu->funcs.items[idx].usr, idx) ? idx : -1;
}
