/* pt_types.c: type predicates and field layout for the points-to extractor.
 * Offsets are bytes from the start of the outermost record; arrays count as
 * one element (the model in pt_solve.h). */
#include "pt_types.h"
#include <string.h>

static CXType canon(CXType t) {
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Atomic) t = clang_getCanonicalType(clang_Type_getValueType(t));
  return t;
}

bool pt_type_array(CXType t) {
  switch (canon(t).kind) {
  case CXType_ConstantArray: case CXType_IncompleteArray: case CXType_VariableArray:
  case CXType_DependentSizedArray: return true;
  default: return false;
  }
}

bool pt_type_record(CXType t) { return canon(t).kind == CXType_Record; }
bool pt_type_aggregate(CXType t) { return pt_type_record(t) || pt_type_array(t); }

bool pt_type_pointer(CXType t) {
  enum CXTypeKind k = canon(t).kind;
  return k == CXType_Pointer || k == CXType_BlockPointer;
}

bool pt_type_carries(CXType t) {
  t = canon(t);
  switch (t.kind) {
  case CXType_Pointer: case CXType_BlockPointer: case CXType_FunctionProto:
  case CXType_FunctionNoProto: case CXType_Record: case CXType_Unexposed:
    return true;
  case CXType_Long: case CXType_ULong: case CXType_LongLong: case CXType_ULongLong:
  case CXType_Int128: case CXType_UInt128:
    return clang_Type_getSizeOf(t) >= (long long)sizeof(void *);
  default:
    return pt_type_array(t);
  }
}

bool pt_type_bytes(CXType t) {
  t = canon(t);
  if (t.kind != CXType_Pointer) return t.kind >= CXType_FirstBuiltin && t.kind <= CXType_LastBuiltin;
  switch (canon(clang_getPointeeType(t)).kind) {
  case CXType_Void: case CXType_Char_S: case CXType_Char_U: case CXType_SChar: case CXType_UChar:
    return true;
  default: return false;
  }
}

CXType pt_type_elem(CXType t) {
  for (int guard = 0; guard < 16 && pt_type_array(t); guard++) t = clang_getArrayElementType(canon(t));
  return t;
}

CXType pt_type_record_of(CXType t) {
  t = canon(t);
  if (t.kind == CXType_Pointer) t = canon(clang_getPointeeType(t));
  return canon(pt_type_elem(t));
}

long pt_field_offset(CXType t, CXCursor member) {
  CXCursor field = clang_getCursorReferenced(member);
  if (clang_Cursor_isNull(field)) field = member;
  CXString name = clang_getCursorSpelling(field);
  const char *n = clang_getCString(name);
  long long bits = -1;
  if (n && *n) bits = clang_Type_getOffsetOf(canon(t), n);
  clang_disposeString(name);
  if (bits < 0 && clang_getCursorKind(field) == CXCursor_FieldDecl)
    bits = clang_Cursor_getOffsetOfField(field); /* relative to its own record */
  return bits < 0 ? -1 : (long)(bits / 8);
}

/* ---- leaf fields with paths ---- */

typedef struct fieldwalk {
  arena *a;
  VEC(pt_field) out;
  long base;
  const char *prefix;
  int depth;
} fieldwalk;

enum { MAX_NAMED_FIELDS = 64 };

static void add_fields(fieldwalk *w, CXType t);

static enum CXVisitorResult visit_field(CXCursor c, CXClientData data) {
  fieldwalk *w = data;
  if (w->out.len >= MAX_NAMED_FIELDS) return CXVisit_Break;
  long long bits = clang_Cursor_getOffsetOfField(c);
  if (bits < 0) return CXVisit_Continue;
  CXString s = clang_getCursorSpelling(c);
  const char *name = clang_getCString(s);
  bool anonymous = !name || !*name || clang_Cursor_isAnonymousRecordDecl(c) || strstr(name, "(anonymous") ||
                   strstr(name, "(unnamed");
  const char *path = anonymous ? w->prefix
                     : w->prefix ? arena_printf(w->a, "%s.%s", w->prefix, name)
                                 : arena_strdup(w->a, name);
  clang_disposeString(s);
  fieldwalk inner = *w;
  inner.base = w->base + (long)(bits / 8), inner.prefix = path, inner.depth = w->depth + 1;
  CXType ft = pt_type_elem(clang_getCursorType(c));
  if (pt_type_record(ft) && inner.depth < 4) {
    add_fields(&inner, ft);
    w->out = inner.out;
  } else if (path) {
    pt_field f = {inner.base, path};
    VEC_PUSH(w->a, &w->out, f);
  }
  return CXVisit_Continue;
}

