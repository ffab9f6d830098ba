/* page.c: one source file as a page, and its data file.
 *
 * The page is the file's text, every byte of it, cut at its tokens (xref_lex.c):
 * each line a <div id="L<n>">, each token a span classed for highlighting,
 * each identifier that names a declaration a link to its definition with
 * data-s, the index of that symbol in the page's data file (kind and
 * declared type for hover). Function definitions carry data-d (their
 * callers), calls through pointers data-c (their targets), struct and union
 * definitions data-l (their layout); compile errors are underlined with the
 * message in a title. The data file (<page>.js) sets window.CA_PAGE; the
 * shared site.js fills tooltips and panels from it, by DOM text only. */
#include "html/html.h"
#include "html/pt_panel.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK_LINES = 200, MAX_LIST = 1000, MAX_TARGETS = 50 };

typedef struct callgrp { int first; unsigned n; } callgrp; /* run of fcalls at one position */

/* What a token can carry besides its symbol: a function's definition (its
 * callers), a call through a pointer, a diagnostic, a lock call. */
enum { M_DEF, M_CALL, M_ERR, M_LOCK, NMARKS };
typedef struct tokmark { size_t tok; int val; } tokmark; /* val: index into defs, calls, ... */

typedef struct page {
  site *s;
  const xref_file *f;
  size_t fi;
  arena *a;
  const char *path;      /* site path of this page */
  const char *text;
  size_t size;
  VEC(unsigned) lines;   /* offset of each line start */
  int *local;            /* program sym -> local index + 1 */
  VEC(int) syms;         /* local index -> program sym */
  VEC(const char *) hrefs; /* local index -> link to its definition, or NULL */
  VEC(int) pts;          /* local index -> page points-to set, or -1 (--pointer) */
  VEC(int) groups;       /* page points-to set -> s->ptgroups */
  unsigned char *tmark;  /* per token: bit k set when marks[k] holds it */
  VEC(tokmark) marks[NMARKS]; /* by token, once sorted */
  size_t next[NMARKS];   /* where mark_of last looked */
  VEC(int) locks;        /* page lock site -> s->locks */
  int *gutter;           /* per line: page def whose caller count shows, or -1 */
  int *hotline;          /* per line: page finding marked in the margin, or -1 */
  VEC(int) hots;         /* page finding -> index into s->hot->findings */
  VEC(int) defs;         /* page def -> function */
  VEC(callgrp) calls;    /* page call -> run in s->fcalls[fi] */
  VEC(const facts_diag *) diags;
  FILE *o;
  unsigned line;         /* the line being written */
} page;

static const char *const kind_class[XREF_NKINDS] = {
    [XREF_FUNC] = "f", [XREF_GLOBAL] = "g", [XREF_LOCAL] = "v", [XREF_PARAM] = "a",
    [XREF_FIELD] = "m", [XREF_STRUCT] = "t", [XREF_UNION] = "t", [XREF_ENUM] = "t",
    [XREF_TYPEDEF] = "t", [XREF_ENUMC] = "e", [XREF_MACRO] = "M", [XREF_LABEL] = "lb",
    [XREF_FILE] = "s"};

/* ---- reading and indexing ---- */

/* A page has a million tokens and a few thousand marks: one byte per token
 * says which marks it has, and the marks themselves are short lists. */
static bool marked(const page *pg, size_t t, int k) { return pg->tmark[t] >> k & 1; }

static bool mark(page *pg, size_t t, int k, int val) {
  tokmark m = {t, val};
  if (!VEC_PUSH(pg->a, &pg->marks[k], m)) return false;
  pg->tmark[t] |= (unsigned char)(1u << k);
  return true;
}

static int by_token(const void *a, const void *b) {
  size_t x = ((const tokmark *)a)->tok, y = ((const tokmark *)b)->tok;
  return (x > y) - (x < y);
}

/* Mark k of token t, or -1; tokens are asked in increasing order. */
static int mark_of(page *pg, size_t t, int k) {
  if (!marked(pg, t, k)) return -1;
  const tokmark *m = pg->marks[k].items;
  size_t *n = &pg->next[k];
  while (*n < pg->marks[k].len && m[*n].tok < t) (*n)++;
  return *n < pg->marks[k].len && m[*n].tok == t ? m[*n].val : -1;
}

