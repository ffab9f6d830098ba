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
  out->tus_cached = p->ntus_cached;
  out->cache_warning = p->cache_warning;
}

void ca_write_diagnostics(const ca_program *p, FILE *out, size_t per_tu) {
  for (size_t t = 0; t < p->errors.len; t++) {
    const prog_diag_tu *d = &p->errors.items[t];
    for (size_t i = 0; i < d->diags.len && i < per_tu; i++) {
      const facts_diag *g = &d->diags.items[i];
      fprintf(out, "%s:%u:%u: %s: %s\n", g->file ? g->file : d->file, g->line, g->col,
              g->severity, g->message);
    }
  }
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
ca_status ca_report(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out, char *err,
                    size_t errlen) {
  static const ca_view whole;
  if (!v) v = &whole;
  if (errlen) *err = 0;
  arena *a = arena_new();
  ca_status s = a ? write_report(p, v, fmt, a, out, err, errlen) : CA_ERR_NOMEM;
  arena_free(a);
  if (s == CA_ERR_NOMEM && errlen && !*err) snprintf(err, errlen, "out of memory");
  return s;
}
