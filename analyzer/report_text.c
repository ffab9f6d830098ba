/* report_text.c: the human report. A summary, diagnostics of TUs with
 * errors, the points-to and hotspot summaries when present, then each
 * selected function with its callees (->) and callers (<-). Bounded by the
 * size of the program: one line per function and per call. */
#include "hotspots/hotspots.h"
#include "pointsto/pointsto.h"
#include "report.h"

static void summary(const ca_program *p, FILE *out) {
  ca_summary s;
  ca_program_summary(p, &s);
  fprintf(out, "%zu translation unit%s, %zu function%s (%zu defined), %zu call%s, %zu indirect call site%s\n",
          s.tus, s.tus == 1 ? "" : "s", s.functions, s.functions == 1 ? "" : "s", s.defined,
          s.calls, s.calls == 1 ? "" : "s", s.indirect_sites, s.indirect_sites == 1 ? "" : "s");
  if (!p->errors.len) return;
  fprintf(out, "%zu translation unit%s had errors (analysed as far as clang recovered):\n",
          p->errors.len, p->errors.len == 1 ? "" : "s");
  for (size_t t = 0; t < p->errors.len; t++)
    fprintf(out, "  %s: %u error%s\n", p->errors.items[t].file, p->errors.items[t].nerrors,
            p->errors.items[t].nerrors == 1 ? "" : "s");
}

static void func_label(const ca_program *p, int f, FILE *out) {
  const prog_func *fn = &p->funcs.items[f];
  if (fn->defined) fprintf(out, "%s (%s:%u)", fn->name, fn->file ? fn->file : "?", fn->line);
  else fprintf(out, "%s (undefined)", fn->name);
}

/* First call index of each caller, so a function's calls are found without
 * scanning the whole list per function. */
static void functions(const ca_program *p, const bool *keep, FILE *out) {
  size_t i = 0;
  for (size_t f = 0; f < p->funcs.len; f++) {
    while (i < p->calls.len && p->calls.items[i].caller < (int)f) i++;
    if (!keep[f]) continue;
    fputc('\n', out);
    func_label(p, (int)f, out);
    fprintf(out, "%s\n", p->funcs.items[f].internal ? " static" : "");
    for (size_t j = i; j < p->calls.len && p->calls.items[j].caller == (int)f; j++) {
      const prog_call *c = &p->calls.items[j];
      if (c->callee >= 0 && !keep[c->callee]) continue;
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
      if (!keep[c->caller]) continue;
      fputs("  <- ", out);
      func_label(p, c->caller, out);
      fprintf(out, "  at %s:%u:%u%s\n", c->file, c->line, c->col, c->indirect ? " [indirect]" : "");
    }
  }
}

ca_status report_text(const ca_program *p, const ca_view *v, arena *a, FILE *out, char *err,
                      size_t errlen) {
  ca_status s;
  bool *keep = report_selection(p, v, a, err, errlen, &s);
  if (!keep) return s;
  if (!v->hotspots) summary(p, out);
  if (p->pt.ran || v->nqueries) pt_text(p, v, a, out);
  if ((s = hot_text(p, v, out, err, errlen)) != CA_OK) return s;
  if (!v->hotspots) functions(p, keep, out);
  return CA_OK;
}
