/* hot_branch.c: what the conditions around a call test, and how many times
 * a loop runs, as plain facts (see hot_branch.h; heuristics after Ball and
 * Larus, "Branch prediction for free", PLDI 1993, and Wu and Larus, MICRO
 * 1994). Each heuristic marks the side it predicts to be taken rarely:
 *
 *   grow    a relational test (n + 1 > size, len >= cap, or n == cap
 *           with two variables or fields) whose one side
 *           writes a variable the test reads (size = .., cap *= 2, &size),
 *           or passes a pointer it reads fields of to a call (grow(t) when
 *           the test reads t->n): growth or a flush behind a capacity
 *           check; amortised, so rare
 *   cache   a null test (p == NULL, !p, p ? p : make()) whose null side
 *           assigns the tested pointer: filled once per key; or whose
 *           other side returns the pointer (a free list's pop): the
 *           fall-through that allocates is the miss; or that tests a
 *           global or static pointer (lazy set-up behind a call)
 *   null    any other null test: the null side (pointer heuristic)
 *   return  the side ends in a return (Ball and Larus's return heuristic)
 *   error   the side ends in a goto (a cleanup label) or returns an error
 *           constant (negative, or a null pointer)
 *   exit    the side calls a function that never returns (abort, exit,
 *           longjmp, a project's error raiser declared noreturn)
 *   expect  __builtin_expect(e, k) (likely()/unlikely() macros): the
 *           programmer's own prediction
 *   once    a global or static flag whose clear side sets it
 *           (if (!done) { ..; done = 1; }): runs once per process
 *   limit   a comparison of a variable with a constant limit of at least
 *           LIMIT_MIN (n > sizeof buf, len >= BUFSIZE): the side past the
 *           limit (a fallback to the heap, a flush); no grow hint then;
 *           or with a configured one (a global or static variable or a
 *           field of one, the other operand neither that nor a constant:
 *           if (duration >= server.slowlog_log_slower_than)) that
 *           neither side writes
 *   error   also: a side that formats a message (a call to a variadic
 *           function with a string literal argument among its statements:
 *           report(ctx, "page %d: bad size", n)), or returns one, or
 *           calls a function of the TU that reports (formats), two calls
 *           deep at most (return CORRUPT_BKPT; -> corrupt_error(line) ->
 *           return report_error(.., "database corruption") -> log(..))
 *   fast    a comparison whose side returns a parameter unchanged
 *           (if (avail >= len) return s;): the fast path, so the rest
 *           (growth) is the grow heuristic's rare side
 *   flag    any other test of a global or static flag, or of a field of a
 *           global struct (if (pending) handle(); if (cfg.verbose) ..),
 *           also compared with 0 (if (listeners->len == 0) return; as
 *           !listeners->len), or of bits of one (server.events & EV_KEYS:
 *           a feature switched on): the raised side, work done now and then
 *   error   also: a test of a call to a function whose name says it
 *           validates (if (!utf8_valid(s, n)), is_valid(v) ? a : b): input
 *           is mostly valid, so the side where the check fails is rare
 *           ("invalid" in the name turns the sides round); or a number
 *           tested against itself (d != d, isnan(d)): the NaN side
 *   bits    a test of bits of any other flag word against a constant mask
 *           (c->flags & BLOCKED, !(p->flags & EP_X)): the side where they
 *           are set; a state bit marks the exception more often than not
 *   dead    a condition that is a constant (a macro that picks its
 *           allocator by sizeof or by a constant size, (sz & 7) == 0 ?
 *           one zeroing allocator : another; if (0)): the side it rules
 *           out never runs
 *
 * Apart from the hints, each side records whether it leaves the loops
 * around its condition (a return, a call that never returns, a goto past
 * every loop: FACTS_ARM_LEAVES; a break out of the innermost loop:
 * FACTS_ARM_BREAKS) and how many loops enclose its condition: a call on
 * such a side runs at most once per entry of the loop it leaves
 * (hot_freq.c).
 *
 * Variables are compared by declaration (clang_getCursorReferenced), so a
 * field is the same field through any pointer: b->buffsize in the test and
 * (b)->buffsize = size in a macro's expansion match. The only name read
 * is a validating callee's, a convention across code bases (the word
 * "valid"), not any one project's.
 * Every walk is bounded by BRANCH_BUDGET cursors, so a test costs O(1),
 * and a condition is tested only when a call under it, or a loop inside
 * it, needs its fact (the side stack below). */
#include "clang/hot_branch.h"
#include "clang/cursor.h"
#include "clang/walk.h"
#include <string.h>

enum { BRANCH_BUDGET = 1500, MAX_READS = 8, STACK = 64, LIMIT_MIN = 16 };
static const double MAX_TRIP = 1e6;

static _Thread_local bool t_on = true;

static void forget_callees(void);

void hot_branch_enable(bool on) {
  t_on = on;
  forget_callees();
}

/* ---- the declaration an lvalue names ---- */

static CXCursor first_kid(CXCursor c) {
  cursor_kids k = cursor_children(c);
  return k.n ? k.c[0] : clang_getNullCursor();
}

static bool is_var(CXCursor d) {
  enum CXCursorKind k = clang_getCursorKind(d);
  return k == CXCursor_VarDecl || k == CXCursor_ParmDecl || k == CXCursor_FieldDecl;
}

/* p, s->f, a[i] (a), *p (p): the variable or field written or tested. */
static CXCursor lvalue_decl(CXCursor e) {
  for (int guard = 0; guard < 8; guard++) {
    e = cursor_strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
      CXCursor d = clang_getCursorReferenced(e);
      return is_var(d) ? d : clang_getNullCursor();
    }
    if (k == CXCursor_ArraySubscriptExpr) e = first_kid(e);
    else if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_Deref)
      e = first_kid(e);
    else break;
  }
  return clang_getNullCursor();
}

/* ---- reads of a test ---- */

typedef struct reads { CXCursor d[MAX_READS]; unsigned n; int budget; } reads;

static enum CXChildVisitResult read_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  reads *r = data;
  if (--r->budget < 0) return CXChildVisit_Break;
  enum CXCursorKind k = clang_getCursorKind(c);
  if ((k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) && r->n < MAX_READS) {
    CXCursor d = clang_getCursorReferenced(c);
    if (is_var(d)) r->d[r->n++] = d;
  }
  return CXChildVisit_Recurse;
}

static bool in_reads(const reads *r, CXCursor d) {
  for (unsigned i = 0; i < r->n; i++)
    if (clang_equalCursors(r->d[i], d)) return true;
  return false;
}

/* ---- writes of a side ---- */

typedef struct writes {
  const reads *of;
  bool hit;
  bool calls;           /* a pointer passed to a call counts as written */
  int budget;
} writes;

static bool is_pointer(CXCursor e);

static bool is_written(const writes *w, CXCursor lhs) {
  CXCursor d = lvalue_decl(lhs);
  return !cursor_is_null(d) && in_reads(w->of, d);
}

static void written(writes *w, CXCursor lhs) {
  if (is_written(w, lhs)) w->hit = true;
}

/* x = .., x op= .., ++x, x--, &x: a cursor that may write its first
 * operand (the kind already known: this visitor sees every cursor of
 * every side it walks). */
static bool writes_operand(CXCursor c, enum CXCursorKind k) {
  if (k == CXCursor_BinaryOperator) return clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign;
  if (k != CXCursor_UnaryOperator) return k == CXCursor_CompoundAssignOperator;
  enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
  return op == CXUnaryOperator_AddrOf || cursor_update_op(op);
}

static enum CXChildVisitResult write_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  writes *w = data;
  if (w->hit || --w->budget < 0) return CXChildVisit_Break;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (writes_operand(c, k))
    written(w, first_kid(c));
  else if (k == CXCursor_CallExpr && w->calls) {
    /* grow(t) when the test reads t->n: the callee may write it (a
     * pointer the test reads: the type is asked last, the rarest) */
    int n = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < n && !w->hit; i++) {
      CXCursor arg = cursor_strip(clang_Cursor_getArgument(c, (unsigned)i));
      if (clang_getCursorKind(arg) == CXCursor_DeclRefExpr && is_written(w, arg) && is_pointer(arg)) w->hit = true;
    }
  }
  return w->hit ? CXChildVisit_Break : CXChildVisit_Recurse;
}

typedef struct after { writes *w; unsigned skip; } after;

/* The statements of a block after the first skip ones. */
static enum CXChildVisitResult after_visit(CXCursor c, CXCursor parent, CXClientData data) {
  after *a = data;
  if (a->skip) return a->skip--, CXChildVisit_Continue;
  write_visit(c, parent, a->w);
  if (!a->w->hit) cursor_visit(c, write_visit, a->w);
  return a->w->hit || a->w->budget < 0 ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Does side write one of r? side is a statement (skip 0), or the block
 * whose statements after the first skip ones are the side. */
static bool writes_any(const reads *r, CXCursor side, unsigned skip, bool calls) {
  writes w = {.of = r, .calls = calls, .budget = BRANCH_BUDGET};
  if (cursor_is_null(side)) return false;
  if (skip) {
    after a = {&w, skip};
    cursor_visit(side, after_visit, &a);
    return w.hit;
  }
  write_visit(side, clang_getNullCursor(), &w); /* the statement itself may be the write */
  if (!w.hit) cursor_visit(side, write_visit, &w);
  return w.hit;
}

/* ---- what a test is ---- */

static bool is_pointer(CXCursor e) {
  return clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Pointer;
}

static CXCursor root_var(CXCursor e);
static bool constant_of(CXCursor e, long long *v);

/* e names a variable or a field (p, s->f) that holds no pointer. */
static bool names_value(CXCursor e) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  return (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) && !is_pointer(e) &&
         !cursor_is_null(lvalue_decl(e));
}

/* A value in global state: a global or static variable, or a field of one
 * (pending, server.maxclients, cfg->slow_ms with cfg global). */
static bool global_value(CXCursor e) { return names_value(e) && cursor_lasting_var(root_var(e)); }

typedef enum test_kind { TEST_NONE, TEST_NULL, TEST_RELATION, TEST_FLAG, TEST_BITS, TEST_NAN } test_kind;

typedef struct test {
  test_kind kind;
  int null_side;        /* TEST_NULL: 0 when the condition holds for a null pointer;
                           TEST_FLAG, TEST_BITS: 0 when it holds for a clear flag
                           or clear bits; TEST_NAN: 0 when it holds for a NaN */
  CXCursor tested;      /* TEST_NULL, TEST_FLAG: the declaration tested (may be null) */
  CXCursor expr;        /* the comparison itself */
  CXCursor operand;     /* TEST_NULL: the pointer expression tested; TEST_BITS: the word */
} test;

