/* buf.c: bounded formatting and JSON string escaping for the sinks.
 * Invariant: see buf.h; nothing here allocates. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void buf_printf(ht_buf *b, const char *fmt, ...) {
  va_list ap;
  size_t room = b->len < b->cap ? b->cap - b->len : 0;
  va_start(ap, fmt);
  int n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
  va_end(ap);
  if (n > 0) b->len += (size_t)n;
}

static void put_char(ht_buf *b, char c) {
  if (b->len + 1 < b->cap) {
    b->buf[b->len] = c;
    b->buf[b->len + 1] = '\0';
  }
  b->len++;
}

static void put_escaped(ht_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      put_char(b, '\\');
      put_char(b, (char)c);
    } else if (c < 0x20) {
      buf_printf(b, "\\u%04x", c);
    } else {
      put_char(b, (char)c);
    }
  }
}

void buf_json_string(ht_buf *b, const char *s) {
  if (!s) {
    buf_printf(b, "null");
    return;
  }
  put_char(b, '"');
  put_escaped(b, s, strlen(s));
  put_char(b, '"');
}

void buf_json_list(ht_buf *b, const char *csv) {
  put_char(b, '[');
  for (const char *p = csv; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    if (p != csv) put_char(b, ',');
    put_char(b, '"');
    put_escaped(b, p, n);
    put_char(b, '"');
    p = comma ? comma + 1 : p + n;
  }
  put_char(b, ']');
}
