#!/bin/sh
# bench/html.sh: the cost of `canalyze --html` next to the analysis alone
# (`--format json`), on Lua 5.4, SQLite 3.40 and Redis 7.0 as
# bench/corpora.sh prepares them. One thread (-j1), ROUNDS runs of each,
# alternating json and html round by round; the lowest CPU time (user +
# system) of each, peak memory, and the site's size and file count.
# Prints a Markdown table. Sites go to bench/out/html/ and are removed after
# each program (at most one site on disk: SQLite's is about 40 MB).
# FLAGS adds analysis options to both runs (FLAGS=--pointer: the site with
# points-to panels against the points-to analysis alone).
#   ROUNDS=5 FLAGS=--pointer CANALYZE=build/canalyze sh bench/html.sh [lua sqlite redis]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ca=${CANALYZE:-$top/build/canalyze}
rounds=${ROUNDS:-5}
flags=${FLAGS:-}
out="$here/out/html"
[ -x "$ca" ] || { echo "html.sh: build canalyze first (make)" >&2; exit 2; }
[ -f "$here/work/corpora.env" ] || sh "$here/corpora.sh" lua sqlite redis >/dev/null
. "$here/work/corpora.env"
mkdir -p "$out"

# cpu_mem ARGS...: prints "CPU_SECONDS PEAK_KB" of one canalyze run.
cpu_mem() {
  /usr/bin/time -f '%U %S %M' -o "$out/time" "$ca" -q --no-cache -j1 $flags "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$out/time"
}

# min_of FILE: the line with the lowest first field.
min_of() { sort -n "$1" | head -n 1; }

echo "| program | run | CPU (lowest of $rounds) | peak memory | output | html / json |"
echo "|---|---|---|---|---|---|"
for prog in ${*:-lua sqlite redis}; do
  case $prog in
    lua) dir=${LUA_DIR:-} ;; sqlite) dir=${SQLITE_DIR:-} ;; redis) dir=${REDIS_DIR:-} ;;
    *) echo "html.sh: unknown program $prog (lua sqlite redis)" >&2; exit 2 ;;
  esac
  [ -n "$dir" ] || { echo "| $prog | skipped: bench/corpora.sh could not prepare it | | | | |"; continue; }
  : >"$out/json.runs"; : >"$out/html.runs"
  i=0
  while [ $i -lt "$rounds" ]; do
    cpu_mem --format json -o "$out/out.json" "$dir" >>"$out/json.runs"
    rm -rf "$out/site"
    cpu_mem --html "$out/site" "$dir" >>"$out/html.runs"
    i=$((i + 1))
  done
  set -- $(min_of "$out/json.runs"); jc=$1 jm=$2
  set -- $(min_of "$out/html.runs"); hc=$1 hm=$2
  jsize=$(wc -c <"$out/out.json")
  hsize=$(du -sb "$out/site" | cut -f1)
  files=$(find "$out/site" -type f | wc -l)
  awk -v p="$prog" -v jc="$jc" -v jm="$jm" -v hc="$hc" -v hm="$hm" -v js="$jsize" \
      -v hs="$hsize" -v n="$files" -v f="${flags:+$flags }" 'BEGIN {
    printf "| %s | `%s--format json` | %.2f s | %d MB | %.1f MB | |\n", p, f, jc, jm / 1024, js / 1e6
    printf "| %s | `%s--html` | %.2f s | %d MB | %.1f MB, %d files | %.2fx |\n", p, f, hc, hm / 1024, hs / 1e6, n, hc / jc
  }'
  rm -rf "$out/site" "$out/out.json"
done
