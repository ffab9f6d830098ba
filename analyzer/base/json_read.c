/* json_read.c: recursive-descent JSON parser (RFC 8259) into an arena.
 * Invariant: r->pos never passes r->end; every error path sets r->err once. */
#include "base/json_read.h"
#include <stdio.h>
#include <string.h>

typedef struct reader {
  arena *a;
  const char *pos, *end, *start;
  char *err;
  size_t errlen;
  bool failed;
  int depth;
  const char *mark;     /* where() counted lines up to here (NULL: nowhere yet) */
  unsigned mark_line, mark_col;
} reader;

/* Line and column of p. Values are met in text order, so counting goes on
 * from the last position asked for: one pass over the text in all, not
 * one per value (a 600 KB compile database has 20,000 values). */
static void where(reader *r, const char *p, unsigned *line, unsigned *col) {
  if (!r->mark || p < r->mark) r->mark = r->start, r->mark_line = 1, r->mark_col = 1;
  unsigned l = r->mark_line, c = r->mark_col;
  for (const char *q = r->mark; q < p; q++) c = *q == '\n' ? (l++, 1) : c + 1;
  r->mark = p, r->mark_line = l, r->mark_col = c;
  *line = l, *col = c;
}

static jv *fail(reader *r, const char *msg) {
  if (r->failed) return NULL;
  unsigned line, col;
  where(r, r->pos, &line, &col);
  snprintf(r->err, r->errlen, "%u:%u: %s", line, col, msg);
  r->failed = true;
  return NULL;
}

static void skip_ws(reader *r) {
  while (r->pos < r->end && strchr(" \t\r\n", *r->pos)) r->pos++;
}

static bool literal(reader *r, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(r->end - r->pos) < n || memcmp(r->pos, word, n) != 0) return false;
  r->pos += n;
  return true;
}

static jv *new_value(reader *r, jv_kind kind) {
  jv *v = arena_alloc(r->a, sizeof *v);
  if (!v) return fail(r, "out of memory");
  v->kind = kind;
  where(r, r->pos, &v->line, &v->col);
  return v;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Appends the UTF-8 encoding of cp; surrogate pairs are passed through as
 * two 3-byte sequences, which is enough for file names and flags. */
static char *put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) *o++ = (char)cp;
  else if (cp < 0x800) *o++ = (char)(0xC0 | cp >> 6), *o++ = (char)(0x80 | (cp & 0x3F));
  else {
    *o++ = (char)(0xE0 | cp >> 12);
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  }
  return o;
}

static const char *read_escape(reader *r, char **out) {
  char c = *r->pos++;
  const char *simple = "\"\\/bfnrt", *means = "\"\\/\b\f\n\r\t";
  const char *k = strchr(simple, c);
  if (c && k) return *(*out)++ = means[k - simple], NULL;
  if (c != 'u' || r->end - r->pos < 4) return "invalid escape in string";
  unsigned cp = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(*r->pos++);
    if (h < 0) return "invalid \\u escape in string";
    cp = cp * 16 + (unsigned)h;
  }
  *out = put_utf8(*out, cp);
  return NULL;
}

static const char *read_string(reader *r) {
  const char *open = r->pos++;
  const char *q = r->pos;
  while (q < r->end && *q != '"') q += (*q == '\\' && q + 1 < r->end) ? 2 : 1;
  if (q >= r->end) return r->pos = open, fail(r, "unterminated string"), NULL;
  char *buf = arena_alloc(r->a, (size_t)(q - r->pos) + 1), *o = buf;
  if (!buf) return fail(r, "out of memory"), NULL;
  while (r->pos < q) {
    if ((unsigned char)*r->pos < 0x20) return fail(r, "control character in string"), NULL;
    if (*r->pos != '\\') { *o++ = *r->pos++; continue; }
    const char *backslash = r->pos++;
    const char *msg = read_escape(r, &o);
    if (msg) return r->pos = backslash, fail(r, msg), NULL;
  }
  *o = 0;
  r->pos = q + 1;
  return buf;
}

static jv *parse_value(reader *r);

static jv *parse_container(reader *r, bool object) {
  jv *v = new_value(r, object ? JV_OBJ : JV_ARR);
  if (!v) return NULL;
  if (++r->depth > 64) return fail(r, "nesting too deep");
  VEC(jv *) items = {0};
  VEC(const char *) keys = {0};
  char close = object ? '}' : ']';
  r->pos++;
  skip_ws(r);
  if (r->pos < r->end && *r->pos == close) goto done;
  for (;;) {
    skip_ws(r);
    if (object) {
      if (r->pos >= r->end || *r->pos != '"') return fail(r, "expected a string key");
      const char *key = read_string(r);
      skip_ws(r);
      if (!key) return NULL;
      if (r->pos >= r->end || *r->pos != ':') return fail(r, "expected ':' after key");
      r->pos++;
      if (!VEC_PUSH(r->a, &keys, key)) return fail(r, "out of memory");
    }
    jv *item = parse_value(r);
    if (!item) return NULL;
    if (!VEC_PUSH(r->a, &items, item)) return fail(r, "out of memory");
    skip_ws(r);
    if (r->pos < r->end && *r->pos == ',') { r->pos++; continue; }
    if (r->pos < r->end && *r->pos == close) break;
    return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
done:
  r->pos++;
  r->depth--;
  v->items = items.items, v->keys = keys.items, v->n = items.len;
  return v;
}

static jv *parse_number(reader *r) {
  jv *v = new_value(r, JV_NUM);
  const char *s = r->pos;
  while (r->pos < r->end && strchr("+-0123456789.eE", *r->pos)) r->pos++;
  if (!v || r->pos == s) return fail(r, "expected a value");
  v->str = arena_strndup(r->a, s, (size_t)(r->pos - s));
  return v;
}

static jv *parse_value(reader *r) {
  skip_ws(r);
  if (r->pos >= r->end) return fail(r, "unexpected end of file");
  char c = *r->pos;
  if (c == '{' || c == '[') return parse_container(r, c == '{');
  if (c == '"') {
    jv *v = new_value(r, JV_STR);
    if (v && !(v->str = read_string(r))) return NULL;
    return v;
  }
  jv *v = new_value(r, JV_NULL);
  if (!v) return NULL;
  if (literal(r, "null")) return v;
  if (literal(r, "true")) return v->kind = JV_BOOL, v->b = true, v;
  if (literal(r, "false")) return v->kind = JV_BOOL, v;
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(r);
  return fail(r, "expected a value");
}

jv *json_parse(arena *a, const char *text, size_t len, char *err, size_t errlen) {
  reader r = {.a = a, .pos = text, .end = text + len, .start = text, .err = err, .errlen = errlen};
  jv *v = parse_value(&r);
  skip_ws(&r);
  if (v && r.pos != r.end) return fail(&r, "trailing characters after the document");
  return v;
}

const jv *json_get(const jv *obj, const char *key) {
  if (!obj || obj->kind != JV_OBJ) return NULL;
  for (size_t i = 0; i < obj->n; i++)
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  return NULL;
}
