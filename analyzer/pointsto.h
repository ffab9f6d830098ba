/* pointsto.h: the Andersen-style points-to analysis behind --pointer.
 *
 * Two halves with plain facts between them:
 * - pt_extract (pt_extract.c) walks one parsed TU with libclang and records
 *   pointer constraints in tu->pt (allocated in tu->arena). It runs on the
 *   frontend's worker thread and touches nothing but tu.
 * - pointsto_run (pointsto.c, solver in pt_solve.c) links every TU's
 *   constraints, solves them, resolves the program's indirect call sites
 *   (p->isites, matched by caller and frontend_location position), adds the
 *   resolved (site, target) calls, and fills p->pt.
 * pointsto_query answers --points-to QUERY from the solved state. */
#ifndef CA_POINTSTO_H
#define CA_POINTSTO_H
#include "program.h"
#include <clang-c/Index.h>

int pt_extract(facts_tu *tu, CXTranslationUnit unit); /* 0, or -1 on OOM */

/* funcmap[t][i] is the program index of TU t's function i. */
ca_status pointsto_run(ca_program *p, facts_tu *const *tus, size_t ntus,
                       int *const *funcmap, char *err, size_t errlen);
#endif
