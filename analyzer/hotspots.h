/* hotspots.h: allocation hotspots and other cost patterns, ranked by heat
 * (--hotspots; also in the default text report). Owned by hotspots*.c. */
#ifndef CA_HOTSPOTS_H
#define CA_HOTSPOTS_H
#include "program.h"

void hotspots_text(const ca_program *p, const ca_view *v, FILE *out);
/* The member `"findings": [...]`, preceded by ",\n". */
void hotspots_json(const ca_program *p, const ca_view *v, FILE *out);
ca_status hotspots_sarif(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen);
#endif
