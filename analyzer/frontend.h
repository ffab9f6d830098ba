/* frontend.h: libclang -> facts, one translation unit at a time.
 * Worker threads each own a CXIndex; a TU is parsed, its facts extracted, and
 * the CXTranslationUnit disposed before the next one. */
#ifndef CA_FRONTEND_H
#define CA_FRONTEND_H
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

typedef struct frontend_job {
  const char *file;           /* main file */
  const char *directory;      /* working directory of the compile command, or NULL */
  const char *const *args;    /* compiler arguments without the compiler and the file */
  int nargs;
} frontend_job;

/* What frontend_parse extracts besides the call graph (flags). */
enum { FRONTEND_POINTER = 1,    /* points-to constraints (pt_extract) */
       FRONTEND_POSITIONS = 2   /* and the positions FILE:LINE:COL queries name */ };
/* Parses one TU and extracts its facts (and, with FRONTEND_POINTER in
 * pointer, its points-to constraints). Returns NULL only on OOM; a TU
 * libclang cannot parse comes back with parse_failed set. */
facts_tu *frontend_parse(CXIndex index, const frontend_job *job, unsigned pointer);
#endif
