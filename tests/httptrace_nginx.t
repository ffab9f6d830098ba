#!/bin/bash
# httptrace_nginx.t: the httptrace command against nginx (HTTP/1.1, and
# HTTPS with HTTP/2): event order and fields, goldens, the bar, Perfetto
# output, and load mode (closed and open loop, CSV, events, JSON report).
. "$(dirname "$0")/../fixtures/http/prelude.sh"

# one GET over HTTP/1.1
"$HT" --json "$H/hello" > "$OUT/get.jsonl"; t_is $? 0 "GET exits 0"
t_is "$(t_events "$OUT/get.jsonl")" \
  "request_start get_conn dns_start dns_done connect_start connect_done got_conn wrote_header_field wrote_header_field wrote_header_field wrote_headers wrote_request first_byte put_idle_conn done" \
  "GET: event order (precise mode: a wrote_header_field per request header)"
t_is "$(t_field "$OUT/get.jsonl" put_idle_conn idle)" true "GET: the connection goes back to the pool"
t_is "$(t_field "$OUT/get.jsonl" get_conn host_port)" "127.0.0.1:$HTTP_PORT" "get_conn: host:port"
t_is "$(t_field "$OUT/get.jsonl" dns_start host)" "127.0.0.1" "dns_start: the host"
t_is "$(grep '"event":"wrote_header_field"' "$OUT/get.jsonl" | perl -MJSON::PP -ne 'print decode_json($_)->{key}, " "')" \
  "Host User-Agent Accept " "wrote_header_field: the fields in the order sent"
t_json_lines "$OUT/get.jsonl"; t_ok $? "GET: every line is JSON"
t_golden get_http.jsonl "$OUT/get.jsonl"
# the load mode traces without precise mode: connect/write events derived
"$HT" -n 1 -c 1 --events "$OUT/get_derived.jsonl" "$H/hello" > /dev/null
t_golden get_http_derived.jsonl "$OUT/get_derived.jsonl"

# HTTPS + HTTP/2
"$HT" --json -k "$S/hello" > "$OUT/h2.jsonl"; t_is $? 0 "HTTPS exits 0"
t_is "$(t_events "$OUT/h2.jsonl")" \
  "request_start get_conn dns_start dns_done connect_start connect_done tls_start tls_done got_conn wrote_header_field wrote_header_field wrote_header_field wrote_headers wrote_request first_byte put_idle_conn done" \
  "HTTPS: event order with live TLS events"
t_is "$(t_field "$OUT/h2.jsonl" got_conn http_version)" 2 "HTTPS: ALPN gives HTTP/2 at got_conn"
t_is "$(t_field "$OUT/h2.jsonl" tls_done version)" TLSv1.3 "tls_done: version"
t_ok "$(t_field "$OUT/h2.jsonl" tls_done cipher | grep -q . ; echo $?)" "tls_done: cipher"
t_is "$(t_field "$OUT/h2.jsonl" tls_done derived)" null "tls_done is live, not derived"
t_is "$(t_field "$OUT/h2.jsonl" done http_version)" 2 "done: http_version 2"
t_is "$(t_field "$OUT/h2.jsonl" tls_done server_name)" localhost "tls_done: the server name sent (SNI)"
t_is "$(t_field "$OUT/h2.jsonl" tls_done resumed)" false "tls_done: a first handshake is not resumed"
t_is "$(t_field "$OUT/h2.jsonl" tls_done peer.subject) $(t_field "$OUT/h2.jsonl" tls_done peer.issuer)" \
  "/CN=localhost /CN=localhost" "tls_done: the peer certificate's subject and issuer"
t_field "$OUT/h2.jsonl" tls_done peer.not_after | grep -Eq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
t_ok $? "tls_done: the certificate's expiry, ISO 8601"
# a new connection per request resumes the TLS session libcurl kept
"$HT" -n 3 -c 1 --http1.1 --disable-keepalive -k --events "$OUT/resume.jsonl" "$S/hello" > /dev/null
t_is "$(grep '"event":"tls_done"' "$OUT/resume.jsonl" | grep -o '"resumed":[a-z]*' | tr '\n' ' ')" \
  '"resumed":false "resumed":true "resumed":true ' "tls_done: later handshakes resume the session"
