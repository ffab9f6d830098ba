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

/* positions: record the pointer expressions' positions (for FILE:LINE:COL
 * queries; costly, so only when one is asked). 0, or -1 on OOM. */
int pt_extract(facts_tu *tu, CXTranslationUnit unit, bool positions);

/* funcmap[t][i] is the program index of TU t's function i. The TUs' facts
 * are freed once linked (tus[t] set to NULL), before solving: the solver
 * then reuses their memory instead of touching new pages. */
ca_status pointsto_run(ca_program *p, facts_tu **tus, size_t ntus,
                       int *const *funcmap, char *err, size_t errlen);

/* Report pieces, called by report_text.c / report_json.c:
 * - pointsto_text: the --pointer summary lines (sites found and resolved,
 *   mean/max targets, unknown externals, solver time and iterations) and the
 *   answers to v->queries.
 * - pointsto_json: the members `"indirect_sites": [...]` and, when v has
 *   queries, `"queries": [...]`, each preceded by ",\n" so they follow the
 *   members the caller already wrote. Deterministic and sorted. */
void pointsto_text(const ca_program *p, const ca_view *v, FILE *out);
void pointsto_json(const ca_program *p, const ca_view *v, FILE *out);
/* Checks every v->queries entry parses and names something; else CA_ERR_USAGE
 * with "--points-to QUERY: why" in err. Called before any output. */
ca_status pointsto_check_queries(const ca_program *p, const ca_view *v, char *err, size_t errlen);
#endif
