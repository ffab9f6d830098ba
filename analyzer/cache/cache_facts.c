/* cache_facts.c: encodes and decodes a TU's facts (facts.h, pt_facts.h).
 *
 * Layout: the string table (count, then each string), then funcs, loops,
 * calls, diagnostics and, when present, the points-to constraints. A string
 * is referred to by 1 + its table index, 0 for NULL. Indices into funcs,
 * loops and points-to objects are stored as 1 + index (0 for -1) and checked
 * against the counts read before them, so a damaged file cannot make the
 * decoder write out of bounds; it only makes it fail.
 *
 * Invariant: decode(encode(tu)) has the same values and the same sharing of
 * strings as tu. The static assertions below trip when a fact struct
 * changes size: a new field must be encoded here, and the format version in
 * cache.c raised. */
#include "cache/cache_facts.h"
#include "base/ptrmap.h"
#include "pointsto/pt_facts.h"
#include <string.h>

#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(facts_func) == 56, "facts_func changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(facts_loop) == 48, "facts_loop changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(facts_call) == 176, "facts_call changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(facts_diag) == 32, "facts_diag changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(facts_tu) == 248, "facts_tu changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(pt_obj) == 88, "pt_obj changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(pt_con) == 64, "pt_con changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(pt_call) == 88, "pt_call changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(pt_pos) == 32, "pt_pos changed: encode the new field in cache_facts.c");
_Static_assert(sizeof(pt_tu) == 112, "pt_tu changed: encode the new field in cache_facts.c");
#endif

/* ---- encoding ---- */

typedef struct enc {
  wbuf body;
  ptrmap ids;                 /* string address -> table index */
  VEC(const char *) strings;  /* the table, in order of first use */
  arena *a;
} enc;

static void put_str(enc *e, const char *s) {
  if (!s) return wbuf_u(&e->body, 0);
  int id = ptrmap_get(&e->ids, s);
  if (id < 0) {
    id = (int)e->strings.len;
    if (!VEC_PUSH(e->a, &e->strings, s) || !ptrmap_put(&e->ids, s, id)) e->body.failed = true;
  }
  wbuf_u(&e->body, (uint64_t)id + 1);
}

static void put_idx(enc *e, long i) { wbuf_u(&e->body, (uint64_t)(i + 1)); } /* -1 -> 0 */

static void put_func(enc *e, const facts_func *f) {
  put_str(e, f->usr), put_str(e, f->name), put_str(e, f->file);
  wbuf_u(&e->body, f->line), wbuf_u(&e->body, f->col);
  wbuf_u(&e->body, (unsigned)f->internal | (unsigned)f->defined << 1 | (unsigned)f->variadic << 2 |
                       (unsigned)f->implicit << 3 | (unsigned)f->ends_process << 4);
  wbuf_u(&e->body, f->nparams);
  put_str(e, f->type);
}

/* A loop's trip in hundredths: 0, FACTS_TRIP_RETRY (5), 1 (100), K (100 K),
 * every value hot_branch.c gives, decoded exactly. */
static uint64_t trip_code(double trip) {
  return trip > 0 ? (uint64_t)(trip * 100 + 0.5) : 0;
}

static void put_loop(enc *e, const facts_loop *l) {
  put_idx(e, l->func), put_idx(e, l->parent);
  wbuf_u(&e->body, l->kind);
  put_str(e, l->file);
  wbuf_u(&e->body, l->line), wbuf_u(&e->body, l->col), wbuf_u(&e->body, l->depth);
  wbuf_u(&e->body, trip_code(l->trip));
  wbuf_u(&e->body, l->bound_param);
}

static void put_call(enc *e, const facts_call *c) {
  wbuf *w = &e->body;
  put_idx(e, c->caller), put_idx(e, c->callee);
  put_str(e, c->file);
  wbuf_u(w, c->line), wbuf_u(w, c->col), wbuf_u(w, c->loop_depth);
  put_idx(e, c->loop);
  wbuf_u(w, c->nargs);
  for (int i = 0; i < FACTS_MAXARGS; i++) {
    wbuf_u(w, c->argconst_ok[i]);
    if (c->argconst_ok[i]) wbuf_i(w, c->argconst[i]);
    wbuf_u(w, c->arg_param[i]), wbuf_u(w, c->arg_grow[i]);
  }
  put_str(e, c->result_var), put_str(e, c->arg0_var);
  wbuf_u(w, (unsigned)c->returned | (unsigned)c->carved << 1);
  wbuf_u(w, c->stored), wbuf_u(w, c->out_arg), wbuf_u(w, c->out_hand);
  put_str(e, c->out_var);
  put_str(e, c->alloc_ptr);
  wbuf_u(w, c->narms);
  for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++) wbuf_u(w, c->arms[i]);
  wbuf_u(w, c->ptests != NULL);
  for (unsigned i = 0; c->ptests && i < c->narms && i < FACTS_MAXARMS; i++) {
    wbuf_u(w, c->ptests[i].param);
    if (c->ptests[i].param) wbuf_u(w, c->ptests[i].op), wbuf_u(w, c->ptests[i].only), wbuf_i(w, c->ptests[i].k);
  }
  wbuf_u(w, c->null_arm);
  put_str(e, c->null_var);
}