/* The test of !cond: a null, flag or bit test's sides turn round. */
static test negated(test t) {
  if (t.kind == TEST_NULL || t.kind == TEST_FLAG || t.kind == TEST_BITS || t.kind == TEST_NAN) t.null_side ^= 1;
  return t;
}

static bool is_floating(CXCursor e) {
  enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(e)).kind;
  return k == CXType_Float || k == CXType_Double || k == CXType_LongDouble;
}

/* d != d, or isnan(d) (__builtin_isnan after glibc's macro): holds only
 * for a NaN, an invalid operation's result, so a check of a number's
 * validity; a variable compared with itself is no capacity check. */
static bool nan_test(CXCursor cond, enum CXBinaryOperatorKind op, const cursor_kids *ks) {
  if (clang_getCursorKind(cond) == CXCursor_CallExpr) {
    CXCursor callee = frontend_direct_callee(cond);
    if (cursor_is_null(callee)) return false;
    CXString s = clang_getCursorSpelling(callee);
    const char *n = clang_getCString(s);
    bool yes = n && (strcmp(n, "isnan") == 0 || strcmp(n, "__builtin_isnan") == 0);
    clang_disposeString(s);
    return yes;
  }
  if ((op != CXBinaryOperator_EQ && op != CXBinaryOperator_NE) || ks->n != 2 || !is_floating(ks->c[0]))
    return false;
  CXCursor a = cursor_strip(ks->c[0]), b = cursor_strip(ks->c[1]);
  return clang_getCursorKind(a) == CXCursor_DeclRefExpr && clang_getCursorKind(b) == CXCursor_DeclRefExpr &&
         clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b));
}

/* The first null test or relational comparison in cond, looking through
 * !, && and || (the sides of && and || keep their meaning roughly). */
static test classify(CXCursor cond, int depth) {
  test t = {.kind = TEST_NONE};
  cond = cursor_strip(cond);
  if (depth > 4) return t;
  enum CXCursorKind k = clang_getCursorKind(cond);
  if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(cond) == CXUnaryOperator_LNot) {
    CXCursor inner = cursor_strip(first_kid(cond));
    if (is_pointer(inner))
      return (test){TEST_NULL, 0, lvalue_decl(inner), cond, inner};
    return negated(classify(inner, depth + 1));
  }
  if (k == CXCursor_BinaryOperator) {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(cond);
    cursor_kids ks = cursor_children(cond);
    if (ks.n != 2) return t;
    if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
      t = classify(ks.c[0], depth + 1);
      return t.kind != TEST_NONE ? t : classify(ks.c[1], depth + 1);
    }
    if (nan_test(cond, op, &ks))
      return (test){TEST_NAN, op == CXBinaryOperator_NE ? 0 : 1, clang_getNullCursor(), cond, clang_getNullCursor()};
    if (op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE) {
      for (int i = 0; i < 2; i++)
        if (cursor_null_constant(ks.c[i]) && is_pointer(cursor_strip(ks.c[1 - i])))
          return (test){TEST_NULL, op == CXBinaryOperator_EQ ? 0 : 1, lvalue_decl(ks.c[1 - i]), cond,
                        ks.c[1 - i]};
      /* (x) != 0, as unlikely() macros spell a truth value; x == 0 as !x */
      for (int i = 0; i < 2; i++) {
        if (!cursor_null_constant(ks.c[i])) continue;
        t = classify(ks.c[1 - i], depth + 1);
        return op == CXBinaryOperator_EQ ? negated(t) : t;
      }
      /* if (len == cap) grow(): two counts compared, as a capacity check */
      long long c;
      if (!is_pointer(cursor_strip(ks.c[0])) && !constant_of(ks.c[0], &c) && !constant_of(ks.c[1], &c) &&
          !cursor_is_null(lvalue_decl(ks.c[0])) && !cursor_is_null(lvalue_decl(ks.c[1])))
        return (test){TEST_RELATION, 0, clang_getNullCursor(), cond, clang_getNullCursor()};
      return t;
    }
    if (op == CXBinaryOperator_LT || op == CXBinaryOperator_GT || op == CXBinaryOperator_LE ||
        op == CXBinaryOperator_GE)
      return (test){TEST_RELATION, 0, clang_getNullCursor(), cond, clang_getNullCursor()};
    /* c->flags & BLOCKED, ((p)->flags & (EP_X)) != 0: bits of a flag word */
    long long mask[2];
    if (op == CXBinaryOperator_And) {
      bool k0 = constant_of(ks.c[0], &mask[0]), k1 = constant_of(ks.c[1], &mask[1]);
      if (k0 != k1 && mask[k1 ? 1 : 0])
        return (test){TEST_BITS, 1, clang_getNullCursor(), cond, ks.c[k0 ? 1 : 0]};
    }
    return t;
  }
  if (nan_test(cond, CXBinaryOperator_Invalid, NULL))
    return (test){TEST_NAN, 0, clang_getNullCursor(), cond, clang_getNullCursor()};
  if (is_pointer(cond)) return (test){TEST_NULL, 1, lvalue_decl(cond), cond, cond};
  /* done, or server.shutdown_asap, cfg->verbose with cfg global: a field
   * of a global struct is a flag like a global variable */
  if (global_value(cond)) return (test){TEST_FLAG, 1, lvalue_decl(cond), cond, cond};
  return t;
}

/* ---- how a side ends ---- */

static bool constant_of(CXCursor e, long long *v) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(e);
    if (clang_getCursorKind(d) != CXCursor_EnumConstantDecl) return false;
    *v = clang_getEnumConstantDeclValue(d);
    return true;
  }
  if (k != CXCursor_IntegerLiteral && k != CXCursor_BinaryOperator &&
      k != CXCursor_UnaryOperator && k != CXCursor_UnaryExpr)
    return false;
  CXEvalResult r = clang_Cursor_Evaluate(e);
  bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok) *v = clang_EvalResult_getAsLongLong(r);
  if (r) clang_EvalResult_dispose(r);
  return ok;
}


/* What is known of a callee, remembered per declaration: whether it
 * never returns (spelling its type for the noreturn attribute costs more
 * than the rest of a side's walk) and whether it reports (a walk of its
 * body); the same few callees come back in every function.
 * Direct-mapped, per thread, emptied for each TU (hot_branch_enable):
 * cursors of a disposed TU must not match. */
enum { CALLEE_SLOTS = 2048 };
typedef struct callee_slot {
  CXCursor decl;
  bool used, noret_known, noret;
  bool reports_known[2], reports[2]; /* by depth */
} callee_slot;
static _Thread_local callee_slot t_callees[CALLEE_SLOTS];

static callee_slot *callee_slot_of(CXCursor callee) {
  callee_slot *slot = &t_callees[clang_hashCursor(callee) % CALLEE_SLOTS];
  if (!slot->used || !clang_equalCursors(slot->decl, callee)) *slot = (callee_slot){.decl = callee, .used = true};
  return slot;
}

static bool callee_never_returns(CXCursor callee);

static bool never_returns(CXCursor call) {
  CXCursor callee = frontend_direct_callee(call);
  if (cursor_is_null(callee)) return false;
  callee_slot *slot = callee_slot_of(callee);
  if (!slot->noret_known) slot->noret = callee_never_returns(callee), slot->noret_known = true;
  return slot->noret;
}

static void forget_callees(void) { memset(t_callees, 0, sizeof t_callees); }

static bool callee_never_returns(CXCursor callee) {
  CXString name = clang_getCursorSpelling(callee);
  const char *n = clang_getCString(name);
  bool builtin = n && (strcmp(n, "__builtin_unreachable") == 0 || strcmp(n, "__builtin_trap") == 0);
  clang_disposeString(name);
  if (builtin) return true; /* panic(..), __builtin_unreachable(): the call before never returns */
  CXString s = clang_getTypeSpelling(clang_getCursorType(callee));
  const char *t = clang_getCString(s);
  bool no = t && strstr(t, "noreturn") != NULL;
  clang_disposeString(s);
  return no;
}

static bool formats(CXCursor s);

/* return -1; return -ENOMEM; return NULL; (an error constant), or the
 * value of a report (return error(L, "bad key %s", k);), not return 0 or
 * return p. */
static bool error_value(CXCursor ret) {
  CXCursor e = first_kid(ret);
  if (cursor_is_null(e)) return false;
  if (formats(cursor_strip(e))) return true;
  if (is_pointer(e)) return cursor_null_constant(e);
  long long v;
  return constant_of(e, &v) && v < 0;
}

static int ending(CXCursor s);

/* A macro's statement: do { ..; } while (0) ends as its body does, and
 * if (K) x; with K a constant as x (or its else) does: PostgreSQL's
 * ereport(ERROR, ..) ends in if (__builtin_constant_p(elevel) && elevel
 * >= ERROR) pg_unreachable(); inside a do-while (0). */
static int constant_ending(CXCursor s) {
  CXCursor parts[3];
  unsigned n = cursor_collect(s, parts, 3);
  long long k;
  if (clang_getCursorKind(s) == CXCursor_DoStmt) {
    return n == 2 && cursor_null_constant(parts[1]) ? ending(parts[0]) : -1;
  }
  /* only if (K) stop();: a call that never returns, checked before the
   * condition is evaluated, which costs more */
  CXCursor then = n == 2 ? cursor_strip(parts[1]) : clang_getNullCursor();
  if (clang_getCursorKind(then) == CXCursor_CompoundStmt) then = cursor_strip(cursor_last_child(then));
  if (clang_getCursorKind(then) != CXCursor_CallExpr || !never_returns(then)) return -1;
  return constant_of(parts[0], &k) && k ? FACTS_HINT_EXIT : -1;
}

/* The hint a statement that ends a side gives, or -1. */
static int ending(CXCursor s) {
  s = cursor_strip(s);
  switch (clang_getCursorKind(s)) {
  case CXCursor_ReturnStmt: return error_value(s) ? FACTS_HINT_ERROR : FACTS_HINT_RETURN;
  case CXCursor_GotoStmt: return FACTS_HINT_ERROR;
  case CXCursor_CallExpr: return never_returns(s) ? FACTS_HINT_EXIT : -1;
  case CXCursor_BinaryOperator: /* panic(..), unreachable(): the comma's last operand */
    if (clang_getCursorBinaryOperatorKind(s) != CXBinaryOperator_Comma) return -1;
    return ending(cursor_last_child(s));
  case CXCursor_CompoundStmt: {
    CXCursor last = cursor_last_child(s);
    return cursor_is_null(last) ? -1 : ending(last);
  }
  case CXCursor_DoStmt: case CXCursor_IfStmt: return constant_ending(s);
  default: return -1;
  }
}

static bool reports(CXCursor callee, int depth);

/* report(ctx, "bad page %d", n), or msg = message("..", ..): a call to a
 * variadic function given a string literal (a format); with depth > 0
 * also a call to a function that reports (reports). */
