/* callbacks.c: the libcurl callbacks the tracer installs. Each stamps the
 * time first, raises its events, then calls the application's own callback
 * (kept by ht_setopt) or does what libcurl would do without one.
 * Invariant: the value returned to libcurl is the application's, so tracing
 * never changes the transfer. */
#include "internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

int trace_cb_resolver_start(void *resolver_state, void *reserved, void *userdata) {
  ht_trace *tr = userdata;
  trace_touch(tr, 1);
  if (tr->hop.dns_start < 0) {
    ht_event ev = {.kind = HT_DNS_START};
    tr->hop.dns_start = trace_now_us() - tr->start_us;
    trace_emit(tr, &ev, tr->hop.dns_start, 0);
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

int trace_cb_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port,
                    int local_port) {
  ht_trace *tr = clientp;
  trace_touch(tr, 1);
  /* a reused connection: libcurl stamped NAMELOOKUP microseconds ago */
  if (tr->hop.attempts == 0) trace_calibrate(tr, HT_INFO_NAMELOOKUP, trace_now_us() - tr->start_us);
  trace_catch_up_dns(tr);
  trace_catch_up_connect(tr);
  trace_catch_up_tls(tr);
  char local[64], remote[64];
  int v6 = primary_ip && strchr(primary_ip, ':');
  snprintf(remote, sizeof remote, v6 ? "[%s]:%d" : "%s:%d", primary_ip ? primary_ip : "",
           primary_port);
  v6 = local_ip && strchr(local_ip, ':');
  snprintf(local, sizeof local, v6 ? "[%s]:%d" : "%s:%d", local_ip ? local_ip : "", local_port);
  ht_event ev = {.kind = HT_GOT_CONN, .reused = tr->hop.attempts == 0, .local = local,
                 .remote = remote};
  if (!ev.reused && tr->hop.tls_done < 0) tr->alpn_version[0] = '\0';
  ev.http_version = trace_http_version(tr);
  tr->hop.got_conn = trace_now_us() - tr->start_us;
  trace_emit(tr, &ev, tr->hop.got_conn, 0);
  if (tr->app.prereq)
    return tr->app.prereq(tr->app.prereq_data, primary_ip, local_ip, primary_port, local_port);
  return CURL_PREREQFUNC_OK;
}

/* Status line, Location, or the blank line that ends a response's headers. */
static void header_line(ht_trace *tr, const char *line, size_t len, int64_t now) {
  ht_hop *h = &tr->hop;
  if (len > 5 && memcmp(line, "HTTP/", 5) == 0) {
    const char *sp = memchr(line, ' ', len);
    h->status = sp ? strtol(sp + 1, NULL, 10) : 0;
    tr->location[0] = '\0';
    if (h->status >= 100 && h->status < 200) {
      ht_event ev = {.kind = HT_GOT_1XX, .status = h->status};
      trace_emit(tr, &ev, now, 0);
    }
  } else if (len >= 9 && strncasecmp(line, "location:", 9) == 0) {
    size_t i = 9, end = len;
    while (i < end && (line[i] == ' ' || line[i] == '\t')) i++;
    while (end > i && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '))
      end--;
    snprintf(tr->location, sizeof tr->location, "%.*s", (int)(end - i), line + i);
  } else if (len <= 2 && (line[0] == '\r' || line[0] == '\n') && h->status >= 200 && !h->ended) {
    h->ended = 1;
    h->end = now;
    if (h->status >= 300 && h->status < 400 && tr->location[0]) {
      trace_hop_mark_end(tr);
      ht_event ev = {.kind = HT_REDIRECT, .status = h->status, .location = tr->location};
      trace_hop_phases(tr, &ev.phases);
      trace_emit(tr, &ev, now, 0);
    }
  }
}

size_t trace_cb_header(char *buf, size_t size, size_t nitems, void *userdata) {
  ht_trace *tr = userdata;
  size_t len = size * nitems;
  trace_touch(tr, 0);
  int64_t now = trace_now_us() - tr->start_us;
  if (tr->hop.first_byte < 0) {
    trace_catch_up_request(tr);
    ht_event ev = {.kind = HT_FIRST_BYTE};
    tr->hop.first_byte = now;
    trace_emit(tr, &ev, now, 0);
  }
  if (len > 0) header_line(tr, buf, len, now);
  if (tr->app.header) return tr->app.header(buf, size, nitems, tr->app.header_data);
  if (!tr->app.header_data) return len;
  /* libcurl's rule: HEADERDATA without HEADERFUNCTION goes to the write callback */
  if (tr->app.write) return tr->app.write(buf, size, nitems, tr->app.header_data);
  return fwrite(buf, size, nitems, tr->app.header_data);
}
