#!/bin/sh
# hot_check.sh: canalyze's static allocation hotspots against allocations
# counted at run time (tests/tools/hot_preload.c, LD_PRELOAD).
#   - every fixtures/hot/CASE: compiled with -O0 -g, run, compared
#   - Lua 5.4 (bench/corpora.sh fetches it) running bench/hot_workload.lua,
#     analysed with --pointer (Lua allocates through the g->frealloc pointer)
#   - Redis 7.0 serving redis-benchmark, analysed without --pointer
# Writes bench/out/hot_CASE.md and bench/hot_results.md (all of them, committed).
# Needs cc, addr2line, python3; build canalyze first (make).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out="$here/out"
ca="${CANALYZE:-$top/build/canalyze}"
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hot_check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cc -shared -fPIC -O1 -g -DHOT_PRELOAD_SO -o "$tmp/hot_preload.so" "$top/tests/tools/hot_preload.c" -ldl

# run NAME BINARY ARGS...: counts the allocations of one run.
run() {
  name=$1; shift
  HOT_PRELOAD_OUT="$tmp/$name.allocs" LD_PRELOAD="$tmp/hot_preload.so" "$@" > /dev/null
}

results="$here/hot_results.md"
printf "%s\n\n" "# Static hotspots vs run-time allocation counts (bench/hot_check.sh)" > "$results"
for dir in "$top"/fixtures/hot/*/; do
  name=$(basename "$dir")
  cc -O0 -g -o "$tmp/$name" "$dir"/*.c -lpthread
  run "$name" "$tmp/$name"
  "$ca" -q --hotspots --format json "$dir" > "$tmp/$name.json"
  python3 "$here/hot_compare.py" "fixture $name" "$tmp/$name.json" "$tmp/$name.allocs" \
    "$tmp/$name" "$out/hot_$name.md" >> "$results"
  echo >> "$results"
done

# Lua: a copy of src/ built with -O0 -g (the analysed tree stays untouched).
if [ -z "${LUA_DIR:-}" ]; then
  sh "$here/corpora.sh" > /dev/null 2>&1 || true
  [ -f "$here/work/corpora.env" ] && . "$here/work/corpora.env"
fi
if [ -n "${LUA_DIR:-}" ] && [ -d "$LUA_DIR" ]; then
  lua="$here/work/lua-hot"
  if [ ! -x "$lua/lua" ]; then
    rm -rf "$lua" && mkdir -p "$lua"
    cp "$LUA_DIR"/*.c "$LUA_DIR"/*.h "$LUA_DIR"/Makefile "$lua/"
    make -s -C "$lua" linux MYCFLAGS="-O0 -g -fno-omit-frame-pointer" > "$tmp/lua-build.log" 2>&1
  fi
  run lua "$lua/lua" "$here/hot_workload.lua"
  "$ca" -q --pointer --hotspots --format json "$LUA_DIR" > "$tmp/lua.json"
  python3 "$here/hot_compare.py" "Lua 5.4 (bench/hot_workload.lua, --pointer)" "$tmp/lua.json" \
    "$tmp/lua.allocs" "$lua/lua" "$out/hot_lua.md" >> "$results"
  echo >> "$results"
  # Without --pointer, wrappers are found through the pointer's name (frealloc).
  "$ca" -q --hotspots --format json "$LUA_DIR" > "$tmp/lua-nopointer.json"
  python3 "$here/hot_compare.py" "Lua 5.4 (bench/hot_workload.lua, without --pointer)" \
    "$tmp/lua-nopointer.json" "$tmp/lua.allocs" "$lua/lua" "$out/hot_lua_nopointer.md" >> "$results"
else
  echo "Lua skipped: bench/corpora.sh could not prepare it" >> "$results"
fi
echo >> "$results"
# Redis, as built by bench/corpora.sh (-O2 -g, libc malloc), serving
# redis-benchmark; analysed without --pointer (the points-to analysis of
# Redis does not finish in minutes here), so command handlers and event
# callbacks, reached only through pointers, get no heat from their callers.
if [ -n "${REDIS_DIR:-}" ] && [ -x "$REDIS_DIR/redis-server" ] && [ -x "$REDIS_DIR/redis-benchmark" ]; then
  port=16399
  HOT_PRELOAD_OUT="$tmp/redis.allocs" LD_PRELOAD="$tmp/hot_preload.so" \
    "$REDIS_DIR/redis-server" --port $port --save "" --appendonly no > "$tmp/redis.log" 2>&1 &
  sleep 2
  "$REDIS_DIR/redis-benchmark" -p $port -n 20000 -q \
    -t set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100 > /dev/null 2>&1 || true
  "$REDIS_DIR/redis-cli" -p $port shutdown nosave > /dev/null 2>&1 || true
  wait
  "$ca" -q --hotspots --format json "$REDIS_DIR" > "$tmp/redis.json"
  python3 "$here/hot_compare.py" "Redis 7.0 (redis-benchmark, without --pointer)" "$tmp/redis.json" \
    "$tmp/redis.allocs" "$REDIS_DIR/redis-server" "$out/hot_redis.md" >> "$results"
else
  echo "Redis skipped: bench/corpora.sh could not prepare it" >> "$results"
fi
cat "$results"