"$HT" --json -k --http1.1 "$S/hello" > "$OUT/h1s.jsonl"
t_is "$(t_field "$OUT/h1s.jsonl" got_conn http_version)" 1.1 "--http1.1 over TLS"

# derived mode (load mode) over TLS: libcurl publishes CONNECT_TIME only
# after TLS; connect_done is still TCP's own time (derived) and comes before
# the TLS events, which are stamped live (ht_attach_test checks it precedes
# the SSL context set-up)
"$HT" -n 4 -c 4 -k --events "$OUT/tls_derived.jsonl" "$S/hello" > /dev/null
perl -MJSON::PP -ne 'my $e = decode_json($_); push @{$r{$e->{req}}}, $e;
  END { for my $q (values %r) {
    my @k = grep { /^(connect_done|tls_start|tls_done|got_conn)$/ } map { $_->{event} } @$q;
    my ($cd) = grep { $_->{event} eq "connect_done" } @$q; my ($ts) = grep { $_->{event} eq "tls_start" } @$q;
    exit 1 unless "@k" eq "connect_done tls_start tls_done got_conn" && $cd->{derived} && !$ts->{derived} && $cd->{t_us} <= $ts->{t_us} } exit(keys %r == 4 ? 0 : 1) }' "$OUT/tls_derived.jsonl"
t_ok $? "derived TLS: connect_done (derived) before live tls_start and tls_done, per request"

# redirect followed: one hop each, the second on the same connection
"$HT" --json -L "$H/moved" > "$OUT/redir.jsonl"; t_is $? 0 "-L exits 0"
t_is "$(t_events "$OUT/redir.jsonl")" \
  "request_start get_conn dns_start dns_done connect_start connect_done got_conn wrote_header_field wrote_header_field wrote_header_field wrote_headers wrote_request first_byte redirect put_idle_conn get_conn got_conn wrote_header_field wrote_header_field wrote_header_field wrote_headers wrote_request first_byte put_idle_conn done" \
  "-L: a redirect, then the second hop on the same connection, without dns/connect"
perl -MJSON::PP -ne '$e = decode_json($_); print "$e->{event}:$e->{hop}:", ($e->{was_idle} ? 1 : 0), ":", (defined $e->{idle_us} ? 1 : 0), " " if $e->{event} eq "got_conn"' "$OUT/redir.jsonl" > "$OUT/redir.got"
t_is "$(cat "$OUT/redir.got")" "got_conn:0:0:0 got_conn:1:1:1 " "-L: hop 1 takes the connection hop 0 left idle, and says for how long"
t_golden redirect_http.jsonl "$OUT/redir.jsonl"

# POST
"$HT" --json -d 'a=1' "$H/hello" > "$OUT/post.jsonl"
t_is "$(t_field "$OUT/post.jsonl" request_start method)" POST "-d sends a POST"
"$HT" --json -X PUT -d 'a=1' -H 'X-Test: 1' "$H/hello" > "$OUT/put.jsonl"
t_is "$(t_field "$OUT/put.jsonl" request_start method)" PUT "-X sets the method"

# the httpstat-like bar, one per hop with -L
"$HT" -k "$S/hello" > "$OUT/bar.txt"; t_is $? 0 "bar exits 0"
for w in "DNS Lookup" "TCP Connection" "TLS Handshake" "Server Processing" "Content Transfer" "total:"; do
  grep -q "$w" "$OUT/bar.txt"; t_ok $? "bar shows $w"
done
"$HT" -L "$H/moved" > "$OUT/bars.txt"
t_is "$(grep -c 'DNS Lookup' "$OUT/bars.txt")" 2 "-L: one bar per hop"

# -v is libcurl's verbose output, asked for
"$HT" -v "$H/hello" > /dev/null 2> "$OUT/verbose"
grep -q "^> GET /hello HTTP/1.1" "$OUT/verbose"; t_ok $? "-v shows libcurl's verbose output"
"$HT" "$H/hello" > /dev/null 2> "$OUT/quiet"
t_is "$(wc -c < "$OUT/quiet")" 0 "without -v nothing on stderr"

