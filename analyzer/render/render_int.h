/* render_int.h: the pieces of render_graph, one file each. Internal.
 *
 * render_select.c decides what is drawn (a render_sel: functions and
 * aggregated edges), render_build.c turns that into a cgraph graph with
 * pprof-like styling, render_id.c gives cgraph deterministic object ids,
 * render_gv.c lays out and renders through libgvc. */
#ifndef CA_RENDER_INT_H
#define CA_RENDER_INT_H
#include "hotspots/hot.h"
#include "render/render.h"
#include <graphviz/cgraph.h>

/* One drawn edge: every call from caller to callee, aggregated. */
typedef struct render_edge {
  int caller, callee;
  unsigned ncalls, max_depth;
  bool direct, indirect;   /* some call is direct / through a pointer */
  bool hot;                /* on a --hot path */
  bool back;               /* some call closes a cycle (recursion) */
} render_edge;

typedef struct render_sel {
  bool *keep;              /* per function */
  size_t nkeep;
  render_edge *edges;      /* sorted by (caller, callee) */
  size_t nedges;
  bool *site;              /* per function: makes a top hotspot's call (--hot) */
  unsigned *nsites;        /* per function: findings inside it, but cold plain allocations */
  unsigned *unresolved;    /* per function: its calls through a pointer with no known target */
  int focus;               /* the function --focus, --callers or --callees names, or -1 */
  const char *title;
} render_sel;

/* Fills sel (in a) from the view: callgraph_select, or the --hot paths.
 * CA_ERR_USAGE with a message for an unknown function. */
ca_status render_select(const ca_program *p, const ca_view *v, const hot_result *hr, arena *a,
                        render_sel *sel, char *err, size_t errlen);

/* Opens an empty directed graph whose object ids follow creation order, so
 * agwrite and layouts are deterministic. Close with render_close. */
Agraph_t *render_open(const char *name, arena *a);
void render_close(Agraph_t *g);

/* Builds the styled graph of sel; NULL on failure. */
Agraph_t *render_build(const ca_program *p, const render_sel *sel, const hot_result *hr, arena *a);

/* Renders g as fmt ("svg", "png", "pdf") to out through libgvc. */
ca_status render_gv(Agraph_t *g, const char *fmt, FILE *out, char *err, size_t errlen);

/* agsafeset with const strings (cgraph does not modify them). */
void render_set(void *obj, const char *name, const char *value, const char *def);
#endif
