/* strmap.c: open-addressing hash map. Invariant: len < cap/2 so probes end. */
#include "base/strmap.h"
#include <string.h>

unsigned long strmap_hash(const char *s) {
  unsigned long h = 1469598103934665603UL; /* FNV-1a */
  while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211UL;
  return h;
}

void strmap_init(strmap *m, arena *a) { memset(m, 0, sizeof *m), m->arena = a; }

static size_t slot(const char **keys, size_t cap, const char *key) {
  size_t i = strmap_hash(key) & (cap - 1);
  while (keys[i] && strcmp(keys[i], key) != 0) i = (i + 1) & (cap - 1);
  return i;
}

int strmap_get(const strmap *m, const char *key) {
  if (!m->cap) return -1;
  size_t i = slot(m->keys, m->cap, key);
  return m->keys[i] ? m->vals[i] : -1;
}

static bool grow(strmap *m) {
  size_t ncap = m->cap ? m->cap * 2 : 64;
  const char **keys = arena_alloc(m->arena, ncap * sizeof *keys);
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

bool strmap_put(strmap *m, const char *key, int val) {
  if ((m->len + 1) * 2 > m->cap && !grow(m)) return false;
  size_t i = slot(m->keys, m->cap, key);
  if (!m->keys[i]) m->keys[i] = key, m->len++;
  m->vals[i] = val;
  return true;
}