static void put_diag(enc *e, const facts_diag *d) {
  put_str(e, d->file);
  wbuf_u(&e->body, d->line), wbuf_u(&e->body, d->col);
  put_str(e, d->severity), put_str(e, d->message);
}

static void put_ref(enc *e, pt_ref r) { put_idx(e, r.obj), wbuf_i(&e->body, r.off); }

static void put_obj(enc *e, const pt_obj *o) {
  wbuf *w = &e->body;
  wbuf_u(w, o->kind), wbuf_u(w, o->internal);
  put_idx(e, o->func);
  put_str(e, o->usr), put_str(e, o->name), put_str(e, o->file);
  wbuf_u(w, o->line);
  wbuf_i(w, o->size), wbuf_i(w, o->total);
  wbuf_u(w, o->holds);
  wbuf_u(w, o->fields ? o->nfields + 1 : 0); /* 0: no array, unlike an empty one */
  for (unsigned i = 0; o->fields && i < o->nfields; i++) wbuf_i(w, o->fields[i].off), put_str(e, o->fields[i].path);
  wbuf_u(w, o->arrays ? o->narrays + 1 : 0);
  for (unsigned i = 0; o->arrays && i < o->narrays; i++) wbuf_i(w, o->arrays[i].from), wbuf_i(w, o->arrays[i].to);
}

static void put_con(enc *e, const pt_con *c) {
  wbuf_u(&e->body, c->kind);
  put_ref(e, c->dst), put_ref(e, c->src);
  wbuf_i(&e->body, c->off), wbuf_i(&e->body, c->tsize);
  put_str(e, c->type);
}

static void put_ptcall(enc *e, const pt_call *c) {
  wbuf *w = &e->body;
  put_idx(e, c->caller), put_idx(e, c->callee);
  put_ref(e, c->fp);
  wbuf_u(w, c->args ? c->nargs + 1 : 0);
  for (unsigned i = 0; c->args && i < c->nargs; i++) put_ref(e, c->args[i]);
  wbuf_u(w, c->fnarg ? 1 : 0);
  for (unsigned i = 0; c->fnarg && i < c->nargs; i++) wbuf_u(w, c->fnarg[i]);
  put_ref(e, c->ret);
  put_str(e, c->fntype), put_str(e, c->file);
  wbuf_u(w, c->line), wbuf_u(w, c->col);
}

static void put_pt(enc *e, const pt_tu *pt) {
  wbuf *w = &e->body;
  wbuf_u(w, pt != NULL);
  if (!pt) return;
  wbuf_u(w, pt->objs.len);
  for (size_t i = 0; i < pt->objs.len; i++) put_obj(e, &pt->objs.items[i]);
  wbuf_u(w, pt->cons.len);
  for (size_t i = 0; i < pt->cons.len; i++) put_con(e, &pt->cons.items[i]);
  wbuf_u(w, pt->calls.len);
  for (size_t i = 0; i < pt->calls.len; i++) put_ptcall(e, &pt->calls.items[i]);
  wbuf_u(w, pt->pos.len);
  for (size_t i = 0; i < pt->pos.len; i++) {
    const pt_pos *p = &pt->pos.items[i];
    put_str(e, p->file), wbuf_u(w, p->line), wbuf_u(w, p->col), put_ref(e, p->ref);
  }
  wbuf_u(w, pt->addr_taken ? pt->naddr_taken + 1 : 0);
  for (size_t i = 0; pt->addr_taken && i < pt->naddr_taken; i++) wbuf_u(w, pt->addr_taken[i]);
}

