/* ca_oom_test.c: every allocation of libcanalyze fails in turn.
 *
 * A run analyses fixtures/oom with --pointer and writes reports to a memory
 * stream, in one of two ways:
 *   walk:   the folder is walked; ca_report in every writer: text (whole,
 *           --hotspots, --points-to, --callers), JSON (--hotspots,
 *           --points-to, --focus), SARIF, DOT (whole and --hot);
 *   compdb: a compile_commands.json (both entry forms) and expression
 *           positions; text and JSON with FILE:LINE:COL queries;
 *   cache:  the walk with a fact cache that a run before the count filled,
 *           so main.c's facts are read from it (store.c has an error: it
 *           is parsed every time); text and JSON.
 * A first run counts the allocations through the hook and keeps the
 * output; then run n fails allocation n (each one up to a bound, then a
 * deterministic stride) and must
 *   - end with CA_ERR_NOMEM from whichever call met the failure, with a
 *     one-line message that does not name the command (the command adds
 *     "canalyze: "), or with CA_OK and exactly the reference output: a
 *     failure absorbed without changing the result (a cache that can be
 *     done without, a retry) is fine; none is absorbed today. Any other
 *     status, or CA_OK with other output, is a failure turned into a wrong
 *     answer,
 *   - never crash (the sanitizers stop the test and name the allocation),
 *   - give every block back: the hook counts live blocks, and after
 *     ca_program_free there must be none. LeakSanitizer at exit catches
 *     what escapes the hook (streams, Graphviz graphs).
 * CA_OOM_ONLY=N fails only allocation N; CA_OOM_TRACE=1 prints the stack
 * where each failure is injected. Run from the source tree. */
#include "base/alloc.h"
#include "canalyze.h"
#include "tap.h"
#include <sanitizer/common_interface_defs.h>
#include <dlfcn.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What tests/lsan.supp suppresses under make test, for a run by hand:
 * libclang, LLVM and Graphviz's plugins keep process-lifetime caches. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig\nleak:libpango\nleak:libcairo\nleak:libglib\nleak:libgobject\n"
         "leak:libclang\nleak:libLLVM\nleak:libgvc\nleak:libltdl\n";
}

/* ---- the failing hook ---- */

static atomic_long calls;  /* allocations (and resizes) so far */
static atomic_long live;   /* blocks handed out and not yet freed */
static long fail_at;       /* the allocation to fail; 0: none */
static atomic_bool injected;
static bool trace;         /* print the stack of each failed allocation (CA_OOM_TRACE=1) */

static void *hook(void *user, void *ptr, size_t size) {
  (void)user;
  if (size == 0) {
    if (ptr) atomic_fetch_sub(&live, 1);
    free(ptr);
    return NULL;
  }
  if (atomic_fetch_add(&calls, 1) + 1 == fail_at) {
    atomic_store(&injected, true);
    if (trace) __sanitizer_print_stack_trace();
    return NULL;
  }
  void *p = realloc(ptr, size);
  if (p && !ptr) atomic_fetch_add(&live, 1);
  return p;
}

/* ---- one run ---- */

typedef struct outcome {
  ca_status status;
  const char *step;      /* the call that returned status */
  char err[512];
  char *text;            /* everything written, NUL-terminated (open_memstream's) */
  size_t len;
  size_t tus, cached;    /* TUs, and of them read from the fact cache */
} outcome;

static const char *fixture = "fixtures/oom";

static ca_status report(ca_program *p, const ca_view *v, ca_format fmt, FILE *out, outcome *o,
                        const char *step) {
  fprintf(out, "==== %s\n", step);
  o->step = step;
  return ca_report(p, v, fmt, out, o->err, sizeof o->err);
}