static bool formats_at(CXCursor s, int depth) {
  if (clang_getCursorKind(s) != CXCursor_CallExpr) return false;
  CXCursor callee = frontend_direct_callee(s);
  if (cursor_is_null(callee)) return false;
  if (!clang_Cursor_isVariadic(callee)) return depth > 0 && reports(callee, depth - 1);
  int n = clang_Cursor_getNumArguments(s);
  for (int i = 0; i < n && i < 8; i++)
    if (clang_getCursorKind(cursor_strip(clang_Cursor_getArgument(s, (unsigned)i))) == CXCursor_StringLiteral)
      return true;
  return false;
}

/* A message, or a report two calls deep at most: return CORRUPT_BKPT;
 * calls corrupt_error(__LINE__), which returns report_error(CORRUPT,
 * line, "database corruption"), which logs the message. */
static bool formats(CXCursor s) { return formats_at(s, 2); }

/* Does a function this TU defines format a message on every call: a
 * statement of its body, outside any condition or loop, or the value it
 * returns, that formats (at depth)? */
static bool reports_now(CXCursor callee, int depth) {
  CXCursor def = clang_getCursorDefinition(callee);
  if (cursor_is_null(def)) return false;
  CXCursor kids[8];
  unsigned n = cursor_collect(def, kids, 8);
  if (!n || clang_getCursorKind(kids[n - 1]) != CXCursor_CompoundStmt) return false;
  CXCursor body[16];
  unsigned m = cursor_collect(kids[n - 1], body, 16);
  for (unsigned i = 0; i < m; i++) {
    CXCursor st = body[i];
    if (clang_getCursorKind(st) == CXCursor_ReturnStmt) st = first_kid(st);
    if (!cursor_is_null(st) && formats_at(cursor_strip(st), depth)) return true;
  }
  return false;
}

static bool reports(CXCursor callee, int depth) {
  if (depth < 0 || depth > 1) return false;
  callee_slot *slot = callee_slot_of(callee);
  if (slot->reports_known[depth]) return slot->reports[depth];
  bool r = reports_now(callee, depth);
  slot = callee_slot_of(callee); /* the walk may have taken the slot */
  slot->reports[depth] = r, slot->reports_known[depth] = true;
  return r;
}

typedef struct fmt_walk { bool found; int budget; } fmt_walk;

/* A statement that runs only under a condition of its own: a message in
 * it (if (size > MAX) error("too big");) is that condition's error side,
 * not the enclosing side's (Lua's setnodevector allocates on the side that
 * holds such a check). */
static bool conditional(CXCursor s) {
  enum CXCursorKind k = clang_getCursorKind(s);
  return k == CXCursor_IfStmt || k == CXCursor_SwitchStmt || k == CXCursor_ConditionalOperator;
}

static enum CXChildVisitResult format_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  fmt_walk *f = data;
  if (--f->budget < 0) return CXChildVisit_Break;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt)
    return CXChildVisit_Continue; /* a loop that formats is work, not a message */
  if (conditional(c)) return CXChildVisit_Continue;
  f->found = formats(c);
  return f->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does a side format a message (outside any loop of its own)? */
static bool formats_message(CXCursor side) {
  if (cursor_is_null(side) || conditional(side)) return false;
  fmt_walk f = {.found = formats(side), .budget = BRANCH_BUDGET / 4};
  if (!f.found) cursor_visit(side, format_visit, &f);
  return f.found;
}

/* Any statement of the side (at its top level) that exits: a block that
 * frees and returns, or calls abort() and then breaks. EXIT wins. */
static int side_exit(CXCursor side) {
  if (cursor_is_null(side)) return -1;
  if (clang_getCursorKind(side) != CXCursor_CompoundStmt) return ending(side);
  CXCursor kids[16];
  unsigned n = cursor_collect(side, kids, 16);
  int best = -1;
  for (unsigned i = 0; i < n; i++) {
    int h = ending(kids[i]);
    if (h == FACTS_HINT_EXIT) return h;
    if (h >= 0) best = h;
  }
  return best;
}

static enum CXChildVisitResult find_return(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  bool *found = data;
  if (clang_getCursorKind(c) == CXCursor_ReturnStmt) *found = true;
  return *found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does statement s end in a call that never returns on every path:
 * exit(0); { ..; abort(); } if (ok) exit(0); else exit(1); */
static bool ends_in_exit(CXCursor s, int depth) {
  s = cursor_strip(s);
  if (depth > 8) return false;
  switch (clang_getCursorKind(s)) {
  case CXCursor_CallExpr: return never_returns(s);
  case CXCursor_CompoundStmt: {
    CXCursor last = cursor_last_child(s);
    return !cursor_is_null(last) && ends_in_exit(last, depth + 1);
  }
  case CXCursor_IfStmt: {
    CXCursor parts[3];
    return cursor_collect(s, parts, 3) == 3 && ends_in_exit(parts[1], depth + 1) &&
           ends_in_exit(parts[2], depth + 1);
  }
  default: return false;
  }
}

/* Ends the process on every path, and has no return statement: every way
 * out ends the process (a loop that returns early does not). */
bool hot_branch_ends_process(CXCursor body) {
  if (!t_on || clang_getCursorKind(body) != CXCursor_CompoundStmt || !ends_in_exit(body, 0)) return false;
  bool found = false;
  cursor_visit(body, find_return, &found);
  return !found;
}

static bool leaves(CXCursor s);

bool hot_branch_leaves(CXCursor s) { return t_on && leaves(s); }

static bool leaves(CXCursor s) {
  s = cursor_strip(s);
  enum CXCursorKind k = clang_getCursorKind(s);
  if (k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt) return true;
  if (k == CXCursor_CompoundStmt) {
    CXCursor last = cursor_last_child(s);
    return !cursor_is_null(last) && leaves(last);
  }
  return ending(s) >= 0;
}

/* The variable at the root of g, g.f, g->f, g[i], *g: g's declaration. */
static CXCursor root_var(CXCursor e) {
  for (int guard = 0; guard < 8 && !cursor_is_null(e); guard++) {
    e = cursor_strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_DeclRefExpr) return clang_getCursorReferenced(e);
    if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr && k != CXCursor_UnaryOperator)
      break;
    e = first_kid(e);
  }
  return clang_getNullCursor();
}

/* Does side end in `return v;` (through casts) with v the declaration d? */
static bool returns_var(CXCursor side, CXCursor d) {
  CXCursor last = clang_getCursorKind(side) == CXCursor_CompoundStmt ? cursor_last_child(side) : side;
  if (cursor_is_null(last) || clang_getCursorKind(last) != CXCursor_ReturnStmt) return false;
  CXCursor v = lvalue_decl(first_kid(last));
  return !cursor_is_null(v) && clang_equalCursors(v, d);
}

/* x ? x : make(): the true side is the tested pointer itself. */
static bool same_pointer(CXCursor then, CXCursor tested) {
  CXCursor d = cursor_is_null(then) ? then : lvalue_decl(then);
  return !cursor_is_null(d) && !cursor_is_null(tested) && clang_equalCursors(d, tested);
}

/* __builtin_expect(e, k): the programmer says which side is likely. The
 * side expected not to happen gets FACTS_HINT_EXPECT; *inner is e. */
static unsigned expected(CXCursor cond, CXCursor *inner) {
  cond = cursor_strip(cond);
  *inner = cond;
  if (clang_getCursorKind(cond) != CXCursor_CallExpr || clang_Cursor_getNumArguments(cond) != 2)
    return 0;
  CXString name = clang_getCursorSpelling(cond);
  bool is = clang_getCString(name) && strcmp(clang_getCString(name), "__builtin_expect") == 0;
  clang_disposeString(name);
  long long k;
  CXEvalResult r = is ? clang_Cursor_Evaluate(clang_Cursor_getArgument(cond, 1)) : NULL;
  bool known = r && clang_EvalResult_getKind(r) == CXEval_Int;
  k = known ? clang_EvalResult_getAsLongLong(r) : 0;
  if (r) clang_EvalResult_dispose(r);
  if (!known) return 0;
  *inner = clang_Cursor_getArgument(cond, 0);
  return FACTS_RARE(FACTS_HINT_EXPECT, k ? 1 : 0);
}

/* if (utf8_valid(s, n)), if (!is_valid(v)), ok = validate(req) ? ..:
 * a test of a function that says it validates. Input is mostly valid, so
 * the side where the check fails is the error heuristic's (0: the
 * condition holds, 1: it does not), or -1. "invalid" in the name turns
 * the sides round. */
static int failed_check(CXCursor cond) {
  cond = cursor_strip(cond);
  int side = 1;
  for (int guard = 0; guard < 4 && clang_getCursorKind(cond) == CXCursor_UnaryOperator &&
                      clang_getCursorUnaryOperatorKind(cond) == CXUnaryOperator_LNot; guard++) {
    side ^= 1;
    cond = cursor_strip(first_kid(cond));
  }
  if (clang_getCursorKind(cond) != CXCursor_CallExpr) return -1;
  CXCursor callee = frontend_direct_callee(cond);
  if (cursor_is_null(callee)) return -1;
  CXString sp = clang_getCursorSpelling(callee);
  const char *name = clang_getCString(sp);
  int found = name && strcasestr(name, "invalid") ? side ^ 1 : name && strcasestr(name, "valid") ? side : -1;
  clang_disposeString(sp);
  return found;
}

/* The side of comparison cmp on which the value is past the limit (0:
 * the condition holds, 1: it does not); limit_first: the limit is the
 * left operand (k < n). */
static int side_past(CXCursor cmp, bool limit_first) {
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(cmp);
  bool greater = op == CXBinaryOperator_GT || op == CXBinaryOperator_GE; /* value OP limit */
  return greater != limit_first ? 0 : 1;
}

/* The side of `a OP b` past a constant limit (0: the condition holds,
 * 1: it does not), or -1: one operand a constant >= LIMIT_MIN, the other
 * not constant. Only for a condition that is the comparison itself. */
static int past_limit(CXCursor cond, const test *t) {
  if (!clang_equalCursors(cursor_strip(cond), t->expr)) return -1;
  cursor_kids ks = cursor_children(t->expr);
  long long k, other;
  if (ks.n != 2) return -1;
  int at = constant_of(ks.c[1], &k) ? 1 : constant_of(ks.c[0], &k) ? 0 : -1;
  if (at < 0 || k < LIMIT_MIN || constant_of(ks.c[1 - at], &other)) return -1;
  return side_past(t->expr, at == 0);
}

/* The side of `a OP b` past a configured limit (as past_limit), when one
 * operand is a value in global state (global_value: what the program is
 * configured with) and the other is neither that nor a
 * constant (if (duration >= server.slowlog_log_slower_than) log(..);
 * if (n > max_conns) refuse()). */
