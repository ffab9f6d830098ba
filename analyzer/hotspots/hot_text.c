/* hot_text.c: the findings as text, one block per finding, ranked:
 *   1. [3.50] small-alloc  a.c:12:9 in parse  (hot, 12% of allocations)
 *      small allocation (16 bytes, malloc) on a hot path: ...
 *      loops: for a.c:10:5
 *      path: main (a.c:30:5) -> parse
 * Bounded: at most --top findings, paths and loop lists capped by
 * hot_find.c. */
#include "hotspots/hot.h"
#include "hotspots/hotspots.h"

static const char *name_of(const ca_program *p, int f) {
  return f >= 0 ? p->funcs.items[f].name : "?";
}

static void loops_line(const ca_program *p, const hot_finding *h, FILE *out) {
  if (!h->nloops && h->recursion < 0) return;
  fputs("     loops:", out);
  for (size_t i = 0; i < h->nloops; i++) {
    const prog_loop *l = &p->loops.items[h->loops[i]];
    fprintf(out, "%s %s %s:%u:%u", i ? "," : "", facts_loop_kind_name(l->kind), l->file, l->line, l->col);
  }
  if (h->recursion >= 0)
    fprintf(out, "%s recursion through %s", h->nloops ? "," : "", name_of(p, h->recursion));
  fputc('\n', out);
}

static void path_line(const ca_program *p, const hot_finding *h, FILE *out) {
  if (!h->npath) return;
  fputs("     path:", out);
  for (size_t i = 0; i < h->npath; i++) {
    const prog_call *c = &p->calls.items[h->path[i]];
    fprintf(out, " %s (%s:%u:%u) ->", name_of(p, c->caller), c->file, c->line, c->col);
  }
  fprintf(out, " %s\n", name_of(p, h->site->caller));
}

/* "12%", "1.5%", "0.04%", "<0.01%": two significant digits at most. */
static const char *percent(double share, char buf[16]) {
  double v = share * 100;
  if (v < 0.01) snprintf(buf, 16, "<0.01%%");
  else snprintf(buf, 16, v >= 10 ? "%.0f%%" : v >= 1 ? "%.1f%%" : "%.2f%%", v);
  return buf;
}

/* --hotspots: every finding, or the first --top N. Only the --hotspots
 * report shows findings; the default text report is the call graph. */
ca_status hot_text(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen) {
  hot_result r;
  ca_status s = hot_analyze(p, &r);
  if (s != CA_OK) {
    snprintf(err, errlen, "out of memory while ranking hotspots");
    return s;
  }
  size_t n = hot_count(&r, v);
  fprintf(out, "Hotspots: %zu finding%s", r.nfindings, r.nfindings == 1 ? "" : "s");
  if (n < r.nfindings) fprintf(out, ", top %zu shown", n);
  fputs("\n", out);
  char pct[16];
  for (size_t i = 0; i < n; i++) {
    const hot_finding *h = &r.findings[i];
    fprintf(out, "%3zu. [%.2f] %s  %s:%u:%u in %s  (%s, %s of %s)\n     %s\n", i + 1, h->score,
            hot_kind_name(h->kind), h->site->file, h->site->line, h->site->col,
            name_of(p, h->site->caller), hot_class_name(h->cls), percent(h->share, pct),
            h->allocates ? "allocations" : "such sites' executions", h->message);
    loops_line(p, h, out);
    path_line(p, h, out);
  }
  hot_free(&r);
  return CA_OK;
}
