/* pt_solve.c: Andersen solver with on-the-fly call graph (see pt_solve.h).
 *
 * Invariants:
 * - rep[] is a union-find forest over nodes; only a representative's data
 *   (pts, done, succ, cons, sites) is live. Set elements are node ids, not
 *   necessarily representatives: a node keeps its own (object, offset)
 *   identity after merging, and gep works on that identity.
 * - done ⊆ pts: what has been pushed through the node's complex
 *   constraints and out-edges (difference propagation). A new edge carries
 *   the whole set at once; a merged node keeps as done only what both
 *   halves had done.
 * - A collapsed object maps every offset to its base node, into which every
 *   field it had was merged.
 * Memory: node and object tables grow through the allocation hook
 * (base/alloc.h); everything is freed by pts_free. A failed allocation sets
 * `failed`, which no later call clears: pts_solve then returns -1. */
#include "pointsto/pt_solve.h"
#include "base/arena.h"
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ivec { int *v; uint32_t len, cap; } ivec;

enum { CX_LOAD, CX_STORE, CX_GEP, CX_FIELD, CX_MCPY_DST, CX_MCPY_SRC, CX_RETYPE, CX_HEAP,
       CX_SIBLINGS };
/* last: for LOAD and STORE, the representative whose edge was added last;
 * most targets of a large set reach the same merged node, and its edge
 * need not be looked up again. */
typedef struct cx { int kind, other; long off; int last, tsize; } cx;

typedef struct node {
  int rep, obj;
  long off;
  ptset pts, done, succ;
  ivec pend;              /* successors added since succ was last read (succ_flush) */
  ivec cons, sites;
  int tindex, tlow;       /* Tarjan numbers for the current search */
  unsigned tstamp;
  bool inq, onstack;
  unsigned char holds;    /* enum pts_holds: what the set may contain */
  bool seeded;            /* the destination of an addr constraint */
} pnode;

/* memcpy: fields in [from, from + size) go to dst + (k - from); size 0: to the end */
typedef struct sub { int dst; long from, size; } sub;

typedef struct obj {
  int kind, func, base;
  bool heap_src;          /* a realloc's buffer: copies from heap objects only */
  int raw;                /* typed heap clone: the untyped object, else -1 */
  int group;              /* pts_set_group: node holding its record's cells, else -1 */
  bool collapsed;
  unsigned char why;      /* enum pts_why, once collapsed */
  unsigned char holds;    /* enum pts_holds of its nodes */
  long size;              /* bytes of one element; offsets fold modulo it; 0: unknown */
  long total;             /* bytes of the whole object (all elements); 0: unknown */
  long *arrays;           /* [from, to) pairs: arrays of scalars inside it */
  uint32_t narrays;
  ivec fields;
  sub *subs;
  uint32_t nsubs, capsubs;
} obj;

typedef struct site { int callee, ret; int *args; unsigned nargs; ptset targets; bool unknown; } site;

typedef struct fninfo { bool known, variadic; int fnobj, ret, va; int *params; unsigned nparams; } fninfo;

/* Open-addressing set/map of 64-bit keys (key 0 is never used: keys are +1). */
typedef struct u64map { uint64_t *keys; int *vals; size_t cap, len; } u64map;

struct pts {
  pnode *nodes; size_t nnodes, capnodes;
  obj *objs; size_t nobjs, capobjs;
  cx *cxs; size_t ncx, capcx;
  site *sites; size_t nsites, capsites;
  fninfo *fns; size_t capfns;
  u64map fieldmap, checked, copied, clones;
  int *queue; size_t qhead, qlen, qcap;
  int *tstack; size_t tlen, tcap;
  /* hot in gep, kept apart from the wide node and object records: */
  int *nobj; size_t capnobj;   /* node -> object */
  int *ocol; size_t capocol;   /* object -> 1 + base node once collapsed, else 0 */
  ivec pending;           /* roots for the next cycle search */
  unsigned stamp;
  int counter;
  bool failed;
  pts_fits_fn *fits;
  void *fits_user;
  ivec own;               /* (object, why) of the first collapses by a cause of their own */
  ptset excl[3];          /* per pts_holds: the locations it excludes (built by pts_solve) */
  ptset scratch;          /* a filtered set on its way into a node */
  ptset_pool *pool;       /* hash-consed node sets (pt_set.h) */
  unsigned char *type_holds; size_t ntypes;  /* pts_type_holds: per clone type */
  pts_stats st;
};

#define N(i) (s->nodes[i])


/* ---- small containers ---- */

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Grows to at least need entries, doubling, without zeroing: for tables
 * whose entries are written whole when made (nodes, objects), so that
 * spare capacity is never touched. Zeroing it was 3,500 of canalyze's
 * 20,000 page faults on SQLite. */
static void *grow_raw(pts *s, void *p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return p;
  size_t ncap = *cap ? *cap * 2 : 16;
  while (ncap < need) ncap *= 2;
  void *n = ca_xreallocarray(p, ncap, elem);
  if (!n) { s->failed = true; return NULL; }
  *cap = ncap;
  return n;
}

/* The same with the new entries zeroed. */
static void *grow(pts *s, void *p, size_t *cap, size_t need, size_t elem) {
  size_t old = *cap;
  void *n = grow_raw(s, p, cap, need, elem);
  if (n && *cap > old) memset((char *)n + old * elem, 0, (*cap - old) * elem);
  return n;
}

/* grow_raw's 16 entries first: starting at 4 made the SQLite solve 60%
 * slower (80 -> 140 ms), the many small reallocations scattering the
 * lists the solver walks. */
static int ivec_push(pts *s, ivec *a, int x) {
  if (a->len == a->cap) {
    size_t cap = a->cap;
    int *v = grow_raw(s, a->v, &cap, a->len + 1, sizeof *v);
    if (!v) return -1;
    a->v = v, a->cap = (uint32_t)cap;
  }
  a->v[a->len++] = x;
  return 0;
}

static size_t hslot(const u64map *m, uint64_t key) {
  uint64_t h = key; /* splitmix64 finaliser: every key bit reaches the low bits */
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  size_t i = (size_t)(h ^ (h >> 31)) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
  return i;
}

static int map_get(const u64map *m, uint64_t key) {
  if (!m->cap) return -1;
  size_t i = hslot(m, key + 1);
  return m->keys[i] ? m->vals[i] : -1;
}

/* 1 inserted, 0 present (value unchanged), -1 OOM. */
static int map_put(pts *s, u64map *m, uint64_t key, int val) {
  key++;
  if ((m->len + 1) * 2 > m->cap) {
    u64map n = {.cap = m->cap ? m->cap * 2 : 1024};
    n.keys = ca_xcalloc(n.cap, sizeof *n.keys), n.vals = ca_xcalloc(n.cap, sizeof *n.vals);
    if (!n.keys || !n.vals) return ca_xfree(n.keys), ca_xfree(n.vals), s->failed = true, -1;
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        size_t j = hslot(&n, m->keys[i]);
        n.keys[j] = m->keys[i], n.vals[j] = m->vals[i];
      }
    n.len = m->len;
    ca_xfree(m->keys), ca_xfree(m->vals);
    *m = n;
  }
  size_t i = hslot(m, key);
  if (m->keys[i]) return 0;
  m->keys[i] = key, m->vals[i] = val, m->len++;
  return 1;
}

static uint64_t pair(int a, int b) { return (uint64_t)(uint32_t)a << 32 | (uint32_t)b; }