static bool read_text(page *pg) {
  FILE *in = fopen(pg->f->abs, "rb");
  if (!in) return false;
  size_t cap = pg->f->size + 1, n = 0;
  char *buf = arena_alloc_uninit(pg->a, cap + 1);
  if (buf) n = fread(buf, 1, cap, in), buf[n] = 0;
  fclose(in);
  if (!buf) return false;
  pg->text = buf, pg->size = n < pg->f->size ? n : pg->f->size; /* as libclang saw it */
  return true;
}

static void index_lines(page *pg) {
  VEC_PUSH(pg->a, &pg->lines, 0u);
  for (size_t i = 0; i < pg->size; i++)
    if (pg->text[i] == '\n' && i + 1 < pg->size) VEC_PUSH(pg->a, &pg->lines, (unsigned)(i + 1));
}

/* Byte offset of line:col, or -1 outside the text. */
static long offset_of(const page *pg, unsigned line, unsigned col) {
  if (!line || line > pg->lines.len || !col) return -1;
  size_t off = pg->lines.items[line - 1] + (size_t)col - 1;
  return off < pg->size ? (long)off : -1;
}

/* The token that starts at off, else the one holding it, else the next. */
static long token_at(const page *pg, long off) {
  const xref_tok *t = pg->f->toks;
  size_t lo = 0, hi = pg->f->ntoks;
  if (off < 0) return -1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t[mid].off < (unsigned)off) lo = mid + 1;
    else hi = mid;
  }
  if (lo < pg->f->ntoks && t[lo].off == (unsigned)off) return (long)lo;
  if (lo > 0 && t[lo - 1].off + t[lo - 1].len > (unsigned)off) return (long)lo - 1;
  return lo < pg->f->ntoks ? (long)lo : -1;
}

static bool punct(const page *pg, size_t i, char ch) {
  const xref_tok *t = &pg->f->toks[i];
  return t->kind == XTOK_PUNCT && t->len == 1 && pg->text[t->off] == ch;
}

/* The token a call is shown at: its position is where the callee expression
 * begins ("s" in s->cb(x), "(" in (*fp)(x)); the name before the argument
 * list ("cb", "fp") is what a reader clicks. */
static long call_anchor(const page *pg, long i) {
  size_t n = pg->f->ntoks;
  const xref_tok *t = pg->f->toks;
  if (i < 0) return -1;
  if ((size_t)i + 1 < n && t[i].kind == XTOK_IDENT && punct(pg, (size_t)i + 1, '(')) return i;
  int depth = 0;
  for (size_t j = (size_t)i; j < n && j < (size_t)i + 64; j++) {
    if (punct(pg, j, '(') || punct(pg, j, '[')) {
      bool after = j > (size_t)i && (t[j - 1].kind == XTOK_IDENT || punct(pg, j - 1, ')') || punct(pg, j - 1, ']'));
      if (depth == 0 && after && punct(pg, j, '(')) {
        for (size_t k = j; k-- > (size_t)i;)
          if (t[k].kind == XTOK_IDENT) return (long)k;
        return i;
      }
      depth++;
    } else if (punct(pg, j, ')') || punct(pg, j, ']')) {
      if (--depth < 0) break;
    } else if (punct(pg, j, ';') || punct(pg, j, '{') || punct(pg, j, '}')) break;
  }
  return i;
}

static int local_sym(page *pg, int sym) {
  if (sym < 0) return -1;
  if (pg->local[sym]) return pg->local[sym] - 1;
  const xref_sym *xs = &pg->s->x->syms.items[sym];
  const char *href = NULL;
  int target = xs->file && !xs->system ? strmap_get(&pg->s->pages, xs->file) : -1;
  if (target >= 0 && xs->line) href = site_href(pg->a, pg->path, pg->s->page[target], xs->line);
  int group = xs->pointer && pg->s->p->pt_state ? site_ptgroup(pg->s, sym) : -1, pset = -1;
  for (size_t i = 0; group >= 0 && i < pg->groups.len && pset < 0; i++)
    if (pg->groups.items[i] == group) pset = (int)i;
  if (group >= 0 && pset < 0 && VEC_PUSH(pg->a, &pg->groups, group)) pset = (int)pg->groups.len - 1;
  if (!VEC_PUSH(pg->a, &pg->syms, sym) || !VEC_PUSH(pg->a, &pg->hrefs, href) ||
      !VEC_PUSH(pg->a, &pg->pts, pset))
    return -1;
  pg->local[sym] = (int)pg->syms.len;
  return (int)pg->syms.len - 1;
}

