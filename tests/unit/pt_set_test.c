/* pt_set_test.c: the solver's sets (analyzer/pointsto/pt_set.c).
 * - a table of operations on small sets, each with the expected result;
 * - the same operations on sets from a fixed pseudo-random sequence,
 *   against a plain bitmap;
 * - sharing: a copy costs no block, a change to a shared block leaves the
 *   other sets as they were (copy on write), and interning makes equal sets
 *   one block that outlives the pool only as long as sets hold it. */
#include "pointsto/pt_set.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

/* "1 5 64 200" -> set */
static void parse(ptset *s, const char *text) {
  ptset_free(s);
  for (char *end; *text; text = end) {
    unsigned long x = strtoul(text, &end, 10);
    if (end == text) break;
    ptset_add(s, (uint32_t)x);
  }
}

static const char *show(const ptset *s, char *buf, size_t n) {
  size_t at = 0;
  uint32_t x;
  buf[0] = 0;
  for (ptset_it it = ptset_begin(s); ptset_next(&it, &x) && at < n;)
    at += (size_t)snprintf(buf + at, n - at, "%s%u", at ? " " : "", x);
  return buf;
}

static void table(void) {
  static const struct { const char *op, *a, *b, *want; int ret; } cases[] = {
    {"union", "", "", "", 0},
    {"union", "", "3 70", "3 70", 1},
    {"union", "3 70", "", "3 70", 0},
    {"union", "1 2", "2 1", "1 2", 0},
    {"union", "0 63", "64 127 128", "0 63 64 127 128", 1},
    {"union", "5 1000 4000", "6 999 4000 9000", "5 6 999 1000 4000 9000", 1},
    {"union", "200", "0 1 2", "0 1 2 200", 1},
    {"diff", "1 2 3 64 65", "2 65", "1 3 64", 0},
    {"diff", "1 2 3", "", "1 2 3", 0},
    {"diff", "1 2 3", "1 2 3", "", 0},
    {"diff", "", "1", "", 0},
    {"diff", "10 500", "11 501", "10 500", 0},
    {"intersect", "1 2 3 64 65 300", "2 65 299 300", "2 65 300", 0},
    {"intersect", "1 2", "64 65", "", 0},
    {"intersect", "", "1", "", 0},
  };
  char got[256], name[128];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ptset a = {0}, b = {0}, d = {0};
    parse(&a, cases[i].a), parse(&b, cases[i].b);
    int r;
    if (strcmp(cases[i].op, "union") == 0) r = ptset_union(&a, &b), ptset_assign(&d, &a);
    else if (strcmp(cases[i].op, "diff") == 0) r = ptset_diff(&d, &a, &b);
    else r = ptset_intersect(&a, &b), ptset_assign(&d, &a);
    snprintf(name, sizeof name, "table: {%s} %s {%s}", cases[i].a, cases[i].op, cases[i].b);
    if (!ok(r == cases[i].ret && strcmp(show(&d, got, sizeof got), cases[i].want) == 0, "%s", name))
      printf("#   got {%s} (%d), want {%s} (%d)\n", got, r, cases[i].want, cases[i].ret);
    ptset_free(&a), ptset_free(&b), ptset_free(&d);
  }
}

/* ---- against a bitmap ---- */

enum { UNIVERSE = 5000 };
static uint32_t seed = 12345;
static uint32_t rnd(void) { return seed = seed * 1103515245u + 12345u, seed >> 8; }

static void fill(ptset *s, bool *ref, unsigned n, uint32_t spread) {
  for (unsigned i = 0; i < n; i++) {
    uint32_t x = rnd() % spread;
    ptset_add(s, x), ref[x] = true;
  }
}

static bool same(const ptset *s, const bool *ref) {
  size_t n = 0;
  for (uint32_t x = 0; x < UNIVERSE; x++) {
    if (ref[x] != ptset_has(s, x)) return false;
    n += ref[x];
  }
  uint32_t prev = 0, x;
  bool first = true, ordered = true;
  for (ptset_it it = ptset_begin(s); ptset_next(&it, &x); first = false)
    ordered &= first || x > prev, prev = x;
  return ordered && n == ptset_count(s);
}