static int find(pts *s, int n) {
  int r = n;
  while (N(r).rep != r) r = N(r).rep;
  while (N(n).rep != r) { int next = N(n).rep; N(n).rep = r; n = next; }
  return r;
}

static void push(pts *s, int n) {
  if (N(n).inq) return;
  if (s->qlen == s->qcap) {
    size_t cap = s->qcap ? s->qcap * 2 : 1024;
    int *q = ca_xmalloc(cap * sizeof *q);
    if (!q) { s->failed = true; return; }
    for (size_t i = 0; i < s->qlen; i++) q[i] = s->queue[(s->qhead + i) % s->qcap];
    ca_xfree(s->queue);
    s->queue = q, s->qcap = cap, s->qhead = 0;
  }
  s->queue[(s->qhead + s->qlen++) % s->qcap] = n;
  N(n).inq = true;
}

/* ---- construction ---- */

pts *pts_new(void) {
  pts *s = ca_xcalloc(1, sizeof *s);
  if (s && !(s->pool = ptset_pool_new())) ca_xfree(s), s = NULL;
  return s;
}

void pts_free(pts *s) {
  if (!s) return;
  for (size_t i = 0; i < s->nnodes; i++) {
    ptset_free(&N(i).pts), ptset_free(&N(i).done), ptset_free(&N(i).succ);
    ca_xfree(N(i).cons.v), ca_xfree(N(i).sites.v), ca_xfree(N(i).pend.v);
  }
  for (size_t i = 0; i < s->nobjs; i++)
    ca_xfree(s->objs[i].fields.v), ca_xfree(s->objs[i].subs), ca_xfree(s->objs[i].arrays);
  for (size_t i = 0; i < s->nsites; i++)
    ca_xfree(s->sites[i].args), ptset_free(&s->sites[i].targets);
  for (size_t i = 0; i < s->capfns; i++) ca_xfree(s->fns[i].params);
  ca_xfree(s->nobj), ca_xfree(s->ocol);
  ca_xfree(s->nodes), ca_xfree(s->objs), ca_xfree(s->cxs), ca_xfree(s->sites), ca_xfree(s->fns);
  const u64map *maps[] = {&s->fieldmap, &s->checked, &s->copied, &s->clones};
  for (int i = 0; i < 4; i++) ca_xfree(maps[i]->keys), ca_xfree(maps[i]->vals);
  ca_xfree(s->queue), ca_xfree(s->tstack), ca_xfree(s->pending.v), ca_xfree(s->own.v);
  for (int i = 0; i < 3; i++) ptset_free(&s->excl[i]);
  ptset_free(&s->scratch);
  ptset_pool_free(s->pool);
  ca_xfree(s->type_holds);
  ca_xfree(s);
}

int pts_reserve(pts *s, size_t objects, size_t nodes) {
  if (s->failed) return -1;
  /* a table that is still NULL stays so when nothing is asked for */
  obj *o = grow_raw(s, s->objs, &s->capobjs, objects, sizeof *o);
  if (o) s->objs = o;
  int *c = grow_raw(s, s->ocol, &s->capocol, objects, sizeof *c);
  if (c) s->ocol = c;
  pnode *n = grow_raw(s, s->nodes, &s->capnodes, nodes, sizeof *n);
  if (n) s->nodes = n;
  int *no = grow_raw(s, s->nobj, &s->capnobj, nodes, sizeof *no);
  if (no) s->nobj = no;
  return s->failed ? -1 : 0; /* grow_raw marks a failed allocation */
}

int pts_object(pts *s, enum pts_objkind kind, int func) {
  obj *o = grow_raw(s, s->objs, &s->capobjs, s->nobjs + 1, sizeof *o);
  if (!o) return -1;
  s->objs = o;
  o[s->nobjs] = (obj){.kind = kind, .func = func, .base = -1, .raw = -1, .group = -1};
  int *c = grow_raw(s, s->ocol, &s->capocol, s->nobjs + 1, sizeof *c);
  if (!c) return -1;
  s->ocol = c, c[s->nobjs] = 0; /* not collapsed */
  return (int)s->nobjs++;
}

/* The node at offset 0 is the object's base and is found through it, so
 * only the other fields go into fieldmap. */
static int new_node(pts *s, int o, long off) {
  pnode *n = grow_raw(s, s->nodes, &s->capnodes, s->nnodes + 1, sizeof *n);
  if (!n) return -1;
  s->nodes = n;
  int *no = grow_raw(s, s->nobj, &s->capnobj, s->nnodes + 1, sizeof *no);
  if (!no) return -1;
  s->nobj = no, no[s->nnodes] = o;
  int id = (int)s->nnodes++;
  n[id] = (pnode){.rep = id, .obj = o, .off = off, .holds = s->objs[o].holds};
  if (ivec_push(s, &s->objs[o].fields, id) != 0) return -1;
  if (off == 0) s->objs[o].base = id;
  else if (map_put(s, &s->fieldmap, pair(o, (int)off), id) < 0) return -1;
  return id;
}

static int base_node(pts *s, int o) {
  return s->objs[o].base >= 0 ? s->objs[o].base : new_node(s, o, 0);
}

static int edge(pts *s, int from, int to);
static int cmp_int(const void *a, const void *b);
static int gep(pts *s, int x, long off);
static void unify(pts *s, int a, int b);

static long room(pts *s, int x);

/* Counts the collapse of o by its cause; the first 32 with a cause of
 * their own (not asked for, not a copy) are kept, in order: where the
 * imprecision started (the report names the first that has a name). */
static void note_collapse(pts *s, int o, enum pts_why why) {
  s->st.collapsed++;
  if (why == PTS_WHY_BYTES) s->st.collapsed_bytes++;
  if (why == PTS_WHY_FIELDS) s->st.collapsed_fields++;
  if (why == PTS_WHY_COPY) s->st.collapsed_copied++;
  if (why == PTS_WHY_UNKNOWN) s->st.collapsed_unknown++;
  if (why != PTS_WHY_ASKED && why != PTS_WHY_COPY && s->own.len < 64) /* enough to find a named one */
    ivec_push(s, &s->own, o), ivec_push(s, &s->own, (int)why);
}

/* Why a copy from collapsed object o collapses its destination: unknown
 * memory is a cause of its own; a memcpy's buffer passes on its cause (it
 * has no name, its destination is the first the report can name). */
static enum pts_why copy_why(const pts *s, int o) {
  if (s->objs[o].kind == PTS_UNKNOWN) return PTS_WHY_UNKNOWN;
  if (s->objs[o].kind == PTS_TEMP && s->objs[o].why != PTS_WHY_ASKED) return (enum pts_why)s->objs[o].why;
  return PTS_WHY_COPY;
}

static int collapse(pts *s, int o, enum pts_why why) {
  if (s->objs[o].collapsed) return base_node(s, o);
  int b = base_node(s, o);
  if (b < 0) return -1;
  s->objs[o].collapsed = true;
  s->ocol[o] = b + 1;
  s->objs[o].why = (unsigned char)why;
  note_collapse(s, o, why);
  for (uint32_t i = 0; i < s->objs[o].fields.len; i++) unify(s, b, s->objs[o].fields.v[i]);
  /* A collapsed source spreads everywhere in each memcpy destination. */
  for (uint32_t i = 0; i < s->objs[o].nsubs; i++) {
    int dst = collapse(s, N(s->objs[o].subs[i].dst).obj, copy_why(s, o));
    if (dst < 0 || edge(s, b, dst) != 0) return -1;
  }
  return b;
}