static void mark_defs(page *pg) {
  const ca_program *p = pg->s->p;
  for (size_t k = 0; k < pg->s->ffuncs[pg->fi].len; k++) {
    int fn = pg->s->ffuncs[pg->fi].items[k];
    const prog_func *pf = &p->funcs.items[fn];
    long off = offset_of(pg, pf->line, pf->col), t = token_at(pg, off);
    if (t < 0 || pg->f->toks[t].off != (unsigned long)off || marked(pg, (size_t)t, M_DEF)) continue;
    if (!VEC_PUSH(pg->a, &pg->defs, fn) || !mark(pg, (size_t)t, M_DEF, (int)pg->defs.len - 1)) return;
    if (pg->gutter[pf->line - 1] < 0) pg->gutter[pf->line - 1] = (int)pg->defs.len - 1;
  }
}

static void mark_calls(page *pg) {
  const ca_program *p = pg->s->p;
  const int *fc = pg->s->fcalls[pg->fi].items;
  size_t n = pg->s->fcalls[pg->fi].len;
  for (size_t i = 0; i < n;) {
    const prog_call *c = &p->calls.items[fc[i]];
    size_t j = i;
    bool indirect = false;
    for (; j < n && p->calls.items[fc[j]].line == c->line && p->calls.items[fc[j]].col == c->col; j++)
      indirect |= p->calls.items[fc[j]].indirect || p->calls.items[fc[j]].callee < 0;
    long t = indirect ? call_anchor(pg, token_at(pg, offset_of(pg, c->line, c->col))) : -1;
    if (t >= 0 && !marked(pg, (size_t)t, M_CALL)) {
      callgrp g = {(int)i, (unsigned)(j - i)};
      if (!VEC_PUSH(pg->a, &pg->calls, g) || !mark(pg, (size_t)t, M_CALL, (int)pg->calls.len - 1)) return;
    }
    i = j;
  }
}

static void mark_hotspots(page *pg) {
  if (!pg->s->hot) return;
  const int *mine = pg->s->fhot[pg->fi].items;
  for (size_t i = 0; i < pg->s->fhot[pg->fi].len; i++) {
    const hot_finding *h = &pg->s->hot->findings[mine[i]];
    if (!h->site->line || h->site->line > pg->lines.len || !VEC_PUSH(pg->a, &pg->hots, mine[i])) continue;
    if (pg->hotline[h->site->line - 1] < 0) pg->hotline[h->site->line - 1] = (int)pg->hots.len - 1;
  }
}

static void mark_locks(page *pg) {
  if (!pg->s->flocks) return;
  for (size_t i = 0; i < pg->s->flocks[pg->fi].len; i++) {
    int l = pg->s->flocks[pg->fi].items[i];
    const prog_call *c = &pg->s->p->calls.items[pg->s->locks.items[l].call];
    long off = offset_of(pg, c->line, c->col), t = token_at(pg, off);
    if (t < 0 || pg->f->toks[t].off != (unsigned long)off || marked(pg, (size_t)t, M_LOCK)) continue;
    if (!VEC_PUSH(pg->a, &pg->locks, l) || !mark(pg, (size_t)t, M_LOCK, (int)pg->locks.len - 1)) return;
  }
}