static int past_configured(CXCursor cond, const test *t) {
  if (!clang_equalCursors(cursor_strip(cond), t->expr)) return -1;
  cursor_kids ks = cursor_children(t->expr);
  if (ks.n != 2) return -1;
  long long k;
  bool c0 = global_value(ks.c[0]), c1 = global_value(ks.c[1]);
  /* against a constant it is a setting's test (if (server.maxmemory > 0)), no limit */
  if (c0 == c1 || constant_of(ks.c[0], &k) || constant_of(ks.c[1], &k)) return -1;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(t->expr);
  if (op < CXBinaryOperator_LT || op > CXBinaryOperator_GE) return -1;
  return side_past(t->expr, c0);
}

static bool ordering(CXCursor cmp) {
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(cmp);
  return op == CXBinaryOperator_LT || op == CXBinaryOperator_GT || op == CXBinaryOperator_LE ||
         op == CXBinaryOperator_GE;
}

/* if (fits) return s; with s a parameter: the side hands back what it was
 * given, untouched: the fast path. */
static bool returns_param(CXCursor side) {
  if (cursor_is_null(side)) return false;
  CXCursor last = clang_getCursorKind(side) == CXCursor_CompoundStmt ? cursor_last_child(side) : side;
  if (cursor_is_null(last) || clang_getCursorKind(last) != CXCursor_ReturnStmt) return false;
  CXCursor e = cursor_strip(first_kid(last));
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr) return false;
  return clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_ParmDecl;
}

/* The loops around the walk (hot_branch_loop_enter/leave): what each one's
 * condition and increment read. A side that writes one of them moves the
 * loop on (consumes an item, counts down), which a capacity check's
 * growth does not: while (count) { if (len - pos < need) break; else
 * { take one; pos += need; count--; } } is the loop's own work. */
typedef struct loop_reads {
  reads r[STACK];
  unsigned depth;
  unsigned outer_end;    /* where the outermost loop ends (a file offset) */
} loop_reads;
static _Thread_local loop_reads t_loops;

static void loop_reads_of(reads *r, facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first) {
  unsigned body = kind == FACTS_LOOP_DO ? 0 : n - 1;
  *r = (reads){.n = 0, .budget = 64};
  for (unsigned i = kind == FACTS_LOOP_FOR ? first : 0; i < n; i++)
    if (i != body) cursor_visit(parts[i], read_visit, r);
}

static void settle(facts_tu *tu);

void hot_branch_loop_leave(facts_tu *tu) {
  if (!t_on) return;
  settle(tu); /* a side opened inside the loop and still open would read this loop */
  if (t_loops.depth) t_loops.depth--;
}

static bool moves_loop(CXCursor side, unsigned skip) {
  if (!t_loops.depth || t_loops.depth > STACK) return false;
  const reads *r = &t_loops.r[t_loops.depth - 1];
  return r->n && writes_any(r, side, skip, false);
}

static unsigned mask_of(CXCursor cond, CXCursor then, CXCursor els, unsigned skip);

/* Does a goto jump past every loop around it (to a cleanup label after
 * them)? A label inside the outermost loop, or before it, is a retry's
 * head: the loops run again. */
static bool jumps_out(CXCursor g) {
  CXCursor label = cursor_goto_label(g);
  return !cursor_is_null(label) && t_loops.depth && cursor_offset(label) > t_loops.outer_end;
}

enum { STAYS, LEAVES_ALL, LEAVES_ONE };

/* How side s ends: leaving every loop around it and the function (a
 * return, a call that never returns, a goto past every loop), leaving
 * the innermost loop (a break; in_switch: a break there leaves the
 * switch), or staying (continue, or going on). */
static int leaving(CXCursor s, bool in_switch) {
  s = cursor_strip(s);
  switch (clang_getCursorKind(s)) {
  case CXCursor_CompoundStmt: {
    CXCursor last = cursor_last_child(s);
    return cursor_is_null(last) ? STAYS : leaving(last, in_switch);
  }
  case CXCursor_GotoStmt: return jumps_out(s) ? LEAVES_ALL : STAYS;
  case CXCursor_ReturnStmt: return LEAVES_ALL;
  case CXCursor_BreakStmt: return in_switch ? STAYS : LEAVES_ONE; /* asked only inside a loop */
  case CXCursor_DoStmt: { /* a macro's do { ..; return; } while (0) */
    CXCursor parts[3];
    return cursor_collect(s, parts, 3) == 2 && cursor_null_constant(parts[1]) && leaving(parts[0], true) == LEAVES_ALL
               ? LEAVES_ALL
               : STAYS;
  }
  default: return ending(s) == FACTS_HINT_EXIT ? LEAVES_ALL : STAYS; /* also at a comma's end */
  }
}

/* Any variable, field or call in e (outside sizeof): then it is no
 * constant, and asking libclang to evaluate it would cost more than this
 * walk. */
static enum CXChildVisitResult variable_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  bool *found = data;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_UnaryExpr) return CXChildVisit_Continue; /* sizeof buf: constant */
  if (k == CXCursor_CallExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr ||
      (k == CXCursor_DeclRefExpr && clang_getCursorKind(clang_getCursorReferenced(c)) != CXCursor_EnumConstantDecl))
    *found = true;
  return *found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static bool constant_condition(CXCursor cond, long long *k) {
  bool variable = false;
  cursor_visit(cond, variable_visit, &variable);
  return !variable && constant_of(cond, k);
}

/* Does each side write what comparison cond reads (all of it: n >= 0 &&
 * n < size), a call passing a pointer it reads included? */
static void compared_writes(CXCursor cond, CXCursor then, CXCursor els, unsigned skip, bool *w_then,
                            bool *w_else) {
  reads r = {.n = 0, .budget = 64};
  cursor_visit(cond, read_visit, &r);
  *w_then = r.n && writes_any(&r, then, 0, true), *w_else = r.n && writes_any(&r, els, skip, true);
}

/* What the test in cond (classify: the first test of a chain) says of
 * the sides then and els. want: -1 for all of it; 0 or 1 for an operand
 * of a chain, of which only what it says of that side alone is wanted
 * (side_bits): the reads of a side for grow, cache and once are then
 * skipped. *fast: cond is a fast path's comparison, whose return is not
 * a rare side of its own. */
static unsigned test_mask(CXCursor cond, CXCursor then, CXCursor els, unsigned skip, int want, bool *fast,
                          CXCursor *read) {
  unsigned mask = expected(cond, &cond);
  test t = classify(cond, 0);
  /* a null, flag or bit test says the same of its sides alone */
  *read = t.kind == TEST_NULL || t.kind == TEST_FLAG || t.kind == TEST_BITS ? t.expr : clang_getNullCursor();
  int limit = t.kind == TEST_RELATION ? past_limit(cond, &t) : -1;
  int failed = t.kind == TEST_NONE ? failed_check(cond) : -1;
  *fast = false;
  if (failed >= 0) {
    mask |= FACTS_RARE(FACTS_HINT_ERROR, failed);
  } else if (limit >= 0) {
    mask |= FACTS_RARE(FACTS_HINT_LIMIT, limit);
  } else if (t.kind == TEST_RELATION && want >= 0) {
    /* an operand alone: only a configured limit on that side counts */
    int configured_limit = past_configured(cond, &t);
    bool w_then, w_else;
    if (configured_limit == want && (compared_writes(cond, then, els, skip, &w_then, &w_else), !w_then && !w_else))
      mask |= FACTS_RARE(FACTS_HINT_LIMIT, configured_limit);
  } else if (t.kind == TEST_RELATION) {
    bool w_then, w_else;
    int configured_limit;
    compared_writes(cond, then, els, skip, &w_then, &w_else);
    if (w_then != w_else && !moves_loop(w_then ? then : els, w_then ? 0 : skip))
      mask |= FACTS_RARE(FACTS_HINT_GROW, w_then ? 0 : 1);
    else if (!w_then && !w_else && (configured_limit = past_configured(cond, &t)) >= 0)
      mask |= FACTS_RARE(FACTS_HINT_LIMIT, configured_limit);
  } else if (t.kind == TEST_NAN) {
    mask |= FACTS_RARE(FACTS_HINT_ERROR, t.null_side); /* an invalid number */
  } else if (t.kind == TEST_BITS) {
    /* a word in global state holds settings (server.events & EV_KEYS): a
     * feature bit, set now and then as any global flag is raised */
    bool setting = global_value(cursor_strip(t.operand));
    mask |= FACTS_RARE(setting ? FACTS_HINT_FLAG : FACTS_HINT_BITS, 1 - t.null_side);
  } else if (t.kind == TEST_FLAG) {
    if (want >= 0 && 1 - t.null_side != want) return mask;
    /* if (!done) { ..; done = 1; }: once per process. if (pending) work():
     * a flag raised now and then. */
    reads r = {.d = {t.tested}, .n = 1};
    bool once = t.null_side == 0 ? writes_any(&r, then, 0, false) : writes_any(&r, els, skip, false);
    mask |= once ? FACTS_RARE(FACTS_HINT_ONCE, t.null_side) : FACTS_RARE(FACTS_HINT_FLAG, 1 - t.null_side);
  } else if (t.kind == TEST_NULL) {
    if (want >= 0 && t.null_side != want) return mask;
    reads r = {.n = 0, .budget = 0};
    if (!cursor_is_null(t.tested)) r.d[r.n++] = t.tested;
    bool fills = r.n && (t.null_side == 0 ? writes_any(&r, then, 0, false)
                                          : writes_any(&r, els, skip, false) || same_pointer(then, t.tested));
    /* if ((p = list->free) != NULL) { list->free = p->next; return p; }: a
     * free list or cache hit; the fall-through that allocates is the miss */
    bool hit = !fills && r.n && t.null_side == 1 && returns_var(then, t.tested);
    /* if (shared.table[0] == NULL) make_table();: a global filled lazily */
    fills |= cursor_lasting_var(root_var(t.operand));
    mask |= FACTS_RARE(fills || hit ? FACTS_HINT_CACHE : FACTS_HINT_NULL, t.null_side);
  }
  /* the fast path behind one comparison: the rest grows */
  *fast = want < 0 && t.kind == TEST_RELATION && clang_equalCursors(cursor_strip(cond), t.expr) &&
          ordering(t.expr) && returns_param(then);
  return *fast ? mask | FACTS_RARE(FACTS_HINT_GROW, 1) : mask;
}

/* The rare bits of one side, for every hint that reads the condition
 * alone. Grow, cache and once read what a side does with what the test
 * reads (it grows the compared size, fills the tested pointer, sets the
 * flag); with other operands in the condition the side runs for all of
 * them, and what it does says nothing of one operand (if (c->buf &&
 * len(c->buf) > 0) process(c): a consumer, not growth). */
