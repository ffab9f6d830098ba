/* pt_extract.c: one TU's AST -> points-to constraints (pt_facts.h).
 *
 * A second walk over each top-level declaration, right after the
 * frontend's (over the same cursor tree), on the same worker thread. Expressions are evaluated to values: a value is either a node
 * (the pointer it holds is what the node points to) or a constant address
 * (&x + off), which saves a temporary for the most common operands.
 * - rval(e): what e evaluates to. A record or array expression evaluates to
 *   the address of its storage, so struct assignment, struct arguments and
 *   struct returns are all memcpy between addresses.
 * - lval(e): the address of the location e designates.
 * Functions are interned with frontend_func, and indirect calls keyed by
 * frontend_location, so link and the frontend's call list agree.
 * Invariant: every cursor kind not handled explicitly is evaluated as the
 * union of its children, which is sound for value flow. */
#include "clang/cursor.h"
#include "clang/walk.h"
#include "pointsto/pt_facts.h"
#include "pointsto/pt_models.h"
#include "clang/pt_types.h"
#include "base/ptrmap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct val { int obj; long off; bool addr; } val;
static const val NOVAL = {-1, 0, false};

/* The record types of a record's members (arrays of them too). */
struct nest { CXType *types; unsigned n; };

typedef struct pt_walk {
  facts_tu *tu;
  pt_tu *pt;
  CXTranslationUnit unit;
  ptrmap vars;        /* canonical VarDecl/ParmDecl -> object */
  ptrmap files;       /* CXFile -> index into names */
  VEC(const char *) namevec;
  const char **names;
  int *funcobj;     /* TU function -> FUNC object + 1 */
  int *frameobj;    /* TU function -> FRAME object + 1 */
  size_t nfuncslots;
  int func;         /* enclosing function, or -1 */
  bool positions;   /* record_pos records (a FILE:LINE:COL query was asked) */
  bool record_va;   /* the target's va_list is a record (x86-64, AArch64): a char * is not one */
  strmap cells;     /* field cell key -> object; "cast:A|B" once done */
  ptrmap fields;      /* FieldDecl -> its cell object (decl_cell's answer, cached) */
  ptrmap records;     /* record declaration -> 1 once note_record saw it */
  ptrmap valists;     /* record declaration -> is it a va_list (may_be_va_list) */
  ptrmap funcdecls;   /* function declaration -> TU function (frontend_func, cached: a USR is costly) */
  ptrmap types;       /* type -> pt_type_bits */
  ptrmap nested;      /* canonical record type -> index into nestvec */
  VEC(struct nest) nestvec;
  struct typememo { const void *node, *parent; enum CXCursorKind kind; CXType t; } typememo[512]; /* type_of */
  struct castmemo { const void *from, *to; } castmemo[256]; /* note_cast: pairs done */
} pt_walk;
typedef pt_walk px;

/* ---- types (pt_types.h), remembered per TU ---- */

/* clang_getCursorType, remembered: the walk asks for the type of one
 * expression or declaration several times (a cast, then its operand's
 * read, then the variable behind it), and each call was about 200
 * instructions: 530 K calls on SQLite. Direct-mapped by the cursor's
 * first two words (a declaration and its region, or an expression's
 * function and the expression itself); a slot matches only the same
 * words and kind, so a hit is the same cursor. */
static CXType type_of(px *x, CXCursor c) {
  uint64_t h = ((uint64_t)(uintptr_t)c.data[0] ^ (uint64_t)(uintptr_t)c.data[1] * 0x9e3779b97f4a7c15ull) >> 4;
  struct typememo *m = &x->typememo[(h ^ h >> 17) % (sizeof x->typememo / sizeof *x->typememo)];
  if (m->node == c.data[0] && m->parent == c.data[1] && m->kind == c.kind && (c.data[0] || c.data[1])) return m->t;
  CXType t = clang_getCursorType(c);
  m->node = c.data[0], m->parent = c.data[1], m->kind = c.kind, m->t = t;
  return t;
}

static bool has(px *x, CXType t, unsigned bit) { return (pt_type_bits(&x->types, t) & bit) != 0; }
static bool is_carries(px *x, CXType t) { return has(x, t, PT_T_CARRIES); }
static bool is_record(px *x, CXType t) { return has(x, t, PT_T_RECORD); }
static bool is_pointer(px *x, CXType t) { return has(x, t, PT_T_POINTER); }
static bool is_array(px *x, CXType t) { return has(x, t, PT_T_ARRAY); }
static bool is_bytes(px *x, CXType t) { return has(x, t, PT_T_BYTES); }
static bool is_int_carrier(px *x, CXType t) { return has(x, t, PT_T_INT_CARRIER); }
static bool is_aggregate(px *x, CXType t) { return has(x, t, PT_T_RECORD | PT_T_ARRAY); }

/* ---- maps and objects ---- */

/* Real path of a file, as the frontend names it (so link can relativise). */
static const char *file_name(px *x, CXFile f) {
  int i = ptrmap_get(&x->files, f);
  if (i >= 0) return x->names[i];
  const char *copy = frontend_file_name(x->tu->arena, f);
  if (!copy || !VEC_PUSH(x->tu->arena, &x->namevec, copy)) return NULL;
  x->names = x->namevec.items;
  ptrmap_put(&x->files, f, (int)x->namevec.len - 1);
  return copy;
}

static int new_obj(px *x, enum pt_okind kind, const char *name, CXCursor where) {
  pt_obj o = {.kind = (unsigned char)kind, .func = x->func, .name = name};
  if (!cursor_is_null(where)) frontend_location(where, x->tu->arena, &o.file, &o.line, &(unsigned){0});
  if (!VEC_PUSH(x->tu->arena, &x->pt->objs, o)) return -1;
  return (int)x->pt->objs.len - 1;
}

static int temp(px *x) {
  pt_obj o = {.kind = PT_O_TEMP, .func = -1};
  if (!VEC_PUSH(x->tu->arena, &x->pt->objs, o)) return -1;
  return (int)x->pt->objs.len - 1;
}

static int func_of(px *x, CXCursor decl) {
  int f = ptrmap_get(&x->funcdecls, decl.data[0]);
  if (f >= 0) return f;
  f = frontend_func(x->tu, decl);
  if (f >= 0) ptrmap_put(&x->funcdecls, decl.data[0], f);
  return f;
}

static bool func_slots(px *x, int f) {
  if ((size_t)f < x->nfuncslots) return true;
  size_t n = x->nfuncslots ? x->nfuncslots : 64;
  while (n <= (size_t)f) n *= 2;
  int *fo = arena_alloc(x->tu->arena, n * sizeof *fo), *fr = arena_alloc(x->tu->arena, n * sizeof *fr);
  if (!fo || !fr) return false;
  if (x->nfuncslots) {
    memcpy(fo, x->funcobj, x->nfuncslots * sizeof *fo);
    memcpy(fr, x->frameobj, x->nfuncslots * sizeof *fr);
  }
  x->funcobj = fo, x->frameobj = fr, x->nfuncslots = n;
  return true;
}

static int fn_object(px *x, int f, enum pt_okind kind) {
  if (f < 0 || !func_slots(x, f)) return -1;
  int *slot = kind == PT_O_FUNC ? &x->funcobj[f] : &x->frameobj[f];
  if (*slot) return *slot - 1;
  pt_obj o = {.kind = (unsigned char)kind, .func = f, .name = x->tu->funcs.items[f].name,
              .file = x->tu->funcs.items[f].file, .line = x->tu->funcs.items[f].line};
  if (!VEC_PUSH(x->tu->arena, &x->pt->objs, o)) return -1;
  *slot = (int)x->pt->objs.len;
  return *slot - 1;
}


static void set_size(px *x, int o, long size, long total) {
  if (o >= 0) x->pt->objs.items[o].size = size, x->pt->objs.items[o].total = total;
}

