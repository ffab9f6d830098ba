/* xref_lex.c: a file's text cut into C tokens for the pages (see xref.h).
 *
 * The pages only need each token's extent and class (keyword, identifier,
 * literal, comment, preprocessor word, punctuation); libclang's tokenizer
 * gave the same at the price of a source location per token, which for a
 * 250,000-line file was a tenth of the whole run. Lexing here is one pass
 * over the bytes. Bytes above 0x7f are identifier characters (clang takes
 * UTF-8 names) and '@' or '`' one-byte punctuation; nothing is dropped, and
 * the page marks bytes that are not UTF-8 (hout.c). Identifiers
 * in a #define's replacement list (not its parameters) are flagged: they
 * name macros only by spelling, and clang/xref_extract.c ties them by name. */
#include "html/xref.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* C17 and GNU keywords as clang knows them in C. */
static const char *const keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool", "_Complex", "_Float16", "_Generic",
    "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "__FUNCTION__",
    "__PRETTY_FUNCTION__", "__alignof", "__alignof__", "__asm", "__asm__", "__attribute",
    "__attribute__", "__auto_type", "__builtin_offsetof", "__builtin_va_arg", "__complex",
    "__complex__", "__const", "__const__", "__extension__", "__func__", "__imag", "__imag__",
    "__inline", "__inline__", "__int128", "__label__", "__real", "__real__", "__restrict",
    "__restrict__", "__signed", "__signed__", "__thread", "__typeof", "__typeof__",
    "__volatile", "__volatile__", "asm", "auto", "break", "case", "char", "const", "continue",
    "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
    "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static",
    "struct", "switch", "typedef", "typeof", "union", "unsigned", "void", "volatile", "while"};
enum { NKEYWORDS = sizeof keywords / sizeof *keywords };

typedef struct word { const char *s; size_t n; } word;

/* Keywords by a hash of their length and bytes, built once: bisecting the
 * list for each of a file's identifiers was most of the lexer's time. */
enum { KW_SLOTS = 512 };
static unsigned char kw_slot[KW_SLOTS]; /* index into keywords + 1, or 0 */
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static unsigned kw_hash(const char *s, size_t n) {
  unsigned h = (unsigned)n * 2654435761u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h ^ (h >> 15);
}

static void kw_build(void) {
  for (size_t k = 0; k < NKEYWORDS; k++) {
    unsigned i = kw_hash(keywords[k], strlen(keywords[k])) & (KW_SLOTS - 1);
    while (kw_slot[i]) i = (i + 1) & (KW_SLOTS - 1);
    kw_slot[i] = (unsigned char)(k + 1);
  }
}

