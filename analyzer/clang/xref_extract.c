/* xref_extract.c: tokens and references of one TU, for the browsable site.
 *
 * Each project file the TU read is cut into tokens by html/xref_lex.c (no
 * libclang), then one walk over the TU's cursors ties identifiers to
 * declarations: every declaration at its name, every reference (a name in
 * an expression, a type, a member, a label, a macro expansion) to what it
 * references, at the token where its name is written, when the
 * declaration is spelled like the token. A name that comes out of a
 * macro's body is not where the code shows it and is left alone.
 * libclang's tokenizer and clang_annotateTokens did this before, at a
 * source location per token: for a 250,000-line file a quarter of the run.
 * Identifiers in #define bodies are tied by name to the last definition of
 * the macro in the TU, as that annotation did. Declarations are described
 * once per TU (cached by Decl pointer, unified by USR): the kind, the
 * declared type as hover shows it (from the definition when the TU has
 * it), the position of the definition, else of the declaration, and
 * struct layouts. */
#include "clang/xref_extract.h"
#include "clang/cursor.h"
#include "clang/walk.h"
#include "html/xref.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Pointer-keyed cache (Decl* or CXFile -> value), open addressing. */
typedef struct ptrmap { const void **keys; intptr_t *vals; size_t cap, len; } ptrmap;

/* A tokenized file's text and where the last reference into it was found. */
typedef struct xtext { const char *text; size_t hint; } xtext;