/* A field created after a memcpy from its object still flows to the copies. */
static int feed_subscribers(pts *s, int o, int id, long k) {
  for (uint32_t i = 0; i < s->objs[o].nsubs; i++) {
    sub sb = s->objs[o].subs[i];
    if (k < sb.from || (sb.size && k >= sb.from + sb.size)) continue;
    int t = gep(s, sb.dst, k - sb.from);
    if (t < 0 || edge(s, id, t) != 0) return -1;
  }
  return 0;
}

/* The array of scalars inside ob that byte off lies in, or -1. */
static int array_at(const obj *ob, long off) {
  for (uint32_t i = 0; i < ob->narrays; i++)
    if (off >= ob->arrays[2 * i] && off < ob->arrays[2 * i + 1]) return (int)i;
  return -1;
}

/* An array of scalars inside a record is one element, like every array:
 * a char * walking through char name[20] stays on one node instead of
 * making a field per byte. */
static long array_start(const obj *ob, long off) {
  int i = array_at(ob, off);
  return i < 0 ? off : ob->arrays[2 * i];
}

/* Offsets fold modulo the object's element size: past the end of one
 * element is the same place in another (arrays are one element), and a
 * cycle that keeps adding an offset (p = (T *)((char *)p + k) on a merged
 * pointer) makes at most size fields instead of growing without end. */
int pts_node(pts *s, int o, long off) {
  if (s->failed || o < 0) return -1;
  if (s->objs[o].collapsed) return base_node(s, o);
  if (s->objs[o].size > 0 && off >= s->objs[o].size) off %= s->objs[o].size;
  off = array_start(&s->objs[o], off);
  if (off == 0 && s->objs[o].base >= 0) return s->objs[o].base; /* most objects are one cell */
  int id = map_get(&s->fieldmap, pair(o, (int)off));
  if (id >= 0) return id;
  if (off < 0 || off > (1L << 24) || s->objs[o].fields.len >= PTS_MAXFIELDS)
    return collapse(s, o, PTS_WHY_FIELDS);
  if ((id = new_node(s, o, off)) < 0) return -1;
  return feed_subscribers(s, o, id, off) == 0 ? id : -1;
}

int pts_set_size(pts *s, int o, long size, long total) {
  if (s->failed || o < 0) return s->failed ? -1 : 0;
  obj *ob = &s->objs[o];
  if (ob->size > 0 || size <= 0) return 0;
  for (uint32_t i = 0; i < ob->fields.len; i++)
    if (N(ob->fields.v[i]).off >= size) return 0; /* fields already past it: keep unknown */
  ob->size = size, ob->total = total >= size ? total : 0;
  return 0;
}

int pts_set_holds(pts *s, int o, enum pts_holds holds) {
  if (s->failed || o < 0) return s->failed ? -1 : 0;
  s->objs[o].holds = (unsigned char)holds;
  for (uint32_t i = 0; i < s->objs[o].fields.len; i++) N(s->objs[o].fields.v[i]).holds = (unsigned char)holds;
  return 0;
}

int pts_collapse(pts *s, int o) {
  return s->failed || o < 0 || collapse(s, o, PTS_WHY_ASKED) < 0 ? -1 : 0;
}

int pts_function(pts *s, int func, int fnobj, const int *params, unsigned nparams, int ret, int va,
                 bool variadic) {
  fninfo *f = grow(s, s->fns, &s->capfns, (size_t)func + 1, sizeof *f);
  if (!f) return -1;
  s->fns = f;
  f += func;
  ca_xfree(f->params);
  *f = (fninfo){.known = true, .variadic = variadic, .fnobj = fnobj, .ret = ret, .va = va,
                .nparams = nparams};
  if (nparams && !(f->params = ca_xcalloc(nparams, sizeof *f->params))) return s->failed = true, -1;
  if (nparams) memcpy(f->params, params, nparams * sizeof *params);
  return 0;
}

static int add_elem(pts *s, int dst, int loc) {
  dst = find(s, dst);
  if (N(dst).holds && ptset_has(&s->excl[N(dst).holds], (uint32_t)loc)) return 0;
  int r = ptset_add(&N(dst).pts, (uint32_t)loc);
  if (r < 0) return s->failed = true, -1;
  if (r) push(s, dst);
  return 0;
}

int pts_addr(pts *s, int dst, int loc) {
  if (s->failed || dst < 0 || loc < 0) return s->failed ? -1 : 0;
  s->st.constraints++;
  N(dst).seeded = true;
  return add_elem(s, dst, loc);
}

/* Representative to's set ∪= set, less what its declared type excludes:
 * 1 if it grew, 0 if not, -1 on OOM. A set that grows is interned at
 * once: the many nodes a value flows through
 * reach equal sets long before each is visited again, and each held a
 * private, growing copy until then (on PostgreSQL's backend most of the
 * peak). Hashing the whole set at every growth was 13% of the solver
 * there, until the visits shared their unions (memo_union): most sets
 * that grow now take a block that is interned already. Interning only at
 * the visit was tried again with them: PostgreSQL's solver 70.5 -> 74.2 s
 * and its peak 1,223 -> 2,294 MB. */
static int union_into(pts *s, int to, const ptset *set) {
  const ptset *ex = &s->excl[N(to).holds];
  if (N(to).holds && !ptset_empty(ex)) {
    if (ptset_diff(&s->scratch, set, ex) < 0) return -1;
    set = &s->scratch;
  }
  int r = ptset_union(&N(to).pts, set);
  return r > 0 && ptset_intern(s->pool, &N(to).pts) < 0 ? -1 : r;
}

/* Representative `to` receives a set; queued when it grows. */
static int add_set(pts *s, int to, const ptset *set) {
  int r = union_into(s, to, set);
  if (r < 0) return s->failed = true, -1;
  if (r) push(s, to);
  return 0;
}

/* Sorts v[0..n) of non-negative ids: an LSD radix sort in 11-bit digits
 * (a digit every id shares is skipped) above a few dozen, where qsort's
 * comparisons were 8% of the solver on SQLite. 0, or -1 on OOM. */
enum { RADIX_BITS = 11, RADIX_MIN = 64 };

static int sort_ids(int *v, size_t n) {
  if (n < RADIX_MIN) {
    for (size_t i = 1; i < n; i++) { /* insertion: short lists come nearly sorted */
      int x = v[i];
      size_t j = i;
      for (; j && v[j - 1] > x; j--) v[j] = v[j - 1];
      v[j] = x;
    }
    return 0;
  }
  int *tmp = ca_xmalloc(n * sizeof *tmp);
  if (!tmp) return -1;
  int *from = v, *to = tmp;
  uint32_t top = 0; /* digits above the largest id's are 0 for every id: no pass */
  for (size_t i = 0; i < n; i++) top |= (uint32_t)v[i];
  for (unsigned shift = 0; shift < 32 && (top >> shift); shift += RADIX_BITS) {
    uint32_t count[1u << RADIX_BITS] = {0}; /* n < 2^31: ids come from int vectors */
    for (size_t i = 0; i < n; i++) count[((uint32_t)from[i] >> shift) & ((1u << RADIX_BITS) - 1)]++;
    if (count[((uint32_t)from[0] >> shift) & ((1u << RADIX_BITS) - 1)] == n) continue;
    for (uint32_t d = 0, at = 0; d < (1u << RADIX_BITS); d++) {
      uint32_t c = count[d];
      count[d] = at, at += c;
    }
    for (size_t i = 0; i < n; i++) to[count[((uint32_t)from[i] >> shift) & ((1u << RADIX_BITS) - 1)]++] = from[i];
    int *t = from;
    from = to, to = t;
  }
  if (from != v) memcpy(v, from, n * sizeof *v);
  ca_xfree(tmp);
  return 0;
}

