/* pt_set.c: sparse bit sets in shared, hash-consed blocks (see pt_set.h).
 * Invariant: a block's idx strictly increasing, bits[i] != 0, len <= cap;
 * a block in a pool is never changed (a set that changes one first leaves
 * the pool); refs counts the ptsets pointing to it. */
#include "pointsto/pt_set.h"
#include "base/alloc.h"
#include <string.h>

struct ptset_pool {
  ptblk **slots;        /* open addressing, linear probing, NULL: free */
  uint32_t cap, len;
  uint32_t serials;     /* the last serial given */
  uint64_t *subsets;    /* (serial a << 32 | serial b): a ⊆ b, direct-mapped; NULL until used */
  struct diffmemo { uint64_t key; ptblk *res; } *diffs; /* a \ b for the same keys; res held */
};

/* The subset memo: on SQLite 9 in 10 unions between two interned sets of
 * more than a few words were a pair seen before, nearly all a subset (a
 * visit's delta reaching a successor that holds it already), and the scan
 * that finds so was the solver's largest cost. Interned blocks never
 * change and serials are never reused, so an entry stays true. */
enum { SUBSET_BITS = 16 };
enum { MEMO_MIN_WORDS = 8 }; /* both memos: smaller sets are cheaper to scan than to look up */

/* The difference memo: a visit's delta is its set less what it had at the
 * last visit, and on SQLite 9 in 10 of those between interned sets were a
 * pair computed before (nodes that hold equal sets at every step). Results
 * of up to DIFF_MAX_WORDS words are kept, so the memo holds at most
 * 2^DIFF_BITS small blocks. */
enum { DIFF_BITS = 14, DIFF_MAX_WORDS = 64 };

static uint64_t pair_key(const ptblk *a, const ptblk *b) { return (uint64_t)a->serial << 32 | b->serial; }
static uint64_t pair_slot(uint64_t key, int bits) { return (key * 0x9e3779b97f4a7c15ull) >> (64 - bits); }

/* Both interned in one pool, with serials, a large enough to be worth it? */
static ptset_pool *memo_pool(const ptblk *a, const ptblk *b) {
  ptset_pool *p = a && b ? a->pool : NULL;
  return p && p == b->pool && a->serial && b->serial && a->len >= MEMO_MIN_WORDS ? p : NULL;
}

static uint32_t *idx_of(ptblk *b) { return (uint32_t *)(b->bits + b->cap); }
static const uint32_t *cidx(const ptblk *b) { return ptset_idx_(b); }

static ptblk *blk_new(uint32_t cap) {
  if (cap < 2) cap = 2;
  ptblk *b = ca_xmalloc(sizeof *b + (size_t)cap * (sizeof(uint64_t) + sizeof(uint32_t)));
  if (b) b->refs = 1, b->len = 0, b->cap = cap, b->slot = 0, b->serial = 0, b->pool = NULL, b->hash = 0;
  return b;
}

static void pool_remove(ptblk *b);
static int diff(ptset *dst, const ptset *a, const ptset *b);

static void release(ptblk *b) {
  if (!b || --b->refs) return;
  if (b->pool) pool_remove(b);
  ca_xfree(b);
}

void ptset_free(ptset *s) {
  release(s->b);
  s->b = NULL;
}

void ptset_clear(ptset *s) { ptset_free(s); }

void ptset_assign(ptset *dst, const ptset *src) {
  if (dst->b == src->b) return;
  if (src->b && src->b->len) src->b->refs++;
  release(dst->b);
  dst->b = src->b && src->b->len ? src->b : NULL;
}

size_t ptset_bytes(const ptset *s) {
  return s->b ? sizeof *s->b + (size_t)s->b->cap * (sizeof(uint64_t) + sizeof(uint32_t)) : 0;
}

/* Makes s's block its own and changeable (out of any pool), with room for
 * need words: a shared block is copied, sized to fit (most sets stop
 * growing), a block of its own grows by doubling. */
static int own(ptset *s, uint32_t need) {
  ptblk *b = s->b;
  if (b && b->refs == 1 && b->pool) pool_remove(b);
  bool mine = b && b->refs == 1;
  if (mine && need <= b->cap) return 0;
  uint32_t cap = need > 2 ? need : 2;
  if (mine && cap < 2 * b->cap) cap = 2 * b->cap;
  ptblk *n = blk_new(cap);
  if (!n) return -1;
  if (b) {
    n->len = b->len;
    memcpy(n->bits, b->bits, b->len * sizeof *b->bits);
    memcpy(idx_of(n), cidx(b), b->len * sizeof(uint32_t));
  }
  release(b);
  s->b = n;
  return 0;
}

