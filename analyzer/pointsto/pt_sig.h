/* pt_sig.h: call signatures reduced to shapes, to filter indirect-call
 * targets (pt_run.c): a function is a target of a call through a pointer
 * only if their parameter lists have the same shape.
 *
 * A shape is one letter per parameter (p pointer, i integer, f floating,
 * r struct or union by value), then "." when variadic; "?" when the type
 * cannot be read and "*" for an unprototyped function. Return types are not
 * compared (a result is often ignored through a void-returning pointer).
 * This is SVF's "the argument count fits" made a little stricter; calling a
 * function through a pointer of another shape is undefined behaviour. */
#ifndef CA_PT_SIG_H
#define CA_PT_SIG_H
#include "base/arena.h"
#include <stdbool.h>

/* The shape of a canonical function type spelling, e.g. "int (void *, int)" -> "pi". */
const char *pt_sig_shape(arena *a, const char *type, bool variadic);
/* May a call of shape call reach a function of shape fn? */
bool pt_sig_fits(const char *call, const char *fn);
#endif