/* out (empty) = the distinct ids of v[0..n) other than skip; sorts v. */
static int set_from(ptset *out, int *v, size_t n, int skip) {
  if (sort_ids(v, n) != 0) return -1;
  return ptset_from_sorted(out, (const uint32_t *)v, n, (uint32_t)skip);
}

/* Adds the copy edge from -> to and pushes from's whole set along it.
 * A new edge is appended to from's pending list, not inserted into its
 * sorted successor set: a load through a pointer to thousands of
 * locations adds one edge to each, and inserting into the middle of large
 * successor sets one at a time was 78% of the solver on PostgreSQL's
 * backend. The list may repeat an edge; succ_flush sorts it in before the
 * successors are read. */
static int edge(pts *s, int from, int to) {
  from = find(s, from), to = find(s, to);
  if (from == to || ptset_has(&N(from).succ, (uint32_t)to)) return 0;
  ivec *p = &N(from).pend;
  if (!(p->len && p->v[p->len - 1] == to) && ivec_push(s, p, to) != 0) return s->failed = true, -1;
  return add_set(s, to, &N(from).pts);
}

/* Moves n's pending successors into its successor set, as one sorted union. */
static int succ_flush(pts *s, int n) {
  ivec *p = &N(n).pend;
  if (!p->len) return 0;
  ptset add = {0};
  int rc = set_from(&add, p->v, p->len, -1);
  if (rc == 0 && ptset_union(&N(n).succ, &add) < 0) rc = -1;
  ptset_free(&add);
  p->len = 0;
  if (rc) s->failed = true;
  return rc;
}

int pts_copy(pts *s, int dst, int src) {
  if (s->failed || dst < 0 || src < 0) return s->failed ? -1 : 0;
  s->st.constraints++;
  return edge(s, src, dst);
}

static int add_cx(pts *s, int on, int kind, int other, long off) {
  if (s->failed || on < 0 || other < 0) return s->failed ? -1 : 0;
  cx *c = grow(s, s->cxs, &s->capcx, s->ncx + 1, sizeof *c);
  if (!c) return -1;
  s->cxs = c;
  c[s->ncx] = (cx){kind, other, off, -1, 0};
  s->st.constraints++;
  on = find(s, on);
  if (ivec_push(s, &N(on).cons, (int)s->ncx++) != 0) return -1;
  if (!ptset_empty(&N(on).pts)) ptset_clear(&N(on).done), push(s, on); /* replay for the newcomer */
  return 0;
}

int pts_load(pts *s, int dst, int ptr, long off) { return add_cx(s, ptr, CX_LOAD, dst, off); }
int pts_store(pts *s, int ptr, int src, long off) { return add_cx(s, ptr, CX_STORE, src, off); }
int pts_gep(pts *s, int dst, int ptr, long off) { return add_cx(s, ptr, CX_GEP, dst, off); }
int pts_siblings(pts *s, int dst, int ptr) { return add_cx(s, ptr, CX_SIBLINGS, dst, 0); }

int pts_set_group(pts *s, int o, int group) {
  if (s->failed || o < 0 || group < 0) return s->failed ? -1 : 0;
  s->objs[o].group = group;
  return 0;
}

int pts_set_arrays(pts *s, int o, const long *ranges, unsigned n) {
  if (s->failed || o < 0 || !n || s->objs[o].narrays) return s->failed ? -1 : 0;
  long *a = ca_xmalloc(2 * n * sizeof *a);
  if (!a) return s->failed = true, -1;
  memcpy(a, ranges, 2 * n * sizeof *a);
  s->objs[o].arrays = a, s->objs[o].narrays = n;
  return 0;
}

int pts_field(pts *s, int dst, int ptr, long off, long tsize) {
  size_t before = s->ncx;
  if (add_cx(s, ptr, CX_FIELD, dst, off) != 0) return -1;
  if (s->ncx > before) s->cxs[before].tsize = tsize > 0 && tsize < INT_MAX ? (int)tsize : 0;
  return 0;
}

/* Through a buffer object: every source is copied into it and it into
 * every destination, which is as precise as copying each source into each
 * destination and costs |sources| + |destinations| instead of the product. */
static int copy_through(pts *s, int dstptr, int srcptr, long size, bool heap_src) {
  if (s->failed || dstptr < 0 || srcptr < 0) return s->failed ? -1 : 0;
  int bo = pts_object(s, PTS_TEMP, -1);
  if (bo >= 0) s->objs[bo].heap_src = heap_src;
  int buffer = pts_node(s, bo, 0);
  if (add_cx(s, srcptr, CX_MCPY_SRC, buffer, size > 0 ? size : 0) != 0) return -1;
  return add_cx(s, dstptr, CX_MCPY_DST, buffer, 0);
}

int pts_memcpy(pts *s, int dstptr, int srcptr, long size) {
  return copy_through(s, dstptr, srcptr, size, false);
}

/* Only a heap block can be reallocated (anything else is undefined
 * behaviour): other locations the old pointer may reach are imprecision
 * and are not copied. On SQLite a char * reaching a 4.7 KB local at many
 * offsets made the realloc'd block a field per shifted copy of it. */
int pts_realloc(pts *s, int freshptr, int oldptr) { return copy_through(s, freshptr, oldptr, 0, true); }

int pts_retype(pts *s, int dst, int src, int type) { return add_cx(s, src, CX_RETYPE, dst, type); }

int pts_type_holds(pts *s, int type, enum pts_holds holds) {
  if (s->failed || type < 0) return s->failed ? -1 : 0;
  size_t cap = s->ntypes;
  unsigned char *t = grow(s, s->type_holds, &cap, (size_t)type + 1, 1);
  if (!t) return -1;
  s->type_holds = t, s->ntypes = cap;
  t[type] = (unsigned char)holds;
  return 0;
}

int pts_copy_heap(pts *s, int dst, int src) { return add_cx(s, src, CX_HEAP, dst, 0); }

int pts_site(pts *s, int callee, const int *args, unsigned nargs, int ret) {
  if (s->failed || callee < 0) return -1;
  site *st = grow(s, s->sites, &s->capsites, s->nsites + 1, sizeof *st);
  if (!st) return -1;
  s->sites = st;
  st += s->nsites;
  *st = (site){.callee = callee, .ret = ret, .nargs = nargs};
  if (nargs && !(st->args = ca_xmalloc(nargs * sizeof *st->args))) return s->failed = true, -1;
  if (nargs) memcpy(st->args, args, nargs * sizeof *args);
  int id = (int)s->nsites++, c = find(s, callee);
  if (ivec_push(s, &N(c).sites, id) != 0) return -1;
  if (!ptset_empty(&N(c).pts)) ptset_clear(&N(c).done), push(s, c);
  return id;
}

/* ---- solving ---- */

/* The node x + off: same object, offset moved; PTS_ANY collapses the
 * object. A negative result (container_of from a node that is not the
 * member it assumes) would lie before the object: no location, -2. Such
 * facts come from imprecision elsewhere, and collapsing on them would
 * spread it. */
