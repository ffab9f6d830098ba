/* hot_extract.c: the extra facts the hotspots module needs, read from libclang
 * while the frontend walks a TU (see hot_extract.h for when each hook runs).
 *
 * - returned: does the caller return this call's value? That is what makes a
 *   function an allocation wrapper (it returns fresh memory from an allocator).
 * - carved: what it returns is a piece of that block (p + HDR; c->block +
 *   c->used with c->used moved on): a piece on every call, however rarely
 *   the block is made. A buffer's free tail (B->b + B->n, B->n left to the
 *   caller) is no piece: the wrapper allocates when the buffer grows.
 * - stored, out_arg, out_hand: memory handed back through a parameter
 *   instead (`*out = p;` in int make(T **out); `make(&p); return p;`).
 * - arg_param: which of the caller's parameters a returned call (or a call to
 *   a *free* function) passes on, so a wrapper's size parameter can be found
 *   (luaM_malloc_(L, size, tag)) and free wrappers recognised; for any other
 *   direct call, the frontend fills in the T ** parameters it passes on
 *   (hot_extract_out_param).
 * - arg_grow: for calls to *alloc* functions, is an argument x + k or x * k
 *   with k constant (realloc growth).
 * - argconst for integer-literal arguments of indirect calls (the frontend
 *   fills it for direct calls).
 * - FACTS_GROW_EXIT on a *free* call that a return follows (error path).
 * - alloc_ptr: a call through a pointer named *alloc* (g->frealloc, xMalloc).
 *
 * Invariant: only cursors of the TU being walked are kept, in tu->hot, and
 * they are dropped in hot_extract_finish, before the TU is disposed. The
 * work is bounded by a few cursor steps per call argument and per return. */
#include "clang/hot_extract.h"
#include "clang/cursor.h"
#include "clang/walk.h"
#include <string.h>

typedef struct saved_call { size_t index; CXCursor cursor; } saved_call;

/* A return statement: either `return v;` (var) or `return f(..);` (the
 * call's position); or, in stores, `*pk = v;` or `*pk = f(..);`. */
typedef struct saved_ret {
  int func;
  const char *var;
  const char *file;
  unsigned line, col;
  bool carved;         /* the return hands on a pointer carved from var's block */
  bool pointer;        /* `return v;` with v a pointer (it may be an out argument's) */
  unsigned char param; /* stores: 1 + k for the parameter pk stored through */
} saved_ret;

typedef struct scratch {
  VEC(saved_call) calls;
  VEC(saved_ret) rets;
  VEC(saved_ret) inits; /* calls that initialize a variable later freed */
  VEC(saved_ret) exits; /* every return statement's position */
  VEC(saved_ret) stores; /* pointers stored through a parameter */
  unsigned char *names;  /* per function: NAME_* bits, NAME_KNOWN once looked at */
} scratch;

enum { NAME_KNOWN = 1, NAME_FREE = 2, NAME_ALLOC = 4 };

/* Does callee f's name say free or alloc? Looked up once per function: a
 * TU's calls name the same few thousand functions over and over. */
static unsigned name_says(facts_tu *tu, scratch *s, int f) {
  if (f < 0 || (size_t)f >= tu->funcs.len || !tu->funcs.items[f].name) return 0;
  if (!s->names && !(s->names = arena_alloc(tu->arena, tu->funcs.len + 1))) return 0;
  unsigned char *n = &s->names[f];
  if (!*n) {
    const char *name = tu->funcs.items[f].name;
    *n = NAME_KNOWN | (strcasestr(name, "free") ? NAME_FREE : 0) |
         (strcasestr(name, "alloc") ? NAME_ALLOC : 0);
  }
  return *n;
}

static scratch *get_scratch(facts_tu *tu) {
  if (!tu->hot) tu->hot = arena_alloc(tu->arena, sizeof(scratch));
  return tu->hot;
}

void hot_extract_call(facts_tu *tu, size_t call_index, CXCursor call_expr) {
  scratch *s = get_scratch(tu);
  if (!s) return;
  saved_call sc = {call_index, call_expr};
  VEC_PUSH(tu->arena, &s->calls, sc);
}

