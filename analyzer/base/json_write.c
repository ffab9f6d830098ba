/* json_write.c: JSON string escaping (RFC 8259): quote, backslash and
 * control characters are escaped; other bytes pass through as UTF-8, in
 * runs written at once (a putc per byte showed in profiles of big reports).
 * Numbers: json_uint, and json_num4 and json_fixed for the many repeated
 * probabilities and heats of a hotspots report (printf's float formatting
 * was a third of its cost). */
#include "base/json_write.h"
#include <stdint.h>
#include <string.h>

void json_str(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t run = 0;
    while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\') run++;
    fwrite(p, 1, run, out);
    p += run;
    if (!*p) break;
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    default: fprintf(out, "\\u%04x", *p);
    }
    p++;
  }
  putc('"', out);
}

void json_uint(FILE *out, unsigned long long v) {
  char buf[24], *p = buf + sizeof buf;
  do *--p = (char)('0' + v % 10);
  while (v /= 10);
  fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
}

enum { NUM_SLOTS = 256 };
typedef struct num_slot {
  uint64_t bits;
  const char *fmt;
  unsigned char len; /* 0: empty */
  char text[31];
} num_slot;
static _Thread_local num_slot t_nums[NUM_SLOTS];

/* v as printf's fmt writes it, from the slot of v's bits when that holds
 * the same value and format. */
static void cached(FILE *out, double v, const char *fmt) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  num_slot *s = &t_nums[(bits ^ bits >> 29 ^ bits >> 47 ^ (uintptr_t)fmt) % NUM_SLOTS];
  if (!s->len || s->bits != bits || s->fmt != fmt) {
    int n = snprintf(s->text, sizeof s->text, fmt, v);
    s->bits = bits, s->fmt = fmt;
    s->len = (unsigned char)(n > 0 && n < (int)sizeof s->text ? n : 0);
    if (!s->len) {
      fprintf(out, fmt, v);
      return;
    }
  }
  fwrite(s->text, 1, s->len, out);
}

static const char FMT_G4[] = "%.4g", FMT_F2[] = "%.2f", FMT_F4[] = "%.4f";

void json_num4(FILE *out, double v) { cached(out, v, FMT_G4); }

void json_fixed(FILE *out, double v, int decimals) { cached(out, v, decimals == 4 ? FMT_F4 : FMT_F2); }