/* What a variable or member of type t may point to (pts_set_holds): a
 * function pointer code; a pointer to a record, a pointer or a float data
 * (no strings, no functions); anything else (void *, char *, pointers to
 * integers, records themselves) anything. Arrays: their elements. */
static unsigned char holds_of(CXType t) {
  t = cursor_canonical(pt_type_elem(t));
  if (t.kind != CXType_Pointer) return PTS_HOLDS_ANY;
  CXType to = cursor_canonical(clang_getPointeeType(t));
  if (to.kind == CXType_FunctionProto || to.kind == CXType_FunctionNoProto) return PTS_HOLDS_CODE;
  /* char *, void * and integers carry anything (text, bytes, laundering) */
  bool bytes = to.kind == CXType_Void || (to.kind >= CXType_FirstBuiltin && to.kind <= CXType_LastBuiltin &&
                                          to.kind != CXType_Float && to.kind != CXType_Double &&
                                          to.kind != CXType_LongDouble);
  return bytes ? PTS_HOLDS_ANY : PTS_HOLDS_DATA;
}

/* Every integer wide enough to hold a pointer (variable, parameter, member,
 * array of them) of one declared type (a typedef such as Datum or
 * uintptr_t, or long itself) is one object of the program, linked across
 * TUs like a global. Merging places is coarser, never less sound, and keeps
 * the solver from giving each of them (every parameter and local of a
 * Datum type) its own copy of the same large set. Integers in memory
 * reached through pointers (a heap array of them) keep their own cells. */
static int int_object(px *x, CXType t) {
  t = pt_type_elem(t);
  if (t.kind == CXType_Elaborated) t = clang_Type_getNamedType(t); /* how clang 16+ spells a typedef's use */
  if (t.kind != CXType_Typedef) return -2;
  CXCursor td = clang_getTypeDeclaration(t);
  if (cursor_is_null(td) || clang_Location_isInSystemHeader(clang_getCursorLocation(td))) return -2;
  CXString sp = clang_getTypeSpelling(t);
  const char *tn = clang_getCString(sp);
  const char *key = arena_printf(x->tu->arena, "int:%s", tn ? tn : "?");
  clang_disposeString(sp);
  if (!key) return -1;
  int o = strmap_get(&x->cells, key);
  if (o >= 0) return o;
  int saved = x->func;
  x->func = -1;
  o = new_obj(x, PT_O_GLOBAL, arena_printf(x->tu->arena, "every %s", key + 4), clang_getNullCursor());
  x->func = saved;
  if (o < 0) return -1;
  x->pt->objs.items[o].usr = key;
  x->pt->objs.items[o].size = 1;
  x->pt->objs.items[o].holds = PTS_HOLDS_ANY;
  return strmap_put(&x->cells, key, o) ? o : -1;
}

/* The object of a variable: globals carry their USR, locals their function. */
static int var_object(px *x, CXCursor decl) {
  CXType dt = type_of(x, decl);
  int io = is_int_carrier(x, dt) ? int_object(x, dt) : -2;
  if (io != -2) return io;
  CXCursor canon = clang_getCanonicalCursor(decl);
  int o = ptrmap_get(&x->vars, canon.data[0]);
  if (o >= 0) return o;
  bool global = clang_getCursorKind(decl) == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(decl) == 1;
  int saved = x->func;
  if (global && clang_getCursorLinkage(decl) == CXLinkage_External) x->func = -1;
  o = new_obj(x, global ? PT_O_GLOBAL : PT_O_LOCAL, cursor_spelling(x->tu->arena, decl), decl);
  x->func = saved;
  if (o < 0) return -1;
  pt_obj *ob = &x->pt->objs.items[o];
  if (global && clang_getCursorLinkage(decl) == CXLinkage_External) {
    CXString usr = clang_getCursorUSR(decl);
    ob->usr = arena_strdup(x->tu->arena, clang_getCString(usr));
    clang_disposeString(usr);
  } else {
    ob->internal = global;
  }
  ob->size = 1; /* one cell: what its members hold lives in field cells */
  ob->holds = holds_of(dt);
  ptrmap_put(&x->vars, canon.data[0], o);
  return o;
}

/* ---- constraints on values ---- */

static void con(px *x, enum pt_ckind kind, val dst, val src, long off) {
  pt_con c = {(unsigned char)kind, {dst.obj, dst.off}, {src.obj, src.off}, off, 0, NULL};
  VEC_PUSH(x->tu->arena, &x->pt->cons, c);
}

static val node_of(int obj) { return (val){obj, 0, false}; }

/* A value as a node (a temporary for a constant address). */
static val as_node(px *x, val v) {
  if (v.obj < 0 || !v.addr) return v;
  val t = node_of(temp(x));
  if (t.obj >= 0) con(x, PT_C_ADDR, t, (val){v.obj, v.off, false}, 0);
  return t;
}

/* dst (a node) receives v. */
static void flow(px *x, val dst, val v) {
  if (v.obj < 0 || dst.obj < 0) return;
  if (v.addr) con(x, PT_C_ADDR, dst, (val){v.obj, v.off, false}, 0);
  else if (dst.obj != v.obj || dst.off != v.off) con(x, PT_C_COPY, dst, v, 0);
}

static val merge(px *x, val a, val b) {
  if (a.obj < 0) return b;
  if (b.obj < 0 || (a.obj == b.obj && a.off == b.off && a.addr == b.addr)) return a;
  val t = node_of(temp(x));
  flow(x, t, a), flow(x, t, b);
  return t;
}

static val load(px *x, val ptr, long off) {
  if (ptr.obj < 0) return NOVAL;
  if (ptr.addr) return (val){ptr.obj, ptr.off + off, false};
  val t = node_of(temp(x));
  con(x, PT_C_LOAD, t, ptr, off);
  return t;
}

static void store(px *x, val ptr, long off, val v) {
  if (ptr.obj < 0 || v.obj < 0) return;
  if (ptr.addr) return flow(x, (val){ptr.obj, ptr.off + off, false}, v);
  con(x, PT_C_STORE, ptr, as_node(x, v), off);
}

/* ---- cursor helpers ---- */

typedef cursor_kids kids;


static CXCursor strip_parens(CXCursor c) {
  for (int guard = 0; guard < 32; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && !(k == CXCursor_UnexposedExpr && cursor_children(c).n == 1)) break;
    c = cursor_last_child(c);
  }
  return c;
}

/* Could T be a va_list? x86-64 and AArch64 spell it as a record named
   __va_list_tag / __va_list (or an array of one); other targets as char * or
   void *. A cheap test on the type, so that the token lookup below (slow:
   it was 3 s of 3.5 s extracting SQLite) runs only where va_arg can be. */
static bool may_be_va_list(px *x, CXType t) {
  t = cursor_canonical(t);
  if (t.kind == CXType_ConstantArray) t = cursor_canonical(clang_getArrayElementType(t));
  else if (t.kind == CXType_Pointer) t = cursor_canonical(clang_getPointeeType(t));
  if (t.kind == CXType_Char_S || t.kind == CXType_Char_U || t.kind == CXType_Void) return !x->record_va;
  if (t.kind != CXType_Record) return false;
  CXCursor d = clang_getTypeDeclaration(t);
  int known = ptrmap_get(&x->valists, d.data[0]); /* per record: its name is read once */
  if (known >= 0) return known;
  CXString s = clang_getCursorSpelling(d);
  const char *n = clang_getCString(s);
  bool yes = n && strstr(n, "va_list") != NULL;
  clang_disposeString(s);
  ptrmap_put(&x->valists, d.data[0], yes);
  return yes;
}

