/* json_write.c: JSON string escaping (RFC 8259): quote, backslash and
 * control characters are escaped; other bytes pass through as UTF-8. */
#include "json_write.h"

void json_str(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    default:
      if (*p < 0x20) fprintf(out, "\\u%04x", *p);
      else putc(*p, out);
    }
  }
  putc('"', out);
}
