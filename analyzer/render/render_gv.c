/* render_gv.c: layout (dot) and rendering through libgvc, in-process: no
 * `dot` command is run. The renderers are Graphviz plugins; a format whose
 * plugin is missing (png/pdf need the cairo plugin) is reported, not guessed.
 * Invariant: the layout is freed and the context released on every path. */
#include "render/render_int.h"
#include <graphviz/gvc.h>
#include <stdio.h>

ca_status render_gv(Agraph_t *g, const char *fmt, FILE *out, char *err, size_t errlen) {
  GVC_t *gvc = gvContext();
  if (!gvc) {
    snprintf(err, errlen, "cannot start Graphviz (gvContext failed)");
    return CA_ERR_RENDER;
  }
  ca_status s = CA_OK;
  if (gvLayout(gvc, g, "dot") != 0) {
    snprintf(err, errlen, "Graphviz could not lay out the graph with dot");
    s = CA_ERR_RENDER;
  } else {
    if (gvRender(gvc, g, fmt, out) != 0) {
      snprintf(err, errlen,
               "Graphviz cannot render %s here (is its plugin installed? try --format svg)",
               fmt);
      s = CA_ERR_RENDER;
    }
    gvFreeLayout(gvc, g);
  }
  gvFreeContext(gvc);
  return s;
}
