/* frontend.c: parses one TU with libclang and extracts its facts.
 *
 * One walk over the AST: function declarations become funcs, every call
 * expression inside a body becomes a call (direct, or indirect when the callee
 * is not a function name), every for/while/do becomes a loop. The walker keeps
 * the enclosing function and loop as it descends, so each call knows its
 * caller, its innermost loop and its loop depth. Strings are copied into the
 * TU's arena at once; the TU is disposed before returning. */
#include "clang/frontend.h"
#include "clang/cursor.h"
#include "clang/hot_branch.h"
#include "clang/hot_extract.h"
#include "clang/walk.h"
#include "clang/xref_extract.h"
#include "base/arena.h"
#include "base/ptrmap.h"
#include "base/strmap.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct walker {
  facts_tu *tu;
  ptrmap decls;           /* Decl* -> func index */
  ptrmap files;           /* CXFile -> index into names */
  VEC(const char *) names;  /* real paths of the files met */
  int func;               /* enclosing function, or -1 at file scope */
  CXCursor fdecl;         /* its definition */
  int loop;               /* innermost enclosing loop, or -1 */
  unsigned depth;         /* loop depth */
  const char *assign_name;
  CXCursor assign_rhs;    /* a call here has its result stored in assign_name */
  VEC(struct goto_ref { const void *label; unsigned at; }) gotos; /* the function's gotos ... */
  bool gotos_known;       /* ... once a label asked (looped_to) */
  VEC(const void *) targets; /* the labels whose address the function takes (&&L), so far */
} walker;

/* The real path of a file (symlinks and ".." resolved), so that link.c can
 * make every name relative to the analysed root with a prefix test. */
char *frontend_file_name(arena *a, CXFile file) {
  if (!file) return NULL;
  CXString s = clang_File_tryGetRealPathName(file);
  const char *c = clang_getCString(s);
  if (!c || !*c) {
    clang_disposeString(s);
    s = clang_getFileName(file);
    c = clang_getCString(s);
  }
  char *copy = arena_strdup(a, c ? c : "");
  clang_disposeString(s);
  return copy;
}

void frontend_location(CXCursor c, arena *a, const char **file, unsigned *line, unsigned *col) {
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getCursorLocation(c), &f, line, col, NULL);
  *file = frontend_file_name(a, f);
}

static void walker_location(walker *w, CXSourceLocation loc, const char **file, unsigned *line,
                            unsigned *col) {
  CXFile f = NULL;
  clang_getExpansionLocation(loc, &f, line, col, NULL);
  *file = NULL;
  if (!f) return;
  int known = ptrmap_get(&w->files, f);
  if (known >= 0) {
    *file = w->names.items[known];
    return;
  }
  const char *name = frontend_file_name(w->tu->arena, f);
  if (name && VEC_PUSH(w->tu->arena, &w->names, name))
    ptrmap_put(&w->files, f, (int)w->names.len - 1);
  *file = name;
}

/* ---- functions ---- */

static void describe_func(facts_tu *tu, facts_func *f, CXCursor decl) {
  CXType type = clang_getCursorType(decl);
  f->internal = clang_getCursorLinkage(decl) == CXLinkage_Internal;
  f->variadic = clang_isFunctionTypeVariadic(type) != 0;
  int n = clang_Cursor_getNumArguments(decl);
  f->nparams = n > 0 ? (unsigned)n : 0;
  f->type = cursor_string(tu->arena, clang_getTypeSpelling(clang_getCanonicalType(type)));
}

int frontend_func(facts_tu *tu, CXCursor decl) {
  CXString usr = clang_getCursorUSR(decl);
  const char *u = clang_getCString(usr);
  int idx = -1;
  if (u && *u) {
    CXString name = clang_getCursorSpelling(decl);
    idx = facts_func_intern(tu, u, clang_getCString(name));
    clang_disposeString(name);
    if (idx >= 0 && !tu->funcs.items[idx].type) {
      describe_func(tu, &tu->funcs.items[idx], decl);
      frontend_location(decl, tu->arena, &tu->funcs.items[idx].file, &tu->funcs.items[idx].line,
                        &tu->funcs.items[idx].col);
    }
  }
  clang_disposeString(usr);
  return idx;
}

static int walker_func(walker *w, CXCursor decl) {
  int idx = ptrmap_get(&w->decls, decl.data[0]);
  if (idx >= 0) return idx;
  idx = frontend_func(w->tu, decl);
  if (idx >= 0) ptrmap_put(&w->decls, decl.data[0], idx);
  return idx;
}

static void on_function(walker *w, CXCursor decl);

/* ---- expressions ---- */

