/* report_text.c: the human report, in one of three shapes:
 * - --hotspots: the findings alone (hot_text.c);
 * - --points-to QUERY without --focus/--callers/--callees: the answers alone;
 * - otherwise the call graph: a summary line, the TUs with errors, the
 *   --pointer summary and answers, then one block per selected defined
 *   function ordered by file, line and name (its calls ->, its callers <-),
 *   the block of an undefined function the selection was asked about, and
 *   last the undefined (library) functions the selection calls, by name,
 *   one line each with how many calls reach them from how many functions.
 * Deterministic (every order is total: ids break ties) and bounded by the
 * size of the program: one line per function and per call. */
#include "hotspots/hotspots.h"
#include "pointsto/pointsto.h"
#include "report.h"
#include <stdlib.h>
#include <string.h>

typedef struct text_graph {
  const ca_program *p;
  const bool *keep;
  arena *a;             /* the report's own: the program is read-only here */
  size_t *first;        /* first[f]: index of f's first call in p->calls */
  FILE *out;
} text_graph;

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

/* Functions defined in several places, each place a node of its own:
 *   main: redis-benchmark.c:1, redis-cli.c:2, server.c:3 */
static void duplicates(const ca_program *p, const bool *keep, FILE *out) {
  size_t n = 0;
  for (size_t f = 0; f < p->funcs.len; f++) n += report_first_def(p, keep, (int)f);
  if (!n) return;
  fprintf(out, "%zu function%s defined in several places, each place its own node:\n", n,
          n == 1 ? " is" : "s are");
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!report_first_def(p, keep, (int)f)) continue;
    fprintf(out, "  %s:", p->funcs.items[f].name);
    int g = (int)f;
    do {
      fprintf(out, "%s %s:%u", g == (int)f ? "" : ",", p->funcs.items[g].file, p->funcs.items[g].line);
      g = p->funcs.items[g].next_def;
    } while (g != (int)f);
    fputc('\n', out);
  }
}

static void summary(const ca_program *p, FILE *out) {
  ca_summary s;
  ca_program_summary(p, &s);
  fprintf(out, "%zu translation unit%s, %zu function%s (%zu defined), %zu call%s, %zu indirect call site%s\n",
          s.tus, plural(s.tus), s.functions, plural(s.functions), s.defined, s.calls,
          plural(s.calls), s.indirect_sites, plural(s.indirect_sites));
  if (!p->errors.len) return;
  fprintf(out, "%zu translation unit%s had errors (analysed as far as clang recovered):\n",
          p->errors.len, plural(p->errors.len));
  for (size_t t = 0; t < p->errors.len; t++) {
    const prog_diag_tu *d = &p->errors.items[t];
    fprintf(out, "  %s: %u error%s%s\n", d->file, d->nerrors, plural(d->nerrors), d->unparsed ? ", not analysed" : "");
  }
}

static void func_label(const ca_program *p, int f, FILE *out) {
  const prog_func *fn = &p->funcs.items[f];
  if (fn->defined) fprintf(out, "%s (%s:%u)", fn->name, fn->file ? fn->file : "?", fn->line);
  else fprintf(out, "%s (undefined)", fn->name);
}

/* The calls of f are p->calls[first[f] .. first[f + 1]): calls are sorted by
 * caller id and functions by id, so each caller's calls are one run. Unlike
 * p->out, the run holds unresolved indirect calls too. */
static size_t *call_runs(const ca_program *p, arena *a) {
  size_t n = p->funcs.len, *first = arena_alloc(a, (n + 1) * sizeof *first);
  if (!first) return NULL;
  size_t i = 0;
  for (size_t f = 0; f <= n; f++) {
    while (i < p->calls.len && p->calls.items[i].caller < (int)f) i++;
    first[f] = i;
  }
  return first;
}

static void block(const text_graph *g, int f) {
  const ca_program *p = g->p;
  FILE *out = g->out;
  fputc('\n', out);
  func_label(p, f, out);
  fprintf(out, "%s\n", p->funcs.items[f].internal ? " static" : "");
  for (size_t j = g->first[f]; j < g->first[f + 1]; j++) {
    const prog_call *c = &p->calls.items[j];
    if (c->callee >= 0 && !g->keep[c->callee]) continue;
    fputs("  -> ", out);
    if (c->callee >= 0) func_label(p, c->callee, out);
    else fputs("(indirect, unresolved)", out);
    fprintf(out, "  at %s:%u:%u%s", c->file, c->line, c->col,
            c->indirect && c->callee >= 0 ? " [indirect]" : "");
    if (c->loop_depth) fprintf(out, "  loop depth %u", c->loop_depth);
    fputc('\n', out);
  }
  for (size_t k = 0; k < p->nin[f]; k++) {
    const prog_call *c = &p->calls.items[p->in[f][k]];
    if (!g->keep[c->caller]) continue;
    fputs("  <- ", out);
    func_label(p, c->caller, out);
    fprintf(out, "  at %s:%u:%u%s\n", c->file, c->line, c->col, c->indirect ? " [indirect]" : "");
  }
}

