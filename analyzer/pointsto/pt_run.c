/* pt_run.c: links every TU's points-to facts into one solver, solves, and
 * writes the results into the program (see pointsto.h).
 *
 * Linking: globals with external linkage unify by USR; functions by program
 * index (funcmap), each with one FUNC object (its address) and one FRAME
 * object (result, varargs, parameters); everything else is per TU. A direct
 * call binds actuals to the callee's frame, or applies the library model
 * (pt_models.c) when the callee has no body. An indirect call becomes a
 * solver site, keyed by (caller, file, line, column) like the frontend's
 * call, so that after solving each p->isites entry finds its targets.
 * Invariant on return: p->calls holds one indirect call per (site, target),
 * the -1 entry only for sites without targets, sorted by link_sort_calls. */
#include "pointsto/pointsto.h"
#include "callgraph.h"
#include "hotspots/hot.h"
#include "link.h"
#include "pointsto/pt_models.h"
#include "pointsto/pt_sig.h"
#include "pointsto/pt_state.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct sitekey { int caller; const char *file; unsigned line, col; int site; const char *fntype; } sitekey;
typedef struct cbrec { int lib; int site; const char *file; unsigned line, col; } cbrec;

typedef struct linker {
  ca_program *p;
  pt_state *st;
  pts *s;
  int *funcobj, *frameobj;   /* per program function, -1 until needed */
  strmap usr;                /* external global USR -> solver object */
  strmap types;              /* struct type spelling -> small int, for typed heap clones */
  VEC(sitekey) sites;
  VEC(cbrec) callbacks;
  VEC(const char *) site_shape; /* solver site -> shape of the call, NULL: any target */
  const char **func_shape;      /* per program function, computed on first use */
  bool *unknown_ext;         /* per program function: called without body or model */
  int unknown;               /* node of the unknown object */
  hot_model *alloc;          /* per program function: ROLE_ALLOC for allocation wrappers (hot_wrap.c) */
  int *text;                 /* per text wrapper (returns char *): its one heap node, -1 until made */
  int pre;                   /* the heap object made early for the call being linked, or -1 */
  int *nodes;                /* scratch: a call's argument nodes, a function's parameters */
  size_t nnodes;
  /* the call being modelled, for naming heap objects and callback edges */
  int cur_lib;
  const char *cur_file;
  unsigned cur_line, cur_col;
} linker;

/* ---- objects ---- */

static const char *pt_rel(linker *l, const char *abs) { return link_relpath(l->p, abs); }

static bool set_info(linker *l, int obj, const pt_objinfo *info) {
  pt_state *st = l->st;
  if ((size_t)obj >= st->ninfo) {
    size_t n = st->ninfo ? st->ninfo * 2 : 4096;
    while (n <= (size_t)obj) n *= 2;
    int *a = arena_alloc(l->p->arena, n * sizeof *a); /* a failure sticks: pt_run checks */
    if (!a) return false;
    if (st->ninfo) memcpy(a, st->info, st->ninfo * sizeof *a);
    for (size_t i = st->ninfo; i < n; i++) a[i] = -1;
    st->info = a, st->ninfo = n;
  }
  if (!VEC_PUSH(l->p->arena, &st->infos, *info)) return false;
  st->info[obj] = (int)st->infos.len - 1;
  return true;
}

static int func_object(linker *l, int pf) {
  if (l->funcobj[pf] >= 0) return l->funcobj[pf];
  const prog_func *f = &l->p->funcs.items[pf];
  int o = pts_object(l->s, PTS_FUNC, pf);
  if (o >= 0 && pts_set_size(l->s, o, 1, 1) != 0) return -1; /* code: every offset is one place */
  pt_objinfo info = {.kind = PT_O_FUNC, .func = pf, .name = f->name, .file = f->file, .line = f->line};
  if (o < 0 || !set_info(l, o, &info)) return -1;
  return l->funcobj[pf] = o;
}

static int frame_object(linker *l, int pf) {
  if (l->frameobj[pf] < 0) l->frameobj[pf] = pts_object(l->s, PTS_FRAME, pf);
  return l->frameobj[pf];
}

