/* httptrace_cli.h: the httptrace command's options and its two modes.
 * Invariant: options are parsed once into ht_options and never change after. */
#ifndef HTTPTRACE_CLI_H
#define HTTPTRACE_CLI_H
#include "httptrace.h"

enum { MAX_HEADERS = 64 };

typedef struct ht_options {
  const char *url;
  const char *method;         /* -X */
  const char *headers[MAX_HEADERS]; /* -H */
  int nheaders;
  const char *data;           /* -d */
  int insecure;               /* -k */
  int follow;                 /* -L */
  double max_time;            /* -m seconds, 0 = none */
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
 * when help was printed, 0 when opts is ready. */
int cli_parse(int argc, char **argv, ht_options *opts);
/* Applies the request options (URL, method, headers, body, TLS, timeout,
 * HTTP version, verbose) to an easy handle; 0 on success. */
int cli_apply(CURL *easy, const ht_options *opts, struct curl_slist *headers);
/* Builds the -H list; NULL when there is none (or out of memory: *failed). */
struct curl_slist *cli_header_list(const ht_options *opts, int *failed);

int cli_run_one(const ht_options *opts);
int cli_run_load(const ht_options *opts);

#endif
