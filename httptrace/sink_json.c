/* sink_json.c: events as JSON lines, format version HT_EVENT_VERSION.
 * Invariant: one event = one line = one fwrite; keys come in a fixed order
 * (v, event, req, t_us, hop, derived?, then the event's own fields), so
 * output is deterministic and lines from threads never interleave. */
#include "buf.h"
#include "httptrace.h"

#include <stdlib.h>

static void put_error(ht_buf *b, const ht_event *ev) {
  if (!ev->error) {
    buf_printf(b, ",\"error\":null");
    return;
  }
  buf_printf(b, ",\"error\":{\"code\":%d,\"kind\":", ev->error);
  buf_json_string(b, ev->error_kind);
  buf_printf(b, ",\"message\":");
  buf_json_string(b, ev->error_msg);
  buf_printf(b, "}");
}

static void put_phases(ht_buf *b, const ht_phases *p) {
  buf_printf(b,
             ",\"phases\":{\"conn_wait\":%lld,\"dns\":%lld,\"connect\":%lld,\"tls\":%lld,"
             "\"server\":%lld,\"transfer\":%lld}",
             (long long)p->conn_wait, (long long)p->dns, (long long)p->connect, (long long)p->tls,
             (long long)p->server, (long long)p->transfer);
}

static void put_bool(ht_buf *b, const char *key, int value) {
  buf_printf(b, ",\"%s\":%s", key, value ? "true" : "false");
}

static void put_str(ht_buf *b, const char *key, const char *value) {
  buf_printf(b, ",\"%s\":", key);
  buf_json_string(b, value);
}

static void put_tls_done(ht_buf *b, const ht_event *ev) {
  put_str(b, "version", ev->tls_version);
  put_str(b, "cipher", ev->cipher);
  put_str(b, "server_name", ev->server_name);
  put_bool(b, "resumed", ev->resumed);
  if (ev->peer_subject) {
    buf_printf(b, ",\"peer\":{\"subject\":");
    buf_json_string(b, ev->peer_subject);
    put_str(b, "issuer", ev->peer_issuer);
    put_str(b, "not_after", ev->peer_not_after);
    buf_printf(b, "}");
  } else {
    buf_printf(b, ",\"peer\":null");
  }
  put_error(b, ev);
}

static void put_got_conn(ht_buf *b, const ht_event *ev) {
  put_bool(b, "reused", ev->reused);
  put_str(b, "local", ev->local);
  put_str(b, "remote", ev->remote);
  put_str(b, "http_version", ev->http_version);
  put_bool(b, "was_idle", ev->was_idle);
  if (ev->idle_us >= 0)
    buf_printf(b, ",\"idle_us\":%lld", (long long)ev->idle_us);
  else
    buf_printf(b, ",\"idle_us\":null");
}

/* The fields of the kinds added in version 2. */
static void put_fields_v2(ht_buf *b, const ht_event *ev) {
  switch (ev->kind) {
  case HT_GET_CONN: put_str(b, "host_port", ev->host); break;
  case HT_PUT_IDLE_CONN: put_bool(b, "idle", ev->idle); break;
  case HT_WROTE_HEADER_FIELD:
    put_str(b, "key", ev->key);
    put_str(b, "value", ev->value);
    break;
  default: break;
  }
}

/* The fields of each kind, as listed in docs/formats.md ("httptrace events"). */
static void put_fields(ht_buf *b, const ht_event *ev) {
  switch (ev->kind) {
  case HT_DNS_START: put_str(b, "host", ev->host); break;
  case HT_WROTE_REQUEST: put_error(b, ev); break;
  case HT_REQUEST_START:
    put_str(b, "method", ev->method);
    put_str(b, "url", ev->url);
    break;
  case HT_DNS_DONE:
    buf_printf(b, ",\"addrs\":");
    buf_json_list(b, ev->addrs);
    put_error(b, ev);
    break;
  case HT_CONNECT_START: put_str(b, "addr", ev->addr); break;
  case HT_CONNECT_DONE:
    put_str(b, "addr", ev->addr);
    put_error(b, ev);
    break;
  case HT_TLS_DONE: put_tls_done(b, ev); break;
  case HT_GOT_CONN: put_got_conn(b, ev); break;
  case HT_GOT_1XX: buf_printf(b, ",\"status\":%ld", ev->status); break;
  case HT_REDIRECT:
    buf_printf(b, ",\"status\":%ld", ev->status);
    put_str(b, "location", ev->location);
    put_phases(b, &ev->phases);
    break;
  case HT_DONE:
    buf_printf(b, ",\"status\":%ld", ev->status);
    put_str(b, "http_version", ev->http_version);
    put_error(b, ev);
    buf_printf(b, ",\"bytes\":%lld,\"total_us\":%lld", (long long)ev->bytes,
               (long long)ev->total_us);
    put_phases(b, &ev->phases);
    break;
  default: put_fields_v2(b, ev); break;
  }
}

size_t ht_json_format(const ht_event *ev, char *out, size_t cap) {
  ht_buf b = {out, cap, 0};
  if (cap) out[0] = '\0';
  buf_printf(&b, "{\"v\":%d,\"event\":\"%s\",\"req\":%llu,\"t_us\":%lld,\"hop\":%d",
             HT_EVENT_VERSION, ht_event_name(ev->kind), (unsigned long long)ev->req,
             (long long)ev->t_us, ev->hop);
  if (ev->derived) buf_printf(&b, ",\"derived\":true");
  put_fields(&b, ev);
  buf_printf(&b, "}\n");
  return b.len;
}

void ht_json_sink(const ht_event *ev, void *file) {
  char line[2048];
  size_t n = ht_json_format(ev, line, sizeof line);
  if (n < sizeof line) {
    fwrite(line, 1, n, file);
    return;
  }
  char *big = malloc(n + 1); /* a long URL or Location: still one write */
  if (!big) return;
  ht_json_format(ev, big, n + 1);
  fwrite(big, 1, n, file);
  free(big);
}
