/* pt_set.h: sparse bit sets of non-negative ints, the points-to sets of the
 * solver (pt_solve.c).
 *
 * A set is a sorted array of (word index, 64-bit word) pairs with no zero
 * words, so size is proportional to the number of distinct 64-element
 * blocks touched, and union/equality are linear merges. Sets own malloc'd
 * storage (through ca_xmalloc) and are freed with ptset_free; on allocation
 * failure an operation returns -1 and leaves the set unchanged. */
#ifndef CA_PT_SET_H
#define CA_PT_SET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ptset {
  uint32_t *idx;   /* word index = element / 64, strictly increasing */
  uint64_t *bits;  /* never 0 */
  uint32_t len, cap;
} ptset;

void ptset_free(ptset *s);
int ptset_add(ptset *s, uint32_t x);               /* 1 added, 0 present, -1 OOM */
bool ptset_has(const ptset *s, uint32_t x);
int ptset_union(ptset *dst, const ptset *src);     /* 1 changed, 0 not, -1 OOM */
void ptset_intersect(ptset *dst, const ptset *other);  /* dst = dst ∩ other, in place */
/* dst = a \ b (dst is overwritten); 0, or -1 on OOM. */
int ptset_diff(ptset *dst, const ptset *a, const ptset *b);
bool ptset_equal(const ptset *a, const ptset *b);
size_t ptset_count(const ptset *s);
void ptset_clear(ptset *s);                        /* empties, keeps storage */
static inline bool ptset_empty(const ptset *s) { return s->len == 0; }

/* Iteration in increasing order:
 *   for (ptset_it it = ptset_begin(s); ptset_next(&it, &x);) ...
 * The set must not change during the loop. */
typedef struct ptset_it { const ptset *s; uint32_t w; uint64_t rest; } ptset_it;
static inline ptset_it ptset_begin(const ptset *s) {
  ptset_it it = {s, 0, s->len ? s->bits[0] : 0};
  return it;
}
static inline bool ptset_next(ptset_it *it, uint32_t *x) {
  while (!it->rest) {
    if (++it->w >= it->s->len) return false;
    it->rest = it->s->bits[it->w];
  }
  unsigned b = (unsigned)__builtin_ctzll(it->rest);
  it->rest &= it->rest - 1;
  *x = it->s->idx[it->w] * 64u + b;
  return true;
}
#endif
