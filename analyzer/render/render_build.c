/* render_build.c: a render_sel as a cgraph graph, styled like pprof.
 *
 * - functions are clustered by the file that defines them (clusters sorted
 *   by file name); undefined (library) functions stay outside, dashed grey
 * - node fill and font size grow with heat, relative to the hottest drawn
 *   function; a function with allocation findings says how many; a --hot site
 *   gets a red border
 * - recursion: a call that closes a cycle (a back edge of the depth-first
 *   search in hot_heat.c) is blue, and the function it returns to (the
 *   recursion head) has a double border and says "(recursion)". Marking every
 *   member of a strongly connected component instead would mark nearly all
 *   of a real program (Lua's core is one component through error handling).
 * - the function --focus, --callers or --callees names has a thick dark
 *   blue border, so the eye finds where the picture starts
 * - wide fan-out stays readable: when one function calls many functions
 *   that call nothing drawn (or many such callers call it), dot would put
 *   them all on one rank, a canvas ten times wider than high; their edges
 *   get minlen 1..L in turn, spreading them over L ranks, as Graphviz's
 *   `unflatten -l` does
 * - calls through a pointer are dashed; a function's calls through a pointer
 *   with no known target go to a dotted "?" beside it; calls in loops are red and thicker
 *   with the loop depth (no edge labels: dot piles them up; tooltips say it)
 * Invariant: every object is created in a fixed order (clusters by file name,
 * nodes by function id, edges by (caller, callee)), and ids follow creation
 * order (render_id.c), so the DOT text is deterministic. */
#include "callgraph.h"
#include "render/render_int.h"
#include "base/strmap.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
  const ca_program *p;
  const render_sel *sel;
  const hot_result *hr;
  arena *a;
  Agraph_t *g;
  Agnode_t **node;        /* per function, NULL when not drawn */
  double min_heat, max_heat; /* over the drawn defined functions */
} builder;

/* Default attributes of the graph (AGRAPH), its nodes (AGNODE) and edges (AGEDGE). */
static const struct { int kind; const char *name, *value; } defaults[] = {
    {AGRAPH, "fontname", "Helvetica,Arial,sans-serif"}, {AGRAPH, "label", ""},
    {AGRAPH, "labelloc", "t"}, {AGRAPH, "fontsize", "14"}, {AGRAPH, "nodesep", "0.3"},
    {AGRAPH, "ranksep", "0.45"}, {AGRAPH, "style", ""}, {AGRAPH, "color", ""},
    {AGRAPH, "fillcolor", ""},
    {AGNODE, "shape", "box"}, {AGNODE, "style", "rounded,filled"},
    {AGNODE, "fontname", "Helvetica,Arial,sans-serif"}, {AGNODE, "fontsize", "10"},
    {AGNODE, "fillcolor", "#f7f7f7"}, {AGNODE, "color", "#b2b2b2"}, {AGNODE, "fontcolor", "#000000"},
    {AGNODE, "penwidth", "1"}, {AGNODE, "peripheries", "1"}, {AGNODE, "label", "\\N"},
    {AGNODE, "tooltip", ""},
    {AGEDGE, "color", "#8c8c8c"}, {AGEDGE, "style", "solid"}, {AGEDGE, "penwidth", "1"},
    {AGEDGE, "arrowsize", "0.6"}, {AGEDGE, "label", ""}, {AGEDGE, "fontsize", "8"},
    {AGEDGE, "fontname", "Helvetica,Arial,sans-serif"}, {AGEDGE, "tooltip", ""}};

static void declare(Agraph_t *g) {
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    agattr(g, defaults[i].kind, (char *)defaults[i].name, (char *)defaults[i].value);
}

