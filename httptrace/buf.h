/* buf.h: a bounded text builder for the sinks (caller's buffer, never grows).
 * Invariant: buf is always NUL-terminated within cap; len counts what the
 * output needs, so len >= cap means it was truncated (snprintf semantics). */
#ifndef HT_BUF_H
#define HT_BUF_H
#include <stddef.h>
#include <stdint.h>

typedef struct ht_buf {
  char *buf;
  size_t cap, len;
} ht_buf;

void buf_printf(ht_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quoted, escaped), or null for NULL. */
void buf_json_string(ht_buf *b, const char *s);
/* Appends a comma-separated list as a JSON array of strings. */
void buf_json_list(ht_buf *b, const char *csv);

#endif
