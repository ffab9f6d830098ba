/* pt_report.c: the --pointer summary, the indirect sites and the
 * answers to --points-to QUERY, as text and JSON (see pointsto.h).
 *
 * Queries are resolved against the solved state: a global name, a
 * function:local pair, or FILE:LINE:COL, the outermost pointer expression
 * recorded at that position. Targets are listed sorted by object id and
 * path, so output is deterministic except points_to.solver_ms (and the
 * solver's iteration and node counts, which follow its internals). */
#include "base/json_write.h"
#include "pointsto/pointsto.h"
#include "pointsto/pt_state.h"
#include <stdlib.h>
#include <string.h>

typedef struct target {
  const char *object, *kind, *path, *name, *file;
  unsigned line;
} target;

/* ---- queries ---- */

/* FILE:LINE:COL? The file is the first *flen bytes of q. */
static bool parse_position(const char *q, size_t *flen, unsigned *line, unsigned *col) {
  const char *c2 = strrchr(q, ':');
  if (!c2 || c2 == q) return false;
  const char *c1 = c2 - 1;
  while (c1 > q && *c1 != ':') c1--;
  if (*c1 != ':' || c1 == q) return false;
  char *end;
  unsigned long l = strtoul(c1 + 1, &end, 10);
  if (end != c2 || end == c1 + 1) return false;
  unsigned long c = strtoul(c2 + 1, &end, 10);
  if (*end || end == c2 + 1) return false;
  *flen = (size_t)(c1 - q);
  *line = (unsigned)l, *col = (unsigned)c;
  return true;
}

bool ca_query_is_position(const char *query) {
  size_t flen;
  unsigned line, col;
  return parse_position(query, &flen, &line, &col);
}

/* The node a query names, or -1 (also when the key cannot be built: the
 * arena says so). */
static int query_node(const pt_state *st, arena *a, const char *q) {
  size_t flen;
  unsigned line, col;
  if (parse_position(q, &flen, &line, &col)) {
    if (flen >= 2 && strncmp(q, "./", 2) == 0) q += 2, flen -= 2;
    const char *key = arena_printf(a, "%.*s:%u:%u", (int)flen, q, line, col);
    return key ? strmap_get(&st->pos, key) : -1;
  }
  if (strchr(q, ':')) return strmap_get(&st->locals, q);
  return strmap_get(&st->globals, q);
}

static const char *kind_name(const pt_objinfo *in) {
  if (in->unknown) return "unknown";
  switch (in->kind) {
  case PT_O_HEAP: return "heap";
  case PT_O_FUNC: return "function";
  case PT_O_STRING: return "string";
  case PT_O_LITERAL: return "literal";
  case PT_O_FIELD: return "field";
  default: return "variable";
  }
}

static const char *object_id(arena *a, const ca_program *p, const pt_objinfo *in) {
  const char *file = in->file ? in->file : "";
  if (in->unknown) return "unknown";
  switch (in->kind) {
  case PT_O_FUNC: return p->funcs.items[in->func].id;
  case PT_O_HEAP: return arena_printf(a, "heap:%s:%u:%s", file, in->line, in->name);
  case PT_O_STRING: return arena_printf(a, "string:%s:%u", file, in->line);
  case PT_O_LITERAL: return arena_printf(a, "literal:%s:%u", file, in->line);
  case PT_O_FIELD: return arena_printf(a, "field:%s", in->name);
  case PT_O_LOCAL: return arena_printf(a, "%s:%s", in->func >= 0 ? p->funcs.items[in->func].name : "?", in->name);
  default:
    if (in->func >= 0) return arena_printf(a, "%s:%s", p->funcs.items[in->func].name, in->name);
    return in->name;
  }
}

static const char *field_path(arena *a, const pt_state *st, const pt_objinfo *in, int node) {
  if (in->unknown || pts_obj_collapsed(st->s, pts_node_obj(st->s, node))) return "";
  long off = pts_node_off(st->s, node);
  for (unsigned i = 0; i < in->nfields; i++)
    if (in->fields[i].off == off) return in->fields[i].path;
  return off ? arena_printf(a, "+%ld", off) : "";
}

static int cmp_target(const void *pa, const void *pb) {
  const target *a = pa, *b = pb;
  int c = strcmp(a->object, b->object);
  return c ? c : strcmp(a->path, b->path);
}

/* The sorted, distinct targets of a query (in a). */
static target *query_targets(const ca_program *p, const pt_state *st, arena *a, const char *q,
                             size_t *n) {
  *n = 0;
  int node = query_node(st, a, q);
  if (node < 0) return NULL;
  const ptset *set = pts_pointsto(st->s, node);
  size_t count = ptset_count(set);
  target *t = arena_alloc(a, (count + 1) * sizeof *t);
  if (!t) return NULL;
  uint32_t x;
  for (ptset_it it = ptset_begin(set); ptset_next(&it, &x);) {
    const pt_objinfo *in = pt_state_info(st, (int)x);
    if (!in) continue;
    t[*n] = (target){object_id(a, p, in), kind_name(in), field_path(a, st, in, (int)x), in->name,
                     in->file, in->line};
    if (t[*n].object && t[*n].path) (*n)++; /* NULL: a failed, and ca_report says so */
  }
  qsort(t, *n, sizeof *t, cmp_target);
  size_t out = 0;
  for (size_t i = 0; i < *n; i++)
    if (out == 0 || cmp_target(&t[out - 1], &t[i]) != 0) t[out++] = t[i];
  *n = out;
  return t;
}

