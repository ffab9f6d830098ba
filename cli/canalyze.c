/* canalyze: command-line front end of libcanalyze. Parses options, runs the
 * analysis, prints the report; every error is one line on stderr.
 * Exit status: 0 success, 1 failure, 2 usage, 3 report written but some
 * translation units had compile errors. */
#include "canalyze.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: canalyze [options] PATH... [-- COMPILER-FLAGS]\n"
    "  PATH                 a folder (every .c below it) or a .c file\n"
    "  -p DIR               use DIR/compile_commands.json (default: the nearest one\n"
    "                       in PATH's folder or above it)\n"
    "  -j N                 parse with N threads (default: one per core)\n"
    "  --format FMT         text (default), json, dot, svg, png, pdf, sarif\n"
    "  -o FILE              write the report to FILE instead of stdout\n"
    "  --html DIR           write a browsable, cross-referenced site into DIR\n"
    "  --pointer            resolve calls through function pointers (points-to analysis)\n"
    "  --points-to QUERY    what may QUERY point to: NAME, FUNC:LOCAL or FILE:LINE:COL (repeatable)\n"
    "  --focus FUNC         only FUNC's callers and callees ...\n"
    "  --depth N            ... up to N calls away (default: unlimited)\n"
    "  --callers FUNC       the functions that may call FUNC, transitively\n"
    "  --callees FUNC       the functions FUNC may call, transitively\n"
    "  --hotspots           allocation hotspots and other cost findings only\n"
    "  --allocator NAME     treat function NAME as an allocator (repeatable; also\n"
    "                       `allocator NAME` lines in canalyze.conf next to\n"
    "                       compile_commands.json)\n"
    "  --hot                graph of the paths from hot loops to the top hotspots\n"
    "  --top N              keep the N highest-ranked findings\n"
    "  --call-frequencies   with --hotspots --format json: how often each call on a\n"
    "                       condition's side runs per entry of its function, and why\n"
    "  --max-nodes N        refuse graphs above N nodes (default 300)\n"
    "  --no-cache           parse every file; neither read nor write the fact cache\n"
    "  --cache-dir DIR      keep the fact cache in DIR (default: $CANALYZE_CACHE_DIR,\n"
    "                       else $XDG_CACHE_HOME/canalyze, else ~/.cache/canalyze)\n"
    "  --stats              one line on stderr: TUs parsed and read from the cache\n"
    "  -q, --quiet          no progress or diagnostics on stderr\n"
    "  -h, --help           this text\n"
    "  --version            print the version and exit\n";

typedef struct cli {
  ca_options opt;
  ca_view view;
  ca_format format;
  const char *output;
  const char *html;     /* --html DIR */
  bool quiet;
  bool no_cache, stats;
  const char *cache_dir; /* --cache-dir DIR */
  char *cache_default;   /* the default folder, when it is used (malloc'd) */
  const char **queries;
  size_t nqueries;
  const char **allocators;  /* --allocator NAME, each (c->opt.allocators) */
} cli;

static int die_usage(const char *fmt, const char *arg) {
  fputs("canalyze: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see canalyze --help)\n", stderr);
  return 2;
}

static bool parse_uint(const char *s, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-' || v > UINT_MAX) return false;
  *out = (unsigned)v;
  return true;
}

static bool parse_format(const char *s, ca_format *f) {
  static const struct { const char *name; ca_format fmt; } names[] = {
      {"text", CA_FMT_TEXT}, {"json", CA_FMT_JSON}, {"dot", CA_FMT_DOT}, {"svg", CA_FMT_SVG},
      {"png", CA_FMT_PNG}, {"pdf", CA_FMT_PDF}, {"sarif", CA_FMT_SARIF}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(s, names[i].name) == 0) return *f = names[i].fmt, true;
  return false;
}

enum { OPT_FORMAT = 256, OPT_POINTER, OPT_POINTS_TO, OPT_FOCUS, OPT_DEPTH, OPT_CALLERS,
       OPT_CALLEES, OPT_HOTSPOTS, OPT_HOT, OPT_TOP, OPT_MAXNODES, OPT_VERSION, OPT_HTML,
       OPT_NO_CACHE, OPT_CACHE_DIR, OPT_STATS,
       OPT_ALLOCATOR, OPT_CALL_FREQUENCIES };

