/* httptrace_opts.c: command-line parsing and applying the curl-like
 * options to an easy handle.
 * Invariant: a bad option ends parsing with one line naming the option and
 * the problem, and exit status 2; nothing is allocated before that. */
#include "httptrace_cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: httptrace [options] URL\n"
    "Trace one request (httpstat-like bar), or drive load with -n/-c/-q/-z.\n"
    "  -X METHOD        request method\n"
    "  -H 'Name: value' add a request header (repeatable)\n"
    "  -d DATA          send DATA as the body (POST unless -X); @FILE reads a file\n"
    "                   without its newlines, @- stdin; several -d join with &\n"
    "  --data-binary DATA  like -d, but @FILE is sent as is\n"
    "  --data-raw DATA  like -d, but @ is not special\n"
    "  -k               do not verify the server's certificate\n"
    "  -L               follow redirects (one bar per hop)\n"
    "  -m SECONDS       whole-request timeout\n"
    "  --http1.1 | --http2  HTTP version to ask for\n"
    "  -o FILE          write the body to FILE (default: discarded)\n"
    "  -v               libcurl verbose output on stderr\n"
    "  --json           events (or, in load mode, the report) as JSON lines\n"
    "  --chrome FILE    write a Chrome/Perfetto trace (one track per request)\n"
    "load mode:\n"
    "  -n N             requests in total (closed loop, default 200)\n"
    "  -c C             concurrent requests (default 10)\n"
    "  -q RATE          open loop: requests per second in total (needs -z)\n"
    "  -z SECONDS       duration\n"
    "  -t THREADS       event loops (default 1)\n"
    "  --csv FILE       one row per request\n"
    "  --events FILE    every event of every request as JSON lines\n"
    "  --no-trace       baseline for benchmarks: same client, no tracer attached\n"
    "  --precise        live connect/write events in load mode too (costs CPU)\n"
    "  --fail-above PCT exit 1 when more than PCT percent of requests failed\n"
    "                   (load mode always exits 1 when no request succeeded)\n";

static int bad(const char *opt, const char *what) {
  fprintf(stderr, "httptrace: %s: %s (see httptrace --help)\n", opt, what);
  return 2;
}

static int parse_double(const char *opt, const char *text, double min, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || end == text || *end || !isfinite(v) || v < min)
    return bad(opt, "expects a number") ;
  *out = v;
  return 0;
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

/* Options that take a value: returns it, from "-Xv", "--opt=v" or the next
 * argument; NULL when missing. */
static const char *value_of(int argc, char **argv, int *i, const char *arg, size_t name_len) {
  if (arg[1] != '-' && arg[2]) return arg + 2;
  if (arg[name_len] == '=') return arg + name_len + 1;
  return *i + 1 < argc ? argv[++*i] : NULL;
}

/* A percentage 0..100, "5" or "5%". */
static int parse_percent(const char *opt, const char *v, ht_options *o) {
  char *end;
  errno = 0;
  double p = strtod(v, &end);
  if (end != v && *end == '%') end++;
  if (errno || end == v || *end || !(p >= 0 && p <= 100)) return bad(opt, "expects a percentage (0-100)");
  o->fail_above = p;
  o->has_fail_above = 1;
  return 0;
}

static int int_option(const char *opt, const char *v, int max, int *out) {
  unsigned long long n;
  if (parse_count(opt, v, (unsigned long long)max, &n)) return 2;
  *out = (int)n;
  return 0;
}

/* One option with a value; returns 0, or 2 after printing the error. */
static int valued(ht_options *o, char key, const char *opt, const char *v) {
  switch (key) {
  case 'X': o->method = v; return 0;
  case 'H':
    if (o->nheaders == MAX_HEADERS) return bad(opt, "too many headers");
    if (!strchr(v, ':') && !strchr(v, ';')) return bad(opt, "expects 'Name: value'");
    o->headers[o->nheaders++] = v;
    return 0;
  case 'd':
  case 'b':
  case 'r':
    if (o->ndata == MAX_DATA) return bad(opt, "too many data arguments");
    o->data[o->ndata++] = (ht_data_arg){v, opt, key == 'd' ? HT_DATA_ASCII
                                                : key == 'b' ? HT_DATA_BINARY
                                                             : HT_DATA_RAW};
    return 0;
  case 'm': return parse_double(opt, v, 0.001, &o->max_time);
  case 'o': o->output = v; return 0;
  case 'C': o->chrome = v; return 0;
  case 'n': o->load = 1; return parse_count(opt, v, 1ULL << 40, &o->requests);
  case 'c': o->load = 1; return int_option(opt, v, 10000, &o->concurrency);
  case 'q': o->load = 1; return parse_double(opt, v, 0.001, &o->rate);
  case 'z': o->load = 1; return parse_double(opt, v, 0.001, &o->duration);
  case 't': return int_option(opt, v, 256, &o->threads);
  case 'S': o->csv = v; return 0;
  case 'E': o->events = v; return 0;
  case 'F': return parse_percent(opt, v, o);
  default: return bad(opt, "unknown option");
  }
}

