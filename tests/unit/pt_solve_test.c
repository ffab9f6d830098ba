/* pt_solve_test.c: table-driven tests of the points-to solver, no libclang.
 *
 * Each case is a tiny constraint program and its expected sets. Names are
 * objects (lower case: variables; upper case: functions); "x.8" is the node
 * of x at byte offset 8. Statements, separated by ';':
 *   p = &a      p = q      p = *q      p = *q+8      *p = q      *p+8 = q
 *   p = q+8     p = q+?    memcpy p q    memcpy p q 16 (16 bytes)    realloc p q
 *   p = (1)q    (typed heap: q's untyped heap objects seen as type 1)
 *   p = heap q   (the heap locations of q)
 *   size x 16 64 (x's element is 16 bytes: offsets fold modulo 16; 64 in all)
 *   p = q->8/24  (member access at 8 through a pointer to a 24-byte struct)
 *   arrays x     (x holds arrays of scalars at bytes [16, 32) and [40, 60))
 *   fn F a b ret r va v      (F's formals are nodes a, b; result r; varargs v)
 *   call p a b -> r          (an indirect call through p)
 *   holds x data|code        (pts_set_holds: x points to data only, or code only)
 *   typeholds 1 code         (clones of type 1 hold code only)
 * Names starting with h are heap objects, with va frame objects, with str
 * string literals.
 * Expectations: "p: a b.8 F" (sorted names of the pointed-to nodes; a
 * collapsed object's node prints as "x*"), "site0: F G" for call targets. */
#include "pointsto/pt_solve.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

typedef struct names { char name[64][16]; int obj[64]; int n; } names;

static pts *S;
static int heap_obj(const char *name) { return name[0] == 'h'; } /* names h* are heap objects */
static int frame_obj(const char *name) { return strncmp(name, "va", 2) == 0; }
static int string_obj(const char *name) { return strncmp(name, "str", 3) == 0; }
static names NM;

static int object(const char *name, size_t len) {
  for (int i = 0; i < NM.n; i++)
    if (strlen(NM.name[i]) == len && strncmp(NM.name[i], name, len) == 0) return NM.obj[i];
  bool fn = name[0] >= 'A' && name[0] <= 'Z';
  int o = pts_object(S, fn ? PTS_FUNC : heap_obj(name) ? PTS_HEAP : frame_obj(name) ? PTS_FRAME
                        : string_obj(name) ? PTS_STRING : PTS_VAR,
                     fn ? name[0] - 'A' : -1);
  memcpy(NM.name[NM.n], name, len);
  NM.name[NM.n][len] = 0;
  NM.obj[NM.n++] = o;
  return o;
}

/* "x" or "x.8" -> node */
static int node(const char *tok) {
  const char *dot = strchr(tok, '.');
  size_t len = dot ? (size_t)(dot - tok) : strlen(tok);
  return pts_node(S, object(tok, len), dot ? atol(dot + 1) : 0);
}

static long offset_of(char *tok) { /* splits "q+8" / "q+?" */
  char *plus = strchr(tok, '+');
  if (!plus) return 0;
  *plus = 0;
  return plus[1] == '?' ? PTS_ANY : atol(plus + 1);
}

