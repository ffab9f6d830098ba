/* hot_heat_test.c: heat through the call graph, wrapper recognition and the
 * finding kinds, on a hand-built program (no libclang).
 *
 *   main --loop--> work --> xmalloc --> malloc     (xmalloc returns malloc's)
 *   main --> rec <-> rec                          (recursion)
 *   work: p = xmalloc(16) in a loop, free(p) in the same loop  -> transient
 *   lonely --> malloc(8)                           (cold)
 *   work --loop--> die, a noreturn function         (an error path: cold) */
#include "hotspots/hot.h"
#include "hot_prog.h"
#include "tap.h"
#include <math.h>

/* main calls x once and y in a loop; x and y call each other. The search
 * from main follows the loop's call first (y, then x), so x -> y closes
 * the cycle and carries nothing: y runs 10 times (x 10 for the recursion),
 * not 10 plus what x passes back round after round. */
static void back_edges(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int x = prog_func_add(p, "x", "m.c", true);
  int y = prog_func_add(p, "y", "m.c", true);
  int loop = prog_loop_add(p, fmain, -1, 10);
  prog_call_add(p, fmain, x, -1, 11, -1);
  int to_y = prog_call_add(p, fmain, y, loop, 12, -1);
  int y_x = prog_call_add(p, y, x, -1, 20, -1);
  int x_y = prog_call_add(p, x, y, -1, 30, -1);
  ok(callgraph_index(p) == CA_OK, "cycle: adjacency");
  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "cycle: analysis runs");
  ok(r.back[x_y] && !r.back[y_x] && !r.back[to_y], "x -> y closes the cycle entered through main's loop");
  ok(r.head[y] && !r.head[x], "y is the recursion head");
  is_int(lround(r.heat[y] * 100), 200, "y: 10 from main's loop, x 10 for the recursion");
  is_int(lround(r.heat[x] * 100), lround(log10(11) * 100) + 100, "x: once from main, 10 from y, x 10");
  hot_free(&r);
  prog_free(p);
}

/* main calls enter once; enter runs vm in a loop, vm calls back in a loop,
 * back calls enter again in a loop: the search from main makes back ->
 * enter the back edge. It carries 0.1% of back's 10 x 100 per pass: over
 * the 8 rounds of paths enter gets 3.1 (x 10 for the recursion: heat
 * 1.49), not 1 (heat 1.00). */
static void back_trickle(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int enter = prog_func_add(p, "enter", "m.c", true);
  int vm = prog_func_add(p, "vm", "m.c", true);
  int back = prog_func_add(p, "back", "m.c", true);
  int l1 = prog_loop_add(p, enter, -1, 20), l2 = prog_loop_add(p, vm, -1, 30), l3 = prog_loop_add(p, back, -1, 40);
  prog_call_add(p, fmain, enter, -1, 10, -1);
  prog_call_add(p, enter, vm, l1, 21, -1);
  prog_call_add(p, vm, back, l2, 31, -1);
  int closing = prog_call_add(p, back, enter, l3, 41, -1);
  ok(callgraph_index(p) == CA_OK, "trickle: adjacency");
  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "trickle: analysis runs");
  ok(r.back[closing], "back -> enter closes the cycle");
  is_int(lround(r.heat[enter] * 100), lround((1 + log10(3.1)) * 100), "enter: its way back in carries 0.1%");
  hot_free(&r);
  prog_free(p);
}

/* conn_new returns malloc's block and also calls malloc and list_new;
 * list_new returns malloc's block and mallocs its head. main calls
 * conn_new in a loop: 1 + 1 + (1 + 1) = 4 blocks per call, all counted at
 * main's site (score 1 + log10(4)), none at the constructors' own.
 * conn_open only returns conn_new's: as many blocks per call. */
