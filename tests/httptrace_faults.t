#!/bin/bash
# httptrace_faults.t: failures end with a done that carries curl's code and
# message, the failed phase's *_done carries the error, the command names the
# phase in one line and exits 1. Also 1xx, redirect chains, the slow server
# (the only duration asserted: the wait is at least the delay) and the open
# loop's coordinated-omission accounting against a stalled server.
. "$(dirname "$0")/../fixtures/http/prelude.sh"

# fails NAME EXPECTED-PHASE CODE ARGS...: runs twice (human, --json)
fails() {
  local name=$1 phase=$2 code=$3; shift 3
  "$HT" "$@" > /dev/null 2> "$OUT/$name.err"; local rc=$?
  t_is "$rc" 1 "$name: exit status 1"
  t_is "$(wc -l < "$OUT/$name.err")" 1 "$name: one line on stderr"
  grep -q "^httptrace: $phase failed: .*(curl error $code)$" "$OUT/$name.err"
  t_ok $? "$name: message names the phase ($phase)" || sed 's/^/#   /' "$OUT/$name.err"
  "$HT" --json "$@" > "$OUT/$name.jsonl" 2>/dev/null
  t_is "$(t_field "$OUT/$name.jsonl" done error.code)" "$code" "$name: done carries curl code $code"
  t_ok "$(t_field "$OUT/$name.jsonl" done error.message | grep -q . ; echo $?)" "$name: done carries curl's message"
}

fails dns "DNS lookup" 6 http://nosuch.invalid/
t_is "$(t_events "$OUT/dns.jsonl")" "request_start get_conn dns_start dns_done done" "dns: events"
t_is "$(t_field "$OUT/dns.jsonl" dns_done error.kind)" dns "dns: dns_done carries the error"
t_golden dns_fail.jsonl "$OUT/dns.jsonl"

CLOSED=$("$TOOLS/ht_faultserver" --free-port)
fails refused "TCP connection" 7 "http://127.0.0.1:$CLOSED/"
t_is "$(t_events "$OUT/refused.jsonl")" "request_start get_conn dns_start dns_done connect_start connect_done done" "refused: events"
t_is "$(t_field "$OUT/refused.jsonl" connect_done error.kind)" connect "refused: connect_done carries the error"
t_golden refused.jsonl "$OUT/refused.jsonl"

fails tlsverify "TLS handshake" 60 "$S/hello"
t_is "$(t_field "$OUT/tlsverify.jsonl" tls_done error.kind)" tls "tls: tls_done carries the error"

fails timeout "server processing" 28 -m 0.3 "$F/slow?ms=3000"
t_is "$(t_field "$OUT/timeout.jsonl" done error.kind)" timeout "timeout: kind"
t_is "$(t_events "$OUT/timeout.jsonl")" \
  "request_start get_conn dns_start dns_done connect_start connect_done got_conn wrote_header_field wrote_header_field wrote_header_field wrote_headers wrote_request put_idle_conn done" \
  "timeout: the request was written, no first byte"
t_is "$(t_field "$OUT/timeout.jsonl" put_idle_conn idle)" false "timeout: the connection is closed, not put idle"

# a TLS client hello to the plain fault server gets no answer: the
# handshake times out, and tls_done carries the timeout
fails tlstimeout "TLS handshake" 28 -m 0.3 -k "https://127.0.0.1:$FAULT_PORT/"
t_is "$(t_field "$OUT/tlstimeout.jsonl" tls_done error.kind)" timeout "tls timeout: tls_done carries the error"

fails reset "server processing" 56 "$F/reset"
t_is "$(t_field "$OUT/reset.jsonl" done error.kind)" reset "reset: kind"

fails truncated "content transfer" 18 "$F/truncated"
t_is "$(t_field "$OUT/truncated.jsonl" done error.kind)" truncated "truncated: kind"
t_is "$(t_field "$OUT/truncated.jsonl" done bytes)" 10 "truncated: bytes received"
t_is "$(t_field "$OUT/truncated.jsonl" done status)" 200 "truncated: status kept"

