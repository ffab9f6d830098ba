/* pt_set.c: sparse bit sets (see pt_set.h). Invariant: idx strictly
 * increasing, bits[i] != 0, len <= cap; storage from the allocation hook. */
#include "pointsto/pt_set.h"
#include "base/alloc.h"
#include <string.h>

void ptset_free(ptset *s) {
  ca_xfree(s->idx);
  ca_xfree(s->bits);
  memset(s, 0, sizeof *s);
}

void ptset_clear(ptset *s) { s->len = 0; }

static int reserve(ptset *s, uint32_t need) {
  if (need <= s->cap) return 0;
  uint32_t cap = s->cap ? s->cap : 2;
  while (cap < need) cap *= 2;
  uint32_t *idx = ca_xmalloc(cap * sizeof *idx);
  uint64_t *bits = ca_xmalloc(cap * sizeof *bits);
  if (!idx || !bits) return ca_xfree(idx), ca_xfree(bits), -1;
  if (s->len) {
    memcpy(idx, s->idx, s->len * sizeof *idx);
    memcpy(bits, s->bits, s->len * sizeof *bits);
  }
  ca_xfree(s->idx), ca_xfree(s->bits);
  s->idx = idx, s->bits = bits, s->cap = cap;
  return 0;
}

/* First position whose word index is >= w. */
static uint32_t lower(const ptset *s, uint32_t w) {
  uint32_t lo = 0, hi = s->len;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (s->idx[mid] < w) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

bool ptset_has(const ptset *s, uint32_t x) {
  uint32_t i = lower(s, x / 64);
  return i < s->len && s->idx[i] == x / 64 && (s->bits[i] >> (x % 64) & 1);
}

int ptset_add(ptset *s, uint32_t x) {
  uint32_t w = x / 64;
  /* elements often come in increasing order: the last word needs no search */
  uint32_t i = s->len && s->idx[s->len - 1] < w ? s->len : lower(s, w);
  uint64_t bit = (uint64_t)1 << (x % 64);
  if (i < s->len && s->idx[i] == w) {
    if (s->bits[i] & bit) return 0;
    s->bits[i] |= bit;
    return 1;
  }
  if (reserve(s, s->len + 1) != 0) return -1;
  memmove(s->idx + i + 1, s->idx + i, (s->len - i) * sizeof *s->idx);
  memmove(s->bits + i + 1, s->bits + i, (s->len - i) * sizeof *s->bits);
  s->idx[i] = w, s->bits[i] = bit, s->len++;
  return 1;
}

/* Is src a subset of dst? Then a union changes nothing (the common case). */
static bool subset(const ptset *src, const ptset *dst) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < src->len; i++) {
    while (j < dst->len && dst->idx[j] < src->idx[i]) j++;
    if (j == dst->len || dst->idx[j] != src->idx[i] || (src->bits[i] & ~dst->bits[j])) return false;
  }
  return true;
}

/* Words of src whose index dst lacks. */
static uint32_t missing_words(const ptset *dst, const ptset *src) {
  uint32_t n = 0, j = 0;
  for (uint32_t i = 0; i < src->len; i++) {
    while (j < dst->len && dst->idx[j] < src->idx[i]) j++;
    if (j == dst->len || dst->idx[j] != src->idx[i]) n++;
  }
  return n;
}

/* Merges from the back, in place: dst has room for every new word. */
int ptset_union(ptset *dst, const ptset *src) {
  if (dst == src || subset(src, dst)) return 0;
  uint32_t extra = missing_words(dst, src);
  if (reserve(dst, dst->len + extra) != 0) return -1;
  int64_t i = (int64_t)dst->len - 1, j = (int64_t)src->len - 1, k = (int64_t)(dst->len + extra) - 1;
  while (j >= 0) {
    if (i >= 0 && dst->idx[i] > src->idx[j]) {
      dst->idx[k] = dst->idx[i], dst->bits[k--] = dst->bits[i--];
    } else if (i >= 0 && dst->idx[i] == src->idx[j]) {
      dst->idx[k] = dst->idx[i], dst->bits[k--] = dst->bits[i--] | src->bits[j--];
    } else {
      dst->idx[k] = src->idx[j], dst->bits[k--] = src->bits[j--];
    }
  }
  dst->len += extra;
  return 1;
}

void ptset_intersect(ptset *dst, const ptset *other) {
  uint32_t j = 0, n = 0;
  for (uint32_t i = 0; i < dst->len; i++) {
    while (j < other->len && other->idx[j] < dst->idx[i]) j++;
    if (j == other->len || other->idx[j] != dst->idx[i]) continue;
    uint64_t w = dst->bits[i] & other->bits[j];
    if (w) dst->idx[n] = dst->idx[i], dst->bits[n++] = w;
  }
  dst->len = n;
}

int ptset_diff(ptset *dst, const ptset *a, const ptset *b) {
  dst->len = 0;
  if (reserve(dst, a->len) != 0) return -1;
  uint32_t j = 0, n = 0;
  for (uint32_t i = 0; i < a->len; i++) {
    while (j < b->len && b->idx[j] < a->idx[i]) j++;
    uint64_t w = a->bits[i];
    if (j < b->len && b->idx[j] == a->idx[i]) w &= ~b->bits[j];
    if (w) dst->idx[n] = a->idx[i], dst->bits[n++] = w;
  }
  dst->len = n;
  return 0;
}

bool ptset_equal(const ptset *a, const ptset *b) {
  return a->len == b->len && (a->len == 0 || (memcmp(a->idx, b->idx, a->len * sizeof *a->idx) == 0 &&
                                              memcmp(a->bits, b->bits, a->len * sizeof *a->bits) == 0));
}

size_t ptset_count(const ptset *s) {
  size_t n = 0;
  for (uint32_t i = 0; i < s->len; i++) n += (size_t)__builtin_popcountll(s->bits[i]);
  return n;
}