/* First position whose word index is >= w. */
static uint32_t lower(const ptblk *b, uint32_t w) {
  const uint32_t *idx = cidx(b);
  uint32_t lo = 0, hi = b->len;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (idx[mid] < w) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

bool ptset_has(const ptset *s, uint32_t x) {
  if (!s->b) return false;
  uint32_t i = lower(s->b, x / 64);
  return i < s->b->len && cidx(s->b)[i] == x / 64 && (s->b->bits[i] >> (x % 64) & 1);
}

int ptset_add(ptset *s, uint32_t x) {
  uint32_t w = x / 64, len = s->b ? s->b->len : 0;
  uint64_t bit = (uint64_t)1 << (x % 64);
  /* elements often come in increasing order: the last word needs no search */
  uint32_t i = len && cidx(s->b)[len - 1] < w ? len : len ? lower(s->b, w) : 0;
  bool here = i < len && cidx(s->b)[i] == w;
  if (here && (s->b->bits[i] & bit)) return 0;
  if (own(s, len + 1) != 0) return -1; /* a copy keeps positions: i stays right */
  ptblk *b = s->b;
  uint32_t *idx = idx_of(b);
  if (here) {
    b->bits[i] |= bit;
    return 1;
  }
  memmove(idx + i + 1, idx + i, (b->len - i) * sizeof *idx);
  memmove(b->bits + i + 1, b->bits + i, (b->len - i) * sizeof *b->bits);
  idx[i] = w, b->bits[i] = bit, b->len++;
  return 1;
}

int ptset_from_sorted(ptset *s, const uint32_t *v, size_t n, uint32_t skip) {
  uint32_t words = 0, last = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i] != skip && (!words || v[i] / 64 != last)) words++, last = v[i] / 64;
  ptset_free(s);
  if (!words) return 0;
  ptblk *b = blk_new(words);
  if (!b) return -1;
  uint32_t *idx = idx_of(b), k = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] == skip) continue;
    uint32_t w = v[i] / 64;
    if (!k || idx[k - 1] != w) idx[k] = w, b->bits[k++] = 0;
    b->bits[k - 1] |= (uint64_t)1 << (v[i] % 64);
  }
  b->len = k;
  s->b = b;
  return 0;
}

/* Is src a subset of dst? Then a union changes nothing (the common case). */
static bool subset(const ptblk *src, const ptblk *dst) {
  if (!src || !src->len) return true;
  if (!dst || dst->len < src->len) return false; /* src has a word dst lacks */
  const uint32_t *si = cidx(src), *di = cidx(dst);
  uint32_t j = 0;
  for (uint32_t i = 0; i < src->len; i++) {
    while (j < dst->len && di[j] < si[i]) j++;
    if (j == dst->len || di[j] != si[i] || (src->bits[i] & ~dst->bits[j])) return false;
  }
  return true;
}

/* subset(), remembered for pairs of interned blocks of one pool. */
static bool known_subset(const ptblk *src, const ptblk *dst) {
  ptset_pool *p = memo_pool(src, dst);
  if (!p) return subset(src, dst);
  if (!p->subsets && !(p->subsets = ca_xcalloc((size_t)1 << SUBSET_BITS, sizeof *p->subsets)))
    return subset(src, dst); /* no memory for the memo: compute each time */
  uint64_t key = pair_key(src, dst);
  uint64_t *e = &p->subsets[pair_slot(key, SUBSET_BITS)];
  if (*e == key) return true;
  if (!subset(src, dst)) return false;
  *e = key;
  return true;
}

/* Words of src whose index dst lacks. */
static uint32_t missing_words(const ptblk *dst, const ptblk *src) {
  const uint32_t *si = cidx(src), *di = cidx(dst);
  uint32_t n = 0, j = 0;
  for (uint32_t i = 0; i < src->len; i++) {
    while (j < dst->len && di[j] < si[i]) j++;
    if (j == dst->len || di[j] != si[i]) n++;
  }
  return n;
}

/* out = a ∪ b (out a fresh block with room). */
static void merge_into(ptblk *out, const ptblk *a, const ptblk *b) {
  const uint32_t *ai = cidx(a), *bi = cidx(b);
  uint32_t *oi = idx_of(out), i = 0, j = 0, k = 0;
  while (i < a->len || j < b->len) {
    if (j == b->len || (i < a->len && ai[i] < bi[j])) oi[k] = ai[i], out->bits[k++] = a->bits[i++];
    else if (i == a->len || bi[j] < ai[i]) oi[k] = bi[j], out->bits[k++] = b->bits[j++];
    else oi[k] = ai[i], out->bits[k++] = a->bits[i++] | b->bits[j++];
  }
  out->len = k;
}

