/* debug.c: precise mode (ht_set_precise): libcurl's VERBOSE debug stream as
 * a live source for connect_done ("Connected to ..." text), wrote_headers
 * (HEADER_OUT, with a wrote_header_field per field before it, and
 * wait_100_continue after it when the request has Expect: 100-continue) and
 * wrote_request (the last HEADER_OUT/DATA_OUT before the response).
 * Invariant: the application sees exactly the debug output it asked for:
 * nothing unless it set VERBOSE itself (through ht_setopt); then its own
 * DEBUGFUNCTION, or what libcurl's default would print to its STDERR. */
#include "internal.h"

#include <string.h>
#include <strings.h>

/* libcurl's default verbose rendering: "* " text, "> "/"< " headers. */
static void default_print(ht_trace *tr, curl_infotype type, const char *data, size_t size) {
  FILE *out = tr->app.stderr_file ? tr->app.stderr_file : stderr;
  const char *prefix = type == CURLINFO_TEXT         ? "* "
                       : type == CURLINFO_HEADER_OUT ? "> "
                       : type == CURLINFO_HEADER_IN  ? "< "
                                                     : NULL;
  if (!prefix) return; /* data and SSL data are not shown by default */
  while (size > 0) {
    const char *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - data) + 1 : size;
    fputs(prefix, out);
    fwrite(data, 1, len, out);
    if (!nl) fputc('\n', out);
    data += len;
    size -= len;
  }
}

static void forward(ht_trace *tr, CURL *easy, curl_infotype type, char *data, size_t size) {
  if (!tr->app.verbose) return;
  if (tr->app.debug)
    tr->app.debug(easy, type, data, size, tr->app.debug_data);
  else
    default_print(tr, type, data, size);
}

static void on_text(ht_trace *tr, const char *data, size_t size) {
  static const char connected[] = "Connected to ";
  if (size < sizeof connected - 1 || memcmp(data, connected, sizeof connected - 1) != 0) return;
  if (tr->hop.conn_start < 0 || tr->hop.conn_done >= 0) return;
  ht_event ev = {.kind = HT_CONNECT_DONE, .addr = tr->addr};
  tr->hop.conn_done = trace_now_us() - tr->start_us;
  trace_emit(tr, &ev, tr->hop.conn_done, 0);
}

/* One "Name: value" line of the request head, without its line end. */
static void header_field(ht_trace *tr, const char *line, size_t len, int64_t now) {
  char buf[1024];
  const char *colon = memchr(line, ':', len);
  if (!colon || len >= sizeof buf) return; /* not a field, or too long to report */
  memcpy(buf, line, len);
  buf[len] = '\0';
  size_t klen = (size_t)(colon - line), v = klen + 1;
  buf[klen] = '\0';
  while (buf[v] == ' ' || buf[v] == '\t') v++;
  if (strcasecmp(buf, "Expect") == 0 && strcasecmp(buf + v, "100-continue") == 0)
    tr->hop.expect_100 = 1;
  if (!tr->hook[HT_WROTE_HEADER_FIELD]) return;
  ht_event ev = {.kind = HT_WROTE_HEADER_FIELD, .key = buf, .value = buf + v};
  trace_emit(tr, &ev, now, 0);
}

/* The request head libcurl sent (one HEADER_OUT): a field event per line
 * after the request line, then wrote_headers, then wait_100_continue. */
static void wrote_head(ht_trace *tr, const char *data, size_t size, int64_t now) {
  if (tr->hook[HT_WROTE_HEADER_FIELD] || tr->hook[HT_WAIT_100_CONTINUE]) {
    const char *end = data + size, *nl = memchr(data, '\n', size);
    for (const char *p = nl ? nl + 1 : end; p < end;) {
      const char *e = memchr(p, '\n', (size_t)(end - p));
      size_t len = (size_t)((e ? e : end) - p);
      if (len && p[len - 1] == '\r') len--;
      if (len) header_field(tr, p, len, now);
      p = e ? e + 1 : end;
    }
  }
  tr->hop.wrote_headers = now;
  trace_mark(tr, HT_WROTE_HEADERS, now, 0);
  if (tr->hop.expect_100) trace_mark(tr, HT_WAIT_100_CONTINUE, now, 0);
}

int trace_cb_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *userptr) {
  ht_trace *tr = userptr;
  if (tr->open) {
    if (type == CURLINFO_TEXT) {
      on_text(tr, data, size);
    } else if ((type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT) &&
               tr->hop.final_byte < 0) {
      int64_t now = trace_now_us() - tr->start_us;
      tr->hop.last_out = now;
      if (type == CURLINFO_HEADER_OUT && tr->hop.wrote_headers < 0) wrote_head(tr, data, size, now);
    }
  }
  forward(tr, easy, type, data, size);
  return 0;
}
