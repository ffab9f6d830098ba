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
             ",\"phases\":{\"dns\":%lld,\"connect\":%lld,\"tls\":%lld,\"server\":%lld,"
             "\"transfer\":%lld}",
             (long long)p->dns, (long long)p->connect, (long long)p->tls, (long long)p->server,
             (long long)p->transfer);
}

static void put_str(ht_buf *b, const char *key, const char *value) {
  buf_printf(b, ",\"%s\":", key);
  buf_json_string(b, value);
}

/* The fields of each kind, as listed in README.md. */
static void put_fields(ht_buf *b, const ht_event *ev) {
  switch (ev->kind) {
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
  case HT_TLS_DONE:
    put_str(b, "version", ev->tls_version);
    put_str(b, "cipher", ev->cipher);
    put_error(b, ev);
    break;
  case HT_GOT_CONN:
    buf_printf(b, ",\"reused\":%s", ev->reused ? "true" : "false");
    put_str(b, "local", ev->local);
    put_str(b, "remote", ev->remote);
    put_str(b, "http_version", ev->http_version);
    break;
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
  default: break;
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