static unsigned side_bits(int side) {
  unsigned m = 0;
  for (unsigned h = 0; h < FACTS_NHINTS; h++)
    if (h != FACTS_HINT_GROW && h != FACTS_HINT_CACHE && h != FACTS_HINT_ONCE) m |= FACTS_RARE(h, side);
  return m;
}

enum { CHAIN_OPERANDS = 16 };

/* Could e be a constant? Not a variable, a field or a call. */
static bool maybe_constant(CXCursor e) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_MemberRefExpr || k == CXCursor_CallExpr || k == CXCursor_ArraySubscriptExpr) return false;
  return k != CXCursor_DeclRefExpr || clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_EnumConstantDecl;
}

/* c's operator when c (stripped) is a && b or a || b, else Invalid. */
static enum CXBinaryOperatorKind logical_op(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_BinaryOperator) return CXBinaryOperator_Invalid;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
  return op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr ? op : CXBinaryOperator_Invalid;
}

/* The operands of a chain of one operator (a && b && c: a, b, c), at
 * most CHAIN_OPERANDS. */
static unsigned chain_operands(CXCursor e, enum CXBinaryOperatorKind op, CXCursor *out, unsigned n) {
  e = cursor_strip(e);
  cursor_kids ks = cursor_children(e);
  if (clang_getCursorKind(e) != CXCursor_BinaryOperator || clang_getCursorBinaryOperatorKind(e) != op ||
      ks.n != 2) {
    if (n < CHAIN_OPERANDS) out[n++] = e;
    return n;
  }
  n = chain_operands(ks.c[0], op, out, n);
  return chain_operands(ks.c[1], op, out, n);
}

/* What cond says of its sides. a && b holds only when every operand
 * does, and a || b fails only when every operand fails: the test of the
 * first operand says what it can of both sides (test_mask), and any
 * operand whose holding (&&) or failing (||) is rare makes that side of
 * the whole rare, whichever place it has (if (!(c->flags & MASTER) &&
 * c->bulklen >= BIG_ARG): the big argument is the rare side, though the
 * flag test first says the opposite). */
static unsigned cond_mask(CXCursor cond, CXCursor then, CXCursor els, unsigned skip, int depth,
                          int want, bool *fast) {
  CXCursor read;
  unsigned mask = test_mask(cond, then, els, skip, want, fast, &read);
  CXCursor c = cursor_strip(cond);
  enum CXBinaryOperatorKind op = depth > 3 ? CXBinaryOperator_Invalid : logical_op(c);
  if (op == CXBinaryOperator_Invalid) return mask;
  CXCursor parts[CHAIN_OPERANDS];
  int holds = op == CXBinaryOperator_LAnd ? 0 : 1; /* the side every operand decides */
  if (want >= 0 && holds != want) return mask;       /* an || inside an &&: says nothing alone */
  unsigned n = chain_operands(c, op, parts, 0), side = side_bits(holds);
  for (unsigned i = 0; i < n; i++) {
    if (!cursor_is_null(read) && clang_equalCursors(parts[i], read)) continue; /* read above */
    long long k;
    CXCursor inner;
    expected(parts[i], &inner);
    /* if (FEATURE && x): a constant operand decides the whole (a name,
       a field or a call is none: not walked) */
    mask |= (maybe_constant(inner) && constant_condition(inner, &k) ? FACTS_RARE(FACTS_HINT_DEAD, k ? 1 : 0)
                                           : cond_mask(parts[i], then, els, skip, depth + 1, holds, &(bool){0})) &
            side;
  }
  return mask;
}

/* if (pgno > count(db)) { rc = corrupt(); goto fail; } ..rest: a side
 * that leaves by an error or an exit makes the test a validity check,
 * whose other side is the ordinary flow whatever it writes, not a
 * capacity check's growth: the grow bit that would call the other side
 * (other) rare goes. */
static unsigned not_growth(int exit_hint, int other) {
  return exit_hint == FACTS_HINT_ERROR || exit_hint == FACTS_HINT_EXIT ? FACTS_RARE(FACTS_HINT_GROW, other) : 0;
}

static unsigned mask_of(CXCursor cond, CXCursor then, CXCursor els, unsigned skip) {
  long long k;
  CXCursor inner;
  expected(cond, &inner);
  if (constant_condition(inner, &k)) return FACTS_RARE(FACTS_HINT_DEAD, k ? 1 : 0);
  bool fast;
  unsigned mask = cond_mask(cond, then, els, skip, 0, -1, &fast);
  if (fast) return mask; /* the growth after it: rare whatever the return says */
  int e_then = side_exit(then);
  int e_else = skip ? -1 : side_exit(els); /* the rest of a block does not end the if */
  /* a message and a plain return: an error reported, not a fast path */
  if ((e_then < 0 || e_then == FACTS_HINT_RETURN) && formats_message(then)) e_then = FACTS_HINT_ERROR;
  if ((e_else < 0 || e_else == FACTS_HINT_RETURN) && !skip && formats_message(els)) e_else = FACTS_HINT_ERROR;
  if (e_then >= 0 && e_else < 0) mask = (mask | FACTS_RARE(e_then, 0)) & ~not_growth(e_then, 1);
  if (e_else >= 0 && e_then < 0) mask = (mask | FACTS_RARE(e_else, 1)) & ~not_growth(e_else, 0);
  return mask;
}

/* ---- switches ---- */

static bool is_case(CXCursor c) {
  enum CXCursorKind k = clang_getCursorKind(c);
  return k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt;
}

/* case 1: case 2: stmt nests one label inside the other: each counts. */
static enum CXChildVisitResult count_case(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  unsigned *n = data;
  for (int guard = 0; guard < 64 && is_case(c); guard++) {
    ++*n;
    c = cursor_last_child(c);
  }
  return CXChildVisit_Continue;
}

unsigned hot_branch_cases(CXCursor body) {
  unsigned n = 0;
  if (clang_getCursorKind(body) == CXCursor_CompoundStmt) cursor_visit(body, count_case, &n);
  else count_case(body, clang_getNullCursor(), &n);
  return n;
}

/* ---- the side stack ---- */

/* One side being walked. An if's or a logical operator's fact (mask_of)
 * walks both its sides, and most conditions guard no call at all (if (n >
 * max) n = max;, a && b): the fact is computed when a call on the side
 * first asks (hot_branch_arms), or before the loop context it reads
 * changes (settle), and both sides of one condition share it. */
typedef struct side {
  unsigned arm;          /* FACTS_ARM_ELSE, or a switch case's bits */
  bool deferred, known, tested; /* known: mask is worked out; tested: test is */
  unsigned mask;         /* the condition's fact, once known */
  CXCursor cond, then, els;
  unsigned skip;
  facts_ptest test;      /* once tested */
  unsigned char depth;   /* loops around the condition */
  unsigned char leaves;  /* how the side ends: STAYS, LEAVES_ALL, LEAVES_ONE */
  bool leaves_known;     /* leaves is worked out (leaves_of) */
  const char *null_var;  /* the variable a null test tests (null_var_of) */
  bool null_known;
  unsigned long long written; /* the parameters written when the condition was met
                                 (t_written): its test is read as of then */
} side;

typedef struct side_stack {
  side s[STACK];
  unsigned n;
  side popped;           /* the side last popped: an if's else side reuses its fact */
  CXCursor last;         /* the condition last tested: both sides of an if push it */
  facts_ptest last_test;
} side_stack;

static side_stack *stack_of(facts_tu *tu) {
  if (!tu->branch && (tu->branch = arena_alloc(tu->arena, sizeof(side_stack)))) {
    side_stack *s = tu->branch;
    s->last = clang_getNullCursor();
    s->popped.cond = clang_getNullCursor();
  }
  return tu->branch;
}

static const unsigned char ptest_negated[FACTS_PTEST_NOPS] = {
    [FACTS_PTEST_EQ] = FACTS_PTEST_NE, [FACTS_PTEST_NE] = FACTS_PTEST_EQ,
    [FACTS_PTEST_LT] = FACTS_PTEST_GE, [FACTS_PTEST_GE] = FACTS_PTEST_LT,
    [FACTS_PTEST_LE] = FACTS_PTEST_GT, [FACTS_PTEST_GT] = FACTS_PTEST_LE,
    [FACTS_PTEST_AND] = FACTS_PTEST_NAND, [FACTS_PTEST_NAND] = FACTS_PTEST_AND};

/* The parameters of the function being walked (at most 64 tracked), and
 * those it has written so far, bit k - 1 for parameter k. */
enum { TRACKED_PARAMS = 64 };
static _Thread_local CXCursor t_params[TRACKED_PARAMS];
static _Thread_local unsigned t_nparams;
static _Thread_local unsigned long long t_written;

void hot_branch_function(CXCursor decl) {
  t_written = 0, t_nparams = 0;
  if (!t_on) return;
  int n = clang_Cursor_getNumArguments(decl);
  for (int j = 0; j < n && j < TRACKED_PARAMS; j++) t_params[t_nparams++] = clang_Cursor_getArgument(decl, (unsigned)j);
}

/* 1 + the index of the walked function's parameter that e names, 0 when
 * it names none of the tracked ones: only a parameter's declaration is
 * looked up, among the function's own (asked for every write of a name). */
static unsigned char param_of(CXCursor e) {
  if (!t_nparams) return 0;
  e = cursor_strip(e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr) return 0;
  CXCursor d = clang_getCursorReferenced(e);
  if (clang_getCursorKind(d) != CXCursor_ParmDecl) return 0;
  for (unsigned j = 0; j < t_nparams; j++)
    if (clang_equalCursors(t_params[j], d)) return (unsigned char)(j + 1);
  return 0;
}

void hot_branch_write(CXCursor lhs) {
  unsigned char k = t_on ? param_of(lhs) : 0;
  if (k) t_written |= 1ull << (k - 1);
}

/* 1 + the index of the parameter e names, 0 when e names none, one past
 * the parameters tracked (whose writes are not known), or one written
 * (a bit of written, the parameters written when the test ran: its
 * caller's value is gone). */
static unsigned char caller_param(CXCursor e, unsigned long long written) {
  unsigned char k = param_of(e);
  return k && !(written >> (k - 1) & 1) ? k : 0;
}

/* cond as `param op k`: if (trymalloc), if (!size), if (n == 0),
 * if (flags & F), if (k < n); param 0 when it is not one (written: as
 * caller_param). */
