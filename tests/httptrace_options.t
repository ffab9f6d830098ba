#!/bin/bash
# httptrace_options.t: the options hey and curl users bring: durations with
# units, --disable-keepalive, authentication, proxy, the header options,
# compression, redirects in load mode, long names for every option, hey's
# percentiles and summary lines, --version. Request heads are checked on the
# fault server's /head, which sends the request back as the body.
. "$(dirname "$0")/../fixtures/http/prelude.sh"

# json EXPR FILE: a perl expression over the report $r
json() { E=$1 perl -MJSON::PP -ne '$r = decode_json($_); print eval $ENV{E}' "$2"; }
req_count() { perl -MJSON::PP -ne 'print decode_json($_)->{requests}' "$1"; }

# --version: the version the build was made from
t_is "$("$HT" --version)" "httptrace $(cat "$ROOT/VERSION")" "--version prints httptrace and VERSION"
"$HT" --version > /dev/null; t_is $? 0 "--version exits 0"

# durations: a bare number is seconds (curl), or Go's form (hey's -z 10s);
# the open loop's request count shows the duration that was parsed
for z in 0.25 250ms 0.25s 250000us; do
  "$HT" -q 40 -z "$z" -c 2 --json "$H/hello" > "$OUT/z.json"
  t_is "$(req_count "$OUT/z.json")" 10 "-z $z: 40/s for a quarter second is 10 requests"
done
"$HT" --rate 20 --duration 0m0.5s --concurrency 2 --json "$H/hello" > "$OUT/z.json"
t_is "$(req_count "$OUT/z.json")" 10 "--rate 20 --duration 0m0.5s: 10 requests"
"$HT" -m 300ms "$F/slow?ms=3000" > /dev/null 2> "$OUT/m.err"
grep -q "(curl error 28)" "$OUT/m.err"; t_ok $? "-m 300ms: the request times out"

# --disable-keepalive (and hey's -disable-keepalive): a connection per request
for opt in --disable-keepalive -disable-keepalive; do
  "$HT" -n 6 -c 2 $opt --json --events "$OUT/nk.jsonl" "$H/hello" > "$OUT/nk.json"
  t_is "$(json '$r->{connections}' "$OUT/nk.json")" 6 "$opt: 6 requests, 6 connections"
  t_is "$(grep '"event":"got_conn"' "$OUT/nk.jsonl" | grep -c '"reused":false')" 6 "$opt: no got_conn reuses"
done
"$HT" -n 6 -c 2 --json "$H/hello" > "$OUT/k.json"
t_is "$(json '$r->{connections}' "$OUT/k.json")" 2 "keep-alive (default): 6 requests on 2 connections"

# the request head: authentication, user agent, the header options, compression
"$HT" -o "$OUT/head1" -u al:pw -A myua --accept text/x --content-type app/y --host example.test \
  --compressed -H 'X-A: 1' "$F/head" > /dev/null
for line in "Authorization: Basic YWw6cHc=" "User-Agent: myua" "Accept: text/x" "Content-Type: app/y" \
  "Host: example.test" "Accept-Encoding: .*gzip" "X-A: 1"; do
  grep -q "^$line" "$OUT/head1"; t_ok $? "request head has $line"
done
"$HT" -o "$OUT/head2" -a bob:x --user-agent ua2 "$F/head" > /dev/null
grep -q "^Authorization: Basic Ym9iOng=" "$OUT/head2"; t_ok $? "hey's -a USER:PASS is basic authentication"
grep -q "^User-Agent: ua2" "$OUT/head2"; t_ok $? "--user-agent"
grep -q "^User-Agent: httptrace/$(cat "$ROOT/VERSION")" <("$HT" -o /dev/stdout "$F/head" 2>/dev/null)
t_ok $? "the default User-Agent names httptrace's version"
"$HT" -o "$OUT/head3" --compressed --disable-compression "$F/head" > /dev/null
grep -qi "^Accept-Encoding" "$OUT/head3"; t_ok $(( $? == 1 ? 0 : 1 )) "--disable-compression: no Accept-Encoding"

