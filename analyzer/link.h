/* link.h: merges every TU's facts into one program (see program.h for the
 * invariants it establishes). */
#ifndef CA_LINK_H
#define CA_LINK_H
#include "program.h"

/* tus are in job order (sorted by file). On success *funcmap[t][i] is the
 * program index of TU t's function i (arrays in p->arena). */
ca_status link_program(ca_program *p, facts_tu *const *tus, size_t ntus, int ***funcmap,
                       char *err, size_t errlen);

/* Sorts p->calls into program order, drops exact duplicates, and points each
 * p->isites[s].call at the first call with site s. For passes that add calls. */
void link_sort_calls(ca_program *p);

/* The name reports use for an absolute path: relative to p->root when below
 * it, else unchanged. One copy per distinct path, in p->arena, shared by
 * every fact that names it (so equal names are equal pointers). */
const char *link_relpath(ca_program *p, const char *abs);
#endif
