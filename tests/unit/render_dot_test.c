/* render_dot_test.c: the DOT writer on a hand-built program: clusters by
 * file, dashed indirect edges, recursion marked, undefined functions styled,
 * deterministic bytes, the node limit, --focus and --hot selections, and an
 * SVG through libgvc. */
#include "hot_prog.h"
#include "render/render.h"
#include "tap.h"
#include <stdlib.h>

/* Fontconfig (used by Graphviz's text layout) keeps its caches for the
 * process lifetime; that is not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig\nleak:libpango\nleak:libcairo\nleak:libglib\nleak:libgobject\n";
}

static char *draw(const ca_program *p, const ca_view *v, ca_format fmt, ca_status *s, char *err,
                  size_t errlen) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  *s = render_graph(p, v, fmt, out, err, errlen);
  fclose(out);
  return buf;
}

int main(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "b.c", true);
  int walk = prog_func_add(p, "walk", "a.c", true);
  int cb = prog_func_add(p, "visit", "a.c", true);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int loop = prog_loop_add(p, fmain, -1, 3);
  prog_call_add(p, fmain, walk, loop, 4, -1);
  prog_call_add(p, walk, walk, -1, 5, -1);
  int ind = prog_call_add(p, walk, cb, -1, 6, -1);
  p->calls.items[ind].indirect = true;
  prog_call_add(p, cb, mal, -1, 7, 8);
  int unknown_call = prog_call_add(p, walk, -1, -1, 8, -1);
  p->calls.items[unknown_call].indirect = true;
  ok(callgraph_index(p) == CA_OK, "adjacency");

  char err[256] = "";
  ca_status s;
  ca_view all = {0};
  char *dot = draw(p, &all, CA_FMT_DOT, &s, err, sizeof err);
  is_int(s, CA_OK, "DOT written");
  ok(dot && strstr(dot, "subgraph cluster_1") && strstr(dot, "label=\"a.c\""), "cluster for a.c first");
  ok(dot && strstr(dot, "subgraph cluster_2") && strstr(dot, "label=\"b.c\""), "cluster for b.c");
  ok(dot && strstr(dot, "walk -> visit") && strstr(dot, "style=dashed"), "indirect edge dashed");
  ok(dot && strstr(dot, "peripheries=2") && strstr(dot, "(recursion)") && strstr(dot, "#2166ac"), "recursion marked: head and back edge");
  ok(dot && strstr(dot, "malloc\\n(external)") && strstr(dot, "rounded,dashed"), "undefined function styled");
  ok(dot && strstr(dot, "main -> walk") && strstr(dot, "penwidth=2"), "call in a loop is thicker");
  ok(dot && strstr(dot, "walk -> \"walk ?\"") && strstr(dot, "style=dotted"),
     "unresolved pointer call drawn as a dotted ?");
  char *again = draw(p, &all, CA_FMT_DOT, &s, err, sizeof err);
  ok(dot && again && strcmp(dot, again) == 0, "same bytes twice");
  free(again);
  free(dot);

  ca_view small = {.max_nodes = 3};
  dot = draw(p, &small, CA_FMT_DOT, &s, err, sizeof err);
  is_int(s, CA_ERR_TOOBIG, "4 functions above a limit of 3 refused");
  ok(strstr(err, "--focus FUNC --depth 2") && strstr(err, "--hot"), "with advice: %s", err);
  ok(!dot || !*dot, "nothing written");
  free(dot);

  ca_view focus = {.focus = "visit", .depth = 1};
  dot = draw(p, &focus, CA_FMT_DOT, &s, err, sizeof err);
  ok(s == CA_OK && dot && strstr(dot, "visit") && !strstr(dot, "main"), "--focus visit --depth 1");
  free(dot);

  ca_view unknown = {.focus = "nosuch"};
  dot = draw(p, &unknown, CA_FMT_DOT, &s, err, sizeof err);
  is_int(s, CA_ERR_USAGE, "unknown focus function");
  free(dot);

  ca_view hot = {.hot = true};
  dot = draw(p, &hot, CA_FMT_DOT, &s, err, sizeof err);
  ok(s == CA_OK && dot && strstr(dot, "hot loops"), "--hot graph");
  free(dot);

  char *svg = draw(p, &all, CA_FMT_SVG, &s, err, sizeof err);
  ok(s == CA_OK && svg && strstr(svg, "<svg") && strstr(svg, "<title>walk</title>"), "SVG through libgvc");
  free(svg);
  prog_free(p);
  return tap_done();
}