# a response that ends inside its headers (libcurl 7.88.1 calls it a
# success, status 200 and no body) is an error in both modes
fails cutheaders "content transfer" 18 "$F/cutheaders"
t_is "$(t_field "$OUT/cutheaders.jsonl" done error.kind)" truncated "cut headers: kind"
t_is "$(t_field "$OUT/cutheaders.jsonl" done error.message)" "the response ended inside its headers (HTTP 200)" "cut headers: says so"
"$HT" -n 4 -c 2 --json "$F/cutheaders" > "$OUT/cut_load.json" 2> /dev/null
t_is "$?:$(perl -MJSON::PP -ne '$r = decode_json($_); print "$r->{errors} $r->{errors_by_kind}[0]{kind}"' "$OUT/cut_load.json")" \
  "1:4 truncated" "cut headers, load mode: every request an error, exit 1"

# the body: -d @FILE reads the file without its newlines (curl's rule),
# --data-binary @FILE as is, @- is stdin, --data-raw takes @ literally,
# parts join with '&'; /echo sends the body back
printf 'a=1\r\nb=2\n' > "$OUT/form.txt"
"$HT" -d @"$OUT/form.txt" -o "$OUT/echo1" "$F/echo" > /dev/null; t_is $? 0 "-d @FILE: exit 0"
t_is "$(cat "$OUT/echo1")" "a=1b=2" "-d @FILE sends the file's contents without newlines"
"$HT" --data-binary @"$OUT/form.txt" -d x=1 --data-raw @raw -o "$OUT/echo2" "$F/echo" > /dev/null
t_is "$(od -An -c "$OUT/echo2" | tr -s ' ' | tr -d '\n')" " a = 1 \r \n b = 2 \n & x = 1 & @ r a w" "--data-binary keeps newlines; parts join with &; --data-raw keeps @"
echo 'from stdin' | "$HT" -d @- -o "$OUT/echo3" "$F/echo" > /dev/null
t_is "$(cat "$OUT/echo3")" "from stdin" "-d @- reads stdin"
head -c 300000 /dev/urandom > "$OUT/blob"
"$HT" -n 4 -c 2 --data-binary @"$OUT/blob" --json "$F/echo" > "$OUT/blob.json"
t_is "$(perl -MJSON::PP -ne '$r = decode_json($_); print "$r->{errors} $r->{bytes}"' "$OUT/blob.json")" "0 1200000" "load mode sends the binary body, NULs and all, every time"

# Expect: 100-continue (precise mode): the headers, wait_100_continue, the
# 100, then the body (wrote_request), as Go orders them; the body arrives
"$HT" --json -H 'Expect: 100-continue' -d 'a=1' -o "$OUT/echo100" "$F/echo" > "$OUT/100.jsonl"
t_is "$(t_events "$OUT/100.jsonl" | sed 's/wrote_header_field //g' | perl -pe 's/.*(got_conn.*)/$1/')" \
  "got_conn wrote_headers wait_100_continue first_byte got_1xx got_100_continue wrote_request put_idle_conn done" \
  "100-continue: the body is written after the 100"
t_is "$(cat "$OUT/echo100")" "a=1" "100-continue: the body arrived"
# a request the server resets while its body goes out: wrote_request
# carries the error (Go's WroteRequestInfo.Err), in both modes
head -c 33554432 /dev/zero > "$OUT/big"
"$HT" --json --data-binary @"$OUT/big" "$F/reset" > "$OUT/unsent.jsonl" 2> /dev/null
t_is "$(t_field "$OUT/unsent.jsonl" wrote_request error.kind)" reset "a reset during the upload: wrote_request carries the error"
"$HT" -n 1 -c 1 --events "$OUT/unsent2.jsonl" --data-binary @"$OUT/big" "$F/reset" > /dev/null 2>&1
t_is "$(t_field "$OUT/unsent2.jsonl" wrote_request error.kind)" reset "and in derived mode"
rm -f "$OUT/big"