# Perfetto trace and -o
"$HT" -k --chrome "$OUT/trace.json" -o "$OUT/body" "$S/" > /dev/null; t_is $? 0 "--chrome exits 0"
t_json_file "$OUT/trace.json"; t_ok $? "--chrome writes valid JSON"
grep -q '"traceEvents"' "$OUT/trace.json" && grep -q '"ph":"X"' "$OUT/trace.json" && grep -q '"name":"tls"' "$OUT/trace.json"
t_ok $? "--chrome has complete slices, tls among them"
t_is "$(wc -c < "$OUT/body")" 612 "-o writes the body"

# load mode, closed loop
"$HT" -n 200 -c 4 --json --csv "$OUT/load.csv" --events "$OUT/events.jsonl" "$H/hello" > "$OUT/load.json"
t_is $? 0 "load: exits 0"
t_is "$(wc -l < "$OUT/load.json")" 1 "load --json: one summary line"
t_json_lines "$OUT/load.json"; t_ok $? "load --json: valid JSON"
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{requests}' "$OUT/load.json")" 200 "load: 200 requests"
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{status}{200}' "$OUT/load.json")" 200 "load: 200 x status 200"
perl -MJSON::PP -ne '$r = decode_json($_); exit !($r->{requests_per_sec} > 0 && defined $r->{latency_us}{total}{p99_9} && defined $r->{latency_us}{wait}{p50} && @{$r->{histogram}} == 10)' "$OUT/load.json"
t_ok $? "load: requests_per_sec, percentiles per phase, histogram"
t_is "$(wc -l < "$OUT/load.csv")" 201 "--csv: header + one row per request"
t_is "$(grep -c '"event":"done"' "$OUT/events.jsonl")" 200 "--events: every done"
t_is "$(perl -ne 'print "$1\n" if /"event":"request_start","req":(\d+)/' "$OUT/events.jsonl" | sort -u | wc -l)" 200 "--events: unique request ids"
t_json_lines "$OUT/events.jsonl"; t_ok $? "--events: valid JSON lines"

"$HT" -n 100 -c 4 -t 2 -k "$S/hello" > "$OUT/load.txt"; t_is $? 0 "load over HTTP/2, 2 threads"
"$HT" -n 40 -c 8 --http2 -k --json "$S/hello" > "$OUT/h2mux.json"
t_is "$(perl -MJSON::PP -ne '$r = decode_json($_); print "$r->{requests} $r->{connections}"' "$OUT/h2mux.json")" "40 1" \
  "load --http2: 8 concurrent requests are streams on one connection"
for w in "Requests/sec" "p99.9" "TLS handshake" "wait (first byte)" "Status code distribution" "\[200\]	100 responses" "histogram"; do
  grep -q "$w" "$OUT/load.txt"; t_ok $? "load text report: $w"
done

# the report and the Perfetto trace are formats too: goldens of their shape
perl -pe 's/(?<=[:\[,])-?\d+(\.\d+)?(?=[,}\]])/N/g' "$OUT/load.json" > "$OUT/report.shape"
t_golden load_report.json "$OUT/report.shape"
"$HT" -k --chrome "$OUT/h2trace.json" "$S/hello" > /dev/null
perl -pe 's/(?<=[:\[,])-?\d+(\.\d+)?(?=[,}\]])/N/g' "$OUT/h2trace.json" > "$OUT/chrome.shape"
t_golden chrome_https.json "$OUT/chrome.shape"

# live progress on stderr only when it is a terminal (script(1) makes one)
"$HT" -n 50 -c 2 "$H/hello" 2> "$OUT/noprog" > /dev/null
t_is "$(wc -c < "$OUT/noprog")" 0 "load: no progress when stderr is not a terminal"
if command -v script > /dev/null; then
  script -qfec "$HT -z 0.6 -c 2 $H/hello > /dev/null" /dev/null > "$OUT/prog" 2>&1
  grep -q "requests, [0-9]*/s, 0 errors" "$OUT/prog"; t_ok $? "load: live progress on a terminal"
fi

# --chrome in load mode: one track per request, from two threads
"$HT" -n 40 -c 4 -t 2 --chrome "$OUT/load_trace.json" "$H/hello" > /dev/null; t_is $? 0 "load --chrome exits 0"
t_json_file "$OUT/load_trace.json"; t_ok $? "load --chrome: valid JSON"
t_is "$(grep -c '"name":"request"' "$OUT/load_trace.json")" 40 "load --chrome: a request slice per request"
t_is "$(grep '"name":"request"' "$OUT/load_trace.json" | perl -ne 'print "$1\n" if /"tid":(\d+)/' | sort -u | wc -l)" 40 "load --chrome: one track per request"

