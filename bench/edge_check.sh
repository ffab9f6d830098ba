#!/bin/sh
# edge_check.sh [PROGRAM...]: where canalyze's estimate across functions
# goes wrong, call edge by call edge (bench/edge_compare.py), for lua,
# sqlite, jq and curl (default: all four) on the workloads of
# bench/hot_check.sh: each program runs once under valgrind's callgrind
# (its call edges), and canalyze --hotspots --call-frequencies (without
# --pointer) gives the estimate. Uses the instrumented builds that
# bench/hot_check.sh leaves under $HOT_BENCH_DIR (default /tmp/hot-bench;
# run it first). Writes bench/out/edges_PROGRAM.md; callgrind's files (a
# few MB) are deleted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ca="${CANALYZE:-$top/build/canalyze}"
bin="${HOT_BENCH_DIR:-/tmp/hot-bench}"
[ -f "$here/work/corpora.env" ] && . "$here/work/corpora.env"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/edge_check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/out"
cg="valgrind -q --tool=callgrind --callgrind-out-file=$tmp/cg/%p.out"

# wrapper NAME BINARY: a command that runs BINARY under callgrind
wrapper() { printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$cg" "$2" > "$tmp/$1"; chmod +x "$tmp/$1"; }

for prog in ${*:-lua sqlite jq curl}; do
  rm -rf "$tmp/cg" && mkdir -p "$tmp/cg"
  case $prog in
  lua)
    [ -x "$bin/lua/lua" ] || { echo "edge_check.sh: run bench/hot_check.sh first ($bin/lua)" >&2; exit 1; }
    $cg "$bin/lua/lua" "$here/hot_workload.lua" > /dev/null
    src=$LUA_DIR ;;
  sqlite)
    [ -x "$bin/sqlite/sqlite3" ] || { echo "edge_check.sh: run bench/hot_check.sh first ($bin/sqlite)" >&2; exit 1; }
    sh "$here/hot_workload_sql.sh" | $cg "$bin/sqlite/sqlite3" -lookaside 0 0 ":memory:" > /dev/null
    src=$SQLITE_DIR ;;
  jq)
    [ -x "$bin/jq/jq" ] || { echo "edge_check.sh: run bench/hot_check.sh first ($bin/jq)" >&2; exit 1; }
    wrapper jq-cg "$bin/jq/jq"
    mkdir -p "$tmp/jqin" && sh "$here/hot_workload_jq.sh" "$tmp/jq-cg" "$tmp/jqin"
    src=$JQ_DIR ;;
  curl)
    [ -x "$bin/curl/src/src/curl" ] || { echo "edge_check.sh: run bench/hot_check.sh first ($bin/curl)" >&2; exit 1; }
    wrapper curl-cg "$bin/curl/src/src/curl"
    sh "$here/hot_workload_curl.sh" "$tmp/curl-cg" "$tmp/curlwork"
    rm -rf "$tmp/curlwork"
    src="-p $bin/curl/src $bin/curl/src/lib $bin/curl/src/src" ;;
  *) echo "edge_check.sh: unknown program $prog (lua, sqlite, jq, curl)" >&2; exit 2 ;;
  esac
  # $src is one folder, or -p DB and folders for curl: split on purpose
  # shellcheck disable=SC2086
  "$ca" -q --hotspots --format json --call-frequencies $src > "$tmp/report.json"
  python3 "$here/edge_compare.py" "$tmp/report.json" "$tmp"/cg/*.out > "$here/out/edges_$prog.md"
  echo "$prog: bench/out/edges_$prog.md"
done