/* Cold grey -> orange -> red, like pprof's heat scale; t in [0, 1]. */
static void heat_color(double t, char *buf, size_t len) {
  static const int stops[3][3] = {{0xf7, 0xf7, 0xf7}, {0xfd, 0xae, 0x6b}, {0xd7, 0x30, 0x1f}};
  int lo = t < 0.5 ? 0 : 1;
  double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  int rgb[3];
  for (int k = 0; k < 3; k++)
    rgb[k] = (int)lround(stops[lo][k] + (stops[lo + 1][k] - stops[lo][k]) * u);
  snprintf(buf, len, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One cluster per file that defines a drawn function, sorted by name. */
static bool make_clusters(builder *b, strmap *cluster_of, Agraph_t ***clusters) {
  const ca_program *p = b->p;
  const char **files = arena_alloc(b->a, (b->sel->nkeep + 1) * sizeof *files);
  size_t nf = 0;
  strmap seen;
  strmap_init(&seen, b->a);
  if (!files) return false;
  for (size_t f = 0; f < p->funcs.len; f++) {
    const prog_func *fn = &p->funcs.items[f];
    if (!b->sel->keep[f] || !fn->defined || !fn->file || strmap_get(&seen, fn->file) >= 0) continue;
    if (!strmap_put(&seen, fn->file, 1)) return false;
    files[nf++] = fn->file;
  }
  qsort(files, nf, sizeof *files, by_string);
  *clusters = arena_alloc(b->a, (nf + 1) * sizeof **clusters);
  if (!*clusters) return false;
  for (size_t i = 0; i < nf; i++) {
    char name[32];
    snprintf(name, sizeof name, "cluster_%zu", i + 1);
    Agraph_t *c = agsubg(b->g, name, 1);
    if (!c || !strmap_put(cluster_of, files[i], (int)i)) return false;
    render_set(c, "label", files[i], "");
    render_set(c, "style", "rounded,filled", "");
    render_set(c, "color", "#d9d9d9", "");
    render_set(c, "fillcolor", "#fbfbfb", "");
    (*clusters)[i] = c;
  }
  return true;
}

/* The node's name in the DOT text: the function name, or "name (file)"
 * when two drawn functions share it (static functions in two files). */
static const char *node_key(const builder *b, const strmap *names, int f) {
  const prog_func *fn = &b->p->funcs.items[f];
  if (strmap_get(names, fn->name) <= 1) return fn->name;
  return arena_printf(b->a, "%s (%s)", fn->name, fn->file ? fn->file : "?");
}

static const char *node_label(const builder *b, int f) {
  const prog_func *fn = &b->p->funcs.items[f];
  if (!fn->defined) return arena_printf(b->a, "%s\\n(external)", fn->name);
  double heat = b->hr->heat[f];
  unsigned sites = b->sel->nsites[f];
  const char *heat_line = heat > 0 ? arena_printf(b->a, "\\nheat %.1f", heat) : "";
  const char *site_line =
      sites ? arena_printf(b->a, "\\n%u hotspot%s", sites, sites > 1 ? "s" : "") : "";
  return arena_printf(b->a, "%s\\n%s:%u%s%s%s", fn->name, fn->file ? fn->file : "?", fn->line,
                      heat_line ? heat_line : "", site_line ? site_line : "",
                      b->hr->head[f] ? "\\n(recursion)" : "");
}

static void style_node(builder *b, Agnode_t *n, int f) {
  const prog_func *fn = &b->p->funcs.items[f];
  render_set(n, "label", node_label(b, f), "\\N");
  if (!fn->defined) {
    render_set(n, "style", "rounded,dashed", "rounded,filled");
    render_set(n, "fontcolor", "#636363", "#000000");
    return;
  }
  /* Relative to the drawn functions, as pprof colours by share of the total:
   * the coolest drawn function is grey, the hottest red. */
  double range = b->max_heat - b->min_heat;
  double t = range > 0 ? (b->hr->heat[f] - b->min_heat) / range : b->max_heat > 0 ? 0.5 : 0;
  char color[16], size[24];
  heat_color(t, color, sizeof color);
  snprintf(size, sizeof size, "%ld", 10 + lround(8 * t));
  render_set(n, "fillcolor", color, "#f7f7f7");
  render_set(n, "fontsize", size, "10");
  if (b->hr->head[f]) render_set(n, "peripheries", "2", "1");
  if (f == b->sel->focus) {
    render_set(n, "color", "#08306b", "#b2b2b2");
    render_set(n, "penwidth", "3", "1");
  }
  if (b->sel->site[f]) {
    render_set(n, "color", "#cb181d", "#b2b2b2");
    render_set(n, "penwidth", "2.5", "1");
  }
  render_set(n, "tooltip", arena_printf(b->a, "%s  %s:%u  heat %.2f", fn->name,
                                        fn->file ? fn->file : "?", fn->line, b->hr->heat[f]), "");
}

static bool make_nodes(builder *b) {
  const ca_program *p = b->p;
  strmap cluster_of, names;
  Agraph_t **clusters = NULL;
  strmap_init(&cluster_of, b->a);
  strmap_init(&names, b->a);
  if (!make_clusters(b, &cluster_of, &clusters)) return false;
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!b->sel->keep[f]) continue;
    int seen = strmap_get(&names, p->funcs.items[f].name);
    if (!strmap_put(&names, p->funcs.items[f].name, seen < 0 ? 1 : seen + 1)) return false;
  }
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!b->sel->keep[f]) continue;
    const prog_func *fn = &p->funcs.items[f];
    int c = fn->defined && fn->file ? strmap_get(&cluster_of, fn->file) : -1;
    const char *key = node_key(b, &names, (int)f);
    b->node[f] = key ? agnode(c >= 0 ? clusters[c] : b->g, (char *)key, 1) : NULL;
    if (!b->node[f]) return false;
    style_node(b, b->node[f], (int)f);
  }
  return true;
}

