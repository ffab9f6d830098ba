/* report_json.c: the call graph as JSON, format version 1 (docs/formats.md
 * "JSON format"). Deterministic: functions by id, calls in program order
 * (caller id, file, line, column, callee id), one record per line. */
#include "hotspots/hotspots.h"
#include "base/json_write.h"
#include "pointsto/pointsto.h"
#include "report.h"

static void write_function(FILE *out, const prog_func *f) {
  fputs("  {\"id\": ", out);
  json_str(out, f->id);
  fputs(", \"name\": ", out);
  json_str(out, f->name);
  fputs(", \"file\": ", out);
  json_str(out, f->file);
  fprintf(out, ", \"line\": %u, \"linkage\": \"%s\", \"defined\": %s, \"variadic\": %s}", f->line,
          f->internal ? "internal" : "external", f->defined ? "true" : "false",
          f->variadic ? "true" : "false");
}

static void write_call(FILE *out, const ca_program *p, const prog_call *c) {
  fputs("  {\"caller\": ", out);
  json_str(out, p->funcs.items[c->caller].id);
  fputs(", \"callee\": ", out);
  json_str(out, c->callee >= 0 ? p->funcs.items[c->callee].id : NULL);
  fprintf(out, ", \"kind\": \"%s\", \"file\": ", c->indirect ? "indirect" : "direct");
  json_str(out, c->file);
  fprintf(out, ", \"line\": %u, \"column\": %u, \"loop_depth\": %u}", c->line, c->col, c->loop_depth);
}

static void write_diagnostics(FILE *out, const ca_program *p) {
  fputs(",\n\"diagnostics\": [", out);
  const char *sep = "\n";
  for (size_t t = 0; t < p->errors.len; t++) {
    const prog_diag_tu *d = &p->errors.items[t];
    for (size_t i = 0; i < d->diags.len; i++, sep = ",\n") {
      const facts_diag *g = &d->diags.items[i];
      fprintf(out, "%s  {\"tu\": ", sep);
      json_str(out, d->file);
      fputs(", \"file\": ", out);
      json_str(out, g->file);
      fprintf(out, ", \"line\": %u, \"column\": %u, \"severity\": ", g->line, g->col);
      json_str(out, g->severity);
      fputs(", \"message\": ", out);
      json_str(out, g->message);
      fputs("}", out);
    }
  }
  fputs(*sep == ',' ? "\n]" : "]", out);
}

/* Only when there are any: "duplicates": [{"name": "main", "ids": [...]}] */
static void write_duplicates(FILE *out, const ca_program *p, const bool *keep) {
  bool any = false;
  for (size_t f = 0; f < p->funcs.len; f++) {
    if (!report_first_def(p, keep, (int)f)) continue;
    fputs(any ? ",\n" : ",\n\"duplicates\": [\n", out);
    any = true;
    fputs("  {\"name\": ", out);
    json_str(out, p->funcs.items[f].name);
    fputs(", \"ids\": [", out);
    int g = (int)f;
    do {
      if (g != (int)f) fputs(", ", out);
      json_str(out, p->funcs.items[g].id);
      g = p->funcs.items[g].next_def;
    } while (g != (int)f);
    fputs("]}", out);
  }
  if (any) fputs("\n]", out);
}

static void write_summary(FILE *out, const ca_program *p) {
  ca_summary s;
  ca_program_summary(p, &s);
  size_t errors = 0;
  for (size_t t = 0; t < p->errors.len; t++) errors += p->errors.items[t].nerrors;
  fprintf(out,
          "\"summary\": {\"translation_units\": %zu, \"translation_units_with_errors\": %zu, "
          "\"errors\": %zu, \"functions\": %zu, \"defined\": %zu, \"calls\": %zu, "
          "\"indirect_sites\": %zu}",
          s.tus, s.tus_with_errors, errors, s.functions, s.defined, s.calls, s.indirect_sites);
}

ca_status report_json(const ca_program *p, const ca_view *v, arena *a, FILE *out, char *err,
                      size_t errlen) {
  ca_status s;
  bool *keep = report_selection(p, v, a, err, errlen, &s);
  if (!keep) return s;
  fputs("{\"version\": 1,\n", out);
  write_summary(out, p);
  fputs(",\n\"functions\": [", out);
  const char *sep = "\n";
  for (size_t i = 0; i < p->funcs.len; i++)
    if (keep[i]) fputs(sep, out), write_function(out, &p->funcs.items[i]), sep = ",\n";
  fputs(*sep == ',' ? "\n],\n\"calls\": [" : "],\n\"calls\": [", out);
  sep = "\n";
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    if (!keep[c->caller] || (c->callee >= 0 && !keep[c->callee])) continue;
    fputs(sep, out), write_call(out, p, c), sep = ",\n";
  }
  fputs(*sep == ',' ? "\n]" : "]", out);
  write_diagnostics(out, p);
  write_duplicates(out, p, keep);
  if (p->pt.ran || v->nqueries) pt_json(p, v, a, out);
  if (v->hotspots && (s = hot_json(p, v, out, err, errlen)) != CA_OK) return s;
  fputs("\n}\n", out);
  return CA_OK;
}
