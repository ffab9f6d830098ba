/* pt_set.h: sparse bit sets of non-negative ints, the points-to sets of the
 * solver (pt_solve.c).
 *
 * A set is a sorted array of (word index, 64-bit word) pairs with no zero
 * words, so size is proportional to the number of distinct 64-element
 * blocks touched, and union/difference/equality are word-level linear
 * merges. Iteration is in increasing element order, so whatever is built
 * from a set is deterministic.
 *
 * Storage is shared: the words live in a reference-counted block, copying
 * a set (ptset_assign, a union into an empty set, a difference with an
 * empty set) shares the block, and a change to a shared block first makes
 * a private copy (copy on write). A pool (ptset_pool) hash-conses blocks:
 * ptset_intern makes a set share the one block of that content, so the
 * many nodes of a large program that hold the same large set (every
 * variable a value flows through) hold it once ("Hash-consed points-to
 * sets", Barbar and Sui, SAS 2021).
 *
 * Blocks come from the allocation hook (ca_xmalloc); ptset_free releases
 * a set's reference. On allocation failure an operation returns -1 and
 * leaves the set unchanged. Not thread-safe: a set, its copies and its
 * pool belong to one thread. */
#ifndef CA_PT_SET_H
#define CA_PT_SET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ptset_pool ptset_pool;

/* Words first (aligned), then cap word indexes. */
typedef struct ptblk {
  uint32_t refs;        /* sets sharing it; 1 and not interned: may change in place */
  uint32_t len, cap;
  uint32_t slot;        /* interned: its slot in pool's table */
  ptset_pool *pool;     /* the pool it is interned in, or NULL */
  uint32_t hash;        /* interned: of its content */
  uint32_t serial;      /* interned: its number in the pool, never reused (0: none) */
  uint64_t bits[];      /* never 0; followed by uint32_t idx[cap], strictly increasing */
} ptblk;

typedef struct ptset { ptblk *b; } ptset;   /* {0} or {NULL}: the empty set */

static inline const uint32_t *ptset_idx_(const ptblk *b) { return (const uint32_t *)(b->bits + b->cap); }

void ptset_free(ptset *s);
int ptset_add(ptset *s, uint32_t x);               /* 1 added, 0 present, -1 OOM */
/* s (empty) = the elements of v[0..n), sorted ascending, repeats allowed,
 * except skip: one block sized to fit. 0, or -1 on OOM (s stays empty). */
int ptset_from_sorted(ptset *s, const uint32_t *v, size_t n, uint32_t skip);
bool ptset_has(const ptset *s, uint32_t x);
int ptset_union(ptset *dst, const ptset *src);     /* 1 changed, 0 not, -1 OOM */
int ptset_intersect(ptset *dst, const ptset *other); /* dst = dst ∩ other; 0, or -1 on OOM */
/* dst = a \ b (dst is overwritten; it may be a or b); 0, or -1 on OOM. */
int ptset_diff(ptset *dst, const ptset *a, const ptset *b);
void ptset_assign(ptset *dst, const ptset *src);   /* dst = src, sharing its block */
bool ptset_equal(const ptset *a, const ptset *b);
size_t ptset_count(const ptset *s);
void ptset_clear(ptset *s);                        /* empties */
static inline bool ptset_empty(const ptset *s) { return !s->b || s->b->len == 0; }
/* Bytes of the block behind s (0 when empty), for statistics. */
size_t ptset_bytes(const ptset *s);

/* Hash-consing. A pool must outlive the blocks interned in it, or be freed
 * after them (ptset_pool_free detaches what is left). */
ptset_pool *ptset_pool_new(void);
void ptset_pool_free(ptset_pool *p);
/* s now shares the pool's block of equal content (interning its own if
 * there is none). 0, or -1 on OOM (s unchanged and still valid). */
int ptset_intern(ptset_pool *p, ptset *s);
size_t ptset_pool_len(const ptset_pool *p);        /* distinct interned sets */

/* Iteration in increasing order:
 *   for (ptset_it it = ptset_begin(s); ptset_next(&it, &x);) ...
 * The set must not change during the loop (a copy of it may). */
typedef struct ptset_it { const ptblk *b; uint32_t w; uint64_t rest; } ptset_it;
static inline ptset_it ptset_begin(const ptset *s) {
  ptset_it it = {s->b, 0, s->b && s->b->len ? s->b->bits[0] : 0};
  return it;
}
static inline bool ptset_next(ptset_it *it, uint32_t *x) {
  while (!it->rest) {
    if (!it->b || ++it->w >= it->b->len) return false;
    it->rest = it->b->bits[it->w];
  }
  unsigned bit = (unsigned)__builtin_ctzll(it->rest);
  it->rest &= it->rest - 1;
  *x = ptset_idx_(it->b)[it->w] * 64u + bit;
  return true;
}
#endif