static ca_status every_writer(ca_program *p, FILE *out, outcome *o) {
  static const char *const queries[] = {"current", "item_new:it", "sorted:all"};
  const ca_view whole = {0}, hot = {.hotspots = true}, callers = {.callers = "xmalloc"};
  const ca_view queried = {.queries = queries, .nqueries = 3};
  const ca_view json = {.hotspots = true, .queries = queries, .nqueries = 3};
  const ca_view focus = {.focus = "main", .depth = 1}, hotgraph = {.hot = true};
  ca_status s;
  if ((s = report(p, &whole, CA_FMT_TEXT, out, o, "text"))) return s;
  if ((s = report(p, &hot, CA_FMT_TEXT, out, o, "text --hotspots"))) return s;
  if ((s = report(p, &queried, CA_FMT_TEXT, out, o, "text --points-to"))) return s;
  if ((s = report(p, &callers, CA_FMT_TEXT, out, o, "text --callers"))) return s;
  if ((s = report(p, &json, CA_FMT_JSON, out, o, "json --hotspots --points-to"))) return s;
  if ((s = report(p, &focus, CA_FMT_JSON, out, o, "json --focus"))) return s;
  if ((s = report(p, &whole, CA_FMT_SARIF, out, o, "sarif"))) return s;
  if ((s = report(p, &whole, CA_FMT_DOT, out, o, "dot"))) return s;
  return report(p, &hotgraph, CA_FMT_DOT, out, o, "dot --hot");
}

static ca_status position_queries(ca_program *p, FILE *out, outcome *o) {
  static const char *const queries[] = {"main.c:23:3", "main.c:15:15", "main.c:23:17"};
  const ca_view text = {.queries = queries, .nqueries = 3};
  const ca_view json = {.queries = queries, .nqueries = 3, .callees = "run_all"};
  ca_status s = report(p, &text, CA_FMT_TEXT, out, o, "text --points-to FILE:LINE:COL");
  return s ? s : report(p, &json, CA_FMT_JSON, out, o, "json --points-to FILE:LINE:COL --callees");
}

static ca_status text_and_json(ca_program *p, FILE *out, outcome *o) {
  const ca_view whole = {0}, hot = {.hotspots = true};
  ca_status s = report(p, &whole, CA_FMT_TEXT, out, o, "text");
  return s ? s : report(p, &hot, CA_FMT_JSON, out, o, "json --hotspots");
}

typedef struct scenario {
  const char *name;
  ca_options opt;
  ca_status (*reports)(ca_program *p, FILE *out, outcome *o);
  long every;            /* fail each allocation up to this one, then a stride */
  bool warm;             /* one run without failure first (fills opt.cache_dir) */
} scenario;

/* The solver's time is the one thing that differs between two runs: its
 * digits become one '#' (a slow run may print more digits). */
static void mask_times(char *text, size_t *len) {
  static const char *const marks[] = {"solver ", "\"solver_ms\": "};
  for (int m = 0; m < 2; m++)
    for (char *t = text; (t = strstr(t, marks[m])) != NULL;) {
      t += strlen(marks[m]);
      char *end = t;
      while ((*end >= '0' && *end <= '9') || *end == '.') end++;
      if (end == t) continue;
      *t++ = '#';
      memmove(t, end, strlen(end) + 1);
      *len -= (size_t)(end - t);
    }
}

static void run(const scenario *sc, long fail, outcome *o) {
  memset(o, 0, sizeof *o);
  atomic_store(&calls, 0), atomic_store(&injected, false);
  fail_at = fail;
  FILE *out = open_memstream(&o->text, &o->len);
  ca_program *p = NULL;
  o->step = "analyze";
  o->status = ca_analyze(&sc->opt, &p, o->err, sizeof o->err);
  if (o->status == CA_OK) {
    ca_summary sum;
    ca_program_summary(p, &sum);
    o->tus = sum.tus, o->cached = sum.tus_cached;
    o->status = sc->reports(p, out, o);
  }
  ca_program_free(p);
  fclose(out);
  mask_times(o->text, &o->len);
  fail_at = 0;
}

/* ---- checks ---- */