/* "p" for p, "s.buf" for s.buf or s->buf; NULL for anything else. */
static const char *expr_name(arena *a, CXCursor e, int depth) {
  e = cursor_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_DeclRefExpr) return cursor_string(a, clang_getCursorSpelling(e));
  if (k != CXCursor_MemberRefExpr || depth > 8) return NULL;
  cursor_kids ks = cursor_children(e);
  const char *base = ks.n ? expr_name(a, ks.c[0], depth + 1) : NULL;
  if (!base) return NULL;
  CXString member = clang_getCursorSpelling(e);
  const char *name = arena_printf(a, "%s.%s", base, clang_getCString(member));
  clang_disposeString(member);
  return name;
}

/* The compiler's own functions, by name prefix. */
static const char *const builtin_prefixes[] = {"__builtin_", "__sync_", "__atomic_", "__c11_atomic_"};

bool frontend_is_builtin(const char *name) {
  for (size_t i = 0; name && i < sizeof builtin_prefixes / sizeof *builtin_prefixes; i++)
    if (strncmp(name, builtin_prefixes[i], strlen(builtin_prefixes[i])) == 0) return true;
  return false;
}

static bool is_builtin(CXCursor decl) {
  CXString s = clang_getCursorSpelling(decl);
  bool b = frontend_is_builtin(clang_getCString(s));
  clang_disposeString(s);
  return b;
}

CXCursor frontend_direct_callee(CXCursor call) {
  CXCursor ref = clang_getCursorReferenced(call);
  if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) return ref;
  cursor_kids ks = cursor_children(call);
  CXCursor e = ks.n ? cursor_strip(ks.c[0]) : clang_getNullCursor();
  for (int guard = 0; guard < 8 && clang_getCursorKind(e) == CXCursor_UnaryOperator; guard++) {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
    if (op != CXUnaryOperator_Deref && op != CXUnaryOperator_AddrOf) break;
    cursor_kids inner = cursor_children(e);
    e = inner.n ? cursor_strip(inner.c[0]) : clang_getNullCursor();
  }
  if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
    ref = clang_getCursorReferenced(e);
    if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) return ref;
  }
  return clang_getNullCursor();
}

/* The first argument that is &v: memory may come back through it. */
static void out_argument(walker *w, facts_call *fc, unsigned i, CXCursor e) {
  if (fc->out_arg || clang_getCursorKind(e) != CXCursor_UnaryOperator ||
      clang_getCursorUnaryOperatorKind(e) != CXUnaryOperator_AddrOf)
    return;
  cursor_kids ks = cursor_children(e);
  const char *v = ks.n == 1 ? expr_name(w->tu->arena, ks.c[0], 0) : NULL;
  if (v) fc->out_var = v, fc->out_arg = (unsigned char)(i + 1);
}

/* Per argument: &v (any call); for a direct call, a T ** parameter passed
 * on and integer constants. */
static void describe_args(walker *w, facts_call *fc, CXCursor call) {
  for (unsigned i = 0; i < fc->nargs && i < FACTS_MAXARGS; i++) {
    CXCursor arg = clang_Cursor_getArgument(call, i), e = cursor_strip(arg);
    enum CXCursorKind k = clang_getCursorKind(e);
    out_argument(w, fc, i, e);
    if (fc->callee < 0) continue;
    if (k == CXCursor_DeclRefExpr) fc->arg_param[i] = hot_extract_out_param(e); /* make(out, n) */
    /* Evaluating is only worth it for shapes a constant can have. */
    if (k == CXCursor_DeclRefExpr || k == CXCursor_CallExpr || k == CXCursor_MemberRefExpr ||
        k == CXCursor_StringLiteral || k == CXCursor_ArraySubscriptExpr)
      continue;
    CXEvalResult r = clang_Cursor_Evaluate(arg);
    if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
      fc->argconst[i] = clang_EvalResult_getAsLongLong(r);
      fc->argconst_ok[i] = true;
    } else if (cursor_null_constant(e)) {
      fc->argconst[i] = 0, fc->argconst_ok[i] = true; /* NULL for a pointer: no integer to libclang */
    }
    if (r) clang_EvalResult_dispose(r);
  }
}