static const struct option long_options[] = {
    {"format", required_argument, 0, OPT_FORMAT}, {"pointer", no_argument, 0, OPT_POINTER},
    {"points-to", required_argument, 0, OPT_POINTS_TO}, {"focus", required_argument, 0, OPT_FOCUS},
    {"depth", required_argument, 0, OPT_DEPTH}, {"callers", required_argument, 0, OPT_CALLERS},
    {"callees", required_argument, 0, OPT_CALLEES}, {"hotspots", no_argument, 0, OPT_HOTSPOTS},
    {"hot", no_argument, 0, OPT_HOT}, {"top", required_argument, 0, OPT_TOP},
    {"max-nodes", required_argument, 0, OPT_MAXNODES}, {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, OPT_VERSION},
    {"html", required_argument, 0, OPT_HTML}, {"no-cache", no_argument, 0, OPT_NO_CACHE},
    {"cache-dir", required_argument, 0, OPT_CACHE_DIR}, {"stats", no_argument, 0, OPT_STATS},
    {"allocator", required_argument, 0, OPT_ALLOCATOR},
    {"call-frequencies", no_argument, 0, OPT_CALL_FREQUENCIES},
    {0, 0, 0, 0}};

static int number_option(const char *name, const char *arg, unsigned *out) {
  return parse_uint(arg, out) ? 0 : die_usage(name, arg);
}

static int one_option(cli *c, int ch, const char *arg) {
  switch (ch) {
  case 'p': c->opt.compdb_dir = arg; return 0;
  case 'j': return number_option("-j %s: expected a number of threads", arg, &c->opt.jobs);
  case 'o': c->output = arg; return 0;
  case 'q': c->quiet = true; return 0;
  case OPT_FORMAT: return parse_format(arg, &c->format) ? 0 : die_usage("--format %s: expected text, json, dot, svg, png, pdf or sarif", arg);
  case OPT_POINTER: c->opt.pointer = true; return 0;
  case OPT_HTML: c->html = arg, c->opt.xref = true; return 0;
  case OPT_POINTS_TO:
    c->queries[c->nqueries++] = arg, c->opt.pointer = true;
    c->opt.positions |= ca_query_is_position(arg);
    return 0;
  case OPT_FOCUS: c->view.focus = arg; return 0;
  case OPT_DEPTH: return number_option("--depth %s: expected a number", arg, &c->view.depth);
  case OPT_CALLERS: c->view.callers = arg; return 0;
  case OPT_CALLEES: c->view.callees = arg; return 0;
  case OPT_HOTSPOTS: c->view.hotspots = true; return 0;
  case OPT_ALLOCATOR: c->allocators[c->opt.nallocators++] = arg; return 0;
  case OPT_HOT: c->view.hot = true; return 0;
  case OPT_CALL_FREQUENCIES: c->view.call_frequencies = true; return 0;
  case OPT_TOP: return number_option("--top %s: expected a number", arg, &c->view.top);
  case OPT_MAXNODES: return number_option("--max-nodes %s: expected a number", arg, &c->view.max_nodes);
  case OPT_NO_CACHE: c->no_cache = true; return 0;
  case OPT_CACHE_DIR:
    if (!*arg) return die_usage("--cache-dir %s: expected a folder", "''");
    c->cache_dir = arg;
    return 0;
  case OPT_STATS: c->stats = true; return 0;
  case 'h': fputs(usage, stdout); exit(0);
  case OPT_VERSION: printf("canalyze %s\n", ca_version()); exit(0);
  default: return 2;
  }
}

/* An unknown option, or one missing its value. getopt has already moved
 * past it, so argv[optind - 1] is the word as written. */
static int bad_option(int ch, const char *word) {
  if (ch == ':') return die_usage("%s: expects a value", word);
  if (optopt && word[0] == '-' && word[1] != '-') {
    char letter[3] = {'-', (char)optopt, 0};
    return die_usage("unknown option %s", letter);
  }
  return die_usage("unknown option %s", word);
}

