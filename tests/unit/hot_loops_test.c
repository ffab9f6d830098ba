/* hot_loops_test.c: a finding lists every loop around its site and along
 * its path, however many: an allocation 40 loops deep in work, which main
 * calls from inside 5 more, names all 45 loops, innermost first. */
#include "hotspots/hot.h"
#include "hot_prog.h"
#include "tap.h"

enum { DEEP = 40, OUTER = 5 };

int main(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int work = prog_func_add(p, "work", "m.c", true);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int loop = -1;
  for (unsigned i = 0; i < OUTER; i++) loop = prog_loop_add(p, fmain, loop, 10 + i);
  prog_call_add(p, fmain, work, loop, 20, -1);
  int outer_innermost = loop;
  loop = -1;
  for (unsigned i = 0; i < DEEP; i++) loop = prog_loop_add(p, work, loop, 30 + i);
  int site = prog_call_add(p, work, mal, loop, 80, 100000);
  ok(callgraph_index(p) == CA_OK, "adjacency");

  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "analysis runs");
  const hot_finding *h = NULL;
  for (size_t i = 0; i < r.nfindings; i++)
    if (r.findings[i].call == site) h = &r.findings[i];
  ok(h != NULL, "the allocation is a finding");
  is_int(h ? (long long)h->nloops : -1, DEEP + OUTER, "every loop listed");
  ok(h && h->nloops == DEEP + OUTER && h->loops[0] == loop && h->loops[DEEP] == outer_innermost,
     "the site's own loops first, innermost first, then the caller's");
  bool distinct = h != NULL;
  for (size_t i = 0; h && i < h->nloops; i++)
    for (size_t j = 0; j < i; j++) distinct &= h->loops[i] != h->loops[j];
  ok(distinct, "each loop once");
  hot_free(&r);
  prog_free(p);
  return tap_done();
}