static enum CXChildVisitResult first_child(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  *(CXCursor *)data = c;
  return CXChildVisit_Break;
}

static CXCursor initializer_call(CXCursor ref) {
  CXCursor decl = clang_getCursorReferenced(ref);
  if (clang_getCursorKind(decl) != CXCursor_VarDecl) return clang_getNullCursor();
  CXCursor init = clang_Cursor_getVarDeclInitializer(decl);
  if (cursor_is_null(init)) return init;
  init = cursor_strip(init);
  return clang_getCursorKind(init) == CXCursor_CallExpr ? init : clang_getNullCursor();
}

static void save_ret(facts_tu *tu, saved_ret r) {
  scratch *s = get_scratch(tu);
  if (s && (r.var || r.file)) VEC_PUSH(tu->arena, &s->rets, r);
}

/* return (char *)p + HDR; return &blk->data[0]; return c->block + off;:
 * a pointer carved from the block p (or the field c->block) points to is
 * that block's memory, handed on. The base (a variable or a pointer field),
 * or e itself for any other shape; *moved says whether it was carved, and
 * *offset is what was added to the base (p + off, &p[off]), if anything. */
static CXCursor carved_base(CXCursor e, bool *moved, CXCursor *offset) {
  *moved = false, *offset = clang_getNullCursor();
  for (int guard = 0; guard < 6; guard++) {
    e = cursor_strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    CXCursor inner = clang_getNullCursor();
    cursor_visit(e, first_child, &inner);
    if (cursor_is_null(inner)) return e;
    bool pointer = clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Pointer;
    if (k == CXCursor_MemberRefExpr && pointer) return e; /* c->block: the field's block */
    if (k == CXCursor_BinaryOperator) {
      enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
      if (op != CXBinaryOperator_Add && op != CXBinaryOperator_Sub) return e;
      if (clang_getCanonicalType(clang_getCursorType(cursor_strip(inner))).kind != CXType_Pointer)
        return e;
      if (cursor_is_null(*offset)) *offset = cursor_last_child(e);
    } else if (k == CXCursor_UnaryOperator) {
      if (clang_getCursorUnaryOperatorKind(e) != CXUnaryOperator_AddrOf) return e;
    } else if (k == CXCursor_ArraySubscriptExpr) {
      if (cursor_is_null(*offset)) *offset = cursor_last_child(e);
    } else if (k != CXCursor_MemberRefExpr) {
      return e;
    }
    e = inner, *moved = true;
  }
  return e;
}

/* ---- does a carver move on? ---- */

enum { OFFSET_DECLS = 8, WRITE_BUDGET = 20000 };

typedef struct offset_decls { CXCursor d[OFFSET_DECLS]; unsigned n; bool local; } offset_decls;

/* The variables and fields an offset reads; a local's initializer is read
 * through (size_t off = c->used; .. return c->block + off;). */
static enum CXChildVisitResult offset_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  offset_decls *o = data;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr) return CXChildVisit_Recurse;
  CXCursor d = clang_getCursorReferenced(c);
  enum CXCursorKind dk = clang_getCursorKind(d);
  if (dk == CXCursor_FieldDecl || dk == CXCursor_VarDecl || dk == CXCursor_ParmDecl) {
    if (o->n < OFFSET_DECLS) o->d[o->n++] = d;
    CXCursor init = dk == CXCursor_VarDecl && !o->local ? clang_Cursor_getVarDeclInitializer(d)
                                                         : clang_getNullCursor();
    if (!cursor_is_null(init)) {
      o->local = true; /* one level */
      offset_visit(init, c, o);
      cursor_visit(init, offset_visit, o);
      o->local = false;
    }
  }
  return CXChildVisit_Recurse;
}

typedef struct writes_seen { const offset_decls *o; bool hit; int budget; } writes_seen;

/* A field or a variable that outlives the call: what a bump allocator
 * moves (c->used += n, next_free = p->next); a local's or a parameter's
 * new value is gone when the function returns. */
