/* walk.h: what the extractors in clang/ (frontend.c, hot_extract.c,
 * pt_extract.c) share while they walk one parsed TU. Private to clang/:
 * these take libclang types. */
#ifndef CA_WALK_H
#define CA_WALK_H
#include "facts.h"
#include <clang-c/Index.h>

/* The expansion location of a cursor: a call written in a macro counts where
 * the macro is expanded. The file name is copied into a (NULL if none).
 * Every module that keys facts by position uses this, so keys agree. */
void frontend_location(CXCursor c, arena *a, const char **file, unsigned *line, unsigned *col);

/* The real path of a file (symlinks and ".." resolved), copied into a, so
 * every module names files alike and link.c can relativise by prefix. */
char *frontend_file_name(arena *a, CXFile file);

/* Interns the function a cursor declares or references (by USR) into tu and
 * returns its index; -1 if the cursor has no USR or on OOM. */
int frontend_func(facts_tu *tu, CXCursor decl);

/* The function a call names directly: f(...), (f)(...), (*f)(...), (&f)(...)
 * or through a cast, with f a function; a null cursor when the callee is a
 * pointer value (an indirect call). The one rule for direct vs indirect. */
CXCursor frontend_direct_callee(CXCursor call);

/* Is name one of the compiler's own functions (__builtin_*, __sync_*,
 * __atomic_*, __c11_atomic_*)? The frontend records no call of them and
 * pt_extract.c evaluates the ones that move pointers in place: the one
 * list, so the two walks agree on which calls exist. NULL is not. */
bool frontend_is_builtin(const char *name);

/* Points-to constraints of a parsed TU into tu->pt (allocated in
 * tu->arena), extracted while the frontend walks the TU, so that both
 * walks share each declaration's cursor tree (cursor.h): begin once,
 * top on every top-level cursor in order, end once. positions: record the
 * pointer expressions' positions (for FILE:LINE:COL queries; costly, so
 * only when one is asked). begin is NULL and end -1 on OOM. Touches
 * nothing but tu: it runs on a worker thread. */
typedef struct pt_walk pt_walk;
pt_walk *pt_extract_begin(facts_tu *tu, CXTranslationUnit unit, bool positions);
void pt_extract_top(pt_walk *x, CXCursor c);
int pt_extract_end(pt_walk *x);
#endif