static facts_ptest param_test(CXCursor cond, unsigned long long written) {
  static const unsigned char mirrored[FACTS_PTEST_NOPS] = { /* k op param as param op' k */
      [FACTS_PTEST_EQ] = FACTS_PTEST_EQ, [FACTS_PTEST_NE] = FACTS_PTEST_NE,
      [FACTS_PTEST_LT] = FACTS_PTEST_GT, [FACTS_PTEST_GT] = FACTS_PTEST_LT,
      [FACTS_PTEST_LE] = FACTS_PTEST_GE, [FACTS_PTEST_GE] = FACTS_PTEST_LE,
      [FACTS_PTEST_AND] = FACTS_PTEST_AND, [FACTS_PTEST_NAND] = FACTS_PTEST_NAND};
  facts_ptest t = {0};
  bool neg = false;
  cond = cursor_strip(cond);
  for (int guard = 0; guard < 4 && clang_getCursorKind(cond) == CXCursor_UnaryOperator &&
                      clang_getCursorUnaryOperatorKind(cond) == CXUnaryOperator_LNot; guard++) {
    neg = !neg;
    cond = cursor_strip(first_kid(cond));
  }
  if ((t.param = caller_param(cond, written))) {
    t.op = FACTS_PTEST_NE, t.k = 0;
  } else if (clang_getCursorKind(cond) == CXCursor_BinaryOperator) {
    cursor_kids ks = cursor_children(cond);
    long long k;
    int op = -1;
    switch (clang_getCursorBinaryOperatorKind(cond)) {
    case CXBinaryOperator_EQ: op = FACTS_PTEST_EQ; break;
    case CXBinaryOperator_NE: op = FACTS_PTEST_NE; break;
    case CXBinaryOperator_LT: op = FACTS_PTEST_LT; break;
    case CXBinaryOperator_LE: op = FACTS_PTEST_LE; break;
    case CXBinaryOperator_GT: op = FACTS_PTEST_GT; break;
    case CXBinaryOperator_GE: op = FACTS_PTEST_GE; break;
    case CXBinaryOperator_And: op = FACTS_PTEST_AND; break;
    default: break;
    }
    if (op < 0 || ks.n != 2) return (facts_ptest){0};
    if ((t.param = caller_param(ks.c[0], written)) && constant_of(ks.c[1], &k)) t.op = (unsigned char)op, t.k = k;
    else if ((t.param = caller_param(ks.c[1], written)) && constant_of(ks.c[0], &k)) t.op = mirrored[op], t.k = k;
    else return (facts_ptest){0};
  }
  if (t.param && neg) t.op = ptest_negated[t.op];
  return t;
}

/* cond's parameter test or, for a chain of one operator, the first
 * operand that is one, as what the side every operand decides needs:
 * `ctx && a->kind == VAR && f(..)` holds only where ctx != 0, so
 * a caller passing 0 never reaches f; `!p || x` fails only where p. */
static facts_ptest cond_param_test(CXCursor cond, unsigned long long written) {
  facts_ptest t = param_test(cond, written);
  CXCursor c = cursor_strip(cond);
  enum CXBinaryOperatorKind op = t.param ? CXBinaryOperator_Invalid : logical_op(c);
  if (op == CXBinaryOperator_Invalid) return t;
  CXCursor parts[CHAIN_OPERANDS];
  unsigned n = chain_operands(c, op, parts, 0);
  for (unsigned i = 0; i < n; i++) {
    if (!(t = param_test(parts[i], written)).param) continue;
    if (op == CXBinaryOperator_LOr) t.op = ptest_negated[t.op];
    t.only = op == CXBinaryOperator_LAnd ? 1 : 2;
    return t;
  }
  return (facts_ptest){0};
}

/* The loops around the walk now, as a side records them (at most 15:
 * FACTS_ARM_DEPTH). */
static unsigned char depth_now(void) { return (unsigned char)(t_loops.depth < 15 ? t_loops.depth : 15); }

static side *push(facts_tu *tu) {
  side_stack *s = stack_of(tu);
  if (!s) return NULL;
  side *e = s->n < STACK ? &s->s[s->n] : NULL;
  s->n++;
  if (e) *e = (side){.cond = clang_getNullCursor(), .depth = depth_now(), .written = t_written};
  return e;
}

void hot_branch_push(facts_tu *tu, unsigned arm, CXCursor cond) {
  side *e = push(tu);
  if (e) e->arm = arm, e->cond = cond;
}

/* Is side e (on the stack, not yet counted in s->n's sides below it)
 * inside a switch that is inside the innermost loop: a case's side below
 * it at the same loop depth? A break there leaves the switch. */
static bool in_switch(const side_stack *s, const side *e) {
  unsigned below = (unsigned)(e - s->s);
  for (unsigned i = below; i-- > 0;) {
    if (s->s[i].depth != e->depth) return false;
    if (s->s[i].arm & FACTS_ARM_CASE) return true;
  }
  return false;
}

void hot_branch_push_if(facts_tu *tu, CXCursor cond, CXCursor then, CXCursor els, unsigned skip,
                        bool else_side) {
  side_stack *s = stack_of(tu);
  if (!s) return;
  side last = s->popped;
  side *e = push(tu);
  if (!e) return;
  if (last.deferred && clang_equalCursors(last.cond, cond) && clang_equalCursors(last.then, then))
    *e = last; /* the other side of the condition just walked */
  else
    *e = (side){.deferred = true, .cond = cond, .then = then, .els = els, .skip = skip, .written = t_written};
  e->arm = else_side ? FACTS_ARM_ELSE : 0;
  e->depth = depth_now();
  /* how it ends matters only inside a loop, and is read when a call asks */
  e->leaves = STAYS, e->leaves_known = !t_on || !e->depth;
}

/* How side e ends (leaving), worked out once. Still inside every loop
 * around its condition, as a call under it is: the outermost one's end
 * is the one jumps_out reads. */
static unsigned char leaves_of(side_stack *s, side *e) {
  if (!e->leaves_known) {
    e->leaves_known = true;
    /* the rest of a block (skip) goes on past the if */
    CXCursor mine = e->arm & FACTS_ARM_ELSE ? (e->skip ? clang_getNullCursor() : e->els) : e->then;
    e->leaves = cursor_is_null(mine) ? STAYS : (unsigned char)leaving(mine, in_switch(s, e));
  }
  return e->leaves;
}

void hot_branch_pop(facts_tu *tu) {
  side_stack *s = tu->branch;
  if (!s || !s->n) return;
  s->n--;
  if (s->n < STACK) s->popped = s->s[s->n];
}

/* The side's arm, its condition's fact computed if still unknown. */
static unsigned arm_of(side *e) {
  if (e->deferred && !e->known) e->mask = t_on ? mask_of(e->cond, e->then, e->els, e->skip) : 0, e->known = true;
  return e->arm | (e->deferred ? e->mask : 0);
}

static facts_ptest test_of(side_stack *s, side *e) {
  if (!e->tested) {
    e->tested = true;
    if (t_on && !cursor_is_null(e->cond)) {
      /* as the parameters were when the condition ran: a write under it
       * (if (n > 16) { n = 16; ..}) comes after its test */
      if (!clang_equalCursors(e->cond, s->last))
        s->last = e->cond, s->last_test = cond_param_test(e->cond, e->written);
      e->test = s->last_test;
    }
  }
  return e->test;
}

/* Every fact on the stack, before the loop context mask_of reads changes. */
static void settle(facts_tu *tu) {
  side_stack *s = tu->branch;
  for (unsigned i = 0; s && i < s->n && i < STACK; i++) arm_of(&s->s[i]);
}

/* The operand of a chain of && that holds when a pointer is null (!p in
 * if (!p && size != 0)): the whole holds only when p is null, so its
 * sides are the null test's. c itself when it is no chain; a null
 * cursor for a chain with no such operand, or of || (which holds for a
 * null p or for the rest, and fails for a set p or not). */
static CXCursor null_operand(CXCursor c) {
  enum CXBinaryOperatorKind op = logical_op(c);
  if (op == CXBinaryOperator_Invalid) return c;
  if (op != CXBinaryOperator_LAnd) return clang_getNullCursor();
  CXCursor ops[CHAIN_OPERANDS];
  unsigned n = chain_operands(c, op, ops, 0);
  for (unsigned i = 0; i < n; i++) {
    test t = classify(ops[i], 0);
    if (t.kind == TEST_NULL && t.null_side == 0) return ops[i];
  }
  return clang_getNullCursor();
}

/* The plain variable the side's condition tests for null, when that
 * decides the side: p in if (!p), if (p == NULL), if ((p = f(n)) ==
 * NULL), if (!p && size != 0); not a field, not an operand of ||.
 * Worked out once. */
static const char *null_var_of(facts_tu *tu, side *e) {
  if (e->null_known) return e->null_var;
  e->null_known = true;
  CXCursor c = cursor_strip(e->cond);
  if (cursor_is_null(c) || cursor_is_null(c = null_operand(c))) return NULL;
  test t = classify(c, 0);
  if (t.kind != TEST_NULL) return NULL;
  CXCursor v = cursor_strip(t.operand);
  if (clang_getCursorKind(v) == CXCursor_BinaryOperator &&
      clang_getCursorBinaryOperatorKind(v) == CXBinaryOperator_Assign)
    v = cursor_strip(first_kid(v));
  if (clang_getCursorKind(v) != CXCursor_DeclRefExpr) return NULL;
  enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(v));
  if (k == CXCursor_VarDecl || k == CXCursor_ParmDecl) e->null_var = cursor_spelling(tu->arena, v);
  return e->null_var;
}

/* The null tests: a side either way round, as NULL or CACHE marks it. */
static const unsigned NULL_TEST = FACTS_RARE(FACTS_HINT_NULL, 0) | FACTS_RARE(FACTS_HINT_NULL, 1) |
                                  FACTS_RARE(FACTS_HINT_CACHE, 0) | FACTS_RARE(FACTS_HINT_CACHE, 1);

/* Sides with no hint count too: a test nothing is known about. */
void hot_branch_arms(facts_tu *tu, facts_call *c) {
  side_stack *s = tu->branch;
  c->narms = 0, c->null_arm = 0, c->null_var = NULL;
  if (!s || !t_on) return;
  unsigned top = s->n < STACK ? s->n : STACK;
  bool tests = false;
  for (unsigned i = top; i-- > 0 && c->narms < FACTS_MAXARMS; c->narms++) {
    side *e = &s->s[i];
    unsigned arm = arm_of(e);
    if (!(arm & FACTS_ARM_CASE)) {
      unsigned char how = leaves_of(s, e);
      arm |= how == LEAVES_ALL ? FACTS_ARM_LEAVES : how == LEAVES_ONE ? FACTS_ARM_BREAKS : 0;
    }
    c->arms[c->narms] = FACTS_ARM_AT_DEPTH(arm, e->depth), tests |= test_of(s, e).param != 0;
    if (!c->null_arm && !(arm & FACTS_ARM_CASE) && (arm & NULL_TEST) && null_var_of(tu, e))
      c->null_arm = (unsigned char)(c->narms + 1), c->null_var = e->null_var;
  }
  /* kept only where a parameter is tested: most calls have none */
  if (!tests || !(c->ptests = arena_alloc(tu->arena, c->narms * sizeof *c->ptests))) return;
  for (unsigned k = 0, i = top; k < c->narms; k++) c->ptests[k] = s->s[--i].test;
}