static int frame_node(linker *l, int pf, long slot) {
  int f = frame_object(l, pf);
  return f < 0 ? -1 : pts_node(l->s, f, slot);
}

/* A heap object of one cell (members live in field cells), with its node. */
static int bare_heap(linker *l) {
  int o = pts_object(l->s, PTS_HEAP, -1);
  return o >= 0 && pts_set_size(l->s, o, 1, 0) == 0 && pts_node(l->s, o, 0) >= 0 ? o : -1;
}

static int heap_object(void *user, const char *alloc) {
  linker *l = user;
  int o = l->pre >= 0 ? l->pre : bare_heap(l); /* made early by number_locations */
  l->pre = -1;
  pt_objinfo info = {.kind = PT_O_HEAP, .func = -1, .name = alloc, .file = l->cur_file,
                     .line = l->cur_line};
  if (o < 0 || !set_info(l, o, &info)) return -1;
  return pts_node(l->s, o, 0);
}

static void callback_site(void *user, int site) {
  linker *l = user;
  cbrec r = {l->cur_lib, site, l->cur_file, l->cur_line, l->cur_col};
  VEC_PUSH(l->p->arena, &l->callbacks, r);
}

static pt_model_env model_env(linker *l) {
  return (pt_model_env){.s = l->s, .unknown = l->unknown, .heap = heap_object,
                        .callback = callback_site, .user = l};
}

static void name_maps(linker *l, const pt_obj *o, int obj, int pf) {
  pt_state *st = l->st;
  int node = pts_node(l->s, obj, 0);
  const char *name = arena_strdup(l->p->arena, o->name);
  if (!name || node < 0) return;
  if ((o->kind == PT_O_GLOBAL || o->kind == PT_O_FIELD) && o->func < 0) { /* a member: "struct T.m" */
    if (strmap_get(&st->globals, name) < 0) strmap_put(&st->globals, name, node);
  } else if (pf >= 0) {
    const char *fname = l->p->funcs.items[pf].name;
    const char *key = fname ? arena_join(l->p->arena, fname, ":", name) : NULL;
    if (key && strmap_get(&st->locals, key) < 0) strmap_put(&st->locals, key, node);
  }
}

/* A TU object -> solver object. */
static int map_object(linker *l, const pt_obj *o, const int *fm) {
  int pf = o->func >= 0 ? fm[o->func] : -1;
  if (o->kind == PT_O_FUNC) return func_object(l, pf);
  if (o->kind == PT_O_FRAME) return frame_object(l, pf);
  if (o->kind == PT_O_TEMP) return pts_object(l->s, PTS_TEMP, -1);
  if ((o->kind == PT_O_GLOBAL || o->kind == PT_O_FIELD) && o->usr) {
    int known = strmap_get(&l->usr, o->usr);
    /* extern T x[]; in one TU, the definition in another */
    if (known >= 0 && o->narrays) pts_set_arrays(l->s, known, &o->arrays[0].from, o->narrays);
    if (known >= 0) return pts_set_size(l->s, known, o->size, o->total) == 0 ? known : -1;
  }
  enum pts_objkind k = o->kind == PT_O_HEAP ? PTS_HEAP : o->kind == PT_O_STRING ? PTS_STRING : PTS_VAR;
  int obj = pts_object(l->s, k, -1);
  if (obj >= 0 && pts_set_size(l->s, obj, o->size, o->total) != 0) return -1;
  if (obj >= 0 && pts_set_holds(l->s, obj, (enum pts_holds)o->holds) != 0) return -1;
  if (obj >= 0 && o->narrays && pts_set_arrays(l->s, obj, &o->arrays[0].from, o->narrays) != 0)
    return -1;
  pt_field *fields = o->nfields ? arena_alloc(l->p->arena, o->nfields * sizeof *fields) : NULL;
  for (unsigned i = 0; fields && i < o->nfields; i++)
    fields[i] = (pt_field){o->fields[i].off, arena_strdup(l->p->arena, o->fields[i].path)};
  pt_objinfo info = {.kind = o->kind, .func = pf, .name = arena_strdup(l->p->arena, o->name),
                     .file = pt_rel(l, o->file), .line = o->line, .fields = fields,
                     .nfields = fields ? o->nfields : 0};
  if (obj < 0 || !set_info(l, obj, &info)) return -1;
  if ((o->kind == PT_O_GLOBAL || o->kind == PT_O_FIELD) && o->usr) strmap_put(&l->usr, o->usr, obj);
  return obj;
}