ca_status pt_check_queries(const ca_program *p, const ca_view *v, arena *a, char *err,
                           size_t errlen) {
  const pt_state *st = p->pt_state;
  for (size_t i = 0; i < v->nqueries; i++) {
    const char *q = v->queries[i];
    if (!st) {
      snprintf(err, errlen, "--points-to %s: the points-to analysis did not run (use --pointer)", q);
      return CA_ERR_USAGE;
    }
    if (query_node(st, a, q) >= 0) continue;
    if (arena_failed(a)) { /* the key could not be built: not the query's fault */
      snprintf(err, errlen, "out of memory");
      return CA_ERR_NOMEM;
    }
    size_t flen;
    unsigned line, col;
    if (parse_position(q, &flen, &line, &col))
      snprintf(err, errlen, "--points-to %s: no pointer expression starts at %.*s:%u:%u", q, (int)flen, q,
               line, col);
    else if (strchr(q, ':'))
      snprintf(err, errlen, "--points-to %s: no local variable of that name in that function", q);
    else
      snprintf(err, errlen, "--points-to %s: no global variable of that name (use FUNCTION:LOCAL for a local)", q);
    return CA_ERR_USAGE;
  }
  return CA_OK;
}

/* ---- where precision was lost ---- */

static const char *why_name(enum pts_why why, bool json) {
  switch (why) {
  case PTS_WHY_BYTES: return json ? "byte_arithmetic" : "byte arithmetic";
  case PTS_WHY_UNKNOWN: return json ? "copied_unknown" : "memcpy from unknown memory";
  default: return json ? "field_limit" : "field limit";
  }
}

/* The first named object collapsed by a cause of its own, or NULL; a
 * memcpy's buffer has no name (its destination, collapsed with it, comes
 * next). */
static const pt_objinfo *first_collapse(const pt_state *st, enum pts_why *why) {
  int o;
  for (unsigned i = 0; (o = pts_own_collapse(st->s, i, why)) >= 0; i++) {
    const pt_objinfo *in = pt_state_obj_info(st, o);
    if (in) return in;
  }
  return NULL;
}

static void text_collapse(const ca_program *p, const pt_state *st, arena *a, FILE *out) {
  const pts_stats *c = &st->solver;
  size_t n = c->collapsed_bytes + c->collapsed_fields + c->collapsed_unknown + c->collapsed_copied;
  if (!n) return;
  fprintf(out, "points-to: %zu object%s collapsed to one cell (%zu by byte arithmetic, %zu at the "
               "field limit, %zu by a memcpy from unknown memory, %zu by copies of those)",
          n, n == 1 ? "" : "s", c->collapsed_bytes, c->collapsed_fields, c->collapsed_unknown,
          c->collapsed_copied);
  enum pts_why why;
  const pt_objinfo *in = first_collapse(st, &why);
  const char *id = in ? object_id(a, p, in) : NULL; /* NULL: out of memory, which a tells */
  if (in)
    fprintf(out, "; first: %s (%s:%u), %s", id ? id : "?", in->file ? in->file : "?", in->line,
            why_name(why, false));
  fputc('\n', out);
}

/* ---- text ---- */

void pt_text(const ca_program *p, const ca_view *v, arena *a, FILE *out) {
  const pt_state *st = p->pt_state;
  if (!st) return;
  const prog_pt_stats *s = &p->pt;
  fprintf(out, "points-to: %zu indirect call site%s, %zu resolved, %.2f targets per resolved site "
               "(type-signature baseline %.2f), max %zu\n",
          s->sites, s->sites == 1 ? "" : "s", s->resolved, s->mean_targets, st->baseline_mean,
          s->max_targets);
  fprintf(out, "points-to: %zu unknown external function%s called, %zu site%s may call unknown code; "
               "solver %.1f ms, %zu iterations, %zu nodes, %zu merged\n",
          s->unknown_externals, s->unknown_externals == 1 ? "" : "s", st->unknown_sites,
          st->unknown_sites == 1 ? "" : "s", s->solve_ms, s->iterations, st->solver.nodes,
          st->solver.merged);
  text_collapse(p, st, a, out);
  pt_text_answers(p, v, a, out);
}

