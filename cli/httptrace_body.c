/* httptrace_body.c: the request body from -d/--data, --data-binary and
 * --data-raw, the way curl builds it: "@FILE" (or "@-" for stdin) reads a
 * file, which -d strips of carriage returns and newlines and --data-binary
 * keeps as is; --data-raw takes "@" literally; several parts are joined with
 * '&'.
 * Invariant: runs once, after parsing; the body is one buffer (at most
 * MAX_BODY bytes) shared read-only by every handle until cli_free_body. */
#include "httptrace_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_BODY = 256 << 20 };

typedef struct body_buf {
  char *data;
  size_t len, cap;
} body_buf;

static int grow(body_buf *b, size_t more) {
  if (more > MAX_BODY - b->len) return -1;
  if (b->len + more <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return -1;
  b->data = p;
  b->cap = cap;
  return 0;
}

static int append(body_buf *b, const char *s, size_t n) {
  if (grow(b, n) != 0) return -1;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  return 0;
}

/* Appends a file's contents; -d drops '\r' and '\n' as curl does. */
static int append_file(body_buf *b, FILE *f, int strip) {
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (grow(b, n) != 0) return -1;
    for (size_t i = 0; i < n; i++)
      if (!strip || (chunk[i] != '\r' && chunk[i] != '\n')) b->data[b->len++] = chunk[i];
  }
  return ferror(f) ? -1 : 0;
}

static int add_part(body_buf *b, const ht_data_arg *arg) {
  if (arg->mode == HT_DATA_RAW || arg->text[0] != '@') return append(b, arg->text, strlen(arg->text));
  const char *path = arg->text + 1;
  int is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) return -1;
  int rc = append_file(b, f, arg->mode == HT_DATA_ASCII);
  if (!is_stdin) fclose(f);
  return rc;
}

int cli_build_body(ht_options *o) {
  body_buf b = {0};
  for (int i = 0; i < o->ndata; i++) {
    errno = 0;
    if ((i > 0 && append(&b, "&", 1) != 0) || add_part(&b, &o->data[i]) != 0) {
      const char *why = errno ? strerror(errno) : "larger than 256 MiB, or out of memory";
      fprintf(stderr, "httptrace: %s %s: cannot read: %s\n", o->data[i].opt, o->data[i].text, why);
      free(b.data);
      return 1;
    }
  }
  if (o->ndata && append(&b, "", 1) != 0) { /* a NUL after the body: harmless, and a C string */
    fputs("httptrace: out of memory\n", stderr);
    free(b.data);
    return 1;
  }
  o->body = b.data;
  o->body_len = b.len ? b.len - 1 : 0;
  return 0;
}

void cli_free_body(ht_options *o) {
  free(o->body);
  o->body = NULL;
}