/* ---- constraints and calls ---- */

static int node_of(linker *l, const int *om, pt_ref r) {
  return r.obj < 0 || om[r.obj] < 0 ? -1 : pts_node(l->s, om[r.obj], r.off);
}

static int type_id(linker *l, const char *type) {
  int id = strmap_get(&l->types, type);
  if (id >= 0) return id;
  id = (int)l->types.len;
  const char *key = arena_strdup(l->p->arena, type);
  return key && strmap_put(&l->types, key, id) ? id : 0;
}

/* Does TU function i, program function g, stand for every definition of
 * a function defined in several places (program.h: its TU has none)? */
static bool every_def(const linker *l, const facts_tu *tu, int i, int g) {
  return i >= 0 && g >= 0 && !tu->funcs.items[i].defined && l->p->funcs.items[g].duplicate;
}

/* &f for such a function: the address of each definition. */
static bool addr_of_every_def(linker *l, const facts_tu *tu, const int *fm, const pt_con *c, int d) {
  const pt_tu *pt = tu->pt;
  if (c->kind != PT_C_ADDR || c->src.obj < 0) return false;
  const pt_obj *o = &pt->objs.items[c->src.obj];
  if (o->kind != PT_O_FUNC || !every_def(l, tu, o->func, fm[o->func])) return false;
  int g = fm[o->func];
  do {
    int obj = func_object(l, g);
    if (obj >= 0) pts_addr(l->s, d, pts_node(l->s, obj, 0));
    g = l->p->funcs.items[g].next_def;
  } while (g != fm[o->func]);
  return true;
}

static void emit(linker *l, const facts_tu *tu, const int *fm, const int *om, const pt_con *c) {
  int d = node_of(l, om, c->dst), s = node_of(l, om, c->src);
  if (addr_of_every_def(l, tu, fm, c, d)) return;
  switch (c->kind) {
  case PT_C_ADDR: pts_addr(l->s, d, s); break;
  case PT_C_COPY: pts_copy(l->s, d, s); break;
  case PT_C_LOAD: pts_load(l->s, d, s, c->off); break;
  case PT_C_STORE: pts_store(l->s, d, s, c->off); break;
  case PT_C_GEP: pts_gep(l->s, d, s, c->off); break; /* -1 is PTS_ANY */
  case PT_C_FIELD: pts_field(l->s, d, s, c->off, c->tsize); break;
  case PT_C_GROUP: pts_set_group(l->s, c->dst.obj < 0 ? -1 : om[c->dst.obj], s); break;
  case PT_C_SIBLINGS: pts_siblings(l->s, d, s); break;
  case PT_C_RETYPE: {
    int type = type_id(l, c->type);
    pts_type_holds(l->s, type, (enum pts_holds)c->tsize); /* tsize: the clone's holds */
    pts_retype(l->s, d, s, type);
    break;
  }
  default: pts_memcpy(l->s, d, s, c->off); break;
  }
}

static bool unprototyped(const prog_func *f) {
  size_t n = f->type ? strlen(f->type) : 0;
  return !f->variadic && f->nparams == 0 && n >= 2 && strcmp(f->type + n - 2, "()") == 0;
}

/* Formal i of function pf: a parameter, the varargs object, or nothing. */
static int formal(linker *l, int pf, unsigned i) {
  const prog_func *f = &l->p->funcs.items[pf];
  if (i < f->nparams || unprototyped(f)) return frame_node(l, pf, PT_FRAME_PARAM + (long)i);
  return f->variadic ? frame_node(l, pf, PT_FRAME_VA) : -1;
}

/* A call of an allocation wrapper (sqlite3DbMallocZero, luaM_malloc_,
 * zmalloc: found by hot_wrap.c, a function that returns what an allocator
 * or another wrapper returns) gets a heap object of its own, as a call of
 * malloc does, instead of the wrapper's result: that is every block the
 * wrapper ever returned, free lists included (SQLite's lookaside hands
 * freed blocks of every type back). A realloc-style wrapper may also
 * return the block it was given, and copies what that block held. */
