/* cache_hash_test.c: the fact cache's content hash is MurmurHash3 x64_128
 * (the reference implementation's published value), the same however the
 * bytes are fed, and tells a one-bit edit apart; the varint encoding reads
 * back what it wrote and refuses to read past the end. */
#include "cache/cache_buf.h"
#include "cache/cache_hash.h"
#include "tap.h"
#include <string.h>

static const char fox[] = "The quick brown fox jumps over the lazy dog";

static void known_values(void) {
  char hex[33];
  cache_digest_hex(cache_hash(fox, strlen(fox)), hex);
  ok(strcmp(hex, "6c1b07bc7bbc4be347939ac4a93c437a") == 0, "MurmurHash3_x64_128 of the fox, seed 0: %s", hex);
  cache_digest empty = cache_hash("", 0);
  ok(empty.lo == 0 && empty.hi == 0, "the empty string hashes to 0 with seed 0");
}

static void incremental(void) {
  size_t n = strlen(fox);
  cache_digest whole = cache_hash(fox, n);
  int same = 0;
  for (size_t a = 0; a <= n; a++)
    for (size_t b = a; b <= n; b++) {
      cache_hasher h;
      cache_hash_init(&h, 0);
      cache_hash_add(&h, fox, a), cache_hash_add(&h, fox + a, b - a), cache_hash_add(&h, fox + b, n - b);
      same += cache_digest_eq(cache_hash_end(&h), whole);
    }
  is_int(same, (long long)((n + 1) * (n + 2) / 2), "every split into three adds gives the one-shot digest");
}

static void one_bit(void) {
  char copy[sizeof fox];
  cache_digest whole = cache_hash(fox, strlen(fox));
  int differ = 0, tried = 0;
  for (size_t i = 0; i < strlen(fox); i++)
    for (int bit = 0; bit < 8; bit++, tried++) {
      memcpy(copy, fox, sizeof fox);
      copy[i] ^= (char)(1 << bit);
      differ += !cache_digest_eq(cache_hash(copy, strlen(fox)), whole);
    }
  is_int(differ, tried, "every one-bit edit changes the digest");
  cache_hasher a, b;
  cache_hash_init(&a, 0), cache_hash_init(&b, 0);
  cache_hash_str(&a, "ab"), cache_hash_str(&a, "c");
  cache_hash_str(&b, "a"), cache_hash_str(&b, "bc");
  ok(!cache_digest_eq(cache_hash_end(&a), cache_hash_end(&b)), "strings are delimited: (ab, c) != (a, bc)");
}

static void varints(void) {
  static const uint64_t u[] = {0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, UINT64_MAX};
  static const int64_t s[] = {0, -1, 1, -64, 64, INT64_MIN, INT64_MAX};
  wbuf w = {0};
  for (size_t i = 0; i < sizeof u / sizeof *u; i++) wbuf_u(&w, u[i]);
  for (size_t i = 0; i < sizeof s / sizeof *s; i++) wbuf_i(&w, s[i]);
  cache_digest d = cache_hash(fox, 5);
  wbuf_digest(&w, d);
  ok(!w.failed, "written");
  rbuf r = {.p = w.data, .end = w.data + w.len};
  int good = 0;
  for (size_t i = 0; i < sizeof u / sizeof *u; i++) good += rbuf_u(&r) == u[i];
  for (size_t i = 0; i < sizeof s / sizeof *s; i++) good += rbuf_i(&r) == s[i];
  good += cache_digest_eq(rbuf_digest(&r), d);
  is_int(good, (long long)(sizeof u / sizeof *u + sizeof s / sizeof *s + 1), "every value reads back");
  ok(!r.bad && r.p == r.end, "and nothing is left");
  rbuf_u(&r);
  ok(r.bad, "a read past the end fails");
  rbuf t = {.p = w.data, .end = w.data + 1 + 1 + 1 + 1}; /* 0, 1, 127, then half of 128 */
  rbuf_u(&t), rbuf_u(&t), rbuf_u(&t), rbuf_u(&t);
  ok(t.bad, "a varint cut in the middle fails");
  rbuf m = {.p = w.data + 3, .end = w.data + w.len}; /* 128 */
  ok(rbuf_max(&m, 127) == 0 && m.bad, "a number above its bound fails");
  wbuf_free(&w);
}

int main(void) {
  known_values();
  incremental();
  one_bit();
  varints();
  return tap_done();
}
