/* cursor_tree_test.c: cursor_visit answers from the cursor tree as
 * clang_visitChildren does: the same nodes with the same parents in the
 * same order when every visit recurses, the same when Continue skips
 * a subtree, the same prefix when Break ends the visit, and a cursor the
 * tree does not hold is still visited (by libclang). */
#include "clang/cursor.h"
#include "tap.h"
#include <string.h>

static const char source[] =
    "int g(int, int);\n"
    "int f(int a, int b) {\n"
    "  int s = 0;\n"
    "  for (int i = 0; i < a; i++) {\n"
    "    if (i & 1) s += g(i, b);\n"
    "    else { s -= (a + b) * 2; }\n"
    "  }\n"
    "  while (b--) s ^= (int)b;\n"
    "  return s ? s : g(a, -1);\n"
    "}\n";

enum { MAX_SEEN = 512 };

/* What a visit saw, and how it answers: skip the subtrees of kind skip,
 * stop after stop nodes (0: never). */
typedef struct seen {
  CXCursor c[MAX_SEEN], parent[MAX_SEEN];
  unsigned n, stop;
  enum CXCursorKind skip;
} seen;

static enum CXChildVisitResult record(CXCursor c, CXCursor parent, CXClientData data) {
  seen *s = data;
  if (s->n < MAX_SEEN) s->c[s->n] = c, s->parent[s->n] = parent;
  s->n++;
  if (s->stop && s->n >= s->stop) return CXChildVisit_Break;
  return clang_getCursorKind(c) == s->skip ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/* The same AST node: libclang keeps in a statement's cursor the
 * declaration its traversal last entered (data[0]), so one statement
 * reached along two routes (after a skipped `for (int i ..)`, or from a
 * subtree's own root) differs there; the node is data[1] (a
 * declaration's is data[0]). */
static bool same_node(CXCursor a, CXCursor b) {
  if (clang_getCursorKind(a) != clang_getCursorKind(b) || a.data[2] != b.data[2]) return false;
  return clang_isDeclaration(clang_getCursorKind(a)) ? a.data[0] == b.data[0] : a.data[1] == b.data[1];
}

static bool same_visits(const seen *a, const seen *b) {
  if (a->n != b->n || a->n > MAX_SEEN) return false;
  for (unsigned i = 0; i < a->n; i++)
    if (!same_node(a->c[i], b->c[i]) || !same_node(a->parent[i], b->parent[i])) return false;
  return true;
}

/* Both ways, with the same answers. */
static bool agree(CXCursor root, enum CXCursorKind skip, unsigned stop, unsigned *n) {
  static seen lib, tree;
  memset(&lib, 0, sizeof lib), memset(&tree, 0, sizeof tree);
  lib.skip = tree.skip = skip, lib.stop = tree.stop = stop;
  clang_visitChildren(root, record, &lib);
  cursor_visit(root, record, &tree);
  *n = lib.n;
  return same_visits(&lib, &tree);
}

static enum CXChildVisitResult find_f(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  CXString name = clang_getCursorSpelling(c);
  if (clang_getCursorKind(c) == CXCursor_FunctionDecl && strcmp(clang_getCString(name), "f") == 0 &&
      clang_isCursorDefinition(c))
    *(CXCursor *)data = c;
  clang_disposeString(name);
  return CXChildVisit_Continue;
}

int main(void) {
  struct CXUnsavedFile file = {"tree.c", source, sizeof source - 1};
  CXIndex index = clang_createIndex(0, 0);
  CXTranslationUnit tu = NULL;
  enum CXErrorCode rc = clang_parseTranslationUnit2(index, "tree.c", NULL, 0, &file, 1, CXTranslationUnit_None, &tu);
  ok(rc == CXError_Success && tu, "parsed");
  if (!tu) return clang_disposeIndex(index), tap_done();
  CXCursor f = clang_getNullCursor();
  clang_visitChildren(clang_getTranslationUnitCursor(tu), find_f, &f);
  ok(!cursor_is_null(f), "f found");
  ok(cursor_is_null(clang_getNullCursor()) && !cursor_is_null(f), "cursor_is_null tells the null cursor apart");

  ok(cursor_tree_begin(f), "a tree of f");
  unsigned n = 0, all = 0;
  bool same = agree(f, CXCursor_InvalidCode, 0, &all);
  ok(same && all > 20, "every node, each with its parent, in order (%u)", all);
  same = agree(f, CXCursor_ForStmt, 0, &n);
  ok(same && n < all, "Continue at the for loop skips its subtree (%u of %u)", n, all);
  same = agree(f, CXCursor_IfStmt, 0, &n);
  ok(same && n < all, "Continue at the if skips its branches (%u of %u)", n, all);
  same = agree(f, CXCursor_InvalidCode, 7, &n);
  ok(same && n == 7, "Break after 7 nodes ends the visit");
  same = agree(f, CXCursor_InvalidCode, all, &n);
  ok(same && n == all, "Break at the last node");
  CXCursor kids[4];
  unsigned k = cursor_collect(f, kids, 4);
  same = k >= 3 && agree(kids[k - 1], CXCursor_InvalidCode, 0, &n);
  ok(same && n > 0, "a subtree's own visit (the body: %u of %u kids, %u nodes)", k, k, n);
  cursor_tree_end();
  ok(agree(f, CXCursor_ForStmt, 0, &n), "with no tree, cursor_visit is libclang's visit");
  cursor_tree_release();

  clang_disposeTranslationUnit(tu);
  clang_disposeIndex(index);
  return tap_done();
}