/* A wrapper returning char * hands out text: one heap object for all its
 * calls (per call they cost time and hold no pointers). */
static bool text_wrapper(const prog_func *f) { return f->type && strncmp(f->type, "char *", 6) == 0; }

static void wrapper_result(linker *l, int g, const int *args, unsigned n, int ret, const pt_call *pc) {
  l->cur_file = pt_rel(l, pc->file), l->cur_line = pc->line;
  const prog_func *f = &l->p->funcs.items[g];
  int h;
  if (text_wrapper(f)) {
    if (l->text[g] < 0) l->cur_file = f->file, l->cur_line = f->line, l->text[g] = heap_object(l, f->name);
    h = l->text[g];
  } else {
    h = heap_object(l, f->name);
  }
  if (h >= 0) pts_addr(l->s, ret, h);
  int old = l->alloc[g].resizes && l->alloc[g].ptr_arg >= 0 && (unsigned)l->alloc[g].ptr_arg < n
                ? args[(int)l->alloc[g].ptr_arg] : -1;
  if (old < 0) return;
  int t = pts_node(l->s, pts_object(l->s, PTS_TEMP, -1), 0);
  pts_load(l->s, t, old, 0);
  if (h >= 0) pts_copy(l->s, h, t); /* into the new block only: the old one keeps what it had */
  pts_copy_heap(l->s, ret, old);
}

static void direct_call(linker *l, int g, const int *args, unsigned n, const bool *fnarg, int ret,
                        const pt_call *pc) {
  const prog_func *f = &l->p->funcs.items[g];
  if (f->defined) {
    for (unsigned i = 0; i < n; i++)
      if (args[i] >= 0) pts_copy(l->s, formal(l, g, i), args[i]);
    if (ret >= 0 && l->alloc && l->alloc[g].role == ROLE_ALLOC)
      return wrapper_result(l, g, args, n, ret, pc);
    if (ret >= 0) pts_copy(l->s, ret, frame_node(l, g, PT_FRAME_RET));
    return;
  }
  l->cur_lib = g, l->cur_file = pt_rel(l, pc->file), l->cur_line = pc->line, l->cur_col = pc->col;
  pt_model_env env = model_env(l);
  if (!pt_model_apply(&env, f->name, args, n, fnarg, ret)) l->unknown_ext[g] = true;
}

static void set_site_shape(linker *l, int site, const char *shape) {
  while (l->site_shape.len <= (size_t)site)
    if (!VEC_PUSH(l->p->arena, &l->site_shape, (const char *)NULL)) return;
  l->site_shape.items[site] = shape;
}

/* The solver's filter: does target func's signature fit the site's call? */
static bool fits(void *user, int site, int func) {
  linker *l = user;
  if ((size_t)site >= l->site_shape.len || !l->site_shape.items[site]) return true;
  const prog_func *f = &l->p->funcs.items[func];
  if (!l->func_shape[func]) l->func_shape[func] = pt_sig_shape(l->p->arena, f->type, f->variadic);
  return pt_sig_fits(l->site_shape.items[site], l->func_shape[func]);
}

/* Will linking call pc make a heap object (a per-site wrapper, an
 * allocator's model)? */
static bool allocates(linker *l, const int *fm, const pt_call *pc) {
  if (pc->callee < 0) return false;
  const prog_func *f = &l->p->funcs.items[fm[pc->callee]];
  if (!f->defined) return pt_model_allocates(f->name);
  return pc->ret.obj >= 0 && l->alloc[fm[pc->callee]].role == ROLE_ALLOC && !text_wrapper(f);
}

/* Room for n nodes, valid until the next call (the solver copies what it
 * keeps). Grows in the program's arena; NULL when that fails. */
static int *node_scratch(linker *l, size_t n) {
  if (l->nodes && n <= l->nnodes) return l->nodes;
  size_t cap = l->nnodes ? l->nnodes : 64;
  while (cap < n) cap *= 2;
  int *nodes = arena_alloc(l->p->arena, cap * sizeof *nodes);
  if (nodes) l->nodes = nodes, l->nnodes = cap;
  return nodes;
}

