/* hot_json.c: the "findings", "allocators" and "frequencies" members of
 * the JSON report (version 1). "allocators" lists the program's functions
 * that hand out fresh memory (the wrappers found, the ones named by
 * --allocator), sorted by file, line and name:
 *   {"function", "file", "line", "argument": N|null, "rate"}
 * argument is the out argument the memory is stored through, null when
 * returned; rate is allocations per call. Findings are
 * ranked by score; each finding is
 *   {"rank", "kind", "file", "line", "column", "function", "callee", "score",
 *    "heat", "share", "class", "loops": [{"kind", "file", "line", "column", "depth", "function"}],
 *    "path": [{"function", "file", "line", "column", "callee"}],
 *    "recursion": name|null, "message"}
 * path lists the calls from the hot loop down to the site's function.
 * "frequencies" gives every function the program defines with its heat
 * (log10 of its estimated calls per run, as a finding's), sorted by place:
 *   {"function", "file", "line", "heat"}
 * so the estimate can be checked function by function against a profile
 * (HOT_CALLS=1 bench/hot_check.sh compares it with callgrind's call counts).
 * With call_frequencies in the view (--call-frequencies),
 * "call_frequencies" gives every call on a condition's side or in a loop, in the order of
 * "calls" (by caller id, then place), with what its estimate per entry is
 * made of:
 *   {"function", "file", "line", "column", "callee", "per_entry", "trips",
 *    "sides": [{"p", "rare": [rule], "common": [rule], "case": N|null,
 *               "parameter": N|null}]}
 * so each heuristic can be checked against line counts (bench/rule_rates.sh). */
#include "hotspots/hot.h"
#include "hotspots/hotspots.h"
#include "base/json_write.h"
#include <stdlib.h>
#include <string.h>

static void loops_json(const ca_program *p, const hot_finding *h, FILE *out) {
  fputs("\"loops\": [", out);
  for (size_t i = 0; i < h->nloops; i++) {
    const prog_loop *l = &p->loops.items[h->loops[i]];
    fputs(i ? ", {\"kind\": " : "{\"kind\": ", out);
    json_str(out, facts_loop_kind_name(l->kind));
    fputs(", \"file\": ", out);
    json_str(out, l->file);
    fprintf(out, ", \"line\": %u, \"column\": %u, \"depth\": %u, \"function\": ", l->line, l->col,
            l->depth);
    json_str(out, l->func >= 0 ? p->funcs.items[l->func].name : NULL);
    fputc('}', out);
  }
  fputs("]", out);
}

/* A call's place, after `{` and before its other members or `}`:
 * "function", "file", "line", "column", "callee". */
static void call_place_json(const ca_program *p, const prog_call *c, FILE *out) {
  fputs("\"function\": ", out);
  json_str(out, p->funcs.items[c->caller].name);
  fputs(", \"file\": ", out);
  json_str(out, c->file);
  fputs(", \"line\": ", out);
  json_uint(out, c->line);
  fputs(", \"column\": ", out);
  json_uint(out, c->col);
  fputs(", \"callee\": ", out);
  json_str(out, c->callee >= 0 ? p->funcs.items[c->callee].name : NULL);
}

static void path_json(const ca_program *p, const hot_finding *h, FILE *out) {
  fputs("\"path\": [", out);
  for (size_t i = 0; i < h->npath; i++) {
    fputs(i ? ", {" : "{", out);
    call_place_json(p, &p->calls.items[h->path[i]], out);
    fputc('}', out);
  }
  fputs("]", out);
}

static void finding_json(const ca_program *p, const hot_finding *h, size_t rank, FILE *out) {
  fprintf(out, "  {\"rank\": %zu, \"kind\": \"%s\", \"file\": ", rank, hot_kind_name(h->kind));
  json_str(out, h->site->file);
  fprintf(out, ", \"line\": %u, \"column\": %u, \"function\": ", h->site->line, h->site->col);
  json_str(out, p->funcs.items[h->site->caller].name);
  fputs(", \"callee\": ", out);
  json_str(out, h->what);
  fputs(", \"score\": ", out);
  json_fixed(out, h->score, 2);
  fputs(", \"heat\": ", out);
  json_fixed(out, h->heat, 2);
  fputs(", \"share\": ", out);
  json_fixed(out, h->share, 4);
  fprintf(out, ", \"class\": \"%s\",\n   ", hot_class_name(h->cls));
  loops_json(p, h, out);
  fputs(",\n   ", out);
  path_json(p, h, out);
  fputs(",\n   \"recursion\": ", out);
  json_str(out, h->recursion >= 0 ? p->funcs.items[h->recursion].name : NULL);
  fputs(", \"message\": ", out);
  json_str(out, h->message);
  fputc('}', out);
}