static bool is_keyword(const char *s, size_t n) {
  if (n < 2 || n > 19 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
  pthread_once(&kw_once, kw_build);
  for (unsigned i = kw_hash(s, n) & (KW_SLOTS - 1); kw_slot[i]; i = (i + 1) & (KW_SLOTS - 1)) {
    const char *kw = keywords[kw_slot[i] - 1];
    if (strncmp(kw, s, n) == 0 && kw[n] == 0) return true;
  }
  return false;
}

static bool ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
static bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
static bool digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Where the directive state machine is on the current line. */
enum { D_NONE, D_NAME, D_DEFINE, D_MACRO, D_PARAMS, D_BODY, D_OTHER };

typedef struct lexer {
  const char *t;
  size_t n, i;
  bool bol;              /* no token yet on this logical line */
  int dir;               /* D_*: where in a directive */
  size_t macro_end;      /* end of the #define's name (params start right there) */
  word params[64];       /* the function-like macro's parameters */
  size_t nparams;
} lexer;

/* A backslash-newline at i (either line ending): its length, else 0. */
static size_t splice(const lexer *lx, size_t i) {
  if (i >= lx->n || lx->t[i] != '\\') return 0;
  if (i + 1 < lx->n && lx->t[i + 1] == '\n') return 2;
  if (i + 2 < lx->n && lx->t[i + 1] == '\r' && lx->t[i + 2] == '\n') return 3;
  return 0;
}

/* Skips white space and line continuations; ends the line state at a newline. */
static void skip_space(lexer *lx) {
  while (lx->i < lx->n) {
    char c = lx->t[lx->i];
    size_t sp = splice(lx, lx->i);
    if (sp) lx->i += sp;
    else if (c == '\n') lx->i++, lx->bol = true, lx->dir = D_NONE;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') lx->i++;
    else break;
  }
}

static size_t block_comment(const lexer *lx, size_t i) {
  for (i += 2; i < lx->n;) {
    const char *star = memchr(lx->t + i, '*', lx->n - i);
    if (!star) break;
    i = (size_t)(star - lx->t) + 1;
    if (i < lx->n && lx->t[i] == '/') return i + 1;
  }
  return lx->n;
}

/* A // comment runs to the newline that no backslash continues. */
static size_t line_comment(const lexer *lx, size_t i) {
  for (;;) {
    const char *nl = memchr(lx->t + i, '\n', lx->n - i);
    if (!nl) return lx->n;
    size_t at = (size_t)(nl - lx->t), back = at;
    if (back > i && lx->t[back - 1] == '\r') back--;
    if (back > i && lx->t[back - 1] == '\\') { i = at + 1; continue; }
    return back;
  }
}

/* A string or character literal from its quote: to the closing quote, or
 * (unterminated) to the end of the line. */
static size_t quoted(const lexer *lx, size_t i) {
  char q = lx->t[i++];
  while (i < lx->n) {
    char c = lx->t[i];
    if (c == q) return i + 1;
    if (c == '\\') {
      size_t sp = splice(lx, i);
      i += sp ? sp : 2;
      continue;
    }
    if (c == '\n') return i > 0 && lx->t[i - 1] == '\r' ? i - 1 : i;
    i++;
  }
  return lx->n;
}

/* A preprocessing number: digits, letters, '.', exponent signs, digit
 * separators. */
static size_t number(const lexer *lx, size_t i) {
  i++;
  while (i < lx->n) {
    unsigned char c = (unsigned char)lx->t[i];
    if ((c == '+' || c == '-') && strchr("eEpP", lx->t[i - 1])) i++;
    else if (ident_char(c) || c == '.') i++;
    else if (c == '\'' && i + 1 < lx->n && ident_char((unsigned char)lx->t[i + 1])) i += 2;
    else break;
  }
  return i;
}

static size_t punctuation(const lexer *lx, size_t i) {
  static const char *const three[] = {"...", "<<=", ">>=", "%:%"};
  static const char *const two[] = {"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&",
                                    "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
                                    "<:", ":>", "<%", "%>", "%:"};
  size_t left = lx->n - i;
  for (size_t k = 0; left >= 3 && k < sizeof three / sizeof *three; k++)
    if (memcmp(lx->t + i, three[k], 3) == 0) return i + 3;
  for (size_t k = 0; left >= 2 && k < sizeof two / sizeof *two; k++)
    if (lx->t[i] == two[k][0] && lx->t[i + 1] == two[k][1]) return i + 2;
  return i + 1;
}

static bool is_param(const lexer *lx, const char *s, size_t n) {
  for (size_t k = 0; k < lx->nparams; k++)
    if (lx->params[k].n == n && memcmp(lx->params[k].s, s, n) == 0) return true;
  return false;
}

/* The directive state after token t; t's class within a directive. */
static void directive(lexer *lx, xref_tok *t, bool hash) {
  const char *s = lx->t + t->off;
  bool name = t->kind == XTOK_IDENT || t->kind == XTOK_KEYWORD;
  switch (lx->dir) {
  case D_NONE: if (hash) t->kind = XTOK_PP, lx->dir = D_NAME; return;
  case D_NAME:
    if (name) t->kind = XTOK_PP;
    lx->dir = name && t->len == 6 && memcmp(s, "define", 6) == 0 ? D_DEFINE : D_OTHER;
    return;
  case D_DEFINE:
    lx->dir = name ? D_MACRO : D_OTHER;
    lx->macro_end = t->off + t->len, lx->nparams = 0;
    return;
  case D_MACRO:
    lx->dir = t->off == lx->macro_end && t->len == 1 && *s == '(' ? D_PARAMS : D_BODY;
    break;
  case D_PARAMS:
    if (name && lx->nparams < sizeof lx->params / sizeof *lx->params)
      lx->params[lx->nparams++] = (struct word){s, t->len};
    if (t->len == 1 && *s == ')') lx->dir = D_BODY;
    return;
  default: break;
  }
  if (lx->dir == D_BODY && t->kind == XTOK_IDENT && !is_param(lx, s, t->len)) t->body = true;
}

/* The next token from lx->i (after white space), or false at the end. */
static bool next_token(lexer *lx, xref_tok *t) {
  skip_space(lx);
  if (lx->i >= lx->n) return false;
  size_t i = lx->i, end;
  const char *s = lx->t;
  unsigned char c = (unsigned char)s[i];
  unsigned char kind = XTOK_PUNCT;
  if (c == '/' && i + 1 < lx->n && (s[i + 1] == '*' || s[i + 1] == '/')) {
    end = s[i + 1] == '*' ? block_comment(lx, i) : line_comment(lx, i);
    kind = XTOK_COMMENT;
  } else if (ident_start(c)) {
    end = i + 1;
    while (end < lx->n && ident_char((unsigned char)s[end])) end++;
    size_t n = end - i;
    bool prefix = (n == 1 && (c == 'L' || c == 'u' || c == 'U')) || (n == 2 && c == 'u' && s[i + 1] == '8');
    if (prefix && end < lx->n && (s[end] == '"' || s[end] == '\'')) end = quoted(lx, end), kind = XTOK_LITERAL;
    else kind = is_keyword(s + i, n) ? XTOK_KEYWORD : XTOK_IDENT;
  } else if (digit(c) || (c == '.' && i + 1 < lx->n && digit((unsigned char)s[i + 1]))) {
    end = number(lx, i), kind = XTOK_LITERAL;
  } else if (c == '"' || c == '\'') {
    end = quoted(lx, i), kind = XTOK_LITERAL;
  } else {
    end = punctuation(lx, i);
  }
  *t = (xref_tok){.off = (unsigned)i, .len = (unsigned)(end - i), .kind = kind, .sym = -1};
  lx->i = end;
  if (kind != XTOK_COMMENT) {
    bool hash = lx->bol && t->len == 1 && c == '#';
    directive(lx, t, hash);
    lx->bol = false;
  }
  return true;
}

/* One pass into a buffer that grows from a guess (C runs 5 to 6 bytes a
 * token); lexing twice to size it exactly cost a tenth of the run's lexing. */
bool xref_lex(const char *text, size_t size, xref_tok **toks, size_t *ntoks) {
  lexer lx = {.t = text, .n = size, .bol = true};
  size_t n = 0, cap = size / 5 + 16;
  xref_tok *out = ca_xmalloc(cap * sizeof *out), t;
  while (out && next_token(&lx, &t)) {
    if (n == cap) {
      xref_tok *more = ca_xreallocarray(out, cap *= 2, sizeof *out);
      if (!more) ca_xfree(out);
      out = more;
      if (!out) break;
    }
    out[n++] = t;
  }
  *toks = out, *ntoks = out ? n : 0;
  return out != NULL;
}
