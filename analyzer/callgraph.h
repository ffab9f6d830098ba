/* callgraph.h: adjacency, slicing and ordering over the linked program. */
#ifndef CA_CALLGRAPH_H
#define CA_CALLGRAPH_H
#include "program.h"

/* Builds p->out/p->in from p->calls (call indices, in call order). */
ca_status callgraph_index(ca_program *p);

/* Marks in keep[nfuncs] the functions the view selects: everything (no
 * focus/callers/callees), focus +- depth, or the transitive callers/callees.
 * Returns CA_ERR_USAGE with a message when a named function is unknown,
 * CA_ERR_NOMEM (with a message) when scratch memory cannot be had. */
ca_status callgraph_select(const ca_program *p, const ca_view *v, bool *keep,
                           char *err, size_t errlen);

/* Strongly connected components (Tarjan, iterative: a call chain as deep as
 * the program has functions needs no stack): comp[f] is f's component id;
 * recursive[f] is true when f is in a cycle (a component of two or more, or
 * a self call). Only the calls with edges[call] set count (NULL: every call
 * that has a callee). Either output may be NULL. CA_ERR_NOMEM when the
 * scratch space cannot be allocated; the outputs are then unspecified. */
ca_status callgraph_scc(const ca_program *p, const bool *edges, int *comp, bool *recursive);
#endif