static void put_tu(enc *e, const facts_tu *tu) {
  wbuf *w = &e->body;
  put_str(e, tu->main_file);
  wbuf_u(w, tu->funcs.len);
  for (size_t i = 0; i < tu->funcs.len; i++) put_func(e, &tu->funcs.items[i]);
  wbuf_u(w, tu->loops.len);
  for (size_t i = 0; i < tu->loops.len; i++) put_loop(e, &tu->loops.items[i]);
  wbuf_u(w, tu->calls.len);
  for (size_t i = 0; i < tu->calls.len; i++) put_call(e, &tu->calls.items[i]);
  wbuf_u(w, tu->nerrors);
  wbuf_u(w, tu->diags.len);
  for (size_t i = 0; i < tu->diags.len; i++) put_diag(e, &tu->diags.items[i]);
  wbuf_u(w, tu->cmdline.len);
  for (size_t i = 0; i < tu->cmdline.len; i++) put_diag(e, &tu->cmdline.items[i]);
  wbuf_u(w, tu->parse_failed);
  put_pt(e, tu->pt);
}

bool cache_facts_encode(wbuf *w, const facts_tu *tu) {
  enc e = {.a = arena_new()};
  if (!e.a) return w->failed = true, false;
  ptrmap_init(&e.ids, e.a);
  put_tu(&e, tu);
  bool ok = !e.body.failed && !arena_failed(e.a);
  if (ok) {
    wbuf_u(w, e.strings.len);
    for (size_t i = 0; i < e.strings.len; i++) {
      size_t n = strlen(e.strings.items[i]);
      wbuf_u(w, n), wbuf_bytes(w, e.strings.items[i], n);
    }
    wbuf_bytes(w, e.body.data, e.body.len);
  }
  wbuf_free(&e.body);
  arena_free(e.a);
  if (!ok) w->failed = true;
  return !w->failed;
}

/* ---- decoding ---- */

typedef struct dec {
  rbuf *r;
  arena *a;
  const char **strings;
  size_t nstrings;
} dec;

/* Counts are bounded by the bytes left: every element takes at least one. */
static size_t get_count(dec *d) { return (size_t)rbuf_max(d->r, (uint64_t)(d->r->end - d->r->p)); }

static const char *get_str(dec *d) {
  uint64_t id = rbuf_max(d->r, d->nstrings);
  return id ? d->strings[id - 1] : NULL;
}

/* An index below n, or -1. */
static int get_idx(dec *d, size_t n) { return (int)rbuf_max(d->r, n) - 1; }

static unsigned get_uint(dec *d) { return (unsigned)rbuf_max(d->r, UINT32_MAX); }

static void *get_array(dec *d, size_t n, size_t elem) {
  return n ? arena_alloc(d->a, n * elem) : NULL;
}

/* Sizes vector v for count elements (evaluated once); false on OOM. */
#define GET_VEC(d, v, count)                                                   \
  ((v)->len = (v)->cap = (count),                                              \
   ((v)->items = get_array((d), (v)->len, sizeof *(v)->items)) != NULL || (v)->len == 0)

static bool get_strings(dec *d) {
  d->nstrings = get_count(d);
  d->strings = get_array(d, d->nstrings, sizeof *d->strings);
  if (d->nstrings && !d->strings) return false;
  for (size_t i = 0; i < d->nstrings && !d->r->bad; i++) {
    size_t n = get_count(d);
    const unsigned char *b = rbuf_bytes(d->r, n);
    if (b && memchr(b, 0, n)) d->r->bad = true; /* an encoded string holds no NUL */
    if (b && !d->r->bad && !(d->strings[i] = arena_strndup(d->a, (const char *)b, n))) return false;
  }
  return true;
}

static void get_func(dec *d, facts_func *f) {
  f->usr = get_str(d), f->name = get_str(d), f->file = get_str(d);
  f->line = get_uint(d), f->col = get_uint(d);
  unsigned flags = (unsigned)rbuf_max(d->r, 31);
  f->internal = flags & 1, f->defined = flags >> 1 & 1, f->variadic = flags >> 2 & 1;
  f->implicit = flags >> 3 & 1, f->ends_process = flags >> 4 & 1;
  f->nparams = get_uint(d);
  f->type = get_str(d);
  if (!f->usr || !f->name) d->r->bad = true; /* link keys functions by USR */
}

static void get_loop(dec *d, facts_loop *l, size_t nfuncs, size_t self) {
  l->func = get_idx(d, nfuncs), l->parent = get_idx(d, self); /* parents come first */
  l->kind = (facts_loop_kind)rbuf_max(d->r, FACTS_LOOP_DO);
  l->file = get_str(d);
  l->line = get_uint(d), l->col = get_uint(d), l->depth = get_uint(d);
  l->trip = (double)rbuf_max(d->r, 100000000) / 100;
  l->bound_param = (unsigned char)rbuf_max(d->r, 255);
}

