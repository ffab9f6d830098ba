/* link.c: TU facts -> one program.
 *
 * External functions unify by USR; internal (static) ones by USR plus the
 * file that declares them, so equal static names in two files stay two nodes
 * while a static inline in a header is one. A function defined in several TUs
 * (a header inline) contributes its calls from each, and the identical calls
 * collapse when sorted. Ids are USRs, with an internal function's file part
 * replaced by its root-relative path so that ids are unique.
 *
 * An external function that TUs define in more than one place (file, line,
 * column) is one node per place: a tree of several programs defines main
 * once in each. Its id is the USR and "@file" ("@file:line" when one file
 * holds two of them). A TU's own definition is what its calls bind to; a TU
 * with none calls every definition. */
#include "link.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef VEC(const char *) place_list; /* "file:line:col" of definitions */
typedef VEC(int) cand_list;               /* program indices */
enum { PENDING = -2 };                    /* link_func: one of several definitions, known later */

typedef struct linker {
  ca_program *p;
  strmap funcs;                 /* link key -> program index (before sorting) */
  strmap loops;                 /* "file:line:col" -> program loop index */
  strmap sites;                 /* this TU's calls by position and callee -> count */
  strmap warnings;              /* command-line warning -> index into p->warnings */
  strmap defs;                  /* external USR -> index into places */
  VEC(place_list) places;       /* per external USR: its distinct definition places */
  VEC(cand_list) cands;         /* per external USR (as places): its nodes, when several */
} linker;

static const char *relative(ca_program *p, const char *abs) {
  size_t m = strlen(p->root);
  if (strcmp(p->root, "/") != 0 && strncmp(abs, p->root, m) == 0 && abs[m] == '/')
    return arena_strdup(p->arena, abs + m + 1);
  return arena_strdup(p->arena, abs);
}

/* Runs of calls ask for the same file (the objects and calls of one TU):
 * the last answer is tried first, by pointer and then by content, as the
 * caller's string may be freed and its address reused for another. */
