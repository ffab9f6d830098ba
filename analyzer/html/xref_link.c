/* xref_link.c: every TU's cross-references -> one xref_prog (see xref.h).
 *
 * Symbols unify by USR; a USR that names a file-local thing (a static, a
 * local, a macro: it does not start with "c:@") is qualified with the
 * root-relative file it is declared in, so two files' statics of one name
 * stay two symbols. A file is taken from the first TU in job order that
 * read it. Everything kept is copied into the program's arena; the TU
 * arenas die after linking. */
#include "html/xref.h"
#include "link.h"
#include <stdlib.h>
#include <string.h>

typedef struct xlinker {
  ca_program *p;
  xref_prog *x;
  arena *scratch;
  strmap syms;   /* link key -> program sym index */
  strmap files;  /* relpath -> 1 */
} xlinker;

static xref_layout *copy_layout(arena *a, const xref_layout *l) {
  if (!l) return NULL;
  xref_layout *c = arena_alloc(a, sizeof *c);
  xref_field *f = l->nfields ? arena_alloc(a, l->nfields * sizeof *f) : NULL;
  if (!c || (l->nfields && !f)) return NULL;
  *c = *l, c->fields = f;
  for (size_t i = 0; i < l->nfields; i++) {
    f[i] = l->fields[i];
    f[i].name = arena_strdup(a, l->fields[i].name);
    f[i].type = arena_strdup(a, l->fields[i].type);
  }
  return c;
}

/* Copies where-and-what of s into d (a program symbol). */
static void take_definition(xlinker *l, xref_sym *d, const xref_sym *s) {
  arena *a = l->p->arena;
  d->decl = arena_strdup(a, s->decl);
  d->file = link_relpath(l->p, s->file);
  d->line = s->line, d->col = s->col;
  d->defined = s->defined, d->tentative = s->tentative, d->system = s->system;
  d->layout = copy_layout(a, s->layout);
}

static const char *link_key(xlinker *l, const xref_sym *s) {
  if (!s->usr) return NULL;
  if (strncmp(s->usr, "c:@", 3) == 0) return s->usr;
  return arena_printf(l->scratch, "%s\x1f%s", s->usr, s->file ? link_relpath(l->p, s->file) : "");
}

static int merge_sym(xlinker *l, const xref_sym *s) {
  const char *key = link_key(l, s);
  int idx = key ? strmap_get(&l->syms, key) : -1;
  if (idx >= 0) {
    xref_sym *d = &l->x->syms.items[idx];
    if (s->defined && (!d->defined || (d->tentative && !s->tentative))) take_definition(l, d, s);
    return idx;
  }
  xref_sym d = {.name = arena_strdup(l->p->arena, s->name), .kind = s->kind, .pointer = s->pointer,
                .scope = arena_strdup(l->p->arena, s->scope)};
  take_definition(l, &d, s);
  if (!VEC_PUSH(l->p->arena, &l->x->syms, d)) return -1;
  idx = (int)l->x->syms.len - 1;
  if (key) strmap_put(&l->syms, key, idx);
  return idx;
}

static bool merge_file(xlinker *l, xref_file *f, const int *map) {
  const char *rel = link_relpath(l->p, f->path);
  if (!rel) return false;
  if (strmap_get(&l->files, rel) >= 0) return true; /* an earlier TU gave it */
  strmap_put(&l->files, rel, 1);
  xref_file c = {.path = rel, .abs = arena_strdup(l->p->arena, f->abs), .size = f->size,
                 .ntoks = f->ntoks, .toks = f->toks};
  if (!VEC_PUSH(l->p->arena, &l->x->files, c)) return false;
  f->toks = NULL; /* the program's now */
  for (size_t i = 0; i < c.ntoks; i++)
    if (c.toks[i].sym >= 0) c.toks[i].sym = map[c.toks[i].sym];
  return true;
}

static int by_path(const void *a, const void *b) {
  return strcmp(((const xref_file *)a)->path, ((const xref_file *)b)->path);
}

static bool merge_tu(xlinker *l, xref_tu *t) {
  int *map = t->syms.len ? arena_alloc(l->scratch, t->syms.len * sizeof *map) : NULL;
  if (t->syms.len && !map) return false;
  for (size_t i = 0; i < t->syms.len; i++) map[i] = merge_sym(l, &t->syms.items[i]);
  for (size_t i = 0; i < t->files.len; i++)
    if (!merge_file(l, &t->files.items[i], map)) return false;
  return true;
}

void xref_tu_free(xref_tu *x) {
  for (size_t i = 0; x && i < x->files.len; i++) ca_xfree(x->files.items[i].toks);
}

void xref_prog_free(xref_prog *x) {
  for (size_t i = 0; x && i < x->files.len; i++) ca_xfree(x->files.items[i].toks);
}

ca_status xref_link(ca_program *p, facts_tu *const *tus, size_t ntus) {
  xlinker l = {.p = p, .x = arena_alloc(p->arena, sizeof *l.x), .scratch = arena_new()};
  if (!l.x || !l.scratch) return arena_free(l.scratch), CA_ERR_NOMEM;
  p->xref = l.x; /* from here on ca_program_free frees the token arrays it took */
  strmap_init(&l.syms, l.scratch);
  strmap_init(&l.files, l.scratch);
  bool ok = true;
  for (size_t t = 0; t < ntus && ok; t++)
    if (tus[t] && tus[t]->xref) ok = merge_tu(&l, tus[t]->xref);
  ok = ok && !arena_failed(l.scratch) && !arena_failed(p->arena);
  arena_free(l.scratch);
  if (!ok) return CA_ERR_NOMEM;
  if (l.x->files.len) qsort(l.x->files.items, l.x->files.len, sizeof *l.x->files.items, by_path);
  return CA_OK;
}
