/* httptrace_opts.c: command-line parsing. curl's letters mean what they
 * mean in curl (-m max time, -A user agent, -o output); hey's options that
 * do not clash are accepted as hey spells them (-n -c -z -q -a -x, and its
 * single-dash long flags such as -disable-keepalive), and every option has
 * a long name. Letters that mean something else in hey (-m, -t, -q, -o, -A,
 * -T, -D) are explained in docs/httptrace-load.md; -T and -D, which would
 * silently do the wrong thing, are refused with the option to use instead.
 * Invariant: a bad option ends parsing with one line naming the option and
 * the problem, and exit status 2; nothing is allocated while parsing. */
#include "httptrace_cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: httptrace [options] URL\n"
    "Trace one request (httpstat-like bar), or drive load with -n/-c/-q/-z.\n"
    "  -X, --request, --method METHOD   request method\n"
    "  -H, --header 'Name: value'       add a request header (repeatable)\n"
    "  -d, --data DATA  send DATA as the body (POST unless -X); @FILE reads a file\n"
    "                   without its newlines, @- stdin; several -d join with &\n"
    "  --data-binary DATA  like -d, but @FILE is sent as is (hey's -D FILE)\n"
    "  --data-raw DATA  like -d, but @ is not special\n"
    "  -u, --user USER:PASS   basic authentication (hey's -a also works)\n"
    "  -x, --proxy HOST:PORT  use a proxy\n"
    "  -A, --user-agent UA    User-Agent (hey's -A is --accept)\n"
    "  --accept TYPE, --content-type TYPE, --host NAME   those request headers\n"
    "  --compressed     ask for a compressed response (--disable-compression: don't,\n"
    "                   the default)\n"
    "  -k, --insecure   do not verify the server's certificate\n"
    "  -L, --location   follow redirects (one bar per hop; --disable-redirects: don't)\n"
    "  -m, --max-time DURATION   whole-request timeout (seconds, or 1.5s, 300ms)\n"
    "  --http1.1 | --http2 (-h2)   HTTP version to ask for\n"
    "  -o, --output FILE   write the body to FILE (default: discarded)\n"
    "  -v, --verbose    libcurl verbose output on stderr\n"
    "  --json           events (or, in load mode, the report) as JSON lines\n"
    "  --chrome FILE    write a Chrome/Perfetto trace (one track per request)\n"
    "  --version        print httptrace's version\n"
    "load mode:\n"
    "  -n, --requests N        requests in total (closed loop, default 200)\n"
    "  -c, --concurrency C     concurrent requests (default 10)\n"
    "  -q, --rate RATE         open loop: requests per second in total (needs -z)\n"
    "  -z, --duration DURATION run time (seconds, or 10s, 2m, 1m30s)\n"
    "  -t, --threads THREADS   event loops (default 1)\n"
    "  --disable-keepalive     a new connection for every request (and hop)\n"
    "  --csv FILE       one row per request\n"
    "  --events FILE    every event of every request as JSON lines\n"
    "  --no-trace       baseline for benchmarks: same client, no tracer attached\n"
    "  --precise        live connect/write events in load mode too (costs CPU)\n"
    "  --fail-above PCT exit 1 when more than PCT percent of requests failed\n"
    "                   (load mode always exits 1 when no request succeeded)\n";

typedef enum opt_id {
  O_METHOD, O_HEADER, O_DATA, O_DATA_BINARY, O_DATA_RAW, O_MAX_TIME, O_OUTPUT, O_CHROME,
  O_USER, O_PROXY, O_USER_AGENT, O_ACCEPT, O_CONTENT_TYPE, O_HOST,
  O_REQUESTS, O_CONCURRENCY, O_RATE, O_DURATION, O_THREADS, O_CSV, O_EVENTS, O_FAIL_ABOVE,
  O_HEY_T, O_HEY_D,
  /* flags */
  O_INSECURE, O_LOCATION, O_NO_REDIRECTS, O_VERBOSE, O_JSON, O_NO_TRACE, O_PRECISE,
  O_HTTP11, O_HTTP2, O_COMPRESSED, O_NO_COMPRESSION, O_NO_KEEPALIVE, O_HELP, O_VERSION
} opt_id;

typedef struct opt_name {
  const char *name;
  opt_id id;
  int has_value;
} opt_name;

