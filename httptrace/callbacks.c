/* callbacks.c: the libcurl callbacks the tracer installs. Each stamps the
 * time first, raises its events, then calls the application's own callback
 * (kept by ht_setopt) or does what libcurl would do without one.
 * Invariant: the value returned to libcurl is the application's, so tracing
 * never changes the transfer. */
#include "internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

int trace_cb_resolver_start(void *resolver_state, void *reserved, void *userdata) {
  ht_trace *tr = userdata;
  trace_touch(tr, 1);
  if (tr->hop.dns_start < 0) {
    tr->hop.dns_start = trace_now_us() - tr->start_us;
    if (tr->hook[HT_DNS_START]) { /* the name: parsed only when someone listens */
      ht_event ev = {.kind = HT_DNS_START, .host = trace_url_host(tr) == 0 ? tr->host : NULL};
      trace_emit(tr, &ev, tr->hop.dns_start, 0);
    } else {
      trace_mark(tr, HT_DNS_START, tr->hop.dns_start, 0);
    }
  }
  if (tr->app.resolver_start)
    return tr->app.resolver_start(resolver_state, reserved, tr->app.resolver_start_data);
  return 0;
}

/* "ip:port", with brackets for IPv6. */
static void format_sockaddr(const struct curl_sockaddr *a, char *buf, size_t cap) {
  char ip[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (a->family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)&a->addr;
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    port = ntohs(in->sin_port);
    snprintf(buf, cap, "%s:%d", ip, port);
  } else if (a->family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&a->addr;
    inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
    port = ntohs(in6->sin6_port);
    snprintf(buf, cap, "[%s]:%d", ip, port);
  } else {
    snprintf(buf, cap, "family-%d", a->family);
  }
}

static void append_addr(ht_trace *tr) {
  size_t used = strlen(tr->addrs);
  if (used + strlen(tr->addr) + 2 >= sizeof tr->addrs) return; /* keep the first ones */
  snprintf(tr->addrs + used, sizeof tr->addrs - used, "%s%s", used ? "," : "", tr->addr);
}

curl_socket_t trace_cb_opensocket(void *clientp, curlsocktype purpose,
                                  struct curl_sockaddr *address) {
  ht_trace *tr = clientp;
  trace_touch(tr, 1);
  int64_t now = trace_now_us() - tr->start_us;
  format_sockaddr(address, tr->addr, sizeof tr->addr);
  append_addr(tr);
  /* the first socket means the name was resolved: align libcurl's clock */
  if (tr->hop.attempts++ == 0) {
    trace_calibrate(tr, HT_INFO_NAMELOOKUP, now);
    trace_catch_up_dns(tr);
  }
  if (tr->hop.conn_start < 0) tr->hop.conn_start = now;
  ht_event ev = {.kind = HT_CONNECT_START, .addr = tr->addr};
  trace_emit(tr, &ev, now, 0);
  if (tr->app.opensocket) return tr->app.opensocket(tr->app.opensocket_data, purpose, address);
  return socket(address->family, address->socktype, address->protocol);
}

/* "ip:port" (brackets for IPv6) for got_conn. */
static void format_ip_port(char *buf, size_t cap, const char *ip, int port) {
  snprintf(buf, cap, ip && strchr(ip, ':') ? "[%s]:%d" : "%s:%d", ip ? ip : "", port);
}

int trace_cb_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port,
                    int local_port) {
  ht_trace *tr = clientp;
  trace_touch(tr, 1);
  int64_t now = trace_now_us() - tr->start_us;
  trace_catch_up_dns(tr);
  trace_catch_up_connect(tr);
  trace_catch_up_tls(tr);
  if (tr->hop.attempts && tr->hop.tls_done < 0) tr->alpn_version[0] = '\0';
  tr->hop.got_conn = now;
  /* formatting costs more than the rest: only when asked */
  if (tr->hook[HT_GOT_CONN] || tr->hook[HT_PUT_IDLE_CONN]) {
    char remote[64];
    format_ip_port(remote, sizeof remote, primary_ip, primary_port);
    format_ip_port(tr->conn_key, sizeof tr->conn_key, local_ip, local_port);
    ht_event ev = {.kind = HT_GOT_CONN, .reused = tr->hop.attempts == 0, .local = tr->conn_key,
                   .remote = remote, .http_version = trace_http_version(tr)};
    int multiplexed = ev.http_version && strcmp(ev.http_version, "2") == 0;
    conns_taken(tr, tr->conn_key, ev.reused, multiplexed, tr->start_us + now, &ev);
    trace_emit(tr, &ev, now, 0);
  } else {
    trace_mark(tr, HT_GOT_CONN, now, 0); /* unhooked: only keeps the order */
  }
  if (tr->app.prereq)
    return tr->app.prereq(tr->app.prereq_data, primary_ip, local_ip, primary_port, local_port);
  return CURL_PREREQFUNC_OK;
}

