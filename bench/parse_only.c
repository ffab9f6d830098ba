/* parse_only.c: the floor under canalyze's cost, for bench/perf_callgraph.sh.
 * `parse_only parse FILE ARGS...` parses one TU with libclang and disposes
 * it; `parse_only walk FILE ARGS...` also visits every cursor with a visitor
 * that does nothing. Prints the number of cursors visited. */
#include <clang-c/Index.h>
#include <stdio.h>
#include <string.h>

static enum CXChildVisitResult count(CXCursor cursor, CXCursor parent, CXClientData data) {
  (void)cursor, (void)parent;
  ++*(unsigned long *)data;
  return CXChildVisit_Recurse;
}

int main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[1], "parse") != 0 && strcmp(argv[1], "walk") != 0)) {
    fprintf(stderr, "usage: parse_only parse|walk FILE [CLANG-ARGS...]\n");
    return 2;
  }
  CXIndex index = clang_createIndex(0, 0);
  CXTranslationUnit unit = NULL;
  if (clang_parseTranslationUnit2(index, argv[2], (const char *const *)argv + 3, argc - 3, NULL, 0,
                                  CXTranslationUnit_KeepGoing, &unit) != CXError_Success) {
    fprintf(stderr, "parse_only: libclang could not parse %s\n", argv[2]);
    return 1;
  }
  unsigned long cursors = 0;
  if (strcmp(argv[1], "walk") == 0)
    clang_visitChildren(clang_getTranslationUnitCursor(unit), count, &cursors);
  printf("%lu cursors\n", cursors);
  clang_disposeTranslationUnit(unit);
  clang_disposeIndex(index);
  return 0;
}