static void one_call(linker *l, const facts_tu *tu, const int *om, const int *fm, const pt_call *pc) {
  int n = (int)pc->nargs, *args = node_scratch(l, pc->nargs);
  if (!args) return; /* out of memory: the arena says so */
  for (int i = 0; i < n; i++) args[i] = pc->args ? node_of(l, om, pc->args[i]) : -1;
  int ret = node_of(l, om, pc->ret);
  if (pc->callee >= 0 && every_def(l, tu, pc->callee, fm[pc->callee])) {
    int g = fm[pc->callee];
    do direct_call(l, g, args, (unsigned)n, pc->fnarg, ret, pc);
    while ((g = l->p->funcs.items[g].next_def) != fm[pc->callee]);
    return;
  }
  if (pc->callee >= 0) return direct_call(l, fm[pc->callee], args, (unsigned)n, pc->fnarg, ret, pc);
  int site = pts_site(l->s, node_of(l, om, pc->fp), args, (unsigned)n, ret);
  sitekey k = {pc->caller >= 0 ? fm[pc->caller] : -1, pt_rel(l, pc->file), pc->line, pc->col, site,
               arena_strdup(l->p->arena, pc->fntype)};
  if (site >= 0 && k.caller >= 0) VEC_PUSH(l->p->arena, &l->sites, k);
  if (site >= 0) set_site_shape(l, site, pc->fntype ? pt_sig_shape(l->p->arena, pc->fntype, false) : NULL);
}

static void record_positions(linker *l, const pt_tu *pt, const int *om) {
  for (size_t i = 0; i < pt->pos.len; i++) {
    const pt_pos *ps = &pt->pos.items[i];
    int node = node_of(l, om, ps->ref);
    const char *file = pt_rel(l, ps->file);
    if (node < 0 || !file) continue;
    const char *key = arena_printf(l->p->arena, "%s:%u:%u", file, ps->line, ps->col);
    if (key) strmap_put(&l->st->pos, key, node);
    const char *base = strrchr(file, '/');
    if (base && (key = arena_printf(l->p->arena, "%s:%u:%u", base + 1, ps->line, ps->col)))
      strmap_put(&l->st->pos, key, node);
  }
}

/* Pass 1: a TU's objects, without nodes yet. */
static int *map_tu(linker *l, const facts_tu *tu, const int *fm) {
  const pt_tu *pt = tu->pt;
  int *om = ca_xmalloc((pt->objs.len + 1) * sizeof *om);
  if (!om) return NULL;
  for (size_t i = 0; i < pt->objs.len; i++) om[i] = map_object(l, &pt->objs.items[i], fm);
  return om;
}

/* Nodes, locations first: whatever some address is taken of (the source of
 * an ADDR constraint) gets the lowest node ids, in every TU, before the
 * variables no pointer reaches and every temporary. Sets of locations are
 * sparse bit sets, and this keeps them dense: on SQLite a set of 5,000
 * locations had 9 elements per 64-bit word with locals interleaved. */
static bool number_locations(linker *l, facts_tu *const *tus, size_t ntus, int *const *om, int *const *fm,
                             int **pre) {
  for (size_t t = 0; t < ntus; t++) {
    const pt_tu *pt = tus[t]->pt;
    for (size_t i = 0; pt && i < pt->cons.len; i++)
      if (pt->cons.items[i].kind == PT_C_ADDR) node_of(l, om[t], pt->cons.items[i].src);
    if (pt && !(pre[t] = ca_xmalloc((pt->calls.len + 1) * sizeof **pre))) return false;
    for (size_t i = 0; pt && i < pt->calls.len; i++)
      pre[t][i] = allocates(l, fm[t], &pt->calls.items[i]) ? bare_heap(l) : -1;
  }
  for (size_t t = 0; t < ntus; t++) {
    const pt_tu *pt = tus[t]->pt;
    for (size_t i = 0; pt && i < pt->objs.len; i++) {
      const pt_obj *o = &pt->objs.items[i];
      if (om[t][i] < 0 || o->kind == PT_O_TEMP || o->kind == PT_O_FRAME) continue;
      if (o->kind == PT_O_GLOBAL || o->kind == PT_O_LOCAL || o->kind == PT_O_FIELD)
        name_maps(l, o, om[t][i], o->func >= 0 ? fm[t][o->func] : -1);
      pts_node(l->s, om[t][i], 0);
    }
  }
  return true;
}

