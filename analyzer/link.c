/* link.c: TU facts -> one program.
 *
 * External functions unify by USR; internal (static) ones by USR plus the
 * file that declares them, so equal static names in two files stay two nodes
 * while a static inline in a header is one. A function defined in several TUs
 * (a header inline) contributes its calls from each, and the identical calls
 * collapse when sorted. Ids are USRs, with an internal function's file part
 * replaced by its root-relative path so that ids are unique. */
#include "link.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct linker {
  ca_program *p;
  strmap funcs;                 /* link key -> program index (before sorting) */
  strmap loops;                 /* "file:line:col" -> program loop index */
  strmap sites;                 /* this TU's calls by position and callee -> count */
} linker;

static const char *relative(ca_program *p, const char *abs) {
  size_t m = strlen(p->root);
  if (strcmp(p->root, "/") != 0 && strncmp(abs, p->root, m) == 0 && abs[m] == '/')
    return arena_strdup(p->arena, abs + m + 1);
  return arena_strdup(p->arena, abs);
}

const char *link_relpath(ca_program *p, const char *abs) {
  if (!abs) return NULL;
  if (!p->relpath_index.arena) strmap_init(&p->relpath_index, p->arena);
  int i = strmap_get(&p->relpath_index, abs);
  if (i >= 0) return p->relpaths.items[i];
  const char *key = arena_strdup(p->arena, abs), *name = relative(p, abs);
  if (!key || !name || !VEC_PUSH(p->arena, &p->relpaths, name)) return NULL;
  strmap_put(&p->relpath_index, key, (int)p->relpaths.len - 1);
  return name;
}

static const char *rel(linker *l, const char *abs) { return link_relpath(l->p, abs); }

/* c:x.c@F@foo -> c:dir/x.c@F@foo for an internal function of dir/x.c. */
static const char *func_id(linker *l, const facts_func *f, const char *relfile) {
  if (!f->internal || !relfile) return arena_strdup(l->p->arena, f->usr);
  const char *base = strrchr(relfile, '/');
  base = base ? base + 1 : relfile;
  size_t n = strlen(base);
  if (strncmp(f->usr, "c:", 2) == 0 && strncmp(f->usr + 2, base, n) == 0 && f->usr[2 + n] == '@')
    return arena_printf(l->p->arena, "c:%s%s", relfile, f->usr + 2 + n);
  return arena_printf(l->p->arena, "%s@%s", f->usr, relfile);
}

static int link_func(linker *l, const facts_func *f) {
  ca_program *p = l->p;
  const char *file = rel(l, f->file);
  const char *key = f->internal ? arena_printf(p->arena, "%s\x1f%s", f->usr, file ? file : "")
                                : arena_strdup(p->arena, f->usr);
  if (!key) return -1;
  int idx = strmap_get(&l->funcs, key);
  if (idx < 0) {
    prog_func pf = {.id = func_id(l, f, file), .name = arena_strdup(p->arena, f->name),
                    .file = file, .line = f->line, .col = f->col, .internal = f->internal,
                    .variadic = f->variadic, .implicit = f->implicit, .nparams = f->nparams,
                    .type = arena_strdup(p->arena, f->type)};
    if (!pf.id || !VEC_PUSH(p->arena, &p->funcs, pf)) return -1;
    idx = (int)p->funcs.len - 1;
    strmap_put(&l->funcs, key, idx);
  }
  prog_func *pf = &p->funcs.items[idx];
  pf->implicit = pf->implicit && f->implicit;
  if (f->defined && !pf->defined) {
    pf->defined = true, pf->implicit = false;
    pf->file = file, pf->line = f->line, pf->col = f->col;
    pf->nparams = f->nparams, pf->variadic = f->variadic;
    pf->ends_process = f->ends_process;
  }
  return idx;
}

static int link_loop(linker *l, const facts_tu *tu, const int *lmap, const int *fmap, size_t i) {
  const facts_loop *fl = &tu->loops.items[i];
  ca_program *p = l->p;
  prog_loop pl = {.func = fl->func >= 0 ? fmap[fl->func] : -1,
                  .parent = fl->parent >= 0 ? lmap[fl->parent] : -1,
                  .kind = fl->kind, .file = rel(l, fl->file), .line = fl->line, .col = fl->col,
                  .depth = fl->depth, .trip = fl->trip};
  const char *key = arena_printf(p->arena, "%s:%u:%u", pl.file ? pl.file : "", pl.line, pl.col);
  if (!key) return -1;
  int idx = strmap_get(&l->loops, key);
  if (idx >= 0) return idx;
  if (!VEC_PUSH(p->arena, &p->loops, pl)) return -1;
  strmap_put(&l->loops, key, (int)p->loops.len - 1);
  return (int)p->loops.len - 1;
}