/* libclang shows VAArgExpr as an UnexposedExpr; its first token tells. */
static bool is_va_arg(px *x, CXCursor c, const kids *k) {
  /* va_arg(ap, T): a TypeRef to T may come first, ap is last (k holds
     the first CURSOR_MAXKIDS children only) */
  if (k->n == 0 || k->n > 2) return false;
  CXCursor ap = k->c[k->n - 1];
  if (!may_be_va_list(x, type_of(x, ap))) return false;
  /* an implicit conversion of a va_arg also starts with the token va_arg,
     but its operand starts where it does */
  CXSourceLocation loc = clang_getRangeStart(clang_getCursorExtent(c));
  if (clang_equalLocations(loc, clang_getRangeStart(clang_getCursorExtent(ap)))) return false;
  CXToken *tok = clang_getToken(x->unit, loc);
  if (!tok) return false;
  CXString s = clang_getTokenSpelling(x->unit, *tok);
  const char *n = clang_getCString(s);
  bool yes = n && (strcmp(n, "va_arg") == 0 || strcmp(n, "__builtin_va_arg") == 0);
  clang_disposeString(s);
  clang_disposeTokens(x->unit, tok, 1);
  return yes;
}

static void record_pos(px *x, CXCursor e, val v) {
  if (v.obj < 0 || !x->positions) return;
  val n = as_node(x, v);
  pt_pos p = {.ref = {n.obj, n.off}};
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(e)), &f, &p.line, &p.col, NULL);
  if (f && (p.file = file_name(x, f))) VEC_PUSH(x->tu->arena, &x->pt->pos, p);
}

/* ---- expressions ---- */

static val rval(px *x, CXCursor e);
static val lval(px *x, CXCursor e);
static val call(px *x, CXCursor e);
static void init_into(px *x, val addr, CXType t, CXCursor init);
static void effects(px *x, CXCursor c);

static val union_children(px *x, CXCursor e) {
  kids k = cursor_children(e);
  val v = NOVAL;
  if (k.n > 4) { /* many operands: walk them all */
    effects(x, e);
    return NOVAL;
  }
  for (unsigned i = 0; i < k.n; i++) v = merge(x, v, rval(x, k.c[i]));
  return v;
}

/* A parameter declared as an array (va_list param, char buf[], fn tbl[])
 * is a pointer: C adjusts its type, but libclang shows the type as written,
 * so without this its value would be taken for the address of an array of
 * its own and va_arg(param, T) would read one level short. */
static bool array_param(CXCursor decl) {
  if (clang_getCursorKind(decl) != CXCursor_ParmDecl) return false;
  enum CXTypeKind k = cursor_canonical(clang_getCursorType(decl)).kind;
  return k == CXType_ConstantArray || k == CXType_IncompleteArray || k == CXType_VariableArray ||
         k == CXType_DependentSizedArray;
}

static val decl_ref(px *x, CXCursor e, bool want_addr) {
  CXCursor ref = clang_getCursorReferenced(e);
  switch (clang_getCursorKind(ref)) {
  case CXCursor_FunctionDecl: {
    int f = func_of(x, ref);
    int o = fn_object(x, f, PT_O_FUNC);
    if (o >= 0 && x->pt->naddr_taken <= (size_t)f) {
      size_t n = (size_t)f + 64;
      bool *a = arena_alloc(x->tu->arena, n);
      if (a && x->pt->naddr_taken) memcpy(a, x->pt->addr_taken, x->pt->naddr_taken);
      if (a) x->pt->addr_taken = a, x->pt->naddr_taken = n;
    }
    if (o >= 0 && (size_t)f < x->pt->naddr_taken) x->pt->addr_taken[f] = true;
    return (val){o, 0, true};
  }
  case CXCursor_VarDecl: case CXCursor_ParmDecl: {
    int o = var_object(x, ref);
    if (!want_addr && array_param(ref)) return node_of(o);
    if (want_addr || is_aggregate(x, type_of(x, ref))) return (val){o, 0, true};
    return is_carries(x, type_of(x, ref)) ? node_of(o) : NOVAL;
  }
  default: return NOVAL;
  }
}

/* ---- field cells ----
 * What a member of a record holds is kept per record type, not per object
 * (a field-based model, as in Heintze and Tardieu's CLA): p->f names the
 * cell of f in p's record type whatever p points to, so an imprecise p
 * cannot spread one object's fields into another type's. The key is the
 * record the member belongs to directly and its offset there; a member
 * that is itself a record is its first leaf, so &p->sub and p->sub.x
 * agree. Cells of one program are linked across TUs by key. */

/* "struct (unnamed at /abs/dir/file.h:12:3)" -> "struct (unnamed at
 * file.h:12:3)": object ids in reports do not depend on where the tree
 * lies (the key keeps the whole spelling). */
static const char *short_name(px *x, const char *tn) {
  const char *at = strstr(tn, " at /"), *close = at ? strchr(at, ')') : NULL;
  if (!close) return tn;
  const char *base = at + 4;
  for (const char *c = at + 4; c < close; c++)
    if (*c == '/') base = c + 1;
  return arena_printf(x->tu->arena, "%.*s at %s", (int)(at - tn), tn, base);
}

/* ---- siblings: pointer arithmetic across a record's members ----
 * int **q = &s.f1; p = q + i; may reach any member of s of q's pointee
 * type: real code walks runs of members of one type as arrays. Each record
 * type has, per member type, a group object holding the addresses of the
 * cells of its members of that type (linked across TUs by key), and each
 * cell of a scalar member belongs to its group (PT_C_GROUP): arithmetic on
 * a pointer to pointers gives the cells of the groups that the cells it
 * points to belong to (PT_C_SIBLINGS); pointing anywhere else it gives
 * nothing more. A walk over members of another type would read one type
 * as another, which C's aliasing rules forbid; keeping to one type keeps a
 * walk over a record's callbacks off its data pointers. A cell of an array
 * member is reached by its record's arithmetic, but arithmetic inside it
 * (p = s->names; p[i]) stays there. A member that is itself a record
 * joins its group of the same member type to the outer one both ways,
 * since arithmetic may cross from one into the other. */

static int group_object(px *x, CXType rec, const char *member, int depth);

typedef struct nest_walk { px *x; VEC(CXType) found; } nest_walk;

static enum CXVisitorResult find_nested(CXCursor field, CXClientData data) {
  nest_walk *w = data;
  CXType ft = cursor_canonical(pt_type_elem(clang_getCursorType(field)));
  if (is_record(w->x, ft) && !VEC_PUSH(w->x->tu->arena, &w->found, ft)) return CXVisit_Break;
  return CXVisit_Continue;
}

/* rec's member records, found once per record: a record has a group per
 * member type, and each group joins the nested ones. NULL on OOM. */
static const struct nest *nested_records(px *x, CXType rec) {
  CXType c = cursor_canonical(rec);
  int i = ptrmap_get(&x->nested, c.data[0]);
  if (i >= 0) return &x->nestvec.items[i];
  nest_walk w = {x, {0}};
  clang_Type_visitFields(c, find_nested, &w);
  struct nest n = {w.found.items, (unsigned)w.found.len};
  if (arena_failed(x->tu->arena) || !VEC_PUSH(x->tu->arena, &x->nestvec, n) ||
      !ptrmap_put(&x->nested, c.data[0], (int)x->nestvec.len - 1))
    return NULL;
  return &x->nestvec.items[x->nestvec.len - 1];
}

/* The group of rec's members of type `member` (a type spelling). */
static int group_object(px *x, CXType rec, const char *member, int depth) {
  const char *tn = pt_type_name(x->tu->arena, rec);
  const char *key = tn ? arena_printf(x->tu->arena, "siblings:%s|%s", tn, member) : NULL;
  if (!key || depth > 16) return -1;
  int o = strmap_get(&x->cells, key);
  if (o >= 0) return o;
  int saved = x->func;
  x->func = -1;
  o = new_obj(x, PT_O_GLOBAL, arena_printf(x->tu->arena, "members of %s", short_name(x, tn)),
              clang_getNullCursor());
  x->func = saved;
  if (o < 0 || !strmap_put(&x->cells, key, o)) return -1;
  x->pt->objs.items[o].usr = key, x->pt->objs.items[o].size = 1;
  const struct nest *found = nested_records(x, rec);
  struct nest nr = found ? *found : (struct nest){0}; /* a copy: the recursion may move nestvec */
  for (unsigned i = 0; i < nr.n; i++) {
    int inner = group_object(x, nr.types[i], member, depth + 1);
    if (inner >= 0 && inner != o) {
      con(x, PT_C_COPY, node_of(o), node_of(inner), 0);
      con(x, PT_C_COPY, node_of(inner), node_of(o), 0);
    }
  }
  return o;
}