static int gep(pts *s, int x, long off) {
  int o = s->nobj[x];
  if (s->ocol[o]) return s->ocol[o] - 1;
  if (s->objs[o].kind == PTS_FRAME) return x; /* a slot is its own one-element object */
  if (off == PTS_ANY) return collapse(s, o, PTS_WHY_BYTES);
  if (N(x).off + off < 0) return -2;
  return off == 0 ? x : pts_node(s, o, N(x).off + off);
}

/* Merges b into a (both representatives after find). */
static void unify(pts *s, int a, int b) {
  a = find(s, a), b = find(s, b);
  if (a == b) return;
  N(b).rep = a;
  s->st.merged++;
  if (N(a).holds != N(b).holds) N(a).holds = PTS_HOLDS_ANY; /* holds what either may */
  if (succ_flush(s, a) < 0 || succ_flush(s, b) < 0 || ptset_union(&N(a).pts, &N(b).pts) < 0 ||
      ptset_union(&N(a).succ, &N(b).succ) < 0)
    s->failed = true;
  for (uint32_t i = 0; i < N(b).cons.len; i++) ivec_push(s, &N(a).cons, N(b).cons.v[i]);
  for (uint32_t i = 0; i < N(b).sites.len; i++) ivec_push(s, &N(a).sites, N(b).sites.v[i]);
  /* What both had pushed through their constraints and edges is done for the union. */
  if (ptset_intersect(&N(a).done, &N(b).done) != 0) s->failed = true;
  ptset_free(&N(b).pts), ptset_free(&N(b).done), ptset_free(&N(b).succ);
  ca_xfree(N(b).cons.v), ca_xfree(N(b).sites.v), ca_xfree(N(b).pend.v);
  memset(&N(b).pend, 0, sizeof N(b).pend);
  memset(&N(b).cons, 0, sizeof N(b).cons), memset(&N(b).sites, 0, sizeof N(b).sites);
  push(s, a);
}

static int add_sub(pts *s, int o, int dst, long from, long size) {
  obj *ob = &s->objs[o];
  if (ob->nsubs == ob->capsubs) {
    uint32_t cap = ob->capsubs ? ob->capsubs * 2 : 4;
    sub *n = ca_xrealloc(ob->subs, cap * sizeof *n);
    if (!n) return s->failed = true, -1;
    ob->subs = n, ob->capsubs = cap;
  }
  ob->subs[ob->nsubs++] = (sub){dst, from, size};
  return 0;
}

/* Copies the fields of y's object in [y's offset, + size) (size 0: to the
 * end) into x's object at x, no more than fits there: a copy into
 * char name[20] inside a record does not give the record the fields of
 * every buffer that may be copied from. */
static int copy_object(pts *s, int y, int x, long size) {
  int yo = N(y).obj;
  /* a frame slot (the varargs of va_start) is one cell */
  if (s->objs[yo].kind == PTS_FRAME || s->objs[N(x).obj].kind == PTS_FRAME) return edge(s, y, x);
  long fit = room(s, x), avail = room(s, y);
  if (avail < fit) fit = avail; /* nor more than there is at the source */
  if (fit != LONG_MAX && (!size || size > fit)) size = fit;
  if (fit == 0) return 0;
  if (map_put(s, &s->copied, pair(y, x), 1) <= 0) return s->failed ? -1 : 0;
  if (s->objs[yo].collapsed) {
    int b = collapse(s, N(x).obj, copy_why(s, yo));
    return b < 0 ? -1 : edge(s, base_node(s, yo), b);
  }
  long from = N(y).off;
  if (add_sub(s, yo, x, from, size) != 0) return -1;
  for (uint32_t i = 0; i < s->objs[yo].fields.len; i++) {
    int f = s->objs[yo].fields.v[i];
    if (N(f).off < from || (size && N(f).off >= from + size)) continue;
    int t = gep(s, x, N(f).off - from);
    if (t < 0 || edge(s, f, t) != 0) return -1;
  }
  return 0;
}

/* The clone typed `type` of the heap object x lies in, at x's offset. A
 * clone converted to another type maps to its untyped object's clone of
 * that type (memory reused across types, as by a free list, stays apart). */
static int typed(pts *s, int x, long type) {
  int o = N(x).obj, raw = s->objs[o].raw >= 0 ? s->objs[o].raw : o;
  if (s->objs[raw].kind != PTS_HEAP) return x;
  int clone = map_get(&s->clones, pair(raw, (int)type));
  if (clone < 0) {
    if ((clone = pts_object(s, PTS_HEAP, s->objs[raw].func)) < 0) return -1;
    s->objs[clone].raw = raw, s->objs[clone].size = s->objs[raw].size;
    if ((size_t)type < s->ntypes) s->objs[clone].holds = s->type_holds[type];
    if (map_put(s, &s->clones, pair(raw, (int)type), clone) < 0) return -1;
    int from = base_node(s, raw), to = base_node(s, clone);
    if (from < 0 || to < 0 || copy_object(s, from, to, 0) != 0) return -1;
  }
  return pts_node(s, clone, s->objs[o].collapsed ? 0 : N(x).off);
}

/* A load or store edge between l and c->other, unless it is the one added
 * last (still there: a representative keeps its out-edges). */
static int load_store(pts *s, cx *c, int l) {
  if (l < 0) return l == -2 ? 0 : -1;
  int r = find(s, l);
  if (r == c->last) return 0;
  c->last = r;
  return c->kind == CX_LOAD ? edge(s, l, c->other) : edge(s, c->other, l);
}

/* The constraints that add edges (those that add locations: image_all). */
static int apply(pts *s, cx *c, int x) {
  switch (c->kind) {
  case CX_SIBLINGS: { /* an edge from the record's group of member cells */
    int g = s->objs[s->nobj[x]].group;
    return g < 0 ? 0 : edge(s, g, c->other);
  }
  case CX_LOAD: return load_store(s, c, gep(s, x, c->off));
  case CX_STORE: /* string literals and code are read-only: what a store there would put is imprecision */
    if (s->objs[s->nobj[x]].kind == PTS_STRING || s->objs[s->nobj[x]].kind == PTS_FUNC) return 0;
    return load_store(s, c, gep(s, x, c->off));
  case CX_MCPY_DST: return copy_object(s, c->other, x, 0);   /* buffer -> destination */
  default:                                                   /* source -> buffer */
    if (s->objs[s->nobj[c->other]].heap_src && s->objs[s->nobj[x]].kind != PTS_HEAP) return 0;
    return copy_object(s, x, c->other, c->off);
  }
}

/* Bytes from node x to the end of what holds it: its object (total size
 * known) or the array of scalars x lies in; LONG_MAX if unknown. */
static long room(pts *s, int x) {
  int o = s->nobj[x];
  const obj *ob = &s->objs[o];
  long k = N(x).off;
  if (s->ocol[o] || !ob->total) return LONG_MAX;
  int i = array_at(ob, k);
  if (i >= 0) return ob->arrays[2 * i + 1] - k;
  return ob->total > k ? ob->total - k : 0;
}

/* A T * pointing to x: does a whole T fit there? If not, the fact comes
 * from imprecision elsewhere (a pointer into a string, a function, a
 * char name[20] reached through a merged char *): a member access there
 * names no location, and making one would give that object the fields of
 * every struct in the program. Heap objects have no size: a header
 * struct cast to a larger one stays sound. */
static bool fits_in(pts *s, int x, long tsize) { return tsize <= room(s, x); }