static void get_call(dec *d, facts_call *c, size_t nfuncs, size_t nloops) {
  c->caller = get_idx(d, nfuncs), c->callee = get_idx(d, nfuncs);
  if (c->caller < 0) d->r->bad = true;
  c->file = get_str(d);
  c->line = get_uint(d), c->col = get_uint(d), c->loop_depth = get_uint(d);
  c->loop = get_idx(d, nloops);
  c->nargs = get_uint(d);
  for (int i = 0; i < FACTS_MAXARGS; i++) {
    c->argconst_ok[i] = rbuf_max(d->r, 1);
    if (c->argconst_ok[i]) c->argconst[i] = rbuf_i(d->r);
    c->arg_param[i] = (unsigned char)rbuf_max(d->r, 255);
    c->arg_grow[i] = (unsigned char)rbuf_max(d->r, FACTS_GROW_EXIT);
  }
  c->result_var = get_str(d), c->arg0_var = get_str(d);
  unsigned ret = (unsigned)rbuf_max(d->r, 3);
  c->returned = ret & 1, c->carved = ret >> 1 & 1;
  c->stored = (unsigned char)rbuf_max(d->r, 255);
  c->out_arg = (unsigned char)rbuf_max(d->r, FACTS_MAXARGS);
  c->out_hand = (unsigned char)rbuf_max(d->r, 255);
  c->out_var = get_str(d);
  c->alloc_ptr = get_str(d);
  c->narms = (unsigned char)rbuf_max(d->r, FACTS_MAXARMS);
  for (unsigned i = 0; i < c->narms; i++) c->arms[i] = (unsigned)rbuf_max(d->r, UINT32_MAX);
  bool tests = rbuf_max(d->r, 1);
  c->ptests = tests ? get_array(d, c->narms, sizeof *c->ptests) : NULL;
  for (unsigned i = 0; tests && i < c->narms; i++) { /* read all even on OOM (arena_failed tells) */
    facts_ptest t = {.param = (unsigned char)rbuf_max(d->r, 255)};
    if (t.param) {
      t.op = (unsigned char)rbuf_max(d->r, FACTS_PTEST_NOPS - 1);
      t.only = (unsigned char)rbuf_max(d->r, 2);
      t.k = rbuf_i(d->r);
    }
    if (c->ptests) c->ptests[i] = t;
  }
  c->null_arm = (unsigned char)rbuf_max(d->r, FACTS_MAXARMS);
  c->null_var = get_str(d);
}

static void get_diag(dec *d, facts_diag *g) {
  g->file = get_str(d);
  g->line = get_uint(d), g->col = get_uint(d);
  g->severity = get_str(d), g->message = get_str(d);
}

static pt_ref get_ref(dec *d, size_t nobjs) {
  pt_ref r = {.obj = get_idx(d, nobjs)};
  r.off = (long)rbuf_i(d->r);
  return r;
}

static bool get_obj(dec *d, pt_obj *o, size_t nfuncs) {
  o->kind = (unsigned char)rbuf_max(d->r, PT_O_FIELD);
  o->internal = rbuf_max(d->r, 1);
  o->func = get_idx(d, nfuncs);
  o->usr = get_str(d), o->name = get_str(d), o->file = get_str(d);
  o->line = get_uint(d);
  o->size = (long)rbuf_i(d->r), o->total = (long)rbuf_i(d->r);
  o->holds = (unsigned char)rbuf_max(d->r, 255);
  size_t nf = get_count(d);
  if (nf) {
    o->nfields = (unsigned)(nf - 1);
    if (!(o->fields = arena_alloc(d->a, nf * sizeof *o->fields))) return false;
    for (unsigned i = 0; i < o->nfields && !d->r->bad; i++)
      o->fields[i].off = (long)rbuf_i(d->r), o->fields[i].path = get_str(d);
  }
  size_t na = get_count(d);
  if (na) {
    o->narrays = (unsigned)(na - 1);
    if (!(o->arrays = arena_alloc(d->a, na * sizeof *o->arrays))) return false;
    for (unsigned i = 0; i < o->narrays && !d->r->bad; i++)
      o->arrays[i].from = (long)rbuf_i(d->r), o->arrays[i].to = (long)rbuf_i(d->r);
  }
  return true;
}

