/* pt_sig.c: function type spellings -> parameter shapes (see pt_sig.h).
 * Works on clang's canonical spellings: "RET (P1, P2, ...)" with no names. */
#include "pt_sig.h"
#include <string.h>

static char param_letter(const char *p, size_t n) {
  while (n && (*p == ' ')) p++, n--;
  while (n && p[n - 1] == ' ') n--;
  if (memchr(p, '*', n) || memchr(p, '[', n) || memchr(p, '(', n)) return 'p';
  if ((n >= 6 && strncmp(p, "struct", 6) == 0) || (n >= 5 && strncmp(p, "union", 5) == 0)) return 'r';
  for (size_t i = 0; i + 5 <= n; i++)
    if (strncmp(p + i, "float", 5) == 0 || strncmp(p + i, "double", 6) == 0) return 'f';
  return 'i';
}

/* The parameter list: the last top-level "(...)" ending the spelling. */
static const char *param_list(const char *type, size_t *len) {
  size_t n = strlen(type);
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

const char *pt_sig_shape(arena *a, const char *type, bool variadic) {
  size_t len;
  const char *list = type ? param_list(type, &len) : NULL;
  if (!list) return "?";
  if (len == 0) return variadic ? "." : "*";   /* "int ()": no prototype */
  if (len == 4 && strncmp(list, "void", 4) == 0) return variadic ? "." : "";
  char buf[256];
  size_t out = 0, start = 0;
  int depth = 0;
  for (size_t i = 0; i <= len && out + 2 < sizeof buf; i++) {
    if (i < len && (list[i] == '(' || list[i] == '[')) depth++;
    else if (i < len && (list[i] == ')' || list[i] == ']')) depth--;
    else if (i == len || (list[i] == ',' && depth == 0)) {
      const char *p = list + start;
      size_t n = i - start;
      while (n && *p == ' ') p++, n--;
      if (n == 3 && strncmp(p, "...", 3) == 0) variadic = true;
      else buf[out++] = param_letter(p, n);
      start = i + 1;
    }
  }
  if (variadic) buf[out++] = '.';
  buf[out] = 0;
  return arena_strdup(a, buf);
}

bool pt_sig_fits(const char *call, const char *fn) {
  if (!call || !fn || strchr(call, '?') || strchr(fn, '?') || strchr(call, '*') || strchr(fn, '*'))
    return true;
  size_t nc = strlen(call), nf = strlen(fn);
  bool cv = nc && call[nc - 1] == '.', fv = nf && fn[nf - 1] == '.';
  if (cv) nc--;
  if (fv) nf--;
  if (fv) return nc >= nf && strncmp(call, fn, nf) == 0;  /* extra actuals go to the varargs */
  return !cv && nc == nf && strncmp(call, fn, nf) == 0;
}