/* Longer names first: "-disable-keepalive" must not read as "-d isable...". */
static const opt_name names[] = {
    {"--request", O_METHOD, 1}, {"--method", O_METHOD, 1}, {"--header", O_HEADER, 1},
    {"--data", O_DATA, 1}, {"--data-ascii", O_DATA, 1}, {"--data-binary", O_DATA_BINARY, 1},
    {"--data-raw", O_DATA_RAW, 1}, {"--max-time", O_MAX_TIME, 1}, {"--output", O_OUTPUT, 1},
    {"--chrome", O_CHROME, 1}, {"--user", O_USER, 1}, {"--proxy", O_PROXY, 1},
    {"--user-agent", O_USER_AGENT, 1}, {"--accept", O_ACCEPT, 1},
    {"--content-type", O_CONTENT_TYPE, 1}, {"--host", O_HOST, 1}, {"-host", O_HOST, 1},
    {"--requests", O_REQUESTS, 1}, {"--concurrency", O_CONCURRENCY, 1}, {"--rate", O_RATE, 1},
    {"--duration", O_DURATION, 1}, {"--threads", O_THREADS, 1}, {"-cpus", O_THREADS, 1},
    {"--csv", O_CSV, 1}, {"--events", O_EVENTS, 1}, {"--fail-above", O_FAIL_ABOVE, 1},
    {"--insecure", O_INSECURE, 0}, {"--location", O_LOCATION, 0},
    {"--disable-redirects", O_NO_REDIRECTS, 0}, {"-disable-redirects", O_NO_REDIRECTS, 0},
    {"--verbose", O_VERBOSE, 0}, {"--json", O_JSON, 0}, {"--no-trace", O_NO_TRACE, 0},
    {"--precise", O_PRECISE, 0}, {"--http1.1", O_HTTP11, 0}, {"--http2", O_HTTP2, 0},
    {"-h2", O_HTTP2, 0}, {"--compressed", O_COMPRESSED, 0},
    {"--disable-compression", O_NO_COMPRESSION, 0}, {"-disable-compression", O_NO_COMPRESSION, 0},
    {"--disable-keepalive", O_NO_KEEPALIVE, 0}, {"-disable-keepalive", O_NO_KEEPALIVE, 0},
    {"--help", O_HELP, 0}, {"--version", O_VERSION, 0},
    /* one letter: "-Xvalue" or "-X value" */
    {"-X", O_METHOD, 1}, {"-H", O_HEADER, 1}, {"-d", O_DATA, 1}, {"-m", O_MAX_TIME, 1},
    {"-o", O_OUTPUT, 1}, {"-u", O_USER, 1}, {"-a", O_USER, 1}, {"-x", O_PROXY, 1},
    {"-A", O_USER_AGENT, 1}, {"-n", O_REQUESTS, 1}, {"-c", O_CONCURRENCY, 1},
    {"-q", O_RATE, 1}, {"-z", O_DURATION, 1}, {"-t", O_THREADS, 1}, {"-T", O_HEY_T, 1},
    {"-D", O_HEY_D, 1}, {"-k", O_INSECURE, 0}, {"-L", O_LOCATION, 0}, {"-v", O_VERBOSE, 0},
    {"-h", O_HELP, 0},
};

static int bad(const char *opt, const char *what) {
  fprintf(stderr, "httptrace: %s: %s (see httptrace --help)\n", opt, what);
  return 2;
}

static int parse_count(const char *opt, const char *text, unsigned long long max,
                       unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || end == text || *end || text[0] == '-' || v < 1 || v > max)
    return bad(opt, "expects a positive whole number");
  *out = v;
  return 0;
}

static int int_option(const char *opt, const char *v, int max, int *out) {
  unsigned long long n;
  if (parse_count(opt, v, (unsigned long long)max, &n)) return 2;
  *out = (int)n;
  return 0;
}

static int parse_double(const char *opt, const char *text, double min, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || end == text || *end || !isfinite(v) || v < min) return bad(opt, "expects a number");
  *out = v;
  return 0;
}

/* Seconds per unit of a Go-style duration ("10s", "1m30s", "250ms"). */
static double unit_seconds(const char *u, size_t len) {
  static const struct { const char *name; double s; } units[] = {
      {"h", 3600}, {"m", 60}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"ns", 1e-9}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strlen(units[i].name) == len && strncmp(u, units[i].name, len) == 0) return units[i].s;
  return -1;
}

/* A duration in seconds: a bare number (curl's -m), or Go's form (hey's -z):
 * numbers each followed by a unit, h m s ms us ns. Returns -1 if neither. */