enum { STAGGER_MIN = 8, STAGGER_PER_RANK = 8, STAGGER_MAX_RANKS = 4 };

/* Per function: drawn edges in and out, self calls not counted. */
static bool count_degrees(builder *b, unsigned **in, unsigned **out) {
  size_t n = b->p->funcs.len + 1;
  *in = arena_alloc(b->a, n * sizeof **in), *out = arena_alloc(b->a, n * sizeof **out);
  if (!*in || !*out) return false;
  memset(*in, 0, n * sizeof **in), memset(*out, 0, n * sizeof **out);
  for (size_t i = 0; i < b->sel->nedges; i++) {
    const render_edge *e = &b->sel->edges[i];
    if (e->caller != e->callee) (*in)[e->callee]++, (*out)[e->caller]++;
  }
  return true;
}

/* A leaf edge hangs a function off f that has no other drawn edge: a
 * callee that calls nothing drawn, or a caller nothing drawn calls. */
static bool leaf_out(const render_edge *e, const unsigned *in, const unsigned *out) {
  return e->caller != e->callee && in[e->callee] == 1 && out[e->callee] == 0;
}
static bool leaf_in(const render_edge *e, const unsigned *in, const unsigned *out) {
  return e->caller != e->callee && out[e->caller] == 1 && in[e->caller] == 0;
}

/* Spreads the leaf edges of one function (at its end `at` of each edge)
 * over ranks: minlen 1, 2, .., L, 1, 2, ... in edge order. */
static void stagger_one(builder *b, Agedge_t **eds, int at, bool callee_side, const unsigned *in,
                        const unsigned *out) {
  unsigned k = 0;
  for (size_t i = 0; i < b->sel->nedges; i++) {
    const render_edge *e = &b->sel->edges[i];
    if ((callee_side ? e->caller : e->callee) == at &&
        (callee_side ? leaf_out(e, in, out) : leaf_in(e, in, out)))
      k++;
  }
  if (k < STAGGER_MIN) return;
  unsigned ranks = (k + STAGGER_PER_RANK - 1) / STAGGER_PER_RANK, j = 0;
  if (ranks > STAGGER_MAX_RANKS) ranks = STAGGER_MAX_RANKS;
  for (size_t i = 0; i < b->sel->nedges; i++) {
    const render_edge *e = &b->sel->edges[i];
    if ((callee_side ? e->caller : e->callee) != at ||
        !(callee_side ? leaf_out(e, in, out) : leaf_in(e, in, out)))
      continue;
    char len[16];
    snprintf(len, sizeof len, "%u", 1 + j++ % ranks);
    render_set(eds[i], "minlen", len, "1");
  }
}

static bool stagger(builder *b, Agedge_t **eds) {
  unsigned *in, *out;
  if (!count_degrees(b, &in, &out)) return false;
  for (size_t f = 0; f < b->p->funcs.len; f++) {
    if (!b->sel->keep[f]) continue;
    if (out[f] >= STAGGER_MIN) stagger_one(b, eds, (int)f, true, in, out);
    if (in[f] >= STAGGER_MIN) stagger_one(b, eds, (int)f, false, in, out);
  }
  return true;
}

