/* callgraph.h: adjacency, slicing and ordering over the linked program. */
#ifndef CA_CALLGRAPH_H
#define CA_CALLGRAPH_H
#include "program.h"

/* Builds p->out/p->in from p->calls (call indices, in call order). */
ca_status callgraph_index(ca_program *p);

/* Marks in keep[nfuncs] the functions the view selects: everything (no
 * focus/callers/callees), focus +- depth, or the transitive callers/callees.
 * Returns CA_ERR_USAGE with a message when a named function is unknown. */
ca_status callgraph_select(const ca_program *p, const ca_view *v, bool *keep,
                           char *err, size_t errlen);

/* Strongly connected components (Tarjan): comp[f] is f's component id;
 * recursive[f] is true when f is in a cycle (a component of two or more, or
 * a self call). Either output may be NULL. CA_ERR_NOMEM when its scratch
 * arrays cannot be allocated; the outputs are then not filled. */
ca_status callgraph_scc(const ca_program *p, int *comp, bool *recursive);
#endif
