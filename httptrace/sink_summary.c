/* sink_summary.c: the human view of one hop, an httpstat-style bar with the
 * five phases, and under it httpstat's marks (time from the hop's start to
 * the end of each phase, gaps included); and CSV rows for load runs.
 * Invariant: pure formatting of one event; writes only to the given stream. */
#include "httptrace.h"

#include <stdio.h>

static const char *const heads[5] = {"DNS Lookup", "TCP Connection", "TLS Handshake",
                                     "Server Processing", "Content Transfer"};
/* curl's names for the ends of the five segments: the third ends with TLS,
 * which curl calls appconnect (its pretransfer comes later, when the
 * request is about to be sent) */
static const char *const marks[5] = {"namelookup", "connect", "appconnect", "starttransfer",
                                     "total"};
enum { COL = 19 }; /* width of each segment */

static void ms(char *buf, size_t cap, int64_t us) {
  snprintf(buf, cap, "%lld.%03lldms", (long long)(us / 1000), (long long)(us % 1000));
}

static void centered(FILE *out, const char *text, int width, const char *color) {
  int len = 0;
  while (text[len]) len++;
  int left = (width - len) / 2, right = width - len - left;
  fprintf(out, "%*s%s%s%s%*s", left > 0 ? left : 0, "", color, text, *color ? "\033[0m" : "",
          right > 0 ? right : 0, "");
}

/* httpstat's marks: time from the hop's start to the end of each phase.
 * A phase that did not run ends where the previous one did. */
static void marks_of(const ht_phases *p, int64_t mark[5]) {
  int64_t ends[5] = {p->dns_at >= 0 ? p->dns_at + p->dns : -1,
                     p->connect_at >= 0 ? p->connect_at + p->connect : -1,
                     p->tls_at >= 0 ? p->tls_at + p->tls : -1,
                     p->transfer_at, /* first byte */
                     p->transfer_at >= 0 ? p->transfer_at + p->transfer : -1};
  int64_t prev = 0;
  for (int i = 0; i < 5; i++) {
    mark[i] = ends[i] >= 0 ? ends[i] - p->hop_at : prev;
    if (mark[i] < prev) mark[i] = prev;
    prev = mark[i];
  }
}

void ht_summary_write(FILE *out, const ht_event *ev, int color) {
  const ht_phases *p = &ev->phases;
  int64_t seg[5] = {p->dns, p->connect, p->tls, p->server, p->transfer}, mark[5];
  const char *cyan = color ? "\033[36m" : "";
  char text[32];
  fprintf(out, " ");
  for (int i = 0; i < 5; i++) centered(out, heads[i], COL + 1, "");
  fprintf(out, "\n[");
  for (int i = 0; i < 5; i++) {
    ms(text, sizeof text, seg[i]);
    centered(out, text, COL, cyan);
    fputc(i < 4 ? '|' : ']', out);
  }
  fputc('\n', out);
  marks_of(p, mark);
  for (int i = 0; i < 5; i++) {
    ms(text, sizeof text, mark[i]);
    /* each mark ends under the right edge of its segment */
    int col = (i + 1) * (COL + 1);
    char line[64];
    int n = snprintf(line, sizeof line, "%s:%s", marks[i], text);
    fprintf(out, "%*s%s\n", col - n > 0 ? col - n : 0, "", line);
  }
}

void ht_csv_header(FILE *out) {
  fputs("req,status,error_code,error_kind,total_us,queued_us,dns_us,connect_us,tls_us,"
        "server_us,transfer_us,bytes,http_version,hops,conn_wait_us\n",
        out);
}

void ht_csv_row(FILE *out, const ht_event *ev, int64_t queued_us) {
  char row[256];
  const ht_phases *p = &ev->phases;
  int n = snprintf(row, sizeof row, "%llu,%ld,%d,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%s,%d,%lld\n",
                   (unsigned long long)ev->req, ev->status, ev->error,
                   ev->error_kind ? ev->error_kind : "", (long long)(ev->total_us + queued_us),
                   (long long)queued_us, (long long)p->dns, (long long)p->connect,
                   (long long)p->tls, (long long)p->server, (long long)p->transfer,
                   (long long)ev->bytes, ev->http_version ? ev->http_version : "", ev->hop + 1,
                   (long long)p->conn_wait);
  if (n > 0 && (size_t)n < sizeof row) fwrite(row, 1, (size_t)n, out);
}
