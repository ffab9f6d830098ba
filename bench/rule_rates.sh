#!/bin/sh
# rule_rates.sh: how often the sides that each branch heuristic of
# canalyze --hotspots predicts rare really run, measured on Lua 5.4 and
# SQLite 3.40 running the workloads of bench/hot_check.sh (built with
# -O0 --coverage by bench/coverage_runs.sh under $RULE_RATES_DIR,
# default /tmp/rule-rates, about 150 MB, emptied first; with
# RULE_RATES_REUSE=1 the runs already there are read again). canalyze
# --call-frequencies says which heuristics hold where (the JSON's
# "call_frequencies", docs/formats.md), gcov how often each call ran per
# entry of its function; bench/rule_rates.py compares them. The table
# goes to stdout and bench/out/rule_rates.md, and how many passes loops
# of each shape make (bench/loop_rates.py) to bench/out/loop_rates.md.
# jq 1.6 and Redis 7.0
# (serving bench/hot_workload_redis.sh) are measured too and shown
# apart, held out: no probability was set on them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ca="${CANALYZE:-$top/build/canalyze}"
if [ -z "${LUA_DIR:-}" ] || [ -z "${SQLITE_DIR:-}" ]; then
  [ -f "$here/work/corpora.env" ] || sh "$here/corpora.sh" > /dev/null
  . "$here/work/corpora.env"
fi
[ -x "$ca" ] || { echo "rule_rates.sh: build canalyze first (make)" >&2; exit 1; }
dir=${RULE_RATES_DIR:-/tmp/rule-rates}
mkdir -p "$here/out"
if [ "${RULE_RATES_REUSE:-0}" != 1 ] || [ ! -s "$dir/sqlite/sqlite3" ]; then
  sh "$here/coverage_runs.sh" "$dir" jq redis
fi
"$ca" -q --hotspots --format json --call-frequencies "$LUA_DIR" > "$dir/lua.json"
"$ca" -q --hotspots --format json --call-frequencies "$SQLITE_DIR" > "$dir/sqlite.json"
set -- "$dir/lua.json" "$dir/lua" "$dir/sqlite.json" "$dir/sqlite"
held=--
if [ -n "${JQ_DIR:-}" ] && [ -x "$dir/jq/jq" ]; then
  "$ca" -q --hotspots --format json --call-frequencies "$JQ_DIR" > "$dir/jq.json"
  set -- "$@" $held "$dir/jq.json" "$dir/jq"
  held=
fi
if [ -n "${REDIS_DIR:-}" ] && [ -x "$dir/redis/redis-server" ]; then
  "$ca" -q --hotspots --format json --call-frequencies "$REDIS_DIR" > "$dir/redis.json"
  set -- "$@" $held "$dir/redis.json" "$dir/redis"
fi
python3 "$here/rule_rates.py" "$@" | tee "$here/out/rule_rates.md"

# The loops by shape (bench/loop_rates.py reads them with libclang), the
# same folders held out the same way.
if /usr/bin/python3 -c 'import clang.cindex' 2> /dev/null; then
  set -- "$dir/lua" "$dir/sqlite"
  held=--
  for d in "$dir/jq" "$dir/redis"; do
    [ -d "$d" ] && set -- "$@" $held "$d" && held=
  done
  /usr/bin/python3 "$here/loop_rates.py" "$@" | tee "$here/out/loop_rates.md"
else
  echo "rule_rates.sh: loops by shape skipped: needs python3-clang-19 (sh mk/deps.sh bench)" >&2
fi
