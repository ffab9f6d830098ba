/* httptrace_cli.h: the httptrace command's options and its two modes.
 * Invariant: options are parsed once into ht_options and never change after. */
#ifndef HTTPTRACE_CLI_H
#define HTTPTRACE_CLI_H
#include "httptrace.h"

enum { MAX_HEADERS = 64, MAX_DATA = 16 };

/* One -d/--data-binary/--data-raw argument, read by cli_build_body. */
typedef enum { HT_DATA_ASCII, HT_DATA_BINARY, HT_DATA_RAW } ht_data_mode;
typedef struct ht_data_arg {
  const char *text; /* "@FILE", "@-" or the data itself */
  const char *opt;  /* the option as written, for messages */
  ht_data_mode mode;
} ht_data_arg;

typedef struct ht_options {
  const char *url;
  const char *method;         /* -X */
  const char *headers[MAX_HEADERS]; /* -H */
  int nheaders;
  ht_data_arg data[MAX_DATA]; /* -d, --data-binary, --data-raw, in order */
  int ndata;
  char *body;                 /* cli_build_body: the parts joined, or NULL */
  size_t body_len;
  int insecure;               /* -k */
  int follow;                 /* -L; --disable-redirects clears it */
  double max_time;            /* -m seconds, 0 = none */
  const char *user;           /* -u / -a USER:PASS */
  const char *proxy;          /* -x */
  const char *user_agent;     /* -A */
  const char *accept;         /* --accept: Accept header (hey's -A) */
  const char *content_type;   /* --content-type: Content-Type (hey's -T) */
  const char *host;           /* --host: Host header */
  int compressed;             /* --compressed; --disable-compression clears it */
  int no_keepalive;           /* --disable-keepalive */
  long http_version;          /* --http1.1 / --http2: CURL_HTTP_VERSION_* */
  const char *output;         /* -o FILE */
  int verbose;                /* -v */
  int json;                   /* --json */
  const char *chrome;         /* --chrome FILE */
  /* load mode */
  int load;
  unsigned long long requests;/* -n */
  int concurrency;            /* -c */
  double rate;                /* -q */
  double duration;            /* -z */
  int threads;                /* -t */
  const char *csv;            /* --csv FILE */
  const char *events;         /* --events FILE */
  int no_trace;               /* --no-trace: benchmark baseline */
  int precise;                /* --precise: live write events in load mode */
  int has_fail_above;         /* --fail-above given */
  double fail_above;          /* --fail-above PERCENT: exit 1 above this error rate */
} ht_options;

/* Parses argv; on error prints one line to stderr and returns 2; returns 1
 * when help or the version was printed, 0 when opts is ready. */
int cli_parse(int argc, char **argv, ht_options *opts);
/* Builds opts->body from the data arguments (reading files); returns 0, or
 * 1 after one line on stderr. The body is freed by cli_free_body. */
int cli_build_body(ht_options *opts);
void cli_free_body(ht_options *opts);
/* Applies the request options (URL, method, headers, body, TLS, timeout,
 * HTTP version, verbose) to an easy handle; 0 on success. */
int cli_apply(CURL *easy, const ht_options *opts, struct curl_slist *headers);
/* Builds the header list (-H, --host, --accept, --content-type); NULL when
 * there is none (or on failure: *failed, after one line on stderr). */
struct curl_slist *cli_header_list(const ht_options *opts, int *failed);

int cli_run_one(const ht_options *opts);
int cli_run_load(const ht_options *opts);

#endif