const char *link_relpath(ca_program *p, const char *abs) {
  if (!abs) return NULL;
  if (p->relpath_last) {
    const prog_relpath *last = &p->relpaths.items[p->relpath_last - 1];
    if (abs == last->abs || strcmp(abs, last->abs) == 0) return last->rel;
  }
  if (!p->relpath_index.arena) strmap_init(&p->relpath_index, p->arena);
  int i = strmap_get(&p->relpath_index, abs);
  if (i < 0) {
    prog_relpath r = {arena_strdup(p->arena, abs), relative(p, abs)};
    if (!r.abs || !r.rel || !VEC_PUSH(p->arena, &p->relpaths, r)) return NULL;
    i = (int)p->relpaths.len - 1;
    if (!strmap_put(&p->relpath_index, r.abs, i)) return NULL;
  }
  p->relpath_last = i + 1;
  return p->relpaths.items[i].rel;
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

/* ---- definitions in several places ---- */

static const char *place_of(linker *l, const facts_func *f) {
  const char *file = rel(l, f->file);
  return arena_printf(l->p->arena, "%s:%u:%u", file ? file : "", f->line, f->col);
}

/* Collects where every external function is defined, over all TUs. */
static bool collect_places(linker *l, facts_tu *const *tus, size_t ntus) {
  arena *a = l->p->arena;
  for (size_t t = 0; t < ntus; t++)
    for (size_t i = 0; i < tus[t]->funcs.len; i++) {
      const facts_func *f = &tus[t]->funcs.items[i];
      if (f->internal || !f->defined) continue;
      const char *where = place_of(l, f);
      int k = strmap_get(&l->defs, f->usr);
      if (k < 0) {
        place_list none = {0};
        const char *key = arena_strdup(a, f->usr);
        if (!key || !VEC_PUSH(a, &l->places, none)) return false;
        k = (int)l->places.len - 1;
        strmap_put(&l->defs, key, k);
      }
      cand_list no_cands = {0};
      while (l->cands.len <= (size_t)k)
        if (!VEC_PUSH(a, &l->cands, no_cands)) return false;
      place_list *pl = &l->places.items[k];
      bool known = false;
      for (size_t j = 0; j < pl->len && !known; j++) known = strcmp(pl->items[j], where) == 0;
      if (!where || (!known && !VEC_PUSH(a, pl, where))) return false;
    }
  return !arena_failed(a);
}

static const place_list *places_of(linker *l, const facts_func *f) {
  int k = f->internal ? -1 : strmap_get(&l->defs, f->usr);
  return k >= 0 && l->places.items[k].len > 1 ? &l->places.items[k] : NULL;
}

/* "c:@F@main@src/server.c", or "...@src/x.c:12" when x.c defines it twice. */
static const char *place_id(linker *l, const facts_func *f, const place_list *pl, const char *file) {
  size_t in_file = 0, n = strlen(file ? file : "");
  for (size_t j = 0; j < pl->len; j++) in_file += strncmp(pl->items[j], file ? file : "", n) == 0 && pl->items[j][n] == ':';
  if (in_file > 1) return arena_printf(l->p->arena, "%s@%s:%u", f->usr, file ? file : "", f->line);
  return arena_printf(l->p->arena, "%s@%s", f->usr, file ? file : "");
}

/* The link key of f in its TU: a defined one of several places keys by its
 * place; any other reference to it by its USR alone (resolved to the
 * candidates in pass 2, see candidates()). */
static const char *func_key(linker *l, const facts_func *f, const char *file, const char **id) {
  arena *a = l->p->arena;
  *id = NULL;
  if (f->internal) return arena_printf(a, "%s\x1f%s", f->usr, file ? file : "");
  const place_list *pl = f->defined ? places_of(l, f) : NULL;
  if (!pl) return arena_strdup(a, f->usr);
  *id = place_id(l, f, pl, file);
  return arena_printf(a, "%s\x1f%s", f->usr, place_of(l, f));
}

static int link_func(linker *l, const facts_func *f) {
  ca_program *p = l->p;
  const char *file = rel(l, f->file), *id;
  if (!f->defined && places_of(l, f)) return PENDING;
  const char *key = func_key(l, f, file, &id);
  if (!key) return -1;
  int idx = strmap_get(&l->funcs, key);
  if (idx < 0 && id) {
    cand_list *c = &l->cands.items[strmap_get(&l->defs, f->usr)];
    if (!VEC_PUSH(p->arena, c, (int)p->funcs.len)) return -1;
  }
  if (idx < 0) {
    prog_func pf = {.id = id ? id : func_id(l, f, file), .name = arena_strdup(p->arena, f->name),
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

/* s, then ":N" for each number: what arena_printf("%s:%lu:%lu", ...)
 * makes, without printf's parsing. Keys by position are built for every
 * call and loop of every TU: printf was half of the linker on SQLite. */
static const char *pos_key(arena *a, const char *s, const unsigned long *v, size_t n) {
  size_t len = s ? strlen(s) : 0;
  char *k = arena_alloc_uninit(a, len + n * 21 + 1);
  if (!k) return NULL;
  if (len) memcpy(k, s, len);
  char *p = k + len;
  for (size_t i = 0; i < n; i++) {
    char d[20];
    int m = 0;
    unsigned long x = v[i];
    do d[m++] = (char)('0' + x % 10); while (x /= 10);
    *p++ = ':';
    while (m) *p++ = d[--m];
  }
  *p = 0;
  return k;
}

static int link_loop(linker *l, const facts_tu *tu, const int *lmap, const int *fmap, size_t i) {
  const facts_loop *fl = &tu->loops.items[i];
  ca_program *p = l->p;
  prog_loop pl = {.func = fl->func >= 0 ? fmap[fl->func] : -1,
                  .parent = fl->parent >= 0 ? lmap[fl->parent] : -1,
                  .kind = fl->kind, .file = rel(l, fl->file), .line = fl->line, .col = fl->col,
                  .depth = fl->depth, .trip = fl->trip, .bound_param = fl->bound_param};
  const char *key = pos_key(p->arena, pl.file, (unsigned long[]){pl.line, pl.col}, 2);
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
  unsigned long v[] = {(unsigned)fc->caller, (unsigned)fc->callee, fc->line, fc->col, (uintptr_t)fc->file};
  const char *key = pos_key(l->p->arena, NULL, v, 5);
  if (!key) return 0;
  int seen = strmap_get(&l->sites, key);
  strmap_put(&l->sites, key, seen + 1);
  return (unsigned)(seen + 1);
}

/* The candidates of a reference to a function defined in several places
 * that its TU does not define; NULL for any other. */
static const cand_list *candidates(linker *l, const facts_tu *tu, int i) {
  const facts_func *f = &tu->funcs.items[i];
  return f->defined || !places_of(l, f) ? NULL : &l->cands.items[strmap_get(&l->defs, f->usr)];
}

static bool link_call(linker *l, const facts_call *fc, int callee, unsigned ordinal,
                      const int *fmap, const int *lmap) {
  prog_call pc = {.caller = fmap[fc->caller], .callee = callee,
                  .indirect = fc->callee < 0, .site = -1, .file = rel(l, fc->file),
                  .line = fc->line, .col = fc->col, .loop_depth = fc->loop_depth,
                  .loop = fc->loop >= 0 ? lmap[fc->loop] : -1, .nargs = fc->nargs,
                  .result_var = arena_strdup(l->p->arena, fc->result_var),
                  .arg0_var = arena_strdup(l->p->arena, fc->arg0_var),
                  .ordinal = ordinal};
  memcpy(pc.argconst, fc->argconst, sizeof pc.argconst);
  memcpy(pc.argconst_ok, fc->argconst_ok, sizeof pc.argconst_ok);
  pc.returned = fc->returned, pc.carved = fc->carved;
  pc.stored = fc->stored, pc.out_arg = fc->out_arg, pc.out_hand = fc->out_hand;
  pc.out_var = arena_strdup(l->p->arena, fc->out_var);
  pc.alloc_ptr = arena_strdup(l->p->arena, fc->alloc_ptr);
  memcpy(pc.arg_param, fc->arg_param, sizeof pc.arg_param);
  memcpy(pc.arg_grow, fc->arg_grow, sizeof pc.arg_grow);
  memcpy(pc.arms, fc->arms, sizeof pc.arms);
  pc.narms = fc->narms;
  pc.null_arm = fc->null_arm, pc.null_var = arena_strdup(l->p->arena, fc->null_var);
  if (fc->ptests) {
    facts_ptest *t = arena_alloc(l->p->arena, fc->narms * sizeof *t);
    if (!t) return false;
    memcpy(t, fc->ptests, fc->narms * sizeof *t);
    pc.ptests = t;
  }
  return VEC_PUSH(l->p->arena, &l->p->calls, pc);
}

/* A call to a function its TU does not define, defined in several places:
 * a call to each. */
static bool link_calls(linker *l, const facts_tu *tu, const facts_call *fc, const int *fmap,
                       const int *lmap) {
  unsigned ordinal = call_ordinal(l, fc);
  const cand_list *c = fc->callee >= 0 ? candidates(l, tu, fc->callee) : NULL;
  if (!c) return link_call(l, fc, fc->callee >= 0 ? fmap[fc->callee] : -1, ordinal, fmap, lmap);
  for (size_t k = 0; k < c->len; k++)
    if (!link_call(l, fc, c->items[k], ordinal, fmap, lmap)) return false;
  return true;
}

static bool link_warnings(linker *l, const facts_tu *tu) {
  ca_program *p = l->p;
  for (size_t i = 0; i < tu->cmdline.len; i++) {
    const char *msg = tu->cmdline.items[i].message;
    int w = strmap_get(&l->warnings, msg);
    if (w < 0) {
      prog_warning pw = {.message = arena_strdup(p->arena, msg)};
      if (!pw.message || !VEC_PUSH(p->arena, &p->warnings, pw)) return false;
      w = (int)p->warnings.len - 1;
      strmap_put(&l->warnings, pw.message, w);
    }
    if (!VEC_PUSH(p->arena, &p->warnings.items[w].tus, rel(l, tu->main_file))) return false;
  }
  return true;
}

static bool link_errors(linker *l, const facts_tu *tu) {
  if (!tu->nerrors && !tu->parse_failed) return true;
  ca_program *p = l->p;
  prog_diag_tu d = {.file = rel(l, tu->main_file), .unparsed = tu->parse_failed, .nerrors = tu->nerrors};
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

/* Pass 1: a TU's functions. A reference to one of several definitions
 * stays PENDING until every TU's definitions are nodes. */
static bool link_tu_funcs(linker *l, const facts_tu *tu, int **fmap_out) {
  int *fmap = arena_alloc(l->p->arena, (tu->funcs.len + 1) * sizeof *fmap);
  if (!fmap) return false;
  for (size_t i = 0; i < tu->funcs.len; i++)
    if ((fmap[i] = link_func(l, &tu->funcs.items[i])) == -1) return false;
  *fmap_out = fmap;
  return true;
}

/* Pass 2: its loops, calls and diagnostics. A PENDING reference maps to
 * the first of its definitions (its calls go to each). */
static bool link_tu(linker *l, const facts_tu *tu, int *fmap) {
  arena *a = l->p->arena;
  int *lmap = arena_alloc(a, (tu->loops.len + 1) * sizeof *lmap);
  if (!lmap) return false;
  for (size_t i = 0; i < tu->funcs.len; i++)
    if (fmap[i] == PENDING) fmap[i] = candidates(l, tu, (int)i)->items[0];
  for (size_t i = 0; i < tu->loops.len; i++)
    if ((lmap[i] = link_loop(l, tu, lmap, fmap, i)) < 0) return false;
  strmap_init(&l->sites, a);
  for (size_t i = 0; i < tu->calls.len; i++)
    if (!link_calls(l, tu, &tu->calls.items[i], fmap, lmap)) return false;
  return link_errors(l, tu) && link_warnings(l, tu);
}

/* ---- ordering ---- */

static const ca_program *sort_prog; /* qsort has no context argument; link runs on one thread */

static int cmp_func_idx(const void *a, const void *b) {
  return strcmp(sort_prog->funcs.items[*(const int *)a].id, sort_prog->funcs.items[*(const int *)b].id);
}

static int cmp_int_asc(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
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

/* The definitions of one function, in id order, linked in a ring. */
static void make_rings(linker *l, const int *newidx) {
  ca_program *p = l->p;
  for (size_t k = 0; k < l->cands.len; k++) {
    cand_list *c = &l->cands.items[k];
    if (c->len < 2) continue;
    for (size_t j = 0; j < c->len; j++) c->items[j] = newidx[c->items[j]];
    qsort(c->items, c->len, sizeof *c->items, cmp_int_asc);
    for (size_t j = 0; j < c->len; j++) {
      p->funcs.items[c->items[j]].duplicate = true;
      p->funcs.items[c->items[j]].next_def = c->items[(j + 1) % c->len];
    }
  }
}

static bool sort_funcs(linker *l, int *const *funcmap, const facts_tu *const *tus, size_t ntus) {
  ca_program *p = l->p;
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
  make_rings(l, newidx);
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
  strmap_init(&l.warnings, p->arena);
  strmap_init(&l.defs, p->arena);
  int **maps = arena_alloc(p->arena, (ntus + 1) * sizeof *maps);
  bool okay = maps != NULL && collect_places(&l, tus, ntus);
  for (size_t t = 0; okay && t < ntus; t++) okay = link_tu_funcs(&l, tus[t], &maps[t]);
  for (size_t t = 0; okay && t < ntus; t++) okay = link_tu(&l, tus[t], maps[t]);
  okay = okay && sort_funcs(&l, maps, (const facts_tu *const *)tus, ntus);
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