static void statement(char *st) {
  char *w[16];
  int n = 0;
  for (char *t = strtok(st, " "); t && n < 16; t = strtok(NULL, " ")) w[n++] = t;
  if (n == 0) return;
  if (strcmp(w[0], "memcpy") == 0) {
    pts_memcpy(S, node(w[1]), node(w[2]), n > 3 ? atol(w[3]) : 0);
    return;
  }
  if (strcmp(w[0], "realloc") == 0) {
    pts_realloc(S, node(w[1]), node(w[2]));
    return;
  }
  if (n == 4 && strcmp(w[2], "heap") == 0) {
    pts_copy_heap(S, node(w[0]), node(w[3]));
    return;
  }
  if (strcmp(w[0], "holds") == 0 || strcmp(w[0], "typeholds") == 0) {
    enum pts_holds h = strcmp(w[2], "code") == 0 ? PTS_HOLDS_CODE : PTS_HOLDS_DATA;
    if (w[0][0] == 'h') pts_set_holds(S, object(w[1], strlen(w[1])), h);
    else pts_type_holds(S, atoi(w[1]), h);
    return;
  }
  if (strcmp(w[0], "size") == 0) {
    pts_set_size(S, object(w[1], strlen(w[1])), atol(w[2]), n > 3 ? atol(w[3]) : 0);
    return;
  }
  if (strcmp(w[0], "arrays") == 0) { /* x has char arrays at [16, 32) and [40, 60) */
    static const long r[] = {16, 32, 40, 60};
    pts_set_arrays(S, object(w[1], strlen(w[1])), r, 2);
    return;
  }
  if (strcmp(w[0], "fn") == 0) {
    int params[8], np = 0, ret = -1, va = -1;
    for (int i = 2; i < n; i++) {
      if (strcmp(w[i], "ret") == 0) ret = node(w[++i]);
      else if (strcmp(w[i], "va") == 0) va = node(w[++i]);
      else params[np++] = node(w[i]);
    }
    pts_function(S, w[1][0] - 'A', pts_node(S, object(w[1], strlen(w[1])), 0) >= 0 ? object(w[1], strlen(w[1])) : -1,
                 params, (unsigned)np, ret, va, va >= 0);
    return;
  }
  if (strcmp(w[0], "call") == 0) {
    int args[8], na = 0, ret = -1;
    for (int i = 2; i < n; i++) {
      if (strcmp(w[i], "->") == 0) ret = node(w[++i]);
      else args[na++] = node(w[i]);
    }
    pts_site(S, node(w[1]), args, (unsigned)na, ret);
    return;
  }
  /* lhs = rhs */
  char *lhs = w[0], *rhs = w[2];
  if (lhs[0] == '*') {
    long off = offset_of(lhs + 1);
    pts_store(S, node(lhs + 1), node(rhs), off);
  } else if (rhs[0] == '(') {
    pts_retype(S, node(lhs), node(strchr(rhs, ')') + 1), atoi(rhs + 1));
  } else if (rhs[0] == '&') {
    pts_addr(S, node(lhs), node(rhs + 1));
  } else if (rhs[0] == '*') {
    long off = offset_of(rhs + 1);
    pts_load(S, node(lhs), node(rhs + 1), off);
  } else if (strstr(rhs, "->")) {
    char *arrow = strstr(rhs, "->");
    *arrow = 0;
    pts_field(S, node(lhs), node(rhs), atol(arrow + 2), atol(strchr(arrow + 2, '/') + 1));
  } else if (strchr(rhs, '+')) {
    long off = offset_of(rhs);
    pts_gep(S, node(lhs), node(rhs), off);
  } else {
    pts_copy(S, node(lhs), node(rhs));
  }
}

static const char *obj_name(int o) {
  for (int i = 0; i < NM.n; i++)
    if (NM.obj[i] == o) return NM.name[i];
  return "?";
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted names of a set of nodes (or of functions, for site targets). */
static void describe(const ptset *set, bool funcs, char *out, size_t outlen) {
  static char buf[64][24];
  char *list[64];
  int n = 0;
  uint32_t x;
  for (ptset_it it = ptset_begin(set); n < 64 && ptset_next(&it, &x); n++) {
    if (funcs) {
      snprintf(buf[n], sizeof buf[n], "%c", 'A' + (int)x);
    } else {
      int o = pts_node_obj(S, (int)x);
      long off = pts_node_off(S, (int)x);
      if (pts_obj_collapsed(S, o)) snprintf(buf[n], sizeof buf[n], "%s*", obj_name(o));
      else if (off) snprintf(buf[n], sizeof buf[n], "%s.%ld", obj_name(o), off);
      else snprintf(buf[n], sizeof buf[n], "%s", obj_name(o));
    }
    list[n] = buf[n];
  }
  qsort(list, (size_t)n, sizeof *list, cmp_str);
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    if (i && strcmp(list[i], list[i - 1]) == 0) continue; /* collapsed fields print alike */
    if (out[0]) strncat(out, " ", outlen - strlen(out) - 1);
    strncat(out, list[i], outlen - strlen(out) - 1);
  }
}

typedef struct tcase { const char *name, *prog, *expect; } tcase;