typedef struct opt_name {
  const char *name;
  char key;
  int has_value;
} opt_name;

static const opt_name names[] = {
    {"-X", 'X', 1}, {"-H", 'H', 1}, {"-d", 'd', 1}, {"-m", 'm', 1}, {"-o", 'o', 1},
    {"-n", 'n', 1}, {"-c", 'c', 1}, {"-q", 'q', 1}, {"-z", 'z', 1}, {"-t", 't', 1},
    {"--data-binary", 'b', 1}, {"--data-raw", 'r', 1}, {"--chrome", 'C', 1}, {"--csv", 'S', 1}, {"--events", 'E', 1}, {"--fail-above", 'F', 1},
    {"-k", 'k', 0}, {"-L", 'L', 0}, {"-v", 'v', 0}, {"--json", 'j', 0},
    {"--no-trace", 'N', 0}, {"--precise", 'P', 0}, {"--http1.1", '1', 0}, {"--http2", '2', 0}, {"-h", 'h', 0}, {"--help", 'h', 0},
};

static const opt_name *lookup(const char *arg, size_t *len) {
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    size_t n = strlen(names[k].name);
    int is_short = names[k].name[1] != '-';
    if (strncmp(arg, names[k].name, n) != 0) continue;
    if (arg[n] == '\0' || (names[k].has_value && (is_short || arg[n] == '='))) {
      *len = n;
      return &names[k];
    }
  }
  return NULL;
}

static int flag(ht_options *o, char key) {
  switch (key) {
  case 'k': o->insecure = 1; break;
  case 'L': o->follow = 1; break;
  case 'v': o->verbose = 1; break;
  case 'j': o->json = 1; break;
  case 'N': o->no_trace = 1; break;
  case 'P': o->precise = 1; break;
  case '1': o->http_version = CURL_HTTP_VERSION_1_1; break;
  case '2': o->http_version = CURL_HTTP_VERSION_2TLS; break;
  case 'h': fputs(usage, stdout); return 1;
  }
  return 0;
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
  if (!on->has_value) return flag(o, on->key);
  const char *v = value_of(argc, argv, i, arg, len);
  if (!v) return bad(arg, "needs a value");
  return valued(o, on->key, on->name, v);
}

int cli_parse(int argc, char **argv, ht_options *o) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    int rc = one_arg(o, argc, argv, &i);
    if (rc) return rc;
  }
  if (!o->url) return bad("URL", "missing");
  if (o->load) {
    if (!o->threads) o->threads = 1;
    if (!o->concurrency) o->concurrency = 10 > o->threads ? 10 : o->threads;
    if (o->concurrency < o->threads) return bad("-c", "must be at least -t");
    if (o->rate > 0 && o->duration <= 0) return bad("-q", "needs a duration (-z)");
    if (!o->requests && o->duration <= 0) o->requests = 200;
    if (o->rate > 0) o->requests = 0;
    if (o->no_trace && o->events) return bad("--events", "needs tracing (drop --no-trace)");
    if (o->no_trace && o->chrome) return bad("--chrome", "needs tracing (drop --no-trace)");
    if (o->output) return bad("-o", "is for tracing one URL, not load mode");
    if (o->no_trace && o->precise) return bad("--precise", "needs tracing (drop --no-trace)");
  } else if (o->csv || o->events || o->threads || o->no_trace || o->precise || o->has_fail_above) {
    return bad(o->csv      ? "--csv"
               : o->events ? "--events"
               : o->threads ? "-t"
               : o->no_trace ? "--no-trace"
               : o->precise ? "--precise"
                             : "--fail-above",
               "is for load mode (-n/-c/-q/-z)");
  }
  return 0;
}

struct curl_slist *cli_header_list(const ht_options *o, int *failed) {
  struct curl_slist *list = NULL;
  *failed = 0;
  for (int i = 0; i < o->nheaders; i++) {
    struct curl_slist *next = curl_slist_append(list, o->headers[i]);
    if (!next) {
      curl_slist_free_all(list);
      *failed = 1;
      return NULL;
    }
    list = next;
  }
  return list;
}

int cli_apply(CURL *e, const ht_options *o, struct curl_slist *headers) {
  int rc = 0;
  rc |= curl_easy_setopt(e, CURLOPT_URL, o->url);
  rc |= curl_easy_setopt(e, CURLOPT_USERAGENT, "httptrace/1");
  if (o->body) {
    rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->body_len);
    rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, o->body);
  }
  if (o->method) rc |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, o->method);
  if (headers) rc |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  if (o->insecure) {
    rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (o->follow) rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  if (o->max_time > 0) rc |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(o->max_time * 1000));
  if (o->http_version) rc |= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, o->http_version);
  if (o->verbose) rc |= curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
  rc |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  return rc ? -1 : 0;
}