static void against_bitmap(void) {
  int bad = 0;
  for (int round = 0; round < 200; round++) {
    static bool ra[UNIVERSE], rb[UNIVERSE], rd[UNIVERSE];
    memset(ra, 0, sizeof ra), memset(rb, 0, sizeof rb);
    ptset a = {0}, b = {0}, d = {0}, keep = {0};
    uint32_t spread = round % 2 ? UNIVERSE : 300; /* sparse and dense */
    fill(&a, ra, rnd() % 200, spread), fill(&b, rb, rnd() % 200, spread);
    ptset_assign(&keep, &a); /* a copy that must not change below */
    ptset_diff(&d, &a, &b);
    for (int x = 0; x < UNIVERSE; x++) rd[x] = ra[x] && !rb[x];
    bad += !same(&d, rd);
    bool grows = false;
    for (int x = 0; x < UNIVERSE; x++) grows |= rb[x] && !ra[x];
    bad += ptset_union(&a, &b) != grows;
    for (int x = 0; x < UNIVERSE; x++) rd[x] = ra[x] || rb[x];
    bad += !same(&a, rd);
    bad += !same(&keep, ra);
    ptset_intersect(&a, &b);
    bad += !same(&a, rb) || !same(&keep, ra);
    ptset_free(&a), ptset_free(&b), ptset_free(&d), ptset_free(&keep);
  }
  is_int(bad, 0, "bitmap: 200 rounds of diff, union and intersect on sparse and dense sets");
}

/* ---- sharing and interning ---- */

static void sharing(void) {
  ptset a = {0}, b = {0}, c = {0}, d = {0};
  parse(&a, "1 2 3 100");
  is_int(ptset_union(&b, &a), 1, "share: a union into an empty set changes it");
  ok(a.b == b.b && a.b->refs == 2, "share: ... and shares the block");
  ptset_add(&b, 7);
  char got[64];
  ok(a.b != b.b && strcmp(show(&a, got, sizeof got), "1 2 3 100") == 0, "share: a change copies on write");
  ptset_diff(&c, &a, &d);
  ok(c.b == a.b, "share: a difference with the empty set is the set, shared");
  ptset_diff(&c, &a, &c);
  ok(ptset_empty(&c), "share: a \\ a is empty, also when the destination is an operand");
  ptset_free(&a), ptset_free(&b), ptset_free(&c), ptset_free(&d);
}

static void interning(void) {
  ptset_pool *pool = ptset_pool_new();
  ptset a = {0}, b = {0}, c = {0};
  parse(&a, "4 8 15 16 23 42 5000"), parse(&b, "42 23 16 15 8 4 5000"), parse(&c, "4 8");
  ok(a.b != b.b, "intern: equal sets built apart have two blocks");
  ptset_intern(pool, &a), ptset_intern(pool, &b), ptset_intern(pool, &c);
  ok(a.b == b.b && a.b->refs == 2 && c.b != a.b, "intern: equal sets share one block, others do not");
  is_int(ptset_pool_len(pool), 2, "intern: two distinct sets in the pool");
  ok(!ptset_equal(&a, &c) && ptset_equal(&a, &b), "intern: equality of interned sets");
  ptset_add(&b, 9);
  ok(a.b != b.b && ptset_count(&a) == 7 && ptset_count(&b) == 8, "intern: a change leaves the pool's block alone");
  ptset_add(&c, 15), ptset_add(&c, 16), ptset_add(&c, 23), ptset_add(&c, 42), ptset_add(&c, 5000);
  ptset_intern(pool, &c);
  ok(c.b == a.b, "intern: a set grown to equal an interned one joins it");
  is_int(ptset_pool_len(pool), 1, "intern: the old block of c left the pool");
  ptset_free(&a), ptset_free(&c);
  is_int(ptset_pool_len(pool), 0, "intern: a block no set holds leaves the pool");
  ptset_intern(pool, &b);
  ptset_pool_free(pool); /* b outlives the pool */
  ptset_add(&b, 10);
  is_int(ptset_count(&b), 9, "intern: a set outlives its pool");
  ptset_free(&b);
  /* many sets: the table grows and deletes without losing any */
  pool = ptset_pool_new();
  enum { N = 3000 };
  static ptset many[N];
  for (int i = 0; i < N; i++) ptset_add(&many[i], (uint32_t)(i % 1000) * 37), ptset_intern(pool, &many[i]);
  is_int(ptset_pool_len(pool), 1000, "intern: 3000 sets of 1000 contents");
  for (int i = 0; i < N; i += 2) ptset_free(&many[i]);
  int lost = 0;
  for (int i = 1; i < N; i += 2) {
    ptset t = {0};
    ptset_add(&t, (uint32_t)(i % 1000) * 37), ptset_intern(pool, &t);
    lost += t.b != many[i].b;
    ptset_free(&t);
  }
  is_int(lost, 0, "intern: after deleting half, each content is still found");
  for (int i = 1; i < N; i += 2) ptset_free(&many[i]);
  is_int(ptset_pool_len(pool), 0, "intern: empty again");
  ptset_pool_free(pool);
  /* a grown set is interned without its spare room, and grows again */
  pool = ptset_pool_new();
  ptset g = {0};
  for (uint32_t x = 0; x < 64 * 40; x += 64) ptset_add(&g, x);
  ok(g.b->cap > g.b->len, "intern: a set grown one word at a time has spare room");
  ptset_intern(pool, &g);
  ok(g.b->cap == g.b->len && g.b->len == 40, "intern: the interned block is compacted");
  ptset h = {0};
  parse(&h, "7 100000");
  is_int(ptset_union(&g, &h), 1, "intern: a compacted set grows by a union");
  ok(ptset_count(&g) == 42 && ptset_has(&g, 100000) && ptset_pool_len(pool) == 0,
     "intern: the grown set left the pool");
  ptset_free(&g), ptset_free(&h);
  ptset_pool_free(pool);
}