static const tcase cases[] = {
    {"address and copy", "p = &a; q = p; r = q", "p: a; q: a; r: a"},
    {"load and store", "p = &a; q = &b; *p = q; r = *p", "a: b; r: b"},
    {"fields stay apart", "s = &x; t = &y; *s+8 = t; u = &z; *s+16 = u; r = *s+8; w = *s+16",
     "r: y; w: z; x.8: y; x.16: z"},
    {"gep then load", "p = &s; q = p+8; t = &a; *q = t; r = *p+8", "q: s.8; r: a"},
    {"prefix cast lands on same offset", "p = &s.16; t = &a; *p+8 = t; q = &s; r = *q+24", "r: a"},
    {"byte arithmetic collapses", "p = &s; t = &a; *p+8 = t; q = p+?; r = *q", "q: s*; r: a"},
    {"container_of back to the base", "p = &s.16; q = p+-16; t = &a; *q+8 = t; u = &s; r = *u+8",
     "q: s; r: a"},
    {"before the object: no location", "p = &s.8; q = p+-16; t = &a; *q = t", "q: ; s: "},
    {"copy cycle", "a = b; b = c; c = a; x = &o; a = x", "a: o; b: o; c: o"},
    {"store load cycle", "x = &o; q = x; p = &a; *p = q; r = *p; q = r", "a: o; r: o; q: o"},
    {"memcpy field by field",
     "src = &s; dst = &d; f = &F; *src+8 = f; g = &g0; *src+0 = g; memcpy dst src; r = *dst+8; t = *dst",
     "r: F; t: g0"},
    {"memcpy of a later field", "src = &s; dst = &d; memcpy dst src; f = &F; *src+24 = f; r = *dst+24",
     "r: F"},
    {"memcpy at offsets", "src = &s.8; dst = &d.16; f = &F; *src+8 = f; memcpy dst src; q = &d; r = *q+24",
     "r: F"},
    {"sized memcpy copies the record's bytes only",
     "src = &s.8; dst = &d; f = &F; *src = f; g = &G; *src+16 = g; memcpy dst src 16; r = *dst; t = *dst+16",
     "r: F; t: "},
    {"sized memcpy: a later field past the end stays behind",
     "src = &s; dst = &d; memcpy dst src 8; f = &F; *src+8 = f; g = &G; *src+0 = g; r = *dst+8; t = *dst",
     "r: ; t: G"},
    {"memcpy from collapsed", "src = &s; c = src+?; f = &F; *src+8 = f; dst = &d; memcpy dst src; q = &d; r = *q+40",
     "r: F"},
    {"offsets fold modulo the element size", "size s 16; p = &s; q = p+24; t = &a; *q = t; u = &s; r = *u+8",
     "q: s.8; r: a"},
    {"a positive-weight cycle ends on a sized object", "size s 16; p = &s; p = p+8", "p: s s.8"},
    {"a positive-weight cycle collapses an unsized object", "p = &s; p = p+8", "p: s*"},
    {"a member access where the struct fits", "size s 64 64; p = &s.16; q = p->8/48; r = p->8/56",
     "q: s.24; r: "},
    {"a member access into a string or function names nothing", "size z 1 1; p = &z; q = p->8/24", "q: "},
    {"a struct does not fit in a small array inside a record",
     "size s 64 64; arrays s; p = &s.16; q = p->8/24; r = &s.44; t = r->4/8; u = r->4/24",
     "q: ; t: s.40; u: "},
    {"an array of scalars in a record is one element", "size s 64 64; arrays s; p = &s.16; q = p+5",
     "q: s.16"},
    {"memcpy from inside an array of scalars copies no more than the array",
     "size s 64 64; arrays s; f = &F; t = &s; *t+32 = f; src = &s.16; dst = &d; memcpy dst src; q = &d; r = *q+16",
     "r: "},
    {"a pointer to data holds no strings or functions", "holds p data; a = &str; a = &F; a = &o; p = a", "p: o"},
    {"a function pointer holds functions only", "holds f code; a = &str; a = &F; a = &o; f = a", "f: F"},
    {"filters apply to stores and loads", "holds f code; q = &f; a = &o; a = &G; *q = a; r = *q", "r: G"},
    {"a cycle through two filters keeps each", "holds p data; holds q code; p = q; q = p; a = &o; a = &F; p = a; q = a",
     "p: o; q: F"},
    {"successors that share one set still filter the delta each",
     "holds p data; holds q code; x = &g; x = &G; p = x; q = x; r = x; t = x; a = &o; a = &F; p = a; q = a; r = a; t = a",
     "p: g o; q: F G; r: F G g o; t: F G g o"},
    {"a store into a string literal is dropped", "p = &str; a = &F; *p = a; r = *p", "r: "},
    {"typed heap clones take their type's filter",
     "typeholds 1 code; m = &h; f = &F; a = &o; *m = f; *m = a; p = (1)m; r = *p", "r: F"},
    {"heap copy keeps heap locations only", "a = &h; a = &s; a = &F; p = heap a", "p: h"},
    {"realloc copies heap blocks only",
     "a = &h; b = &s; f = &F; *a+8 = f; g = &G; *b+8 = g; p = a; p = b; n = &hn; realloc n p; r = *n+8", "r: F"},
    {"a frame slot is one cell", "p = &va.1; q = p+8; f = &F; *q = f; r = *p", "q: va.1; r: F"},
    {"a member access on the heap is not bounded", "p = &h; q = p->800/1024", "q: h.800"},
    {"indirect call binds args and result",
     "fn F a ret ra; ra = a; fp = &F; x = &o; call fp x -> r", "r: o; site0: F"},
    {"targets found on the fly",
     "fn F a ret ra; fn G b ret rb; t = &tab; *t+8 = g; g = &G; fp = *t+8; x = &o; call fp x -> r; rb = b",
     "r: o; site0: G"},
    {"callback registered then called",
     "fn S cb; h = &H; call set h; set = &S; *reg = cb; reg = &slot; p = *reg; call p", "site0: S; site1: H"},
    {"varargs reach the va object", "fn V a va v; fp = &V; x = &o; y = &w; call fp x y; r = v",
     "r: w; a: o"},
    {"function returned from function", "fn M ret rm; rm = &F; fp = &M; call fp -> got; call got",
     "got: F; site0: M; site1: F"},
    {"union members share offset 0", "u = &un; f = &F; *u = f; r = *u", "r: F"},
    {"no targets", "call fp", "site0: "},
    {"typed heap: one object per struct type",
     "m = &h; p = (1)m; q = (2)m; f = &F; *p+8 = f; g = &G; *q+8 = g; r = *p+8; t = *q+8",
     "r: F; t: G"},
    {"typed heap: writes before the cast reach every type",
     "m = &h; f = &F; *m+8 = f; p = (1)m; q = (2)m; r = *p+8; t = *q+8", "r: F; t: F"},
    {"typed heap: variables are not cloned", "m = &v; p = (1)m; f = &F; *p = f; r = *m", "r: F"},
};