/* Pass 2: its constraints and calls. */
static void link_tu(linker *l, const facts_tu *tu, const int *fm, const int *om, const int *pre) {
  const pt_tu *pt = tu->pt;
  for (size_t i = 0; i < pt->cons.len; i++) emit(l, tu, fm, om, &pt->cons.items[i]);
  for (size_t i = 0; i < pt->calls.len; i++) {
    l->pre = pre[i];
    one_call(l, tu, om, fm, &pt->calls.items[i]);
  }
  l->pre = -1;
  record_positions(l, pt, om);
  for (size_t i = 0; i < pt->naddr_taken && i < tu->funcs.len; i++)
    if (pt->addr_taken[i]) l->p->funcs.items[fm[i]].address_taken = true;
}

static bool link_all(linker *l, facts_tu *const *tus, size_t ntus, int *const *funcmap) {
  int **om = ca_xcalloc(ntus + 1, sizeof *om), **pre = ca_xcalloc(ntus + 1, sizeof *pre);
  size_t nobjs = 0;
  for (size_t t = 0; t < ntus; t++) nobjs += tus[t]->pt ? ((const pt_tu *)tus[t]->pt)->objs.len : 0;
  bool okay = om && pre && pts_reserve(l->s, nobjs, nobjs) == 0; /* an upper bound, and about one node each */
  for (size_t t = 0; okay && t < ntus; t++) okay = !tus[t]->pt || (om[t] = map_tu(l, tus[t], funcmap[t]));
  okay = okay && number_locations(l, tus, ntus, om, funcmap, pre);
  for (size_t t = 0; okay && t < ntus; t++)
    if (tus[t]->pt) link_tu(l, tus[t], funcmap[t], om[t], pre[t]);
  for (size_t t = 0; om && pre && t < ntus; t++) ca_xfree(om[t]), ca_xfree(pre[t]);
  ca_xfree(om), ca_xfree(pre);
  return okay;
}

/* Every function whose address is taken can be called through a pointer:
 * register its frame, and give a library function its model on the frame. */
static void register_functions(linker *l) {
  for (size_t pf = 0; pf < l->p->funcs.len; pf++) {
    if (l->funcobj[pf] < 0) continue;
    const prog_func *f = &l->p->funcs.items[pf];
    unsigned n = unprototyped(f) ? 8 : f->nparams;
    int *params = node_scratch(l, n);
    if (!params) return; /* out of memory: the arena says so */
    for (unsigned i = 0; i < n; i++) params[i] = frame_node(l, (int)pf, PT_FRAME_PARAM + (long)i);
    int ret = frame_node(l, (int)pf, PT_FRAME_RET), va = frame_node(l, (int)pf, PT_FRAME_VA);
    pts_function(l->s, (int)pf, l->funcobj[pf], params, n, ret, va, f->variadic);
    if (f->defined) continue;
    l->cur_lib = (int)pf, l->cur_file = f->file, l->cur_line = f->line, l->cur_col = f->col;
    pt_model_env env = model_env(l);
    pt_model_apply(&env, f->name, params, n, NULL, ret);
  }
}

static void make_unknown(linker *l) {
  int o = pts_object(l->s, PTS_UNKNOWN, -1);
  pt_objinfo info = {.kind = PT_O_TEMP, .unknown = true, .func = -1, .name = "unknown"};
  if (o < 0 || !set_info(l, o, &info)) return;
  l->unknown = pts_node(l->s, o, 0);
  pts_addr(l->s, l->unknown, l->unknown);  /* unknown memory points to unknown memory */
  pts_collapse(l->s, o);                    /* and has no fields */
}

/* ---- results ---- */

