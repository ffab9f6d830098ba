/* cache_hash.c: MurmurHash3 x64_128 over a stream. Blocks of 16 bytes are
 * mixed as they fill; the tail and the total length are folded in at the
 * end, as in the reference implementation, so cache_hash() of a buffer equals
 * the reference MurmurHash3_x64_128 of it. Little-endian loads on every host. */
#include "cache/cache_hash.h"
#include <string.h>

static const uint64_t C1 = 0x87c37b91114253d5ULL, C2 = 0x4cf5ad432745937fULL;

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t fmix(uint64_t k) {
  k ^= k >> 33, k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33, k *= 0xc4ceb9fe1a85ec53ULL;
  return k ^ (k >> 33);
}

static uint64_t load64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static void block(cache_hasher *h, const unsigned char *p) {
  uint64_t k1 = load64(p), k2 = load64(p + 8);
  k1 *= C1, k1 = rotl(k1, 31), k1 *= C2, h->h1 ^= k1;
  h->h1 = rotl(h->h1, 27), h->h1 += h->h2, h->h1 = h->h1 * 5 + 0x52dce729;
  k2 *= C2, k2 = rotl(k2, 33), k2 *= C1, h->h2 ^= k2;
  h->h2 = rotl(h->h2, 31), h->h2 += h->h1, h->h2 = h->h2 * 5 + 0x38495ab5;
}

void cache_hash_init(cache_hasher *h, uint64_t seed) {
  memset(h, 0, sizeof *h);
  h->h1 = h->h2 = seed;
}

void cache_hash_add(cache_hasher *h, const void *data, size_t len) {
  const unsigned char *p = data;
  h->total += len;
  if (h->ntail) {
    size_t take = 16 - h->ntail < len ? 16 - h->ntail : len;
    memcpy(h->tail + h->ntail, p, take);
    h->ntail += take, p += take, len -= take;
    if (h->ntail < 16) return;
    block(h, h->tail);
    h->ntail = 0;
  }
  for (; len >= 16; p += 16, len -= 16) block(h, p);
  memcpy(h->tail, p, len);
  h->ntail = len;
}

void cache_hash_str(cache_hasher *h, const char *s) {
  if (!s) {
    cache_hash_add(h, "\xff\xfe", 2); /* no C string holds 0xff 0xfe then ends */
    return;
  }
  cache_hash_add(h, s, strlen(s) + 1);
}

cache_digest cache_hash_end(const cache_hasher *hs) {
  uint64_t h1 = hs->h1, h2 = hs->h2, k1 = 0, k2 = 0;
  const unsigned char *t = hs->tail;
  for (size_t i = hs->ntail; i > 8; i--) k2 = (k2 << 8) | t[i - 1];
  for (size_t i = hs->ntail < 8 ? hs->ntail : 8; i > 0; i--) k1 = (k1 << 8) | t[i - 1];
  if (hs->ntail > 8) k2 *= C2, k2 = rotl(k2, 33), k2 *= C1, h2 ^= k2;
  if (hs->ntail) k1 *= C1, k1 = rotl(k1, 31), k1 *= C2, h1 ^= k1;
  h1 ^= (uint64_t)hs->total, h2 ^= (uint64_t)hs->total;
  h1 += h2, h2 += h1;
  h1 = fmix(h1), h2 = fmix(h2);
  h1 += h2, h2 += h1;
  return (cache_digest){h1, h2};
}

cache_digest cache_hash(const void *data, size_t len) {
  cache_hasher h;
  cache_hash_init(&h, 0);
  cache_hash_add(&h, data, len);
  return cache_hash_end(&h);
}

bool cache_digest_eq(cache_digest a, cache_digest b) { return a.lo == b.lo && a.hi == b.hi; }

void cache_digest_hex(cache_digest d, char out[33]) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    uint64_t w = i < 8 ? d.lo : d.hi;
    unsigned byte = (unsigned)(w >> (8 * (i % 8))) & 0xff;
    out[2 * i] = hex[byte >> 4], out[2 * i + 1] = hex[byte & 15];
  }
  out[32] = 0;
}
