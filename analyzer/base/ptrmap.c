/* ptrmap.c: see ptrmap.h. Invariant: len < cap/2 so probes end. The hash
 * drops the low bits (handles are at least 16-aligned) and multiplies by
 * 2^64 / phi, which spreads consecutive addresses over the table. */
#include "base/ptrmap.h"
#include <stdint.h>
#include <string.h>

void ptrmap_init(ptrmap *m, arena *a) { memset(m, 0, sizeof *m), m->arena = a; }

static size_t slot(const void **keys, size_t cap, const void *key) {
  size_t i = (size_t)(((uint64_t)(uintptr_t)key >> 4) * 11400714819323198485ull) & (cap - 1);
  while (keys[i] && keys[i] != key) i = (i + 1) & (cap - 1);
  return i;
}

int ptrmap_get(const ptrmap *m, const void *key) {
  if (!m->cap || !key) return -1;
  size_t i = slot(m->keys, m->cap, key);
  return m->keys[i] ? m->vals[i] : -1;
}

static bool grow(ptrmap *m) {
  size_t ncap = m->cap ? m->cap * 2 : 256;
  const void **keys = arena_alloc(m->arena, ncap * sizeof *keys);
  int *vals = arena_alloc(m->arena, ncap * sizeof *vals);
  if (!keys || !vals) return false;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t j = slot(keys, ncap, m->keys[i]);
    keys[j] = m->keys[i], vals[j] = m->vals[i];
  }
  m->keys = keys, m->vals = vals, m->cap = ncap;
  return true;
}

bool ptrmap_put(ptrmap *m, const void *key, int val) {
  if (!key) return true;
  if ((m->len + 1) * 2 > m->cap && !grow(m)) return false;
  size_t i = slot(m->keys, m->cap, key);
  if (!m->keys[i]) m->keys[i] = key, m->len++;
  m->vals[i] = val;
  return true;
}
