/* render.h: call graph pictures through Graphviz: DOT built with cgraph,
 * SVG/PNG/PDF laid out and rendered with gvc in-process. Owned by render*.c. */
#ifndef CA_RENDER_H
#define CA_RENDER_H
#include "program.h"

/* fmt is CA_FMT_DOT, _SVG, _PNG or _PDF. Refuses (CA_ERR_TOOBIG, with advice
 * on how to narrow it in err) a selection above v->max_nodes (default 300). */
ca_status render_graph(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out,
                       char *err, size_t errlen);
#endif
