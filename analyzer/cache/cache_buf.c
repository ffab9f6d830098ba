/* cache_buf.c: varints and bounded reads for cache files (cache_buf.h). */
#include "cache/cache_buf.h"
#include "base/alloc.h"
#include <string.h>

static bool reserve(wbuf *w, size_t n) {
  if (w->failed) return false;
  if (w->cap - w->len >= n) return true;
  size_t cap = w->cap ? w->cap : 4096;
  while (cap - w->len < n) {
    if (cap > SIZE_MAX / 2) return w->failed = true, false;
    cap *= 2;
  }
  unsigned char *d = ca_xrealloc(w->data, cap);
  if (!d) return w->failed = true, false;
  w->data = d, w->cap = cap;
  return true;
}

void wbuf_bytes(wbuf *w, const void *p, size_t n) {
  if (n && reserve(w, n)) memcpy(w->data + w->len, p, n), w->len += n;
}

void wbuf_u(wbuf *w, uint64_t v) {
  if (!reserve(w, 10)) return;
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    w->data[w->len++] = (unsigned char)(b | (v ? 0x80 : 0));
  } while (v);
}

void wbuf_i(wbuf *w, int64_t v) { wbuf_u(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63)); }

void wbuf_digest(wbuf *w, cache_digest d) {
  unsigned char b[16];
  for (int i = 0; i < 16; i++) b[i] = (unsigned char)((i < 8 ? d.lo : d.hi) >> (8 * (i % 8)));
  wbuf_bytes(w, b, sizeof b);
}

void wbuf_free(wbuf *w) {
  ca_xfree(w->data);
  *w = (wbuf){0};
}

const unsigned char *rbuf_bytes(rbuf *r, size_t n) {
  if (r->bad || (size_t)(r->end - r->p) < n) return r->bad = true, NULL;
  const unsigned char *p = r->p;
  r->p += n;
  return p;
}

uint64_t rbuf_u(rbuf *r) {
  uint64_t v = 0;
  for (int shift = 0; !r->bad && shift < 64; shift += 7) {
    if (r->p == r->end) break;
    unsigned char b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  r->bad = true;
  return 0;
}

int64_t rbuf_i(rbuf *r) {
  uint64_t u = rbuf_u(r);
  return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

uint64_t rbuf_max(rbuf *r, uint64_t max) {
  uint64_t v = rbuf_u(r);
  if (v > max) r->bad = true, v = 0;
  return r->bad ? 0 : v;
}

cache_digest rbuf_digest(rbuf *r) {
  const unsigned char *b = rbuf_bytes(r, 16);
  cache_digest d = {0, 0};
  for (int i = 15; b && i >= 0; i--) *(i < 8 ? &d.lo : &d.hi) = (*(i < 8 ? &d.lo : &d.hi) << 8) | b[i];
  return d;
}