static void on_call(walker *w, CXCursor call) {
  if (w->func < 0) return; /* no caller: e.g. inside a file-scope sizeof */
  facts_tu *tu = w->tu;
  facts_call fc = {.caller = w->func, .callee = -1, .loop = w->loop, .loop_depth = w->depth};
  CXCursor callee = frontend_direct_callee(call);
  if (!cursor_is_null(callee)) {
    if (is_builtin(callee)) return;
    fc.callee = walker_func(w, callee);
    if (fc.callee < 0) return;
  }
  walker_location(w, clang_getCursorLocation(call), &fc.file, &fc.line, &fc.col);
  int nargs = clang_Cursor_getNumArguments(call);
  fc.nargs = nargs > 0 ? (unsigned)nargs : 0;
  describe_args(w, &fc, call);
  if (fc.nargs) fc.arg0_var = expr_name(tu->arena, clang_Cursor_getArgument(call, 0), 0);
  /* Compared by extent: the stripped right-hand side and the call cursor
   * are different cursor objects for the same expression. */
  if (w->assign_name &&
      clang_equalRanges(clang_getCursorExtent(call), clang_getCursorExtent(w->assign_rhs)))
    fc.result_var = w->assign_name;
  if (fc.callee >= 0 && tu->funcs.items[fc.callee].line == fc.line &&
      tu->funcs.items[fc.callee].col == fc.col && !tu->funcs.items[fc.callee].defined)
    tu->funcs.items[fc.callee].implicit = true; /* declared by this very call */
  hot_branch_arms(tu, &fc);
  if (VEC_PUSH(tu->arena, &tu->calls, fc)) hot_extract_call(tu, tu->calls.len - 1, call);
}

/* ---- statements ---- */

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

/* Visits c itself as a child would be visited, then its children if asked. */
static void visit_one(walker *w, CXCursor c) {
  if (visit(c, clang_getNullCursor(), w) == CXChildVisit_Recurse) cursor_visit(c, visit, w);
}

/* The offset of the first ';' of a for header: children that end before it
 * are the init clause, which runs once per entry, not once per iteration.
 * Only the header (up to the body's start) is tokenized. */
static unsigned for_init_end(CXTranslationUnit unit, CXCursor loop, CXCursor body) {
  CXSourceRange header = clang_getRange(clang_getRangeStart(clang_getCursorExtent(loop)),
                                        clang_getRangeStart(clang_getCursorExtent(body)));
  CXToken *tokens = NULL;
  unsigned n = 0, end = 0, parens = 0;
  clang_tokenize(unit, header, &tokens, &n);
  for (unsigned i = 0; i < n && !end; i++) {
    CXString t = clang_getTokenSpelling(unit, tokens[i]);
    const char *text = clang_getCString(t);
    if (text && strcmp(text, "(") == 0) parens++;
    else if (text && strcmp(text, ")") == 0) parens--;
    else if (text && parens == 1 && strcmp(text, ";") == 0)
      clang_getSpellingLocation(clang_getTokenLocation(unit, tokens[i]), NULL, NULL, NULL, &end);
    clang_disposeString(t);
  }
  clang_disposeTokens(unit, tokens, n);
  return end;
}

typedef struct loop_parts { CXCursor c[5]; unsigned n; } loop_parts;

static bool ends_before(CXCursor c, unsigned offset) {
  unsigned end = 0;
  clang_getSpellingLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, NULL, NULL, &end);
  return end <= offset + 1; /* a DeclStmt's extent ends just past its own ';' */
}

/* do { ... } while (0), the statement-macro idiom, runs once: not a loop. */
static bool runs_once(const loop_parts *parts) { return cursor_null_constant(parts->c[parts->n - 1]); }

static void on_loop(walker *w, CXCursor c, facts_loop_kind kind) {
  facts_loop l = {.func = w->func, .parent = w->loop, .kind = kind, .depth = w->depth + 1};
  walker_location(w, clang_getCursorLocation(c), &l.file, &l.line, &l.col);
  loop_parts parts;
  parts.n = cursor_collect(c, parts.c, 5);
  if (kind == FACTS_LOOP_DO && parts.n == 2 && runs_once(&parts)) {
    for (unsigned i = 0; i < parts.n; i++) visit_one(w, parts.c[i]);
    return;
  }
  unsigned init_end = 0, first = 0;
  if (kind == FACTS_LOOP_FOR && parts.n > 1)
    init_end = for_init_end(clang_Cursor_getTranslationUnit(c), c, parts.c[parts.n - 1]);
  for (; first < parts.n && init_end && ends_before(parts.c[first], init_end); first++)
    visit_one(w, parts.c[first]); /* the init clause, at the enclosing depth */
  int saved_loop = w->loop;
  l.trip = hot_branch_loop_enter(w->tu, kind, parts.c, parts.n, first);
  /* a counter up to a parameter (a variable: FACTS_TRIP_COUNT): the
   * constant a caller passes there, else the trip */
  if (l.trip == FACTS_TRIP_COUNT) l.bound_param = hot_branch_loop_bound(kind, parts.c, parts.n, first);
  /* A while loop's condition runs once more than its body: that matters
   * only for a loop whose body runs less than once per entry (a retry),
   * where the call in while ((rc = step()) == BUSY && ..) runs every time. */
  if (kind == FACTS_LOOP_WHILE && parts.n == 2 && l.trip > 0 && l.trip < 1) visit_one(w, parts.c[first++]);
  if (VEC_PUSH(w->tu->arena, &w->tu->loops, l)) w->loop = (int)w->tu->loops.len - 1;
  w->depth++;
  for (unsigned i = first; i < parts.n; i++) visit_one(w, parts.c[i]);
  hot_branch_loop_leave(w->tu);
  w->depth--;
  w->loop = saved_loop;
}