/* Calls of one TU at one position with one callee are numbered in walk
 * order, so that identical calls from several TUs (a header inline) still
 * collapse while two calls in one macro expansion stay two. */
static unsigned call_ordinal(linker *l, const facts_call *fc) {
  const char *key = arena_printf(l->p->arena, "%d:%d:%u:%u:%p", fc->caller, fc->callee, fc->line,
                                 fc->col, (const void *)fc->file);
  if (!key) return 0;
  int seen = strmap_get(&l->sites, key);
  strmap_put(&l->sites, key, seen + 1);
  return (unsigned)(seen + 1);
}

static bool link_call(linker *l, const facts_call *fc, const int *fmap, const int *lmap) {
  prog_call pc = {.caller = fmap[fc->caller], .callee = fc->callee >= 0 ? fmap[fc->callee] : -1,
                  .indirect = fc->callee < 0, .site = -1, .file = rel(l, fc->file),
                  .line = fc->line, .col = fc->col, .loop_depth = fc->loop_depth,
                  .loop = fc->loop >= 0 ? lmap[fc->loop] : -1, .nargs = fc->nargs,
                  .result_var = arena_strdup(l->p->arena, fc->result_var),
                  .arg0_var = arena_strdup(l->p->arena, fc->arg0_var),
                  .ordinal = call_ordinal(l, fc)};
  memcpy(pc.argconst, fc->argconst, sizeof pc.argconst);
  memcpy(pc.argconst_ok, fc->argconst_ok, sizeof pc.argconst_ok);
  pc.returned = fc->returned, pc.carved = fc->carved;
  pc.alloc_ptr = arena_strdup(l->p->arena, fc->alloc_ptr);
  memcpy(pc.arg_param, fc->arg_param, sizeof pc.arg_param);
  memcpy(pc.arg_grow, fc->arg_grow, sizeof pc.arg_grow);
  memcpy(pc.arms, fc->arms, sizeof pc.arms);
  pc.narms = fc->narms;
  return VEC_PUSH(l->p->arena, &l->p->calls, pc);
}

static bool link_errors(linker *l, const facts_tu *tu) {
  if (!tu->nerrors && !tu->parse_failed) return true;
  ca_program *p = l->p;
  prog_diag_tu d = {.file = rel(l, tu->main_file), .nerrors = tu->nerrors};
  if (tu->parse_failed && !tu->nerrors) {
    facts_diag fd = {.file = tu->main_file, .line = 1, .col = 1, .severity = "fatal error",
                     .message = "libclang could not parse this file"};
    d.nerrors = 1;
    VEC_PUSH(p->arena, &d.diags, fd);
  }
  for (size_t i = 0; i < tu->diags.len; i++) {
    facts_diag fd = tu->diags.items[i];
    fd.file = rel(l, fd.file);
    fd.message = arena_strdup(p->arena, fd.message);
    VEC_PUSH(p->arena, &d.diags, fd);
  }
  for (size_t i = 0; i < d.diags.len; i++)
    if (d.diags.items[i].file == tu->main_file) d.diags.items[i].file = d.file;
  return VEC_PUSH(p->arena, &p->errors, d);
}

static bool link_tu(linker *l, const facts_tu *tu, int **fmap_out) {
  arena *a = l->p->arena;
  int *fmap = arena_alloc(a, (tu->funcs.len + 1) * sizeof *fmap);
  int *lmap = arena_alloc(a, (tu->loops.len + 1) * sizeof *lmap);
  if (!fmap || !lmap) return false;
  for (size_t i = 0; i < tu->funcs.len; i++)
    if ((fmap[i] = link_func(l, &tu->funcs.items[i])) < 0) return false;
  for (size_t i = 0; i < tu->loops.len; i++)
    if ((lmap[i] = link_loop(l, tu, lmap, fmap, i)) < 0) return false;
  strmap_init(&l->sites, a);
  for (size_t i = 0; i < tu->calls.len; i++)
    if (!link_call(l, &tu->calls.items[i], fmap, lmap)) return false;
  *fmap_out = fmap;
  return link_errors(l, tu);
}

/* ---- ordering ---- */

static const ca_program *sort_prog; /* qsort has no context argument; link runs on one thread */