/* ---- loops ---- */

/* for (..; i < K; ..) and for (..; i <= K; ..) with K constant: K (K + 1). */
static double counted(CXCursor cond) {
  cond = cursor_strip(cond);
  if (clang_getCursorKind(cond) != CXCursor_BinaryOperator) return 0;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(cond);
  cursor_kids ks = cursor_children(cond);
  long long k;
  if (ks.n != 2 || clang_getCursorKind(cursor_strip(ks.c[0])) != CXCursor_DeclRefExpr ||
      !constant_of(ks.c[1], &k) || k < 1)
    return 0;
  double trip = op == CXBinaryOperator_LT || op == CXBinaryOperator_NE ? (double)k
              : op == CXBinaryOperator_LE ? (double)k + 1 : 0;
  return trip > MAX_TRIP ? MAX_TRIP : trip;
}

/* while (p == NULL) { .. p = .. }: repeats only while an allocation (or a
 * lookup) failed. */
static bool retries(CXCursor cond, CXCursor body) {
  test t = classify(cond, 0);
  if (t.kind != TEST_NULL || t.null_side != 0 || cursor_is_null(t.tested)) return false;
  reads r = {.d = {t.tested}, .n = 1};
  return writes_any(&r, body, 0, false);
}

/* cnt++ < K, ++tries <= K, (reset(), cnt++) == 0: a count of attempts,
 * stepped upwards in the condition itself and compared with a constant. */
static bool counts_attempts(CXCursor e) {
  e = cursor_strip(e);
  if (clang_getCursorKind(e) != CXCursor_BinaryOperator) return false;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
  if (op != CXBinaryOperator_LT && op != CXBinaryOperator_LE && op != CXBinaryOperator_EQ) return false;
  cursor_kids ks = cursor_children(e);
  long long k;
  if (ks.n != 2 || !constant_of(ks.c[1], &k)) return false;
  CXCursor step = cursor_strip(ks.c[0]);
  while (clang_getCursorKind(step) == CXCursor_BinaryOperator &&
         clang_getCursorBinaryOperatorKind(step) == CXBinaryOperator_Comma)
    step = cursor_strip(cursor_last_child(step));
  if (clang_getCursorKind(step) != CXCursor_UnaryOperator) return false;
  enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(step);
  return u == CXUnaryOperator_PostInc || u == CXUnaryOperator_PreInc;
}

/* while ((rc = step()) == BUSY && tries++ < MAX), do { .. } while (rc ==
 * RETRY && cnt++ < MAX): a status test joined to a count of attempts.
 * The loop repeats only while something failed, and at most a few times:
 * a retry, not a walk over data (a scan bounded by a length counts down,
 * n-- > 0, or compares with a variable). Eight operators deep at most. */
static bool bounded_retry(CXCursor cond, unsigned depth) {
  cond = cursor_strip(cond);
  if (depth < 8 && logical_op(cond) != CXBinaryOperator_Invalid) {
    cursor_kids ks = cursor_children(cond);
    return ks.n == 2 && (bounded_retry(ks.c[0], depth + 1) || bounded_retry(ks.c[1], depth + 1));
  }
  return depth > 0 && counts_attempts(cond); /* joined to another test */
}

/* A body whose capacity check leaves the loop on the side that fits: the
 * grow-and-retry idiom (vsnprintf into a buffer, grow, try again). Not
 * when the other side moves the loop on (writes what its condition or
 * increment reads): while (count) { if (len - pos < need) break; else
 * { take one; pos += need; count--; } } consumes input item by item,
 * leaving when the rest has not arrived. */
static bool grow_and_retry(CXCursor body, const reads *loop) {
  CXCursor kids[32];
  unsigned n = clang_getCursorKind(body) == CXCursor_CompoundStmt ? cursor_collect(body, kids, 32) : 0;
  for (unsigned i = 0; i < n; i++) {
    if (clang_getCursorKind(kids[i]) != CXCursor_IfStmt) continue;
    CXCursor parts[3];
    unsigned np = cursor_collect(kids[i], parts, 3);
    if (np < 2) continue;
    unsigned m = np == 3 ? mask_of(parts[0], parts[1], parts[2], 0) : mask_of(parts[0], parts[1], body, i + 1);
    if ((m & FACTS_RARE(FACTS_HINT_GROW, 1)) && hot_branch_leaves(parts[1]))
      return !(loop->n && writes_any(loop, np == 3 ? parts[2] : body, np == 3 ? 0 : i + 1, false));
    if ((m & FACTS_RARE(FACTS_HINT_GROW, 0)) && np == 3 && hot_branch_leaves(parts[2]))
      return !(loop->n && writes_any(loop, parts[1], 0, false));
  }
  return false;
}

/* Is e (a variable or a chain of fields) reached through a pointer
 * (queue->len, server.pending->len), not held in the variable itself
 * (server.running)? */
static bool through_pointer(CXCursor e) {
  for (int guard = 0; guard < 8; guard++) {
    e = cursor_strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_UnaryOperator || k == CXCursor_ArraySubscriptExpr) return true;
    if (k != CXCursor_MemberRefExpr) return false;
    CXCursor base = first_kid(e);
    if (cursor_is_null(base)) return false;
    if (is_pointer(base)) return true;
    e = base;
  }
  return false;
}

/* while (!loop->stop), while (server.running), while (!quit_requested):
 * a loop that runs until a flag says stop is a program's main loop (an
 * event loop, a REPL), not a walk over data: a negated field of what the
 * function was handed, or a global's variable or field. Not a flag in the
 * function's own automatic variables (do { .. done = step(); } while
 * (!done)): only the body sets it, so the body's own work decides when the
 * loop ends, as in any loop (PostgreSQL's GIN split, crawling up a tree
 * until an insertion fits, had a thousand trips and led the backend's
 * ranking at 71% of its allocations). */
static bool flag_loop(CXCursor cond) {
  cond = cursor_strip(cond);
  bool negated = clang_getCursorKind(cond) == CXCursor_UnaryOperator &&
                 clang_getCursorUnaryOperatorKind(cond) == CXUnaryOperator_LNot;
  if (negated) cond = cursor_strip(first_kid(cond));
  if (!names_value(cond)) return false;
  CXCursor root = root_var(cond);
  if (cursor_lasting_var(root)) return negated || !through_pointer(cond);
  return negated && clang_getCursorKind(root) != CXCursor_VarDecl;
}

/* while (listLength(server.clients_pending_write)), while (queue.head):
 * a loop that tests only global state, and no flag, drains a queue that
 * other code fills: it runs as often as that code adds work, once per
 * pass on average, not ten times (a server's beforeSleep drains a dozen
 * such queues on every turn of its event loop, most of them empty). A
 * test of emptiness, that is: not two counts compared (while (pos < len)
 * on global counters walks data, as any loop does). */
static bool drain_loop(CXCursor cond) {
  CXCursor e = cursor_strip(cond);
  if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
    cursor_kids ks = cursor_children(e);
    long long k;
    if (op >= CXBinaryOperator_LT && op <= CXBinaryOperator_NE && ks.n == 2 && !constant_of(ks.c[0], &k) &&
        !constant_of(ks.c[1], &k))
      return false;
  }
  reads r = {.n = 0, .budget = 64};
  cursor_visit(cond, read_visit, &r);
  if (r.budget < 0 || r.n == MAX_READS) return false;
  bool global = false;
  for (unsigned i = 0; i < r.n; i++) {
    if (clang_getCursorKind(r.d[i]) == CXCursor_FieldDecl) continue;
    if (!cursor_lasting_var(r.d[i])) return false;
    global = true;
  }
  return global;
}

/* while (1) { ..; if (too small) { grow; continue; } break; }: a body
 * that ends in break runs once, again only when a continue retries it
 * (format into a buffer, grow it and retry until the text fits). */
static bool ends_in_break(CXCursor body) {
  CXCursor last = clang_getCursorKind(body) == CXCursor_CompoundStmt ? cursor_last_child(body) : body;
  return !cursor_is_null(last) && clang_getCursorKind(last) == CXCursor_BreakStmt;
}

/* p = p->next, p = next(p): the tested pointer set from a field or a call. */
typedef struct stepper {
  CXCursor tested;
  bool hit;
  int budget;
  CXCursor via; /* p = next: the variable the step copies (its body may set it from p->next) */
} stepper;

/* p = only ? NULL : p->next: a step one arm of a choice makes (the
 * other ending the walk early). */
static bool choose_step(CXCursor e) {
  e = cursor_strip(e);
  if (clang_getCursorKind(e) != CXCursor_ConditionalOperator) return false;
  cursor_kids ks = cursor_children(e);
  for (unsigned i = 1; i < ks.n && i < 3; i++) {
    enum CXCursorKind k = clang_getCursorKind(cursor_strip(ks.c[i]));
    if (k == CXCursor_MemberRefExpr || k == CXCursor_CallExpr) return true;
  }
  return false;
}

/* A step's right-hand side: a field, a call, or a choice of one. */
static bool step_value(CXCursor e) {
  enum CXCursorKind k = clang_getCursorKind(cursor_strip(e));
  return k == CXCursor_MemberRefExpr || k == CXCursor_CallExpr || choose_step(e);
}

static enum CXChildVisitResult step_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  stepper *s = data;
  if (s->hit || --s->budget < 0) return CXChildVisit_Break;
  /* Node *next = p->next; ..; p = next;: the copy declared with its value */
  if (clang_getCursorKind(c) == CXCursor_VarDecl && clang_equalCursors(c, s->tested)) {
    CXCursor init = cursor_last_child(c);
    if (!cursor_is_null(init) && clang_isExpression(clang_getCursorKind(init)) && step_value(init)) s->hit = true;
  } else if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
      clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
    cursor_kids ks = cursor_children(c);
    enum CXCursorKind rk = ks.n == 2 ? clang_getCursorKind(cursor_strip(ks.c[1])) : CXCursor_InvalidCode;
    bool mine = ks.n == 2 && clang_equalCursors(lvalue_decl(ks.c[0]), s->tested);
    if (mine && step_value(ks.c[1])) s->hit = true;
    else if (mine && rk == CXCursor_DeclRefExpr) s->via = lvalue_decl(ks.c[1]);
  }
  return s->hit ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does e set tested from a field or a call? *via: the variable it sets
 * tested from instead, if any. */
