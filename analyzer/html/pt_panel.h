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

/* The points-to set of the variable, parameter or member xs, as an opaque
 * handle (equal handles, equal sets), or NULL when p was analysed without
 * --pointer, xs is not a pointer or the analysis has no object by that
 * name. */
const void *pt_panel_set(const ca_program *p, arena *a, const xref_sym *xs);
/* What such a set holds, as the distinct objects (info entries of the
 * solved state) in ascending order, into the malloc'd buffer *buf of *cap
 * entries (grown as needed; the caller frees it); 0 for a NULL or empty
 * set, or on OOM. */
size_t pt_panel_objects(const ca_program *p, const void *set, const void ***buf, size_t *cap);
/* An object of such a set, described for a reader (label in a). */
pt_target pt_panel_describe(const ca_program *p, arena *a, const void *object);
#endif
