#!/bin/sh
# http_load.sh: httptrace's load mode (tracing on, every request traced into
# per-phase statistics) against hey and wrk, on the same nginx, keep-alive,
# same concurrency, alternating tools round by round in one run.
# Prints a table of median requests/sec and latency percentiles with the
# ratio to hey, then httptrace's own per-phase report of the last round.
#   ROUNDS=3 DUR=2 C=16 T=2 sh bench/http_load.sh
set -u
ROUNDS=${ROUNDS:-3} DUR=${DUR:-2} C=${C:-16} T=${T:-2}
. "$(dirname "$0")/../fixtures/http/bench.sh"
URL=$H/
W=$(mktemp -d)
# each tool prints "rps p50_ms p99_ms" on one line
run_httptrace() {
  "$HT" -z "$DUR" -c "$C" -t "$T" --json "$URL" | perl -MJSON::PP -ne '$r = decode_json($_);
    printf "%s %.3f %.3f\n", $r->{requests_per_sec}, $r->{latency_us}{total}{p50} / 1e3, $r->{latency_us}{total}{p99} / 1e3'
}
run_hey() {
  hey -z "${DUR}s" -c "$C" "$URL" | perl -ne '$r = $1 if /Requests\/sec:\s+([\d.]+)/;
    $p50 = $1 * 1e3 if /50%+ in ([\d.]+) secs/; $p99 = $1 * 1e3 if /99%+ in ([\d.]+) secs/;
    END { printf "%s %.3f %.3f\n", $r, $p50, $p99 }'
}
run_wrk() {
  wrk -t "$T" -c "$C" -d "${DUR}s" --latency "$URL" | perl -ne 'sub ms { my ($v, $u) = @_;
    return $u eq "us" ? $v / 1e3 : $u eq "ms" ? $v : $v * 1e3 }
    $r = $1 if /Requests\/sec:\s+([\d.]+)/; $p50 = ms($1, $2) if /^\s+50%\s+([\d.]+)(us|ms|s)/;
    $p99 = ms($1, $2) if /^\s+99%\s+([\d.]+)(us|ms|s)/; END { printf "%s %.3f %.3f\n", $r, $p50, $p99 }'
}
tools="httptrace hey wrk"
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for t in $tools; do
    command -v "$t" >/dev/null || [ "$t" = httptrace ] || continue
    run_$t >> "$W/$t"
  done
  tools="$(echo $tools | awk '{print $2, $3, $1}')" # rotate the order each round
  i=$((i + 1))
done
col() { awk -v c="$1" '{print $c}' "$W/$2" | median; }
hey_rps=$(col 1 hey 2>/dev/null)
echo "### httptrace load mode vs hey and wrk (nginx on loopback, keep-alive, -c $C, ${DUR}s x $ROUNDS rounds, alternating)"
echo
echo "| tool | median req/s | vs hey | p50 ms | p99 ms | runs (req/s) |"
echo "|---|---|---|---|---|---|"
for t in httptrace hey wrk; do
  [ -s "$W/$t" ] || continue
  rps=$(col 1 $t)
  ratio=$(awk -v a="$rps" -v b="${hey_rps:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  echo "| $t$( [ $t = httptrace ] && echo " (tracing on, -t $T)" )$( [ $t = wrk ] && echo " (-t $T)" ) | $rps | $ratio | $(col 2 $t) | $(col 3 $t) | $(awk '{printf "%s ", $1}' "$W/$t")|"
done
echo
echo "httptrace's per-phase report (one more ${DUR}s run):"
echo
echo '```'
"$HT" -z "$DUR" -c "$C" -t "$T" "$URL" | sed -n '1,/^Response time histogram/p' | sed '$d'
echo '```'
rm -rf "$W"