static bool steps_via(CXCursor e, CXCursor tested, CXCursor *via) {
  stepper s = {tested, false, BRANCH_BUDGET, clang_getNullCursor()};
  step_visit(e, clang_getNullCursor(), &s);
  if (!s.hit) cursor_visit(e, step_visit, &s);
  if (via && !cursor_is_null(s.via)) *via = s.via;
  return s.hit;
}

static bool steps(CXCursor e, CXCursor tested) { return steps_via(e, tested, NULL); }

enum { WALK_TESTS = 4 };

/* p->kind in p->kind == AND, p->op != END: the pointer p whose node's
 * field a comparison reads (a walk down a chain while its nodes are of
 * one kind, p = p->right), else a null cursor. */
static CXCursor node_kind_test(CXCursor e) {
  e = cursor_strip(e);
  if (clang_getCursorKind(e) != CXCursor_MemberRefExpr) return clang_getNullCursor();
  CXCursor base = cursor_strip(first_kid(e));
  if (clang_getCursorKind(base) != CXCursor_DeclRefExpr || !is_pointer(base)) return clang_getNullCursor();
  CXCursor d = clang_getCursorReferenced(base);
  return is_var(d) ? d : clang_getNullCursor();
}

/* The pointers a loop condition could walk to its end, in each operand
 * of a chain of && (rc == OK && p): the tested one of a null test that
 * holds while the pointer is set (p, p != NULL; not !p: a search that
 * runs until something is found), either side of a comparison of two
 * pointers for inequality (p != end: a walk up to a sentinel, as in a
 * circular list's `p != head`), the pointer whose node a comparison
 * reads (p->op == AND: down an expression's right spine). */
static unsigned walk_tests(CXCursor cond, CXCursor *out) {
  CXCursor ops[CHAIN_OPERANDS];
  unsigned n = chain_operands(cond, CXBinaryOperator_LAnd, ops, 0), k = 0;
  for (unsigned i = 0; i < n && k < WALK_TESTS; i++) {
    test t = classify(ops[i], 0);
    if (t.kind == TEST_NULL && t.null_side == 1 && !cursor_is_null(t.tested)) {
      out[k++] = t.tested;
      continue;
    }
    CXCursor e = ops[i];
    enum CXBinaryOperatorKind op =
      clang_getCursorKind(e) == CXCursor_BinaryOperator ? clang_getCursorBinaryOperatorKind(e)
                                                        : CXBinaryOperator_Invalid;
    if (op != CXBinaryOperator_NE && op != CXBinaryOperator_EQ) continue;
    cursor_kids ks = cursor_children(e);
    for (unsigned j = 0; ks.n == 2 && j < 2 && k < WALK_TESTS; j++) {
      CXCursor d = node_kind_test(ks.c[j]);
      if (!cursor_is_null(d)) out[k++] = d;
      if (op != CXBinaryOperator_NE || !is_pointer(ks.c[j]) || cursor_null_constant(ks.c[1 - j])) continue;
      d = lvalue_decl(ks.c[j]);
      if (!cursor_is_null(d) && k < WALK_TESTS) out[k++] = d;
    }
  }
  return k;
}

/* Does the pointer tested steps from a field or a call each pass, in the
 * loop's other parts (for's increment, the body of a while)? */
static bool walks(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned i, unsigned from,
                  CXCursor tested) {
  unsigned to = n - 1;
  if (steps(parts[i], tested)) return true;
  CXCursor via = clang_getNullCursor();
  for (unsigned j = from; j < to; j++)
    if (j != i && steps_via(parts[j], tested, &via)) return true;
  if (kind == FACTS_LOOP_WHILE && steps_via(parts[n - 1], tested, &via)) return true;
  /* for (p = head; p; p = next) { next = p->next; free(p); } */
  return !cursor_is_null(via) && steps(parts[n - 1], via);
}

/* for (p = head; p; p = p->next), TAILQ_FOREACH, RB_FOREACH or while (p)
 * { ..; p = next(p); }: a walk along a chain of nodes, whose condition
 * tests a pointer (p, p != NULL, p->op == AND) that its step, or a
 * while's body, sets from a field or a call (p = p->next, p = only ?
 * NULL : p->next), or from a variable the body sets so (a list
 * freed as it is walked: p = next, with next = p->next, or Node *next =
 * p->next, first). Chains are short: such a loop made a median of one
 * pass per entry of its function in Lua, SQLite, jq and Redis
 * (bench/loop_rates.py), FACTS_TRIP_WALK. An assignment tested in place
 * (while ((ln = next(&it)))) is not read as one, nor measured as one. */
static bool walk_loop(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first) {
  if (kind == FACTS_LOOP_DO || n < 2) return false;
  unsigned from = kind == FACTS_LOOP_FOR ? first : 0, to = n - 1; /* the body is parts[n - 1] */
  for (unsigned i = from; i < to; i++) {
    CXCursor tested[WALK_TESTS];
    unsigned k = walk_tests(parts[i], tested);
    for (unsigned t = 0; t < k; t++)
      if (walks(kind, parts, n, i, from, tested[t])) return true;
  }
  return false;
}

/* i++, i += k, or a comma expression one of whose operands is one
 * (i++, p++: a counter stepped with a cursor into the items). */
static bool counts(CXCursor e) {
  for (int guard = 0; guard < 8; guard++) {
    if (cursor_updates(e)) return true;
    if (clang_getCursorKind(e) != CXCursor_BinaryOperator ||
        clang_getCursorBinaryOperatorKind(e) != CXBinaryOperator_Comma)
      return false;
    cursor_kids ks = cursor_children(e);
    if (ks.n != 2) return false;
    if (cursor_updates(cursor_strip(ks.c[1]))) return true;
    e = cursor_strip(ks.c[0]);
  }
  return false;
}

/* for (..; i < bound; i++), for (..; i < bound; i++, p++): in a for
 * loop whose other parts count (counts), the bound of the first
 * comparison of a counter that fits, else a null cursor. */
static CXCursor counter_bound(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first,
                              bool (*fits)(CXCursor bound)) {
  CXCursor bound = clang_getNullCursor();
  if (kind != FACTS_LOOP_FOR || n < 3) return bound;
  bool step = false;
  for (unsigned i = first; i + 1 < n; i++) {
    CXCursor c = cursor_strip(parts[i]);
    if (cursor_is_null(bound) && clang_getCursorKind(c) == CXCursor_BinaryOperator && ordering(c)) {
      cursor_kids ks = cursor_children(c);
      if (ks.n == 2 && clang_getCursorKind(cursor_strip(ks.c[0])) == CXCursor_DeclRefExpr && fits(ks.c[1]))
        bound = ks.c[1];
    }
    step |= counts(c);
  }
  return step ? bound : clang_getNullCursor();
}

/* for (i = 0; i < list->n; i++), for (..; i < w->n; i++, t++): a
 * counter against a count kept in a field (a list's items, a node's
 * children, an expression's terms).
 * Those are short: such a loop made a median of one pass per entry of
 * its function in Lua and SQLite, 1.3 in jq and Redis
 * (bench/loop_rates.py), FACTS_TRIP_FIELD. */
static bool is_field(CXCursor e) { return clang_getCursorKind(cursor_strip(e)) == CXCursor_MemberRefExpr; }

static bool field_count_loop(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first) {
  return !cursor_is_null(counter_bound(kind, parts, n, first, is_field));
}

/* for (i = 0; i < n; i++), for (..; i < n; i += k): a counter against
 * a variable, the shape of every loop over an array its caller sized.
 * Such a loop made a median of 2 passes per entry of its function in
 * Lua and SQLite (geometric mean 3.3), 3 in jq and Redis
 * (bench/loop_rates.py): FACTS_TRIP_COUNT, not the LOOP_TRIP of a loop
 * whose shape says nothing. A constant bound is counted() instead; a
 * parameter bound takes the constant a caller passes there
 * (hot_branch_loop_bound) and this trip when none does. */
static bool is_variable(CXCursor e) { return clang_getCursorKind(cursor_strip(e)) == CXCursor_DeclRefExpr; }

static bool variable_count_loop(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first) {
  return !cursor_is_null(counter_bound(kind, parts, n, first, is_variable));
}

static double trip_of(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first,
                      const reads *loop) {
  if (kind == FACTS_LOOP_WHILE && n == 2 && flag_loop(parts[0])) return FACTS_TRIP_MAIN;
  if (kind == FACTS_LOOP_DO && n == 2 && flag_loop(parts[1])) return FACTS_TRIP_MAIN;
  CXCursor body = parts[kind == FACTS_LOOP_DO ? 0 : n - 1];
  if (kind == FACTS_LOOP_WHILE && n == 2 && (retries(parts[0], body) || bounded_retry(parts[0], 0)))
    return FACTS_TRIP_RETRY;
  if (kind == FACTS_LOOP_DO && n == 2 && bounded_retry(parts[1], 0)) return FACTS_TRIP_RETRIED;
  if (kind == FACTS_LOOP_WHILE && n == 2 && drain_loop(parts[0])) return FACTS_TRIP_DRAIN;
  if (grow_and_retry(body, loop) || ends_in_break(body)) return 1;
  if (walk_loop(kind, parts, n, first)) return FACTS_TRIP_WALK;
  if (field_count_loop(kind, parts, n, first)) return FACTS_TRIP_FIELD;
  if (kind != FACTS_LOOP_FOR) return 0;
  for (unsigned i = first; i + 1 < n; i++) {
    double t = counted(parts[i]);
    if (t > 0) return t;
  }
  return variable_count_loop(kind, parts, n, first) ? FACTS_TRIP_COUNT : 0;
}

static bool is_param(CXCursor e) { return caller_param(e, t_written) != 0; }

unsigned char hot_branch_loop_bound(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first) {
  if (!t_on) return 0;
  CXCursor bound = counter_bound(kind, parts, n, first, is_param);
  return cursor_is_null(bound) ? 0 : caller_param(bound, t_written);
}

/* The loop's reads go on the stack after its trip is found: the branch
 * tests behind the trip (grow_and_retry) see the enclosing loop, the
 * branches of its body this one. */
double hot_branch_loop_enter(facts_tu *tu, facts_loop_kind kind, const CXCursor *parts, unsigned n,
                             unsigned first) {
  if (!t_on) return 0;
  settle(tu);
  reads deep;
  reads *r = t_loops.depth < STACK ? &t_loops.r[t_loops.depth] : &deep;
  loop_reads_of(r, kind, parts, n, first);
  double trip = n ? trip_of(kind, parts, n, first, r) : 0;
  if (!t_loops.depth && n) {
    CXSourceRange to = clang_getCursorExtent(parts[n - 1]);
    clang_getExpansionLocation(clang_getRangeEnd(to), NULL, NULL, NULL, &t_loops.outer_end);
  }
  t_loops.depth++;
  return trip;
}