/* The location constraint c makes of x (-2: none). */
static int image(pts *s, const cx *c, int x) {
  switch (c->kind) {
  case CX_RETYPE: return typed(s, x, c->off);
  case CX_HEAP: return s->objs[s->nobj[x]].kind == PTS_HEAP ? x : -2;
  default: return c->tsize && !fits_in(s, x, c->tsize) ? -2 : gep(s, x, c->off);
  }
}

/* dst ⊇ {image of x : x in set} for the constraints that add locations
 * (gep, field, typed view, heap filter), gathered, sorted and added as one
 * union: a large set added element by element costs a search and an
 * insertion per element. */
static int image_all(pts *s, const cx *c, const ptset *set) {
  VEC(int) v = {0};
  size_t cap = 0;
  uint32_t x;
  int rc = 0;
  for (ptset_it it = ptset_begin(set); rc == 0 && ptset_next(&it, &x);) {
    int l = image(s, c, (int)x);
    if (l == -2) continue;
    if (l < 0) { rc = -1; break; }
    if (v.len == cap) {
      int *n = grow(s, v.items, &cap, v.len + 1, sizeof *n);
      if (!n) { rc = -1; break; }
      v.items = n;
    }
    v.items[v.len++] = l;
  }
  ptset acc = {0};
  if (rc == 0) rc = set_from(&acc, v.items, v.len, -1);
  if (rc == 0) rc = add_set(s, find(s, c->other), &acc);
  else s->failed = true;
  ptset_free(&acc);
  ca_xfree(v.items);
  return rc;
}

/* *(x + off) ⊇ src for every x in set: the edges src -> x + off added as
 * one sorted union into src's successors, then src's set pushed along the
 * new ones. One at a time, a store through a pointer to thousands of
 * locations inserted each into the middle of a large successor set (on
 * PostgreSQL's backend 89% of the solver in that insertion). */
static int store_all(pts *s, const cx *c, const ptset *set) {
  int *v = NULL;
  size_t n = 0, cap = 0;
  uint32_t x;
  int rc = 0;
  for (ptset_it it = ptset_begin(set); rc == 0 && ptset_next(&it, &x);) {
    int k = s->objs[s->nobj[x]].kind;
    if (k == PTS_STRING || k == PTS_FUNC) continue; /* read-only: see apply */
    int l = gep(s, (int)x, c->off);
    if (l == -2) continue;
    if (l < 0) { rc = -1; break; }
    int *g = grow(s, v, &cap, n + 1, sizeof *v);
    if (!g) { rc = -1; break; }
    v = g, v[n++] = l;
  }
  /* representatives now: gep may have merged nodes while gathering */
  for (size_t i = 0; rc == 0 && i < n; i++) v[i] = find(s, v[i]);
  int from = find(s, c->other);
  ptset to = {0}, fresh = {0};
  if (rc == 0) rc = set_from(&to, v, n, from);
  if (rc == 0 && (succ_flush(s, from) < 0 || ptset_diff(&fresh, &to, &N(from).succ) < 0 ||
                  ptset_union(&N(from).succ, &fresh) < 0))
    rc = -1;
  for (ptset_it it = ptset_begin(&fresh); rc == 0 && ptset_next(&it, &x);)
    rc = add_set(s, (int)x, &N(from).pts);
  if (rc != 0) s->failed = true;
  ptset_free(&to), ptset_free(&fresh), ca_xfree(v);
  return rc;
}

static int bind(pts *s, int sid, int x) {
  int o = N(x).obj;
  if (s->objs[o].kind == PTS_UNKNOWN) return s->sites[sid].unknown = true, 0;
  if (s->objs[o].kind != PTS_FUNC) return 0;
  int f = s->objs[o].func;
  if (s->fits && !s->fits(s->fits_user, sid, f)) return s->st.rejected++, 0;
  int r = ptset_add(&s->sites[sid].targets, (uint32_t)f);
  if (r <= 0) return r < 0 ? (s->failed = true, -1) : 0;
  if ((size_t)f >= s->capfns || !s->fns[f].known) return 0;
  fninfo fi = s->fns[f];
  site st = s->sites[sid];
  for (unsigned i = 0; i < st.nargs; i++) {
    int formal = i < fi.nparams ? fi.params[i] : fi.variadic ? fi.va : -1;
    if (st.args[i] >= 0 && formal >= 0 && edge(s, st.args[i], formal) != 0) return -1;
  }
  return st.ret >= 0 && fi.ret >= 0 ? edge(s, fi.ret, st.ret) : 0;
}

/* ---- lazy cycle detection: Tarjan from n over copy edges ---- */

static void collapse_scc(pts *s, int root) {
  int r = root;
  for (;;) {
    int w = s->tstack[--s->tlen];
    N(w).onstack = false;
    if (w != root) unify(s, r, w), s->st.cycles++;
    if (w == root) break;
  }
}

/* Searches stop below this depth: a cycle missed costs time, never
 * soundness (SCCs of a subgraph lie inside the real ones). */
enum { TARJAN_MAXDEPTH = 10000 };

static void tarjan(pts *s, int v, int depth) {
  N(v).tstamp = s->stamp, N(v).tindex = N(v).tlow = ++s->counter;
  int *stack = grow(s, s->tstack, &s->tcap, s->tlen + 1, sizeof *s->tstack);
  if (!stack) return; /* the old stack stays for pts_free; s->failed is set */
  s->tstack = stack;
  s->tstack[s->tlen++] = v, N(v).onstack = true;
  ptset snap = {0};
  if (succ_flush(s, v) < 0 || ptset_union(&snap, &N(v).succ) < 0) { s->failed = true; return; }
  uint32_t w;
  for (ptset_it it = ptset_begin(&snap); !s->failed && ptset_next(&it, &w);) {
    int m = find(s, (int)w);
    if (m == v) continue;
    if (N(m).tstamp != s->stamp) {
      if (depth >= TARJAN_MAXDEPTH) continue;
      tarjan(s, m, depth + 1);
      if (N(m).tlow < N(v).tlow) N(v).tlow = N(m).tlow;
    } else if (N(m).onstack && N(m).tindex < N(v).tlow) {
      N(v).tlow = N(m).tindex;
    }
  }
  ptset_free(&snap);
  if (N(v).tlow == N(v).tindex) collapse_scc(s, v);
}

/* Lazy cycle detection in batches: the nodes where a cycle was suspected
 * wait in `pending`, and one search from all of them visits each node once
 * (one stamp), where a search per suspicion would walk the same large
 * subgraph again and again. Merging a cycle later than found costs some
 * propagation, never precision. */
enum { CYCLE_BATCH = 256 };

static void detect_cycles(pts *s) {
  if (!s->pending.len) return;
  if (++s->stamp == 0) s->stamp = 1;
  s->counter = 0;
  for (uint32_t i = 0; i < s->pending.len && !s->failed; i++) {
    int r = find(s, s->pending.v[i]);
    s->tlen = 0;
    if (N(r).tstamp != s->stamp) tarjan(s, r, 0);
  }
  s->pending.len = 0;
}

/* One visit pushes one delta to every successor, and many successors hold
 * the same (hash-consed) set: on SQLite 57% of these unions, 79% of their
 * words. Each distinct (set, filter) is merged once per visit and the
 * others share the result. An entry holds references to both blocks, so
 * neither is freed and reused under it during the visit; a block only one
 * node holds, not interned, cannot come twice and is not remembered. */
enum { MEMO = 32 };
typedef struct memo {
  unsigned n;
  struct { ptset before, after; unsigned char holds; int changed; } e[MEMO];
} memo;