static void mark_errors(page *pg) {
  const ca_program *p = pg->s->p;
  for (size_t t = 0; t < p->errors.len; t++)
    for (size_t i = 0; i < p->errors.items[t].diags.len; i++) {
      const facts_diag *d = &p->errors.items[t].diags.items[i];
      if (!d->file || strcmp(d->file, pg->f->path) != 0) continue;
      long tok = token_at(pg, offset_of(pg, d->line, d->col));
      if (tok < 0 || marked(pg, (size_t)tok, M_ERR)) continue;
      if (!VEC_PUSH(pg->a, &pg->diags, d) || !mark(pg, (size_t)tok, M_ERR, (int)pg->diags.len - 1)) return;
    }
  pg->s->nerrors[pg->fi] = (unsigned)pg->diags.len;
}

/* ---- the page ---- */

static void open_line(page *pg) {
  FILE *o = pg->o;
  unsigned n = ++pg->line;
  if ((n - 1) % BLOCK_LINES == 0) fputs(n > 1 ? "</div>\n<div class=\"b\">" : "<div class=\"b\">", o);
  /* A line: 26 bytes and its number, thrice. Not fprintf: a page can have 250,000 lines. */
  char num[16], buf[96];
  size_t k = h_utoa(num, n), len = 0;
  static const char *const parts[] = {"<div id=\"L", "\"><a href=\"#L", "\">", "</a>"};
  for (int i = 0; i < 4; i++) {
    size_t pl = strlen(parts[i]);
    memcpy(buf + len, parts[i], pl), len += pl;
    if (i < 3) memcpy(buf + len, num, k), len += k;
  }
  fwrite(buf, 1, len, o);
  int d = n - 1 < pg->lines.len ? pg->gutter[n - 1] : -1;
  int h = n - 1 < pg->lines.len ? pg->hotline[n - 1] : -1;
  if (h >= 0) {
    const hot_finding *hf = &pg->s->hot->findings[pg->hots.items[h]];
    fprintf(o, "<span class=\"hot\" data-h=\"%d\" title=\"%s, score %.2f\">&#9679;</span>", h,
            hot_kind_name(hf->kind), hf->score);
  }
  if (d >= 0) {
    size_t callers = pg->s->p->nin[pg->defs.items[d]];
    fprintf(o, "<span class=\"cc\" data-d=\"%d\" title=\"%zu call site%s\">%zu</span>", d, callers,
            callers == 1 ? "" : "s", callers);
  }
}

static void close_line(page *pg) { fputs("</div>\n", pg->o); }

/* Text from..to inside one element opened by open (closed by close), cut
 * at line ends: the element closes before a line ends and reopens after. */
static void emit_run(page *pg, size_t from, size_t to, const char *open, const char *close) {
  const char *t = pg->text;
  while (from < to) {
    const char *nl = memchr(t + from, '\n', to - from);
    size_t end = nl ? (size_t)(nl - t) : to, stop = end;
    if (nl && stop > from && t[stop - 1] == '\r') stop--;
    if (stop > from) {
      fputs(open, pg->o);
      h_text(pg->o, t + from, stop - from);
      fputs(close, pg->o);
    }
    if (!nl) break;
    close_line(pg);
    if (end + 1 < pg->size) open_line(pg);
    from = end + 1;
  }
}

static const char *simple_class(const page *pg, const xref_tok *t) {
  switch (t->kind) {
  case XTOK_KEYWORD: return "<span class=\"k\">";
  case XTOK_COMMENT: return "<span class=\"c\">";
  case XTOK_PP: return "<span class=\"p\">";
  case XTOK_LITERAL: {
    char c = pg->text[t->off];
    return (c >= '0' && c <= '9') || c == '.' ? "<span class=\"d\">" : "<span class=\"s\">";
  }
  default: return "";
  }
}

/* Is token t where xs is defined (not a forward declaration or a use)? */
static bool at_definition(const page *pg, const xref_tok *t, const xref_sym *xs) {
  if (!t->decl || !xs->defined || !xs->file || strcmp(xs->file, pg->f->path) != 0) return false;
  long off = offset_of(pg, xs->line, xs->col);
  return off >= 0 && (unsigned long)off == t->off;
}