static bool keeps(CXCursor d) {
  return clang_getCursorKind(d) == CXCursor_FieldDecl || cursor_lasting_var(d);
}

static enum CXChildVisitResult write_seen(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  writes_seen *w = data;
  if (--w->budget < 0) return CXChildVisit_Break;
  enum CXCursorKind k = clang_getCursorKind(c);
  bool write = cursor_updates(c) ||
               (k == CXCursor_BinaryOperator && clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign);
  if (write) {
    CXCursor lhs = clang_getNullCursor();
    cursor_visit(c, first_child, &lhs);
    lhs = cursor_strip(lhs);
    enum CXCursorKind lk = clang_getCursorKind(lhs);
    if (lk == CXCursor_DeclRefExpr || lk == CXCursor_MemberRefExpr) {
      CXCursor d = clang_getCursorReferenced(lhs);
      for (unsigned i = 0; keeps(d) && i < w->o->n; i++)
        if (clang_equalCursors(d, w->o->d[i])) return w->hit = true, CXChildVisit_Break;
    }
  }
  return CXChildVisit_Recurse;
}

/* Does a carver hand out a new piece on each call? An arena moves its
 * offset on (p = c->block + c->used; c->used += n;), and a header or a
 * constant offset carves a block made for this call. A buffer that hands
 * out its free tail (return B->b + B->n; the caller adds what it wrote to
 * B->n) gives the same space again until the caller fills it: it
 * allocates only when it grows, at the growth's rate. Only a fill level
 * kept in a field is such a tail: an element the caller names (return
 * &arr->items[i] after copying arr) is still handed out on every call. */
static bool moves_on(CXCursor offset, CXCursor fdecl) {
  if (cursor_is_null(offset)) return true;
  offset_decls o = {.n = 0};
  offset_visit(offset, clang_getNullCursor(), &o);
  cursor_visit(offset, offset_visit, &o);
  bool level = false; /* a fill level kept in a field: B->n */
  for (unsigned i = 0; i < o.n; i++) level |= clang_getCursorKind(o.d[i]) == CXCursor_FieldDecl;
  if (!level || cursor_is_null(fdecl)) return true; /* a constant, an index the caller gives */
  writes_seen w = {.o = &o, .budget = WRITE_BUDGET};
  cursor_visit(fdecl, write_seen, &w);
  return w.hit || w.budget < 0;
}

/* "c.block" for c->block or c.block (as the frontend names result_var). */
static const char *member_name(arena *a, CXCursor e, int depth) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_DeclRefExpr) return cursor_spelling(a, e);
  if (k != CXCursor_MemberRefExpr || depth > 8) return NULL;
  CXCursor base = clang_getNullCursor();
  cursor_visit(e, first_child, &base);
  const char *b = cursor_is_null(base) ? NULL : member_name(a, base, depth + 1);
  char *m = b ? cursor_spelling(a, e) : NULL;
  return m ? arena_printf(a, "%s.%s", b, m) : NULL;
}

/* p = c->block + c->used; .. return p;: p's initializer names the block. */
static void carved_initializer(facts_tu *tu, int func, CXCursor fdecl, CXCursor ref) {
  CXCursor decl = clang_getCursorReferenced(ref);
  if (clang_getCursorKind(decl) != CXCursor_VarDecl) return;
  CXCursor init = clang_Cursor_getVarDeclInitializer(decl), offset;
  bool moved;
  CXCursor base = cursor_is_null(init) ? init : carved_base(init, &moved, &offset);
  if (cursor_is_null(base) || !moved) return;
  saved_ret r = {.func = func, .var = member_name(tu->arena, base, 0), .carved = moves_on(offset, fdecl)};
  save_ret(tu, r);
}

static void returned_value(facts_tu *tu, int func, CXCursor fdecl, CXCursor e, int depth);

void hot_extract_return(facts_tu *tu, int func, CXCursor fdecl, CXCursor return_stmt) {
  if (func < 0) return;
  scratch *s = get_scratch(tu);
  saved_ret exit = {.func = func};
  frontend_location(return_stmt, tu->arena, &exit.file, &exit.line, &exit.col);
  if (s && exit.file) VEC_PUSH(tu->arena, &s->exits, exit);
  CXCursor e = clang_getNullCursor();
  cursor_visit(return_stmt, first_child, &e);
  if (cursor_is_null(e)) return; /* return; */
  returned_value(tu, func, fdecl, e, 0);
}

