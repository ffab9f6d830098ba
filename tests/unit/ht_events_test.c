/* ht_events_test.c: the event JSON format (golden strings per kind), bounded
 * formatting, error kinds, histogram quantiles and stats merging. No network. */
#include "httptrace.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

typedef struct golden {
  ht_event ev;
  const char *want;
} golden;

static void json_goldens(void) {
  static const golden cases[] = {
      {{.kind = HT_REQUEST_START, .req = 7, .method = "GET", .url = "http://h/\"q\""},
       "{\"v\":2,\"event\":\"request_start\",\"req\":7,\"t_us\":0,\"hop\":0,\"method\":\"GET\","
       "\"url\":\"http://h/\\\"q\\\"\"}\n"},
      {{.kind = HT_DNS_DONE, .req = 1, .t_us = 5, .derived = 1, .addrs = "[::1]:80,1.2.3.4:80"},
       "{\"v\":2,\"event\":\"dns_done\",\"req\":1,\"t_us\":5,\"hop\":0,\"derived\":true,"
       "\"addrs\":[\"[::1]:80\",\"1.2.3.4:80\"],\"error\":null}\n"},
      {{.kind = HT_CONNECT_DONE, .req = 1, .t_us = 9, .addr = "1.2.3.4:80", .error = 7,
        .error_kind = "connect", .error_msg = "refused"},
       "{\"v\":2,\"event\":\"connect_done\",\"req\":1,\"t_us\":9,\"hop\":0,\"addr\":\"1.2.3.4:80\","
       "\"error\":{\"code\":7,\"kind\":\"connect\",\"message\":\"refused\"}}\n"},
      {{.kind = HT_TLS_DONE, .req = 2, .t_us = 3, .tls_version = "TLSv1.3", .cipher = "C"},
       "{\"v\":2,\"event\":\"tls_done\",\"req\":2,\"t_us\":3,\"hop\":0,\"version\":\"TLSv1.3\","
       "\"cipher\":\"C\",\"server_name\":null,\"resumed\":false,\"peer\":null,\"error\":null}\n"},
      {{.kind = HT_TLS_DONE, .req = 2, .t_us = 3, .tls_version = "TLSv1.3", .cipher = "C",
        .server_name = "h", .resumed = 1, .peer_subject = "/CN=h", .peer_issuer = "/CN=ca",
        .peer_not_after = "2030-01-02T03:04:05Z"},
       "{\"v\":2,\"event\":\"tls_done\",\"req\":2,\"t_us\":3,\"hop\":0,\"version\":\"TLSv1.3\","
       "\"cipher\":\"C\",\"server_name\":\"h\",\"resumed\":true,\"peer\":{\"subject\":\"/CN=h\","
       "\"issuer\":\"/CN=ca\",\"not_after\":\"2030-01-02T03:04:05Z\"},\"error\":null}\n"},
      {{.kind = HT_GOT_CONN, .req = 2, .t_us = 4, .reused = 1, .local = "l", .remote = "r",
        .http_version = "2", .was_idle = 1, .idle_us = 1500},
       "{\"v\":2,\"event\":\"got_conn\",\"req\":2,\"t_us\":4,\"hop\":0,\"reused\":true,"
       "\"local\":\"l\",\"remote\":\"r\",\"http_version\":\"2\",\"was_idle\":true,\"idle_us\":1500}\n"},
      {{.kind = HT_GOT_CONN, .req = 2, .t_us = 4, .local = "l", .remote = "r", .idle_us = -1},
       "{\"v\":2,\"event\":\"got_conn\",\"req\":2,\"t_us\":4,\"hop\":0,\"reused\":false,"
       "\"local\":\"l\",\"remote\":\"r\",\"http_version\":null,\"was_idle\":false,\"idle_us\":null}\n"},
      {{.kind = HT_GET_CONN, .req = 5, .host = "h:443"},
       "{\"v\":2,\"event\":\"get_conn\",\"req\":5,\"t_us\":0,\"hop\":0,\"host_port\":\"h:443\"}\n"},
      {{.kind = HT_DNS_START, .req = 5, .t_us = 1, .host = "h"},
       "{\"v\":2,\"event\":\"dns_start\",\"req\":5,\"t_us\":1,\"hop\":0,\"host\":\"h\"}\n"},
      {{.kind = HT_WROTE_HEADER_FIELD, .req = 5, .t_us = 2, .key = "Accept", .value = "*/*"},
       "{\"v\":2,\"event\":\"wrote_header_field\",\"req\":5,\"t_us\":2,\"hop\":0,\"key\":\"Accept\","
       "\"value\":\"*/*\"}\n"},
      {{.kind = HT_WAIT_100_CONTINUE, .req = 5, .t_us = 2},
       "{\"v\":2,\"event\":\"wait_100_continue\",\"req\":5,\"t_us\":2,\"hop\":0}\n"},
      {{.kind = HT_GOT_100_CONTINUE, .req = 5, .t_us = 3},
       "{\"v\":2,\"event\":\"got_100_continue\",\"req\":5,\"t_us\":3,\"hop\":0}\n"},
      {{.kind = HT_WROTE_REQUEST, .req = 5, .t_us = 3, .error = 55, .error_kind = "reset",
        .error_msg = "Send failure"},
       "{\"v\":2,\"event\":\"wrote_request\",\"req\":5,\"t_us\":3,\"hop\":0,\"error\":{\"code\":55,"
       "\"kind\":\"reset\",\"message\":\"Send failure\"}}\n"},
      {{.kind = HT_PUT_IDLE_CONN, .req = 5, .t_us = 9, .idle = 1},
       "{\"v\":2,\"event\":\"put_idle_conn\",\"req\":5,\"t_us\":9,\"hop\":0,\"idle\":true}\n"},
      {{.kind = HT_GOT_1XX, .req = 2, .t_us = 4, .status = 103},
       "{\"v\":2,\"event\":\"got_1xx\",\"req\":2,\"t_us\":4,\"hop\":0,\"status\":103}\n"},
      {{.kind = HT_REDIRECT, .req = 3, .t_us = 8, .hop = 1, .status = 302, .location = "/x",
        .phases = {1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0}},
       "{\"v\":2,\"event\":\"redirect\",\"req\":3,\"t_us\":8,\"hop\":1,\"status\":302,"
       "\"location\":\"/x\",\"phases\":{\"conn_wait\":0,\"dns\":1,\"connect\":2,\"tls\":3,\"server\":4,"
       "\"transfer\":5}}\n"},
      {{.kind = HT_DONE, .req = 3, .t_us = 9, .status = 200, .http_version = "1.1", .bytes = 6,
        .total_us = 9},
       "{\"v\":2,\"event\":\"done\",\"req\":3,\"t_us\":9,\"hop\":0,\"status\":200,"
       "\"http_version\":\"1.1\",\"error\":null,\"bytes\":6,\"total_us\":9,\"phases\":{\"conn_wait\":0,\"dns\":0,"
       "\"connect\":0,\"tls\":0,\"server\":0,\"transfer\":0}}\n"},
      {{.kind = HT_WROTE_HEADERS, .req = 1, .t_us = 1, .derived = 1},
       "{\"v\":2,\"event\":\"wrote_headers\",\"req\":1,\"t_us\":1,\"hop\":0,\"derived\":true}\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[1024];
    size_t n = ht_json_format(&cases[i].ev, buf, sizeof buf);
    if (!ok(n == strlen(cases[i].want) && strcmp(buf, cases[i].want) == 0, "json golden %s",
            ht_event_name(cases[i].ev.kind)))
      printf("#   got:  %s#   want: %s", buf, cases[i].want);
  }
}

static void json_bounds(void) {
  ht_event ev = {.kind = HT_REQUEST_START, .req = 1, .method = "GET", .url = "http://x/"};
  char full[512], small[16];
  size_t need = ht_json_format(&ev, full, sizeof full);
  size_t got = ht_json_format(&ev, small, sizeof small);
  is_int(got, need, "truncated format reports the length it needs");
  ok(strlen(small) == sizeof small - 1, "truncated output stays NUL-terminated in bounds");
  ht_event ctl = {.kind = HT_REDIRECT, .location = "a\nb\x01"};
  ht_json_format(&ctl, full, sizeof full);
  ok(strstr(full, "\"a\\u000ab\\u0001\"") != NULL, "control characters are escaped");
}

static void error_kinds(void) {
  static const struct {
    int code;
    const char *kind;
  } table[] = {{CURLE_COULDNT_RESOLVE_HOST, "dns"}, {CURLE_COULDNT_CONNECT, "connect"},
               {CURLE_PEER_FAILED_VERIFICATION, "tls"}, {CURLE_OPERATION_TIMEDOUT, "timeout"},
               {CURLE_RECV_ERROR, "reset"}, {CURLE_PARTIAL_FILE, "truncated"},
               {CURLE_HTTP2_STREAM, "http2"}, {CURLE_URL_MALFORMAT, "other"}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    ok(strcmp(ht_error_kind(table[i].code), table[i].kind) == 0, "error kind of %d is %s",
       table[i].code, table[i].kind);
  ok(ht_error_kind(CURLE_OK) == NULL, "no kind for CURLE_OK");
  is_int(strcmp(ht_event_name(HT_EVENT_COUNT), "unknown"), 0, "out-of-range kind name");
}

static ht_event done_event(int64_t total, long status, int error) {
  ht_event ev = {.kind = HT_DONE, .status = status, .error = error, .total_us = total};
  ev.phases.dns_at = ev.phases.connect_at = ev.phases.tls_at = -1;
  ev.phases.server_at = 0;
  ev.phases.server = total / 2;
  ev.phases.transfer_at = -1;
  return ev;
}

static void stats_quantiles(void) {
  ht_stats *a = ht_stats_new(), *b = ht_stats_new();
  for (int i = 1; i <= 1000; i++) {
    ht_event ev = done_event(i * 100, 200, 0);
    ht_stats_add(i % 2 ? a : b, &ev, 0);
  }
  ht_event err = done_event(10, 0, CURLE_OPERATION_TIMEDOUT);
  ht_stats_add(b, &err, 0);
  ht_event late = done_event(50, 200, 0);
  ht_stats_add(b, &late, 25);
  ht_stats_merge(a, b);
  is_int(ht_stats_count(a), 1002, "merged count");
  is_int(ht_stats_errors(a), 1, "merged errors");
  int64_t p50 = ht_stats_quantile(a, HT_M_TOTAL, 0.5), max = ht_stats_quantile(a, HT_M_TOTAL, 1.0);
  ok(p50 > 50000 * 0.98 && p50 < 50000 * 1.02, "p50 within 2%% (%lld)", (long long)p50);
  is_int(max, 100000, "max is exact");
  is_int(ht_stats_quantile(a, HT_M_DNS, 0.5), -1, "no dns samples when no dns ran");
  ok(ht_stats_quantile(a, HT_M_WAIT, 0.99) > 0, "wait phase has samples");
  is_int(ht_stats_quantile(a, HT_M_TOTAL, 0.0), 75,
         "queued time is added to latency; a failure adds none (its 10 us is not the min)");
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  ht_stats_write_json(mem, a, 2.0);
  fclose(mem);
  ok(strstr(text, "\"requests_per_sec\":500.5") && strstr(text, "\"p99_9\":") &&
         strstr(text, "\"status\":{\"200\":1001}") && strstr(text, "\"kind\":\"timeout\""),
     "json report holds the rate of successes, percentiles, status codes, errors by kind");
  free(text);
  ht_stats_free(a);
  ht_stats_free(b);
}

static char *json_of(const ht_stats *st) {
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  ht_stats_write_json(mem, st, 1.0);
  fclose(mem);
  return text;
}

static int count_of(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

/* The histogram's bins are never finer than its buckets: at 1 s latencies
 * values are told apart to 1/128 (8 ms), so 300 us of spread is one bin,
 * where ten equal bins would be 30 us wide. Spread over 1 ms near 1 ms
 * (16 us buckets) keeps ten bins. An empty metric is null, not -1. */
static void histogram_bins(void) {
  ht_stats *slow = ht_stats_new(), *fast = ht_stats_new();
  for (int i = 0; i <= 300; i++) {
    ht_event ev = done_event(1000000 + i, 200, 0);
    ht_stats_add(slow, &ev, 0);
  }
  for (int i = 0; i <= 1000; i++) {
    ht_event ev = done_event(100 + i, 200, 0);
    ht_stats_add(fast, &ev, 0);
  }
  char *text = json_of(slow);
  is_int(count_of(text, "\"le_us\""), 1, "1 s latencies 300 us apart: one bin, not ten of 30 us");
  ok(strstr(text, "\"histogram\":[{\"le_us\":1000301,\"count\":301}]") != NULL,
     "the one bin holds all 301 samples");
  ok(strstr(text, "\"dns\":{\"count\":0,\"min\":null,\"p10\":null,\"p25\":null,\"p50\":null,"
                  "\"p75\":null,\"p90\":null,\"p95\":null,\"p99\":null,\"p99_9\":null,\"max\":null,"
                  "\"mean\":null}") != NULL,
     "an empty phase is null, not -1");
  free(text);
  text = json_of(fast);
  is_int(count_of(text, "\"le_us\""), 10, "100-1100 us: ten bins of 100 us");
  free(text);
  ht_stats_free(slow);
  ht_stats_free(fast);
}

static char *capture_summary(const ht_event *ev) {
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  ht_summary_write(mem, ev, 0);
  fclose(mem);
  return text;
}

static void summary_and_csv(void) {
  ht_event ev = {.kind = HT_DONE, .req = 4, .status = 200, .bytes = 6, .total_us = 2345,
                 .http_version = "2",
                 .phases = {100, 200, 1000, 1000, 45, 0, 100, 300, 1300, 2300, 0}};
  char *text = capture_summary(&ev);
  static const char want[] =
      "      DNS Lookup        TCP Connection      TLS Handshake     Server Processing    Content Transfer  \n"
      "[      0.100ms      |      0.200ms      |      1.000ms      |      1.000ms      |      0.045ms      ]\n"
      "  namelookup:0.100ms\n"
      "                         connect:0.300ms\n"
      "                                          appconnect:1.300ms\n"
      "                                                           starttransfer:2.300ms\n"
      "                                                                                       total:2.345ms\n";
  if (!ok(strcmp(text, want) == 0, "summary bar golden")) printf("# got:\n%s", text);
  free(text);
  char *row = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&row, &len);
  ht_csv_header(mem);
  ht_csv_row(mem, &ev, 5);
  fclose(mem);
  ok(strstr(row, "\n4,200,0,,2350,5,100,200,1000,1000,45,6,2,1,0\n") != NULL, "csv row golden");
  free(row);
}

int main(void) {
  json_goldens();
  json_bounds();
  error_kinds();
  stats_quantiles();
  histogram_bins();
  summary_and_csv();
  return tap_done();
}