static void check(const tcase *tc) {
  S = pts_new();
  memset(&NM, 0, sizeof NM);
  char prog[512];
  snprintf(prog, sizeof prog, "%s", tc->prog);
  char *save = NULL;
  for (char *st = strtok_r(prog, ";", &save); st; st = strtok_r(NULL, ";", &save)) statement(st);
  ok(pts_solve(S) == 0, "%s: solves", tc->name);
  char want[512];
  snprintf(want, sizeof want, "%s", tc->expect);
  for (char *e = strtok_r(want, ";", &save); e; e = strtok_r(NULL, ";", &save)) {
    while (*e == ' ') e++;
    char *colon = strchr(e, ':');
    *colon = 0;
    char got[256];
    if (strncmp(e, "site", 4) == 0) describe(pts_site_targets(S, atoi(e + 4), NULL), true, got, sizeof got);
    else describe(pts_pointsto(S, node(e)), false, got, sizeof got);
    const char *w = colon + 1;
    while (*w == ' ') w++;
    if (!ok(strcmp(got, w) == 0, "%s: %s", tc->name, e)) printf("#   got {%s}, want {%s}\n", got, w);
  }
  pts_free(S);
}

static void set_basics(void) {
  ptset a = {0}, b = {0}, d = {0};
  for (uint32_t x = 0; x < 1000; x += 7) ptset_add(&a, x);
  for (uint32_t x = 0; x < 1000; x += 3) ptset_add(&b, x);
  is_int(ptset_count(&a), 143, "set: count");
  ok(ptset_has(&a, 994) && !ptset_has(&a, 995), "set: membership");
  is_int(ptset_union(&a, &b), 1, "set: union changes");
  is_int(ptset_union(&a, &b), 0, "set: union idempotent");
  ptset_diff(&d, &a, &b);
  is_int(ptset_count(&d), 143 - 48, "set: difference");
  ptset_free(&a), ptset_free(&b), ptset_free(&d);
}

