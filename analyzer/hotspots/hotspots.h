/* hotspots.h: allocation hotspots and other cost patterns, ranked by heat
 * (--hotspots, the only text report that shows them). Owned by hot_text.c, hot_json.c, hot_sarif.c. */
#ifndef CA_HOTSPOTS_H
#define CA_HOTSPOTS_H
#include "program.h"

/* Each returns CA_ERR_NOMEM, with a message, when the findings cannot be
 * ranked for want of memory; what was written by then is incomplete. */
ca_status hot_text(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
/* The member `"findings": [...]`, preceded by ",\n". */
ca_status hot_json(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
ca_status hot_sarif(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
#endif