/* The condition of parts (cond, then, ..) at the current sides, then the
 * then side under its fact; els/skip: what the other side is (its
 * statement, or the rest of a block from statement skip). */
static void walk_then(walker *w, const CXCursor *parts, CXCursor els, unsigned skip) {
  visit_one(w, parts[0]);
  hot_branch_push_if(w->tu, parts[0], parts[1], els, skip, false);
  visit_one(w, parts[1]);
  hot_branch_pop(w->tu);
}

/* if and ?: : the condition at the current sides, then each side with its
 * branch fact (hot_branch.c). block/index: the if is the index-th statement
 * of block and its then side leaves it, so the rest of the block is its
 * implicit else (the caller walks that, pushing the same condition). */
static void on_branch(walker *w, CXCursor c, CXCursor block, unsigned index) {
  CXCursor parts[3];
  unsigned n = cursor_collect(c, parts, 3);
  if (n < 2) {
    cursor_visit(c, visit, w);
    return;
  }
  CXCursor els = n == 3 ? parts[2] : block;
  unsigned skip = n == 3 ? 0 : index;
  walk_then(w, parts, els, skip);
  if (n == 3) {
    hot_branch_push_if(w->tu, parts[0], parts[1], els, skip, true);
    visit_one(w, parts[2]);
    hot_branch_pop(w->tu);
  }
}

/* a && f(), a || f(): f runs only on one side of a, as in an if. */
static bool on_logical(walker *w, CXCursor c) {
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
  if (op != CXBinaryOperator_LAnd && op != CXBinaryOperator_LOr) return false;
  cursor_kids ks = cursor_children(c);
  if (ks.n != 2) return false;
  CXCursor left = ks.c[0], right = ks.c[1], none = clang_getNullCursor();
  bool and = op == CXBinaryOperator_LAnd;
  visit_one(w, left);
  hot_branch_push_if(w->tu, left, and ? right : none, and ? none : right, 0, !and);
  visit_one(w, right);
  hot_branch_pop(w->tu);
  return true;
}

typedef struct block_walk { walker *w; CXCursor block, prev; unsigned index, pushed; } block_walk;

static bool is_label(CXCursor c) {
  enum CXCursorKind k = clang_getCursorKind(c);
  return k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt || k == CXCursor_LabelStmt;
}

static enum CXChildVisitResult goto_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  walker *w = data;
  if (clang_getCursorKind(c) != CXCursor_GotoStmt) return CXChildVisit_Recurse;
  CXCursor label = cursor_goto_label(c);
  if (!cursor_is_null(label))
    VEC_PUSH(w->tu->arena, &w->gotos, ((struct goto_ref){cursor_decl_key(label), cursor_offset(c)}));
  return CXChildVisit_Continue;
}

/* &&L: the walk notes the label. The table an interpreter jumps through
 * (goto *table[op]) is a local, declared before that goto, which comes
 * before the labels it reaches: noted before any of them is met. */
static void on_label_address(walker *w, CXCursor c) {
  CXCursor label = cursor_goto_label(c); /* its label reference, as a goto's */
  const void *key = cursor_is_null(label) ? NULL : cursor_decl_key(label);
  for (size_t i = 0; key && i < w->targets.len; i++)
    if (w->targets.items[i] == key) return;
  if (key) VEC_PUSH(w->tu->arena, &w->targets, key);
}

/* A label whose address the function takes (&&L_OP_MOVE in a table an
 * interpreter jumps through with goto *table[op]): one of the n cases of
 * that dispatch, n the labels so taken; 0 for any other label. */
static unsigned dispatch_cases(walker *w, CXCursor label) {
  const void *key = cursor_decl_key(label);
  for (size_t i = 0; i < w->targets.len; i++)
    if (w->targets.items[i] == key) return (unsigned)w->targets.len;
  return 0;
}

/* Does a goto after label (a backward jump: a loop, a parser's state
 * machine) or the statement just before it (goto L; L:) lead there? */
static bool looped_to(walker *w, CXCursor label, CXCursor prev) {
  const void *key = cursor_decl_key(label);
  if (clang_getCursorKind(prev) == CXCursor_GotoStmt && cursor_decl_key(cursor_goto_label(prev)) == key)
    return true;
  if (!w->gotos_known) { /* few functions have a label after a return: scan only those */
    w->gotos.len = 0, w->gotos_known = true;
    cursor_visit(w->fdecl, goto_visit, w);
  }
  unsigned at = cursor_offset(label);
  for (size_t i = 0; i < w->gotos.len; i++)
    if (w->gotos.items[i].at > at && w->gotos.items[i].label == key) return true;
  return false;
}

