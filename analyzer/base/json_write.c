/* json_write.c: JSON string escaping (RFC 8259): quote, backslash and
 * control characters are escaped; other bytes pass through as UTF-8, in
 * runs written at once (a putc per byte showed in profiles of big reports). */
#include "base/json_write.h"
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