static int cmp_func_idx(const void *a, const void *b) {
  return strcmp(sort_prog->funcs.items[*(const int *)a].id, sort_prog->funcs.items[*(const int *)b].id);
}

static int cmp_str0(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "");
}

static int cmp_call(const void *pa, const void *pb) {
  const prog_call *a = pa, *b = pb;
  int c;
  if (a->caller != b->caller) return a->caller < b->caller ? -1 : 1;
  if ((c = cmp_str0(a->file, b->file))) return c;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  if (a->col != b->col) return a->col < b->col ? -1 : 1;
  if (a->callee != b->callee) return a->callee < b->callee ? -1 : 1;
  if (a->indirect != b->indirect) return (int)a->indirect - (int)b->indirect;
  return a->ordinal < b->ordinal ? -1 : a->ordinal > b->ordinal;
}

static bool sort_funcs(ca_program *p, int *const *funcmap, const facts_tu *const *tus, size_t ntus) {
  size_t n = p->funcs.len;
  int *order = arena_alloc(p->arena, (n + 1) * sizeof *order);
  int *newidx = arena_alloc(p->arena, (n + 1) * sizeof *newidx);
  prog_func *sorted = arena_alloc(p->arena, (n + 1) * sizeof *sorted);
  if (!order || !newidx || !sorted) return false;
  for (size_t i = 0; i < n; i++) order[i] = (int)i;
  sort_prog = p;
  qsort(order, n, sizeof *order, cmp_func_idx);
  for (size_t i = 0; i < n; i++) sorted[i] = p->funcs.items[order[i]], newidx[order[i]] = (int)i;
  memcpy(p->funcs.items, sorted, n * sizeof *sorted);
  for (size_t t = 0; t < ntus; t++)
    for (size_t i = 0; i < tus[t]->funcs.len; i++) funcmap[t][i] = newidx[funcmap[t][i]];
  for (size_t i = 0; i < p->loops.len; i++)
    if (p->loops.items[i].func >= 0) p->loops.items[i].func = newidx[p->loops.items[i].func];
  for (size_t i = 0; i < p->calls.len; i++) {
    prog_call *c = &p->calls.items[i];
    c->caller = newidx[c->caller];
    if (c->callee >= 0) c->callee = newidx[c->callee];
  }
  return true;
}

void link_sort_calls(ca_program *p) {
  if (p->calls.len) qsort(p->calls.items, p->calls.len, sizeof *p->calls.items, cmp_call);
  size_t out = 0;
  for (size_t i = 0; i < p->calls.len; i++)
    if (out == 0 || cmp_call(&p->calls.items[out - 1], &p->calls.items[i]) != 0)
      p->calls.items[out++] = p->calls.items[i];
  p->calls.len = out;
  for (size_t s = 0; s < p->isites.len; s++) p->isites.items[s].call = -1;
  for (size_t i = 0; i < out; i++) {
    int s = p->calls.items[i].site;
    if (s >= 0 && (size_t)s < p->isites.len && p->isites.items[s].call < 0)
      p->isites.items[s].call = (int)i;
  }
}

/* Every indirect call becomes a site, numbered in call order. */
static bool number_sites(ca_program *p) {
  for (size_t i = 0; i < p->calls.len; i++) {
    prog_call *c = &p->calls.items[i];
    if (!c->indirect) continue;
    prog_site s = {.call = (int)i};
    if (!VEC_PUSH(p->arena, &p->isites, s)) return false;
    c->site = (int)p->isites.len - 1;
  }
  return true;
}

ca_status link_program(ca_program *p, facts_tu *const *tus, size_t ntus, int ***funcmap,
                       char *err, size_t errlen) {
  linker l = {.p = p};
  strmap_init(&l.funcs, p->arena);
  strmap_init(&l.loops, p->arena);
  int **maps = arena_alloc(p->arena, (ntus + 1) * sizeof *maps);
  bool okay = maps != NULL;
  for (size_t t = 0; okay && t < ntus; t++) okay = link_tu(&l, tus[t], &maps[t]);
  okay = okay && sort_funcs(p, maps, (const facts_tu *const *)tus, ntus);
  if (okay) link_sort_calls(p);
  okay = okay && number_sites(p) && !arena_failed(p->arena);
  if (!okay) {
    snprintf(err, errlen, "out of memory while linking");
    return CA_ERR_NOMEM;
  }
  p->ntus = ntus;
  *funcmap = maps;
  return CA_OK;
}
