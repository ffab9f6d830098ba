/* finish.c: the start and the end of a request (ht_begin, ht_finish and the
 * perform/multi helpers), and naming what went wrong.
 * Invariant: on failure the phase that was under way when libcurl gave up
 * gets its *_done event with the error, so the stream says where it failed;
 * phases that completed but were not seen live are raised as derived; a
 * response that ended inside its headers is an error even when libcurl
 * 7.88.1 calls it a success. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *ht_error_kind(int code) {
  switch (code) {
  case CURLE_OK: return NULL;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
  case CURLE_COULDNT_CONNECT: return "connect";
  case CURLE_OPERATION_TIMEDOUT: return "timeout";
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return "tls";
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
  case CURLE_GOT_NOTHING: return "reset";
  case CURLE_PARTIAL_FILE: return "truncated";
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM: return "http2";
  default: return "other";
  }
}

void ht_begin(ht_trace *tr) {
  if (!tr) return;
  trace_open(tr, trace_now_us());
}

static void fill_error(const ht_trace *tr, ht_event *ev, CURLcode result) {
  ev->error = result;
  ev->error_msg = tr->errbuf[0] ? tr->errbuf : curl_easy_strerror(result);
  ev->error_kind = ht_error_kind(result);
}

/* Was the request not completely written when the transfer failed? A code
 * that says so, or fewer body bytes sent than the request has (a server
 * that resets while the body goes out is often seen as a receive error). */
static int write_failed(ht_trace *tr, CURLcode r) {
  if (r == CURLE_SEND_ERROR || r == CURLE_READ_ERROR || r == CURLE_UPLOAD_FAILED ||
      r == CURLE_ABORTED_BY_CALLBACK)
    return 1;
  curl_off_t want = -1, sent = 0;
  curl_easy_getinfo(tr->easy, CURLINFO_CONTENT_LENGTH_UPLOAD_T, &want);
  curl_easy_getinfo(tr->easy, CURLINFO_SIZE_UPLOAD_T, &sent);
  return want > 0 && sent < want;
}

/* Raises the *_done of the phase that was running when the transfer failed
 * (wrote_request when the request could not be sent, as Go's WroteRequest
 * carries the write's error). */
static void fail_open_phase(ht_trace *tr, CURLcode result, int64_t now) {
  ht_hop *h = &tr->hop;
  ht_event ev = {0};
  if (h->got_conn >= 0 && h->wrote < 0 && (h->first_byte < 0 || h->hold_wrote) &&
      write_failed(tr, result)) {
    h->hold_wrote = 0;
    if (h->wrote_headers < 0) {
      h->wrote_headers = h->got_conn;
      trace_mark(tr, HT_WROTE_HEADERS, h->wrote_headers, 1);
    }
    ev.kind = HT_WROTE_REQUEST;
    h->wrote = now;
    fill_error(tr, &ev, result);
    trace_emit(tr, &ev, now, 0);
    return;
  }
  if (h->dns_start >= 0 && h->dns_done < 0 && h->attempts == 0) {
    ev.kind = HT_DNS_DONE;
    ev.addrs = tr->addrs;
    h->dns_done = now;
  } else if (h->conn_start >= 0 && h->conn_done < 0 && h->tls_start < 0 &&
             trace_derived_time(tr, HT_INFO_CONNECT) < 0) {
    ev.kind = HT_CONNECT_DONE;
    ev.addr = tr->addr;
    h->conn_done = now;
  } else if (h->tls_start >= 0 && h->tls_done < 0) {
    trace_catch_up_connect(tr);
    ev.kind = HT_TLS_DONE;
    h->tls_done = now;
  } else {
    return;
  }
  fill_error(tr, &ev, result);
  trace_emit(tr, &ev, now, 0);
}

/* Catches up what completed without a live event: a got_conn means the
 * request was sent; a status means everything before its first byte
 * happened. */
static void catch_up_response(ht_trace *tr, long status) {
  trace_catch_up_dns(tr);
  trace_catch_up_connect(tr);
  trace_catch_up_tls(tr);
  /* the request went out if libcurl got a connection (timeout, reset...) */
  if (tr->hop.got_conn >= 0 || trace_derived_time(tr, HT_INFO_PRETRANSFER) >= 0)
    trace_catch_up_request(tr);
  if (status == 0 || tr->hop.first_byte >= 0) return;
  int64_t t = trace_derived_time(tr, HT_INFO_STARTTRANSFER);
  tr->hop.first_byte = t >= 0 ? t : tr->last_t;
  trace_mark(tr, HT_FIRST_BYTE, tr->hop.first_byte, 1);
}

static void emit_done(ht_trace *tr, CURLcode result, int64_t now, long status) {
  ht_event ev = {.kind = HT_DONE, .status = status};
  curl_off_t bytes = 0;
  curl_easy_getinfo(tr->easy, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  ev.bytes = bytes;
  ev.http_version = ev.status ? trace_http_version(tr) : NULL;
  if (result != CURLE_OK) fill_error(tr, &ev, result);
  tr->hop.end = now; /* the last hop's transfer runs to done, past its headers */
  trace_hop_phases(tr, &ev.phases);
  ev.total_us = now;
  trace_emit(tr, &ev, now, 0);
}

/* libcurl 7.88.1 ends a transfer whose connection closed after a status line
 * but before the blank line that ends the headers with CURLE_OK (status 200,
 * no body): the tracer saw the status line and no end of headers. */
static CURLcode check_headers_ended(ht_trace *tr, CURLcode result) {
  if (result != CURLE_OK || tr->hop.status <= 0 || tr->hop.ended) return result;
  snprintf(tr->errbuf, sizeof tr->errbuf, "the response ended inside its headers (HTTP %ld)",
           tr->hop.status);
  return CURLE_PARTIAL_FILE;
}

void ht_finish(ht_trace *tr, CURLcode result) {
  if (!tr || !tr->open) return;
  trace_touch(tr, 0);
  int64_t now = trace_now_us() - tr->start_us;
  long status = 0;
  curl_easy_getinfo(tr->easy, CURLINFO_RESPONSE_CODE, &status);
  result = check_headers_ended(tr, result);
  tr->result = result;
  if (result != CURLE_OK) fail_open_phase(tr, result, now);
  tr->hop.hold_wrote = 0; /* what was sent is all there will be */
  catch_up_response(tr, status);
  trace_return_conn(tr, now);
  emit_done(tr, result, now, status);
  if (tr->app_errbuf) memcpy(tr->app_errbuf, tr->errbuf, sizeof tr->errbuf);
  tr->open = 0;
}

CURLcode ht_perform(ht_trace *tr) {
  if (!tr) return CURLE_BAD_FUNCTION_ARGUMENT;
  ht_begin(tr);
  ht_finish(tr, curl_easy_perform(tr->easy));
  return tr->result;
}

CURLMcode ht_multi_add(ht_trace *tr, CURLM *multi) {
  if (!tr) return CURLM_BAD_EASY_HANDLE;
  ht_begin(tr);
  CURLMcode mc = curl_multi_add_handle(multi, tr->easy);
  if (mc != CURLM_OK) tr->open = 0;
  return mc;
}
