/* report.h: the text and JSON writers behind ca_report. */
#ifndef CA_REPORT_H
#define CA_REPORT_H
#include "callgraph.h"

/* The writers allocate in a, the report's own arena: ca_report frees it
 * and, its failure being sticky, turns one that failed into CA_ERR_NOMEM.
 * The program itself is not changed by a report. */

/* keep[f] for the view's functions (in a); NULL with *s set. */
bool *report_selection(const ca_program *p, const ca_view *v, arena *a, char *err, size_t errlen,
                       ca_status *s);
/* Is f the first (in id order) of the definitions of a function defined in
 * several places (program.h, duplicate), with one of them in keep? Reports
 * name each such function once, there. */
bool report_first_def(const ca_program *p, const bool *keep, int f);

ca_status report_text(const ca_program *p, const ca_view *v, arena *a, FILE *out, char *err,
                      size_t errlen);
ca_status report_json(const ca_program *p, const ca_view *v, arena *a, FILE *out, char *err,
                      size_t errlen);
#endif