static double duration_of(const char *text) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end != text && !*end) return errno || !isfinite(v) ? -1 : v;
  double total = 0;
  for (const char *p = text; *p;) {
    if (!isdigit((unsigned char)*p) && *p != '.') return -1;
    v = strtod(p, &end);
    size_t ulen = strcspn(end, "0123456789.");
    double unit = ulen ? unit_seconds(end, ulen) : -1;
    if (end == p || unit < 0) return -1;
    total += v * unit;
    p = end + ulen;
  }
  return text[0] && isfinite(total) ? total : -1;
}

static int parse_duration(const char *opt, const char *text, double *out) {
  double v = duration_of(text);
  if (v >= 0.001) {
    *out = v;
    return 0;
  }
  /* hey's -m is the method: say where it went */
  if (strcmp(opt, "-m") == 0 && isalpha((unsigned char)text[0]))
    return bad(opt, "expects a duration (curl's --max-time); for a method (hey's -m) use -X");
  return bad(opt, "expects a duration: seconds, or a number with a unit (10s, 1m30s, 250ms)");
}

/* A percentage 0..100, "5" or "5%". */
static int parse_percent(const char *opt, const char *v, ht_options *o) {
  char *end;
  errno = 0;
  double p = strtod(v, &end);
  if (end != v && *end == '%') end++;
  if (errno || end == v || *end || !(p >= 0 && p <= 100))
    return bad(opt, "expects a percentage (0-100)");
  o->fail_above = p;
  o->has_fail_above = 1;
  return 0;
}

static int add_data(ht_options *o, const char *opt, const char *v, ht_data_mode mode) {
  if (o->ndata == MAX_DATA) return bad(opt, "too many data arguments");
  o->data[o->ndata++] = (ht_data_arg){v, opt, mode};
  return 0;
}

static int add_header(ht_options *o, const char *opt, const char *v) {
  if (o->nheaders == MAX_HEADERS) return bad(opt, "too many headers");
  if (!strchr(v, ':') && !strchr(v, ';')) return bad(opt, "expects 'Name: value'");
  o->headers[o->nheaders++] = v;
  return 0;
}

/* Options of the request itself, with a value; returns 0, 2 after an error,
 * or -1 when id is not one of them. */
static int request_valued(ht_options *o, opt_id id, const char *opt, const char *v) {
  switch (id) {
  case O_METHOD: o->method = v; return 0;
  case O_HEADER: return add_header(o, opt, v);
  case O_DATA: return add_data(o, opt, v, HT_DATA_ASCII);
  case O_DATA_BINARY: return add_data(o, opt, v, HT_DATA_BINARY);
  case O_DATA_RAW: return add_data(o, opt, v, HT_DATA_RAW);
  case O_MAX_TIME: return parse_duration(opt, v, &o->max_time);
  case O_USER: o->user = v; return 0;
  case O_PROXY: o->proxy = v; return 0;
  case O_USER_AGENT: o->user_agent = v; return 0;
  case O_ACCEPT: o->accept = v; return 0;
  case O_CONTENT_TYPE: o->content_type = v; return 0;
  case O_HOST: o->host = v; return 0;
  case O_HEY_T:
    return bad(opt, "is curl's --upload-file, which httptrace does not have; for hey's -T "
                    "use --content-type TYPE");
  case O_HEY_D:
    return bad(opt, "is curl's --dump-header, which httptrace does not have; for hey's -D "
                    "FILE use --data-binary @FILE");
  default: return -1;
  }
}

/* Output and load options with a value. */
static int run_valued(ht_options *o, opt_id id, const char *opt, const char *v) {
  switch (id) {
  case O_OUTPUT: o->output = v; return 0;
  case O_CHROME: o->chrome = v; return 0;
  case O_REQUESTS: o->load = 1; return parse_count(opt, v, 1ULL << 40, &o->requests);
  case O_CONCURRENCY: o->load = 1; return int_option(opt, v, 10000, &o->concurrency);
  case O_RATE: o->load = 1; return parse_double(opt, v, 0.001, &o->rate);
  case O_DURATION: o->load = 1; return parse_duration(opt, v, &o->duration);
  case O_THREADS: return int_option(opt, v, 256, &o->threads);
  case O_CSV: o->csv = v; return 0;
  case O_EVENTS: o->events = v; return 0;
  case O_FAIL_ABOVE: return parse_percent(opt, v, o);
  default: return bad(opt, "unknown option");
  }
}

