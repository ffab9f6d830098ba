#!/bin/sh
# http_cpu.sh: httptrace's load mode against hey, wrk and h2load on the same
# nginx in the same run: requests per second and client CPU per request
# (perf stat task-clock of the client process, all its threads, divided by
# the requests it completed). Keep-alive HTTP/1.1 at -c 16 and -c 256, and
# HTTP/2 over TLS. Tools alternate round by round; the table has medians.
# Request counts are bounded (wrk runs for a duration; its count is read
# from its output). nginx shares the machine: note the load average.
#   ROUNDS=3 N=60000 sh bench/http_cpu.sh
set -u
ROUNDS=${ROUNDS:-3} N=${N:-60000} WRK_S=${WRK_S:-2} CONCS=${CONCS:-"16 256"} H2C=${H2C:-16}
. "$(dirname "$0")/../fixtures/http/bench.sh"
command -v perf >/dev/null || { echo "bench: perf is needed (linux-perf)" >&2; exit 1; }
W=$(mktemp -d)
trap 'servers_stop; rm -rf "$W"' EXIT
URL=$H/hello
SURL=$S/hello

# cpu CMD...: runs CMD under perf stat; prints CMD's stdout, leaves the
# task-clock (ms) in $W/ms
cpu() { perf stat -x, -e task-clock -o "$W/perf" "$@"; awk -F, '/task-clock/ {print $1}' "$W/perf" > "$W/ms"; }
# row NAME RPS REQUESTS: appends "rps us_per_request" to $W/NAME
row() { echo "$2 $(awk -v ms="$(cat "$W/ms")" -v n="$3" 'BEGIN { printf "%.2f", ms * 1000 / n }')" >> "$W/$1"; }
ht_json() { perl -MJSON::PP -ne '$r = decode_json($_); print "$r->{requests_per_sec} $r->{requests}\n"'; }

run_httptrace() { c=$1; set -- $(cpu "$HT" -n "$N" -c "$c" --json "$URL" | ht_json); row "httptrace$c" "$1" "$2"; }
# two event loops: hey's Go runtime uses every core, and on a machine shared
# with other work a single thread gets a smaller share of the CPU
run_httptrace2() { c=$1; set -- $(cpu "$HT" -n "$N" -c "$c" -t 2 --json "$URL" | ht_json); row "httptrace2_$c" "$1" "$2"; }
run_notrace() { c=$1; set -- $(cpu "$HT" -n "$N" -c "$c" --json --no-trace "$URL" | ht_json); row "notrace$c" "$1" "$2"; }
run_hey() {
  c=$1
  rps=$(cpu hey -n "$N" -c "$c" "$URL" | awk '/Requests\/sec:/ {print $2}')
  row "hey$c" "$rps" "$N"
}
run_wrk() {
  c=$1
  cpu wrk -t 1 -c "$c" -d "${WRK_S}s" "$URL" > "$W/wrk.out"
  row "wrk$c" "$(awk '/Requests\/sec:/ {print $2}' "$W/wrk.out")" "$(awk '/requests in/ {print $1}' "$W/wrk.out")"
}
run_h2httptrace() {
  set -- $(cpu "$HT" -n "$N" -c "$H2C" --http2 -k --json "$SURL" | ht_json)
  row h2httptrace "$1" "$2"
}
run_h2load() { # one connection, H2C streams: what libcurl's multiplexing does
  rps=$(cpu h2load -n "$N" -c 1 -m "$H2C" "$SURL" | awk '/^finished in/ {print $4}')
  row h2load "$rps" "$N"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/load"
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for c in $CONCS; do
    if [ $((i % 2)) -eq 1 ]; then
      run_httptrace "$c"; run_notrace "$c"; run_httptrace2 "$c"; run_hey "$c"; run_wrk "$c"
    else
      run_wrk "$c"; run_hey "$c"; run_httptrace2 "$c"; run_notrace "$c"; run_httptrace "$c"
    fi
  done
  if [ $((i % 2)) -eq 1 ]; then run_h2httptrace; run_h2load; else run_h2load; run_h2httptrace; fi
  i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/load"

med() { awk -v c="$1" '{print $c}' "$W/$2" | median; }
line() { # LABEL FILE REF_RPS_FILE REF_CPU_FILE
  rps=$(med 1 "$2") us=$(med 2 "$2")
  vs_rps=$(awk -v a="$rps" -v b="$(med 1 "$3")" 'BEGIN { printf "%.2f", a / b }')
  vs_cpu=$(awk -v a="$us" -v b="$(med 2 "$4")" 'BEGIN { printf "%.2f", a / b }')
  echo "| $1 | $rps | $vs_rps | $us | $vs_cpu | $(awk '{printf "%s ", $1}' "$W/$2")|"
}
echo "### httptrace load mode vs hey, wrk and h2load (nginx on loopback, $ROUNDS rounds, alternating)"
echo
echo "N=$N requests per run (wrk: ${WRK_S}s runs), client CPU = perf stat task-clock / requests;"
echo "$(cat "$W/load" | tr '\n' ';' | sed 's/;$//'), $(nproc) cores shared with nginx and other work."
for c in $CONCS; do
  echo
  echo "HTTP/1.1 keep-alive, -c $c (hey: Go, all cores):"
  echo
  echo "| client | median req/s | vs hey | CPU us/request | vs wrk | runs (req/s) |"
  echo "|---|---|---|---|---|---|"
  line "httptrace -t 1 (tracing on)" "httptrace$c" "hey$c" "wrk$c"
  line "httptrace -t 1 --no-trace" "notrace$c" "hey$c" "wrk$c"
  line "httptrace -t 2 (tracing on)" "httptrace2_$c" "hey$c" "wrk$c"
  line "hey" "hey$c" "hey$c" "wrk$c"
  line "wrk -t 1" "wrk$c" "hey$c" "wrk$c"
done
echo
echo "HTTP/2 over TLS, $H2C streams (httptrace -c $H2C --http2; h2load -c 1 -m $H2C):"
echo
echo "| client | median req/s | vs h2load | CPU us/request | vs h2load | runs (req/s) |"
echo "|---|---|---|---|---|---|"
line "httptrace (tracing on)" h2httptrace h2load h2load
line "h2load" h2load h2load h2load