static int cmp_key(const void *pa, const void *pb) {
  const sitekey *a = pa, *b = pb;
  if (a->caller != b->caller) return a->caller < b->caller ? -1 : 1;
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c) return c;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  return a->col < b->col ? -1 : a->col > b->col;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Sorted distinct targets of every solver site matching key. */
static size_t site_targets(linker *l, const sitekey *key, int **out, bool *unknown, const char **fntype) {
  sitekey *k = bsearch(key, l->sites.items, l->sites.len, sizeof *k, cmp_key);
  *out = NULL, *unknown = false, *fntype = NULL;
  if (!k) return 0;
  while (k > l->sites.items && cmp_key(k - 1, key) == 0) k--;
  VEC(int) t = {0};
  for (; k < l->sites.items + l->sites.len && cmp_key(k, key) == 0; k++) {
    bool unk;
    const ptset *set = pts_site_targets(l->s, k->site, &unk);
    *unknown |= unk;
    if (!*fntype) *fntype = k->fntype;
    uint32_t f;
    for (ptset_it it = ptset_begin(set); ptset_next(&it, &f);) VEC_PUSH(l->p->arena, &t, (int)f);
  }
  if (t.len) qsort(t.items, t.len, sizeof *t.items, cmp_int);
  size_t n = 0;
  for (size_t i = 0; i < t.len; i++)
    if (n == 0 || t.items[n - 1] != t.items[i]) t.items[n++] = t.items[i];
  *out = t.items;
  return n;
}

/* The type-signature baseline of one site: address-taken functions whose
 * type is the site's (any, for an unprototyped call). */
static size_t baseline(const ca_program *p, const char *fntype) {
  size_t n = 0, len = fntype ? strlen(fntype) : 0;
  bool any = len >= 2 && strcmp(fntype + len - 2, "()") == 0;
  for (size_t f = 0; f < p->funcs.len; f++)
    if (p->funcs.items[f].address_taken &&
        (any || !fntype || (p->funcs.items[f].type && strcmp(p->funcs.items[f].type, fntype) == 0)))
      n++;
  return n;
}

static bool resolve_sites(linker *l) {
  ca_program *p = l->p;
  if (l->sites.len) qsort(l->sites.items, l->sites.len, sizeof *l->sites.items, cmp_key);
  size_t total = 0, base_total = 0;
  for (size_t i = 0; i < p->isites.len; i++) {
    prog_call c = p->calls.items[p->isites.items[i].call];
    sitekey key = {c.caller, c.file, c.line, c.col, -1, NULL};
    bool unknown;
    const char *fntype;
    int *targets;
    size_t n = site_targets(l, &key, &targets, &unknown, &fntype);
    p->isites.items[i].targets = targets, p->isites.items[i].ntargets = n;
    l->st->unknown_sites += unknown;
    base_total += baseline(p, fntype);
    if (n) p->pt.resolved++;
    total += n;
    if (n > p->pt.max_targets) p->pt.max_targets = n;
    for (size_t t = 0; t < n; t++) {
      prog_call nc = c;
      nc.callee = targets[t], nc.indirect = true, nc.site = (int)i;
      if (!VEC_PUSH(p->arena, &p->calls, nc)) return false;
    }
  }
  p->pt.sites = p->isites.len;
  p->pt.mean_targets = p->pt.resolved ? (double)total / (double)p->pt.resolved : 0;
  l->st->baseline_sites = p->isites.len;
  l->st->baseline_mean = p->isites.len ? (double)base_total / (double)p->isites.len : 0;
  return true;
}

/* Library callbacks: the library function calls the target. */
static bool callback_edges(linker *l) {
  ca_program *p = l->p;
  for (size_t i = 0; i < l->callbacks.len; i++) {
    const cbrec *r = &l->callbacks.items[i];
    uint32_t f;
    const ptset *set = pts_site_targets(l->s, r->site, NULL);
    for (ptset_it it = ptset_begin(set); ptset_next(&it, &f);) {
      prog_call nc = {.caller = r->lib, .callee = (int)f, .indirect = true, .site = -1,
                      .file = r->file, .line = r->line, .col = r->col, .loop = -1};
      if (!VEC_PUSH(p->arena, &p->calls, nc)) return false;
    }
  }
  return true;
}

