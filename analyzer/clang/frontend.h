/* frontend.h: C source -> facts, one translation unit at a time.
 *
 * The pipeline's only door into libclang, and it shows no libclang type:
 * a frontend is an opaque per-thread parser (it owns a CXIndex), and what
 * comes back is plain facts (facts.h, pointsto/pt_facts.h). Each worker
 * thread owns one frontend; a TU is parsed, its facts extracted, and the
 * CXTranslationUnit disposed before the next one. */
#ifndef CA_FRONTEND_H
#define CA_FRONTEND_H
#include "facts.h"

typedef struct frontend_job {
  const char *file;           /* main file */
  const char *directory;      /* working directory of the compile command, or NULL */
  const char *const *args;    /* compiler arguments without the compiler and the file */
  int nargs;
  const char *meaning;        /* the arguments that change what the code means
                                 (project.c), for telling TUs of one file apart */
  size_t order;               /* position in the compile database or the walk */
  facts_diag unusable;        /* message set: the file cannot be parsed (missing,
                                 unreadable, binary); this is the TU's one
                                 diagnostic and nothing is parsed */
} frontend_job;

typedef struct frontend frontend;

/* A parser for one thread; NULL on OOM. */
frontend *frontend_new(void);
void frontend_free(frontend *fe);

/* What frontend_parse extracts besides the call graph (flags). */
enum { FRONTEND_POINTER = 1,    /* points-to constraints (pt_extract) */
       FRONTEND_POSITIONS = 2,  /* and the positions FILE:LINE:COL queries name */
       FRONTEND_XREF = 4,       /* tokens and cross-references for --html (xref_extract) */
       FRONTEND_INPUTS = 8,     /* the files the TU read, into tu->inputs (for the cache) */
       FRONTEND_BRANCHES = 16   /* branch sides and loop trip counts (hot_branch.c) */ };
/* With FRONTEND_XREF: the table the threads share to tokenize each header
 * once (html/xref.h, xref_claims); NULL: every TU tokenizes all it reads. */
void frontend_set_xref_claims(frontend *fe, void *claims);
/* Parses one TU and extracts its facts (and, with FRONTEND_POINTER in
 * flags, its points-to constraints). Returns NULL only on OOM; a TU
 * libclang cannot parse comes back with parse_failed set. */
facts_tu *frontend_parse(frontend *fe, const frontend_job *job, unsigned flags);
/* The folder the job's relative names are relative to: its
 * -working-directory argument, else job->directory; NULL if neither. */
const char *frontend_job_dir(const frontend_job *job);
/* libclang's version string ("Debian clang version 19.1.7 ..."), in a. */
char *frontend_clang_version(arena *a);
#endif