/* An arm of ?: that is a call (or ?: of calls), or a null constant. */
static bool call_arm(CXCursor e, int depth) {
  e = cursor_strip(e);
  if (cursor_null_constant(e) || clang_getCursorKind(e) == CXCursor_CallExpr) return true;
  CXCursor arms[3];
  return clang_getCursorKind(e) == CXCursor_ConditionalOperator && depth < 4 &&
         cursor_collect(e, arms, 3) == 3 && call_arm(arms[1], depth + 1) && call_arm(arms[2], depth + 1);
}

/* What a return hands on: a call, a variable, a field, the non-null arm
 * of p ? p : 0; and each call of a ?: of calls (return small ?
 * embedded(n) : raw(n);). A cache's `p ? p : (p = make())` stays the
 * cache heuristic's, inside its function. */
static void returned_value(facts_tu *tu, int func, CXCursor fdecl, CXCursor e, int depth) {
  e = cursor_strip(e);
  CXCursor arms[3];
  if (clang_getCursorKind(e) == CXCursor_ConditionalOperator && call_arm(e, depth) &&
      cursor_collect(e, arms, 3) == 3) {
    for (int i = 1; i < 3; i++)
      if (!cursor_null_constant(arms[i])) returned_value(tu, func, fdecl, arms[i], depth + 1);
    return;
  }
  e = cursor_non_null_arm(e);
  saved_ret r = {.func = func};
  CXCursor offset;
  bool moved;
  e = carved_base(e, &moved, &offset);
  r.carved = moved && moves_on(offset, fdecl); /* else the block is handed on at its growth's rate */
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_CallExpr) {
    frontend_location(e, tu->arena, &r.file, &r.line, &r.col);
    save_ret(tu, r);
  } else if (k == CXCursor_MemberRefExpr) {
    r.var = member_name(tu->arena, e, 0);
    save_ret(tu, r);
  } else if (k == CXCursor_DeclRefExpr) {
    r.var = cursor_spelling(tu->arena, e);
    r.pointer = !moved && clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Pointer;
    save_ret(tu, r);
    carved_initializer(tu, func, fdecl, e);
    CXCursor init = initializer_call(e);
    if (!cursor_is_null(init)) {
      saved_ret ri = {.func = func};
      frontend_location(init, tu->arena, &ri.file, &ri.line, &ri.col);
      save_ret(tu, ri);
    }
  }
}

/* *pk = v; or *pk = f(..); with pk a parameter and the value a pointer: the
 * memory goes back to the caller as a return would hand it. */
void hot_extract_store(facts_tu *tu, int func, CXCursor lhs, CXCursor rhs) {
  lhs = cursor_strip(lhs);
  if (func < 0 || clang_getCursorKind(lhs) != CXCursor_UnaryOperator ||
      clang_getCursorUnaryOperatorKind(lhs) != CXUnaryOperator_Deref ||
      clang_getCanonicalType(clang_getCursorType(lhs)).kind != CXType_Pointer)
    return;
  CXCursor target = clang_getNullCursor();
  cursor_visit(lhs, first_child, &target);
  scratch *s = get_scratch(tu);
  saved_ret r = {.func = func, .param = cursor_is_null(target) ? 0 : cursor_param_index(target)};
  if (!s || !r.param) return;
  CXCursor e = cursor_non_null_arm(cursor_strip(rhs));
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_CallExpr)
    frontend_location(e, tu->arena, &r.file, &r.line, &r.col);
  else if (k == CXCursor_DeclRefExpr)
    r.var = cursor_spelling(tu->arena, e);
  if (r.file || r.var) VEC_PUSH(tu->arena, &s->stores, r);
}

static bool same_pos(const facts_call *c, const saved_ret *r) {
  return c->line == r->line && c->col == r->col && c->file && strcmp(c->file, r->file) == 0;
}