static void constructors(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int conn = prog_func_add(p, "conn_new", "m.c", true);
  int list = prog_func_add(p, "list_new", "m.c", true);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int open = prog_func_add(p, "conn_open", "m.c", true);
  p->funcs.items[conn].type = "struct conn *(void)";
  p->funcs.items[list].type = "struct list *(void)";
  p->funcs.items[open].type = "struct conn *(void)";
  int loop = prog_loop_add(p, fmain, -1, 10);
  int site = prog_call_add(p, fmain, conn, loop, 11, -1);
  int opened = prog_call_add(p, fmain, open, loop, 12, -1);
  int o_conn = prog_call_add(p, open, conn, -1, 40, -1);
  p->calls.items[o_conn].returned = true;
  int c_obj = prog_call_add(p, conn, mal, -1, 20, 128);
  p->calls.items[c_obj].returned = true;
  int c_buf = prog_call_add(p, conn, mal, -1, 21, 4096);
  int c_list = prog_call_add(p, conn, list, -1, 22, -1);
  int l_obj = prog_call_add(p, list, mal, -1, 30, 16);
  p->calls.items[l_obj].returned = true;
  int l_head = prog_call_add(p, list, mal, -1, 31, 16);
  ok(callgraph_index(p) == CA_OK, "constructors: adjacency");
  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "constructors: analysis runs");
  ok(r.wrapper[conn] && r.wrapper[list], "both return what they allocate: wrappers");
  int at_site = 0, inside = 0;
  double score = 0, open_score = 0;
  for (size_t i = 0; i < r.nfindings; i++) {
    int ci = r.findings[i].call;
    if (ci == site) at_site++, score = r.findings[i].score;
    if (ci == opened) open_score = r.findings[i].score;
    if (ci == c_obj || ci == c_buf || ci == c_list || ci == l_obj || ci == l_head) inside++;
  }
  is_int(at_site, 1, "constructors: main's call is the finding");
  is_int(inside, 0, "constructors: no finding inside them");
  is_int(lround(score * 100), lround((1 + log10(4)) * 100), "constructors: 4 blocks per call, 10 calls");
  is_int(lround(open_score * 100), lround((1 + log10(4)) * 100), "a wrapper of a constructor: as many blocks");
  hot_free(&r);
  prog_free(p);
}

/* str_new returns embedded(n) on one side of if (n <= 44), a limit the
 * heuristic says is rarely passed (95%), and raw(n) on the other (5%):
 * each path hands a block on, so every call makes one, not the 5% or 95%
 * of whichever path made str_new a wrapper. main calls it in a loop. */
static void two_paths(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int str = prog_func_add(p, "str_new", "m.c", true);
  int emb = prog_func_add(p, "embedded", "m.c", true);
  int raw = prog_func_add(p, "raw", "m.c", true);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  p->funcs.items[str].type = p->funcs.items[emb].type = p->funcs.items[raw].type = "char *(int)";
  int loop = prog_loop_add(p, fmain, -1, 10);
  int site = prog_call_add(p, fmain, str, loop, 11, -1);
  int small = prog_call_add(p, str, emb, -1, 20, -1);
  p->calls.items[small].returned = true;
  p->calls.items[small].arms[0] = FACTS_RARE(FACTS_HINT_LIMIT, 1), p->calls.items[small].narms = 1;
  int large = prog_call_add(p, str, raw, -1, 21, -1);
  p->calls.items[large].returned = true;
  p->calls.items[large].arms[0] = FACTS_RARE(FACTS_HINT_LIMIT, 1) | FACTS_ARM_ELSE;
  p->calls.items[large].narms = 1;
  p->calls.items[prog_call_add(p, emb, mal, -1, 30, 64)].returned = true;
  p->calls.items[prog_call_add(p, raw, mal, -1, 40, -1)].returned = true;
  ok(callgraph_index(p) == CA_OK, "two paths: adjacency");
  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "two paths: analysis runs");
  ok(r.wrapper[str], "two paths: str_new is a wrapper");
  is_int(lround(r.models[str].rate * 100), 100, "two paths: one block per call, 0.95 + 0.05");
  double score = -1;
  for (size_t i = 0; i < r.nfindings; i++)
    if (r.findings[i].call == site) score = r.findings[i].heat;
  is_int(lround(score * 100), 100, "two paths: main's site makes 10 blocks a run");
  hot_free(&r);
  prog_free(p);
}