/* At label c, which the statement before it may fall into (prev; null at
 * the block's start): a switch's case is reached by the switch's jump,
 * past every check above it, so the sides those guarded end there. A
 * goto's target after a statement that falls through keeps them (the
 * jumps there mostly come from those checks: `if (!p) goto out; ..;
 * out:`); after one that cannot (`return 0; fail: ..`) it is reached
 * only by forward jumps, which the error heuristic calls rare: one side
 * of its own, as if under the goto that leads there. A target of a
 * backward jump is a loop's head (a parser's states): it keeps them. */
static void on_label(block_walk *b, CXCursor c) {
  bool label = clang_getCursorKind(c) == CXCursor_LabelStmt;
  unsigned cases = label ? dispatch_cases(b->w, c) : 0;
  bool jumped_to = label && !cases && !cursor_is_null(b->prev) && hot_branch_leaves(b->prev) &&
                   !looped_to(b->w, c, b->prev);
  if (label && !cases && !jumped_to) return;
  for (; b->pushed; b->pushed--) hot_branch_pop(b->w->tu);
  if (jumped_to) hot_branch_push(b->w->tu, FACTS_RARE(FACTS_HINT_ERROR, 0), clang_getNullCursor()), b->pushed++;
  /* a dispatch target, reached as a switch's case is, 1 time in n */
  if (cases > 1) hot_branch_push(b->w->tu, FACTS_ARM_CASES(cases), clang_getNullCursor()), b->pushed++;
}

/* A block's statements in order; after `if (c) return ..;` (a side that
 * leaves the block) the rest runs only when c does not hold, up to a
 * label (on_label). A labelled statement is walked as one of the
 * block's own: a case's first check guards the rest of the case. An
 * else-if after a side that leaves is the next statement: `if (a)
 * return x; else if (b) return y;` is `if (a) return x; if (b) return
 * y;`, and the rest runs when neither holds. */
static enum CXChildVisitResult block_visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  block_walk *b = data;
  b->index++;
  if (is_label(c)) {
    on_label(b, c);
    for (int guard = 0; guard < 64 && is_label(c); guard++) c = cursor_last_child(c);
  }
  b->prev = c;
  if (cursor_is_null(c)) return CXChildVisit_Continue;
  if (clang_getCursorKind(c) != CXCursor_IfStmt) {
    visit_one(b->w, c);
    return CXChildVisit_Continue;
  }
  for (int guard = 0; guard < 64; guard++) {
    CXCursor parts[3];
    unsigned n = cursor_collect(c, parts, 3);
    bool chain = n == 3 && clang_getCursorKind(cursor_strip(parts[2])) == CXCursor_IfStmt && hot_branch_leaves(parts[1]);
    if (!chain && (n != 2 || !hot_branch_leaves(parts[1]))) {
      on_branch(b->w, c, clang_getNullCursor(), 0);
      return CXChildVisit_Continue;
    }
    /* if (a) return x; else if (b) ..: as if (a) return x; if (b) .. */
    walk_then(b->w, parts, b->block, b->index);
    hot_branch_push_if(b->w->tu, parts[0], parts[1], b->block, b->index, true);
    b->pushed++;
    if (!chain) return CXChildVisit_Continue;
    c = cursor_strip(parts[2]);
  }
  visit_one(b->w, c);
  return CXChildVisit_Continue;
}

static void on_block(walker *w, CXCursor c) {
  block_walk b = {.w = w, .block = c, .prev = clang_getNullCursor()};
  cursor_visit(c, block_visit, &b);
  while (b.pushed--) hot_branch_pop(w->tu);
}

/* A switch: each case runs 1 time in n (Ball and Larus's uniform split),
 * also an interpreter's dispatch over its opcodes: all its cases together
 * are the loop's work, not each of them. */
static void on_switch(walker *w, CXCursor c) {
  CXCursor parts[2];
  if (cursor_collect(c, parts, 2) != 2) {
    cursor_visit(c, visit, w);
    return;
  }
  unsigned n = hot_branch_cases(parts[1]);
  visit_one(w, parts[0]);
  if (n > 1) hot_branch_push(w->tu, FACTS_ARM_CASES(n), clang_getNullCursor());
  visit_one(w, parts[1]);
  if (n > 1) hot_branch_pop(w->tu);
}

/* Remembers "name = <call>" so the call can record where its result goes. */
static void with_assignment(walker *w, CXCursor c, const char *name, CXCursor rhs) {
  const char *saved_name = w->assign_name;
  CXCursor saved_rhs = w->assign_rhs;
  w->assign_name = name;
  w->assign_rhs = cursor_non_null_arm(cursor_strip(rhs)); /* p = z ? dup(z) : 0 stores the call */
  cursor_visit(c, visit, w);
  w->assign_name = saved_name, w->assign_rhs = saved_rhs;
}

