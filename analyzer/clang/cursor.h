/* cursor.h: small libclang cursor helpers shared by the three extractors
 * (frontend.c, hot_extract.c, pt_extract.c). */
#ifndef CA_CURSOR_H
#define CA_CURSOR_H
#include "base/arena.h"
#include <clang-c/Index.h>

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
/* Looks through parentheses, implicit conversions and casts (a cast's
 * operand is its last child, after a TypeRef). */
CXCursor cursor_strip(CXCursor c);
/* The cursor's spelling copied into a (the CXString is disposed at once). */
char *cursor_spelling(arena *a, CXCursor c);
char *cursor_string(arena *a, CXString s);  /* copies and disposes s */
#endif
