#!/bin/sh
# hot_check.sh: canalyze's static allocation hotspots against allocations
# counted at run time (tests/tools/hot_preload.c, LD_PRELOAD).
#   - every fixtures/hot/CASE: compiled with -O0 -g, run, compared
#   - Lua 5.4 running bench/hot_workload.lua (a mix of features) and
#     bench/hot_workload_app.lua (a log-processing program in phases),
#     analysed with and without --pointer (Lua allocates through the
#     g->frealloc pointer)
#   - SQLite 3.40 (the shell) running bench/hot_workload.sql plus row-by-row
#     statements with lookaside off, analysed without and with --pointer;
#     and once more as built (lookaside on: malloc sees only a part)
#   - jq 1.6 running bench/hot_workload_jq.sh (eleven invocations),
#     analysed without and with --pointer
#   - Redis 7.0 serving redis-benchmark (fifteen command types, plain and
#     pipelined), analysed without and with --pointer
#   - curl 7.88 (the command and libcurl) running
#     bench/hot_workload_curl.sh against nginx on loopback, analysed
#     without and with --pointer: held out, no heuristic was chosen on it
# The corpora come from bench/corpora.sh (bench/work/corpora.env); the
# instrumented copies (-O0 -g) are built under $HOT_BENCH_DIR (default
# /tmp/hot-bench), never in the shared corpus folders.
# For each program it prints precision@10 (of the static top 10 allocation
# findings, how many sites allocate >= 1% of all blocks at run time) and
# Spearman's rank correlation, into bench/hot_results.md (summary table
# first) and bench/out/hot_CASE.md.
# HOT_CALLS=1 also checks the estimate behind the ranking, function by
# function: each program runs once more under valgrind's callgrind (its
# calls per function, bench/callgrind_calls.py, kept like the allocation
# counts), and bench/heat_compare.py ranks the report's "frequencies"
# against them (Spearman, the functions overrated most); a second table in
# the results. Redis then serves a fifth of the requests (callgrind is slow).
# A third table ranks the allocation findings again with those calls in
# place of each function's estimated heat (bench/hot_rescore.py): how the
# per-site estimates would score under an exact estimate across functions.
# Needs cc, addr2line, python3, libonig-dev (jq), valgrind for HOT_CALLS;
# build canalyze first (make).
# HOT_ONLY="sqlite redis" checks only those (fixtures, lua, sqlite, jq,
# redis, curl) and prints the table without writing bench/hot_results.md;
# HOT_REUSE=1 reuses the run-time counts kept under $HOT_BENCH_DIR/allocs
# (the program is run again only when none are kept), so a change to the
# analysis is checked in the time canalyze takes. CANALYZE=path checks
# another build of canalyze against the same counts (an older commit's,
# for a before/after table).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out="$here/out"
ca="${CANALYZE:-$top/build/canalyze}"
bin="${HOT_BENCH_DIR:-/tmp/hot-bench}"
mkdir -p "$out" "$bin"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hot_check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cc -shared -fPIC -O1 -g -DHOT_PRELOAD_SO -o "$tmp/hot_preload.so" "$top/tests/tools/hot_preload.c" -ldl

only="${HOT_ONLY:-}"
kept="$bin/allocs"
mkdir -p "$kept"

# wanted NAME: is NAME checked in this run?
wanted() {
  [ -z "$only" ] && return 0
  case " $only " in *" $1 "*) return 0 ;; esac
  return 1
}

# reuse NAME: with HOT_REUSE=1, the kept counts of NAME instead of a run.
reuse() {
  [ "${HOT_REUSE:-0}" = 1 ] && [ -s "$kept/$1.allocs" ] && cp "$kept/$1.allocs" "$tmp/$1.allocs"
}

# keep NAME: the counts of this run, for HOT_REUSE.
keep() { cp "$tmp/$1.allocs" "$kept/$1.allocs"; }