/* [lo[f], hi[f]) is function f's range in v: the walk visits one body at a
 * time, so a function's entries are contiguous. */
static bool ranges(facts_tu *tu, const saved_ret *v, size_t n, size_t **lo, size_t **hi) {
  size_t nf = tu->funcs.len;
  *lo = arena_alloc(tu->arena, (nf + 1) * sizeof **lo);
  *hi = arena_alloc(tu->arena, (nf + 1) * sizeof **hi);
  if (!*lo || !*hi) return false;
  for (size_t j = n; j-- > 0;) {
    size_t f = (size_t)v[j].func;
    if (f >= nf) continue;
    if ((*hi)[f] == 0) (*hi)[f] = j + 1;
    (*lo)[f] = j;
  }
  return true;
}

/* A call is returned when its value is the operand of a return, or is
 * assigned to a variable that some return of the same function returns;
 * stored, the same with `*pk = ..` for the return (v is s->stores). A
 * function's entries are contiguous in v (bodies are walked one at a
 * time), so each call looks only at its caller's range. */
static void mark_handed(facts_tu *tu, const saved_ret *v, const size_t *lo, const size_t *hi,
                        bool stores) {
  for (size_t i = 0; i < tu->calls.len; i++) {
    facts_call *c = &tu->calls.items[i];
    if (c->caller < 0 || (size_t)c->caller >= tu->funcs.len) continue;
    for (size_t j = lo[c->caller]; j < hi[c->caller] && !(stores ? c->stored : c->returned); j++) {
      const saved_ret *r = &v[j];
      if (!(r->var ? c->result_var && strcmp(c->result_var, r->var) == 0 : same_pos(c, r))) continue;
      if (stores) c->stored = r->param;
      else c->returned = true, c->carved = r->carved;
    }
  }
}

/* How the function (whose entries are [lo, hi) of rets and stores) hands
 * on variable v: FACTS_HAND_RETURN, FACTS_HAND_PARAM + k, or 0. */
static unsigned char hand_of(const scratch *s, const char *v, size_t rlo, size_t rhi, size_t slo,
                             size_t shi) {
  for (size_t j = rlo; j < rhi; j++)
    if (s->rets.items[j].pointer && strcmp(s->rets.items[j].var, v) == 0) return FACTS_HAND_RETURN;
  for (size_t j = slo; j < shi; j++) {
    const saved_ret *r = &s->stores.items[j];
    if (r->var && r->param <= 255 - FACTS_HAND_PARAM && strcmp(r->var, v) == 0)
      return (unsigned char)(FACTS_HAND_PARAM + r->param - 1);
  }
  return FACTS_HAND_NONE;
}

/* f(.., &v, ..) (the frontend's out_arg and out_var) in a function that
 * returns v or stores it through a parameter: how v is handed on. */
static void mark_out_args(facts_tu *tu, const scratch *s, const size_t *rlo, const size_t *rhi,
                          const size_t *slo, const size_t *shi) {
  for (size_t i = 0; i < tu->calls.len; i++) {
    facts_call *c = &tu->calls.items[i];
    size_t f = (size_t)c->caller;
    if (!c->out_var || c->caller < 0 || f >= tu->funcs.len) continue;
    c->out_hand = hand_of(s, c->out_var, rlo[f], rhi[f], slo[f], shi[f]);
  }
}

/* Calls whose memory their function hands on: returned, stored through a
 * parameter, or filled through &v for a v returned or stored. Each
 * function's returns and stores are found once, for all three. */
static void mark_hands(facts_tu *tu, const scratch *s) {
  size_t *rlo, *rhi, *slo, *shi;
  if (!ranges(tu, s->rets.items, s->rets.len, &rlo, &rhi) ||
      !ranges(tu, s->stores.items, s->stores.len, &slo, &shi))
    return;
  mark_handed(tu, s->rets.items, rlo, rhi, false);
  mark_handed(tu, s->stores.items, slo, shi, true); /* *pk = v; */
  mark_out_args(tu, s, rlo, rhi, slo, shi);
}

