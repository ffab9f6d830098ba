#!/bin/sh
# bench/hotspots_cost.sh: what --hotspots costs over the same run without it.
#
# Per corpus from bench/corpora.sh (default: SQLite, whose limit is 10%),
# in one run, `canalyze -q --no-cache --format json` (the call graph) and
# the same with `--hotspots` (the branch facts, the estimate, the ranking):
#   instructions  under valgrind's callgrind (deterministic: the figure the
#                 10% limit is checked on; its output file is /dev/null)
#   wall seconds  best of five, the two commands alternated (a shared
#                 machine's load drifts), -j1 (one core: the parse is the
#                 same work in both, threads would only add noise)
# and prints a markdown table on stdout with the ratios, which the README
# quotes. Reports go to $tmp and are deleted; nothing else is written.
#   sh bench/hotspots_cost.sh [sqlite] [lua] [jq] [redis] [curl]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
[ -f "$here/work/corpora.env" ] || { echo "hotspots_cost.sh: run bench/corpora.sh first" >&2; exit 2; }
. "$here/work/corpora.env"
CANALYZE=${CANALYZE:-$top/build/canalyze}
[ -x "$CANALYZE" ] || { echo "hotspots_cost.sh: build canalyze first (make)" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "hotspots_cost.sh: needs valgrind (sh mk/deps.sh bench)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/canalyze-hotcost.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# instructions ARGS...: callgrind's instruction count of canalyze ARGS
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$CANALYZE" "$@" > "$tmp/out" 2> "$tmp/cg" ||
    { echo "hotspots_cost.sh: canalyze $* failed" >&2; return 1; }
  sed -n 's/.*I *refs: *//p' "$tmp/cg" | tr -d ','
}

# seconds ARGS...: the wall time of one run of canalyze ARGS
seconds() {
  /usr/bin/time -f %e -o "$tmp/t" "$CANALYZE" "$@" > "$tmp/out" 2> /dev/null ||
    { echo "hotspots_cost.sh: canalyze $* failed" >&2; return 1; }
  cat "$tmp/t"
}

# walls: the best of five wall times of $base without and with --hotspots,
# run in turn, as "s0 s1"
walls() {
  b0='' b1=''
  for _ in 1 2 3 4 5; do
    # shellcheck disable=SC2086 # base is the words of the command
    t0=$(seconds $base) && t1=$(seconds --hotspots $base) || return 1
    b0=$(awk -v a="${b0:-$t0}" -v b="$t0" 'BEGIN { print (b < a ? b : a) }')
    b1=$(awk -v a="${b1:-$t1}" -v b="$t1" 'BEGIN { print (b < a ? b : a) }')
  done
  echo "$b0 $b1"
}

echo "| program | instructions, call graph | with --hotspots | ratio | wall s, call graph | with --hotspots | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
status=0
[ $# -gt 0 ] || set -- sqlite
for prog in "$@"; do
  case $prog in
  sqlite) src=$SQLITE_DIR ;; lua) src=$LUA_DIR ;; jq) src=$JQ_DIR ;;
  redis) src=$REDIS_DIR ;; curl) src=$CURL_DIR ;;
  *) echo "hotspots_cost.sh: unknown program $prog" >&2; status=2; continue ;;
  esac
  echo "hotspots_cost.sh: $prog" >&2
  base="-q --no-cache -j1 --format json $src"
  # shellcheck disable=SC2086 # base is the words of the command
  if ! { i0=$(instructions $base) && i1=$(instructions --hotspots $base) && w=$(walls); }; then
    status=1
    continue
  fi
  s0=${w% *} s1=${w#* }
  awk -v p="$prog" -v i0="$i0" -v i1="$i1" -v s0="$s0" -v s1="$s1" 'BEGIN {
    printf "| %s | %.3f G | %.3f G | %.3f | %.2f | %.2f | %.2f |\n", p, i0 / 1e9, i1 / 1e9, i1 / i0, s0, s1, s1 / s0 }'
done
exit $status