/* Collapse causes: an object accessed at an unknown offset is the first;
 * the memcpy destination it reaches is counted as a copy; an asked-for
 * collapse (the unknown object) is neither. */
/* Offline substitution: a temporary fed by one copy edge is merged into
 * its source before solving; one fed by two, or whose address is taken,
 * is not. Sets are the same either way. */
static void substitution(void) {
  pts *s = pts_new();
  int o = pts_node(s, pts_object(s, PTS_VAR, -1), 0), a = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int c = pts_node(s, pts_object(s, PTS_VAR, -1), 0), b = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int t1 = pts_node(s, pts_object(s, PTS_TEMP, -1), 0), t2 = pts_node(s, pts_object(s, PTS_TEMP, -1), 0);
  pts_addr(s, a, o), pts_addr(s, c, b);
  pts_copy(s, t1, a), pts_copy(s, b, t1);           /* a -> t1 -> b: t1 is a */
  pts_copy(s, t2, a), pts_copy(s, t2, c);           /* two sources: t2 stays */
  pts_solve(s);
  pts_stats st;
  pts_get_stats(s, &st);
  is_int(st.substituted, 1, "substitution: one temporary merged into its only source");
  ok(ptset_has(pts_pointsto(s, b), (uint32_t)o) && ptset_count(pts_pointsto(s, t2)) == 2,
     "substitution: sets unchanged");
  pts_free(s);
}

/* Sets are interned as they grow: nodes that end with equal sets share one
 * block, whichever order they were reached in, and a later change to one
 * (copy on write) leaves the others alone. */
static void interned_sets(void) {
  pts *s = pts_new();
  int v[6], p = pts_node(s, pts_object(s, PTS_VAR, -1), 0), q = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int r = pts_node(s, pts_object(s, PTS_VAR, -1), 0), t = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  for (int i = 0; i < 6; i++) v[i] = pts_node(s, pts_object(s, PTS_VAR, -1), 0), pts_addr(s, p, v[i]);
  pts_copy(s, q, p), pts_copy(s, r, q), pts_copy(s, t, p);
  pts_addr(s, t, pts_node(s, pts_object(s, PTS_VAR, -1), 0)); /* t: one more */
  is_int(pts_solve(s), 0, "interning: solved");
  const ptset *sp = pts_pointsto(s, p), *sq = pts_pointsto(s, q), *sr = pts_pointsto(s, r), *st = pts_pointsto(s, t);
  ok(sp->b == sq->b && sq->b == sr->b, "interning: equal sets share one block");
  ok(st->b != sp->b && ptset_count(st) == 7 && ptset_count(sp) == 6, "interning: a larger set has its own");
  pts_free(s);
}

/* Hubs: three loads and two stores through p at offset 8 become one of
 * each through a hub node; every destination still gets what it read,
 * and a load's own type filter still applies. */
static void hubs(void) {
  pts *s = pts_new();
  int p = pts_node(s, pts_object(s, PTS_VAR, -1), 0), a = pts_object(s, PTS_VAR, -1);
  int d1 = pts_node(s, pts_object(s, PTS_VAR, -1), 0), d2 = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int fo = pts_object(s, PTS_VAR, -1), d3 = pts_node(s, fo, 0);
  int s1 = pts_node(s, pts_object(s, PTS_VAR, -1), 0), s2 = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int x = pts_node(s, pts_object(s, PTS_VAR, -1), 0), f = pts_node(s, pts_object(s, PTS_FUNC, 0), 0);
  pts_set_holds(s, fo, PTS_HOLDS_DATA);
  pts_addr(s, p, pts_node(s, a, 0));
  pts_addr(s, s1, x), pts_addr(s, s2, f);
  pts_load(s, d1, p, 8), pts_load(s, d2, p, 8), pts_load(s, d3, p, 8), pts_load(s, d1, p, 0);
  pts_store(s, p, s1, 8), pts_store(s, p, s2, 8);
  is_int(pts_solve(s), 0, "hubs: solved");
  pts_stats st;
  pts_get_stats(s, &st);
  is_int(st.shared, 3, "hubs: two loads and one store folded into a hub");
  ok(ptset_count(pts_pointsto(s, d2)) == 2 && ptset_has(pts_pointsto(s, d2), (uint32_t)x) &&
     ptset_has(pts_pointsto(s, d2), (uint32_t)f), "hubs: a load gets every source stored there");
  ok(ptset_count(pts_pointsto(s, d3)) == 1 && ptset_has(pts_pointsto(s, d3), (uint32_t)x),
     "hubs: a data pointer's filter still drops the function");
  ok(ptset_count(pts_pointsto(s, d1)) == 2, "hubs: a destination that also reads another offset gets the same");
  pts_free(s);
}