static int by_place(const void *pa, const void *pb) {
  const prog_func *a = *(const prog_func *const *)pa, *b = *(const prog_func *const *)pb;
  int d = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (d) return d;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

/* The defined functions (only allocators when alloc_only), sorted by
 * place, in *fs; returns how many (0 when out of memory). */
static size_t placed(const ca_program *p, const hot_result *r, bool alloc_only, const prog_func ***fs) {
  *fs = arena_alloc(r->arena, (p->funcs.len + 1) * sizeof **fs);
  size_t n = 0;
  for (size_t f = 0; *fs && f < p->funcs.len; f++)
    if (p->funcs.items[f].defined && (!alloc_only || r->models[f].role == ROLE_ALLOC))
      (*fs)[n++] = &p->funcs.items[f];
  if (n) qsort(*fs, n, sizeof **fs, by_place);
  return n;
}

/* Entry i of a list of functions, up to its line: {"function", "file", "line" */
static void place_json(const prog_func *f, size_t i, FILE *out) {
  fputs(i ? ",\n  {\"function\": " : "\n  {\"function\": ", out);
  json_str(out, f->name);
  fputs(", \"file\": ", out);
  json_str(out, f->file);
  fprintf(out, ", \"line\": %u", f->line);
}

static void allocators_json(const ca_program *p, const hot_result *r, FILE *out) {
  const prog_func **fs;
  size_t n = placed(p, r, true, &fs);
  fputs(",\n\"allocators\": [", out);
  for (size_t i = 0; i < n; i++) {
    const hot_model *m = &r->models[fs[i] - p->funcs.items];
    place_json(fs[i], i, out);
    fputs(", \"argument\": ", out);
    if (m->out_arg >= 0) fprintf(out, "%d", m->out_arg);
    else fputs("null", out);
    fputs(", \"rate\": ", out);
    json_fixed(out, m->rate, 2);
    fputc('}', out);
  }
  fputs(n ? "\n]" : "]", out);
}

static void frequencies_json(const ca_program *p, const hot_result *r, FILE *out) {
  const prog_func **fs;
  size_t n = placed(p, r, false, &fs);
  fputs(",\n\"frequencies\": [", out);
  for (size_t i = 0; i < n; i++) {
    place_json(fs[i], i, out);
    fputs(", \"heat\": ", out);
    json_fixed(out, r->heat[fs[i] - p->funcs.items], 2);
    fputc('}', out);
  }
  fputs(n ? "\n]" : "]", out);
}

/* Names of the heuristics whose bits in arm predict side `side` rare;
 * fails: the arm tests an allocator's result, whose null side
 * (hot_null_side) is then "failure" too. */
static void rules_json(unsigned arm, unsigned side, bool fails, FILE *out) {
  fputc('[', out);
  int n = 0;
  for (int h = 0; !(arm & FACTS_ARM_CASE) && h < FACTS_NHINTS; h++)
    if (arm & FACTS_RARE(h, side)) {
      fputs(n++ ? ", " : "", out);
      json_str(out, hot_hint_name((facts_hint)h));
    }
  if (fails && side == hot_null_side(arm))
    fputs(n++ ? ", \"failure\"" : "\"failure\"", out);
  fputc(']', out);
}

static void sides_json(const ca_program *p, const hot_result *r, const prog_call *c, FILE *out) {
  fputs("\"sides\": [", out);
  for (unsigned i = 0; i < c->narms && i < FACTS_MAXARMS; i++) {
    unsigned arm = c->arms[i], mine = arm & FACTS_ARM_ELSE ? 1 : 0;
    bool fails = hot_failing(p, r, c, i);
    fputs(i ? ", {\"p\": " : "{\"p\": ", out);
    json_num4(out, hot_side_freq(p, r, c, i));
    fputs(", \"rare\": ", out);
    rules_json(arm, mine, fails, out);
    fputs(", \"common\": ", out);
    rules_json(arm, 1 - mine, fails, out);
    fputs(", \"case\": ", out);
    if (arm & FACTS_ARM_CASE) json_uint(out, FACTS_ARM_NCASES(arm));
    else fputs("null", out);
    fputs(", \"parameter\": ", out);
    if (c->ptests && c->ptests[i].param) json_uint(out, c->ptests[i].param - 1u);
    else fputs("null", out);
    unsigned loops = FACTS_ARM_DEPTH(arm);
    fputs(", \"loops\": ", out);
    json_uint(out, loops);
    fputs(", \"leaves\": ", out);
    json_uint(out, !FACTS_ARM_LEAVING(arm) ? 0 : arm & FACTS_ARM_LEAVES ? loops : loops ? 1 : 0);
    fputc('}', out);
  }
  fputc(']', out);
}

/* Every call that sits on a condition's side or in a loop, in the
 * program's order of calls (by caller, then place): what its estimate per
 * entry is made of. */
static void call_frequencies_json(const ca_program *p, const hot_result *r, FILE *out) {
  fputs(",\n\"call_frequencies\": [", out);
  size_t n = 0;
  for (size_t i = 0; i < p->calls.len; i++) {
    const prog_call *c = &p->calls.items[i];
    if (!c->narms && c->loop < 0) continue;
    fputs(n++ ? ",\n  {" : "\n  {", out);
    call_place_json(p, c, out);
    fputs(", \"per_entry\": ", out);
    json_num4(out, r->local[c - p->calls.items]);
    fputs(", \"trips\": ", out);
    json_num4(out, hot_loop_trips(p, c));
    fputs(",\n   ", out);
    sides_json(p, r, c, out);
    fputc('}', out);
  }
  fputs(n ? "\n]" : "]", out);
}

ca_status hot_json(const ca_program *p, const ca_view *v, FILE *out, char *err, size_t errlen) {
  hot_result r;
  ca_status s = hot_analyze(p, &r);
  if (s != CA_OK) {
    snprintf(err, errlen, "out of memory while ranking hotspots");
    return s;
  }
  size_t n = hot_count(&r, v);
  fputs(",\n\"findings\": [", out);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n" : "\n", out);
    finding_json(p, &r.findings[i], i + 1, out);
  }
  fputs(n ? "\n]" : "]", out);
  allocators_json(p, &r, out);
  frequencies_json(p, &r, out);
  if (v->call_frequencies) call_frequencies_json(p, &r, out);
  hot_free(&r);
  return CA_OK;
}