static bool on_assignment(walker *w, CXCursor c) {
  if (clang_getCursorBinaryOperatorKind(c) != CXBinaryOperator_Assign) return false;
  cursor_kids ks = cursor_children(c);
  const char *name = ks.n == 2 ? expr_name(w->tu->arena, ks.c[0], 0) : NULL;
  if (!name) {
    if (ks.n == 2) hot_extract_store(w->tu, w->func, ks.c[0], ks.c[1]);
    return false;
  }
  with_assignment(w, c, name, ks.c[1]);
  hot_branch_write(ks.c[0]); /* after the right-hand side: n = n ? n : 16 tests the caller's n */
  return true;
}

/* x += k, x++, --x: a write of x (hot_branch_write). */
static void on_update(CXCursor c, enum CXCursorKind kind) {
  CXCursor operand;
  if (cursor_updates_kind(c, kind) && cursor_collect(c, &operand, 1) == 1) hot_branch_write(operand);
}

static bool on_local(walker *w, CXCursor c) {
  CXCursor init = clang_Cursor_getVarDeclInitializer(c);
  if (cursor_is_null(init)) return false;
  with_assignment(w, c, cursor_string(w->tu->arena, clang_getCursorSpelling(c)), init);
  return true;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data) {
  walker *w = data;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (w->func < 0 && kind != CXCursor_FunctionDecl && kind != CXCursor_LinkageSpec)
    return CXChildVisit_Continue; /* file scope: only function bodies hold calls */
  switch (kind) {
  case CXCursor_FunctionDecl: on_function(w, c); return CXChildVisit_Continue;
  case CXCursor_CallExpr: on_call(w, c); return CXChildVisit_Recurse;
  case CXCursor_ForStmt: on_loop(w, c, FACTS_LOOP_FOR); return CXChildVisit_Continue;
  case CXCursor_WhileStmt: on_loop(w, c, FACTS_LOOP_WHILE); return CXChildVisit_Continue;
  case CXCursor_DoStmt: on_loop(w, c, FACTS_LOOP_DO); return CXChildVisit_Continue;
  case CXCursor_SwitchStmt:
    if (w->func < 0) return CXChildVisit_Recurse;
    on_switch(w, c);
    return CXChildVisit_Continue;
  case CXCursor_IfStmt: case CXCursor_ConditionalOperator:
    if (w->func < 0) return CXChildVisit_Recurse;
    on_branch(w, c, clang_getNullCursor(), 0);
    return CXChildVisit_Continue;
  case CXCursor_CompoundStmt:
    if (w->func < 0) return CXChildVisit_Recurse;
    on_block(w, c);
    return CXChildVisit_Continue;
  case CXCursor_BinaryOperator:
    return w->func >= 0 && (on_assignment(w, c) || on_logical(w, c)) ? CXChildVisit_Continue
                                                                        : CXChildVisit_Recurse;
  case CXCursor_ReturnStmt:
    if (w->func >= 0) hot_extract_return(w->tu, w->func, w->fdecl, c);
    return CXChildVisit_Recurse;
  case CXCursor_AddrLabelExpr:
    if (w->func >= 0) on_label_address(w, c);
    return CXChildVisit_Continue;
  case CXCursor_UnaryOperator: case CXCursor_CompoundAssignOperator:
    if (w->func >= 0) on_update(c, kind);
    return CXChildVisit_Recurse;
  case CXCursor_VarDecl:
    return w->func >= 0 && on_local(w, c) ? CXChildVisit_Continue : CXChildVisit_Recurse;
  case CXCursor_StructDecl: case CXCursor_UnionDecl: case CXCursor_EnumDecl:
  case CXCursor_TypedefDecl:
    return CXChildVisit_Continue; /* no calls in type declarations */
  default: return CXChildVisit_Recurse;
  }
}

/* Only definitions make nodes here; a declaration becomes a node when
 * something calls or references it, so the thousand prototypes of libc do
 * not. Bodies in system headers are library code: not walked. */
static void on_function(walker *w, CXCursor decl) {
  if (!clang_isCursorDefinition(decl)) return;
  if (clang_Location_isInSystemHeader(clang_getCursorLocation(decl))) return;
  int idx = walker_func(w, decl);
  if (idx < 0) return;
  facts_func *f = &w->tu->funcs.items[idx];
  f->defined = true;
  f->implicit = false;
  walker_location(w, clang_getCursorLocation(decl), &f->file, &f->line, &f->col);
  int saved = w->func;
  CXCursor saved_decl = w->fdecl;
  w->func = idx, w->fdecl = decl;
  w->gotos_known = false, w->targets.len = 0;
  hot_branch_function(decl);
  cursor_visit(decl, visit, w);
  w->func = saved, w->fdecl = saved_decl;
  CXCursor body = cursor_last_child(decl);
  w->tu->funcs.items[idx].ends_process = hot_branch_ends_process(body);
}

