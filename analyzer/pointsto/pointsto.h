/* pointsto.h: the Andersen-style points-to analysis behind --pointer.
 *
 * Two halves with plain facts between them:
 * - pt_extract (clang/pt_extract.c) walks one parsed TU with libclang and records
 *   pointer constraints in tu->pt (allocated in tu->arena). It runs on the
 *   frontend's worker thread and touches nothing but tu.
 * - pt_run (pt_run.c, solver in pt_solve.c) links every TU's
 *   constraints, solves them, resolves the program's indirect call sites
 *   (p->isites, matched by caller and frontend_location position), adds the
 *   resolved (site, target) calls, and fills p->pt.
 * pt_report.c answers --points-to QUERY from the solved state. */
#ifndef CA_POINTSTO_H
#define CA_POINTSTO_H
#include "program.h"

/* funcmap[t][i] is the program index of TU t's function i. The TUs' facts
 * are freed once linked (tus[t] set to NULL), before solving: the solver
 * then reuses their memory instead of touching new pages. */
ca_status pt_run(ca_program *p, facts_tu **tus, size_t ntus,
                       int *const *funcmap, char *err, size_t errlen);

/* Report pieces, called by report_text.c / report_json.c:
 * - pt_text: the --pointer summary lines (sites found and resolved,
 *   mean/max targets, unknown externals, solver time and iterations) and the
 *   answers to v->queries; pt_text_answers: those answers alone.
 * - pt_json: the members `"indirect_sites": [...]` and, when v has
 *   queries, `"queries": [...]`, each preceded by ",\n" so they follow the
 *   members the caller already wrote. Deterministic and sorted.
 * All allocate in a, the report's arena; when that fails (arena_failed)
 * what they wrote is incomplete. */
void pt_text(const ca_program *p, const ca_view *v, arena *a, FILE *out);
void pt_text_answers(const ca_program *p, const ca_view *v, arena *a, FILE *out);
void pt_json(const ca_program *p, const ca_view *v, arena *a, FILE *out);
/* Checks every v->queries entry parses and names something; else CA_ERR_USAGE
 * with "--points-to QUERY: why" in err. Called before any output. */
ca_status pt_check_queries(const ca_program *p, const ca_view *v, arena *a, char *err,
                           size_t errlen);
#endif
