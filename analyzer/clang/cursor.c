/* cursor.c: see cursor.h. Every CXString is copied and disposed here, so
 * callers never hold one. */
#include "clang/cursor.h"
#include <stdint.h>
#include <string.h>

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data) {
  cursor_kids *k = data;
  (void)parent;
  if (k->n < CURSOR_MAXKIDS) k->c[k->n] = c;
  k->n++;
  return CXChildVisit_Continue;
}

cursor_kids cursor_children(CXCursor c) {
  cursor_kids k = {.n = 0};
  cursor_visit(c, collect, &k);
  return k;
}

typedef struct bounded { CXCursor *out; unsigned n, max; } bounded;

static enum CXChildVisitResult collect_bounded(CXCursor c, CXCursor parent, CXClientData data) {
  bounded *b = data;
  (void)parent;
  if (b->n == b->max) return CXChildVisit_Break;
  b->out[b->n++] = c;
  return CXChildVisit_Continue;
}

unsigned cursor_collect(CXCursor c, CXCursor *out, unsigned max) {
  bounded b = {out, 0, max};
  cursor_visit(c, collect_bounded, &b);
  return b.n;
}

typedef VEC(CXCursor) cursor_vec;
typedef struct growing { arena *a; cursor_vec v; } growing;

static enum CXChildVisitResult collect_all(CXCursor c, CXCursor parent, CXClientData data) {
  growing *g = data;
  (void)parent;
  return VEC_PUSH(g->a, &g->v, c) ? CXChildVisit_Continue : CXChildVisit_Break;
}

CXCursor *cursor_all(arena *a, CXCursor c, size_t *n) {
  growing g = {a, {0}};
  cursor_visit(c, collect_all, &g);
  *n = g.v.len;
  return g.v.items;
}

static enum CXChildVisitResult last(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  *(CXCursor *)data = c;
  return CXChildVisit_Continue;
}

CXCursor cursor_last_child(CXCursor c) {
  CXCursor inner = clang_getNullCursor();
  cursor_visit(c, last, &inner);
  return inner;
}

CXCursor cursor_goto_label(CXCursor g) {
  CXCursor ref = cursor_last_child(g);
  return cursor_is_null(ref) ? ref : clang_getCursorReferenced(ref);
}

unsigned cursor_offset(CXCursor c) {
  unsigned off = 0;
  clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
  return off;
}

CXCursor cursor_strip(CXCursor c) {
  for (int guard = 0; guard < 32; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
      break;
    CXCursor inner = cursor_last_child(c);
    if (cursor_is_null(inner)) break;
    c = inner;
  }
  return c;
}

bool cursor_null_constant(CXCursor e) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_GNUNullExpr) return true;
  if (k != CXCursor_IntegerLiteral) return false;
  CXEvalResult r = clang_Cursor_Evaluate(e);
  bool zero = r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
  if (r) clang_EvalResult_dispose(r);
  return zero;
}

CXCursor cursor_non_null_arm(CXCursor e) {
  if (clang_getCursorKind(e) != CXCursor_ConditionalOperator) return e;
  CXCursor arms[3];
  if (cursor_collect(e, arms, 3) != 3) return e;
  for (int i = 1; i < 3; i++)
    if (cursor_null_constant(arms[i])) return cursor_strip(arms[3 - i]);
  return e;
}

bool cursor_updates(CXCursor e) { return cursor_updates_kind(e, clang_getCursorKind(e)); }

bool cursor_updates_kind(CXCursor e, enum CXCursorKind k) {
  if (k == CXCursor_CompoundAssignOperator) return true;
  return k == CXCursor_UnaryOperator && cursor_update_op(clang_getCursorUnaryOperatorKind(e));
}

bool cursor_update_op(enum CXUnaryOperatorKind op) {
  return op == CXUnaryOperator_PreInc || op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreDec ||
         op == CXUnaryOperator_PostDec;
}

const void *cursor_decl_key(CXCursor d) {
  return clang_getCursorKind(d) == CXCursor_LabelStmt ? d.data[1] : d.data[0];
}

bool cursor_lasting_var(CXCursor d) {
  if (clang_getCursorKind(d) != CXCursor_VarDecl) return false;
  enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
  if (sc == CX_SC_Static || sc == CX_SC_Extern) return true;
  return clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_TranslationUnit;
}

unsigned char cursor_param_index(CXCursor e) {
  e = cursor_strip(e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr) return 0;
  CXCursor ref = clang_getCursorReferenced(e);
  if (clang_getCursorKind(ref) != CXCursor_ParmDecl) return 0;
  CXCursor fn = clang_getCursorSemanticParent(ref);
  int n = clang_Cursor_getNumArguments(fn);
  for (int j = 0; j < n && j < 255; j++)
    if (clang_equalCursors(clang_Cursor_getArgument(fn, j), ref)) return (unsigned char)(j + 1);
  return 0;
}

char *cursor_string(arena *a, CXString s) {
  char *copy = arena_strdup(a, clang_getCString(s));
  clang_disposeString(s);
  return copy;
}

char *cursor_spelling(arena *a, CXCursor c) {
  return cursor_string(a, clang_getCursorSpelling(c));
}

/* Direct-mapped by the QualType (data[0]) and its TU (data[1]); the table
 * is cleared for every TU, as a later TU may reuse both addresses. */
enum { CANON_SLOTS = 2048 };
typedef struct canon_slot { const void *type, *tu; CXType canonical; } canon_slot;
static _Thread_local canon_slot t_canon[CANON_SLOTS];

void cursor_types_reset(void) { memset(t_canon, 0, sizeof t_canon); }

CXType cursor_canonical(CXType t) {
  if (!t.data[0]) return clang_getCanonicalType(t);
  uintptr_t k = (uintptr_t)t.data[0];
  canon_slot *s = &t_canon[(k >> 4 ^ k >> 15) & (CANON_SLOTS - 1)];
  if (s->type == t.data[0] && s->tu == t.data[1]) return s->canonical;
  CXType c = clang_getCanonicalType(t);
  *s = (canon_slot){t.data[0], t.data[1], c};
  return c;
}
