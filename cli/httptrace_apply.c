/* httptrace_apply.c: the parsed request options onto an easy handle, and
 * the request's header list.
 * Invariant: the same options give every handle the same request; nothing
 * here prints except a header that cannot be built. */
#include "httptrace_cli.h"

#include <stdio.h>

static struct curl_slist *add(struct curl_slist *list, const char *line, int *failed) {
  struct curl_slist *next = curl_slist_append(list, line);
  if (!next) {
    curl_slist_free_all(list);
    *failed = 1;
    fputs("httptrace: out of memory\n", stderr);
  }
  return next;
}

/* "Name: value" for the options that stand for one header. */
static struct curl_slist *add_named(struct curl_slist *list, const char *name, const char *value,
                                    const char *opt, int *failed) {
  char line[2048];
  if (!value || *failed) return list;
  if ((size_t)snprintf(line, sizeof line, "%s: %s", name, value) >= sizeof line) {
    curl_slist_free_all(list);
    *failed = 1;
    fprintf(stderr, "httptrace: %s: value too long\n", opt);
    return NULL;
  }
  return add(list, line, failed);
}

struct curl_slist *cli_header_list(const ht_options *o, int *failed) {
  struct curl_slist *list = NULL;
  *failed = 0;
  list = add_named(list, "Host", o->host, "--host", failed);
  list = add_named(list, "Accept", o->accept, "--accept", failed);
  list = add_named(list, "Content-Type", o->content_type, "--content-type", failed);
  for (int i = 0; i < o->nheaders && !*failed; i++) list = add(list, o->headers[i], failed);
  return *failed ? NULL : list;
}

static int apply_connection(CURL *e, const ht_options *o) {
  int rc = 0;
  if (o->insecure) {
    rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (o->proxy) {
    rc |= curl_easy_setopt(e, CURLOPT_PROXY, o->proxy);
    /* a CONNECT's "200 Connection established" is not the response */
    rc |= curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  }
  if (o->no_keepalive) rc |= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  if (o->http_version) rc |= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, o->http_version);
  /* HTTP/2: concurrent requests share a connection as streams (as hey -h2
   * and browsers do) instead of each opening its own before the first one
   * has said it can multiplex */
  if (o->http_version == CURL_HTTP_VERSION_2TLS) rc |= curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  return rc;
}

int cli_apply(CURL *e, const ht_options *o, struct curl_slist *headers) {
  int rc = 0;
  rc |= curl_easy_setopt(e, CURLOPT_URL, o->url);
  rc |= curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "httptrace/" CA_VERSION);
  if (o->body) {
    rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->body_len);
    rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, o->body);
  }
  if (o->method) rc |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, o->method);
  if (headers) rc |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  if (o->user) rc |= curl_easy_setopt(e, CURLOPT_USERPWD, o->user);
  if (o->compressed) rc |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  if (o->follow) rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  if (o->max_time > 0) rc |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(o->max_time * 1000));
  if (o->verbose) rc |= curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
  rc |= apply_connection(e, o);
  rc |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  return rc ? -1 : 0;
}