static int parse_args(cli *c, int argc, char **argv) {
  int dashdash = argc;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) { dashdash = i; break; }
  c->queries = calloc((size_t)argc, sizeof *c->queries);
  c->allocators = calloc((size_t)argc, sizeof *c->allocators);
  c->opt.allocators = c->allocators;
  if (!c->queries || !c->allocators) return fputs("canalyze: out of memory\n", stderr), 1;
  int ch;
  opterr = 0; /* getopt's own messages name argv[0]; ours name the command */
  while ((ch = getopt_long(dashdash, argv, ":p:j:o:qh", long_options, NULL)) != -1) {
    if (ch == '?' || ch == ':') return bad_option(ch, argv[optind - 1]);
    int rc = one_option(c, ch, optarg);
    if (rc) return rc;
  }
  c->opt.paths = (const char *const *)argv + optind;
  c->opt.npaths = (size_t)(dashdash - optind);
  if (dashdash < argc) {
    c->opt.extra_args = (const char *const *)argv + dashdash + 1;
    c->opt.nextra = (size_t)(argc - dashdash - 1);
  }
  c->view.queries = c->queries;
  c->view.nqueries = c->nqueries;
  /* the reports that score hotspots (ca_report refuses them without) */
  c->opt.hotspots = c->view.hotspots || c->view.hot || (c->format != CA_FMT_TEXT && c->format != CA_FMT_JSON);
  if (!c->opt.npaths) return die_usage("%s", "no PATH given");
  if (c->view.call_frequencies && (!c->view.hotspots || c->format != CA_FMT_JSON))
    return die_usage("%s: only with --hotspots --format json", "--call-frequencies");
  return 0;
}

/* The folder that must hold path (".", or the part before its last '/'). */
static int parent_of(const char *path, char *dir, size_t n) {
  const char *slash = strrchr(path, '/');
  if (!slash) return snprintf(dir, n, ".") < (int)n;
  size_t len = slash == path ? 1 : (size_t)(slash - path);
  if (len >= n) return 0;
  memcpy(dir, path, len), dir[len] = 0;
  return 1;
}

/* Where the report goes must be usable before the analysis runs, not
 * found wrong after it: -o FILE's folder exists, --html DIR is a folder
 * or can be made in one. The writers check again and say the rest. */
