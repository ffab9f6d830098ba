/* xref_extract.c: tokens and references of one TU, for the browsable site.
 *
 * Each project file the TU read is tokenized whole (comments included) and
 * the tokens annotated with the cursors libclang gives them; an identifier
 * token is tied to the declaration its cursor declares or references, but
 * only when that declaration is spelled like the token (an annotation can
 * be an enclosing declaration, which the token does not name). Declarations
 * are described once per TU (cached by Decl pointer, unified by USR): the
 * kind, the declared type as hover shows it, the position of the definition
 * when this TU has it, else of the declaration, and struct layouts. */
#include "clang/xref_extract.h"
#include "clang/cursor.h"
#include "clang/walk.h"
#include "html/xref.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Pointer-keyed cache (Decl* or CXFile -> value), open addressing. */
typedef struct ptrmap { const void **keys; intptr_t *vals; size_t cap, len; } ptrmap;

typedef struct xwalk {
  facts_tu *tu;
  xref_tu *x;
  CXTranslationUnit unit;
  ptrmap decls;          /* Decl* -> sym index + 1 */
  ptrmap names;          /* CXFile -> interned real path (as intptr_t) */
  ptrmap seen;           /* CXFile -> 1: files already queued */
  strmap usrs;           /* USR -> sym index */
  VEC(CXFile) queue;     /* project files to tokenize, in inclusion order */
  xref_claims *claims;
} xwalk;

static size_t ptr_slot(const void **keys, size_t cap, const void *key) {
  size_t i = ((uintptr_t)key >> 4) * 11400714819323198485ull & (cap - 1);
  while (keys[i] && keys[i] != key) i = (i + 1) & (cap - 1);
  return i;
}

static intptr_t ptr_get(const ptrmap *m, const void *key) {
  return m->cap ? m->vals[ptr_slot(m->keys, m->cap, key)] : 0;
}

static bool ptr_put(arena *a, ptrmap *m, const void *key, intptr_t val) {
  if ((m->len + 1) * 2 > m->cap) {
    size_t ncap = m->cap ? m->cap * 2 : 256;
    const void **keys = arena_alloc(a, ncap * sizeof *keys);
    intptr_t *vals = arena_alloc(a, ncap * sizeof *vals);
    if (!keys || !vals) return false;
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        size_t j = ptr_slot(keys, ncap, m->keys[i]);
        keys[j] = m->keys[i], vals[j] = m->vals[i];
      }
    m->keys = keys, m->vals = vals, m->cap = ncap;
  }
  size_t i = ptr_slot(m->keys, m->cap, key);
  if (!m->keys[i]) m->len++;
  m->keys[i] = key, m->vals[i] = val;
  return true;
}

static const char *file_name(xwalk *w, CXFile f) {
  if (!f) return NULL;
  const char *name = (const char *)ptr_get(&w->names, f);
  if (!name && (name = frontend_file_name(w->tu->arena, f)))
    ptr_put(w->tu->arena, &w->names, f, (intptr_t)name);
  return name;
}

/* ---- which files ---- */

static bool is_system_file(CXTranslationUnit unit, CXFile f) {
  return clang_Location_isInSystemHeader(clang_getLocationForOffset(unit, f, 0)) != 0;
}

static void on_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData data) {
  xwalk *w = data;
  (void)stack, (void)depth;
  if (!f || ptr_get(&w->seen, f)) return;
  ptr_put(w->tu->arena, &w->seen, f, 1);
  if (is_system_file(w->unit, f)) return;
  const char *name = file_name(w, f);
  if (name && xref_claim(w->claims, name, w->tu->main_file)) VEC_PUSH(w->tu->arena, &w->queue, f);
}

/* ---- describing declarations ---- */

static xref_kind kind_of(CXCursor d) {
  switch (clang_getCursorKind(d)) {
  case CXCursor_FunctionDecl: return XREF_FUNC;
  case CXCursor_VarDecl: {
    enum CXCursorKind parent = clang_getCursorKind(clang_getCursorSemanticParent(d));
    return parent == CXCursor_TranslationUnit || parent == CXCursor_LinkageSpec ? XREF_GLOBAL
                                                                                : XREF_LOCAL;
  }
  case CXCursor_ParmDecl: return XREF_PARAM;
  case CXCursor_FieldDecl: return XREF_FIELD;
  case CXCursor_StructDecl: return XREF_STRUCT;
  case CXCursor_UnionDecl: return XREF_UNION;
  case CXCursor_EnumDecl: return XREF_ENUM;
  case CXCursor_TypedefDecl: return XREF_TYPEDEF;
  case CXCursor_EnumConstantDecl: return XREF_ENUMC;
  case CXCursor_MacroDefinition: return XREF_MACRO;
  case CXCursor_LabelStmt: return XREF_LABEL;
  default: return XREF_NONE;
  }
}