static const char *failed_check(const outcome *o, const outcome *ref) {
  if (!atomic_load(&injected)) return "not reached: the runs allocate differently";
  if (atomic_load(&live) != 0) return "blocks left after ca_program_free";
  if (o->status == CA_OK)
    return o->len == ref->len && memcmp(o->text, ref->text, o->len) == 0
               ? NULL : "CA_OK, but the output differs from a run without failure";
  if (o->status != CA_ERR_NOMEM) return "a status other than CA_ERR_NOMEM";
  if (!o->err[0]) return "CA_ERR_NOMEM without a message";
  if (strchr(o->err, '\n')) return "a message of more than one line";
  if (strncmp(o->err, "canalyze:", 9) == 0) return "a message naming the command (which adds it)";
  return NULL;
}

static void first_difference(const outcome *o, const outcome *ref) {
  size_t i = 0, line = 1;
  for (; i < o->len && i < ref->len && o->text[i] == ref->text[i]; i++) line += o->text[i] == '\n';
  printf("#   first difference at line %zu: got \"%.60s\"\n", line, o->text + i);
}

/* The folder holding the compile_commands.json of the compdb runs. */
static char compdb_dir[4096], compdb_file[4200];

static char cache_dir[4200];

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st, (void)type, (void)ftw;
  return remove(path) != 0;
}