/* The memos of interned sets (pt_set.c: subsets and differences by
 * serial): operations repeated on the same pairs give what a fresh
 * computation gives, also after sets changed, left the pool, were freed
 * and their memory reused by others. */
static void memos(void) {
  ptset_pool *pool = ptset_pool_new();
  enum { K = 24 };
  static ptset sets[K];
  static bool ref[K][UNIVERSE], rd[UNIVERSE];
  int bad = 0, again = 0;
  for (int round = 0; round < 600; round++) {
    int i = (int)(rnd() % K), j = (int)(rnd() % K);
    for (int k = 0; k < 2; k++) {
      int x = k ? j : i;
      if (!ptset_empty(&sets[x]) && round % 11) continue;
      ptset_free(&sets[x]), memset(ref[x], 0, sizeof ref[x]);
      fill(&sets[x], ref[x], 20 + rnd() % 300, round % 2 ? UNIVERSE : 1500); /* 8 words and more */
      ptset_intern(pool, &sets[x]);
    }
    ptset d = {0}, e = {0}, t = {0};
    for (int x = 0; x < UNIVERSE; x++) rd[x] = ref[i][x] && !ref[j][x];
    ptset_diff(&d, &sets[i], &sets[j]), ptset_diff(&e, &sets[i], &sets[j]);
    bad += !same(&d, rd) || !same(&e, rd);
    again += d.b == e.b && d.b != sets[i].b && !ptset_empty(&d);
    bool grows = false;
    for (int x = 0; x < UNIVERSE; x++) grows |= ref[j][x] && !ref[i][x], rd[x] = ref[i][x] || ref[j][x];
    for (int k = 0; k < 2; k++) { /* the second time from the memo */
      ptset_assign(&t, &sets[i]);
      bad += ptset_union(&t, &sets[j]) != grows || !same(&t, rd);
    }
    if (round % 3 == 0) { /* i grows: pairs with i recur with new content */
      ptset_intern(pool, &t), ptset_assign(&sets[i], &t);
      memcpy(ref[i], rd, sizeof rd);
    }
    ptset_free(&d), ptset_free(&e), ptset_free(&t);
  }
  is_int(bad, 0, "memo: 600 rounds of diff and union on interned sets, each twice, against a bitmap");
  ok(again > 50, "memo: a repeated difference shares the remembered block (%d times)", again);
  for (int k = 0; k < K; k++) ptset_free(&sets[k]);
  ptset_pool_free(pool);
}

/* A set built from a sorted list with repeats and one id left out: the
 * skipped id alone in its word must not leave a word behind or be counted
 * as its neighbours' word. */
static void from_sorted(void) {
  static const uint32_t v[] = {3, 3, 63, 64, 70, 70, 71, 128, 200, 200, 4096};
  char got[128];
  ptset s = {0}, r = {0};
  ok(ptset_from_sorted(&s, v, sizeof v / sizeof *v, 70) == 0 &&
         strcmp(show(&s, got, sizeof got), "3 63 64 71 128 200 4096") == 0 && s.b->len == 5 && s.b->cap == 5,
     "from_sorted: repeats once, the skipped id out, one block that fits: %s", got);
  static const uint32_t w[] = {5, 130, 131};
  ok(ptset_from_sorted(&r, w, 3, 5) == 0 && strcmp(show(&r, got, sizeof got), "130 131") == 0 && r.b->len == 1,
     "from_sorted: a skipped id alone in its word adds no word");
  ok(ptset_from_sorted(&r, w, 1, 5) == 0 && ptset_empty(&r), "from_sorted: only the skipped id: empty");
  ptset_free(&s), ptset_free(&r);
}

int main(void) {
  table();
  from_sorted();
  against_bitmap();
  sharing();
  interning();
  memos();
  return tap_done();
}
