/* events.c: the request and hop state machine of a tracer, and raising
 * events through the hooks.
 * Invariants: events of one request are raised in order and their t_us never
 * decreases (a time read back from CURLINFO is clamped between the previous
 * event and now); every request that was opened raises exactly one `done`;
 * per-hop CURLINFO values are differences from the hop's start, because
 * libcurl adds every hop's times to the same counters. */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const event_names[HT_EVENT_COUNT] = {
    "request_start", "dns_start",   "dns_done",      "connect_start", "connect_done",
    "tls_start",     "tls_done",    "got_conn",      "wrote_headers", "wrote_request",
    "got_1xx",       "first_byte",  "redirect",      "done",          "get_conn",
    "put_idle_conn", "wrote_header_field", "wait_100_continue", "got_100_continue",
};

const char *ht_event_name(ht_event_kind kind) {
  return (unsigned)kind < HT_EVENT_COUNT ? event_names[kind] : "unknown";
}

void ht_hooks_all(ht_hooks *hooks, ht_hook_fn fn) {
  hooks->request_start = hooks->dns_start = hooks->dns_done = fn;
  hooks->connect_start = hooks->connect_done = hooks->tls_start = hooks->tls_done = fn;
  hooks->got_conn = hooks->wrote_headers = hooks->wrote_request = hooks->got_1xx = fn;
  hooks->first_byte = hooks->redirect = hooks->done = fn;
  hooks->get_conn = hooks->put_idle_conn = hooks->wrote_header_field = fn;
  hooks->wait_100_continue = hooks->got_100_continue = fn;
}

int64_t trace_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const CURLINFO info_ids[5] = {CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,
                                     CURLINFO_APPCONNECT_TIME_T, CURLINFO_PRETRANSFER_TIME_T,
                                     CURLINFO_STARTTRANSFER_TIME_T};

static curl_off_t info_time(CURL *easy, int index) {
  curl_off_t v = 0;
  if (curl_easy_getinfo(easy, info_ids[index], &v) != CURLE_OK) return 0;
  return v;
}

void trace_hop_reset(ht_trace *tr, int64_t base) {
  ht_hop *h = &tr->hop;
  curl_off_t keep[5];
  memcpy(keep, h->info_end, sizeof keep);
  memset(h, 0, sizeof *h);
  memcpy(h->info_base, keep, sizeof keep);
  h->start = h->base = base;
  h->dns_start = h->dns_done = h->conn_start = h->conn_done = -1;
  h->tls_start = h->tls_done = h->got_conn = h->wrote = h->first_byte = h->end = -1;
  h->wrote_headers = h->last_out = h->final_byte = -1;
  tr->host[0] = tr->host_port[0] = '\0';
  tr->addrs[0] = '\0';
  tr->addr[0] = '\0';
  tr->location[0] = '\0';
}

/* Remembers the CURLINFO sums at the end of a hop: the next hop's base. */
void trace_hop_mark_end(ht_trace *tr) {
  for (int i = 0; i < 5; i++) tr->hop.info_end[i] = info_time(tr->easy, i);
}

void trace_open(ht_trace *tr, int64_t now) {
  tr->open = 1;
  tr->start_pending = 1;
  tr->req = tr->next_id++;
  tr->start_us = now;
  tr->last_t = 0;
  tr->hop_no = 0;
  tr->errbuf[0] = '\0';
  tr->alpn_version[0] = '\0';
  tr->conn_key[0] = '\0';
  memset(tr->hop.info_end, 0, sizeof tr->hop.info_end);
  trace_hop_reset(tr, 0);
}

void trace_emit(ht_trace *tr, ht_event *ev, int64_t t, int derived) {
  if (t < tr->last_t) t = tr->last_t;
  tr->last_t = t;
  ev->req = tr->req;
  ev->t_us = t;
  ev->start_us = tr->start_us;
  ev->derived = derived;
  ev->hop = tr->hop_no;
  if (tr->hook[ev->kind]) tr->hook[ev->kind](ev, tr->user);
}

void trace_mark(ht_trace *tr, ht_event_kind kind, int64_t t, int derived) {
  if (!tr->hook[kind]) { /* keep the order invariant without building an event */
    if (t > tr->last_t) tr->last_t = t;
    return;
  }
  ht_event ev = {.kind = kind};
  trace_emit(tr, &ev, t, derived);
}