/* ---- the defined functions, by file, line, name ---- */

typedef struct ranked {
  const prog_func *fn;
  int f;
  size_t calls, callers;  /* undefined functions: calls from the selection */
} ranked;

static int cmp_position(const void *pa, const void *pb) {
  const prog_func *a = ((const ranked *)pa)->fn, *b = ((const ranked *)pb)->fn;
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c) return c;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  c = strcmp(a->name, b->name);
  return c ? c : strcmp(a->id, b->id);
}

static int cmp_name(const void *pa, const void *pb) {
  const prog_func *a = ((const ranked *)pa)->fn, *b = ((const ranked *)pb)->fn;
  int c = strcmp(a->name, b->name);
  return c ? c : strcmp(a->id, b->id);
}

static ca_status defined_blocks(const text_graph *g) {
  const ca_program *p = g->p;
  ranked *r = arena_alloc(g->a, (p->funcs.len + 1) * sizeof *r);
  if (!r) return CA_ERR_NOMEM;
  size_t n = 0;
  for (size_t f = 0; f < p->funcs.len; f++)
    if (g->keep[f] && p->funcs.items[f].defined) r[n++] = (ranked){&p->funcs.items[f], (int)f, 0, 0};
  qsort(r, n, sizeof *r, cmp_position);
  for (size_t i = 0; i < n; i++) block(g, r[i].f);
  return CA_OK;
}

/* The function --focus, --callers or --callees names (callgraph_select
 * takes the first of them that is set), or -1. */
static int asked_about(const ca_program *p, const ca_view *v) {
  const char *name = v->focus ? v->focus : v->callers ? v->callers : v->callees;
  return name ? program_find_func(p, name) : -1;
}

/* ---- the undefined functions the selection calls, by name ---- */

/* Calls to f from selected functions, and from how many of them; p->in[f]
 * is in call order, so one caller's calls are adjacent. */
static void count_callers(const text_graph *g, int f, size_t *calls, size_t *callers) {
  const ca_program *p = g->p;
  int last = -1;
  *calls = *callers = 0;
  for (size_t k = 0; k < p->nin[f]; k++) {
    int caller = p->calls.items[p->in[f][k]].caller;
    if (!g->keep[caller]) continue;
    (*calls)++;
    if (caller != last) (*callers)++, last = caller;
  }
}

static ca_status undefined_section(const text_graph *g) {
  const ca_program *p = g->p;
  ranked *r = arena_alloc(g->a, (p->funcs.len + 1) * sizeof *r);
  if (!r) return CA_ERR_NOMEM;
  size_t n = 0;
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!g->keep[f] || p->funcs.items[f].defined) continue;
    r[n] = (ranked){&p->funcs.items[f], (int)f, 0, 0};
    count_callers(g, (int)f, &r[n].calls, &r[n].callers);
    if (r[n].calls) n++;
  }
  if (!n) return CA_OK;
  qsort(r, n, sizeof *r, cmp_name);
  fprintf(g->out, "\nundefined: %zu function%s\n", n, plural(n));
  for (size_t i = 0; i < n; i++)
    fprintf(g->out, "  %s  %zu call%s from %zu function%s\n", r[i].fn->name, r[i].calls,
            plural(r[i].calls), r[i].callers, plural(r[i].callers));
  return CA_OK;
}

static ca_status call_graph(const ca_program *p, const ca_view *v, const bool *keep, arena *a,
                            FILE *out) {
  text_graph g = {p, keep, a, call_runs(p, a), out};
  if (!g.first) return CA_ERR_NOMEM;
  ca_status s = defined_blocks(&g);
  int asked = asked_about(p, v);
  if (s == CA_OK && asked >= 0 && keep[asked] && !p->funcs.items[asked].defined) block(&g, asked);
  return s == CA_OK ? undefined_section(&g) : s;
}

ca_status report_text(const ca_program *p, const ca_view *v, arena *a, FILE *out, char *err,
                      size_t errlen) {
  ca_status s;
  bool *keep = report_selection(p, v, a, err, errlen, &s);
  if (!keep) return s;
  if (v->hotspots) {
    pt_text_answers(p, v, a, out);
    return hot_text(p, v, out, err, errlen);
  }
  if (v->nqueries && !v->focus && !v->callers && !v->callees) {
    pt_text_answers(p, v, a, out);
    return CA_OK;
  }
  summary(p, out);
  duplicates(p, keep, out);
  if (p->pt.ran || v->nqueries) pt_text(p, v, a, out);
  return call_graph(p, v, keep, a, out);
}
