/* callgraph_test.c: strongly connected components (callgraph_scc) on
 * hand-built programs: a cycle as long as a big program's deepest call
 * chain (an iterative search: a recursive one would overflow the stack),
 * the edge filter, self calls, and a failed allocation reported. */
#include "callgraph.h"
#include "hot_prog.h"
#include "tap.h"
#include <stdlib.h>

enum { CHAIN = 200000 };

static bool fail_next;
/* The library's hook: fails every allocation while fail_next is set. */
static void *failing_alloc(void *user, void *ptr, size_t size) {
  (void)user;
  if (size == 0) return free(ptr), NULL;
  return fail_next ? NULL : realloc(ptr, size);
}

/* f0 -> f1 -> ... -> f(n-1) -> f0, and lone -> lone. */
static ca_program *ring(size_t n, int *back, int *self) {
  ca_program *p = prog_new();
  for (size_t i = 0; i < n; i++) prog_func_add(p, arena_printf(p->arena, "f%zu", i), "r.c", true);
  int lone = prog_func_add(p, "lone", "r.c", true);
  for (size_t i = 0; i + 1 < n; i++) prog_call_add(p, (int)i, (int)i + 1, -1, 1, -1);
  *back = prog_call_add(p, (int)n - 1, 0, -1, 2, -1);
  *self = prog_call_add(p, lone, lone, -1, 3, -1);
  return p;
}

static size_t count(const bool *v, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += v[i];
  return k;
}

int main(void) {
  int back, self;
  ca_program *p = ring(CHAIN, &back, &self);
  size_t n = p->funcs.len;
  ok(callgraph_index(p) == CA_OK, "adjacency");
  int *comp = calloc(n, sizeof *comp);
  bool *rec = calloc(n, sizeof *rec), *edges = calloc(p->calls.len, sizeof *edges);

  ok(callgraph_scc(p, NULL, comp, rec) == CA_OK, "SCC of a %d-function cycle", CHAIN);
  is_int((long long)count(rec, n), CHAIN + 1, "every function of the cycle and the self call recursive");
  ok(comp[0] == comp[CHAIN / 2] && comp[0] == comp[CHAIN - 1] && comp[0] != comp[CHAIN],
     "the cycle is one component, the self-calling function another");

  for (size_t c = 0; c < p->calls.len; c++) edges[c] = (int)c != back;
  ok(callgraph_scc(p, edges, comp, rec) == CA_OK, "SCC without the closing call");
  is_int((long long)count(rec, n), 1, "only the self call is recursive");
  ok(rec[CHAIN] && !rec[0], "the chain is no longer a cycle");
  ok(comp[0] != comp[1] && comp[1] != comp[CHAIN - 1], "each function of the chain its own component");

  edges[self] = false;
  ok(callgraph_scc(p, edges, NULL, rec) == CA_OK && count(rec, n) == 0,
     "a filtered self call is no recursion");

  alloc_set_hook(failing_alloc, NULL);
  fail_next = true;
  is_int(callgraph_scc(p, NULL, comp, rec), CA_ERR_NOMEM, "a failed allocation is reported");
  fail_next = false;
  alloc_set_hook(NULL, NULL);

  free(comp), free(rec), free(edges);
  prog_free(p);
  return tap_done();
}