/* The port a URL without one uses. */
static const char *default_port(const char *scheme, size_t len) {
  static const struct { const char *scheme, *port; } ports[] = {
      {"http", "80"}, {"https", "443"}, {"ws", "80"}, {"wss", "443"}, {"ftp", "21"}, {"ftps", "990"}};
  for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++)
    if (strlen(ports[i].scheme) == len && strncasecmp(ports[i].scheme, scheme, len) == 0)
      return ports[i].port;
  return "";
}

/* Host and port from libcurl's effective URL, which libcurl has already
 * parsed and normalised: "scheme://[user@]host[:port][/...]". Done by hand,
 * without allocating, since it runs on every request whose get_conn is
 * hooked. */
int trace_url_host(ht_trace *tr) {
  if (tr->host_port[0]) return 0;
  char *url = NULL;
  if (curl_easy_getinfo(tr->easy, CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || !url) return -1;
  const char *sep = strstr(url, "://");
  if (!sep) return -1;
  const char *host = sep + 3, *end = host + strcspn(host, "/?#");
  const char *at = memchr(host, '@', (size_t)(end - host));
  if (at) host = at + 1;
  const char *colon = host;
  if (*host == '[') colon = memchr(host, ']', (size_t)(end - host));
  colon = colon ? memchr(colon, ':', (size_t)(end - colon)) : NULL;
  const char *host_end = colon ? colon : end;
  if (host_end == host) return -1;
  int bracket = *host == '[' && host_end[-1] == ']'; /* an IPv6 literal: the name is inside */
  snprintf(tr->host, sizeof tr->host, "%.*s", (int)(host_end - host) - 2 * bracket, host + bracket);
  if (colon)
    snprintf(tr->host_port, sizeof tr->host_port, "%.*s", (int)(end - host), host);
  else
    snprintf(tr->host_port, sizeof tr->host_port, "%.*s:%s", (int)(host_end - host), host,
             default_port(url, (size_t)(sep - url)));
  return 0;
}

/* The hop begins to ask for a connection (Go's GetConn): at the request's
 * start, or where the previous hop ended. */
static void emit_get_conn(ht_trace *tr) {
  if (!tr->hook[HT_GET_CONN]) return;
  ht_event ev = {.kind = HT_GET_CONN};
  ev.host = trace_url_host(tr) == 0 ? tr->host_port : NULL;
  trace_emit(tr, &ev, tr->hop.start, 0);
}

/* request_start is raised late, at the first callback, because libcurl sets
 * the effective URL and method only once the transfer has begun. */
static void emit_request_start(ht_trace *tr) {
  char *url = NULL, *method = NULL;
  tr->start_pending = 0;
  if (tr->hook[HT_REQUEST_START]) { /* nobody listens: skip the lookups */
    ht_event ev = {.kind = HT_REQUEST_START};
    curl_easy_getinfo(tr->easy, CURLINFO_EFFECTIVE_URL, &url);
    curl_easy_getinfo(tr->easy, CURLINFO_EFFECTIVE_METHOD, &method);
    ev.url = url;
    ev.method = method ? method : "GET";
    trace_emit(tr, &ev, 0, 0);
  }
  emit_get_conn(tr);
}

/* put_idle_conn: the hop's connection went back to libcurl's pool, or was
 * closed. libcurl 7.88.1 reports the connection it kept as the easy
 * handle's last socket (CURLINFO_ACTIVESOCKET), readable until the handle
 * leaves its multi (and, between the hops of a redirect, also when the next
 * hop took it again); a closed one reads as CURL_SOCKET_BAD. */
void trace_return_conn(ht_trace *tr, int64_t t) {
  if (tr->hop.got_conn < 0 || !(tr->hook[HT_PUT_IDLE_CONN] || tr->conn_key[0])) return;
  curl_socket_t sock = CURL_SOCKET_BAD;
  curl_easy_getinfo(tr->easy, CURLINFO_ACTIVESOCKET, &sock);
  int idle = sock != CURL_SOCKET_BAD;
  if (tr->conn_key[0]) conns_returned(tr, tr->conn_key, idle, tr->start_us + t);
  tr->conn_key[0] = '\0';
  ht_event ev = {.kind = HT_PUT_IDLE_CONN, .idle = idle};
  trace_emit(tr, &ev, t, 0);
}

void trace_touch_slow(ht_trace *tr, int may_start_hop) {
  if (!tr->open) trace_open(tr, trace_now_us());
  if (tr->start_pending) emit_request_start(tr);
  if (may_start_hop && tr->hop.ended) { /* a redirect, or an auth round trip */
    trace_return_conn(tr, tr->hop.end >= 0 ? tr->hop.end : trace_now_us() - tr->start_us);
    tr->hop_no++;
    trace_hop_reset(tr, tr->hop.end >= 0 ? tr->hop.end : trace_now_us() - tr->start_us);
    emit_get_conn(tr);
  }
}

/* libcurl's times count from its own start of the hop, a little after ours
 * (curl_easy_perform's setup). When a live event happens right after
 * libcurl stamped a value (the first socket right after NAMELOOKUP), the
 * hop's base is moved so that the value lands at that moment; the base
 * only moves forward. */
void trace_calibrate(ht_trace *tr, int index, int64_t now) {
  curl_off_t delta = info_time(tr->easy, index) - tr->hop.info_base[index];
  if (delta > 0 && now - delta > tr->hop.base) tr->hop.base = now - delta;
}

/* The time libcurl stamped for a CURLINFO value in this hop, or -1. */
int64_t trace_derived_time(ht_trace *tr, int index) {
  curl_off_t delta = info_time(tr->easy, index) - tr->hop.info_base[index];
  if (delta <= 0) return -1;
  int64_t t = tr->hop.base + delta, now = trace_now_us() - tr->start_us;
  if (t > now) t = now;
  if (t < tr->last_t) t = tr->last_t;
  return t;
}

static int64_t derived_or_now(ht_trace *tr, int index) {
  int64_t t = trace_derived_time(tr, index);
  return t >= 0 ? t : trace_now_us() - tr->start_us;
}

void trace_catch_up_dns(ht_trace *tr) {
  if (tr->hop.dns_start < 0 || tr->hop.dns_done >= 0) return;
  ht_event ev = {.kind = HT_DNS_DONE, .addrs = tr->addrs};
  tr->hop.dns_done = derived_or_now(tr, HT_INFO_NAMELOOKUP);
  trace_emit(tr, &ev, tr->hop.dns_done, 1);
}

/* connect_done from CONNECT_TIME, then the TLS events held back for it (see
 * tls.c). Without CONNECT_TIME (a failed handshake) the held tls_start is
 * the bound: the connection was up when the handshake began. */
void trace_catch_up_connect(ht_trace *tr) {
  ht_hop *h = &tr->hop;
  if (h->conn_start >= 0 && h->conn_done < 0) {
    ht_event ev = {.kind = HT_CONNECT_DONE, .addr = tr->addr};
    int64_t t = trace_derived_time(tr, HT_INFO_CONNECT);
    h->conn_done = t >= 0 ? t : h->tls_held ? h->tls_start : trace_now_us() - tr->start_us;
    trace_emit(tr, &ev, h->conn_done, 1);
  }
  if (!h->tls_held) return;
  h->tls_held = 0;
  trace_mark(tr, HT_TLS_START, h->tls_start, 0);
  if (h->tls_done >= 0) trace_emit_tls_done(tr);
}

/* TLS without live events (another backend, or the app replaced our
 * SSL_CTX_FUNCTION): both events from APPCONNECT. */
void trace_catch_up_tls(ht_trace *tr) {
  if (tr->hop.tls_done >= 0 || tr->hop.conn_start < 0) return;
  int64_t done = trace_derived_time(tr, HT_INFO_APPCONNECT);
  if (done < 0) return;
  if (tr->hop.tls_start < 0) {
    tr->hop.tls_start = tr->hop.conn_done >= 0 ? tr->hop.conn_done : done;
    trace_mark(tr, HT_TLS_START, tr->hop.tls_start, 1);
  }
  ht_event ev = {.kind = HT_TLS_DONE};
  tr->hop.tls_done = done;
  trace_emit(tr, &ev, done, 1);
}

static const char *version_name(long v) {
  switch (v) {
  case CURL_HTTP_VERSION_1_0: return "1.0";
  case CURL_HTTP_VERSION_1_1: return "1.1";
  case CURL_HTTP_VERSION_2_0: return "2";
  case CURL_HTTP_VERSION_3: return "3";
  default: return NULL;
  }
}

const char *trace_http_version(ht_trace *tr) {
  long v = 0;
  if (tr->alpn_version[0]) return tr->alpn_version;
  curl_easy_getinfo(tr->easy, CURLINFO_HTTP_VERSION, &v);
  if (v) return version_name(v);
  /* plain HTTP before any response: HTTP/1.1 unless h2c was asked for */
  char *scheme = NULL;
  curl_easy_getinfo(tr->easy, CURLINFO_SCHEME, &scheme);
  return scheme && strcasecmp(scheme, "http") == 0 ? "1.1" : NULL;
}

static void emit_got_conn_derived(ht_trace *tr) {
  ht_event ev = {.kind = HT_GOT_CONN, .reused = tr->hop.attempts == 0};
  char *ip = NULL;
  curl_easy_getinfo(tr->easy, CURLINFO_PRIMARY_IP, &ip);
  ev.remote = ip;
  ev.http_version = trace_http_version(tr);
  /* the connection was ready when connect/TLS ended (or, reused, at once) */
  tr->hop.got_conn = tr->hop.tls_done >= 0 ? tr->hop.tls_done
                     : tr->hop.conn_done >= 0 ? tr->hop.conn_done : tr->last_t;
  trace_emit(tr, &ev, tr->hop.got_conn, 1);
}

/* Request written: libcurl 7.88.1 tells this only through VERBOSE debug
 * output, which costs more than the whole tracer, so only precise mode uses
 * it. Otherwise the time is PREREQ's, which libcurl calls right before it
 * builds and sends the request. (Not PRETRANSFER: measured on 7.88.1 it is
 * stamped a microsecond before STARTTRANSFER, after the server's wait.) */
void trace_catch_up_request(ht_trace *tr) {
  trace_catch_up_dns(tr);
  trace_catch_up_connect(tr);
  trace_catch_up_tls(tr);
  if (tr->hop.got_conn < 0) emit_got_conn_derived(tr);
  if (tr->hop.wrote >= 0) return;
  if (tr->hop.wrote_headers < 0) {
    tr->hop.wrote_headers = tr->hop.got_conn;
    trace_mark(tr, HT_WROTE_HEADERS, tr->hop.wrote_headers, 1);
  }
  if (tr->hop.hold_wrote) return;
  /* precise mode saw the last send; else the body went with the headers */
  int live = tr->hop.last_out >= 0;
  tr->hop.wrote = live ? tr->hop.last_out : tr->hop.wrote_headers;
  trace_mark(tr, HT_WROTE_REQUEST, tr->hop.wrote, !live);
}

static int64_t span(int64_t from, int64_t to) { return from >= 0 && to >= from ? to - from : 0; }

void trace_hop_phases(const ht_trace *tr, ht_phases *ph) {
  const ht_hop *h = &tr->hop;
  ph->dns = span(h->dns_start, h->dns_done);
  ph->connect = span(h->conn_start, h->conn_done);
  /* TLS counts from the TCP connection, as httpstat's does: the client's
   * TLS setup (context, CA store) comes before the first handshake message */
  int64_t tls_from = h->tls_start >= 0 && h->conn_done >= 0 ? h->conn_done : h->tls_start;
  ph->tls = span(tls_from, h->tls_done);
  /* the server phase runs to the final response: 1xx responses (103 Early
   * Hints, 100 Continue) arrive while the server is still at work */
  int64_t response = h->final_byte >= 0 ? h->final_byte : h->first_byte;
  ph->server = span(h->wrote, response);
  ph->transfer = span(response, h->end);
  ph->dns_at = h->dns_done >= 0 ? h->dns_start : -1;
  ph->connect_at = h->conn_done >= 0 ? h->conn_start : -1;
  ph->tls_at = h->tls_done >= 0 ? tls_from : -1;
  ph->server_at = response >= 0 ? h->wrote : -1;
  ph->transfer_at = response;
  ph->hop_at = h->start;
  ph->got_conn_at = h->got_conn;
  ph->conn_wait = h->got_conn >= 0 ? span(h->start, h->got_conn) - ph->dns - ph->connect - ph->tls : 0;
  if (ph->conn_wait < 0) ph->conn_wait = 0;
}
