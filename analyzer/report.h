/* report.h: the text and JSON writers behind ca_report. */
#ifndef CA_REPORT_H
#define CA_REPORT_H
#include "callgraph.h"

/* keep[f] for the view's functions (arena-allocated); NULL with *s set. */
bool *report_selection(const ca_program *p, const ca_view *v, char *err, size_t errlen,
                       ca_status *s);
ca_status report_text(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
ca_status report_json(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
#endif