static int check_outputs(const cli *c) {
  struct stat st;
  char dir[PATH_MAX];
  const char *place = c->html ? c->html : c->output;
  if (!place) return 0;
  if (c->html && stat(c->html, &st) == 0) {
    if (S_ISDIR(st.st_mode)) return 0;
    fprintf(stderr, "canalyze: %s: not a folder\n", c->html);
    return 1;
  }
  if (!parent_of(place, dir, sizeof dir)) return 0;
  int e = stat(dir, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
  if (!e) return 0;
  /* as the writers would say it: fopen's error, or the site's */
  fprintf(stderr, "canalyze: %s: %s%s\n", place, c->html ? "cannot create the folder: " : "", strerror(e));
  return 1;
}

/* The fact cache's folder: --cache-dir, $CANALYZE_CACHE_DIR, then the XDG
 * base directory rules ($XDG_CACHE_HOME when absolute, else ~/.cache).
 * NULL (no cache) with --no-cache or when no home is known. */
static const char *cache_folder(cli *c) {
  if (c->no_cache) return NULL;
  if (c->cache_dir) return c->cache_dir;
  const char *env = getenv("CANALYZE_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (env && *env) return env;
  const char *base = xdg && xdg[0] == '/' ? xdg : home && home[0] == '/' ? home : NULL;
  if (!base) return NULL;
  size_t n = strlen(base) + sizeof "/.cache/canalyze";
  if (!(c->cache_default = malloc(n))) return NULL;
  snprintf(c->cache_default, n, base == xdg ? "%s/canalyze" : "%s/.cache/canalyze", base);
  return c->cache_default;
}

/* Progress on a terminal only: one line rewritten in place. */
static void progress(void *user, size_t done, size_t total, const char *file) {
  const char *base = strrchr(file, '/');
  fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, base ? base + 1 : file);
  if (done == total) fputs("\r\033[K", stderr);
  fflush(stderr);
}

static void report_errors(const ca_program *p, bool quiet) {
  ca_summary s;
  ca_program_summary(p, &s);
  if (quiet) return;
  ca_write_diagnostics(p, stderr, 3);
  if (!s.tus_with_errors) return;
  fprintf(stderr, "canalyze: %zu of %zu translation units had errors; results are partial for them\n",
          s.tus_with_errors, s.tus);
  if (!s.compile_db)
    fputs("canalyze: hint: no compile_commands.json in PATH or a folder above it, so every file was "
          "parsed with the flags after `--` only; pass -p DIR, DIR holding your build's database\n",
          stderr);
}

static int write_report(const cli *c, const ca_program *p) {
  FILE *out = stdout;
  char err[512];
  if (c->html) {
    ca_status hs = ca_write_html(p, &c->view, c->html, err, sizeof err);
    if (hs != CA_OK) fprintf(stderr, "canalyze: %s\n", err[0] ? err : ca_strerror(hs));
    return hs == CA_OK ? 0 : 1;
  }
  if (c->output && !(out = fopen(c->output, "wb"))) {
    fprintf(stderr, "canalyze: %s: %s\n", c->output, strerror(errno));
    return 1;
  }
  ca_status s = ca_report(p, &c->view, c->format, out, err, sizeof err);
  if (c->output && fclose(out) != 0 && s == CA_OK) {
    snprintf(err, sizeof err, "%s: %s", c->output, strerror(errno));
    s = CA_ERR_IO;
  }
  if (s == CA_OK) return 0;
  if (c->output) remove(c->output); /* no half-written report left behind */
  fprintf(stderr, "canalyze: %s\n", err[0] ? err : ca_strerror(s));
  return s == CA_ERR_USAGE ? 2 : 1;
}

/* libclang parses each TU on a thread of its own and frees it whole; the
 * solver then runs on this thread. With glibc's default of up to 8 arenas
 * per core, each thread took an arena of its own, and the solver faulted
 * in fresh pages while the parse's freed ones sat in another. As many
 * arenas as threads parse at once, each keeping 64 MB at its top instead
 * of giving it back, reuse them: `canalyze --pointer -j1` on SQLite 3.40,
 * 25.1K -> 16.4K page faults. Set before any thread starts. */
static void tune_malloc(unsigned jobs) {
#ifdef M_ARENA_MAX
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  mallopt(M_ARENA_MAX, (int)(jobs ? jobs : cores > 0 ? (unsigned)cores : 1));
  mallopt(M_TOP_PAD, 64 << 20);
#else
  (void)jobs;
#endif
}

int main(int argc, char **argv) {
  cli c = {.format = CA_FMT_TEXT};
  int rc = parse_args(&c, argc, argv);
  if (!rc) rc = check_outputs(&c);
  if (rc) return free(c.queries), free(c.allocators), rc;
  tune_malloc(c.opt.jobs);
  if (!c.quiet && isatty(STDERR_FILENO)) c.opt.progress = progress;
  c.opt.cache_dir = cache_folder(&c);
  ca_program *p = NULL;
  char err[512];
  ca_status s = ca_analyze(&c.opt, &p, err, sizeof err);
  if (s != CA_OK) {
    fprintf(stderr, "canalyze: %s\n", err[0] ? err : ca_strerror(s));
    free(c.queries), free(c.cache_default), free(c.allocators);
    return s == CA_ERR_USAGE ? 2 : 1;
  }
  rc = write_report(&c, p);
  report_errors(p, c.quiet);
  ca_summary sum;
  ca_program_summary(p, &sum);
  if (sum.cache_warning && !c.quiet) fprintf(stderr, "canalyze: warning: %s\n", sum.cache_warning);
  if (c.stats)
    fprintf(stderr, "canalyze: %zu translation units: %zu parsed, %zu from the fact cache%s\n", sum.tus,
            sum.tus - sum.tus_cached, sum.tus_cached, c.opt.cache_dir && !c.opt.xref ? "" : " (not used)");
  ca_program_free(p);
  free(c.queries), free(c.cache_default), free(c.allocators);
  return rc ? rc : sum.tus_with_errors ? 3 : 0;
}