int ptset_union(ptset *dst, const ptset *src) {
  if (dst == src || dst->b == src->b || known_subset(src->b, dst->b)) return 0;
  if (ptset_empty(dst)) return ptset_assign(dst, src), 1;
  ptblk *d = dst->b;
  const ptblk *sb = src->b;
  uint32_t extra = missing_words(d, sb);
  bool interned = d->pool != NULL; /* and likely to be interned again: no room to spare */
  if (d->refs == 1 && d->pool) pool_remove(d); /* about to change: out of the pool */
  if (d->refs > 1 || d->len + extra > d->cap) {
    /* a fresh block: merge forwards into it */
    uint32_t cap = d->len + extra;
    if (d->refs == 1 && !interned && cap < 2 * d->cap) cap = 2 * d->cap; /* its own, growing: amortise */
    ptblk *n = blk_new(cap);
    if (!n) return -1;
    merge_into(n, d, sb);
    release(d);
    dst->b = n;
    return 1;
  }
  /* in place, from the back */
  uint32_t *di = idx_of(d);
  const uint32_t *si = cidx(sb);
  int64_t i = (int64_t)d->len - 1, j = (int64_t)sb->len - 1, k = (int64_t)(d->len + extra) - 1;
  while (j >= 0) {
    if (i >= 0 && di[i] > si[j]) {
      di[k] = di[i], d->bits[k--] = d->bits[i--];
    } else if (i >= 0 && di[i] == si[j]) {
      di[k] = di[i], d->bits[k--] = d->bits[i--] | sb->bits[j--];
    } else {
      di[k] = si[j], d->bits[k--] = sb->bits[j--];
    }
  }
  d->len += extra;
  return 1;
}

int ptset_intersect(ptset *dst, const ptset *other) {
  if (ptset_empty(dst) || dst->b == other->b) return 0;
  if (ptset_empty(other)) return ptset_free(dst), 0;
  if (own(dst, dst->b->len) != 0) return -1;
  ptblk *d = dst->b;
  const ptblk *o = other->b;
  uint32_t *di = idx_of(d);
  const uint32_t *oi = cidx(o);
  uint32_t j = 0, n = 0;
  for (uint32_t i = 0; i < d->len; i++) {
    while (j < o->len && oi[j] < di[i]) j++;
    if (j == o->len || oi[j] != di[i]) continue;
    uint64_t w = d->bits[i] & o->bits[j];
    if (w) di[n] = di[i], d->bits[n++] = w;
  }
  d->len = n;
  if (!n) ptset_free(dst);
  return 0;
}

/* Keeps dst's block as the difference of the pair key in memo entry e. */
static void remember(struct diffmemo *e, uint64_t key, ptblk *r) {
  if (r && r->len > DIFF_MAX_WORDS) return;
  if (r) r->refs++;
  ptblk *old = e->res;
  e->key = key, e->res = r;
  release(old);
}

int ptset_diff(ptset *dst, const ptset *a, const ptset *b) {
  if (ptset_empty(a) || a->b == b->b) return ptset_free(dst), 0;
  if (ptset_empty(b)) return ptset_assign(dst, a), 0;
  ptset_pool *p = memo_pool(a->b, b->b);
  struct diffmemo *e = NULL;
  uint64_t key = 0;
  if (p && (p->diffs || (p->diffs = ca_xcalloc((size_t)1 << DIFF_BITS, sizeof *p->diffs)))) {
    key = pair_key(a->b, b->b), e = &p->diffs[pair_slot(key, DIFF_BITS)];
    if (e->key == key) return ptset_assign(dst, &(ptset){e->res}), 0;
  }
  int rc = diff(dst, a, b);
  if (rc == 0 && e) remember(e, key, dst->b);
  return rc;
}

/* ptset_diff without the memo. */
static int diff(ptset *dst, const ptset *a, const ptset *b) {
  const ptblk *ab = a->b, *bb = b->b;
  ptblk *n = blk_new(ab->len);
  if (!n) return -1;
  const uint32_t *ai = cidx(ab), *bi = cidx(bb);
  uint32_t *ni = idx_of(n), j = 0, k = 0;
  bool same = true;
  for (uint32_t i = 0; i < ab->len; i++) {
    while (j < bb->len && bi[j] < ai[i]) j++;
    uint64_t w = ab->bits[i];
    if (j < bb->len && bi[j] == ai[i]) w &= ~bb->bits[j];
    same &= w == ab->bits[i];
    if (w) ni[k] = ai[i], n->bits[k++] = w;
  }
  n->len = k;
  if (same) return ca_xfree(n), ptset_assign(dst, a), 0; /* nothing removed: share a */
  release(dst->b); /* after reading: dst may be a or b */
  dst->b = k ? n : NULL;
  if (!k) ca_xfree(n);
  return 0;
}

bool ptset_equal(const ptset *a, const ptset *b) {
  if (a->b == b->b) return true;
  uint32_t la = a->b ? a->b->len : 0, lb = b->b ? b->b->len : 0;
  if (la != lb) return false;
  if (!la) return true;
  if (a->b->pool && a->b->pool == b->b->pool) return false; /* both interned, distinct blocks */
  return memcmp(a->b->bits, b->b->bits, la * sizeof *a->b->bits) == 0 &&
         memcmp(cidx(a->b), cidx(b->b), la * sizeof(uint32_t)) == 0;
}