/* main calls fill(.., 0) in a loop and fill(.., 1) once; fill mallocs
 * when its parameter 1 is not 0 and callocs when it is, and calls log
 * on both sides. The loop's constant decides the sides: the calloc runs
 * 10 times, the malloc once; log's frequency (11) is undecided. */
static void constant_args(void) {
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int fill = prog_func_add(p, "fill", "m.c", true);
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int cal = prog_func_add(p, "calloc", "stdlib.h", false);
  int lg = prog_func_add(p, "log", "m.c", true);
  int loop = prog_loop_add(p, fmain, -1, 10);
  int zero = prog_call_add(p, fmain, fill, loop, 11, -1);
  p->calls.items[zero].argconst[1] = 0, p->calls.items[zero].argconst_ok[1] = true;
  int one = prog_call_add(p, fmain, fill, -1, 12, -1);
  p->calls.items[one].argconst[1] = 1, p->calls.items[one].argconst_ok[1] = true;
  int m = prog_call_add(p, fill, mal, -1, 20, 64);
  int c = prog_call_add(p, fill, cal, -1, 21, 64);
  int l = prog_call_add(p, fill, lg, -1, 22, -1);
  p->calls.items[m].narms = p->calls.items[c].narms = 1;
  static const facts_ptest zeroed[1] = {{2, FACTS_PTEST_NE, 0}};
  p->calls.items[m].ptests = p->calls.items[c].ptests = zeroed;
  p->calls.items[c].arms[0] = FACTS_ARM_ELSE;
  ok(callgraph_index(p) == CA_OK, "constant arguments: adjacency");
  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "constant arguments: analysis runs");
  is_int(lround(r.heat[fill] * 100), lround(log10(11) * 100), "fill: 10 + 1 calls");
  is_int(lround(r.local[m] * 11 * 100), 100, "malloc: once, for the call that passes 1");
  is_int(lround(r.local[c] * 11 * 100), 1000, "calloc: ten times, for the loop's calls that pass 0");
  is_int(lround(r.local[l] * 100), 100, "log, on no tested side: once per call");
  is_int(lround(r.heat[lg] * 100), lround(log10(11) * 100), "log: 11 calls");
  hot_free(&r);
  prog_free(p);
}

