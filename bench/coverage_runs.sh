#!/bin/sh
# coverage_runs.sh DIR [jq] [redis]: Lua 5.4 and SQLite 3.40 built with
# -O0 --coverage under DIR/lua and DIR/sqlite (about 60 MB; DIR is
# emptied first), each run on the workloads of bench/hot_check.sh, so
# that gcov can say how often each line ran. Shared by bench/bit_rates.sh
# and bench/rule_rates.sh. With `jq`, jq 1.6 too, under DIR/jq; with
# `redis`, Redis 7.0 (a copy of bench/corpora.sh's tree, about 70 MB,
# its server rebuilt) under DIR/redis, serving the workload of
# bench/hot_workload_redis.sh: bench/rule_rates.sh shows them apart, as
# programs the probabilities were not set on (they test them in
# bench/hot_results.md too).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: coverage_runs.sh DIR [jq] [redis]}
shift
with_jq=0 with_redis=0
for extra in "$@"; do
  case $extra in
  jq) with_jq=1 ;;
  redis) with_redis=1 ;;
  *) echo "coverage_runs.sh: unknown program $extra (jq, redis)" >&2; exit 2 ;;
  esac
done
if [ -z "${LUA_DIR:-}" ] || [ -z "${SQLITE_DIR:-}" ]; then
  [ -f "$here/work/corpora.env" ] || sh "$here/corpora.sh" > /dev/null
  . "$here/work/corpora.env"
fi
rm -rf "$dir" && mkdir -p "$dir/lua" "$dir/sqlite"

cp "$LUA_DIR"/*.c "$LUA_DIR"/*.h "$LUA_DIR"/Makefile "$dir/lua/"
make -s -C "$dir/lua" linux MYCFLAGS="-O0 --coverage" MYLDFLAGS="--coverage" > "$dir/lua-build.log" 2>&1
"$dir/lua/lua" "$here/hot_workload.lua" > /dev/null
"$dir/lua/lua" "$here/hot_workload_app.lua" > /dev/null

sq="$dir/sqlite"
cp "$SQLITE_DIR"/sqlite3.c "$SQLITE_DIR"/shell.c "$SQLITE_DIR"/*.h "$sq/"
cc -O0 --coverage -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS -I"$sq" \
  -o "$sq/sqlite3" "$sq/shell.c" "$sq/sqlite3.c" -lpthread -ldl -lm
sh "$here/hot_workload_sql.sh" | "$sq/sqlite3" -lookaside 0 0 ":memory:" > /dev/null

# jq, flat in DIR/jq (gcov finds each source next to its .gcda; src/ is
# a link back for the includes that name it)
if [ $with_jq = 1 ] && [ -n "${JQ_DIR:-}" ] && [ -d "$JQ_DIR" ]; then
  jq="$dir/jq"
  mkdir -p "$jq"
  cp "$JQ_DIR"/*.c "$JQ_DIR"/*.h "$JQ_DIR"/*.inc "$jq/"
  ln -s . "$jq/src"
  (cd "$jq" && sh "$here/jq_build.sh" . jq -O0 --coverage) > "$dir/jq-build.log" 2>&1
  mkdir -p "$dir/jqin"
  sh "$here/hot_workload_jq.sh" "$jq/jq" "$dir/jqin"
  rm -rf "$dir/jqin"
fi

# Redis: its src/ needs the deps/ that bench/corpora.sh built (libc
# malloc), so the whole tree is copied; DIR/redis is a link to its src/
if [ $with_redis = 1 ] && [ -n "${REDIS_DIR:-}" ] && [ -x "$REDIS_DIR/redis-server" ]; then
  rd="$dir/redis-tree"
  cp -a "$(dirname "$REDIS_DIR")" "$rd"
  ln -s redis-tree/src "$dir/redis"
  rm -f "$rd"/src/*.o "$rd"/src/redis-server
  make -C "$rd/src" -j2 MALLOC=libc OPTIMIZATION=-O0 REDIS_CFLAGS=--coverage REDIS_LDFLAGS=--coverage \
    redis-server > "$dir/redis-build.log" 2>&1
  REDIS_PORT=16499 sh "$here/hot_workload_redis.sh" 10000 "$dir/redis-server.log" "$rd/src/redis-server"
fi