static void join_group(px *x, CXType rec, int cell, CXCursor field) {
  CXType ft = type_of(x, field);
  const char *member = pt_type_name(x->tu->arena, cursor_canonical(pt_type_elem(ft)));
  if (!member || !is_carries(x, pt_type_elem(ft))) return; /* walks read pointers only */
  int g = group_object(x, rec, member, 0);
  if (g < 0) return;
  con(x, PT_C_ADDR, node_of(g), node_of(cell), 0);
  if (!is_array(x, ft)) con(x, PT_C_GROUP, node_of(cell), node_of(g), 0);
}

/* Pointer arithmetic on v, a pointer to t's pointee: v, and with a pointee
 * that holds pointers (and is not a record, whose members are cells of
 * their own), the cells of the records v may point into. */
static val arithmetic(px *x, val v, CXType t) {
  if (v.obj < 0 || !is_pointer(x, t)) return v;
  CXType to = cursor_canonical(clang_getPointeeType(cursor_canonical(t)));
  if (!is_carries(x, to) || is_record(x, to)) return v;
  val n = as_node(x, v), all = node_of(temp(x));
  if (n.obj < 0 || all.obj < 0) return v;
  flow(x, all, n);
  con(x, PT_C_SIBLINGS, all, n, 0);
  return all;
}

static int cell_object(px *x, CXType rec, long off, CXCursor field) {
  const char *tn = pt_type_name(x->tu->arena, rec);
  const char *key = tn ? arena_printf(x->tu->arena, "field:%s#%ld", tn, off) : NULL;
  if (!key) return -1;
  int o = strmap_get(&x->cells, key);
  if (o >= 0) return o;
  CXString fs = clang_getCursorSpelling(field);
  const char *fn = clang_getCString(fs);
  const char *name = arena_printf(x->tu->arena, "%s.%s", short_name(x, tn), fn && *fn ? fn : "?");
  clang_disposeString(fs);
  int saved = x->func;
  x->func = -1;
  o = new_obj(x, PT_O_FIELD, name, field);
  x->func = saved;
  if (o < 0) return -1;
  x->pt->objs.items[o].usr = key, x->pt->objs.items[o].size = 1;
  x->pt->objs.items[o].holds = holds_of(type_of(x, field));
  if (!strmap_put(&x->cells, key, o)) return -1;
  join_group(x, rec, o, field);
  return o;
}

/* The cell of a field declaration: the record it belongs to directly (an
 * anonymous member's own struct or union) and its byte offset there; a
 * member that is a record: its first leaf. */
static val decl_cell_of(px *x, CXCursor f) {
  CXType ft = type_of(x, f);
  pt_leaf first;
  if (is_record(x, pt_type_elem(ft)) && pt_type_first_leaf(ft, &first))
    return (val){cell_object(x, first.rec, first.off, first.field), 0, true};
  int io = is_int_carrier(x, ft) ? int_object(x, ft) : -2;
  if (io != -2) return (val){io, 0, true};
  CXType rec = type_of(x, clang_getCursorSemanticParent(f));
  long long bits = clang_Cursor_getOffsetOfField(f);
  return (val){cell_object(x, rec, bits < 0 ? -1 : (long)(bits / 8), f), 0, true};
}

/* decl_cell_of, cached per declaration (member accesses are many). */
static val decl_cell(px *x, CXCursor f) {
  int known = ptrmap_get(&x->fields, f.data[0]);
  if (known >= 0) return (val){known, 0, true};
  val v = decl_cell_of(x, f);
  if (v.obj >= 0) ptrmap_put(&x->fields, f.data[0], v.obj);
  return v;
}

/* Two keys for one place: each cell receives what the other holds. */
static void same_place(px *x, const pt_leaf *a, const pt_leaf *b) {
  val ca = decl_cell(x, a->field), cb = decl_cell(x, b->field);
  if (ca.obj < 0 || cb.obj < 0 || ca.obj == cb.obj) return;
  con(x, PT_C_COPY, node_of(ca.obj), node_of(cb.obj), 0);
  con(x, PT_C_COPY, node_of(cb.obj), node_of(ca.obj), 0);
}

static bool first_time(px *x, const char *key) {
  if (!key || strmap_get(&x->cells, key) >= 0) return false;
  return strmap_put(&x->cells, key, 1);
}

/* Leaves by offset: (at, index) pairs sorted, so that the first leaf at an
 * offset is found by binary search (records can have thousands). */
typedef struct leaf_at { long at; size_t i; } leaf_at;

static int cmp_leaf_at(const void *pa, const void *pb) {
  const leaf_at *a = pa, *b = pb;
  if (a->at != b->at) return a->at < b->at ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

static leaf_at *by_offset(px *x, const pt_leaf *l, size_t n) {
  leaf_at *s = n ? arena_alloc(x->tu->arena, n * sizeof *s) : NULL;
  for (size_t i = 0; s && i < n; i++) s[i] = (leaf_at){l[i].at, i};
  if (s) qsort(s, n, sizeof *s, cmp_leaf_at);
  return s;
}

/* The index of the first leaf at offset at, or n if none. */
static size_t first_at(const leaf_at *s, size_t n, long at) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && s[lo].at == at ? s[lo].i : n;
}

/* Members of a union overlap: leaves at one offset are one place, each
 * joined to the first leaf there. Done once per record type met in a
 * member access. */
static void note_record(px *x, CXType rec) {
  CXCursor d = clang_getTypeDeclaration(cursor_canonical(rec));
  if (cursor_is_null(d) || ptrmap_get(&x->records, d.data[0]) >= 0) return;
  ptrmap_put(&x->records, d.data[0], 1);
  pt_leaf *l;
  size_t n = pt_type_leaves(x->tu->arena, rec, &l);
  leaf_at *s = by_offset(x, l, n);
  for (size_t i = 1; s && i < n; i++) {
    size_t j = first_at(s, n, l[i].at);
    if (j < i) same_place(x, &l[j], &l[i]);
  }
}

/* A cast between pointers to two record types (a header struct and the
 * struct it starts, sqlite3_file and unixFile, GCObject and GCUnion):
 * leaves at equal offsets are one place (each of a's with b's first). */
static void note_cast(px *x, CXType from, CXType to) {
  if (!is_pointer(x, from) || !is_pointer(x, to)) return;
  /* a pair of types seen before was handled then: most casts repeat one
   * (void * to a record pointer), and the work below is type queries and
   * a printed key (41 M instructions on SQLite) */
  uintptr_t h = (uintptr_t)from.data[0] * 31 ^ (uintptr_t)to.data[0];
  struct castmemo *m = &x->castmemo[(h >> 4 ^ h >> 15) % (sizeof x->castmemo / sizeof *x->castmemo)];
  if (m->from == from.data[0] && m->to == to.data[0] && from.data[0] && to.data[0]) return;
  m->from = from.data[0], m->to = to.data[0];
  CXType a = pt_type_record_of(from), b = pt_type_record_of(to);
  if (!is_record(x, a) || !is_record(x, b) || clang_equalTypes(a, b)) return;
  const char *an = pt_type_name(x->tu->arena, a), *bn = pt_type_name(x->tu->arena, b);
  if (!an || !bn) return;
  bool swap = strcmp(an, bn) > 0;
  if (!first_time(x, arena_printf(x->tu->arena, "cast:%s|%s", swap ? bn : an, swap ? an : bn))) return;
  note_record(x, a), note_record(x, b);
  pt_leaf *la, *lb;
  size_t na = pt_type_leaves(x->tu->arena, a, &la), nb = pt_type_leaves(x->tu->arena, b, &lb);
  leaf_at *sb = by_offset(x, lb, nb);
  for (size_t i = 0; sb && i < na; i++) {
    size_t j = first_at(sb, nb, la[i].at);
    if (j < nb) same_place(x, &la[i], &lb[j]);
  }
}

