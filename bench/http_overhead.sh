#!/bin/sh
# http_overhead.sh: what tracing costs. The same load client (httptrace's
# load mode, curl multi, 1 thread, keep-alive) runs against the same nginx
# with the tracer attached and with --no-trace, alternating (ABBA) in one run.
# Reports median requests/sec of each and their ratio, and (exact, not noisy)
# client instructions per request under callgrind.
# Other load on the machine moves req/s a lot between runs; runs of a pair
# are back to back, so the median of the per-pair ratios is the steadier
# figure, and CPU time and instructions per request steadier still.
#   ROUNDS=12 DUR=1 C=16 sh bench/http_overhead.sh
set -u
ROUNDS=${ROUNDS:-12} DUR=${DUR:-1} C=${C:-16}
. "$(dirname "$0")/../fixtures/http/bench.sh"
URL=$H/hello
on=$(mktemp) off=$(mktemp)
run() { "$HT" -z "$DUR" -c "$C" --json $1 "$URL" | ht_rps; }
i=1
while [ "$i" -le "$ROUNDS" ]; do
  if [ $((i % 2)) -eq 1 ]; then run "" >>"$on"; run --no-trace >>"$off"
  else run --no-trace >>"$off"; run "" >>"$on"; fi
  i=$((i + 1))
done
mon=$(median <"$on") moff=$(median <"$off")
echo "### httptrace: tracing overhead (loopback keep-alive, nginx, $ROUNDS x ${DUR}s each, -c $C, 1 thread)"
echo
echo "| client | median req/s | runs |"
echo "|---|---|---|"
echo "| load mode, tracing off (--no-trace) | $moff | $(tr '\n' ' ' <"$off")|"
echo "| load mode, tracing on | $mon | $(tr '\n' ' ' <"$on")|"
echo
awk -v a="$mon" -v b="$moff" 'BEGIN { printf "tracing on / off, ratio of medians: **%.3f** (%.1f%% fewer requests/sec)\n", a / b, (1 - a / b) * 100 }'
pr=$(paste "$on" "$off" | awk '{print $1 / $2}' | median)
echo
awk -v r="$pr" 'BEGIN { printf "tracing on / off, median of the %s per-round ratios: **%.3f**\n", "'"$ROUNDS"'", r }'
rm -f "$on" "$off"
if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
  N=20000
  for i in 1 2 3 4 5; do
    for m in on off; do
      flag=""; [ "$m" = off ] && flag=--no-trace
      perf stat -x, -e task-clock "$HT" -n $N -c "$C" $flag "$URL" 2>&1 >/dev/null |
        awk -F, -v m=$m -v n=$N '/task-clock/ {print m, $1 * 1000 / n}'
    done
  done > "${TMPDIR:-/tmp}/ht_cpu.$$"
  echo
  awk '{s[$1] += $2; k[$1]++} END { printf "client CPU per request (perf task-clock, 5 x 20000 requests, alternating): tracing off %.2f us, on %.2f us (%+.1f%%)\n", s["off"] / k["off"], s["on"] / k["on"], (s["on"] / k["on"] / (s["off"] / k["off"]) - 1) * 100 }' "${TMPDIR:-/tmp}/ht_cpu.$$"
  rm -f "${TMPDIR:-/tmp}/ht_cpu.$$"
fi
if command -v valgrind >/dev/null; then
  N=3000
  for m in on off precise; do
    flag=""; [ "$m" = off ] && flag=--no-trace; [ "$m" = precise ] && flag=--precise
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$HT" -n $N -c "$C" $flag "$URL" \
      2>&1 >/dev/null | awk -v n=$N -v m=$m '/Collected/ {print m, $4 / n}'
  done > "${TMPDIR:-/tmp}/ht_ir.$$"
  echo
  awk '{ir[$1] = $2} END { printf "client instructions per request (callgrind, %s): tracing off %.0f, on %.0f, +%.0f (%.1f%%); precise mode (--precise) %.0f, +%.0f (%.1f%%)\n", "3000 requests", ir["off"], ir["on"], ir["on"] - ir["off"], (ir["on"] / ir["off"] - 1) * 100, ir["precise"], ir["precise"] - ir["off"], (ir["precise"] / ir["off"] - 1) * 100 }' "${TMPDIR:-/tmp}/ht_ir.$$"
  rm -f "${TMPDIR:-/tmp}/ht_ir.$$"
fi