void pt_text_answers(const ca_program *p, const ca_view *v, arena *a, FILE *out) {
  const pt_state *st = p->pt_state;
  if (!st) return;
  for (size_t i = 0; i < v->nqueries; i++) {
    size_t n;
    target *t = query_targets(p, st, a, v->queries[i], &n);
    fprintf(out, "points-to %s: %zu target%s\n", v->queries[i], n, n == 1 ? "" : "s");
    /* a function by its name: its id (c:file.c@F@name) is for JSON readers,
     * and the place after it tells two static functions of one name apart */
    for (size_t j = 0; j < n; j++)
      fprintf(out, "  %s %s%s%s  (%s:%u)\n", t[j].kind,
              strcmp(t[j].kind, "function") == 0 && t[j].name ? t[j].name : t[j].object,
              *t[j].path ? "." : "", t[j].path, t[j].file ? t[j].file : "?", t[j].line);
  }
}

/* ---- JSON ---- */

/* "collapsed": {"byte_arithmetic": N, "field_limit": N, "copied_unknown": N,
 *               "copied": N, "first": null | {"object", "kind", "file", "line", "reason"}} */
static void json_collapse(const ca_program *p, const pt_state *st, arena *a, FILE *out) {
  const pts_stats *c = &st->solver;
  fprintf(out, ", \"collapsed\": {\"byte_arithmetic\": %zu, \"field_limit\": %zu, "
               "\"copied_unknown\": %zu, \"copied\": %zu, \"first\": ",
          c->collapsed_bytes, c->collapsed_fields, c->collapsed_unknown, c->collapsed_copied);
  enum pts_why why;
  const pt_objinfo *in = first_collapse(st, &why);
  if (!in) {
    fputs("null}", out);
    return;
  }
  fputs("{\"object\": ", out);
  json_str(out, object_id(a, p, in));
  fputs(", \"kind\": ", out);
  json_str(out, kind_name(in));
  fputs(", \"file\": ", out);
  json_str(out, in->file ? in->file : "");
  fprintf(out, ", \"line\": %u, \"reason\": ", in->line);
  json_str(out, why_name(why, true));
  fputs("}}", out);
}

static void json_summary(const ca_program *p, const pt_state *st, arena *a, FILE *out) {
  const prog_pt_stats *s = &p->pt;
  fprintf(out, ",\n\"points_to\": {\"indirect_sites\": %zu, \"resolved\": %zu, \"mean_targets\": %.3f, "
               "\"max_targets\": %zu, \"baseline_mean_targets\": %.3f, \"unknown_externals\": %zu, "
               "\"unknown_sites\": %zu",
          s->sites, s->resolved, s->mean_targets, s->max_targets, st->baseline_mean,
          s->unknown_externals, st->unknown_sites);
  json_collapse(p, st, a, out);
  fprintf(out, ", \"iterations\": %zu, \"nodes\": %zu, \"solver_ms\": %.1f}", s->iterations,
          st->solver.nodes, s->solve_ms);
}

static void json_sites(const ca_program *p, const pt_state *st, FILE *out) {
  fputs(",\n\"indirect_sites\": [", out);
  for (size_t i = 0; i < p->isites.len; i++) {
    const prog_site *s = &p->isites.items[i];
    const prog_call *c = &p->calls.items[s->call];
    fputs(i ? ",\n  {\"caller\": " : "\n  {\"caller\": ", out);
    json_str(out, p->funcs.items[c->caller].id);
    fputs(", \"file\": ", out);
    json_str(out, c->file);
    fprintf(out, ", \"line\": %u, \"column\": %u, \"targets\": [", c->line, c->col);
    for (size_t t = 0; t < s->ntargets; t++) {
      if (t) fputs(", ", out);
      json_str(out, p->funcs.items[s->targets[t]].id);
    }
    fputs("]}", out);
  }
  fputs(p->isites.len ? "\n]" : "]", out);
  (void)st;
}

static void json_queries(const ca_program *p, const pt_state *st, const ca_view *v, arena *a,
                         FILE *out) {
  fputs(",\n\"queries\": [", out);
  for (size_t i = 0; i < v->nqueries; i++) {
    size_t n;
    target *t = query_targets(p, st, a, v->queries[i], &n);
    fputs(i ? ",\n  {\"query\": " : "\n  {\"query\": ", out);
    json_str(out, v->queries[i]);
    fputs(", \"targets\": [", out);
    for (size_t j = 0; j < n; j++) {
      fputs(j ? ", {\"object\": " : "{\"object\": ", out);
      json_str(out, t[j].object);
      fputs(", \"kind\": ", out);
      json_str(out, t[j].kind);
      fputs(", \"path\": ", out);
      json_str(out, t[j].path);
      fputs(", \"name\": ", out);
      json_str(out, t[j].name);
      fputs(", \"file\": ", out);
      json_str(out, t[j].file);
      fprintf(out, ", \"line\": %u}", t[j].line);
    }
    fputs("]}", out);
  }
  fputs(v->nqueries ? "\n]" : "]", out);
}

void pt_json(const ca_program *p, const ca_view *v, arena *a, FILE *out) {
  const pt_state *st = p->pt_state;
  if (!st) return;
  json_summary(p, st, a, out);
  json_sites(p, st, out);
  if (v->nqueries) json_queries(p, st, v, a, out);
}