/* "T name" as C declares it: "char *p" (no space after a '*'), "int a[4]",
 * "int (*fp)(int)", "double f(int)" for a function type. */
static char *typed_name(arena *a, const char *type, const char *name) {
  size_t n = strlen(type);
  if (!name || !*name) return arena_strdup(a, type);
  const char *at = strstr(type, "(*");
  if (at) at += 2;
  else if ((at = strstr(type, " ("))) return arena_printf(a, "%.*s %s%s", (int)(at - type), type, name, at + 1);
  else if ((at = strchr(type, '['))) return arena_printf(a, "%.*s %s%s", (int)(at - type), type, name, at);
  if (at) return arena_printf(a, "%.*s%s%s", (int)(at - type), type, name, at);
  return arena_printf(a, "%s%s%s", type, n && type[n - 1] == '*' ? "" : " ", name);
}

static char *type_spelling(arena *a, CXType t) { return cursor_string(a, clang_getTypeSpelling(t)); }

static const char *describe_func(arena *a, CXCursor d, const char *name) {
  CXType t = clang_getCursorType(d);
  const char *res = type_spelling(a, clang_getResultType(t));
  char *s = arena_printf(a, "%s%s(", clang_Cursor_getStorageClass(d) == CX_SC_Static ? "static " : "",
                         typed_name(a, res ? res : "", name));
  int n = clang_Cursor_getNumArguments(d);
  for (int i = 0; i < n && s; i++) {
    CXCursor arg = clang_Cursor_getArgument(d, (unsigned)i);
    const char *at = type_spelling(a, clang_getCursorType(arg)), *an = cursor_spelling(a, arg);
    s = arena_printf(a, "%s%s%s", s, i ? ", " : "", typed_name(a, at ? at : "", an));
  }
  bool variadic = clang_isFunctionTypeVariadic(t) != 0;
  const char *tail = variadic ? (n > 0 ? ", ...)" : "...)")
                              : n == 0 && t.kind == CXType_FunctionProto ? "void)" : ")";
  return s ? arena_printf(a, "%s%s", s, tail) : NULL;
}

static const char *describe_var(arena *a, CXCursor d, const char *name) {
  const char *t = type_spelling(a, clang_getCursorType(d));
  enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
  const char *s = typed_name(a, t ? t : "", name);
  if (clang_getCursorKind(d) == CXCursor_FieldDecl && clang_Cursor_isBitField(d))
    return arena_printf(a, "%s : %d", s, clang_getFieldDeclBitWidth(d));
  return sc == CX_SC_Static ? arena_printf(a, "static %s", s)
         : sc == CX_SC_Extern ? arena_printf(a, "extern %s", s) : s;
}

/* A macro's definition as written, whitespace collapsed, capped. */
static const char *describe_macro(xwalk *w, CXCursor d) {
  CXSourceRange r = clang_getCursorExtent(d);
  CXFile f = NULL;
  unsigned from = 0, to = 0;
  clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &from);
  clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &to);
  size_t size = 0;
  const char *text = f ? clang_getFileContents(w->unit, f, &size) : NULL;
  if (!text || from > to || to > size) return NULL;
  enum { CAP = 200 };
  char out[CAP + 4];
  size_t n = 0;
  for (unsigned i = from; i < to && n < CAP; i++) {
    char ch = text[i];
    if (ch == '\\' && i + 1 < to && (text[i + 1] == '\n' || text[i + 1] == '\r')) continue;
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      if (n && out[n - 1] != ' ') out[n++] = ' ';
    } else out[n++] = ch;
  }
  if (n == CAP) memcpy(out + n, "...", 3), n += 3;
  out[n] = 0;
  return arena_printf(w->tu->arena, "#define %s", out);
}

