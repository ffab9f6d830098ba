/* hout.c: escaping for the site. Nothing from a source file or a name
 * reaches a page but through h_text/h_str (HTML), j_str (data files) or
 * h_url (links), so a comment holding <script> is text, never markup. */
#include "html/html.h"
#include <errno.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/stat.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  if (s[0] < 0x80) return 1;
  size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
  if (!len || len > n || s[0] > 0xf4) return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xc0) != 0x80) return 0;
  if (len == 3 && s[0] == 0xe0 && s[1] < 0xa0) return 0;  /* overlong */
  if (len == 3 && s[0] == 0xed && s[1] >= 0xa0) return 0; /* surrogate */
  if (len == 4 && s[0] == 0xf0 && s[1] < 0x90) return 0;  /* overlong */
  if (len == 4 && s[0] == 0xf4 && s[1] >= 0x90) return 0; /* above U+10FFFF */
  return len;
}

static void bad_byte(FILE *o, unsigned char b) {
  fprintf(o, "<span class=\"bad\" title=\"byte 0x%02x\">\\x%02x</span>", b, b);
}

/* Bytes that pass through unchanged: printable ASCII but for & < > " ', tab, newline. */
static bool plain(unsigned char c) {
  return (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') ||
         c == '\t' || c == '\n';
}

size_t h_utoa(char *buf, unsigned long v) {
  char tmp[24];
  size_t n = 0;
  do tmp[n++] = (char)('0' + v % 10), v /= 10;
  while (v);
  for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  return n;
}

void h_attr_int(FILE *o, const char *prefix, int v) {
  char buf[24];
  size_t n = 0;
  if (v < 0) buf[n++] = '-';
  n += h_utoa(buf + n, v < 0 ? 0ul - (unsigned long)v : (unsigned long)v);
  buf[n++] = '"';
  fputs(prefix, o);
  fwrite(buf, 1, n, o);
}

void h_text(FILE *o, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t run = i;
    while (run < n && plain(u[run])) run++;
    if (run > i) { /* most source text: one write per run */
      fwrite(u + i, 1, run - i, o);
      i = run;
      continue;
    }
    unsigned char c = u[i];
    size_t len = utf8_len(u + i, n - i);
    if (!len || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      bad_byte(o, c), i++;
      continue;
    }
    switch (c) {
    case '&': fputs("&amp;", o); break;
    case '<': fputs("&lt;", o); break;
    case '>': fputs("&gt;", o); break;
    case '"': fputs("&quot;", o); break;
    case '\'': fputs("&#39;", o); break;
    default: fwrite(u + i, 1, len, o);
    }
    i += len;
  }
}

void h_str(FILE *o, const char *s) {
  if (s) h_text(o, s, strlen(s));
}

void j_str(FILE *o, const char *s) {
  const unsigned char *u = (const unsigned char *)(s ? s : "");
  size_t n = strlen((const char *)u);
  fputc('"', o);
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    size_t len = utf8_len(u + i, n - i);
    if (!len) fprintf(o, "\\\\x%02x", c), len = 1;
    else if (c == '"' || c == '\\') fprintf(o, "\\%c", c);
    else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) fprintf(o, "\\u%04x", c);
    else if (len == 3 && c == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
      fprintf(o, "\\u%04x", u[i + 2] == 0xa8 ? 0x2028 : 0x2029);
    else fwrite(u + i, 1, len, o);
    i += len;
  }
  fputc('"', o);
}

void h_url(FILE *o, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *u = (const unsigned char *)path; *u; u++) {
    unsigned char c = *u;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '_' || c == '~' || c == '/' || c == '-')
      fputc(c, o);
    else fputc('%', o), fputc(hex[c >> 4], o), fputc(hex[c & 15], o);
  }
}

const char *site_page(arena *a, const char *relpath, const char *ext) {
  if (relpath[0] == '/') return arena_printf(a, "src/_abs%s%s", relpath, ext);
  return arena_printf(a, "src/%s%s", relpath, ext);
}

void h_up(FILE *o, const char *from) {
  for (const char *c = from; *c; c++)
    if (*c == '/') fputs("../", o);
}

/* mkdir -p for the folders of DIR/path (path relative, '/'-separated). */
static bool make_parents(site *s, const char *full) {
  char buf[4096];
  size_t n = strlen(full);
  if (n >= sizeof buf) return errno = ENAMETOOLONG, false;
  memcpy(buf, full, n + 1);
  for (size_t i = strlen(s->dir) + 1; i < n; i++) {
    if (buf[i] != '/') continue;
    buf[i] = 0;
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return false;
    buf[i] = '/';
  }
  return true;
}

FILE *site_open(site *s, const char *path) {
  const char *full = arena_printf(s->a, "%s/%s", s->dir, path);
  FILE *f = full && make_parents(s, full) ? fopen(full, "wb") : NULL;
  if (!f) {
    snprintf(s->err, s->errlen, "%s: %s", full ? full : path, strerror(errno));
    return NULL;
  }
  setvbuf(f, NULL, _IOFBF, 1 << 16);
  /* One thread writes each file: skip stdio's per-call lock (a page is
   * millions of small fputs/fwrite calls). */
  __fsetlocking(f, FSETLOCKING_BYCALLER);
  return f;
}

bool site_close(site *s, FILE *f, const char *path) {
  bool ok = !ferror(f);
  if (fclose(f) != 0) ok = false;
  if (!ok) snprintf(s->err, s->errlen, "%s/%s: cannot write", s->dir, path);
  return ok;
}

char *url_path(arena *a, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *out = arena_alloc(a, 3 * n + 1), *w = out;
  if (!out) return NULL;
  for (const unsigned char *u = (const unsigned char *)path; *u; u++) {
    unsigned char c = *u;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '_' || c == '~' || c == '/' || c == '-')
      *w++ = (char)c;
    else *w++ = '%', *w++ = hex[c >> 4], *w++ = hex[c & 15];
  }
  *w = 0;
  return out;
}

char *site_href(arena *a, const char *from, const char *to, unsigned line) {
  size_t up = 0;
  for (const char *c = from; *c; c++) up += *c == '/';
  char *rel = arena_alloc(a, 3 * up + 1);
  if (!rel) return NULL;
  for (size_t i = 0; i < up; i++) memcpy(rel + 3 * i, "../", 3);
  const char *url = url_path(a, to);
  if (!url) return NULL;
  if (!line) return arena_printf(a, "%s%s", rel, url);
  if (strcmp(from, to) == 0) return arena_printf(a, "#L%u", line);
  return arena_printf(a, "%s%s#L%u", rel, url, line);
}