/* p->f, s.f: the cell of f. The base is evaluated for its effects only
 * (calls in it), unless f is itself a record (then &p->f also points where
 * p does); the records along the access are noted for their unions. */
static val member_addr(px *x, CXCursor e) {
  kids k = cursor_children(e);
  if (k.n == 0) return NOVAL;
  for (CXCursor c = e; clang_getCursorKind(c) == CXCursor_MemberRefExpr;) {
    kids ck = cursor_children(c);
    if (ck.n == 0) break;
    note_record(x, pt_type_record_of(type_of(x, ck.c[0])));
    c = strip_parens(ck.c[0]);
  }
  CXCursor f = clang_getCursorReferenced(e);
  if (cursor_is_null(f)) return effects(x, k.c[0]), NOVAL;
  if (!is_record(x, pt_type_elem(type_of(x, f)))) return effects(x, k.c[0]), decl_cell(x, f);
  /* &p->sub, a member that is a record: where p points (the object it
   * lies in, for queries), and its first leaf's cell (for reads of it as
   * bytes) */
  CXType bt = type_of(x, k.c[0]);
  return merge(x, is_pointer(x, bt) ? rval(x, k.c[0]) : lval(x, k.c[0]), decl_cell(x, f));
}

static bool is_zero(CXCursor e) {
  e = strip_parens(e);
  if (clang_getCursorKind(e) != CXCursor_IntegerLiteral) return false;
  CXEvalResult r = clang_Cursor_Evaluate(e);
  bool zero = r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
  if (r) clang_EvalResult_dispose(r);
  return zero;
}

static val subscript_addr(px *x, CXCursor e) {
  kids k = cursor_children(e);
  if (k.n < 2) return union_children(x, e);
  int bi = is_pointer(x, type_of(x, k.c[0])) || is_array(x, type_of(x, k.c[0])) ? 0 : 1;
  effects(x, k.c[1 - bi]);
  /* arrays are one element: a[i] is where a points; p[i] is p + i */
  val base = rval(x, k.c[bi]);
  CXType bt = type_of(x, strip_parens(k.c[bi]));
  return is_pointer(x, bt) && !is_array(x, bt) && !is_zero(k.c[1 - bi]) ? arithmetic(x, base, bt) : base;
}

static val lval(px *x, CXCursor e) {
  switch (clang_getCursorKind(e)) {
  case CXCursor_ParenExpr: return lval(x, cursor_last_child(e));
  case CXCursor_UnexposedExpr:
    if (cursor_children(e).n == 1) return lval(x, cursor_last_child(e));
    return rval(x, e);
  case CXCursor_DeclRefExpr: return decl_ref(x, e, true);
  case CXCursor_MemberRefExpr: return member_addr(x, e);
  case CXCursor_ArraySubscriptExpr: return subscript_addr(x, e);
  case CXCursor_UnaryOperator:
    if (clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_Deref) return rval(x, cursor_last_child(e));
    return rval(x, e);
  case CXCursor_CompoundLiteralExpr: {
    int o = new_obj(x, PT_O_LITERAL, "compound literal", e);
    set_size(x, o, 1, 0);
    val addr = {o, 0, true};
    init_into(x, addr, type_of(x, e), cursor_last_child(e));
    return addr;
  }
  case CXCursor_StringLiteral: {
    int o = new_obj(x, PT_O_STRING, "string", e);
    set_size(x, o, 1, 0);
    return (val){o, 0, true};
  }
  default: return rval(x, e); /* calls returning records, statement expressions, ... */
  }
}

/* The value stored at an lvalue of type t. */
static val read_at(px *x, val addr, CXType t) {
  if (is_aggregate(x, t) || cursor_canonical(t).kind == CXType_FunctionProto ||
      cursor_canonical(t).kind == CXType_FunctionNoProto)
    return addr;
  return is_carries(x, t) ? load(x, addr, 0) : NOVAL;
}

/* lhs = v (v already evaluated), for a scalar or record lhs of type t. */
static void assign_to(px *x, CXCursor lhs, CXType t, val v) {
  /* a record copy moves nothing: the members of source and destination
     live in the same field cells (those of their type) */
  if (is_record(x, t)) return (void)lval(x, lhs);
  if (!is_carries(x, t)) return effects(x, lhs);
  store(x, lval(x, lhs), 0, v);
}

static val binary(px *x, CXCursor e) {
  kids k = cursor_children(e);
  if (k.n != 2) return union_children(x, e);
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
  CXType t = type_of(x, e);
  switch (op) {
  case CXBinaryOperator_Assign: {
    val v = rval(x, k.c[1]);
    assign_to(x, k.c[0], type_of(x, k.c[0]), v);
    return v;
  }
  case CXBinaryOperator_Comma:
    effects(x, k.c[0]);
    return rval(x, k.c[1]);
  case CXBinaryOperator_LT: case CXBinaryOperator_GT: case CXBinaryOperator_LE:
  case CXBinaryOperator_GE: case CXBinaryOperator_EQ: case CXBinaryOperator_NE:
  case CXBinaryOperator_LAnd: case CXBinaryOperator_LOr:
    effects(x, e);
    return NOVAL;
  case CXBinaryOperator_Sub:
    if (is_pointer(x, type_of(x, k.c[0])) && is_pointer(x, type_of(x, k.c[1]))) {
      effects(x, e);
      return NOVAL; /* a difference of pointers is a count */
    }
    /* fall through */
  default:
    if (!is_carries(x, t)) {
      effects(x, e);
      return NOVAL;
    }
    if ((op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub) && is_pointer(x, t))
      return arithmetic(x, merge(x, rval(x, k.c[0]), rval(x, k.c[1])), t);
    return merge(x, rval(x, k.c[0]), rval(x, k.c[1]));
  }
}

/* p += n, p++: p receives what arithmetic on it may reach. */
static val moved(px *x, CXCursor p, CXType t) {
  val v = rval(x, p), all = arithmetic(x, v, t);
  if (all.obj != v.obj || all.off != v.off) store(x, lval(x, p), 0, all);
  return all;
}

static val compound_assign(px *x, CXCursor e) {
  kids k = cursor_children(e);
  if (k.n != 2) return union_children(x, e);
  val v = rval(x, k.c[1]);
  CXType t = type_of(x, k.c[0]);
  if (is_carries(x, t) && !is_pointer(x, t)) assign_to(x, k.c[0], t, v); /* x |= (intptr_t)p */
  else if (is_pointer(x, t)) return moved(x, k.c[0], t);                   /* p += n */
  else effects(x, k.c[0]);
  return rval(x, k.c[0]);
}

static val unary(px *x, CXCursor e) {
  switch (clang_getCursorUnaryOperatorKind(e)) {
  case CXUnaryOperator_PostInc: case CXUnaryOperator_PostDec: case CXUnaryOperator_PreInc:
  case CXUnaryOperator_PreDec:
    if (is_pointer(x, type_of(x, e))) return moved(x, cursor_last_child(e), type_of(x, e));
    return is_carries(x, type_of(x, e)) ? rval(x, cursor_last_child(e)) : (effects(x, e), NOVAL);
  case CXUnaryOperator_AddrOf: return lval(x, cursor_last_child(e));
  case CXUnaryOperator_Deref: return read_at(x, rval(x, cursor_last_child(e)), type_of(x, e));
  case CXUnaryOperator_LNot: case CXUnaryOperator_Real: case CXUnaryOperator_Imag:
    effects(x, e);
    return NOVAL;
  default: return is_carries(x, type_of(x, e)) ? rval(x, cursor_last_child(e)) : (effects(x, e), NOVAL);
  }
}