static Agedge_t *make_edge(builder *b, const render_edge *e) {
  Agedge_t *ed = agedge(b->g, b->node[e->caller], b->node[e->callee], NULL, 1);
  if (!ed) return NULL;
  if (!e->direct) render_set(ed, "style", "dashed", "solid");
  if (e->max_depth) {
    char width[16];
    snprintf(width, sizeof width, "%u", 1 + (e->max_depth > 3 ? 3 : e->max_depth));
    render_set(ed, "penwidth", width, "1");
    render_set(ed, "color", "#b2182b", "#8c8c8c");
  }
  if (e->back) render_set(ed, "color", "#2166ac", "#8c8c8c");
  if (e->hot) render_set(ed, "color", "#cb181d", "#8c8c8c");
  const char *how = !e->indirect ? "" : e->direct ? ", some through a pointer" : ", through a pointer";
  render_set(ed, "tooltip",
             arena_printf(b->a, "%s -> %s: %u call%s, loop depth %u%s",
                          b->p->funcs.items[e->caller].name, b->p->funcs.items[e->callee].name,
                          e->ncalls, e->ncalls > 1 ? "s" : "", e->max_depth, how),
             "");
  return ed;
}

/* A function's calls through a pointer with no known target: a small
 * dotted "?" beside it, so the picture says what it does not know. */
static bool make_unresolved(builder *b, int f) {
  unsigned n = b->sel->unresolved[f];
  if (!n) return true;
  const char *key = arena_printf(b->a, "%s ?", agnameof(b->node[f]));
  Agnode_t *q = key ? agnode(b->g, (char *)key, 1) : NULL;
  Agedge_t *ed = q ? agedge(b->g, b->node[f], q, NULL, 1) : NULL;
  if (!ed) return false;
  render_set(q, "label", "?", "\\N");
  render_set(q, "shape", "circle", "box");
  render_set(q, "style", "dotted", "rounded,filled");
  render_set(q, "fontcolor", "#636363", "#000000");
  render_set(q, "tooltip", arena_printf(b->a, "%u call%s through a pointer with no known target%s",
                                         n, n > 1 ? "s" : "",
                                         b->p->pt.ran ? "" : " (try --pointer)"), "");
  render_set(ed, "style", "dotted", "solid");
  return true;
}

Agraph_t *render_build(const ca_program *p, const render_sel *sel, const hot_result *hr,
                       arena *a) {
  builder b = {.p = p, .sel = sel, .hr = hr, .a = a, .g = render_open("canalyze", a),
               .node = arena_alloc(a, (p->funcs.len + 1) * sizeof *b.node)};
  if (!b.g || !b.node) return render_close(b.g), NULL;
  b.min_heat = -1;
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!sel->keep[f] || !p->funcs.items[f].defined) continue;
    if (hr->heat[f] > b.max_heat) b.max_heat = hr->heat[f];
    if (b.min_heat < 0 || hr->heat[f] < b.min_heat) b.min_heat = hr->heat[f];
  }
  if (b.min_heat < 0) b.min_heat = 0;
  declare(b.g);
  static const char legend[] =
      "red: call in a loop; dashed: via a pointer; dotted ?: pointer call with no known target\\n"
      "blue: recursive call (double border: its target); fill and size: heat";
  render_set(b.g, "label",
             arena_printf(a, "canalyze: %s (%zu functions)\\n%s%s", sel->title, sel->nkeep, legend,
                          sel->focus >= 0 ? "; thick dark blue border: the function asked about" : ""),
             "");
  Agedge_t **eds = arena_alloc(a, (sel->nedges + 1) * sizeof *eds);
  bool ok = eds && make_nodes(&b);
  for (size_t i = 0; ok && i < sel->nedges; i++) ok = (eds[i] = make_edge(&b, &sel->edges[i])) != NULL;
  ok = ok && stagger(&b, eds);
  for (size_t f = 0; ok && f < p->funcs.len; f++) ok = !sel->keep[f] || make_unresolved(&b, (int)f);
  if (!ok || arena_failed(a)) return render_close(b.g), NULL;
  return b.g;
}