/* A free followed by a return (same or next line) is on an error path. */
static void mark_exit_frees(facts_tu *tu, scratch *s) {
  size_t *lo, *hi;
  if (!ranges(tu, s->exits.items, s->exits.len, &lo, &hi)) return;
  for (size_t i = 0; i < tu->calls.len; i++) {
    facts_call *c = &tu->calls.items[i];
    if (!(name_says(tu, s, c->callee) & NAME_FREE) || !c->file || (size_t)c->caller >= tu->funcs.len)
      continue;
    for (size_t j = lo[c->caller]; j < hi[c->caller]; j++) {
      const saved_ret *r = &s->exits.items[j];
      if ((r->line == c->line || r->line == c->line + 1) && strcmp(r->file, c->file) == 0)
        c->arg_grow[0] = FACTS_GROW_EXIT;
    }
  }
}

static bool is_int_literal(CXCursor c) {
  return clang_getCursorKind(cursor_strip(c)) == CXCursor_IntegerLiteral;
}

typedef struct two { CXCursor c[2]; int n; } two;

static enum CXChildVisitResult collect_two(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  two *t = data;
  if (t->n < 2) t->c[t->n] = c;
  t->n++;
  return CXChildVisit_Continue;
}

/* x + k grows by a constant; x * k (k a literal) grows geometrically; a
 * product with a constant-growth factor ((n + 16) * sizeof *p) still grows
 * by a constant. sizeof-scaling alone (n * sizeof *p) is no growth. */
static unsigned char growth(CXCursor arg, int depth) {
  CXCursor e = cursor_strip(arg);
  if (clang_getCursorKind(e) != CXCursor_BinaryOperator || depth > 2) return FACTS_GROW_NONE;
  two t = {.n = 0};
  cursor_visit(e, collect_two, &t);
  if (t.n != 2) return FACTS_GROW_NONE;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
  if (op == CXBinaryOperator_Add)
    return is_int_literal(t.c[0]) || is_int_literal(t.c[1]) ? FACTS_GROW_ADD : FACTS_GROW_NONE;
  if (op != CXBinaryOperator_Mul) return FACTS_GROW_NONE;
  for (int i = 0; i < 2; i++)
    if (growth(t.c[i], depth + 1) == FACTS_GROW_ADD) return FACTS_GROW_ADD;
  return is_int_literal(t.c[0]) || is_int_literal(t.c[1]) ? FACTS_GROW_MUL : FACTS_GROW_NONE;
}

/* Which calls are worth the cursor steps: parameters matter for returned
 * calls (allocation wrappers) and for calls to something named *free*
 * (free wrappers); growth matters for calls to something named *alloc*. */
/* The frontend evaluates constant arguments of direct calls only; through a
 * pointer, integer literals still matter: (*g->frealloc)(ud, p, osize, 0)
 * frees rather than allocates. */
static void literal_arg(facts_call *c, unsigned i, CXCursor arg) {
  if (c->callee >= 0 || c->argconst_ok[i] || !is_int_literal(arg)) return;
  CXEvalResult r = clang_Cursor_Evaluate(cursor_strip(arg));
  if (!r) return;
  if (clang_EvalResult_getKind(r) == CXEval_Int) {
    c->argconst[i] = clang_EvalResult_getAsLongLong(r);
    c->argconst_ok[i] = true;
  }
  clang_EvalResult_dispose(r);
}

/* free(v) with `T *v = f(..);` as v's declaration: remember that f's call
 * stores into v, for alloc/free pairing, in case the frontend left
 * result_var unset (it matches initializers by cursor identity). */
static void freed_initializer(facts_tu *tu, const facts_call *c, CXCursor arg) {
  CXCursor e = cursor_strip(arg);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr || !c->arg0_var) return;
  CXCursor init = initializer_call(e);
  scratch *s = tu->hot;
  if (cursor_is_null(init) || !s) return;
  saved_ret r = {.func = c->caller, .var = c->arg0_var};
  frontend_location(init, tu->arena, &r.file, &r.line, &r.col);
  if (r.file) VEC_PUSH(tu->arena, &s->inits, r);
}

