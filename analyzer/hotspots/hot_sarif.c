/* hot_sarif.c: the findings as a SARIF 2.1.0 log, for GitHub code
 * scanning and editors. One run, one rule per finding kind (ids as in the
 * JSON "kind"), one result per finding, ranked; the call path from the hot
 * loop is a codeFlow, the loops are relatedLocations. URIs are relative to
 * the analysed root (uriBaseId %SRCROOT%), so the log is deterministic. */
#include "hotspots/hot.h"
#include "hotspots/hotspots.h"
#include "base/json_write.h"
#include <string.h>

/* Percent-encodes what a URI reference cannot hold; '/' stays. Absolute
 * paths (outside the root) become file:// URIs. */
static void uri_str(FILE *out, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  putc('"', out);
  if (path && path[0] == '/') fputs("file://", out);
  for (const unsigned char *s = (const unsigned char *)(path ? path : ""); *s; s++) {
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
        strchr("/-._~+", *s))
      putc(*s, out);
    else
      putc('%', out), putc(hex[*s >> 4], out), putc(hex[*s & 15], out);
  }
  putc('"', out);
}

/* A physicalLocation object: {"artifactLocation": ..., "region": ...}. */
static void physical(FILE *out, const char *file, unsigned line, unsigned col) {
  fputs("{\"artifactLocation\": {\"uri\": ", out);
  uri_str(out, file);
  if (file && file[0] != '/') fputs(", \"uriBaseId\": \"%SRCROOT%\"", out);
  fprintf(out, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u}}", line ? line : 1,
          col ? col : 1);
}

/* A location object, left open so the caller can add members. */
static void location_open(FILE *out, const char *file, unsigned line, unsigned col) {
  fputs("{\"physicalLocation\": ", out);
  physical(out, file, line, col);
}

static void rules(FILE *out) {
  fputs("      \"rules\": [", out);
  for (int k = 0; k < HOT_NKINDS; k++) {
    fprintf(out, "%s\n        {\"id\": \"%s\", \"shortDescription\": {\"text\": ", k ? "," : "",
            hot_kind_name((hot_kind)k));
    json_str(out, hot_kind_title((hot_kind)k));
    fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
            k == HOT_ALLOC ? "note" : "warning");
  }
  fputs("\n      ]", out);
}

static void code_flow(const ca_program *p, const hot_finding *h, FILE *out) {
  fputs(",\n       \"codeFlows\": [{\"threadFlows\": [{\"locations\": [", out);
  for (size_t i = 0; i < h->npath; i++) {
    const prog_call *c = &p->calls.items[h->path[i]];
    fputs(i ? ", {\"location\": " : "{\"location\": ", out);
    location_open(out, c->file, c->line, c->col);
    fputs(", \"message\": {\"text\": ", out);
    json_str(out, p->funcs.items[c->caller].name);
    fputs("}}}", out);
  }
  fputs("]}]}]", out);
}

static void related(const ca_program *p, const hot_finding *h, FILE *out) {
  fputs(",\n       \"relatedLocations\": [", out);
  for (size_t i = 0; i < h->nloops; i++) {
    const prog_loop *l = &p->loops.items[h->loops[i]];
    fprintf(out, "%s{\"id\": %zu, \"physicalLocation\": ", i ? ", " : "", i + 1);
    physical(out, l->file, l->line, l->col);
    fprintf(out, ", \"message\": {\"text\": \"%s loop\"}}", facts_loop_kind_name(l->kind));
  }
  fputs("]", out);
}

/* By class: hot is a warning; warm a warning for the patterns (quadratic
 * growth, transient buffers, ...) and a note for a plain allocation; cold
 * a note. */
static const char *level(const hot_finding *h) {
  if (h->cls == HOT_CLASS_HOT) return "warning";
  if (h->cls == HOT_CLASS_WARM && h->kind != HOT_ALLOC) return "warning";
  return "note";
}

static void result(const ca_program *p, const hot_finding *h, FILE *out) {
  fprintf(out, "\n      {\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\",\n",
          hot_kind_name(h->kind), (int)h->kind, level(h));
  fputs("       \"message\": {\"text\": ", out);
  json_str(out, h->message);
  fputs("},\n       \"locations\": [", out);
  location_open(out, h->site->file, h->site->line, h->site->col);
  fputs(", \"logicalLocations\": [{\"name\": ", out);
  json_str(out, p->funcs.items[h->site->caller].name);
  fputs(", \"kind\": \"function\"}]}]", out);
  if (h->npath) code_flow(p, h, out);
  if (h->nloops) related(p, h, out);
  fprintf(out, ",\n       \"properties\": {\"score\": %.2f, \"heat\": %.2f, \"share\": %.4f, "
          "\"class\": \"%s\"}}", h->score, h->heat, h->share, hot_class_name(h->cls));
}

static void notification(FILE *out, const char *level, const char *text, const char *sep) {
  fprintf(out, "%s\n        {\"level\": \"%s\", \"message\": {\"text\": ", sep, level);
  json_str(out, text);
  fputc('}', out);
}

/* The run's one invocation: it completed (the results are written), and
 * what it could not analyse is said as the text report says it on
 * stderr: each TU's first errors (a file that did not compile, or could
 * not be parsed at all) at their places, then warnings about compiler
 * arguments. Results of a TU with errors are partial; a consumer that
 * reads only "results" would take them for whole. */
static void invocation(const ca_program *p, FILE *out) {
  fputs(",\n    \"invocations\": [{\"executionSuccessful\": true, \"toolExecutionNotifications\": [", out);
  const char *sep = "";
  for (size_t t = 0; t < p->errors.len; t++) {
    const prog_diag_tu *d = &p->errors.items[t];
    for (size_t i = 0; i < d->diags.len; i++, sep = ",") {
      const facts_diag *g = &d->diags.items[i];
      notification(out, "error", g->message, sep);
      fputs(", \"locations\": [", out);
      location_open(out, g->file ? g->file : d->file, g->line, g->col);
      fputs("}], \"properties\": {\"translationUnit\": ", out);
      json_str(out, d->file);
      fputs("}}", out);
    }
  }
  for (size_t i = 0; i < p->warnings.len; i++, sep = ",") {
    notification(out, "warning", p->warnings.items[i].message, sep);
    fputc('}', out);
  }
  fputs(*sep ? "\n      ]}]" : "]}]", out);
}

ca_status hot_sarif(const ca_program *p, const ca_view *v, FILE *out, char *err,
                         size_t errlen) {
  hot_result r;
  ca_status s = hot_analyze(p, &r);
  if (s != CA_OK) {
    snprintf(err, errlen, "out of memory while ranking hotspots");
    return s;
  }
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
        "      \"name\": \"canalyze\", \"version\": ",
        out);
  json_str(out, ca_version());
  fputs(", \"informationUri\": \"https://github.com/canalyze/canalyze\",\n", out);
  rules(out);
  fputs("\n    }},\n    \"results\": [", out);
  size_t n = hot_count(&r, v);
  for (size_t i = 0; i < n; i++) {
    if (i) fputc(',', out);
    result(p, &r.findings[i], out);
  }
  fputs(n ? "\n    ]" : "]", out);
  invocation(p, out);
  fputs("\n  }]\n}\n", out);
  hot_free(&r);
  return CA_OK;
}
