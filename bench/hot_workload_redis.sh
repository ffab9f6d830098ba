#!/bin/sh
# hot_workload_redis.sh N LOG SERVER...: Redis's workload for
# bench/hot_check.sh and bench/coverage_runs.sh. Starts the server
# (SERVER...: a redis-server binary, after a wrapper such as env with
# LD_PRELOAD or valgrind if any) on loopback port $REDIS_PORT (default
# 16399) with no persistence, its output into LOG; drives it with
# redis-benchmark, N requests for each of fifteen command types with
# 5000 random keys, then N/2 pipelined (16 per round trip) of four; and
# shuts it down, so that whatever it writes at exit (gcov's counts, an
# allocation counter's table) is written. redis-cli and redis-benchmark
# come from $REDIS_DIR (bench/work/corpora.env).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${1:?usage: hot_workload_redis.sh N LOG SERVER...}
log=${2:?usage: hot_workload_redis.sh N LOG SERVER...}
shift 2
[ $# -gt 0 ] || { echo "usage: hot_workload_redis.sh N LOG SERVER..." >&2; exit 2; }
if [ -z "${REDIS_DIR:-}" ]; then
  [ -f "$here/work/corpora.env" ] || { echo "hot_workload_redis.sh: run bench/corpora.sh redis first" >&2; exit 1; }
  . "$here/work/corpora.env"
fi
port=${REDIS_PORT:-16399}
"$@" --port "$port" --save "" --appendonly no > "$log" 2>&1 &
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  "$REDIS_DIR/redis-cli" -p "$port" ping > /dev/null 2>&1 && break
  sleep 1
done
"$REDIS_DIR/redis-benchmark" -p "$port" -n "$n" -r 5000 -q \
  -t set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_300,mset \
  > /dev/null 2>&1 || true
"$REDIS_DIR/redis-benchmark" -p "$port" -n $((n / 2)) -r 5000 -P 16 -q -t set,get,hset,lpush \
  > /dev/null 2>&1 || true
"$REDIS_DIR/redis-cli" -p "$port" shutdown nosave > /dev/null 2>&1 || true
wait