# a proxy: the fault server serves absolute URLs as a proxy would
"$HT" -o "$OUT/proxied" -x "127.0.0.1:$FAULT_PORT" http://example.invalid/head > /dev/null
t_is $? 0 "-x: through the proxy to a host that does not resolve"
grep -q "^GET http://example.invalid/head HTTP/1.1" "$OUT/proxied"; t_ok $? "-x: the proxy got the absolute URL"
"$HT" -n 4 -c 2 --proxy "127.0.0.1:$FAULT_PORT" --json http://example.invalid/ok > "$OUT/proxy_load.json"
t_is "$(json '"$r->{errors} $r->{status}{200}"' "$OUT/proxy_load.json")" "0 4" "--proxy in load mode"

# redirects in load mode: -L follows; phases count per hop
"$HT" -n 10 -c 2 -L --json "$H/moved" > "$OUT/redir.json"
t_is "$(json '"$r->{redirects} $r->{status}{200} $r->{latency_us}{wait}{count}"' "$OUT/redir.json")" "10 10 20" \
  "load -L: 10 redirects followed, 10 x 200, a wait sample per hop"
"$HT" -n 10 -c 2 --location "$H/moved" > "$OUT/redir.txt"
grep -q "Redirects:	10 followed" "$OUT/redir.txt"; t_ok $? "load -L: the text report counts redirects"
"$HT" -n 10 -c 2 -L -disable-redirects --json "$H/moved" > "$OUT/noredir.json"
t_is "$(json '"$r->{redirects} $r->{status}{301}"' "$OUT/noredir.json")" "0 10" "-disable-redirects: the 301 is the response"

# long names for the rest; hey's -h2 is --http2
"$HT" --requests 4 --concurrency 2 --threads 2 --method PUT --header 'X-B: 2' --data 'a=1' \
  --max-time 5 --insecure --json "$F/echo" > "$OUT/long.json"
t_is "$(json '"$r->{requests} $r->{errors} $r->{bytes}"' "$OUT/long.json")" "4 0 12" "long names: 4 PUTs with a 3-byte body echoed"
"$HT" --json -k -h2 "$S/hello" > "$OUT/h2.jsonl"
t_is "$(t_field "$OUT/h2.jsonl" done http_version)" 2 "-h2 asks for HTTP/2"
"$HT" --output "$OUT/body" --location --verbose "$H/moved" > /dev/null 2> "$OUT/verbose"
t_is "$(cat "$OUT/body")" hello "--output --location"
grep -q "^> GET /hello" "$OUT/verbose"; t_ok $? "--verbose"

# hey's summary lines and percentiles
"$HT" -n 50 -c 2 "$H/hello" > "$OUT/hey.txt"
for w in "Slowest:	0.[0-9]* secs" "Fastest:	0.[0-9]* secs" "Average:	0.[0-9]* secs" "Requests/sec:	" \
  "Total data:	300 bytes" "Size/request:	6 bytes" "Latency distribution:" "10% in 0.[0-9]* secs" \
  "25% in" "50% in" "75% in" "90% in" "95% in" "99% in"; do
  grep -q "$w" "$OUT/hey.txt"; t_ok $? "text report: $w"
done
"$HT" -n 50 -c 2 --json "$H/hello" > "$OUT/hey.json"
perl -MJSON::PP -ne '$t = decode_json($_)->{latency_us}{total}; my @k = qw(min p10 p25 p50 p75 p90 p95 p99 p99_9 max);
  for (1 .. $#k) { exit 1 unless defined $t->{$k[$_]} && $t->{$k[$_]} >= $t->{$k[$_ - 1]} } exit 0' "$OUT/hey.json"
t_ok $? "JSON: p10 p25 p50 p75 p90 p95 p99 p99_9 max, in order"
t_done