/* void * -> T ** (an array of pointers): the heap objects v points to are
 * seen through their clone for element type T * (pt_solve.h, typed heap).
 * All of a program's heap may be one allocation site (SQLite allocates
 * through one malloc): without clones every array of pointers in it would
 * be one cell. Arrays of records need no clone (their members live in field
 * cells), arrays of scalars hold no pointers. */
static val retype(px *x, val v, CXType from, CXType to) {
  if (v.obj < 0 || v.addr || !is_bytes(x, from) || !is_pointer(x, from) || !is_pointer(x, to))
    return v;
  CXType elem = cursor_canonical(clang_getPointeeType(cursor_canonical(to)));
  if (!is_pointer(x, elem)) return v;
  const char *name = pt_type_name(x->tu->arena, elem);
  val t = node_of(temp(x));
  pt_con c = {PT_C_RETYPE, {t.obj, 0}, {v.obj, v.off}, 0, holds_of(elem), name}; /* tsize: holds */
  if (t.obj < 0 || !name || !VEC_PUSH(x->tu->arena, &x->pt->cons, c)) return v;
  return t;
}

/* A conversion keeps the value: pointers point to objects, and offsets
 * inside them do not matter (members live in field cells). A cast between
 * pointers to two record types makes their overlapping members one place. */
static val cast_from(px *x, CXCursor e, CXCursor inner) {
  CXType t = type_of(x, e);
  if (!is_carries(x, t)) return effects(x, inner), NOVAL; /* (int)p: only its calls matter */
  val v = rval(x, inner);
  CXType from = type_of(x, inner);
  if (clang_equalTypes(from, t)) return v; /* lvalue to rvalue and the like */
  note_cast(x, from, t);
  return retype(x, v, from, t);
}

static val cast(px *x, CXCursor e) { return cast_from(x, e, cursor_last_child(e)); }

static val unexposed(px *x, CXCursor e) {
  kids k = cursor_children(e);
  bool va = is_va_arg(x, e, &k);
  if (!va && k.n == 1) return cast_from(x, e, k.c[0]); /* implicit conversion */
  if (va) {
    /* va_list holds a pointer to the function's varargs object (va_start) */
    val ap = rval(x, k.c[k.n - 1]);
    return is_carries(x, type_of(x, e)) ? load(x, load(x, ap, 0), 0) : NOVAL;
  }
  return union_children(x, e);
}

static val stmt_expr(px *x, CXCursor e) {
  CXCursor body = cursor_last_child(e);
  kids k = cursor_children(body);
  if (k.n == 0 || k.n > 4) return effects(x, body), NOVAL;
  for (unsigned i = 0; i + 1 < k.n; i++) effects(x, k.c[i]);
  return rval(x, k.c[k.n - 1]);
}

static val rval(px *x, CXCursor e) {
  switch (clang_getCursorKind(e)) {
  case CXCursor_IntegerLiteral: case CXCursor_FloatingLiteral: case CXCursor_CharacterLiteral:
  case CXCursor_ImaginaryLiteral: case CXCursor_UnaryExpr: case CXCursor_TypeRef:
    return NOVAL;
  case CXCursor_StringLiteral: return lval(x, e);
  case CXCursor_ParenExpr: return rval(x, cursor_last_child(e));
  case CXCursor_DeclRefExpr: return decl_ref(x, e, false);
  case CXCursor_MemberRefExpr: case CXCursor_ArraySubscriptExpr:
    return read_at(x, lval(x, e), type_of(x, e));
  case CXCursor_CompoundLiteralExpr: return read_at(x, lval(x, e), type_of(x, e));
  case CXCursor_UnaryOperator: return unary(x, e);
  case CXCursor_BinaryOperator: return binary(x, e);
  case CXCursor_CompoundAssignOperator: return compound_assign(x, e);
  case CXCursor_ConditionalOperator: {
    kids k = cursor_children(e);
    if (k.n != 3) return union_children(x, e);
    effects(x, k.c[0]);
    return merge(x, rval(x, k.c[1]), rval(x, k.c[2]));
  }
  case CXCursor_CallExpr: return call(x, e);
  case CXCursor_CStyleCastExpr: return cast(x, e);
  case CXCursor_UnexposedExpr: return unexposed(x, e);
  case CXCursor_StmtExpr: return stmt_expr(x, e);
  case CXCursor_InitListExpr: {
    int o = temp(x);
    val addr = {o, 0, true};
    init_into(x, addr, type_of(x, e), e);
    return read_at(x, addr, type_of(x, e));
  }
  default: return union_children(x, e);
  }
}

/* ---- calls ---- */

/* "int (void *)" for a function or a pointer to one, as facts_func.type spells it. */
static const char *fn_type(px *x, CXType t) {
  t = cursor_canonical(t);
  if (t.kind == CXType_Pointer) t = cursor_canonical(clang_getPointeeType(t));
  CXString s = clang_getTypeSpelling(t);
  const char *r = arena_strdup(x->tu->arena, clang_getCString(s));
  clang_disposeString(s);
  return r;
}

static bool is_fnptr(CXType t) {
  t = cursor_canonical(t);
  if (t.kind != CXType_Pointer) return false;
  enum CXTypeKind k = cursor_canonical(clang_getPointeeType(t)).kind;
  return k == CXType_FunctionProto || k == CXType_FunctionNoProto;
}

/* What the builtins evaluated here do to pointers: varargs,
 * __builtin_expect, atomics. Other __builtin_ functions (__builtin_memcpy,
 * __builtin___memcpy_chk, ...) are calls that pt_run.c models under the
 * library name; other __sync_ and __atomic_ ones (fetch_add, ...) move no
 * pointer. */
enum builtin_op {
  BI_CALL,      /* not evaluated here: a call */
  BI_NONE,      /* no pointer moves */
  BI_VA_START,  /* *arg 0 = the function's varargs */
  BI_VA_COPY,   /* *arg 0 = *arg 1 */
  BI_ARG0,      /* result: arg 0 */
  BI_LOAD,      /* result: *arg 0 */
  BI_SWAP       /* result: *arg 0, and *arg 0 = arg `value` (or arg 1 if there are fewer) */
};

typedef struct builtin_rule { const char *name; bool prefix; unsigned char op, value; } builtin_rule;

static const builtin_rule builtin_rules[] = {
    {"__builtin_va_start", false, BI_VA_START, 0}, {"__builtin_c23_va_start", false, BI_VA_START, 0},
    {"__builtin_va_copy", false, BI_VA_COPY, 0}, {"__builtin_va_end", false, BI_NONE, 0},
    {"__builtin_expect", false, BI_ARG0, 0}, {"__builtin_assume_aligned", false, BI_ARG0, 0},
    {"__atomic_load", true, BI_LOAD, 0}, {"__c11_atomic_load", true, BI_LOAD, 0},
    {"__atomic_store", true, BI_SWAP, 1}, {"__atomic_exchange", true, BI_SWAP, 1},
    {"__sync_lock_test_and_set", true, BI_SWAP, 2}, {"__sync_val_compare_and_swap", true, BI_SWAP, 2},
    {"__builtin_", true, BI_CALL, 0}, {"", true, BI_NONE, 0}};

/* The rule for a builtin's name (frontend_is_builtin): the first that
 * matches; the empty prefix at the end matches every name. */
static const builtin_rule *builtin_rule_of(const char *name) {
  const builtin_rule *r = builtin_rules;
  while (r->prefix ? strncmp(name, r->name, strlen(r->name)) != 0 : strcmp(name, r->name) != 0) r++;
  return r;
}

