#!/bin/sh
# coverage_runs.sh DIR: Lua 5.4 and SQLite 3.40 built with -O0 --coverage
# under DIR/lua and DIR/sqlite (about 60 MB; DIR is emptied first), each
# run on the workloads of bench/hot_check.sh, so that gcov can say how
# often each line ran. Shared by bench/bit_rates.sh and
# bench/rule_rates.sh. Redis and jq are left out on purpose: their
# figures in bench/hot_results.md test what these runs are used to set.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: coverage_runs.sh DIR}
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