/* Returns 0, or 1 when it printed help or the version. */
static int flag(ht_options *o, opt_id id) {
  switch (id) {
  case O_INSECURE: o->insecure = 1; break;
  case O_LOCATION: o->follow = 1; break;
  case O_NO_REDIRECTS: o->follow = 0; break;
  case O_VERBOSE: o->verbose = 1; break;
  case O_JSON: o->json = 1; break;
  case O_NO_TRACE: o->no_trace = 1; break;
  case O_PRECISE: o->precise = 1; break;
  case O_HTTP11: o->http_version = CURL_HTTP_VERSION_1_1; break;
  case O_HTTP2: o->http_version = CURL_HTTP_VERSION_2TLS; break;
  case O_COMPRESSED: o->compressed = 1; break;
  case O_NO_COMPRESSION: o->compressed = 0; break;
  case O_NO_KEEPALIVE: o->no_keepalive = 1; break;
  case O_HELP: fputs(usage, stdout); return 1;
  case O_VERSION: printf("httptrace %s\n", CA_VERSION); return 1;
  default: break;
  }
  return 0;
}

/* Finds arg's option; *len is the length of its name in arg. */
static const opt_name *lookup(const char *arg, size_t *len) {
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    const opt_name *on = &names[k];
    size_t n = strlen(on->name);
    if (strncmp(arg, on->name, n) != 0) continue;
    int one_letter = n == 2;
    if (arg[n] == '\0' || (on->has_value && (one_letter || arg[n] == '='))) {
      *len = n;
      return on;
    }
  }
  return NULL;
}

/* The value of an option: "-Xv", "--opt=v" or the next argument; NULL when
 * missing. */
static const char *value_of(int argc, char **argv, int *i, const char *arg, size_t name_len) {
  if (name_len == 2 && arg[2]) return arg + 2;
  if (arg[name_len] == '=') return arg + name_len + 1;
  return *i + 1 < argc ? argv[++*i] : NULL;
}

static int one_arg(ht_options *o, int argc, char **argv, int *i) {
  const char *arg = argv[*i];
  if (arg[0] != '-' || !arg[1]) {
    if (o->url) return bad(arg, "only one URL");
    o->url = arg;
    return 0;
  }
  size_t len;
  const opt_name *on = lookup(arg, &len);
  if (!on) return bad(arg, "unknown option");
  if (!on->has_value) return flag(o, on->id);
  const char *v = value_of(argc, argv, i, arg, len);
  if (!v) return bad(on->name, "needs a value");
  int rc = request_valued(o, on->id, on->name, v);
  return rc >= 0 ? rc : run_valued(o, on->id, on->name, v);
}

/* The first load-mode option given, for one-URL mode's complaint. */
static const char *load_only_option(const ht_options *o) {
  return o->csv ? "--csv" : o->events ? "--events" : o->threads ? "-t" : o->no_trace ? "--no-trace"
       : o->precise ? "--precise" : o->has_fail_above ? "--fail-above" : NULL;
}

static int check_load(ht_options *o) {
  if (!o->threads) o->threads = 1;
  if (!o->concurrency) o->concurrency = 10 > o->threads ? 10 : o->threads;
  if (o->concurrency < o->threads)
    return bad("-c", "must be at least -t (threads; hey's -t timeout is -m here)");
  if (o->rate > 0 && o->duration <= 0) return bad("-q", "needs a duration (-z)");
  if (!o->requests && o->duration <= 0) o->requests = 200;
  if (o->rate > 0) o->requests = 0;
  if (o->no_trace && o->events) return bad("--events", "needs tracing (drop --no-trace)");
  if (o->no_trace && o->chrome) return bad("--chrome", "needs tracing (drop --no-trace)");
  if (o->output)
    return bad("-o", "is for tracing one URL (curl's --output); for hey's -o csv use --csv FILE");
  if (o->no_trace && o->precise) return bad("--precise", "needs tracing (drop --no-trace)");
  return 0;
}

int cli_parse(int argc, char **argv, ht_options *o) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    int rc = one_arg(o, argc, argv, &i);
    if (rc) return rc;
  }
  if (!o->url) return bad("URL", "missing");
  if (o->load) return check_load(o);
  const char *opt = load_only_option(o);
  return opt ? bad(opt, "is for load mode (-n/-c/-q/-z)") : 0;
}