typedef struct xwalk {
  facts_tu *tu;
  xref_tu *x;
  CXTranslationUnit unit;
  ptrmap decls;          /* Decl* -> sym index + 1 */
  ptrmap names;          /* CXFile -> interned real path (as intptr_t) */
  ptrmap seen;           /* CXFile -> 1: files already queued */
  strmap usrs;           /* USR -> sym index */
  VEC(CXFile) queue;     /* project files to tokenize, in inclusion order */
  ptrmap files;          /* CXFile -> index in x->files + 1 */
  VEC(xtext) texts;      /* per x->files entry */
  CXFile last_file;      /* file_index's last answer */
  long last_index;
  strmap bodynames;      /* identifier in some #define body -> index into macros */
  VEC(CXCursor) macros;  /* the last definition of each such name, or null */
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

static void sym_position(xwalk *w, xref_sym *s, CXCursor d) {
  CXCursor def = clang_getCursorDefinition(d);
  CXCursor at = cursor_is_null(def) ? d : def;
  CXSourceLocation loc = clang_getCursorLocation(at);
  CXFile f = NULL;
  clang_getExpansionLocation(loc, &f, &s->line, &s->col, NULL);
  s->file = file_name(w, f);
  s->defined = !cursor_is_null(def) || clang_getCursorKind(d) == CXCursor_MacroDefinition ||
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
  const void *key = cursor_decl_key(d);
  intptr_t cached = ptr_get(&w->decls, key);
  if (cached) return (int)cached - 1;
  xref_kind k = kind_of(d);
  int idx = -1;
  const char *usr = k ? cursor_string(w->tu->arena, clang_getCursorUSR(d)) : NULL;
  if (usr && *usr) idx = strmap_get(&w->usrs, usr);
  if (k && idx < 0) {
    const char *name = cursor_spelling(w->tu->arena, d);
    xref_sym s = {.usr = usr && *usr ? usr : NULL, .name = name, .kind = (unsigned char)k};
    CXCursor def = clang_getCursorDefinition(d); /* as defined, when this TU defines it */
    s.decl = describe(w, cursor_is_null(def) ? d : def, k, name);
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

/* ---- references ---- */

/* The token of file fi that starts at off, or -1: near the last one found
 * (the walk meets a file's names mostly in order), else by bisection. */
static long token_at(xwalk *w, size_t fi, unsigned off) {
  const xref_file *xf = &w->x->files.items[fi];
  size_t h = w->texts.items[fi].hint, lo = 0, hi = xf->ntoks;
  for (size_t k = h; k < h + 3 && k < xf->ntoks; k++)
    if (xf->toks[k].off == off) return (long)(w->texts.items[fi].hint = k);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (xf->toks[mid].off < off) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= xf->ntoks || xf->toks[lo].off != off) return -1;
  w->texts.items[fi].hint = lo;
  return (long)lo;
}

/* The index in x->files of a file this TU tokenized, or -1. */
static long file_index(xwalk *w, CXFile f) {
  if (!f) return -1;
  if (f != w->last_file) w->last_file = f, w->last_index = ptr_get(&w->files, f) - 1;
  return w->last_index;
}

/* Where a cursor's name is written: file index and offset, or -1 when it
 * is not in a file this TU tokenized, or comes from a macro's body (its
 * spelling is then not where the code reads it). */
static long name_position(xwalk *w, CXCursor c, unsigned *off) {
  CXSourceLocation loc = clang_getCursorLocation(c);
  CXFile f = NULL, ff = NULL;
  unsigned foff = 0;
  clang_getSpellingLocation(loc, &f, NULL, NULL, off);
  long fi = file_index(w, f);
  if (fi < 0) return -1;
  clang_getFileLocation(loc, &ff, NULL, NULL, &foff);
  return ff == f && foff == *off ? fi : -1;
}

/* `int x;` at file scope with no initializer anywhere in the TU defines x
 * (C's tentative definition): it is where x is defined, unless another TU
 * gives x an initializer (xref_link prefers that one). */
static void tentative(xwalk *w, xref_sym *s, CXCursor c) {
  if (s->defined || s->kind != XREF_GLOBAL || clang_getCursorKind(c) != CXCursor_VarDecl ||
      clang_Cursor_getStorageClass(c) == CX_SC_Extern)
    return;
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getCursorLocation(c), &f, &s->line, &s->col, NULL);
  s->file = file_name(w, f);
  s->defined = s->tentative = true;
}

/* Ties the identifier at the cursor's name to d when d is spelled like it;
 * the first cursor that does wins. */
static void tie(xwalk *w, CXCursor c, bool decl, bool referenced) {
  unsigned off = 0;
  long fi = name_position(w, c, &off), ti = fi >= 0 ? token_at(w, (size_t)fi, off) : -1;
  if (ti < 0) return;
  xref_tok *t = &w->x->files.items[fi].toks[ti];
  if (t->kind != XTOK_IDENT || t->sym >= 0) return;
  CXCursor d = referenced ? clang_getCursorReferenced(c) : c;
  if (cursor_is_null(d) || clang_isInvalid(clang_getCursorKind(d))) return;
  int s = sym_of(w, d);
  if (s < 0) return;
  const char *name = w->x->syms.items[s].name, *text = w->texts.items[fi].text;
  if (strlen(name) != t->len || memcmp(name, text + t->off, t->len) != 0) return;
  t->sym = s, t->decl = decl;
  if (decl) tentative(w, &w->x->syms.items[s], c);
}

/* #include "x.h": the quoted name after the cursor's position on its line. */
static void tie_include(xwalk *w, CXCursor c) {
  unsigned off = 0;
  CXFile f = NULL;
  clang_getSpellingLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
  long fi = file_index(w, f);
  if (fi < 0) return;
  xref_file *xf = &w->x->files.items[fi];
  const char *text = w->texts.items[fi].text;
  size_t lo = 0, hi = xf->ntoks;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (xf->toks[mid].off < off) lo = mid + 1;
    else hi = mid;
  }
  for (size_t i = lo; i < xf->ntoks && i < lo + 4; i++) {
    xref_tok *t = &xf->toks[i];
    if (t->kind == XTOK_LITERAL && text[t->off] == '"') {
      t->sym = include_sym(w, c);
      return;
    }
  }
}

/* A macro a #define's replacement list names (by spelling only): the
 * last definition of each such name in the TU, whatever file holds it. */
static void note_macro(xwalk *w, CXCursor c) {
  if (!w->bodynames.len) return;
  CXString s = clang_getCursorSpelling(c);
  const char *name = clang_getCString(s);
  int k = name ? strmap_get(&w->bodynames, name) : -1;
  clang_disposeString(s);
  if (k >= 0) w->macros.items[k] = c;
}

static void visit_one(xwalk *w, CXCursor c, enum CXCursorKind k) {
  switch (k) {
  case CXCursor_DeclRefExpr: case CXCursor_MemberRefExpr: case CXCursor_MacroExpansion:
    tie(w, c, false, true);
    return;
  case CXCursor_MacroDefinition: case CXCursor_LabelStmt: tie(w, c, true, false); return;
  case CXCursor_InclusionDirective: tie_include(w, c); return;
  default:
    if (clang_isDeclaration(k)) tie(w, c, true, false);
    else if (clang_isReference(k)) tie(w, c, false, true);
  }
}