static const char *describe(xwalk *w, CXCursor d, xref_kind k, const char *name) {
  arena *a = w->tu->arena;
  switch (k) {
  case XREF_FUNC: return describe_func(a, d, name);
  case XREF_GLOBAL: case XREF_LOCAL: case XREF_PARAM: case XREF_FIELD: return describe_var(a, d, name);
  case XREF_TYPEDEF:
    return arena_printf(a, "typedef %s", typed_name(a, type_spelling(a, clang_getTypedefDeclUnderlyingType(d)), name));
  case XREF_STRUCT: case XREF_UNION: case XREF_ENUM: return type_spelling(a, clang_getCursorType(d));
  case XREF_ENUMC:
    return arena_printf(a, "%s = %lld", name, clang_getEnumConstantDeclValue(d));
  case XREF_MACRO: return describe_macro(w, d);
  case XREF_LABEL: return arena_printf(a, "label %s", name);
  default: return NULL;
  }
}

/* ---- struct layout ---- */

typedef struct layout_walk { arena *a; VEC(xref_field) fields; } layout_walk;

static enum CXChildVisitResult on_field(CXCursor c, CXCursor parent, CXClientData data) {
  layout_walk *lw = data;
  (void)parent;
  if (clang_getCursorKind(c) != CXCursor_FieldDecl) return CXChildVisit_Continue;
  long long off = clang_Cursor_getOffsetOfField(c);
  long long size = clang_Type_getSizeOf(clang_getCursorType(c));
  xref_field f = {.name = cursor_spelling(lw->a, c),
                  .type = type_spelling(lw->a, clang_getCursorType(c)),
                  .offset_bits = off > 0 ? (unsigned long long)off : 0,
                  .size_bytes = size > 0 ? (unsigned long long)size : 0,
                  .bitwidth = clang_Cursor_isBitField(c) ? (unsigned)clang_getFieldDeclBitWidth(c) : 0};
  VEC_PUSH(lw->a, &lw->fields, f);
  return CXChildVisit_Continue;
}

static xref_layout *layout_of(arena *a, CXCursor def) {
  CXType t = clang_getCursorType(def);
  long long size = clang_Type_getSizeOf(t), align = clang_Type_getAlignOf(t);
  if (size < 0 || align < 0) return NULL; /* incomplete or dependent */
  layout_walk lw = {.a = a};
  clang_visitChildren(def, on_field, &lw);
  xref_layout *l = arena_alloc(a, sizeof *l);
  if (!l) return NULL;
  l->size = (unsigned long long)size, l->align = (unsigned long long)align;
  l->fields = lw.fields.items, l->nfields = lw.fields.len;
  return l;
}

/* ---- symbols ---- */

/* The cursor's own key: a Decl or a macro record; a label is a statement. */
static const void *decl_key(CXCursor d) {
  return clang_getCursorKind(d) == CXCursor_LabelStmt ? d.data[1] : d.data[0];
}

static void sym_position(xwalk *w, xref_sym *s, CXCursor d) {
  CXCursor def = clang_getCursorDefinition(d);
  CXCursor at = clang_Cursor_isNull(def) ? d : def;
  CXSourceLocation loc = clang_getCursorLocation(at);
  CXFile f = NULL;
  clang_getExpansionLocation(loc, &f, &s->line, &s->col, NULL);
  s->file = file_name(w, f);
  s->defined = !clang_Cursor_isNull(def) || clang_getCursorKind(d) == CXCursor_MacroDefinition ||
               clang_getCursorKind(d) == CXCursor_LabelStmt;
  s->system = clang_Location_isInSystemHeader(loc) != 0;
  if (s->defined && (s->kind == XREF_STRUCT || s->kind == XREF_UNION))
    s->layout = layout_of(w->tu->arena, at);
}

/* "struct (unnamed at /a/b/x.h:3:1)" -> "struct (unnamed at x.h:3:1)", as
 * pt_extract names the members of anonymous records. */
static const char *record_name(arena *a, const char *tn) {
  const char *at = tn ? strstr(tn, " at /") : NULL, *close = at ? strchr(at, ')') : NULL;
  if (!close) return tn;
  const char *base = at + 4;
  for (const char *c = at + 4; c < close; c++)
    if (*c == '/') base = c + 1;
  return arena_printf(a, "%.*s at %s", (int)(at - tn), tn, base);
}