/* The time, stamped on first use: most header lines need none. */
static int64_t stamp(const ht_trace *tr, int64_t *now) {
  if (*now < 0) *now = trace_now_us() - tr->start_us;
  return *now;
}

static void status_line(ht_trace *tr, const char *line, size_t len, int64_t *now) {
  const char *sp = memchr(line, ' ', len);
  long status = 0;
  /* three digits after "HTTP/x ": cheaper than strtol on every response */
  const char *d = sp ? sp + 1 : line + len;
  for (int n = 0; n < 3 && d < line + len && *d >= '0' && *d <= '9'; n++, d++)
    status = status * 10 + (*d - '0');
  tr->hop.status = status;
  tr->location[0] = '\0';
  if (status >= 200 && tr->hop.final_byte < 0) {
    tr->hop.final_byte = stamp(tr, now);
    if (tr->hop.hold_wrote) { /* the body went after the 100 Continue */
      tr->hop.hold_wrote = 0;
      trace_catch_up_request(tr);
    }
  }
  if (tr->hop.status >= 100 && tr->hop.status < 200) {
    ht_event ev = {.kind = HT_GOT_1XX, .status = tr->hop.status};
    trace_emit(tr, &ev, stamp(tr, now), 0);
    if (tr->hop.status == 100) trace_mark(tr, HT_GOT_100_CONTINUE, *now, 0);
  }
}

static void location_line(ht_trace *tr, const char *line, size_t len) {
  size_t i = 9, end = len;
  while (i < end && (line[i] == ' ' || line[i] == '\t')) i++;
  while (end > i && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '))
    end--;
  snprintf(tr->location, sizeof tr->location, "%.*s", (int)(end - i), line + i);
}

/* The blank line that ends a final (non-1xx) response's headers. */
static void end_of_headers(ht_trace *tr, int64_t *now) {
  ht_hop *h = &tr->hop;
  h->ended = 1;
  /* only a redirect ends its hop here; the last hop ends at done */
  if (h->status >= 300 && h->status < 400 && tr->location[0]) {
    h->end = stamp(tr, now);
    trace_hop_mark_end(tr);
    ht_event ev = {.kind = HT_REDIRECT, .status = h->status, .location = tr->location};
    trace_hop_phases(tr, &ev.phases);
    trace_emit(tr, &ev, *now, 0);
  }
}

/* Dispatch on the first character: this runs for every header line. */
static void header_line(ht_trace *tr, const char *line, size_t len, int64_t *now) {
  switch (line[0]) {
  case 'H':
    if (len > 5 && memcmp(line, "HTTP/", 5) == 0) status_line(tr, line, len, now);
    break;
  case 'L':
  case 'l':
    if (tr->hop.status >= 300 && tr->hop.status < 400 && len >= 9 &&
        strncasecmp(line, "location:", 9) == 0)
      location_line(tr, line, len);
    break;
  case '\r':
  case '\n':
    if (len <= 2 && tr->hop.status >= 200 && !tr->hop.ended) end_of_headers(tr, now);
    break;
  }
}

/* "HTTP/x 1xx": an interim response. */
static int is_interim(const char *line, size_t len) {
  const char *sp = len > 5 && memcmp(line, "HTTP/", 5) == 0 ? memchr(line, ' ', len) : NULL;
  return sp && sp + 1 < line + len && sp[1] == '1';
}

size_t trace_cb_header(char *buf, size_t size, size_t nitems, void *userdata) {
  ht_trace *tr = userdata;
  size_t len = size * nitems;
  int64_t now = -1;
  trace_touch(tr, 0);
  if (tr->hop.first_byte < 0) {
    stamp(tr, &now);
    tr->hop.hold_wrote = tr->hop.expect_100 && is_interim(buf, len);
    trace_catch_up_request(tr);
    tr->hop.first_byte = now;
    trace_mark(tr, HT_FIRST_BYTE, now, 0);
  }
  if (len > 0) header_line(tr, buf, len, &now);
  if (tr->app.header) return tr->app.header(buf, size, nitems, tr->app.header_data);
  if (!tr->app.header_data) return len;
  /* libcurl's rule: HEADERDATA without HEADERFUNCTION goes to the write callback */
  if (tr->app.write) return tr->app.write(buf, size, nitems, tr->app.header_data);
  return fwrite(buf, size, nitems, tr->app.header_data);
}