unsigned char hot_extract_out_param(CXCursor ref) {
  CXCursor decl = clang_getCursorReferenced(ref);
  if (clang_getCursorKind(decl) != CXCursor_ParmDecl) return 0;
  CXType t = clang_getCanonicalType(clang_getCursorType(decl));
  if (t.kind != CXType_Pointer || clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_Pointer)
    return 0;
  return cursor_param_index(ref);
}

static void describe_args(facts_tu *tu, scratch *s, facts_call *c, CXCursor call) {
  unsigned says = name_says(tu, s, c->callee);
  bool frees = says & NAME_FREE;
  bool params = c->returned || c->stored || c->out_hand || frees;
  bool grow = says & NAME_ALLOC;
  for (unsigned i = 0; i < c->nargs && i < FACTS_MAXARGS; i++) {
    CXCursor arg = clang_Cursor_getArgument(call, i);
    if (params) c->arg_param[i] = cursor_param_index(arg);
    if (grow) c->arg_grow[i] = growth(arg, 0);
    if (frees && i == 0) freed_initializer(tu, c, arg);
    literal_arg(c, i, arg);
  }
}

/* The name of the pointer a call goes through: "frealloc" for
 * (*g->frealloc)(..), "fn" for fn(..) or (*fn)(..); NULL for other shapes. */
static const char *pointer_name(arena *a, CXCursor call) {
  CXCursor e = clang_getNullCursor();
  cursor_visit(call, first_child, &e);
  e = cursor_strip(e);
  for (int guard = 0; guard < 4 && clang_getCursorKind(e) == CXCursor_UnaryOperator; guard++) {
    CXCursor inner = clang_getNullCursor();
    cursor_visit(e, first_child, &inner);
    e = cursor_strip(inner);
  }
  enum CXCursorKind k = clang_getCursorKind(e);
  return k == CXCursor_MemberRefExpr || k == CXCursor_DeclRefExpr ? cursor_spelling(a, e) : NULL;
}

/* Allocator hooks are named so (frealloc, xMalloc, Curl_cmalloc): a call
 * through one is an allocation even when no target is known. */
static void describe_pointer(facts_tu *tu, facts_call *c, CXCursor call) {
  CXType t = clang_getCanonicalType(clang_getCursorType(call));
  if (c->callee >= 0 || t.kind != CXType_Pointer)
    return; /* a hook that returns no memory (an out-of-memory handler) allocates nothing */
  /* Raw memory is void * or char *: a hook that returns a typed object
   * (xMutexAlloc's mutex) hands out something it owns, not fresh bytes. */
  enum CXTypeKind pointee = clang_getCanonicalType(clang_getPointeeType(t)).kind;
  if (pointee != CXType_Void && pointee != CXType_Char_S && pointee != CXType_Char_U &&
      pointee != CXType_SChar && pointee != CXType_UChar)
    return;
  const char *name = pointer_name(tu->arena, call);
  if (name && strcasestr(name, "alloc")) c->alloc_ptr = name;
}

/* Gives the initializing calls found by freed_initializer their variable. */
static void name_initialized(facts_tu *tu, const scratch *s) {
  for (size_t j = 0; j < s->inits.len; j++) {
    const saved_ret *r = &s->inits.items[j];
    for (size_t i = 0; i < tu->calls.len; i++) {
      facts_call *c = &tu->calls.items[i];
      if (!c->result_var && c->caller == r->func && same_pos(c, r)) c->result_var = r->var;
    }
  }
}

void hot_extract_finish(facts_tu *tu) {
  scratch *s = tu->hot;
  if (!s) return;
  mark_hands(tu, s);
  for (size_t i = 0; i < s->calls.len; i++)
    if (s->calls.items[i].index < tu->calls.len) {
      facts_call *c = &tu->calls.items[s->calls.items[i].index];
      describe_args(tu, s, c, s->calls.items[i].cursor);
      describe_pointer(tu, c, s->calls.items[i].cursor);
    }
  name_initialized(tu, s);
  mark_exit_frees(tu, s);
  tu->hot = NULL; /* the cursors die with the TU */
}