static void emit_ident(page *pg, size_t i, int ls) {
  const xref_tok *t = &pg->f->toks[i];
  FILE *o = pg->o;
  const xref_sym *xs = ls >= 0 ? &pg->s->x->syms.items[pg->syms.items[ls]] : NULL;
  bool is_def = xs && at_definition(pg, t, xs);
  int def = mark_of(pg, i, M_DEF), call = mark_of(pg, i, M_CALL), lock = mark_of(pg, i, M_LOCK);
  int err = mark_of(pg, i, M_ERR);
  fputs(ls >= 0 ? "<a class=\"" : "<span class=\"", o);
  fputs(xs ? kind_class[xs->kind] : "", o);
  if (is_def) fputs(" def", o);
  if (call >= 0) fputs(" icall", o);
  if (lock >= 0) fputs(" lock", o);
  if (ls >= 0 && pg->pts.items[ls] >= 0) fputs(" ptr", o);
  if (err >= 0) fputs(" err", o);
  fputc('"', o);
  if (ls >= 0 && pg->hrefs.items[ls]) fputs(" href=\"", o), fputs(pg->hrefs.items[ls], o), fputc('"', o);
  if (ls >= 0) h_attr_int(o, " data-s=\"", ls);
  if (def >= 0) fprintf(o, " data-d=\"%d\"", def);
  if (call >= 0) fprintf(o, " data-c=\"%d\"", call);
  if (lock >= 0) fprintf(o, " data-k=\"%d\"", lock);
  if (is_def && xs->layout) fprintf(o, " data-l=\"%d\"", ls);
  if (ls >= 0 && pg->pts.items[ls] >= 0) fprintf(o, " data-p=\"%d\"", ls);
  if (err >= 0) {
    const facts_diag *d = pg->diags.items[err];
    fprintf(o, " title=\"%s: ", d->severity);
    h_str(o, d->message);
    fputc('"', o);
  }
  fputc('>', o);
  h_text(o, pg->text + t->off, t->len);
  fputs(ls >= 0 ? "</a>" : "</span>", o);
}

static void emit_token(page *pg, size_t i) {
  const xref_tok *t = &pg->f->toks[i];
  int ls = t->kind == XTOK_IDENT || t->sym >= 0 ? local_sym(pg, t->sym) : -1;
  if (ls >= 0 || pg->tmark[i]) {
    emit_ident(pg, i, ls);
    return;
  }
  const char *open = simple_class(pg, t);
  emit_run(pg, t->off, t->off + t->len, open, *open ? "</span>" : "");
}

static void emit_code(page *pg) {
  size_t pos = 0;
  open_line(pg);
  for (size_t i = 0; i < pg->f->ntoks; i++) {
    const xref_tok *t = &pg->f->toks[i];
    if (t->off < pos || t->off + t->len > pg->size) continue;
    emit_run(pg, pos, t->off, "", "");
    emit_token(pg, i);
    pos = t->off + t->len;
  }
  emit_run(pg, pos, pg->size, "", "");
  if (!pg->size || pg->text[pg->size - 1] != '\n') close_line(pg);
  fputs("</div>\n", pg->o);
}

static void emit_head(page *pg) {
  FILE *o = pg->o;
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", o);
  h_str(o, pg->f->path);
  fputs("</title>\n<link rel=\"stylesheet\" href=\"", o);
  h_up(o, pg->path);
  fputs("style.css\">\n<script src=\"", o);
  const char *base = strrchr(pg->path, '/') + 1; /* "x.c.html": its data is "x.c.js" */
  const char *data = arena_printf(pg->a, "%.*s.js", (int)(strlen(base) - 5), base);
  h_url(o, data ? data : "");
  fputs("\" defer></script>\n<script src=\"", o);
  h_up(o, pg->path);
  fputs("site.js\" defer></script>\n</head>\n<body class=\"src\"", o);
  fputs(pg->s->p->pt.ran ? " data-pointer=\"1\">\n<header><a href=\"" : ">\n<header><a href=\"", o);
  h_up(o, pg->path);
  fputs("index.html\">index</a> / <span class=\"path\">", o);
  h_str(o, pg->f->path);
  fprintf(o, "</span> <span class=\"meta\">%zu functions defined, %zu calls made here", pg->defs.len,
          pg->s->fcalls[pg->fi].len);
  if (pg->diags.len) fprintf(o, ", <span class=\"errn\">%zu errors</span>", pg->diags.len);
  fputs("</span></header>\n<main class=\"code\">\n", o);
}