# 1xx before the response
for p in early:103 continue:100; do
  "$HT" --json "$F/${p%%:*}" > "$OUT/1xx.jsonl"; t_is $? 0 "/${p%%:*}: exits 0"
  t_is "$(t_events "$OUT/1xx.jsonl" | perl -pe 's/.*(first_byte.*)/$1/')" "first_byte got_1xx$( [ "${p##*:}" = 100 ] && echo " got_100_continue") put_idle_conn done" "/${p%%:*}: got_1xx after first_byte (and got_100_continue for a 100)"
  t_is "$(t_field "$OUT/1xx.jsonl" got_1xx status)" "${p##*:}" "/${p%%:*}: got_1xx status ${p##*:}"
  t_is "$(t_field "$OUT/1xx.jsonl" done status)" 200 "/${p%%:*}: final status 200"
done

# redirect chains
"$HT" --json -L "$F/redirect/3" > "$OUT/chain.jsonl"; t_is $? 0 "chain: exits 0"
t_is "$(grep -c '"event":"redirect"' "$OUT/chain.jsonl")" 3 "chain: three redirects"
t_is "$(t_field "$OUT/chain.jsonl" done hop)" 3 "chain: done on hop 3"
t_is "$(grep '"event":"got_conn"' "$OUT/chain.jsonl" | grep -c '"reused":true')" 3 "chain: hops 1-3 reuse the connection"
t_is "$(t_field "$OUT/chain.jsonl" redirect location)" /redirect/2 "chain: location as sent"
t_golden redirect_chain.jsonl "$OUT/chain.jsonl"
"$HT" --json "$F/redirect/3" > "$OUT/nofollow.jsonl"
t_is "$(t_events "$OUT/nofollow.jsonl" | perl -pe 's/.*(first_byte.*)/$1/')" "first_byte redirect put_idle_conn done" "without -L: redirect then done"
t_is "$(t_field "$OUT/nofollow.jsonl" done status)" 302 "without -L: done has the 302"

# slow first byte: the wait is at least the delay
"$HT" --json "$F/slow?ms=300" > "$OUT/slow.jsonl"
w=$(t_field "$OUT/slow.jsonl" done phases.server)
t_ok $(( w >= 300000 ? 0 : 1 )) "slow: server phase $w us >= 300000"

# open loop against a stalled server: latency counts from the intended send
# time. 5 requests due every 100 ms, one connection, 300 ms each: the last
# one cannot finish before 1500 ms, and was due at 400 ms.
"$HT" -q 10 -z 0.5 -c 1 --json "$F/slow?ms=300" > "$OUT/co.json"
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{requests}' "$OUT/co.json")" 5 "open loop: 5 requests"
max=$(perl -MJSON::PP -ne 'print decode_json($_)->{latency_us}{total}{max}' "$OUT/co.json")
t_ok $(( max >= 1000000 ? 0 : 1 )) "open loop: stall counted in latency (max $max us >= 1000000)"
"$HT" -n 5 -c 1 --json "$F/slow?ms=300" > "$OUT/closed.json"
cmax=$(perl -MJSON::PP -ne 'print decode_json($_)->{latency_us}{total}{max}' "$OUT/closed.json")
t_ok $(( cmax < max ? 0 : 1 )) "closed loop hides the stall ($cmax < $max us)"

# a hostile status line and an oversized Location: no crash, one done
"$HT" --json -L "$F/weird" > "$OUT/weird.jsonl" 2> /dev/null
t_ok $(( $? <= 1 ? 0 : 1 )) "weird response: clean exit"
t_is "$(grep -c '"event":"done"' "$OUT/weird.jsonl")" 1 "weird response: one done"
"$HT" --json "$F/longloc" > "$OUT/longloc.jsonl"; t_is $? 0 "600-byte Location: exits 0"
t_is "$(t_field "$OUT/longloc.jsonl" redirect location | wc -c)" 511 "600-byte Location: kept to the first 511 bytes"

# load mode counts errors by kind; when every request failed it says so,
# shows no rate, latencies or status table, and exits 1
"$HT" -n 20 -c 2 --json "$F/reset" > "$OUT/errs.json" 2> "$OUT/errs.err"
t_is $? 1 "load: every request failed: exit 1"
grep -q "^httptrace: load: no request succeeded (20 of 20 failed)$" "$OUT/errs.err"
t_ok $? "load: every request failed: says so on stderr"
t_is "$(perl -MJSON::PP -ne '$r = decode_json($_); print "$r->{requests_per_sec} ", scalar @{$r->{histogram}}, " ", scalar keys %{$r->{status}}, " $r->{latency_us}{total}{count}"' "$OUT/errs.json")" \
  "0 0 0 0" "load --json, every request failed: no rate, no histogram, no status, no latency"
"$HT" -n 6 -c 2 "$F/reset" > "$OUT/errs.txt" 2> /dev/null
t_is $? 1 "load text, every request failed: exit 1"
grep -q "No request succeeded" "$OUT/errs.txt" && ! grep -q "Requests/sec\|histogram\|Status code\|Latency" "$OUT/errs.txt"
t_ok $? "load text, every request failed: no rate, histogram, status table or latency"
grep -q "reset *\[curl 56\] .*: 6" "$OUT/errs.txt"; t_ok $? "load text, every request failed: the errors are listed"
t_is "$(perl -MJSON::PP -ne 'my $r = decode_json($_); print "$r->{errors} $r->{errors_by_kind}[0]{kind}"' "$OUT/errs.json")" \
  "20 reset" "load: errors by kind"

# some failed: exit 0 unless above --fail-above (/flaky resets every other
# request; with -c 1 that is exactly half)
"$HT" -n 20 -c 1 --json "$F/flaky" > "$OUT/flaky.json" 2> "$OUT/flaky.err"
t_is "$?:$(perl -MJSON::PP -ne 'print decode_json($_)->{errors}' "$OUT/flaky.json")" 0:10 "load: 10 of 20 failed, no threshold: exit 0"
"$HT" -n 20 -c 1 --fail-above 60 "$F/flaky" > /dev/null 2>&1; t_is $? 0 "--fail-above 60: 50% failed, exit 0"
"$HT" -n 20 -c 1 --fail-above 10% "$F/flaky" > "$OUT/flaky.txt" 2> "$OUT/flaky.err"; t_is $? 1 "--fail-above 10%: 50% failed, exit 1"
t_is "$(cat "$OUT/flaky.err")" "httptrace: load: 50.00% of requests failed (10 of 20), above --fail-above 10%" "--fail-above: one line says why"
grep -q "Requests/sec:	" "$OUT/flaky.txt" && grep -q "\[200\]	10 responses" "$OUT/flaky.txt"
t_ok $? "some failed: the report still has the rate and the 10 responses"

# load mode names each failure with the transfer's own text, as one-URL mode
# does (curl's generic text for code 1 is "Unsupported protocol"), traced
# and with --no-trace
for p in http09 weird reset truncated; do
  "$HT" --json "$F/$p" 2> /dev/null > "$OUT/one_$p.jsonl"
  want=$(t_field "$OUT/one_$p.jsonl" done error.message)
  for mode in "" --no-trace; do
    "$HT" -n 4 -c 2 --json $mode "$F/$p" > "$OUT/load_$p.json" 2> /dev/null
    t_is "$(perl -MJSON::PP -ne 'print join("|", map { $_->{message} } @{decode_json($_)->{errors_by_kind}})' "$OUT/load_$p.json")" \
      "$want" "load $mode /$p: names the error as one-URL mode does ($want)"
  done
done
"$HT" -n 4 -c 2 "$F/http09" > "$OUT/load_http09.txt" 2> /dev/null
grep -q "other *\[curl 1\] Received HTTP/0.9 when not allowed: 4" "$OUT/load_http09.txt"
t_ok $? "load text report: the transfer's own error text"
t_done