# --precise in load mode: live write events
"$HT" -n 3 -c 1 --precise --events "$OUT/precise.jsonl" "$H/hello" > /dev/null
t_is "$(grep '"event":"wrote_headers"' "$OUT/precise.jsonl" | grep -vc derived)" 3 "--precise: live wrote_headers in load mode"

# got_conn's was_idle and idle_us: every reused HTTP/1.1 connection was
# idle; when responses take a while (the fault server's /slow), a request's
# done is nearly always seen before its connection is taken again, so the
# idle time is known (unknown, null, when another transfer took it within
# the same curl_multi_perform; ht_conns_test covers the table itself)
"$HT" -n 40 -c 4 --events "$OUT/idle_slow.jsonl" "$F/slow?ms=10" > /dev/null
perl -MJSON::PP -ne '$e = decode_json($_); next unless $e->{event} eq "got_conn" && $e->{reused};
  $n++; $bad++ unless $e->{was_idle}; $unknown++ unless defined $e->{idle_us} && $e->{idle_us} >= 0;
  END { print $n > 0 && !$bad && $unknown * 4 <= $n ? "ok" : "n=$n not-idle=$bad unknown=$unknown" }' "$OUT/idle_slow.jsonl" > "$OUT/idle.check"
t_is "$(cat "$OUT/idle.check")" ok "load: every reused connection was idle, for a known time in 3 of 4 at least"
"$HT" -n 60 -c 4 --events "$OUT/idle.jsonl" "$H/hello" > /dev/null
t_is "$(grep '"event":"got_conn"' "$OUT/idle.jsonl" | grep '"reused":true' | grep -vc '"was_idle":true')" 0 "load, fast responses: every reused HTTP/1.1 connection was idle"
t_is "$(grep -c '"event":"put_idle_conn".*"idle":true' "$OUT/idle.jsonl")" 60 "load: every request puts its connection back"
t_is "$(grep -c '"event":"wrote_header_field"' "$OUT/idle.jsonl")" 0 "load (derived mode): no wrote_header_field without --precise"
"$HT" -n 2 -c 1 --precise --events "$OUT/fields.jsonl" "$H/hello" > /dev/null
t_is "$(grep -c '"event":"wrote_header_field"' "$OUT/fields.jsonl")" 6 "load --precise: a wrote_header_field per header"
# the wait for a connection is a phase, in the report and the CSV
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{latency_us}{conn_wait}{count}' "$OUT/load.json")" 200 "report: conn_wait for every request"
t_is "$(head -1 "$OUT/load.csv" | grep -o 'conn_wait_us$')" conn_wait_us "--csv: conn_wait_us column"
grep -q "wait for connection" "$OUT/load.txt"; t_ok $? "text report: wait for connection"
grep -q '"name":"get_conn"' "$OUT/trace.json"; t_ok $? "--chrome: a get_conn slice holds dns, connect and tls"

# open loop keeps its connections: never more than the handles (-c), even
# when few requests are in flight (libcurl's default cache would keep only
# 4 per handle in flight, and reconnect)
"$HT" -q 1000 -z 1 -c 8 --json --events "$OUT/open_conns.jsonl" "$H/hello" > "$OUT/open_conns.json"
n=$(grep '"event":"got_conn"' "$OUT/open_conns.jsonl" | grep -c '"reused":false')
t_ok $(( n >= 1 && n <= 8 ? 0 : 1 )) "open loop: $n connections for 8 handles"
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{connections}' "$OUT/open_conns.json")" "$n" "open loop: the report counts the connections opened"
"$HT" -n 200 -c 4 "$H/hello" > "$OUT/conns.txt"
grep -q "Connections:	4 opened" "$OUT/conns.txt"; t_ok $? "closed loop: one connection per handle, in the text report"

# open loop: the request count comes from the schedule
"$HT" -q 100 -z 0.5 -c 4 -t 2 --json "$H/hello" > "$OUT/open.json"; t_is $? 0 "open loop exits 0"
t_is "$(perl -MJSON::PP -ne 'print decode_json($_)->{requests}' "$OUT/open.json")" 50 "open loop: rate x duration requests"
t_done