/* ---- the data file ---- */

static void data_syms(page *pg, FILE *o) {
  fputs("\"s\":[", o);
  for (size_t i = 0; i < pg->syms.len; i++) {
    const xref_sym *xs = &pg->s->x->syms.items[pg->syms.items[i]];
    fprintf(o, "%s\n[%u,", i ? "," : "", xs->kind);
    j_str(o, xs->name);
    fputc(',', o);
    const char *decl = xs->kind == XREF_FILE ? arena_printf(pg->a, "#include \"%s\"", xs->file) : xs->decl;
    j_str(o, decl ? decl : xs->name);
    fputc(',', o);
    j_str(o, pg->hrefs.items[i] ? pg->hrefs.items[i] : "");
    fputc(',', o);
    const char *where = xs->file ? arena_printf(pg->a, "%s:%u", xs->file, xs->line) : "";
    j_str(o, where ? where : "");
    fputc(']', o);
  }
  fputs("]", o);
}

/* A call site as [caller or callee name, link, "file:line", indirect]. */
static void data_site(page *pg, FILE *o, const char *name, const char *file, unsigned line, bool ind) {
  int target = file ? strmap_get(&pg->s->pages, file) : -1;
  const char *href = target >= 0 ? site_href(pg->a, pg->path, pg->s->page[target], line) : NULL;
  const char *where = file ? arena_printf(pg->a, "%s:%u", file, line) : NULL;
  fputs("[", o);
  j_str(o, name);
  fputc(',', o);
  j_str(o, href ? href : "");
  fputc(',', o);
  j_str(o, where ? where : "");
  fprintf(o, ",%d]", ind);
}

static void data_defs(page *pg, FILE *o) {
  const ca_program *p = pg->s->p;
  fputs(",\n\"d\":[", o);
  for (size_t d = 0; d < pg->defs.len; d++) {
    int fn = pg->defs.items[d];
    fprintf(o, "%s\n[", d ? "," : "");
    j_str(o, p->funcs.items[fn].name);
    fprintf(o, ",%zu,%d,[", p->nin[fn], fn);
    for (size_t k = 0; k < p->nin[fn] && k < MAX_LIST; k++) {
      const prog_call *c = &p->calls.items[p->in[fn][k]];
      if (k) fputc(',', o);
      data_site(pg, o, p->funcs.items[c->caller].name, c->file, c->line, c->indirect);
    }
    fputs("]]", o);
  }
  fputs("]", o);
}

static void data_calls(page *pg, FILE *o) {
  const ca_program *p = pg->s->p;
  const int *fc = pg->s->fcalls[pg->fi].items;
  fputs(",\n\"c\":[", o);
  for (size_t g = 0; g < pg->calls.len; g++) {
    callgrp cg = pg->calls.items[g];
    bool unresolved = false;
    size_t shown = 0;
    fprintf(o, "%s\n[[", g ? "," : "");
    for (unsigned k = 0; k < cg.n; k++) {
      const prog_call *c = &p->calls.items[fc[cg.first + (int)k]];
      if (c->callee < 0) { unresolved = true; continue; }
      if (!c->indirect) continue; /* the direct call a model calls through (qsort) */
      if (shown++) fputc(',', o);
      const prog_func *t = &p->funcs.items[c->callee];
      data_site(pg, o, t->name, t->file, t->line, false); /* all of them are */
    }
    fprintf(o, "],%d]", unresolved);
  }
  fputs("]", o);
}

/* Members in offset order with the padding between them, as rows
 * [name, type, offset bits, size bytes, bit-width] and ["", "", offset
 * bits, hole bytes, 0] for each hole (pahole's view). */