/* Evaluates a builtin call; false when it is a call after all (BI_CALL). */
static bool builtin(px *x, const char *name, val *args, unsigned n, val *out) {
  const builtin_rule *r = builtin_rule_of(name);
  *out = NOVAL;
  switch ((enum builtin_op)r->op) {
  case BI_CALL: return false;
  case BI_NONE: break;
  case BI_VA_START:
    if (n >= 1 && x->func >= 0)
      store(x, args[0], 0, (val){fn_object(x, x->func, PT_O_FRAME), PT_FRAME_VA, true});
    break;
  case BI_VA_COPY: if (n >= 2) store(x, args[0], 0, load(x, args[1], 0)); break;
  case BI_ARG0: if (n >= 1) *out = args[0]; break;
  case BI_LOAD: if (n >= 1) *out = load(x, args[0], 0); break;
  case BI_SWAP:
    if (n >= 2) *out = load(x, args[0], 0), store(x, args[0], 0, args[r->value < n ? r->value : 1]);
    break;
  }
  return true;
}

static pt_ref ref_of(px *x, val v) {
  val n = as_node(x, v);
  return (pt_ref){n.obj, n.off};
}

static void call_position(px *x, CXCursor e, pt_call *pc) {
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getCursorLocation(e), &f, &pc->line, &pc->col, NULL);
  pc->file = f ? file_name(x, f) : NULL;
}

/* A record handed by pointer to a library function whose model reads it
 * (sigaction's struct sigaction): its object's own cell receives what the
 * record's members hold, where the model loads. Not for every library
 * call: memset and memcpy of records would pour every member into the
 * cells of the (few) heap objects. */
static void show_record(px *x, CXCursor arg, val ptr) {
  CXType t = type_of(x, strip_parens(arg));
  if (ptr.obj < 0 || !is_pointer(x, t) || !is_record(x, pt_type_record_of(t))) return;
  pt_leaf *l;
  size_t n = pt_type_leaves(x->tu->arena, pt_type_record_of(t), &l);
  if (n == 0) return;
  val all = node_of(temp(x));
  for (size_t i = 0; i < n; i++) flow(x, all, read_at(x, decl_cell(x, l[i].field), type_of(x, l[i].field)));
  store(x, ptr, 0, all);
}

/* memcpy(p, q, sizeof *q) with p and q pointers to records copies
 * nothing: as a struct assignment, the members of both live in the field
 * cells of their types (two record types: a cast, their overlap is one
 * place). Only byte copies between untyped memory move pointers. */
static void record_copy(px *x, CXCursor e, const char *name, val *args, int nargs) {
  int d, s;
  if (!args || !pt_model_copies(name, &d, &s) || d >= nargs || s >= nargs) return;
  CXType td = type_of(x, strip_parens(clang_Cursor_getArgument(e, (unsigned)d)));
  CXType ts = type_of(x, strip_parens(clang_Cursor_getArgument(e, (unsigned)s)));
  if (!is_pointer(x, td) || !is_pointer(x, ts) || !is_record(x, pt_type_record_of(td)) ||
      !is_record(x, pt_type_record_of(ts)))
    return;
  note_cast(x, ts, td);
  args[s] = NOVAL;
}

/* A call that names its callee: a builtin evaluated here (true, its value
 * in *out), or a call of pc->callee, with what its library model needs
 * noted here. */
static bool direct(px *x, CXCursor e, CXCursor callee, val *args, int nargs, pt_call *pc, val *out) {
  CXString s = clang_getCursorSpelling(callee);
  const char *name = clang_getCString(s) ? clang_getCString(s) : "";
  bool done = true;
  if (!(frontend_is_builtin(name) && builtin(x, name, args, (unsigned)nargs, out))) {
    *out = NOVAL;
    if ((pc->callee = func_of(x, callee)) >= 0) {
      done = false;
      record_copy(x, e, name, args, nargs);
      if (clang_Location_isInSystemHeader(clang_getCursorLocation(callee)) && pt_model_reads_records(name))
        for (int i = 0; i < nargs; i++) show_record(x, clang_Cursor_getArgument(e, (unsigned)i), args[i]);
    }
  }
  clang_disposeString(s);
  return done;
}

/* The function pointers among a call's arguments, per argument (NULL: none). */
static bool *fn_args(px *x, CXCursor e, int nargs) {
  bool *fn = NULL;
  for (int i = 0; i < nargs; i++) {
    if (!is_fnptr(type_of(x, strip_parens(clang_Cursor_getArgument(e, (unsigned)i))))) continue;
    if (!fn && !(fn = arena_alloc(x->tu->arena, (size_t)nargs * sizeof *fn))) return NULL;
    fn[i] = true;
  }
  return fn;
}

static val call(px *x, CXCursor e) {
  int nargs = clang_Cursor_getNumArguments(e);
  if (nargs < 0) return union_children(x, e);
  val *args = nargs ? arena_alloc(x->tu->arena, (size_t)nargs * sizeof *args) : NULL;
  if (nargs && !args) return NOVAL; /* out of memory: the arena says so */
  pt_call pc = {.caller = x->func, .callee = -1, .fp = {-1, 0}, .ret = {-1, 0}, .nargs = (unsigned)nargs};
  for (int i = 0; i < nargs; i++) {
    CXCursor a = clang_Cursor_getArgument(e, (unsigned)i);
    args[i] = is_carries(x, type_of(x, a)) ? rval(x, a) : (effects(x, a), NOVAL);
    record_pos(x, a, args[i]);
  }
  pc.fnarg = fn_args(x, e, nargs);
  CXCursor callee = frontend_direct_callee(e); /* as the frontend decides it */
  val out;
  if (!cursor_is_null(callee)) {
    if (direct(x, e, callee, args, nargs, &pc, &out)) return out;
  } else {
    kids k = cursor_children(e);
    val fp = k.n ? rval(x, k.c[0]) : NOVAL;
    if (k.n) record_pos(x, k.c[0], fp);
    pc.fp = ref_of(x, fp);
    if (pc.fp.obj < 0) pc.fp.obj = temp(x); /* no pointer known: still a site */
    pc.fntype = k.n ? fn_type(x, type_of(x, k.c[0])) : NULL;
  }
  call_position(x, e, &pc);
  if (nargs && (pc.args = arena_alloc(x->tu->arena, (size_t)nargs * sizeof *pc.args)))
    for (int i = 0; i < nargs; i++) pc.args[i] = ref_of(x, args[i]);
  val ret = is_carries(x, type_of(x, e)) ? node_of(temp(x)) : NOVAL;
  pc.ret = (pt_ref){ret.obj, 0};
  VEC_PUSH(x->tu->arena, &x->pt->calls, pc);
  return ret;
}

/* ---- initializers ---- */

typedef struct initwalk {
  px *x;
  val addr;
  CXType t;
  VEC(CXCursor) fields;   /* of the record t, in order */
  size_t next;            /* the field the next positional value initialises */
  bool record, elided;
} initwalk;

static enum CXVisitorResult collect_field(CXCursor c, CXClientData data) {
  initwalk *st = data;
  return VEC_PUSH(st->x->tu->arena, &st->fields, c) ? CXVisit_Continue : CXVisit_Break;
}

/* A designated initializer (.a.b[2] = v): children are the designators
 * (MemberRef, or an index expression) then the value. */
static bool is_designated(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_UnexposedExpr) return false;
  kids k = cursor_children(c);
  return k.n >= 2 || (k.n >= 1 && clang_getCursorKind(k.c[0]) == CXCursor_MemberRef);
}

static void designated(initwalk *st, CXCursor d) {
  size_t n;
  CXCursor *c = cursor_all(st->x->tu->arena, d, &n);
  if (n < 2) return;
  CXType t = st->t;
  val addr = st->addr;
  for (size_t i = 0; i + 1 < n; i++) {
    t = pt_type_elem(t);
    if (clang_getCursorKind(c[i]) != CXCursor_MemberRef) continue; /* [i]: arrays are one element */
    CXCursor f = clang_getCursorReferenced(c[i]);
    addr = decl_cell(st->x, f);
    t = clang_getCursorType(f);
    for (size_t j = 0; st->record && i == 0 && j < st->fields.len; j++)
      if (clang_equalCursors(st->fields.items[j], f)) st->next = j + 1;
  }
  init_into(st->x, addr, t, c[n - 1]);
}

