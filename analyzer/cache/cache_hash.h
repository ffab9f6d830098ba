/* cache_hash.h: 128-bit content hashes for the fact cache (MurmurHash3
 * x64_128, public domain, Austin Appleby). Not cryptographic: it tells an
 * edited file or a damaged cache file from the one recorded, and names cache
 * entries; nobody is assumed to forge collisions against their own cache.
 * The digest of a byte string is the same on every run and machine. */
#ifndef CA_CACHE_HASH_H
#define CA_CACHE_HASH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cache_digest { uint64_t lo, hi; } cache_digest;

/* Incremental hashing: the digest of the concatenation of every add, the
 * same however the bytes are split into adds. */
typedef struct cache_hasher {
  uint64_t h1, h2;
  unsigned char tail[16];
  size_t ntail, total;
} cache_hasher;

void cache_hash_init(cache_hasher *h, uint64_t seed);
void cache_hash_add(cache_hasher *h, const void *data, size_t len);
/* Adds a NUL-terminated string and its terminator, so ("ab","c") and
 * ("a","bc") differ. NULL adds one distinct marker byte pair. */
void cache_hash_str(cache_hasher *h, const char *s);
cache_digest cache_hash_end(const cache_hasher *h);
cache_digest cache_hash(const void *data, size_t len);
bool cache_digest_eq(cache_digest a, cache_digest b);
/* 32 lowercase hex digits and a NUL into out[33]. */
void cache_digest_hex(cache_digest d, char out[33]);
#endif