static void data_layout(FILE *o, const xref_sym *xs) {
  const xref_layout *l = xs->layout;
  fprintf(o, "[%llu,%llu,[", l->size, l->align);
  unsigned long long end = 0; /* bits covered so far */
  bool union_ = xs->kind == XREF_UNION;
  for (size_t i = 0; i < l->nfields; i++) {
    const xref_field *f = &l->fields[i];
    unsigned long long bits = f->bitwidth ? f->bitwidth : f->size_bytes * 8;
    if (!union_ && f->offset_bits / 8 > (end + 7) / 8)
      fprintf(o, "[\"\",\"\",%llu,%llu,0],", (end + 7) / 8 * 8, f->offset_bits / 8 - (end + 7) / 8);
    fputc('[', o);
    j_str(o, f->name);
    fputc(',', o);
    j_str(o, f->type);
    fprintf(o, ",%llu,%llu,%u]%s", f->offset_bits, f->size_bytes, f->bitwidth,
            i + 1 < l->nfields ? "," : "");
    if (union_ ? bits > end : f->offset_bits + bits > end) end = union_ ? bits : f->offset_bits + bits;
  }
  if (l->size > (end + 7) / 8)
    fprintf(o, "%s[\"\",\"\",%llu,%llu,0]", l->nfields ? "," : "", (end + 7) / 8 * 8, l->size - (end + 7) / 8);
  fputs("]]", o);
}

/* Findings as [kind, score, message, rank, [step...]], each step a call
 * site [function, link, "file:line", 0] from the hot loop down. */
static void data_hotspots(page *pg, FILE *o) {
  const ca_program *p = pg->s->p;
  fputs(",\n\"h\":[", o);
  for (size_t i = 0; i < pg->hots.len; i++) {
    const hot_finding *h = &pg->s->hot->findings[pg->hots.items[i]];
    fprintf(o, "%s\n[", i ? "," : "");
    j_str(o, hot_kind_name(h->kind));
    fprintf(o, ",\"%.2f\",", h->score);
    j_str(o, h->message);
    fprintf(o, ",%d,[", pg->hots.items[i] + 1);
    for (size_t k = 0; k < h->npath; k++) {
      const prog_call *c = &p->calls.items[h->path[k]];
      data_site(pg, o, p->funcs.items[c->caller].name, c->file, c->line, false);
      fputc(',', o);
    }
    data_site(pg, o, p->funcs.items[h->site->caller].name, h->site->file, h->site->line, false);
    fputs("]]", o);
  }
  fputs("]", o);
}

/* Points-to: "P", the page's distinct sets [count, [[kind, object, link,
 * "file:line"], ...]]; "p", each pointer's set by page symbol. */
static void data_pointsto(page *pg, FILE *o) {
  fputs(",\n\"P\":[", o);
  for (size_t g = 0; g < pg->groups.len; g++) {
    const pt_group *grp = &pg->s->ptgroups.items[pg->groups.items[g]];
    fprintf(o, "%s\n[%zu,[", g ? "," : "", grp->n);
    for (size_t k = 0; k < grp->n && k < MAX_TARGETS; k++) {
      pt_target tgt = pt_panel_describe(pg->s->p, pg->a, grp->t[k]), *t = &tgt;
      int target = t->file ? strmap_get(&pg->s->pages, t->file) : -1;
      const char *href = target >= 0 && t->line ? site_href(pg->a, pg->path, pg->s->page[target], t->line) : NULL;
      const char *where = t->file ? arena_printf(pg->a, "%s:%u", t->file, t->line) : NULL;
      fputs(k ? ",[" : "[", o);
      j_str(o, t->kind), fputc(',', o), j_str(o, t->label), fputc(',', o);
      j_str(o, href ? href : ""), fputc(',', o), j_str(o, where ? where : ""), fputc(']', o);
    }
    fputs("]]", o);
  }
  fputs("],\n\"p\":{", o);
  bool first = true;
  for (size_t i = 0; i < pg->syms.len; i++)
    if (pg->pts.items[i] >= 0) {
      fprintf(o, "%s\"%zu\":%d", first ? "" : ",", i, pg->pts.items[i]);
      first = false;
    }
  fputs("}", o);
}

