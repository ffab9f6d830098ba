/* cursor.h: small libclang cursor helpers shared by the extractors
 * (frontend.c, hot_branch.c, hot_extract.c, pt_extract.c), and the cursor
 * tree they walk instead of asking libclang for children again. */
#ifndef CA_CURSOR_H
#define CA_CURSOR_H
#include "base/arena.h"
#include <clang-c/Index.h>

/* ---- cursor trees ----
 * clang_visitChildren computes a cursor's children anew on every call (a
 * visitor object, a work list), and the extractors ask for the children of
 * one node many times: the frontend's walk, the points-to walk, the branch
 * heuristics, cursor_strip. A cursor tree is one libclang traversal of a
 * top-level declaration kept as an array (preorder, each node with the end
 * of its subtree). cursor_visit is clang_visitChildren's drop-in: it answers
 * from the tree for a cursor the tree holds and asks libclang for any other,
 * so the children are the same either way and a missing tree (out of
 * memory, a shape the builder cannot follow) only costs time. One tree per
 * thread (the workers each walk their own TU), from cursor_tree_begin to
 * cursor_tree_end; its buffers are kept for the next one until
 * cursor_tree_release. */
bool cursor_tree_begin(CXCursor root);   /* false: no tree, cursor_visit asks libclang */
void cursor_tree_end(void);              /* drops the tree (keeps the buffers) */
void cursor_tree_release(void);          /* frees this thread's buffers */
unsigned cursor_visit(CXCursor parent, CXCursorVisitor visitor, CXClientData data);

/* clang_Cursor_isNull without its call to clang_equalCursors: the null
 * cursor is clang_getNullCursor()'s value, kind InvalidFile and every
 * other field zero. The extractors ask it about every node they walk. */
static inline bool cursor_is_null(CXCursor c) {
  return c.kind == CXCursor_InvalidFile && !c.xdata && !c.data[0] && !c.data[1] && !c.data[2];
}

enum { CURSOR_MAXKIDS = 4 };
/* The first CURSOR_MAXKIDS children of a cursor; n counts all of them. */
typedef struct cursor_kids { CXCursor c[CURSOR_MAXKIDS]; unsigned n; } cursor_kids;

cursor_kids cursor_children(CXCursor c);
/* The first max children of c into out; returns how many were stored. */
unsigned cursor_collect(CXCursor c, CXCursor *out, unsigned max);
/* Every child of c, in an array in a; *n says how many (on OOM, the ones
 * collected: arena_failed tells). */
CXCursor *cursor_all(arena *a, CXCursor c, size_t *n);
CXCursor cursor_last_child(CXCursor c);   /* null cursor if none */
/* The label a goto statement jumps to; null cursor if unknown. */
CXCursor cursor_goto_label(CXCursor g);
/* Where c is in its file, as a byte offset (the expansion location:
 * where a macro's use is). */
unsigned cursor_offset(CXCursor c);
/* Looks through parentheses, implicit conversions and casts (a cast's
 * operand is its last child, after a TypeRef). */
CXCursor cursor_strip(CXCursor c);
/* A literal 0, or GNU's __null (NULL), after cursor_strip. */
bool cursor_null_constant(CXCursor e);
/* c ? x : 0 and c ? 0 : x (0 or NULL): x, stripped, which is what the
 * expression hands on (return n <= 0 ? 0 : alloc(n); p = z ? dup(z) : 0);
 * e itself for any other shape. */
CXCursor cursor_non_null_arm(CXCursor e);
/* 1 + the index of the enclosing function's parameter that e names (after
 * cursor_strip), or 0 when e is no reference to a parameter. */
unsigned char cursor_param_index(CXCursor e);
/* Is declaration d a variable that outlives calls: a global or a static
 * local? */
bool cursor_lasting_var(CXCursor d);
/* Does e change a variable in place: x++, --x, x += k (not x = v)? With
 * _kind, for a visitor that has e's kind already; cursor_update_op: is a
 * unary operator one of those (++, --)? */
bool cursor_updates(CXCursor e);
bool cursor_updates_kind(CXCursor e, enum CXCursorKind k);
bool cursor_update_op(enum CXUnaryOperatorKind op);
/* A declaration's own key, the same for every cursor that names it: its
 * Decl, or a macro record; a label is its statement (a goto's referent
 * and the label in its block differ in all but that). */
const void *cursor_decl_key(CXCursor d);
/* The cursor's spelling copied into a (the CXString is disposed at once). */
char *cursor_spelling(arena *a, CXCursor c);
char *cursor_string(arena *a, CXString s);  /* copies and disposes s */

/* clang_getCanonicalType, remembered: the points-to walk asks it 440 K
 * times on SQLite's sqlite3.c, for a few thousand types, at about 130
 * instructions a call. One table per thread; cursor_types_reset before
 * each TU's walk. */
CXType cursor_canonical(CXType t);
void cursor_types_reset(void);
#endif