static void remove_compdb(void) {
  if (*cache_dir) nftw(cache_dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
  if (*compdb_file) remove(compdb_file);
  if (*compdb_dir) remove(compdb_dir);
}

/* A crash (ASan, UBSan) ends the process: say which run it was. GCC links
 * ASan and UBSan as two libraries, each with its own death callback. */
static const char *current_scenario;
static long current_run, run_count;
static void on_death(void) {
  printf("not ok - %s: allocation %ld of %ld failed: the run crashed (see the sanitizer report)\n",
         current_scenario, current_run, run_count);
  fflush(stdout);
  remove_compdb();
}

static void on_any_death(void (*callback)(void)) {
  typedef void set_fn(void (*)(void));
  __sanitizer_set_death_callback(callback);
  void *ubsan = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
  set_fn *set = ubsan ? (set_fn *)dlsym(ubsan, "__sanitizer_set_death_callback") : NULL;
  if (set) set(callback);
}

/* Fails allocation n; true if the run ended as it should, else says why
 * (unless quiet). *status gets how it ended. */
static bool check_run(const scenario *sc, long n, const outcome *ref, bool quiet,
                      ca_status *status) {
  outcome o;
  current_run = n;
  atomic_store(&live, 0);
  run(sc, n, &o);
  const char *why = failed_check(&o, ref);
  if (why && !quiet) {
    printf("#   %s: allocation %ld of %ld: %s: %s (%s: \"%s\")\n", sc->name, n, run_count, why,
           ca_strerror(o.status), o.status ? o.step : "run ended", o.err);
    if (o.status == CA_OK) first_difference(&o, ref);
  }
  *status = o.status;
  free(o.text);
  return !why;
}

/* The allocation to fail after n: n + 1 up to every, then n + stride, and
 * the last allocation last of all. */
static long next(long n, long every, long stride, long count) {
  if (n < every) return n + 1;
  if (n == count) return count + 1;
  return n + stride < count ? n + stride : count;
}

static void each_failure(const scenario *sc, long only) {
  outcome ref;
  if (sc->warm) run(sc, 0, &ref), free(ref.text);
  atomic_store(&live, 0);
  run(sc, 0, &ref);
  long count = atomic_load(&calls);
  if (!ok(ref.status == CA_OK && count > 0 && atomic_load(&live) == 0,
          "%s: a run without failure: %s, %ld allocations, %ld blocks left", sc->name,
          ca_strerror(ref.status), count, (long)atomic_load(&live)) && ref.status)
    printf("#   %s: %s\n", ref.step, ref.err);
  if (sc->warm)
    ok(ref.tus == 2 && ref.cached == 1, "%s: the TU without errors came from the cache (%zu of %zu)",
       sc->name, ref.cached, ref.tus);
  outcome again;
  atomic_store(&live, 0);
  run(sc, 0, &again);
  ok(atomic_load(&calls) == count && atomic_load(&live) == 0 && again.len == ref.len &&
         memcmp(again.text, ref.text, ref.len) == 0,
     "%s: a second run makes the same %ld allocations, frees them and writes the same %zu bytes",
     sc->name, count, ref.len);
  free(again.text);

  /* Every allocation up to sc->every, then a stride that keeps the runs
   * to about as many again, always ending with the last one. */
  long stride = count > sc->every ? (count - sc->every) / sc->every + 1 : 1;
  long tried = 0, bad = 0, nomem = 0, absorbed = 0;
  time_t start = time(NULL);
  current_scenario = sc->name, run_count = count;
  long first = only ? only : 1, last = only ? only : count;
  for (long n = first; n <= last; n = next(n, sc->every, stride, count)) {
    ca_status s;
    bad += !check_run(sc, n, &ref, bad >= 10, &s);
    tried++;
    nomem += s == CA_ERR_NOMEM, absorbed += s == CA_OK;
  }
  ok(bad == 0, "%s: %ld of %ld allocations failed in turn (each up to %ld, then every %ld): "
               "%ld CA_ERR_NOMEM, %ld absorbed with the same output, %ld wrong (%lds)",
     sc->name, tried, count, sc->every, stride, nomem, absorbed, bad, (long)(time(NULL) - start));
  free(ref.text);
}

/* compile_commands.json in a new temporary folder for the fixture at
 * real: one entry with a command line, one with an argument list. */
static bool write_compdb(const char *real) {
  const char *tmp = getenv("TMPDIR");
  snprintf(compdb_dir, sizeof compdb_dir, "%s/ca_oom_test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(compdb_dir)) return *compdb_dir = 0, false;
  snprintf(compdb_file, sizeof compdb_file, "%s/compile_commands.json", compdb_dir);
  FILE *f = fopen(compdb_file, "w");
  if (!f) return false;
  fprintf(f, "[\n {\"directory\": \"%s\", \"file\": \"main.c\",\n"
             "  \"command\": \"cc -c -nostdinc -o main.o main.c\"},\n"
             " {\"directory\": \"%s\", \"file\": \"%s/store.c\",\n"
             "  \"arguments\": [\"cc\", \"-c\", \"-nostdinc\", \"-MF\", \"store.d\",\n"
             "                \"store.c\"]}\n]\n",
          real, real, real);
  return fclose(f) == 0;
}

int main(void) {
  const char *env = getenv("CA_OOM_ONLY");
  long only = env ? atol(env) : 0;
  trace = getenv("CA_OOM_TRACE") != NULL;
  setvbuf(stdout, NULL, _IOLBF, 0);
  char real[4096];
  if (!ok(realpath(fixture, real) != NULL, "fixture %s found (run from the source tree)", fixture))
    return tap_done();
  bool written = write_compdb(real);
  if (!ok(written, "compile_commands.json written in %s", compdb_dir))
    return remove_compdb(), tap_done();
  const char *paths[] = {real};
  snprintf(cache_dir, sizeof cache_dir, "%s/cache", compdb_dir);
  /* The fixture includes no system header: without the search for them a
   * parse is three times faster, and there are hundreds of runs. */
  const char *args[] = {"-nostdinc"};
  const scenario scenarios[] = {
      {"walk", {.paths = paths, .npaths = 1, .extra_args = args, .nextra = 1, .jobs = 1,
                .pointer = true, .hotspots = true}, every_writer, 2000, false},
      {"compdb", {.paths = paths, .npaths = 1, .compdb_dir = compdb_dir, .jobs = 1, .pointer = true,
                  .positions = true}, position_queries, 150, false},
      {"cache", {.paths = paths, .npaths = 1, .extra_args = args, .nextra = 1, .jobs = 1,
                 .pointer = true, .cache_dir = cache_dir}, text_and_json, 400, true},
  };
  alloc_set_hook(hook, NULL);
  on_any_death(on_death);
  for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
    each_failure(&scenarios[i], only);
  alloc_set_hook(NULL, NULL);
  remove_compdb();
  return tap_done();
}