/* What --points-to needs to name a variable, parameter or member. */
static void sym_scope(xwalk *w, xref_sym *s, CXCursor d) {
  if (s->kind != XREF_GLOBAL && s->kind != XREF_LOCAL && s->kind != XREF_PARAM && s->kind != XREF_FIELD)
    return;
  s->pointer = clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Pointer;
  if (s->kind == XREF_GLOBAL || (!s->pointer && s->kind != XREF_FIELD)) return;
  CXCursor parent = clang_getCursorSemanticParent(d);
  if (s->kind != XREF_FIELD) s->scope = cursor_spelling(w->tu->arena, parent);
  else s->scope = record_name(w->tu->arena, type_spelling(w->tu->arena, clang_getCanonicalType(clang_getCursorType(parent))));
}

/* The symbol index of a declaration, describing it on first sight; -1 if
 * it is not a kind the site links. */
static int sym_of(xwalk *w, CXCursor d) {
  const void *key = decl_key(d);
  intptr_t cached = ptr_get(&w->decls, key);
  if (cached) return (int)cached - 1;
  xref_kind k = kind_of(d);
  int idx = -1;
  const char *usr = k ? cursor_string(w->tu->arena, clang_getCursorUSR(d)) : NULL;
  if (usr && *usr) idx = strmap_get(&w->usrs, usr);
  if (k && idx < 0) {
    const char *name = cursor_spelling(w->tu->arena, d);
    xref_sym s = {.usr = usr && *usr ? usr : NULL, .name = name, .kind = (unsigned char)k};
    s.decl = describe(w, d, k, name);
    sym_position(w, &s, d);
    sym_scope(w, &s, d);
    if (!name || !VEC_PUSH(w->tu->arena, &w->x->syms, s)) return -1;
    idx = (int)w->x->syms.len - 1;
    if (s.usr) strmap_put(&w->usrs, s.usr, idx);
  }
  ptr_put(w->tu->arena, &w->decls, key, idx + 1);
  return idx;
}

/* The file an #include "..." names, as a symbol (once per file). */
static int include_sym(xwalk *w, CXCursor inc) {
  CXFile f = clang_getIncludedFile(inc);
  if (!f || is_system_file(w->unit, f)) return -1;
  intptr_t cached = ptr_get(&w->decls, f);
  if (cached) return (int)cached - 1;
  const char *path = file_name(w, f), *base = path ? strrchr(path, '/') : NULL;
  xref_sym s = {.usr = path ? arena_printf(w->tu->arena, "c:@file:%s", path) : NULL,
                .name = base ? base + 1 : path, .file = path, .line = 1, .col = 1,
                .kind = XREF_FILE, .defined = true};
  if (!s.usr || !VEC_PUSH(w->tu->arena, &w->x->syms, s)) return -1;
  ptr_put(w->tu->arena, &w->decls, f, (intptr_t)w->x->syms.len);
  return (int)w->x->syms.len - 1;
}

/* ---- tokens ---- */

static unsigned char token_kind(CXTokenKind k) {
  switch (k) {
  case CXToken_Keyword: return XTOK_KEYWORD;
  case CXToken_Identifier: return XTOK_IDENT;
  case CXToken_Literal: return XTOK_LITERAL;
  case CXToken_Comment: return XTOK_COMMENT;
  default: return XTOK_PUNCT;
  }
}

/* The declaration an identifier token names, or a null cursor. *decl is
 * set when the token is the name a declaration introduces. */
static CXCursor named_decl(CXCursor c, unsigned off, bool *decl) {
  enum CXCursorKind k = clang_getCursorKind(c);
  *decl = false;
  if (clang_isDeclaration(k) || k == CXCursor_MacroDefinition || k == CXCursor_LabelStmt) {
    unsigned at = 0;
    clang_getSpellingLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &at);
    *decl = at == off;
    return c;
  }
  if (clang_isReference(k) || clang_isExpression(k) || k == CXCursor_MacroExpansion)
    return clang_getCursorReferenced(c);
  return clang_getNullCursor();
}

static int resolve(xwalk *w, CXCursor c, const char *text, unsigned off, unsigned len, bool *decl) {
  CXCursor d = named_decl(c, off, decl);
  if (clang_Cursor_isNull(d) || clang_isInvalid(clang_getCursorKind(d))) return -1;
  int s = sym_of(w, d);
  if (s < 0) return -1;
  const char *name = w->x->syms.items[s].name;
  if (strlen(name) != len || memcmp(name, text + off, len) != 0) return *decl = false, -1;
  return s;
}