static int memo_union(pts *s, memo *mo, int m, const ptset *delta) {
  ptblk *b = N(m).pts.b;
  unsigned i = 0;
  while (i < mo->n && !(mo->e[i].before.b == b && mo->e[i].holds == N(m).holds)) i++;
  if (i < mo->n) { /* b is not NULL: no entry holds an empty set */
    if (!mo->e[i].changed) return 0;
    ptset_assign(&N(m).pts, &mo->e[i].after); /* interned by union_into */
    return 1;
  }
  /* a block of m's own (not shared, not interned) cannot come again */
  if (!b || (!b->pool && b->refs == 1) || mo->n == MEMO) return union_into(s, m, delta);
  ptset before = {0};
  ptset_assign(&before, &N(m).pts);
  int r = union_into(s, m, delta);
  if (r < 0) return ptset_free(&before), r;
  mo->e[mo->n].before = before, mo->e[mo->n].holds = N(m).holds, mo->e[mo->n].changed = r;
  mo->e[mo->n].after = (ptset){0};
  ptset_assign(&mo->e[mo->n++].after, &N(m).pts);
  return r;
}

static void memo_free(memo *mo) {
  for (unsigned i = 0; i < mo->n; i++) ptset_free(&mo->e[i].before), ptset_free(&mo->e[i].after);
}

static int process(pts *s, int n) {
  N(n).inq = false;
  if (find(s, n) != n) return 0;
  /* What is new since the last visit. The set is final for this visit:
   * interned, it shares one block with every node of equal content, and
   * done shares it too (done ∪ delta is the set). */
  ptset delta = {0};
  if (ptset_diff(&delta, &N(n).pts, &N(n).done) < 0 || ptset_intern(s->pool, &N(n).pts) < 0)
    return ptset_free(&delta), s->failed = true, -1;
  ptset_assign(&N(n).done, &N(n).pts);
  uint32_t x;
  int rc = 0;
  for (uint32_t i = 0; rc == 0 && find(s, n) == n && i < N(n).cons.len; i++) {
    cx *c = &s->cxs[N(n).cons.v[i]];
    if (c->kind == CX_GEP || c->kind == CX_FIELD || c->kind == CX_RETYPE || c->kind == CX_HEAP) {
      rc = image_all(s, c, &delta);
      continue;
    }
    if (c->kind == CX_STORE) {
      rc = store_all(s, c, &delta);
      continue;
    }
    for (ptset_it it = ptset_begin(&delta); rc == 0 && find(s, n) == n && ptset_next(&it, &x);)
      rc = apply(s, c, (int)x);
  }
  for (uint32_t i = 0; rc == 0 && find(s, n) == n && i < N(n).sites.len; i++)
    for (ptset_it it = ptset_begin(&delta); rc == 0 && find(s, n) == n && ptset_next(&it, &x);)
      rc = bind(s, N(n).sites.v[i], (int)x);
  if (rc == 0 && find(s, n) == n && !ptset_empty(&delta)) {
    /* nothing below adds an edge or merges a node: n's successors stay put */
    if (succ_flush(s, n) < 0) rc = -1;
    memo mo;
    mo.n = 0; /* entries are written before read: not 32 zeroed per visit */
    for (ptset_it it = ptset_begin(&N(n).succ); rc == 0 && ptset_next(&it, &x);) {
      int m = find(s, (int)x);
      if (m == n) continue;
      int r = memo_union(s, &mo, m, &delta);
      if (r < 0) rc = -1, s->failed = true;
      else if (r) push(s, m);
      else if (map_put(s, &s->checked, pair(n, m), 1) == 1 && ptset_equal(&N(n).pts, &N(m).pts))
        ivec_push(s, &s->pending, n); /* a cycle through n is suspected */
    }
    memo_free(&mo);
  }
  ptset_free(&delta);
  return rc == 0 && !s->failed ? 0 : -1;
}

void pts_set_filter(pts *s, pts_fits_fn *fits, void *user) { s->fits = fits, s->fits_user = user; }

/* The locations each filter excludes: strings and functions from a
 * pointer to data, everything but functions and the unknown object from a
 * function pointer. Strings and functions have all their nodes by now;
 * nodes made while solving (typed heap clones) are never excluded. */
static int build_filters(pts *s) {
  for (size_t i = 0; i < s->nnodes; i++) {
    int k = s->objs[s->nobj[i]].kind;
    if ((k == PTS_STRING || k == PTS_FUNC) && ptset_add(&s->excl[PTS_HOLDS_DATA], (uint32_t)i) < 0) return -1;
    if (k != PTS_FUNC && k != PTS_UNKNOWN && ptset_add(&s->excl[PTS_HOLDS_CODE], (uint32_t)i) < 0) return -1;
  }
  /* interned, the filters get serials: a filtered copy is then remembered
   * like any difference of interned sets (pt_set.c) */
  for (int h = 0; h < 3; h++)
    if (ptset_intern(s->pool, &s->excl[h]) < 0) return -1;
  for (size_t i = 0; i < s->nnodes; i++) { /* what was added before the filters existed */
    if (N(i).rep != (int)i || !N(i).holds || ptset_empty(&N(i).pts)) continue;
    if (ptset_diff(&s->scratch, &N(i).pts, &s->excl[N(i).holds]) < 0) return -1;
    ptset t = N(i).pts;
    N(i).pts = s->scratch, s->scratch = t;
  }
  return 0;
}

/* ---- hubs: constraints that share a pointer and an offset ---- */

/* A constraint of a pointer, keyed by what makes it the same access. */
typedef struct cxkey { int kind, tsize; long off; int cx; } cxkey;

static int cmp_cxkey(const void *a, const void *b) {
  const cxkey *x = a, *y = b;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  if (x->off != y->off) return x->off < y->off ? -1 : 1;
  if (x->tsize != y->tsize) return x->tsize < y->tsize ? -1 : 1;
  return (x->cx > y->cx) - (x->cx < y->cx);
}

static bool shareable(int kind) { return kind == CX_LOAD || kind == CX_STORE || kind == CX_GEP || kind == CX_FIELD; }

static bool same_access(const cxkey *a, const cxkey *b) {
  return a->kind >= 0 && a->kind == b->kind && a->off == b->off && a->tsize == b->tsize;
}

enum { KEY_OTHER = -1, KEY_DROPPED = -2 };

/* The k constraints keys[0..k) (k >= 2, one access through node n) become
 * one through a hub node: loads and member addresses write the hub, which
 * copies to each destination; stores read the hub, which each source
 * copies into. Each location the pointer reaches then gets one edge
 * instead of k, and the result is the same: every destination still
 * receives exactly what the access yields (its own type filter applies on
 * the copy), every location what all the sources hold. Marks the
 * constraints dropped from n's list KEY_DROPPED in keys. */
static int make_hub(pts *s, cxkey *keys, size_t k) {
  int h = pts_node(s, pts_object(s, PTS_TEMP, -1), 0);
  if (h < 0) return -1;
  cx *first = &s->cxs[keys[0].cx];
  bool store = first->kind == CX_STORE;
  for (size_t i = 0; i < k; i++) {
    int other = s->cxs[keys[i].cx].other;
    if ((store ? edge(s, other, h) : edge(s, h, other)) != 0) return -1;
    if (i) keys[i].kind = KEY_DROPPED;
  }
  first->other = h;
  s->st.shared += k - 1;
  return 0;
}

/* Hubs for every node's repeated accesses: a pointer read at one offset
 * in many places (a global state pointer, a parameter used throughout a
 * function) had one edge per use from every location it reaches. */