static void add_fields(fieldwalk *w, CXType t) {
  clang_Type_visitFields(canon(t), visit_field, w);
}

pt_field *pt_type_fields(arena *a, CXType t, unsigned *n) {
  *n = 0;
  t = pt_type_elem(t);
  if (!pt_type_record(t)) return NULL;
  fieldwalk w = {.a = a};
  add_fields(&w, t);
  *n = (unsigned)w.out.len;
  return w.out.items;
}

/* ---- arrays of scalars inside records ---- */

typedef struct arraywalk { arena *a; VEC(pt_range) out; long base; int depth; } arraywalk;

enum { MAX_ARRAYS = 64 };

static void add_arrays(arraywalk *w, CXType t);

static enum CXVisitorResult visit_array(CXCursor c, CXClientData data) {
  arraywalk *w = data;
  if (w->out.len >= MAX_ARRAYS) return CXVisit_Break;
  long long bits = clang_Cursor_getOffsetOfField(c);
  if (bits < 0) return CXVisit_Continue;
  CXType t = clang_getCursorType(c);
  long at = w->base + (long)(bits / 8);
  CXType elem = pt_type_elem(t);
  if (pt_type_record(elem) && w->depth < 6) { /* arrays of records are one element */
    arraywalk inner = *w;
    inner.base = at, inner.depth = w->depth + 1;
    add_arrays(&inner, elem);
    w->out = inner.out;
  } else if (pt_type_array(t) && bits > 0) {
    /* A first member is not told apart: a pointer to its start may be a
     * pointer to the enclosing record (memcpy(&b, &a, sizeof b)). */
    long long size = clang_Type_getSizeOf(t);
    pt_range r = {at, at + (size > 0 ? (long)size : 0)};
    if (size > 0) VEC_PUSH(w->a, &w->out, r);
  }
  return CXVisit_Continue;
}

static void add_arrays(arraywalk *w, CXType t) { clang_Type_visitFields(canon(t), visit_array, w); }

pt_range *pt_type_arrays(arena *a, CXType t, unsigned *n) {
  *n = 0;
  t = pt_type_elem(t);
  if (!pt_type_record(t)) return NULL;
  arraywalk w = {.a = a};
  add_arrays(&w, t);
  *n = (unsigned)w.out.len;
  return w.out.items;
}

/* ---- leaves: where each scalar member of a record lies ---- */

typedef struct leafwalk { pt_leaf *out; unsigned n, max; long base; CXType rec; int depth; } leafwalk;

static void add_leaves(leafwalk *w, CXType t);

static enum CXVisitorResult visit_leaf(CXCursor c, CXClientData data) {
  leafwalk *w = data;
  if (w->n >= w->max) return CXVisit_Break;
  long long bits = clang_Cursor_getOffsetOfField(c);
  if (bits < 0) return CXVisit_Continue;
  long at = w->base + (long)(bits / 8);
  CXType ft = canon(pt_type_elem(clang_getCursorType(c)));
  if (pt_type_record(ft) && w->depth < 8) {
    leafwalk inner = *w;
    inner.base = at, inner.rec = ft, inner.depth = w->depth + 1;
    add_leaves(&inner, ft);
    w->n = inner.n;
  } else {
    w->out[w->n++] = (pt_leaf){at, w->rec, at - w->base, c};
  }
  return CXVisit_Continue;
}

static void add_leaves(leafwalk *w, CXType t) { clang_Type_visitFields(canon(t), visit_leaf, w); }

unsigned pt_type_leaves(CXType t, pt_leaf *out, unsigned max) {
  t = canon(pt_type_elem(t));
  if (!pt_type_record(t) || !max) return 0;
  leafwalk w = {.out = out, .max = max, .rec = t};
  add_leaves(&w, t);
  return w.n;
}

const char *pt_type_name(arena *a, CXType t) {
  CXString s = clang_getTypeSpelling(canon(t));
  const char *r = arena_strdup(a, clang_getCString(s));
  clang_disposeString(s);
  return r;
}