/* v stored somewhere in an aggregate of type t at addr: in every leaf. */
static void spray(px *x, CXType t, val addr, val v) {
  pt_leaf *l;
  size_t n = pt_type_leaves(x->tu->arena, t, &l);
  if (n == 0) return store(x, addr, 0, v);
  for (size_t i = 0; i < n; i++) store(x, decl_cell(x, l[i].field), 0, v);
}

/* A scalar where an aggregate was expected: braces were elided. Placing it
 * exactly needs the layout walk clang did; collapsing is sound. */
static bool elided(px *x, CXType want, CXCursor c) {
  if (!is_aggregate(x, want)) return false;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_InitListExpr || k == CXCursor_StringLiteral) return false;
  return !is_aggregate(x, type_of(x, c));
}

static enum CXChildVisitResult init_item(CXCursor c, CXCursor parent, CXClientData data) {
  initwalk *st = data;
  px *x = st->x;
  if (is_designated(c)) return designated(st, c), CXChildVisit_Continue;
  CXType ft = st->t;
  val addr = st->addr;
  if (st->record) {
    if (st->next >= st->fields.len) return effects(x, c), CXChildVisit_Continue;
    CXCursor f = st->fields.items[st->next++];
    addr = decl_cell(x, f);
    ft = clang_getCursorType(f);
  } else if (is_array(x, st->t)) {
    ft = clang_getArrayElementType(cursor_canonical(st->t));
  }
  if (st->elided || elided(x, ft, c)) {
    st->elided = true;
    spray(x, st->t, st->addr, rval(x, c));
    return CXChildVisit_Continue;
  }
  init_into(x, addr, ft, c);
  return CXChildVisit_Continue;
}

static void init_list(px *x, val addr, CXType t, CXCursor list) {
  initwalk *st = arena_alloc(x->tu->arena, sizeof *st);
  if (!st) return;
  st->x = x, st->addr = addr, st->t = cursor_canonical(t);
  st->record = is_record(x, t);
  if (st->record) clang_Type_visitFields(st->t, collect_field, st);
  cursor_visit(list, init_item, st);
}

static void init_into(px *x, val addr, CXType t, CXCursor init) {
  if (cursor_is_null(init)) return;
  enum CXCursorKind k = clang_getCursorKind(init);
  if (k == CXCursor_InitListExpr) return init_list(x, addr, t, init);
  if (is_array(x, t)) return effects(x, init); /* char s[] = "..." */
  val v = rval(x, init);
  record_pos(x, init, v);
  if (is_carries(x, t) && !is_record(x, t)) store(x, addr, 0, v); /* a record: as assign_to */
}

/* ---- statements ---- */

static void var_decl(px *x, CXCursor decl) {
  CXCursor init = clang_Cursor_getVarDeclInitializer(decl);
  int o = var_object(x, decl);
  if (!cursor_is_null(init) && o >= 0) init_into(x, (val){o, 0, true}, type_of(x, decl), init);
}

static void return_stmt(px *x, CXCursor stmt) {
  kids k = cursor_children(stmt);
  if (k.n == 0 || x->func < 0) return;
  val v = rval(x, k.c[0]);
  record_pos(x, k.c[0], v);
  flow(x, (val){fn_object(x, x->func, PT_O_FRAME), PT_FRAME_RET, false}, v);
}

static enum CXChildVisitResult effect_visit(CXCursor c, CXCursor parent, CXClientData data);

/* Evaluates what in c has effects on pointers (calls, assignments,
 * declarations, returns) and ignores pure values. */
static enum CXChildVisitResult effect_one(px *x, CXCursor c) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_CallExpr: case CXCursor_CompoundAssignOperator: case CXCursor_StmtExpr:
  case CXCursor_CompoundLiteralExpr:
    rval(x, c);
    return CXChildVisit_Continue;
  case CXCursor_BinaryOperator:
    if (clang_getCursorBinaryOperatorKind(c) != CXBinaryOperator_Assign) return CXChildVisit_Recurse;
    rval(x, c);
    return CXChildVisit_Continue;
  case CXCursor_VarDecl: var_decl(x, c); return CXChildVisit_Continue;
  case CXCursor_ReturnStmt: return_stmt(x, c); return CXChildVisit_Continue;
  case CXCursor_UnaryExpr: case CXCursor_FunctionDecl: case CXCursor_StructDecl:
  case CXCursor_UnionDecl: case CXCursor_EnumDecl: case CXCursor_TypedefDecl: case CXCursor_TypeRef:
    return CXChildVisit_Continue;
  default: return CXChildVisit_Recurse;
  }
}

static enum CXChildVisitResult effect_visit(CXCursor c, CXCursor parent, CXClientData data) {
  return effect_one(data, c);
}

static void effects(px *x, CXCursor c) {
  if (effect_one(x, c) == CXChildVisit_Recurse) cursor_visit(c, effect_visit, x);
}

static enum CXChildVisitResult body_visit(CXCursor c, CXCursor parent, CXClientData data) {
  if (clang_getCursorKind(c) == CXCursor_CompoundStmt) effects(data, c);
  return CXChildVisit_Continue;
}

/* Parameters receive the frame's formals; then the body. */
static void on_function(px *x, CXCursor decl) {
  int f = func_of(x, decl);
  if (f < 0) return;
  x->func = f;
  int frame = fn_object(x, f, PT_O_FRAME);
  int n = clang_Cursor_getNumArguments(decl);
  for (int i = 0; i < n && frame >= 0; i++) {
    CXCursor p = clang_Cursor_getArgument(decl, (unsigned)i);
    int o = var_object(x, p);
    val formal = {frame, PT_FRAME_PARAM + i, false};
    if (is_carries(x, type_of(x, p)) && !is_record(x, type_of(x, p))) flow(x, node_of(o), formal);
  }
  cursor_visit(decl, body_visit, x); /* parameters, attributes, the body */
  x->func = -1;
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data) {
  px *x = data;
  switch (clang_getCursorKind(c)) {
  case CXCursor_FunctionDecl:
    /* Bodies in system headers are library code, as in the frontend: such a
     * function is not defined in the program and gets its model instead. */
    if (clang_isCursorDefinition(c) && !clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
      on_function(x, c);
    return CXChildVisit_Continue;
  case CXCursor_VarDecl: var_decl(x, c); return CXChildVisit_Continue;
  case CXCursor_LinkageSpec: case CXCursor_UnexposedDecl: return CXChildVisit_Recurse;
  default: return CXChildVisit_Continue;
  }
}

pt_walk *pt_extract_begin(facts_tu *tu, CXTranslationUnit unit, bool positions) {
  pt_tu *pt = arena_alloc(tu->arena, sizeof *pt);
  px *x = arena_alloc(tu->arena, sizeof *x);
  if (!pt || !x) return NULL;
  tu->pt = pt;
  *x = (px){.tu = tu, .pt = pt, .unit = unit, .func = -1, .positions = positions};
  strmap_init(&x->cells, tu->arena);
  ptrmap *maps[] = {&x->vars, &x->files, &x->fields, &x->records, &x->valists, &x->funcdecls,
                    &x->types, &x->nested};
  for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) ptrmap_init(maps[i], tu->arena);
  CXTargetInfo ti = clang_getTranslationUnitTargetInfo(unit);
  if (ti) {
    CXString triple = clang_TargetInfo_getTriple(ti);
    const char *tr = clang_getCString(triple);
    x->record_va = tr && (strncmp(tr, "x86_64", 6) == 0 || strncmp(tr, "aarch64", 7) == 0);
    clang_disposeString(triple);
    clang_TargetInfo_dispose(ti);
  }
  return x;
}

void pt_extract_top(pt_walk *x, CXCursor c) {
  if (top_visit(c, clang_getNullCursor(), x) == CXChildVisit_Recurse) cursor_visit(c, top_visit, x);
}

int pt_extract_end(pt_walk *x) { return arena_failed(x->tu->arena) ? -1 : 0; }
