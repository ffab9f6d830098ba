/* pt_models.h: what library functions without a body do to pointers.
 *
 * A model turns one call (argument and result nodes of the solver) into
 * constraints: allocators return a fresh heap object, copiers copy contents,
 * string functions return their argument, and functions that call their
 * arguments (qsort, pthread_create, atexit, signal, ...) become call sites
 * of the solver whose callee is that argument. The same model serves a
 * direct call (per call site: one heap object per allocation site) and a
 * function's frame (when a library function is called through a pointer). */
#ifndef CA_PT_MODELS_H
#define CA_PT_MODELS_H
#include "pointsto/pt_solve.h"
#include <stdbool.h>

typedef struct pt_model_env {
  pts *s;
  int unknown;                                  /* node of the unknown object */
  int (*heap)(void *user, const char *alloc);   /* a fresh heap object's base node */
  void (*callback)(void *user, int site);       /* the library calls through this site */
  void *user;
} pt_model_env;

/* Does the library function have a model (including "no pointer effect")?
 * A name is looked up without "__builtin_", leading "__" and a trailing
 * "_chk": "__builtin___memcpy_chk" is memcpy. */
bool pt_model_known(const char *name);
/* Does its model make a heap object (at most one per call)? */
bool pt_model_allocates(const char *name);
/* Is it a copier (memcpy, memmove, bcopy)? *dst and *src: which arguments. */
bool pt_model_copies(const char *name, int *dst, int *src);
/* Does its model read function pointers out of a record passed by pointer
 * (sigaction's struct sigaction)? Such a record's members are copied into
 * its object's own cell at the call (pt_extract.c). */
bool pt_model_reads_records(const char *name);
/* For the unit test: the first name out of order in the table, or NULL. */
const char *pt_model_unsorted(void);
/* Applies the model of name to a call; args[i] and ret are nodes or -1.
 * Without a model the function is treated as an unknown external: pointer
 * arguments escape into the unknown object, the result may point to it, and
 * function pointer arguments (fnarg[i] set; fnarg NULL: none) may be called.
 * Returns false for an unknown external, true otherwise; -1 from the solver
 * is sticky in it. */
bool pt_model_apply(const pt_model_env *env, const char *name, const int *args, unsigned nargs,
                    const bool *fnarg, int ret);
#endif