/* '#' first on its line, and the directive name after it. */
static bool line_start(const char *text, unsigned off) {
  while (off > 0 && (text[off - 1] == ' ' || text[off - 1] == '\t')) off--;
  return off == 0 || text[off - 1] == '\n';
}

static unsigned token_offset(CXTranslationUnit unit, CXToken tok) {
  unsigned off = 0;
  clang_getSpellingLocation(clang_getTokenLocation(unit, tok), NULL, NULL, NULL, &off);
  return off;
}

/* Where a token that starts at from ends, the next one starting at next:
 * tokens never end in white space or a line continuation, and only those
 * lie between tokens. Cheaper than asking libclang for every extent. */
static unsigned token_end(const char *text, unsigned from, unsigned next) {
  while (next > from) {
    char c = text[next - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') next--;
    else if (c == '\\' && (text[next] == '\n' || text[next] == '\r')) next--;
    else break;
  }
  return next;
}

static void fill_tokens(xwalk *w, xref_file *xf, const char *text, CXToken *toks, CXCursor *curs,
                        unsigned n) {
  bool after_hash = false;
  unsigned next = n ? token_offset(w->unit, toks[0]) : 0;
  for (unsigned i = 0; i < n; i++) {
    unsigned from = next;
    next = i + 1 < n ? token_offset(w->unit, toks[i + 1]) : (unsigned)xf->size;
    if (next < from || next > xf->size) next = from; /* not in order: give it no text */
    unsigned to = token_end(text, from, next);
    xref_tok t = {.off = from, .len = to - from, .sym = -1,
                  .kind = token_kind(clang_getTokenKind(toks[i]))};
    if (after_hash && (t.kind == XTOK_IDENT || t.kind == XTOK_KEYWORD)) t.kind = XTOK_PP;
    after_hash = t.kind == XTOK_PUNCT && t.len == 1 && text[t.off] == '#' && line_start(text, t.off);
    if (after_hash) t.kind = XTOK_PP;
    if (t.kind == XTOK_IDENT) t.sym = resolve(w, curs[i], text, t.off, t.len, &t.decl);
    else if (t.kind == XTOK_LITERAL && text[t.off] == '"' &&
             clang_getCursorKind(curs[i]) == CXCursor_InclusionDirective)
      t.sym = include_sym(w, curs[i]);
    xf->toks[xf->ntoks++] = t;
  }
}

static int tokenize_file(xwalk *w, CXFile f) {
  size_t size = 0;
  const char *text = clang_getFileContents(w->unit, f, &size);
  if (!text || size > UINT32_MAX) return 0;
  xref_file xf = {.path = file_name(w, f), .size = size};
  xf.abs = xf.path;
  CXSourceRange all = clang_getRange(clang_getLocationForOffset(w->unit, f, 0),
                                     clang_getLocationForOffset(w->unit, f, (unsigned)size));
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(w->unit, all, &toks, &n);
  CXCursor *curs = n ? ca_xmalloc(n * sizeof *curs) : NULL;
  xf.toks = n ? arena_alloc_uninit(w->tu->arena, n * sizeof *xf.toks) : NULL;
  if (n && (!curs || !xf.toks)) {
    ca_xfree(curs);
    clang_disposeTokens(w->unit, toks, n);
    return -1;
  }
  if (n) {
    clang_annotateTokens(w->unit, toks, n, curs);
    fill_tokens(w, &xf, text, toks, curs, n);
  }
  ca_xfree(curs);
  clang_disposeTokens(w->unit, toks, n);
  return xf.path && VEC_PUSH(w->tu->arena, &w->x->files, xf) ? 0 : -1;
}

int xref_extract(facts_tu *tu, CXTranslationUnit unit, void *claims) {
  xref_tu *x = arena_alloc(tu->arena, sizeof *x);
  if (!x) return -1;
  xwalk w = {.tu = tu, .x = x, .unit = unit, .claims = claims};
  strmap_init(&w.usrs, tu->arena);
  clang_getInclusions(unit, on_inclusion, &w);
  for (size_t i = 0; i < w.queue.len; i++)
    if (tokenize_file(&w, w.queue.items[i]) != 0) return -1;
  tu->xref = x;
  return arena_failed(tu->arena) ? -1 : 0;
}