int main(void) {
  two_paths();
  constant_args();
  back_trickle();
  constructors();
  ca_program *p = prog_new();
  int fmain = prog_func_add(p, "main", "m.c", true);
  int work = prog_func_add(p, "work", "m.c", true);
  int xm = prog_func_add(p, "xmalloc", "x.c", true);
  p->funcs.items[xm].type = "void *(unsigned long)"; /* a wrapper returns a pointer */
  int mal = prog_func_add(p, "malloc", "stdlib.h", false);
  int fr = prog_func_add(p, "free", "stdlib.h", false);
  int rec = prog_func_add(p, "rec", "m.c", true);
  int lonely = prog_func_add(p, "lonely", "m.c", true);
  int die = prog_func_add(p, "die", "m.c", true);
  p->funcs.items[die].type = "void (void) __attribute__((noreturn))";
  int outer = prog_loop_add(p, fmain, -1, 10);
  int inner = prog_loop_add(p, fmain, outer, 11);
  int wl = prog_loop_add(p, work, -1, 20);
  prog_call_add(p, fmain, work, inner, 12, -1);
  prog_call_add(p, fmain, rec, -1, 13, -1);
  prog_call_add(p, work, die, wl, 23, -1);
  int site = prog_call_add(p, work, xm, wl, 21, 16);
  p->calls.items[site].result_var = "p";
  int f = prog_call_add(p, work, fr, wl, 22, -1);
  p->calls.items[f].arg0_var = "p";
  int inside = prog_call_add(p, xm, mal, -1, 30, -1);
  p->calls.items[inside].returned = true;
  p->calls.items[inside].arg_param[0] = 1; /* malloc(n) with n xmalloc's parameter 0 */
  prog_call_add(p, rec, rec, -1, 40, -1);
  int cold = prog_call_add(p, lonely, mal, -1, 50, 8);
  int leaf = prog_func_add(p, "leaf", "m.c", true);
  prog_call_add(p, rec, leaf, -1, 41, -1);
  ok(callgraph_index(p) == CA_OK, "adjacency");

  hot_result r;
  ok(hot_analyze(p, &r) == CA_OK, "analysis runs");
  is_int(lround(r.heat[fmain] * 100), 0, "main runs once");
  is_int(lround(r.heat[work] * 100), 200, "work: two loops deep in main");
  is_int(lround(r.heat[rec] * 100), 100, "recursion counts as a loop: called once, x 10");
  ok(r.recursive[rec] && !r.recursive[work], "recursive functions marked");
  is_int(lround(r.heat[leaf] * 100), 100, "a call out of a recursion runs on every pass: x 10");
  is_int(lround(r.heat[die] * 100), 0, "an error path (noreturn callee) brings no heat");
  ok(r.wrapper[xm] && !r.wrapper[work], "xmalloc recognised as a wrapper");
  is_int(r.best_in[work], 0, "work's heat comes from main's call");

  is_int((long long)r.nfindings, 2, "two findings: the transient site and the cold one");
  const hot_finding *h = &r.findings[0];
  is_int(h->call, site, "the wrapper's call site is reported, not malloc inside it");
  is_int(h->kind, HOT_TRANSIENT, "alloc and free of p in one iteration: transient");
  is_int(lround(h->heat * 100), 300, "site heat: caller 2 + own loop 1");
  is_int(lround(h->score * 100), 400, "score: heat + transient bonus");
  is_int((long long)h->npath, 1, "path from main's hot loop");
  is_int(h->npath ? h->path[0] : -1, 0, "path starts with main's call in its loop");
  is_int((long long)h->nloops, 3, "the site's loop and main's two");
  is_int(r.findings[1].call, cold, "cold allocation ranked last");
  is_int(r.findings[1].kind, HOT_ALLOC, "cold small allocation is a plain alloc");
  ca_view top1 = {.top = 1};
  is_int((long long)hot_count(&r, &top1), 1, "--top 1 keeps one");
  hot_free(&r);

  /* Without the free, a small constant size in a loop is small-alloc. */
  p->calls.items[f].arg0_var = "q";
  ok(hot_analyze(p, &r) == CA_OK, "re-analysis");
  is_int(r.findings[0].kind, HOT_SMALL, "16 bytes through xmalloc's size parameter: small-alloc");
  hot_free(&r);

  /* Without --pointer: a function returning a call through a pointer named
   * *alloc* is a wrapper, and its callers' sites are reported. */
  int lw = prog_func_add(p, "lmalloc", "l.c", true);
  p->funcs.items[lw].type = "void *(void *, unsigned long)";
  int through = prog_call_add(p, lw, -1, -1, 60, -1);
  p->calls.items[through].indirect = true;
  p->calls.items[through].returned = true;
  p->calls.items[through].alloc_ptr = "frealloc";
  p->calls.items[through].arg_param[1] = 2; /* frealloc(ud, n): n is lmalloc's parameter 1 */
  int user = prog_call_add(p, lonely, lw, -1, 61, -1);
  p->calls.items[user].argconst[1] = 24, p->calls.items[user].argconst_ok[1] = true;
  ok(callgraph_index(p) == CA_OK, "adjacency again");
  ok(hot_analyze(p, &r) == CA_OK, "analysis with a pointer wrapper");
  ok(r.wrapper[lw], "returns (*frealloc)(..): a wrapper without --pointer");
  bool user_site = false, inner_site = false;
  for (size_t i = 0; i < r.nfindings; i++) {
    user_site |= r.findings[i].call == user;
    inner_site |= r.findings[i].call == through;
  }
  ok(user_site && !inner_site, "reported at the wrapper's call site, not inside it");
  hot_free(&r);

  hot_model m = hot_model_of("calloc");
  ok(m.role == ROLE_ALLOC && m.size_arg == 1 && m.count_arg == 0 && m.zeroes, "calloc model");
  ok(hot_model_of("pthread_mutex_lock").role == ROLE_LOCK, "mutex model");
  ok(hot_model_of("printf").role == ROLE_NONE, "no model for printf");
  prog_free(p);
  back_edges();
  return tap_done();
}