/* ---- top-level declarations ---- */

typedef struct top_walk { walker *w; pt_walk *pt; } top_walk;

/* The declarations the walks descend into: function definitions outside
 * system headers (both walks) and, for the points-to walk, initialised
 * variables. Only those are worth a cursor tree. */
static bool worth_a_tree(CXCursor c, bool pointer) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_VarDecl) return pointer && !cursor_is_null(clang_Cursor_getVarDeclInitializer(c));
  return k == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
         !clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

/* Each top-level declaration: its cursor tree, the frontend's walk, then
 * the points-to walk over the same tree. */
static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent, CXClientData data) {
  top_walk *t = data;
  bool tree = worth_a_tree(c, t->pt != NULL) && cursor_tree_begin(c);
  if (visit(c, parent, t->w) == CXChildVisit_Recurse) cursor_visit(c, visit, t->w);
  if (t->pt) pt_extract_top(t->pt, c);
  if (tree) cursor_tree_end();
  return CXChildVisit_Continue;
}

/* ---- diagnostics and parsing ---- */

/* "unknown argument: '-mindirect-branch=thunk'", with no position: a gcc
 * option that clang's driver drops. It changes nothing clang parses, so it
 * is a warning about the command line, kept once per TU so that the report
 * can name it once for all the TUs that share it; not an error of the TU. */
static bool command_line_warning(facts_tu *tu, CXDiagnostic d) {
  CXFile f = NULL;
  clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, NULL, NULL, NULL);
  if (f) return false;
  const char *msg = cursor_string(tu->arena, clang_getDiagnosticSpelling(d));
  static const char unknown[] = "unknown argument";
  if (!msg || strncmp(msg, unknown, sizeof unknown - 1) != 0) return false;
  if (tu->cmdline.len >= FACTS_MAXDIAGS) return true;
  facts_diag fd = {.severity = "warning", .message = arena_printf(tu->arena, "%s (ignored)", msg)};
  VEC_PUSH(tu->arena, &tu->cmdline, fd);
  return true;
}

static void collect_diagnostics(facts_tu *tu, CXTranslationUnit unit) {
  unsigned n = clang_getNumDiagnostics(unit);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(unit, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev == CXDiagnostic_Error && command_line_warning(tu, d)) sev = CXDiagnostic_Warning;
    if (sev >= CXDiagnostic_Error && tu->nerrors++ < FACTS_MAXDIAGS) {
      facts_diag fd = {.severity = sev == CXDiagnostic_Fatal ? "fatal error" : "error"};
      CXFile f = NULL;
      clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &fd.line, &fd.col, NULL);
      fd.file = f ? frontend_file_name(tu->arena, f) : tu->main_file;
      fd.message = cursor_string(tu->arena, clang_getDiagnosticSpelling(d));
      VEC_PUSH(tu->arena, &tu->diags, fd);
    }
    clang_disposeDiagnostic(d);
  }
}

/* Clang 16 made these errors; old but valid-enough code (K&R, C89) should be
 * analysed, not rejected, so they are warnings again. Job flags come after
 * and can override. */
static const char *const default_args[] = {
    "-Wno-error=implicit-function-declaration", "-Wno-error=implicit-int",
    "-Wno-error=int-conversion", "-Wno-error=incompatible-function-pointer-types",
    "-Wno-error=return-type", "-ferror-limit=0"};
enum { NDEFAULT = sizeof default_args / sizeof *default_args };

/* After the job's flags, so that they win: a database written for gcc names
 * warnings clang does not know (-Wimplicit-fallthrough=3, -Wformat-truncation,
 * -Wno-stringop-overflow, ...) and optimisation flags it ignores, and clang
 * prints a line per such option per TU itself, burying the real diagnostics.
 * None of them changes what the code means. And no warnings at all (-w):
 * only errors are reported (collect_diagnostics), and clang's checks for
 * warnings were 7% of its parse of SQLite's sqlite3.c (2.47 G -> 2.29 G
 * instructions); a -Werror in the job's flags then makes no error either,
 * as the code compiles without it. */
static const char *const final_args[] = {
    "-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument",
    "-Wno-unused-command-line-argument", "-w"};
enum { NFINAL = sizeof final_args / sizeof *final_args };

struct frontend { CXIndex index; void *xref_claims; };

void frontend_set_xref_claims(frontend *fe, void *claims) { fe->xref_claims = claims; }

frontend *frontend_new(void) {
  frontend *fe = ca_xmalloc(sizeof *fe);
  if (!fe) return NULL;
  fe->index = clang_createIndex(0, 0);
  fe->xref_claims = NULL;
  if (!fe->index) return ca_xfree(fe), NULL;
  return fe;
}