static enum CXChildVisitResult visit_inner(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  visit_one(data, c, clang_getCursorKind(c));
  return CXChildVisit_Recurse;
}

/* A top-level cursor in a file this TU does not tokenize is skipped whole,
 * except a macro definition, which a #define here may name. */
static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data) {
  xwalk *w = data;
  (void)parent;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_MacroDefinition) note_macro(w, c);
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
  if (file_index(w, f) < 0) return CXChildVisit_Continue;
  visit_one(w, c, k);
  if (k != CXCursor_MacroDefinition && k != CXCursor_MacroExpansion && k != CXCursor_InclusionDirective)
    clang_visitChildren(c, visit_inner, w);
  return CXChildVisit_Continue;
}

/* ---- tokens ---- */

/* Identifiers in the replacement lists of #defines the TU made (not those
 * of skipped blocks), by name: the names a macro definition is kept for. */
static void collect_body_names(xwalk *w, const xref_file *xf, const char *text) {
  for (size_t i = 0; i < xf->ntoks; i++) {
    const xref_tok *t = &xf->toks[i];
    if (!t->body) continue;
    char *name = arena_strndup(w->tu->arena, text + t->off, t->len);
    if (name && strmap_get(&w->bodynames, name) < 0 &&
        VEC_PUSH(w->tu->arena, &w->macros, clang_getNullCursor()))
      strmap_put(&w->bodynames, name, (int)w->macros.len - 1);
  }
}

/* Ties the identifiers of #define bodies to the macros they name, in the
 * #defines the TU made (whose name the walk tied to a definition). */
static void tie_bodies(xwalk *w, size_t fi) {
  xref_file *xf = &w->x->files.items[fi];
  const char *text = w->texts.items[fi].text;
  bool live = false;
  char name[256];
  for (size_t i = 0; i < xf->ntoks; i++) {
    xref_tok *t = &xf->toks[i];
    if (t->kind == XTOK_PP && t->len == 6 && memcmp(text + t->off, "define", 6) == 0)
      live = i + 1 < xf->ntoks && xf->toks[i + 1].decl;
    if (!t->body || !live || t->sym >= 0 || t->len >= sizeof name) continue;
    memcpy(name, text + t->off, t->len), name[t->len] = 0;
    int k = strmap_get(&w->bodynames, name);
    if (k >= 0 && !cursor_is_null(w->macros.items[k])) t->sym = sym_of(w, w->macros.items[k]);
  }
}

static int tokenize_file(xwalk *w, CXFile f) {
  size_t size = 0;
  const char *text = clang_getFileContents(w->unit, f, &size);
  if (!text || size > UINT32_MAX) return 0;
  xref_file xf = {.path = file_name(w, f), .size = size};
  xf.abs = xf.path;
  if (!xf.path) return 0;
  if (!xref_lex(text, size, &xf.toks, &xf.ntoks)) return -1;
  if (!VEC_PUSH(w->tu->arena, &w->x->files, xf)) return ca_xfree(xf.toks), -1;
  collect_body_names(w, &xf, text);
  xtext tx = {.text = text};
  if (!VEC_PUSH(w->tu->arena, &w->texts, tx)) return -1;
  return ptr_put(w->tu->arena, &w->files, f, (intptr_t)w->x->files.len) ? 0 : -1;
}

int xref_extract(facts_tu *tu, CXTranslationUnit unit, void *claims) {
  xref_tu *x = arena_alloc(tu->arena, sizeof *x);
  if (!x) return -1;
  xwalk w = {.tu = tu, .x = x, .unit = unit, .claims = claims};
  tu->xref = x; /* facts_tu_free frees its token arrays, even half made */
  strmap_init(&w.usrs, tu->arena);
  strmap_init(&w.bodynames, tu->arena);
  clang_getInclusions(unit, on_inclusion, &w);
  for (size_t i = 0; i < w.queue.len; i++)
    if (tokenize_file(&w, w.queue.items[i]) != 0) return -1;
  if (x->files.len) clang_visitChildren(clang_getTranslationUnitCursor(unit), visit_top, &w);
  for (size_t i = 0; i < x->files.len; i++) tie_bodies(&w, i);
  return arena_failed(tu->arena) ? -1 : 0;
}