/* Lock peers: per page lock site, [[function, link, "file:line", 0, call], ...]. */
static void data_locks(page *pg, FILE *o) {
  const ca_program *p = pg->s->p;
  fputs(",\n\"k\":[", o);
  for (size_t i = 0; i < pg->locks.len; i++) {
    const lock_site *ls = &pg->s->locks.items[pg->locks.items[i]];
    fprintf(o, "%s\n[", i ? "," : "");
    for (size_t k = 0; k < ls->peers.len && k < MAX_LIST; k++) {
      const prog_call *c = &p->calls.items[pg->s->locks.items[ls->peers.items[k]].call];
      if (k) fputc(',', o);
      data_site(pg, o, arena_printf(pg->a, "%s in %s", p->funcs.items[c->callee].name,
                                    p->funcs.items[c->caller].name), c->file, c->line, false);
    }
    fputc(']', o);
  }
  fputs("]", o);
}

static void data_layouts(page *pg, FILE *o) {
  fputs(",\n\"l\":{", o);
  bool first = true;
  for (size_t i = 0; i < pg->syms.len; i++) {
    const xref_sym *xs = &pg->s->x->syms.items[pg->syms.items[i]];
    if (!xs->layout) continue;
    fprintf(o, "%s\n\"%zu\":", first ? "" : ",", i);
    data_layout(o, xs);
    first = false;
  }
  fputs("}", o);
}

static bool write_data(page *pg) {
  const char *path = arena_printf(pg->a, "%.*s.js", (int)(strlen(pg->path) - 5), pg->path);
  FILE *o = path ? site_open(pg->s, path) : NULL;
  if (!o) return false;
  fputs("window.CA_PAGE={\"r\":\"", o);
  h_up(o, pg->path); /* the site's root, for links to calls.html */
  fputs("\",\n", o);
  data_syms(pg, o);
  data_defs(pg, o);
  data_calls(pg, o);
  data_layouts(pg, o);
  data_hotspots(pg, o);
  data_pointsto(pg, o);
  data_locks(pg, o);
  fputs("};\n", o);
  return site_close(pg->s, o, path);
}

static bool prepare(page *pg) {
  size_t ntok = pg->f->ntoks ? pg->f->ntoks : 1;
  pg->local = arena_alloc(pg->a, (pg->s->x->syms.len + 1) * sizeof *pg->local);
  /* The page's largest array (a 250,000-line file has 1.5 million tokens),
   * freed with the page. */
  pg->tmark = ca_xmalloc(ntok);
  if (!pg->tmark) return false;
  memset(pg->tmark, 0, ntok);
  if (!read_text(pg)) pg->text = "", pg->size = 0;
  index_lines(pg);
  pg->gutter = arena_alloc(pg->a, pg->lines.len * sizeof(int));
  pg->hotline = arena_alloc(pg->a, pg->lines.len * sizeof(int));
  if (!pg->local || !pg->gutter || !pg->hotline)
    return false;
  memset(pg->hotline, -1, pg->lines.len * sizeof(int));
  memset(pg->gutter, -1, pg->lines.len * sizeof(int));
  mark_defs(pg);
  mark_calls(pg);
  mark_errors(pg);
  mark_hotspots(pg);
  mark_locks(pg);
  for (int k = 0; k < NMARKS; k++)
    if (pg->marks[k].len > 1) qsort(pg->marks[k].items, pg->marks[k].len, sizeof *pg->marks[k].items, by_token);
  return !arena_failed(pg->a);
}

ca_status page_write(site *s, size_t fi) {
  page pg = {.s = s, .f = &s->x->files.items[fi], .fi = fi, .a = arena_new(), .path = s->page[fi]};
  if (!pg.a) return CA_ERR_NOMEM;
  ca_status st = prepare(&pg) ? CA_OK : CA_ERR_NOMEM;
  if (st == CA_OK && !(pg.o = site_open(s, pg.path))) st = CA_ERR_IO;
  if (st == CA_OK) {
    emit_head(&pg);
    emit_code(&pg);
    fputs("</main>\n</body></html>\n", pg.o);
    s->nlines[fi] = pg.line;
    if (!site_close(s, pg.o, pg.path)) st = CA_ERR_IO;
  }
  if (st == CA_OK && !write_data(&pg)) st = CA_ERR_IO;
  if (st == CA_OK && arena_failed(pg.a)) st = CA_ERR_NOMEM;
  ca_xfree(pg.tmark);
  arena_free(pg.a);
  return st;
}