void frontend_free(frontend *fe) {
  if (!fe) return;
  cursor_tree_release(); /* the thread's, which is the frontend's */
  clang_disposeIndex(fe->index);
  ca_xfree(fe);
}

char *frontend_clang_version(arena *a) {
  return cursor_string(a, clang_getClangVersion());
}

const char *frontend_job_dir(const frontend_job *job) {
  const char *dir = job->directory;
  for (int i = 0; i < job->nargs; i++) {
    const char *a = job->args[i];
    if (strcmp(a, "-working-directory") == 0 && i + 1 < job->nargs) dir = job->args[++i];
    else if (strncmp(a, "-working-directory=", 19) == 0) dir = a + 19;
  }
  return dir;
}

typedef struct inputs { facts_tu *tu; ptrmap seen; const char *dir; } inputs;

/* A file as the TU opened it (not its real path: a symbolic link that is
 * later pointed elsewhere must read as an edit), made absolute against the
 * compile command's working directory. */
static const char *opened_name(inputs *in, CXFile file) {
  CXString s = clang_getFileName(file);
  const char *c = clang_getCString(s), *name = NULL;
  if (c && *c) name = c[0] == '/' || !in->dir ? arena_strdup(in->tu->arena, c)
                                              : arena_printf(in->tu->arena, "%s/%s", in->dir, c);
  clang_disposeString(s);
  return name;
}

static void on_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data) {
  inputs *in = data;
  if (!file || ptrmap_get(&in->seen, file) >= 0) return;
  ptrmap_put(&in->seen, file, 0);
  const char *name = opened_name(in, file);
  if (name && depth == 0 && in->tu->inputs.len) { /* the main file goes first */
    VEC_PUSH(in->tu->arena, &in->tu->inputs, in->tu->inputs.items[0]);
    in->tu->inputs.items[0] = name;
  } else if (name) {
    VEC_PUSH(in->tu->arena, &in->tu->inputs, name);
  }
}

/* Every file the TU read (its inclusions), for the cache to re-check.
 * Names relative to no known folder stay relative: the cache refuses them. */
static void collect_inputs(facts_tu *tu, CXTranslationUnit unit, const frontend_job *job) {
  inputs in = {.tu = tu, .dir = frontend_job_dir(job)};
  char cwd[4096];
  if (!in.dir && getcwd(cwd, sizeof cwd)) in.dir = cwd;
  ptrmap_init(&in.seen, tu->arena);
  clang_getInclusions(unit, on_inclusion, &in);
}

facts_tu *frontend_parse(frontend *fe, const frontend_job *job, unsigned pointer) {
  facts_tu *tu = facts_tu_new(job->file);
  if (!tu) return NULL;
  int nargs = NDEFAULT + job->nargs + NFINAL;
  const char **args = arena_alloc(tu->arena, ((size_t)nargs + 1) * sizeof *args);
  if (!args) return facts_tu_free(tu), NULL;
  memcpy(args, default_args, sizeof default_args);
  for (int i = 0; i < job->nargs; i++) args[NDEFAULT + i] = job->args[i];
  memcpy(args + NDEFAULT + job->nargs, final_args, sizeof final_args);
  CXTranslationUnit unit = NULL;
  unsigned flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
  if (pointer & FRONTEND_XREF) flags |= CXTranslationUnit_DetailedPreprocessingRecord; /* macro links */
  enum CXErrorCode rc = clang_parseTranslationUnit2(fe->index, job->file, args, nargs,
                                                    NULL, 0, flags, &unit);
  if (rc != CXError_Success || !unit) {
    tu->parse_failed = true;
    return tu;
  }
  cursor_types_reset();
  collect_diagnostics(tu, unit);
  if (pointer & FRONTEND_INPUTS) collect_inputs(tu, unit, job);
  walker w = {.tu = tu, .func = -1, .loop = -1};
  ptrmap_init(&w.decls, tu->arena), ptrmap_init(&w.files, tu->arena);
  top_walk top = {&w, NULL};
  hot_branch_enable(pointer & FRONTEND_BRANCHES);
  if ((pointer & FRONTEND_POINTER) && !(top.pt = pt_extract_begin(tu, unit, pointer & FRONTEND_POSITIONS)))
    tu->parse_failed = true;
  clang_visitChildren(clang_getTranslationUnitCursor(unit), top_level, &top);
  hot_extract_finish(tu);
  tu->branch = NULL; /* hot_branch.c's side stack: scratch of the walk */
  if (top.pt && pt_extract_end(top.pt) != 0) tu->parse_failed = true;
  if ((pointer & FRONTEND_XREF) && xref_extract(tu, unit, fe->xref_claims) != 0) tu->parse_failed = true;
  clang_disposeTranslationUnit(unit);
  if (arena_failed(tu->arena)) return facts_tu_free(tu), NULL;
  return tu;
}
