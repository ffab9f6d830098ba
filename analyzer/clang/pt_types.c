/* pt_types.c: type predicates and record layouts for the points-to extractor.
 * Offsets are bytes from the start of the outermost record; arrays count as
 * one element (the model in pt_solve.h). */
#include "clang/pt_types.h"
#include "clang/cursor.h"
#include <string.h>

static CXType canon(CXType t) {
  t = cursor_canonical(t);
  if (t.kind == CXType_Atomic) t = cursor_canonical(clang_Type_getValueType(t));
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

bool pt_type_int_carrier(CXType t) {
  t = canon(pt_type_elem(t));
  switch (t.kind) {
  case CXType_Long: case CXType_ULong: case CXType_LongLong: case CXType_ULongLong:
  case CXType_Int128: case CXType_UInt128:
    return clang_Type_getSizeOf(t) >= (long long)sizeof(void *);
  default: return false;
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

/* ---- leaves: where each scalar member of a record lies ---- */

typedef VEC(pt_leaf) leafvec;

/* Collects into out, or only the first leaf into *first when out is NULL. */
typedef struct leafwalk {
  arena *a;
  leafvec *out;
  pt_leaf *first;
  size_t n;
  long base;
  CXType rec;
  int depth;
} leafwalk;

static void add_leaves(leafwalk *w, CXType t);

static enum CXVisitorResult visit_leaf(CXCursor c, CXClientData data) {
  leafwalk *w = data;
  if (!w->out && w->n) return CXVisit_Break;
  long long bits = clang_Cursor_getOffsetOfField(c);
  if (bits < 0) return CXVisit_Continue;
  long at = w->base + (long)(bits / 8);
  CXType ft = canon(pt_type_elem(clang_getCursorType(c)));
  if (pt_type_record(ft) && w->depth < 8) {
    leafwalk inner = *w;
    inner.base = at, inner.rec = ft, inner.depth = w->depth + 1;
    add_leaves(&inner, ft);
    w->n = inner.n;
    return CXVisit_Continue;
  }
  pt_leaf l = {at, w->rec, at - w->base, c};
  if (!w->out) *w->first = l;
  else if (!VEC_PUSH(w->a, w->out, l)) return CXVisit_Break; /* out of memory: the arena says so */
  w->n++;
  return CXVisit_Continue;
}

static void add_leaves(leafwalk *w, CXType t) { clang_Type_visitFields(canon(t), visit_leaf, w); }

static size_t walk_leaves(leafwalk *w, CXType t) {
  t = canon(pt_type_elem(t));
  if (!pt_type_record(t)) return 0;
  w->rec = t;
  add_leaves(w, t);
  return w->n;
}

size_t pt_type_leaves(arena *a, CXType t, pt_leaf **out) {
  leafvec v = {0};
  leafwalk w = {.a = a, .out = &v};
  walk_leaves(&w, t);
  *out = v.items;
  return v.len;
}

bool pt_type_first_leaf(CXType t, pt_leaf *first) {
  leafwalk w = {.first = first};
  return walk_leaves(&w, t) == 1;
}

const char *pt_type_name(arena *a, CXType t) {
  CXString s = clang_getTypeSpelling(canon(t));
  const char *r = arena_strdup(a, clang_getCString(s));
  clang_disposeString(s);
  return r;
}

static unsigned bits_of(CXType t) {
  return (pt_type_array(t) ? PT_T_ARRAY : 0) | (pt_type_record(t) ? PT_T_RECORD : 0) |
         (pt_type_pointer(t) ? PT_T_POINTER : 0) | (pt_type_carries(t) ? PT_T_CARRIES : 0) |
         (pt_type_int_carrier(t) ? PT_T_INT_CARRIER : 0) | (pt_type_bytes(t) ? PT_T_BYTES : 0);
}

/* A CXType is its QualType (data[0]) in its TU (data[1]): one memo per TU,
 * so data[0] names the type. */
unsigned pt_type_bits(ptrmap *memo, CXType t) {
  int known = t.data[0] ? ptrmap_get(memo, t.data[0]) : -1;
  if (known >= 0) return (unsigned)known;
  unsigned b = bits_of(t);
  if (t.data[0]) ptrmap_put(memo, t.data[0], (int)b);
  return b;
}