static void get_con(dec *d, pt_con *c, size_t nobjs) {
  c->kind = (unsigned char)rbuf_max(d->r, PT_C_NKINDS - 1);
  c->dst = get_ref(d, nobjs), c->src = get_ref(d, nobjs);
  c->off = (long)rbuf_i(d->r), c->tsize = (long)rbuf_i(d->r);
  c->type = get_str(d);
}

static bool get_ptcall(dec *d, pt_call *c, size_t nfuncs, size_t nobjs) {
  c->caller = get_idx(d, nfuncs), c->callee = get_idx(d, nfuncs);
  c->fp = get_ref(d, nobjs);
  size_t na = get_count(d);
  c->nargs = na ? (unsigned)(na - 1) : 0;
  if (na && !(c->args = arena_alloc(d->a, na * sizeof *c->args))) return false;
  for (unsigned i = 0; c->args && i < c->nargs && !d->r->bad; i++) c->args[i] = get_ref(d, nobjs);
  if (rbuf_max(d->r, 1)) {
    if (!(c->fnarg = arena_alloc(d->a, c->nargs + 1))) return false;
    for (unsigned i = 0; i < c->nargs && !d->r->bad; i++) c->fnarg[i] = rbuf_max(d->r, 1);
  }
  c->ret = get_ref(d, nobjs);
  c->fntype = get_str(d), c->file = get_str(d);
  c->line = get_uint(d), c->col = get_uint(d);
  return true;
}

static bool get_pt(dec *d, facts_tu *tu) {
  if (!rbuf_max(d->r, 1)) return true;
  pt_tu *pt = arena_alloc(d->a, sizeof *pt);
  if (!pt) return false;
  tu->pt = pt;
  size_t nf = tu->funcs.len, n = get_count(d);
  if (!GET_VEC(d, &pt->objs, n)) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++)
    if (!get_obj(d, &pt->objs.items[i], nf)) return false;
  size_t no = pt->objs.len;
  if (!GET_VEC(d, &pt->cons, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_con(d, &pt->cons.items[i], no);
  if (!GET_VEC(d, &pt->calls, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++)
    if (!get_ptcall(d, &pt->calls.items[i], nf, no)) return false;
  if (!GET_VEC(d, &pt->pos, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) {
    pt_pos *p = &pt->pos.items[i];
    p->file = get_str(d), p->line = get_uint(d), p->col = get_uint(d), p->ref = get_ref(d, no);
  }
  if ((n = get_count(d))) {
    pt->naddr_taken = n - 1;
    if (!(pt->addr_taken = arena_alloc(d->a, n))) return false;
    for (size_t i = 0; i < pt->naddr_taken && !d->r->bad; i++) pt->addr_taken[i] = rbuf_max(d->r, 1);
  }
  return true;
}

/* Fills tu from the bytes; false only on OOM (a malformed file sets r->bad). */
static bool get_tu(dec *d, facts_tu *tu) {
  if (!get_strings(d)) return false;
  const char *main_file = get_str(d); /* the job's file (it is in the key), shared as parsed */
  if (main_file) tu->main_file = main_file;
  size_t n = get_count(d);
  if (!GET_VEC(d, &tu->funcs, n)) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_func(d, &tu->funcs.items[i]);
  if (!GET_VEC(d, &tu->loops, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_loop(d, &tu->loops.items[i], tu->funcs.len, i);
  if (!GET_VEC(d, &tu->calls, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_call(d, &tu->calls.items[i], tu->funcs.len, tu->loops.len);
  tu->nerrors = get_uint(d);
  if (!GET_VEC(d, &tu->diags, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_diag(d, &tu->diags.items[i]);
  if (!GET_VEC(d, &tu->cmdline, (n = get_count(d)))) return false;
  for (size_t i = 0; i < n && !d->r->bad; i++) get_diag(d, &tu->cmdline.items[i]);
  tu->parse_failed = rbuf_max(d->r, 1);
  if (!get_pt(d, tu)) return false;
  for (size_t i = 0; i < tu->funcs.len && !d->r->bad; i++)
    if (!strmap_put(&tu->usr_index, tu->funcs.items[i].usr, (int)i)) return false;
  return true;
}

facts_tu *cache_facts_decode(rbuf *r, const char *main_file, bool *nomem) {
  *nomem = false;
  facts_tu *tu = facts_tu_new(main_file);
  if (!tu) return *nomem = true, NULL;
  dec d = {.r = r, .a = tu->arena};
  bool ok = get_tu(&d, tu);
  if (!ok || arena_failed(tu->arena)) *nomem = true;
  if (*nomem || r->bad || r->p != r->end) return facts_tu_free(tu), NULL;
  return tu;
}