size_t ptset_count(const ptset *s) {
  size_t n = 0;
  for (uint32_t i = 0; s->b && i < s->b->len; i++) n += (size_t)__builtin_popcountll(s->b->bits[i]);
  return n;
}

/* ---- the pool ---- */

ptset_pool *ptset_pool_new(void) { return ca_xcalloc(1, sizeof(ptset_pool)); }

void ptset_pool_free(ptset_pool *p) {
  if (!p) return;
  for (size_t i = 0; p->diffs && i < (size_t)1 << DIFF_BITS; i++) release(p->diffs[i].res);
  ca_xfree(p->diffs), p->diffs = NULL;
  for (uint32_t i = 0; i < p->cap; i++)
    if (p->slots[i]) p->slots[i]->pool = NULL; /* still shared by sets: plain blocks now */
  ca_xfree(p->slots);
  ca_xfree(p->subsets);
  ca_xfree(p);
}

size_t ptset_pool_len(const ptset_pool *p) { return p ? p->len : 0; }

/* 32 bits: with the serial beside it a block header stays 32 bytes (on
 * PostgreSQL's backend millions of blocks). */
static uint32_t content_hash(const ptblk *b) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ b->len;
  const uint32_t *idx = cidx(b);
  for (uint32_t i = 0; i < b->len; i++) {
    h ^= b->bits[i] + ((uint64_t)idx[i] << 32 | idx[i]);
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
  }
  h ^= h >> 32;
  return (uint32_t)h ? (uint32_t)h : 1;
}

static bool same_content(const ptblk *a, const ptblk *b) {
  return a->len == b->len && memcmp(a->bits, b->bits, a->len * sizeof *a->bits) == 0 &&
         memcmp(cidx(a), cidx(b), a->len * sizeof(uint32_t)) == 0;
}

/* Linear probing with backward-shift deletion: no tombstones. */
static void pool_remove(ptblk *b) {
  ptset_pool *p = b->pool;
  uint32_t mask = p->cap - 1, i = b->slot;
  p->slots[i] = NULL, p->len--;
  for (uint32_t j = (i + 1) & mask; p->slots[j]; j = (j + 1) & mask) {
    uint32_t home = p->slots[j]->hash & mask;
    /* can the entry at j move back to the hole at i? (home not in (i, j]) */
    if (((j - home) & mask) >= ((j - i) & mask)) {
      p->slots[i] = p->slots[j], p->slots[i]->slot = i, p->slots[j] = NULL, i = j;
    }
  }
  b->pool = NULL;
}

static int pool_grow(ptset_pool *p) {
  uint32_t cap = p->cap ? p->cap * 2 : 1024;
  ptblk **slots = ca_xcalloc(cap, sizeof *slots);
  if (!slots) return -1;
  for (uint32_t i = 0; i < p->cap; i++) {
    ptblk *b = p->slots[i];
    if (!b) continue;
    uint32_t j = b->hash & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = b, b->slot = j;
  }
  ca_xfree(p->slots);
  p->slots = slots, p->cap = cap;
  return 0;
}

int ptset_intern(ptset_pool *p, ptset *s) {
  ptblk *b = s->b;
  if (!b || b->pool == p) return 0;
  if (!b->len) return ptset_free(s), 0;
  if (b->pool) return 0; /* interned elsewhere: already shared */
  if ((p->len + 1) * 2 > p->cap && pool_grow(p) != 0) return -1;
  uint32_t h = content_hash(b);
  uint32_t mask = p->cap - 1, i = (uint32_t)h & mask;
  for (; p->slots[i]; i = (i + 1) & mask) {
    ptblk *o = p->slots[i];
    if (o->hash == h && same_content(o, b)) {
      o->refs++;
      release(b);
      s->b = o;
      return 0;
    }
  }
  /* a new entry: the room a growing set kept (up to half its block) is
   * not interned with it (the solver interns every set that grows) */
  if (b->refs == 1 && b->cap > 2 && b->cap > b->len + b->len / 8) {
    ptblk *n = blk_new(b->len);
    if (!n) return -1;
    n->len = b->len;
    memcpy(n->bits, b->bits, b->len * sizeof *b->bits);
    memcpy(idx_of(n), cidx(b), b->len * sizeof(uint32_t));
    release(b);
    s->b = b = n;
  }
  b->pool = p, b->hash = h, b->slot = i;
  b->serial = p->serials < UINT32_MAX ? ++p->serials : 0; /* 0: past 2^32 interned sets, no memo */
  p->slots[i] = b, p->len++;
  return 0;
}