static void collapse_causes(void) {
  pts *s = pts_new();
  int unk = pts_object(s, PTS_UNKNOWN, -1), a = pts_object(s, PTS_VAR, -1), d = pts_object(s, PTS_VAR, -1);
  int f = pts_object(s, PTS_FUNC, 0), vars = pts_object(s, PTS_VAR, -1);
  int p = pts_node(s, vars, 0), q = pts_node(s, vars, 8), r = pts_node(s, vars, 16), t = pts_node(s, vars, 24);
  pts_collapse(s, unk);
  pts_addr(s, p, pts_node(s, a, 0));
  pts_addr(s, t, pts_node(s, f, 0));
  pts_store(s, p, t, 8);
  pts_gep(s, q, p, PTS_ANY);
  pts_addr(s, r, pts_node(s, d, 0));
  pts_memcpy(s, r, p, 0);
  is_int(pts_solve(s), 0, "collapse causes: solved");
  enum pts_why why = PTS_WHY_ASKED;
  is_int(pts_own_collapse(s, 0, &why), a, "collapse causes: the first is the byte-accessed object");
  is_int((int)why, PTS_WHY_BYTES, "collapse causes: by byte arithmetic");
  pts_stats st;
  pts_get_stats(s, &st);
  /* copies: the memcpy's buffer and d */
  ok(st.collapsed_bytes == 1 && st.collapsed_copied == 2 && st.collapsed_fields == 0 && st.collapsed == 4,
     "collapse causes: counted by cause (the unknown object only in the total)");
  is_int(pts_own_collapse(s, 1, NULL), -1, "collapse causes: the copies are not of their own");
  pts_free(s);
  pts *e = pts_new();
  is_int(pts_own_collapse(e, 0, NULL), -1, "collapse causes: none on a fresh solver");
  pts_free(e);
}

/* Tables reserved too small, then grown past it: every (object, offset)
 * keeps one node (the base at offset 0, the other fields by the field
 * map), and a load reads the field it names. */
static void reserved_tables(void) {
  pts *s = pts_new();
  is_int(pts_reserve(s, 0, 0), 0, "reserve: nothing asked for, nothing made, no failure");
  is_int(pts_reserve(s, 2, 2), 0, "reserve: made");
  int obj[300], base[300], f8[300];
  for (int i = 0; i < 300; i++) {
    obj[i] = pts_object(s, PTS_VAR, -1);
    base[i] = pts_node(s, obj[i], 0), f8[i] = pts_node(s, obj[i], 8);
  }
  int same = 0;
  for (int i = 0; i < 300; i++)
    same += pts_node(s, obj[i], 0) == base[i] && pts_node(s, obj[i], 8) == f8[i] && base[i] != f8[i];
  is_int(same, 300, "reserve: one node per object and offset, past the reserved size");
  int p = pts_node(s, pts_object(s, PTS_VAR, -1), 0), x = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  int v = pts_node(s, pts_object(s, PTS_VAR, -1), 0);
  pts_addr(s, p, base[299]), pts_addr(s, f8[299], x), pts_load(s, v, p, 8);
  is_int(pts_solve(s), 0, "reserve: solved");
  ok(ptset_count(pts_pointsto(s, v)) == 1 && ptset_has(pts_pointsto(s, v), (uint32_t)x),
     "reserve: a load through p + 8 reads the field at offset 8");
  pts_free(s);
}

int main(void) {
  reserved_tables();
  set_basics();
  collapse_causes();
  substitution();
  interned_sets();
  hubs();
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check(&cases[i]);
  return tap_done();
}
