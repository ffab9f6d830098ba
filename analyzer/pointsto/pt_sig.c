/* pt_sig.c: function type spellings -> parameter shapes (see pt_sig.h).
 * Works on clang's canonical spellings: "RET (P1, P2, ...)" with no names. */
#include "pointsto/pt_sig.h"
#include <string.h>

/* Stores c at *out unless out is NULL (the sizing pass); returns 1. */
static size_t put(char *out, char c) {
  if (out) *out = c;
  return 1;
}

/* The token of one parameter, written to out unless it is NULL; returns its
 * length. A letter, or for a pointer to a named struct or union
 * "p{struct name}", so that calls through a `struct a *` parameter do not
 * reach functions taking a `struct b *` (incompatible function types:
 * undefined behaviour in C). void *, char *, function and other pointers
 * stay "p" and fit any pointer. */
static size_t param_token(const char *p, size_t n, char *out) {
  while (n && (*p == ' ')) p++, n--;
  while (n && p[n - 1] == ' ') n--;
  if (memchr(p, '(', n) || memchr(p, '[', n)) return put(out, 'p');
  const char *star = memchr(p, '*', n);
  if (star) {
    size_t pointee = (size_t)(star - p);
    while (pointee && p[pointee - 1] == ' ') pointee--;
    if (strncmp(p, "const ", 6) == 0) p += 6, pointee -= pointee >= 6 ? 6 : pointee;
    bool named = (pointee > 7 && strncmp(p, "struct ", 7) == 0) || (pointee > 6 && strncmp(p, "union ", 6) == 0);
    if (named && memchr(star + 1, '*', n - pointee - 1) == NULL) {
      if (out) out[0] = 'p', out[1] = '{', memcpy(out + 2, p, pointee), out[pointee + 2] = '}';
      return pointee + 3;
    }
    return put(out, 'p');
  }
  char letter = 'i';
  if ((n >= 6 && strncmp(p, "struct", 6) == 0) || (n >= 5 && strncmp(p, "union", 5) == 0)) letter = 'r';
  for (size_t i = 0; letter == 'i' && i + 5 <= n; i++)
    if (strncmp(p + i, "float", 5) == 0 || strncmp(p + i, "double", 6) == 0) letter = 'f';
  return put(out, letter);
}

/* The length of type without the attributes clang spells after a
 * function type ("void (int) __attribute__((noreturn))"): they are not
 * part of the parameter list. */
static size_t without_attributes(const char *type, size_t n) {
  static const char attr[] = " __attribute__((";
  for (;;) {
    const char *at = NULL;
    for (const char *p = strstr(type, attr); p && (size_t)(p - type) < n; p = strstr(p + 1, attr)) at = p;
    if (!at) return n;
    int depth = 0;
    size_t i = (size_t)(at - type) + sizeof attr - 3, end = 0; /* at the first '(' */
    for (; i < n; i++) {
      if (type[i] == '(') depth++;
      else if (type[i] == ')' && --depth == 0) { end = i + 1; break; }
    }
    if (end != n) return n; /* something follows it: not a trailing attribute */
    n = (size_t)(at - type);
  }
}

/* The parameter list: the last top-level "(...)" ending the spelling. */
static const char *param_list(const char *type, size_t *len) {
  size_t n = without_attributes(type, strlen(type));
  if (n < 2 || type[n - 1] != ')') return NULL;
  int depth = 0;
  for (size_t i = n; i-- > 0;) {
    if (type[i] == ')') depth++;
    else if (type[i] == '(' && --depth == 0) {
      if (memchr(type, '(', i)) return NULL; /* a function returning a function pointer */
      *len = n - i - 2;
      return type + i + 1;
    }
  }
  return NULL;
}

/* The shape of a prototype's parameter list, written to out unless it is
 * NULL (then only measured); returns its length. */
static size_t list_shape(const char *list, size_t len, bool variadic, char *out) {
  size_t n = 0, start = 0;
  int depth = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && (list[i] == '(' || list[i] == '[')) depth++;
    else if (i < len && (list[i] == ')' || list[i] == ']')) depth--;
    else if (i == len || (list[i] == ',' && depth == 0)) {
      const char *p = list + start;
      size_t plen = i - start;
      while (plen && *p == ' ') p++, plen--;
      if (plen == 3 && strncmp(p, "...", 3) == 0) variadic = true;
      else n += param_token(p, plen, out ? out + n : NULL);
      start = i + 1;
    }
  }
  if (variadic) n += put(out ? out + n : NULL, '.');
  return n;
}

const char *pt_sig_shape(arena *a, const char *type, bool variadic) {
  size_t len;
  const char *list = type ? param_list(type, &len) : NULL;
  if (!list) return "?";
  if (len == 0) return variadic ? "." : "*";   /* "int ()": no prototype */
  if (len == 4 && strncmp(list, "void", 4) == 0) return variadic ? "." : "";
  size_t n = list_shape(list, len, variadic, NULL);
  char *shape = arena_alloc(a, n + 1);   /* zeroed: terminated */
  if (shape) list_shape(list, len, variadic, shape);
  return shape;
}
/* The next parameter token of a shape: its letter and, for "p{...}", the
 * struct name inside the braces. Advances *s past it. */
static char next_token(const char **s, const char **name, size_t *len) {
  char c = **s;
  (*s)++;
  *name = NULL, *len = 0;
  if (c == 'p' && **s == '{') {
    const char *close = strchr(*s, '}');
    if (close) *name = *s + 1, *len = (size_t)(close - *s - 1), *s = close + 1;
  }
  return c;
}

static bool token_fits(char c, const char *cn, size_t cl, char f, const char *fn, size_t fl) {
  if (c != f) return false;
  return !cn || !fn || (cl == fl && strncmp(cn, fn, cl) == 0);
}

bool pt_sig_fits(const char *call, const char *fn) {
  if (!call || !fn || strchr(call, '?') || strchr(fn, '?') || (call[0] == '*' && !call[1]) ||
      (fn[0] == '*' && !fn[1]))
    return true;
  for (;;) {
    bool call_end = !*call || (*call == '.' && !call[1]);
    bool fn_end = !*fn || (*fn == '.' && !fn[1]);
    if (fn_end) return *fn == '.' || (call_end && *call != '.'); /* extra actuals go to the varargs */
    if (call_end) return false;
    const char *cn, *fnm;
    size_t cl, fl;
    char c = next_token(&call, &cn, &cl), f = next_token(&fn, &fnm, &fl);
    if (!token_fits(c, cn, cl, f, fnm, fl)) return false;
  }
}
