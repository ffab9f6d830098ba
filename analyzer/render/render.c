/* render.c: render_graph, the call graph as a picture.
 *
 * select (render_select.c) -> refuse hairballs -> build the cgraph graph
 * (render_build.c) -> write DOT with agwrite, or lay out and render
 * SVG/PNG/PDF with libgvc (render_gv.c).
 * Invariant: nothing is drawn above v->max_nodes functions (default 300);
 * such a request fails with CA_ERR_TOOBIG and says how to narrow it. All
 * memory is one arena and the graph, both released before returning. */
#include "render/render_int.h"
#include <stdio.h>

enum { DEFAULT_MAX_NODES = 300 };

static ca_status too_big(const ca_view *v, size_t n, unsigned limit, char *err, size_t errlen) {
  const char *advice =
      v->focus || v->callers || v->callees
          ? "lower --depth (e.g. --depth 2), pick a narrower function, or use --hot"
          : "narrow it with --focus FUNC --depth 2, --callers FUNC, --callees FUNC --depth 2, or --hot";
  snprintf(err, errlen, "the graph has %zu functions, above the limit of %u: %s "
           "(or raise the limit with --max-nodes)", n, limit, advice);
  return CA_ERR_TOOBIG;
}

static const char *gv_format(ca_format fmt) {
  switch (fmt) {
  case CA_FMT_SVG: return "svg";
  case CA_FMT_PNG: return "png";
  case CA_FMT_PDF: return "pdf";
  default: return NULL;
  }
}

static ca_status emit(Agraph_t *g, ca_format fmt, FILE *out, char *err, size_t errlen) {
  if (fmt != CA_FMT_DOT) return render_gv(g, gv_format(fmt), out, err, errlen);
  if (agwrite(g, out) != 0) {
    snprintf(err, errlen, "cannot write the DOT output");
    return CA_ERR_IO;
  }
  return CA_OK;
}

static ca_status draw(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out,
                      const hot_result *hr, arena *a, char *err, size_t errlen) {
  render_sel sel;
  ca_status s = render_select(p, v, hr, a, &sel, err, errlen);
  if (s != CA_OK) return s;
  unsigned limit = v->max_nodes ? v->max_nodes : DEFAULT_MAX_NODES;
  if (sel.nkeep > limit) return too_big(v, sel.nkeep, limit, err, errlen);
  Agraph_t *g = render_build(p, &sel, hr, a);
  if (!g) {
    snprintf(err, errlen, "out of memory while building the graph");
    return CA_ERR_NOMEM;
  }
  s = emit(g, fmt, out, err, errlen);
  render_close(g);
  return s;
}

ca_status render_graph(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out,
                       char *err, size_t errlen) {
  if (fmt != CA_FMT_DOT && !gv_format(fmt)) {
    snprintf(err, errlen, "render_graph: not a graph format");
    return CA_ERR_USAGE;
  }
  hot_result hr;
  arena *a = arena_new();
  ca_status s = a ? hot_analyze(p, &hr) : CA_ERR_NOMEM;
  if (s != CA_OK) {
    arena_free(a);
    snprintf(err, errlen, "out of memory");
    return s;
  }
  s = draw(p, v, fmt, out, &hr, a, err, errlen);
  hot_free(&hr);
  arena_free(a);
  return s;
}