/* Drops the callee -1 entry of every site that now has targets. */
static void drop_resolved_placeholders(ca_program *p) {
  size_t out = 0;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    if (c->callee < 0 && c->site >= 0 && p->isites.items[c->site].ntargets) continue;
    p->calls.items[out++] = *c;
  }
  p->calls.len = out;
}

void pt_state_free(void *state) {
  pt_state *st = state;
  if (!st) return;
  pts_free(st->s);
}

const pt_objinfo *pt_state_obj_info(const pt_state *st, int o) {
  if (o < 0) return NULL;
  if (pts_obj_raw(st->s, o) >= 0) o = pts_obj_raw(st->s, o); /* a typed clone is named as its site */
  if ((size_t)o >= st->ninfo || st->info[o] < 0) return NULL;
  return &st->infos.items[st->info[o]];
}

const pt_objinfo *pt_state_info(const pt_state *st, int node) {
  return node < 0 ? NULL : pt_state_obj_info(st, pts_node_obj(st->s, node));
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Allocation wrappers, as the hotspots module finds them (on the call
 * graph before --pointer: direct calls, and calls through pointers named
 * *alloc*). */
static bool find_wrappers(linker *l) {
  hot_result r = {.arena = l->p->arena};
  l->alloc = arena_alloc(l->p->arena, (l->p->funcs.len + 1) * sizeof *l->alloc);
  l->text = arena_alloc(l->p->arena, (l->p->funcs.len + 1) * sizeof *l->text);
  for (size_t f = 0; l->text && f <= l->p->funcs.len; f++) l->text[f] = -1;
  return l->alloc && l->text && callgraph_index(l->p) == CA_OK && hot_wrappers(l->p, &r, l->alloc, false) == CA_OK;
}

static bool setup(linker *l, ca_program *p) {
  size_t n = p->funcs.len + 1;
  l->p = p;
  l->st = arena_alloc(p->arena, sizeof *l->st);
  l->funcobj = arena_alloc(p->arena, n * sizeof *l->funcobj);
  l->frameobj = arena_alloc(p->arena, n * sizeof *l->frameobj);
  l->unknown_ext = arena_alloc(p->arena, n);
  l->func_shape = arena_alloc(p->arena, n * sizeof *l->func_shape);
  if (!l->st || !l->funcobj || !l->frameobj || !l->unknown_ext || !l->func_shape || !(l->s = l->st->s = pts_new()))
    return false;
  for (size_t i = 0; i < n; i++) l->funcobj[i] = l->frameobj[i] = -1;
  strmap_init(&l->usr, p->arena), strmap_init(&l->types, p->arena);
  strmap_init(&l->st->pos, p->arena), strmap_init(&l->st->globals, p->arena);
  strmap_init(&l->st->locals, p->arena);
  p->pt_state = l->st, p->pt_free = pt_state_free;
  make_unknown(l);
  return true;
}

ca_status pt_run(ca_program *p, facts_tu **tus, size_t ntus, int *const *funcmap,
                       char *err, size_t errlen) {
  linker l = {.pre = -1};
  bool okay = setup(&l, p);
  okay = okay && find_wrappers(&l) && link_all(&l, tus, ntus, funcmap);
  if (okay) register_functions(&l);
  for (size_t t = 0; t < ntus; t++) facts_tu_free(tus[t]), tus[t] = NULL; /* linked: nothing points into them */
  if (okay) pts_set_filter(l.s, fits, &l);
  double start = now_ms();
  okay = okay && pts_solve(l.s) == 0;
  p->pt.solve_ms = now_ms() - start;
  okay = okay && resolve_sites(&l) && callback_edges(&l);
  if (!okay || arena_failed(p->arena)) {
    snprintf(err, errlen, "out of memory in the points-to analysis");
    return CA_ERR_NOMEM;
  }
  drop_resolved_placeholders(p);
  link_sort_calls(p);
  for (size_t f = 0; f < p->funcs.len; f++) p->pt.unknown_externals += l.unknown_ext[f];
  pts_get_stats(l.s, &l.st->solver);

  p->pt.iterations = l.st->solver.iterations;
  p->pt.ran = true;
  return CA_OK;
}
