/* cache_buf.h: the byte-level encoding of cache files. Unsigned numbers are
 * LEB128 varints, signed ones zigzag varints, digests 16 little-endian
 * bytes, byte strings a varint length then the bytes. The writer grows a
 * heap buffer (sticky failure: check `failed` once at the end); the reader
 * never reads past its end (sticky `bad`: every later read returns 0). */
#ifndef CA_CACHE_BUF_H
#define CA_CACHE_BUF_H
#include "cache/cache_hash.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wbuf { unsigned char *data; size_t len, cap; bool failed; } wbuf;

void wbuf_bytes(wbuf *w, const void *p, size_t n);
void wbuf_u(wbuf *w, uint64_t v);
void wbuf_i(wbuf *w, int64_t v);
void wbuf_digest(wbuf *w, cache_digest d);
void wbuf_free(wbuf *w);

typedef struct rbuf { const unsigned char *p, *end; bool bad; } rbuf;

const unsigned char *rbuf_bytes(rbuf *r, size_t n); /* NULL (and bad) if fewer are left */
uint64_t rbuf_u(rbuf *r);
int64_t rbuf_i(rbuf *r);
/* An unsigned number that must be at most max (a count, an index). */
uint64_t rbuf_max(rbuf *r, uint64_t max);
cache_digest rbuf_digest(rbuf *r);
#endif