# run NAME BINARY ARGS...: counts the allocations of one run (appending).
run() {
  name=$1; shift
  reuse "$name" && return 0
  HOT_PRELOAD_OUT="$tmp/$name.allocs" LD_PRELOAD="$tmp/hot_preload.so" "$@" > /dev/null
  keep "$name"
}

# calls NAME COMMAND...: with HOT_CALLS=1, the calls per function of one
# run under callgrind, kept as NAME.calls (reused like the allocations);
# COMMAND may run the program several times (a script taking a wrapper).
calls() {
  name=$1; shift
  [ "${HOT_CALLS:-0}" = 1 ] || return 0
  [ "${HOT_REUSE:-0}" = 1 ] && [ -s "$kept/$name.calls" ] && return 0
  mkdir -p "$tmp/cg"
  "$@" > /dev/null
  python3 "$here/callgrind_calls.py" "$tmp"/cg/* > "$kept/$name.calls"
  rm -rf "$tmp/cg" # a few MB per run: never kept
}

# cg: the callgrind command line for calls(); output files under $tmp/cg.
cg() { echo "valgrind -q --tool=callgrind --callgrind-out-file=$tmp/cg/%p.out"; }

# heat TITLE NAME JSON MODULE: the function-level section, when counts
# exist, over the functions of the program MODULE is built from.
heat() {
  [ "${HOT_CALLS:-0}" = 1 ] && [ -s "$kept/$2.calls" ] || return 0
  python3 "$here/heat_compare.py" "$1" "$3" "$kept/$2.calls" --module "$4" --summary "$tmp/heat.tsv" \
    >> "$tmp/heat.md"
  echo >> "$tmp/heat.md"
}

# measured TITLE CALLS ALLOCS JSON MODULE: with the calls counted, the
# allocation ranking again with each function's estimated heat replaced by
# its measured calls (bench/hot_rescore.py): what the per-site estimates
# alone would score. The reports carry --call-frequencies, so a site the
# estimate puts below one run per run keeps its own part. One summary
# line per row, no section of its own.
measured() {
  [ "${HOT_CALLS:-0}" = 1 ] && [ -s "$kept/$2.calls" ] || return 0
  python3 "$here/hot_rescore.py" "$4" "$kept/$2.calls" > "$tmp/measured.json"
  python3 "$here/hot_compare.py" "$1" "$tmp/measured.json" "$tmp/$3.allocs" "$5" \
    --summary "$tmp/measured.tsv" > /dev/null
}

# compare TITLE NAME JSON MODULE: one section of the report.
compare() {
  cp "$3" "$kept/$2.json"
  python3 "$here/hot_compare.py" "$1" "$3" "$tmp/$2.allocs" "$4" "$out/hot_$2.md" \
    --summary "$tmp/summary.tsv" >> "$tmp/details.md"
  echo >> "$tmp/details.md"
}

: > "$tmp/details.md"
: > "$tmp/summary.tsv"
: > "$tmp/heat.md"
: > "$tmp/heat.tsv"
: > "$tmp/measured.tsv"
for dir in "$top"/fixtures/hot/*/; do
  wanted fixtures || break
  name=$(basename "$dir")
  cc -O0 -g -o "$tmp/$name" "$dir"/*.c -lpthread
  rm -f "$kept/$name.allocs" # a fixture is cheap to run, and may have changed
  run "$name" "$tmp/$name"
  "$ca" -q --hotspots --format json "$dir" > "$tmp/$name.json"
  compare "fixture $name" "$name" "$tmp/$name.json" "$tmp/$name"
done

if [ -z "${LUA_DIR:-}" ]; then
  [ -f "$here/work/corpora.env" ] || sh "$here/corpora.sh" > /dev/null 2>&1 || true
  [ -f "$here/work/corpora.env" ] && . "$here/work/corpora.env"
fi

# Lua: a copy of src/ built with -O0 -g.
if ! wanted lua; then :
elif [ -n "${LUA_DIR:-}" ] && [ -d "$LUA_DIR" ]; then
  lua="$bin/lua"
  if [ ! -x "$lua/lua" ]; then
    rm -rf "$lua" && mkdir -p "$lua"
    cp "$LUA_DIR"/*.c "$LUA_DIR"/*.h "$LUA_DIR"/Makefile "$lua/"
    make -s -C "$lua" linux MYCFLAGS="-O0 -g -fno-omit-frame-pointer" > "$tmp/lua-build.log" 2>&1
  fi
  run lua "$lua/lua" "$here/hot_workload.lua"
  "$ca" -q --pointer --hotspots --call-frequencies --format json "$LUA_DIR" > "$tmp/lua.json"
  compare "Lua 5.4 (bench/hot_workload.lua, --pointer)" lua "$tmp/lua.json" "$lua/lua"
  cp "$tmp/lua.allocs" "$tmp/lua_nopointer.allocs"
  "$ca" -q --hotspots --call-frequencies --format json "$LUA_DIR" > "$tmp/lua_nopointer.json"
  compare "Lua 5.4 (bench/hot_workload.lua, without --pointer)" lua_nopointer \
    "$tmp/lua_nopointer.json" "$lua/lua"
  calls lua $(cg) "$lua/lua" "$here/hot_workload.lua"
  heat "Lua 5.4 (bench/hot_workload.lua, --pointer)" lua "$tmp/lua.json" "$lua/lua"
  heat "Lua 5.4 (bench/hot_workload.lua, without --pointer)" lua "$tmp/lua_nopointer.json" "$lua/lua"
  measured "Lua 5.4 (bench/hot_workload.lua, --pointer)" lua lua "$tmp/lua.json" "$lua/lua"
  measured "Lua 5.4 (bench/hot_workload.lua, without --pointer)" lua lua_nopointer \
    "$tmp/lua_nopointer.json" "$lua/lua"
  # A second, application-shaped workload against the same two analyses.
  run lua_app "$lua/lua" "$here/hot_workload_app.lua"
  cp "$tmp/lua_app.allocs" "$tmp/lua_app_pointer.allocs"
  compare "Lua 5.4 (bench/hot_workload_app.lua, --pointer)" lua_app_pointer "$tmp/lua.json" "$lua/lua"
  compare "Lua 5.4 (bench/hot_workload_app.lua, without --pointer)" lua_app \
    "$tmp/lua_nopointer.json" "$lua/lua"
  calls lua_app $(cg) "$lua/lua" "$here/hot_workload_app.lua"
  heat "Lua 5.4 (bench/hot_workload_app.lua, --pointer)" lua_app "$tmp/lua.json" "$lua/lua"
  heat "Lua 5.4 (bench/hot_workload_app.lua, without --pointer)" lua_app "$tmp/lua_nopointer.json" "$lua/lua"
  measured "Lua 5.4 (bench/hot_workload_app.lua, --pointer)" lua_app lua_app_pointer \
    "$tmp/lua.json" "$lua/lua"
  measured "Lua 5.4 (bench/hot_workload_app.lua, without --pointer)" lua_app lua_app \
    "$tmp/lua_nopointer.json" "$lua/lua"
else
  echo "Lua skipped: bench/corpora.sh could not prepare it" >> "$tmp/details.md"
fi

# SQLite: the amalgamation and shell, built with -O0 -g (FTS5 and JSON on,
# as the corpus's configure has them). The workload file, then 1500
# row-by-row statements (an application's INSERT/SELECT/UPDATE traffic).
if ! wanted sqlite; then :
elif [ -n "${SQLITE_DIR:-}" ] && [ -f "$SQLITE_DIR/sqlite3.c" ]; then
  sq="$bin/sqlite"
  if [ ! -x "$sq/sqlite3" ]; then
    rm -rf "$sq" && mkdir -p "$sq"
    cp "$SQLITE_DIR"/sqlite3.c "$SQLITE_DIR"/shell.c "$SQLITE_DIR"/*.h "$sq/"
    cc -O0 -g -fno-omit-frame-pointer -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS -I"$sq" \
      -o "$sq/sqlite3" "$sq/shell.c" "$sq/sqlite3.c" -lpthread -ldl -lm
  fi
  sh "$here/hot_workload_sql.sh" > "$tmp/workload.sql"
  # Lookaside off (the shell's -lookaside 0 0): every allocation SQLite
  # makes reaches malloc, so each site's count is how often it allocates.
  # With lookaside on, the default, most of them are served from
  # preallocated slots the counter never sees.
  run sqlite "$sq/sqlite3" -lookaside 0 0 ":memory:" < "$tmp/workload.sql"
  run sqlite_lookaside "$sq/sqlite3" ":memory:" < "$tmp/workload.sql"
  "$ca" -q --hotspots --call-frequencies --format json "$SQLITE_DIR" > "$tmp/sqlite.json"
  compare "SQLite 3.40 (bench/hot_workload.sql, lookaside off, without --pointer)" sqlite "$tmp/sqlite.json" "$sq/sqlite3"
  compare "SQLite 3.40 (bench/hot_workload.sql, lookaside on: malloc only, without --pointer)" \
    sqlite_lookaside "$tmp/sqlite.json" "$sq/sqlite3"
  cp "$tmp/sqlite.allocs" "$tmp/sqlite_pointer.allocs"
  "$ca" -q --pointer --hotspots --call-frequencies --format json "$SQLITE_DIR" > "$tmp/sqlite_pointer.json"
  compare "SQLite 3.40 (bench/hot_workload.sql, lookaside off, --pointer)" sqlite_pointer \
    "$tmp/sqlite_pointer.json" "$sq/sqlite3"
  calls sqlite $(cg) "$sq/sqlite3" -lookaside 0 0 ":memory:" < "$tmp/workload.sql"
  heat "SQLite 3.40 (bench/hot_workload.sql, lookaside off, without --pointer)" sqlite "$tmp/sqlite.json" "$sq/sqlite3"
  heat "SQLite 3.40 (bench/hot_workload.sql, lookaside off, --pointer)" sqlite "$tmp/sqlite_pointer.json" "$sq/sqlite3"
  measured "SQLite 3.40 (bench/hot_workload.sql, lookaside off, without --pointer)" sqlite sqlite \
    "$tmp/sqlite.json" "$sq/sqlite3"
  measured "SQLite 3.40 (bench/hot_workload.sql, lookaside off, --pointer)" sqlite sqlite_pointer \
    "$tmp/sqlite_pointer.json" "$sq/sqlite3"
else
  echo "SQLite skipped: bench/corpora.sh could not prepare it" >> "$tmp/details.md"
fi

# jq: src/ built with -O0 -g (Oniguruma for regular expressions).
if ! wanted jq; then :
elif [ -n "${JQ_DIR:-}" ] && [ -d "$JQ_DIR" ]; then
  jq="$bin/jq"
  if [ ! -x "$jq/jq" ]; then
    rm -rf "$jq" && mkdir -p "$jq/src"
    cp "$JQ_DIR"/*.c "$JQ_DIR"/*.h "$JQ_DIR"/*.inc "$jq/src/"
    (cd "$jq" && sh "$here/jq_build.sh" src jq -O0 -g -fno-omit-frame-pointer) \
      > "$tmp/jq-build.log" 2>&1 ||
      { cat "$tmp/jq-build.log" >&2; exit 1; }
  fi
  mkdir -p "$tmp/jqin"
  reuse jq || { HOT_PRELOAD_OUT="$tmp/jq.allocs" LD_PRELOAD="$tmp/hot_preload.so" \
    sh "$here/hot_workload_jq.sh" "$jq/jq" "$tmp/jqin" && keep jq; }
  "$ca" -q --hotspots --call-frequencies --format json "$JQ_DIR" > "$tmp/jq.json"
  compare "jq 1.6 (bench/hot_workload_jq.sh, without --pointer)" jq "$tmp/jq.json" "$jq/jq"
  cp "$tmp/jq.allocs" "$tmp/jq_pointer.allocs"
  "$ca" -q --pointer --hotspots --call-frequencies --format json "$JQ_DIR" > "$tmp/jq_pointer.json"
  compare "jq 1.6 (bench/hot_workload_jq.sh, --pointer)" jq_pointer "$tmp/jq_pointer.json" "$jq/jq"
  printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$(cg)" "$jq/jq" > "$tmp/jq-cg"
  chmod +x "$tmp/jq-cg"
  calls jq sh "$here/hot_workload_jq.sh" "$tmp/jq-cg" "$tmp/jqin"
  heat "jq 1.6 (bench/hot_workload_jq.sh, without --pointer)" jq "$tmp/jq.json" "$jq/jq"
  heat "jq 1.6 (bench/hot_workload_jq.sh, --pointer)" jq "$tmp/jq_pointer.json" "$jq/jq"
  measured "jq 1.6 (bench/hot_workload_jq.sh, without --pointer)" jq jq "$tmp/jq.json" "$jq/jq"
  measured "jq 1.6 (bench/hot_workload_jq.sh, --pointer)" jq jq_pointer "$tmp/jq_pointer.json" "$jq/jq"
else
  echo "jq skipped: bench/corpora.sh could not prepare it" >> "$tmp/details.md"
fi

# redis_build: a copy of the Redis tree bench/corpora.sh built, built again
# with -O0 -g under $bin/redis (libc malloc, as there). The server that
# runs is this one: at -O2, GCC inlines hundreds of Redis's functions
# (sdslen, putClientInPendingWriteQueue), which callgrind then counts as
# never called. The analysis still reads the corpus tree ($REDIS_DIR):
# the same sources; redis-cli and redis-benchmark come from there too.
redis_build() {
  rs="$bin/redis/tree/src/redis-server"
  [ -x "$rs" ] && return 0
  rm -rf "$bin/redis" && mkdir -p "$bin/redis"
  cp -a "$REDIS_DIR/.." "$bin/redis/tree" &&
    (cd "$bin/redis/tree" && make -C src distclean &&
      make -j2 -C src MALLOC=libc OPTIMIZATION=-O0 REDIS_CFLAGS=-fno-omit-frame-pointer) \
      > "$bin/redis/build.log" 2>&1
}

# redis_serve N WRAPPER...: the -O0 server (run by WRAPPER, e.g. env with
# LD_PRELOAD) under redis-benchmark, N requests per command type
# (bench/hot_workload_redis.sh).
redis_serve() {
  n=$1; shift
  sh "$here/hot_workload_redis.sh" "$n" "$tmp/redis.log" "$@" "$rs"
}

# redis_run: the server under redis-benchmark, counted.
redis_run() {
  redis_serve 10000 env HOT_PRELOAD_OUT="$tmp/redis.allocs" LD_PRELOAD="$tmp/hot_preload.so"
  keep redis
}

# Redis (its -O0 copy, redis_build) serving redis-benchmark; analysed
# without and with --pointer (command handlers and event callbacks are
# reached only through pointers).
if ! wanted redis; then :
elif [ -z "${REDIS_DIR:-}" ] || [ ! -x "$REDIS_DIR/redis-benchmark" ]; then
  echo "Redis skipped: bench/corpora.sh could not prepare it" >> "$tmp/details.md"
elif redis_build; then
  reuse redis || redis_run
  "$ca" -q --hotspots --call-frequencies --format json "$REDIS_DIR" > "$tmp/redis.json"
  compare "Redis 7.0 (redis-benchmark, without --pointer)" redis "$tmp/redis.json" \
    "$rs"
  cp "$tmp/redis.allocs" "$tmp/redis_pointer.allocs"
  "$ca" -q --pointer --hotspots --call-frequencies --format json "$REDIS_DIR" > "$tmp/redis_pointer.json"
  compare "Redis 7.0 (redis-benchmark, --pointer)" redis_pointer "$tmp/redis_pointer.json" \
    "$rs"
  calls redis redis_serve 2000 $(cg)
  heat "Redis 7.0 (redis-benchmark, 2000 requests per type, without --pointer)" redis "$tmp/redis.json" "$rs"
  heat "Redis 7.0 (redis-benchmark, 2000 requests per type, --pointer)" redis "$tmp/redis_pointer.json" "$rs"
  measured "Redis 7.0 (redis-benchmark, without --pointer)" redis redis "$tmp/redis.json" \
    "$rs"
  measured "Redis 7.0 (redis-benchmark, --pointer)" redis redis_pointer "$tmp/redis_pointer.json" \
    "$rs"
else
  echo "Redis skipped: could not build it at -O0 (see $bin/redis/build.log)" >> "$tmp/details.md"
fi

# curl_build: curl 7.88's lib/ and src/ (the command) from the Debian
# source bench/corpora.sh fetched, built with -O0 -g under $bin/curl with
# bear (one compile_commands.json for both); no network libraries beyond
# OpenSSL, as bench/corpora.sh configures it.
curl_build() {
  [ -x "$bin/curl/src/src/curl" ] && [ -s "$bin/curl/src/compile_commands.json" ] && return 0
  dsc=$(ls "$here"/work/dl/curl_*.dsc 2> /dev/null | sort | tail -n 1)
  [ -n "$dsc" ] || return 1
  rm -rf "$bin/curl" && mkdir -p "$bin/curl"
  dpkg-source -q --no-copy -x "$dsc" "$bin/curl/src" > "$bin/curl/build.log" 2>&1 &&
    (cd "$bin/curl/src" && ./configure --with-openssl --disable-shared --without-libpsl \
      --without-brotli --without-zstd --without-libidn2 --without-nghttp2 --without-librtmp \
      --without-libssh2 --without-libssh --disable-ldap --disable-manual \
      CFLAGS="-O0 -g -fno-omit-frame-pointer" &&
      bear --output compile_commands.json -- make -j2 -C lib &&
      bear --append --output compile_commands.json -- make -j2 -C src) >> "$bin/curl/build.log" 2>&1
}

# curl: the command and libcurl, never tuned on (the other programs'
# figures chose the heuristics; this row tests them on code they were
# not chosen for), running bench/hot_workload_curl.sh against nginx.
if ! wanted curl; then :
elif curl_build; then
  cu="$bin/curl/src" # the source tree, built in place
  printf '#!/bin/sh\nHOT_PRELOAD_OUT="%s" LD_PRELOAD="%s" exec "%s" "$@"\n' \
    "$tmp/curl.allocs" "$tmp/hot_preload.so" "$cu/src/curl" > "$tmp/curl-count"
  chmod +x "$tmp/curl-count"
  reuse curl || { sh "$here/hot_workload_curl.sh" "$tmp/curl-count" "$tmp/curlwork" && keep curl; }
  "$ca" -q -p "$cu" --hotspots --call-frequencies --format json "$cu/lib" "$cu/src" > "$tmp/curl.json"
  compare "curl 7.88 (bench/hot_workload_curl.sh, without --pointer; held out)" curl "$tmp/curl.json" "$cu/src/curl"
  cp "$tmp/curl.allocs" "$tmp/curl_pointer.allocs"
  "$ca" -q -p "$cu" --pointer --hotspots --call-frequencies --format json "$cu/lib" "$cu/src" > "$tmp/curl_pointer.json"
  compare "curl 7.88 (bench/hot_workload_curl.sh, --pointer; held out)" curl_pointer \
    "$tmp/curl_pointer.json" "$cu/src/curl"
  printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$(cg)" "$cu/src/curl" > "$tmp/curl-cg"
  chmod +x "$tmp/curl-cg"
  calls curl sh "$here/hot_workload_curl.sh" "$tmp/curl-cg" "$tmp/curlwork"
  heat "curl 7.88 (bench/hot_workload_curl.sh, without --pointer; held out)" curl "$tmp/curl.json" "$cu/src/curl"
  heat "curl 7.88 (bench/hot_workload_curl.sh, --pointer; held out)" curl "$tmp/curl_pointer.json" "$cu/src/curl"
  measured "curl 7.88 (bench/hot_workload_curl.sh, without --pointer; held out)" curl curl \
    "$tmp/curl.json" "$cu/src/curl"
  measured "curl 7.88 (bench/hot_workload_curl.sh, --pointer; held out)" curl curl_pointer \
    "$tmp/curl_pointer.json" "$cu/src/curl"
  rm -rf "$tmp/curlwork"
else
  echo "curl skipped: could not build it (bench/corpora.sh curl fetches the source; see $bin/curl/build.log)" >> "$tmp/details.md"
fi

results="$here/hot_results.md"
[ -z "$only" ] || results="$out/hot_partial.md"
{
  printf "%s\n\n" "# Static hotspots vs run-time allocation counts (bench/hot_check.sh)"
  printf "%s\n\n" "precision@10: of the static top 10 allocation findings, the sites that make >= 1% of the program's heap blocks at run time. Spearman: static rank vs run-time rank over the findings that allocated."
  printf "%s\n\n" "Sites >= 1%: how many sites reach 1% of the blocks at all, the most precision@10 can count. Blocks in the top 10, top 50: the share of the run's blocks made at the sites of the static top 10 and top 50 allocation findings."
  printf "| program | precision@10 | sites >= 1%% | Spearman | blocks in the top 10 | top 50 | sites that allocated | allocations attributed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
  awk -F'\t' '{printf "| %s | %s/%s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $7, $4, $8, $9, $5, $6}' "$tmp/summary.tsv"
  echo
  cat "$tmp/details.md"
  if [ -s "$tmp/heat.tsv" ]; then
    printf "%s\n\n" "## The estimate behind the ranking: function heat vs callgrind's call counts (HOT_CALLS=1)"
    printf "%s\n\n" "Spearman between each function's static heat (the report's \"frequencies\") and log10 of its calls in a callgrind run of the same workload: over all functions the program defines (one never called ranks below all that were) and over those called. Ranks hide how far off an estimate is; the last two columns say it, over the functions called: the error heat - log10(calls), taken about its median (one factor, the same for every function, separates calls per run from the workload's calls over all its processes), as a mean absolute value in log10 (1.0: ten times off on average) and the share of functions within 10x."
    printf "| program | functions defined | called | Spearman, all | Spearman, called | error about the median (log10) | within 10x |\n|---|---:|---:|---:|---:|---:|---:|\n"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$tmp/heat.tsv"
    echo
    cat "$tmp/heat.md"
  fi
  if [ -s "$tmp/measured.tsv" ]; then
    printf "%s\n\n" "## The per-site estimates alone: the ranking with measured function calls (HOT_CALLS=1)"
    printf "%s\n\n" "The allocation findings ranked again with each function's estimated heat replaced by log10 of its calls in the callgrind run (bench/hot_rescore.py); the frequency of each site inside its function (the report's call_frequencies), the wrapper's rate and the kind's bonus stay the model's. What the ranking would score if the estimate across functions were exact. Redis's calls come from a fifth of the requests its allocations do."
    printf "| program | precision@10 | sites >= 1%% | Spearman | blocks in the top 10 | top 50 |\n|---|---:|---:|---:|---:|---:|\n"
    awk -F'\t' '{printf "| %s | %s/%s | %s | %s | %s | %s |\n", $1, $2, $3, $7, $4, $8, $9}' "$tmp/measured.tsv"
    echo
  fi
} > "$results"
cat "$results"
