/* report.c: ca_report dispatch, status strings, summary and diagnostics.
 * Every format sees the same program; the view decides what part of it. */
#include "hotspots/hotspots.h"
#include "pointsto/pointsto.h"
#include "render/render.h"
#include "report.h"
#include <stdio.h>
#include <string.h>

const char *ca_strerror(ca_status s) {
  static const char *const names[] = {
      [CA_OK] = "success", [CA_ERR_USAGE] = "invalid option value",
      [CA_ERR_NOENT] = "no such file or directory", [CA_ERR_IO] = "input/output error",
      [CA_ERR_NOINPUT] = "no C files found", [CA_ERR_COMPDB] = "bad compile_commands.json",
      [CA_ERR_INPUT] = "not C source", [CA_ERR_PARSE] = "nothing could be parsed",
      [CA_ERR_NOMEM] = "out of memory", [CA_ERR_TOOBIG] = "graph too large",
      [CA_ERR_RENDER] = "graph rendering failed"};
  return (unsigned)s < sizeof names / sizeof *names && names[s] ? names[s] : "unknown error";
}

void ca_program_summary(const ca_program *p, ca_summary *out) {
  memset(out, 0, sizeof *out);
  out->tus = p->ntus;
  out->tus_with_errors = p->errors.len;
  out->functions = p->funcs.len;
  for (size_t i = 0; i < p->funcs.len; i++) out->defined += p->funcs.items[i].defined;
  out->calls = p->calls.len;
  out->indirect_sites = p->isites.len;
  out->compile_db = p->compdb != NULL;
  out->tus_cached = p->ntus_cached;
  out->cache_warning = p->cache_warning;
}

bool report_first_def(const ca_program *p, const bool *keep, int f) {
  if (!p->funcs.items[f].duplicate) return false;
  bool kept = false;
  int g = f;
  do {
    if (g < f) return false;
    kept |= keep[g];
    g = p->funcs.items[g].next_def;
  } while (g != f);
  return kept;
}

/* " (in 5 translation units: a.c, b.c, c.c and 2 more)": at most 3 names,
 * so that a line shared by a thousand TUs stays one line. */
static void write_tus(FILE *out, const char *const *tus, size_t n) {
  fprintf(out, " (in %zu translation units: ", n);
  for (size_t i = 0; i < n && i < 3; i++) fprintf(out, "%s%s", i ? ", " : "", tus[i]);
  if (n > 3) fprintf(out, " and %zu more", n - 3);
  fputc(')', out);
}

typedef struct diag_line { const char *text; VEC(const char *) tus; } diag_line;
typedef VEC(diag_line) diag_lines;

/* The errors' lines, each distinct line once with the TUs that had it. */
static bool group_errors(const ca_program *p, size_t per_tu, arena *a, diag_lines *lines) {
  strmap seen;
  strmap_init(&seen, a);
  for (size_t t = 0; t < p->errors.len; t++) {
    const prog_diag_tu *d = &p->errors.items[t];
    for (size_t i = 0; i < d->diags.len && i < per_tu; i++) {
      const facts_diag *g = &d->diags.items[i];
      char *text = arena_printf(a, "%s:%u:%u: %s: %s", g->file ? g->file : d->file, g->line,
                                g->col, g->severity, g->message);
      if (!text) return false;
      int k = strmap_get(&seen, text);
      if (k < 0) {
        diag_line dl = {.text = text};
        if (!VEC_PUSH(a, lines, dl) || !strmap_put(&seen, text, (int)lines->len - 1)) return false;
        k = (int)lines->len - 1;
      }
      if (!VEC_PUSH(a, &lines->items[k].tus, d->file)) return false;
    }
  }
  return true;
}

void ca_write_diagnostics(const ca_program *p, FILE *out, size_t per_tu) {
  arena *a = arena_new();
  diag_lines lines = {0};
  if (!a || !group_errors(p, per_tu, a, &lines)) {
    arena_free(a);
    fputs("canalyze: out of memory while writing diagnostics\n", out);
    return;
  }
  for (size_t i = 0; i < lines.len; i++) {
    fputs(lines.items[i].text, out);
    if (lines.items[i].tus.len > 1) write_tus(out, lines.items[i].tus.items, lines.items[i].tus.len);
    fputc('\n', out);
  }
  for (size_t i = 0; i < p->warnings.len; i++) {
    const prog_warning *w = &p->warnings.items[i];
    if (w->tus.len == 1) fprintf(out, "%s: warning: %s\n", w->tus.items[0], w->message);
    else fprintf(out, "warning: %s", w->message), write_tus(out, w->tus.items, w->tus.len), fputc('\n', out);
  }
  arena_free(a);
}

bool *report_selection(const ca_program *p, const ca_view *v, arena *a, char *err, size_t errlen,
                       ca_status *s) {
  bool *keep = arena_alloc(a, (p->funcs.len + 1) * sizeof *keep);
  if (!keep) return *s = CA_ERR_NOMEM, NULL;
  *s = callgraph_select(p, v, keep, err, errlen);
  return *s == CA_OK ? keep : NULL;
}

static ca_status write_report(const ca_program *p, const ca_view *v, ca_format fmt, arena *a,
                              FILE *out, char *err, size_t errlen) {
  ca_status s = v->nqueries ? pt_check_queries(p, v, a, err, errlen) : CA_OK;
  if (s != CA_OK) return s;
  switch (fmt) {
  case CA_FMT_TEXT: s = report_text(p, v, a, out, err, errlen); break;
  case CA_FMT_JSON: s = report_json(p, v, a, out, err, errlen); break;
  case CA_FMT_SARIF: s = hot_sarif(p, v, out, err, errlen); break;
  default: s = render_graph(p, v, fmt, out, err, errlen); break;
  }
  if (s == CA_OK && arena_failed(a)) s = CA_ERR_NOMEM;
  if (s == CA_OK && (fflush(out) != 0 || ferror(out))) {
    snprintf(err, errlen, "cannot write the report");
    s = CA_ERR_IO;
  }
  return s;
}

/* What a report allocates lives in its own arena, gone when it returns: a
 * program can be reported on again and again, and one report running out
 * of memory leaves the next one unharmed. */
/* Reports that weigh calls by their hotspot facts (hot_analyze). */
static bool needs_hot_facts(const ca_view *v, ca_format fmt) {
  return v->hotspots || v->hot || (fmt != CA_FMT_TEXT && fmt != CA_FMT_JSON);
}

ca_status ca_report(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out, char *err,
                    size_t errlen) {
  static const ca_view whole;
  if (!v) v = &whole;
  if (errlen) *err = 0;
  if (needs_hot_facts(v, fmt) && !p->hot_facts) {
    snprintf(err, errlen, "the program was analysed without hotspot facts (ca_options.hotspots)");
    return CA_ERR_USAGE;
  }
  arena *a = arena_new();
  ca_status s = a ? write_report(p, v, fmt, a, out, err, errlen) : CA_ERR_NOMEM;
  arena_free(a);
  if (s == CA_ERR_NOMEM && errlen && !*err) snprintf(err, errlen, "out of memory");
  return s;
}
