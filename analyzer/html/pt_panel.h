/* pt_panel.h: points-to sets of the pointers a page names (pt_panel.c). */
#ifndef CA_PT_PANEL_H
#define CA_PT_PANEL_H
#include "html/xref.h"

typedef struct pt_target {
  const char *kind;      /* "function", "heap", "variable", "local", "member", "string", ... */
  const char *label;     /* the object as a reader knows it */
  const char *file;      /* where it is declared or allocated, or NULL */
  unsigned line;
} pt_target;

/* What the variable, parameter or member xs may point to, as the distinct
 * objects (info entries of the solved state) in ascending order, into the
 * malloc'd buffer *buf of *cap entries (grown as needed; the caller frees
 * it); 0 when p was analysed without --pointer, xs is not a pointer, the
 * analysis has no object by that name, or on OOM. */
size_t pt_panel_objects(const ca_program *p, arena *a, const xref_sym *xs, const void ***buf,
                        size_t *cap);
/* An object of such a set, described for a reader (label in a). */
pt_target pt_panel_describe(const ca_program *p, arena *a, const void *object);
#endif