static int share_constraints(pts *s) {
  size_t n0 = s->nnodes; /* hubs are new nodes: not visited */
  cxkey *keys = NULL;
  size_t cap = 0;
  for (size_t n = 0; n < n0 && !s->failed; n++) {
    if (N(n).rep != (int)n || N(n).cons.len < 2) continue;
    uint32_t len = N(n).cons.len;
    cxkey *k = grow(s, keys, &cap, len, sizeof *k);
    if (!k) break;
    keys = k;
    for (uint32_t i = 0; i < len; i++) {
      const cx *c = &s->cxs[N(n).cons.v[i]];
      keys[i] = (cxkey){shareable(c->kind) ? c->kind : KEY_OTHER, c->tsize, c->off, N(n).cons.v[i]};
    }
    qsort(keys, len, sizeof *keys, cmp_cxkey);
    bool any = false;
    for (uint32_t i = 0, j; i < len; i = j) {
      for (j = i + 1; j < len && same_access(&keys[i], &keys[j]); j++) {}
      if (j - i < 2) continue;
      if (make_hub(s, keys + i, j - i) != 0) break;
      any = true;
    }
    if (!any || s->failed) continue;
    /* n's list without the dropped constraints, in its order */
    int *drop = NULL;
    size_t nd = 0, dcap = 0;
    for (uint32_t i = 0; i < len; i++)
      if (keys[i].kind == KEY_DROPPED) {
        int *d = grow(s, drop, &dcap, nd + 1, sizeof *d);
        if (!d) break;
        drop = d, drop[nd++] = keys[i].cx;
      }
    if (s->failed) { ca_xfree(drop); break; }
    qsort(drop, nd, sizeof *drop, cmp_int);
    uint32_t out = 0;
    for (uint32_t i = 0; i < len; i++) {
      int c = N(n).cons.v[i];
      if (!bsearch(&c, drop, nd, sizeof *drop, cmp_int)) N(n).cons.v[out++] = c;
    }
    N(n).cons.len = out;
    ca_xfree(drop);
  }
  ca_xfree(keys);
  return s->failed ? -1 : 0;
}

/* Offline substitution: a temporary whose only way to get a location is
 * one copy edge (no address taken of it, not the destination of a load, a
 * field address, a memcpy, a typed view, a call's result) always points to
 * what its source does, so it is merged into the source before solving
 * and its set is never computed twice (the result of every direct call
 * is such a temporary of its callee's result). Only between nodes with
 * the same filter. */
static int substitute(pts *s) {
  size_t n = s->nnodes;
  int *in = ca_xcalloc(n, sizeof *in), *from = ca_xmalloc(n * sizeof *from);
  bool *fixed = ca_xcalloc(n, sizeof *fixed);
  if (!in || !from || !fixed) return ca_xfree(in), ca_xfree(from), ca_xfree(fixed), -1;
  for (size_t i = 0; i < s->ncx; i++) /* a store's other end is its source */
    if (s->cxs[i].kind != CX_STORE) fixed[s->cxs[i].other] = true;
  for (size_t i = 0; i < s->nsites; i++)
    if (s->sites[i].ret >= 0) fixed[s->sites[i].ret] = true;
  for (size_t i = 0; i < n; i++) {
    if (N(i).rep != (int)i) continue;
    uint32_t x;
    for (ptset_it it = ptset_begin(&N(i).pts); ptset_next(&it, &x);) fixed[x] = true; /* its address is taken */
    if (succ_flush(s, (int)i) < 0) break;
    for (ptset_it it = ptset_begin(&N(i).succ); ptset_next(&it, &x);) {
      int m = find(s, (int)x);
      if (m != (int)i) in[m]++, from[m] = (int)i;
    }
  }
  for (size_t i = 0; i < n && !s->failed; i++) {
    if (N(i).rep != (int)i || in[i] != 1 || fixed[i] || N(i).seeded ||
        s->objs[s->nobj[i]].kind != PTS_TEMP)
      continue;
    int src = find(s, from[i]);
    if (src == (int)i || N(src).holds != N(i).holds) continue;
    unify(s, src, (int)i);
    s->st.substituted++;
  }
  ca_xfree(in), ca_xfree(from), ca_xfree(fixed);
  return s->failed ? -1 : 0;
}


/* The worklist goes in rounds, and the nodes waiting at the start of one
 * are sorted by id. Locations and variables have the low ids and
 * temporaries follow program order, so a round pushes sets roughly
 * downstream: on SQLite 93K -> 69K iterations (152 -> 136 ms) against a
 * plain FIFO (a LIFO took 905K, descending ids 79K). */
static int sort_round(pts *s) {
  int *v = ca_xmalloc(s->qlen * sizeof *v);
  if (!v) return s->failed = true, -1;
  for (size_t i = 0; i < s->qlen; i++) v[i] = s->queue[(s->qhead + i) % s->qcap];
  if (sort_ids(v, s->qlen) != 0) return ca_xfree(v), s->failed = true, -1;
  for (size_t i = 0; i < s->qlen; i++) s->queue[(s->qhead + i) % s->qcap] = v[i];
  ca_xfree(v);
  return 0;
}

int pts_solve(pts *s) {
  if (build_filters(s) != 0 || share_constraints(s) != 0 || substitute(s) != 0) return s->failed = true, -1;
  for (size_t i = 0; i < s->nnodes; i++)
    if (find(s, (int)i) == (int)i && !ptset_empty(&N(i).pts)) push(s, (int)i);
  size_t round = 0;
  while (s->qlen && !s->failed) {
    if (round == 0 && sort_round(s) != 0) break;
    round = round ? round - 1 : s->qlen - 1;
    int n = s->queue[s->qhead];
    s->qhead = (s->qhead + 1) % s->qcap, s->qlen--;
    s->st.iterations++;
    if (process(s, n) != 0) return s->failed = true, -1;
    if (s->pending.len >= CYCLE_BATCH || s->qlen == 0) detect_cycles(s);
  }
  return s->failed ? -1 : 0;
}

/* ---- results ---- */

const ptset *pts_pointsto(const pts *s, int node) {
  static const ptset empty;
  if (node < 0 || (size_t)node >= s->nnodes) return &empty;
  while (N(node).rep != node) node = N(node).rep;
  return &N(node).pts;
}

int pts_node_obj(const pts *s, int node) { return N(node).obj; }
long pts_node_off(const pts *s, int node) {
  return s->objs[N(node).obj].collapsed ? 0 : N(node).off;
}
enum pts_objkind pts_obj_kind(const pts *s, int o) { return (enum pts_objkind)s->objs[o].kind; }
int pts_obj_func(const pts *s, int o) { return s->objs[o].func; }
int pts_obj_raw(const pts *s, int o) { return s->objs[o].raw; }
bool pts_obj_collapsed(const pts *s, int o) { return s->objs[o].collapsed; }

const ptset *pts_site_targets(const pts *s, int sid, bool *unknown) {
  if (unknown) *unknown = s->sites[sid].unknown;
  return &s->sites[sid].targets;
}

int pts_own_collapse(const pts *s, unsigned i, enum pts_why *why) {
  if (2 * i + 1 >= s->own.len) return -1;
  if (why) *why = (enum pts_why)s->own.v[2 * i + 1];
  return s->own.v[2 * i];
}

void pts_get_stats(const pts *s, pts_stats *out) {
  *out = s->st;
  out->nodes = s->nnodes;
  out->objects = s->nobjs;
}
