#!/bin/sh
# bench/pointer.sh: `canalyze --pointer` on real code.
# For Lua 5.4 (src/) and SQLite 3.40 (sqlite3.c + shell.c), from
# bench/corpora.sh (Redis 7.0 src/ and curl 7.88 lib/: cost and precision
# only, no instrumented workload):
#   - soundness: an instrumented build (-finstrument-functions and
#     fixtures/pointer/recorder.c) runs a workload (bench/pointer_work.*);
#     every call it made must be an edge of the graph (tests/tools/pt_check);
#   - precision: mean targets per resolved indirect site against the
#     type-signature baseline (address-taken functions of the site's type);
#   - cost: wall time and peak memory of `canalyze --pointer -j1` against a
#     serial `clang -fsyntax-only` over the same compile commands, same run
#     (the clang commands are written to a shell script first, so that the
#     timed run is clang's alone). The two run in turn ROUNDS times
#     (default 5): the times are medians and the ratio is the median of the
#     rounds' own ratios, so a slow spell of the machine moves both sides
#     of one round, not the figure.
# Prints a markdown table on stdout, progress on stderr. Needs `make all`.
#   sh bench/pointer.sh [lua] [sqlite] [redis] [curl]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/work/corpora.env"
out="$here/out/pointer"
mkdir -p "$out"
CANALYZE="$top/build/canalyze"
CHECK="$top/build/tools/pt_check"
CLANG=${CLANG:-clang-19}
command -v "$CLANG" >/dev/null || sh "$top/mk/deps.sh" bench >&2 # the peer
[ -x "$CHECK" ] || make -C "$top" build/tools/pt_check >&2
which=${*:-lua sqlite}
ROUNDS=${ROUNDS:-5}

# measure NAME CMD...: prints "seconds maxrss_kb"; output in $out/NAME.out
measure() {
  name=$1; shift
  if ! /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"; then
    echo "pointer: $name failed: $(head -1 "$out/$name.err") (see $out/$name.err)" >&2
    exit 1
  fi
  cat "$out/$name.time"
}


# instrumented NAME DIR ARGS...: builds $out/NAME with the recorder
instrumented() {
  name=$1 dir=$2; shift 2
  echo "pointer: $name: instrumented build" >&2
  cc -O0 -g -c "$top/fixtures/pointer/recorder.c" -o "$out/recorder.o" &&
    (cd "$dir" && cc -O0 -g -w -finstrument-functions "$@" "$out/recorder.o" -o "$out/$name" -lm -ldl -lpthread)
}

# median: the middle of the numbers on stdin (the lower middle of an even count)
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

row() { # NAME DIR WORKLOAD (a shell command run in $out)
  name=$1 dir=$2 work=$3
  python3 "$here/ccdb.py" "$dir/compile_commands.json" "$CLANG" -fsyntax-only -w > "$out/$name-clang.sh"
  : > "$out/$name.rounds"
  r=1
  while [ "$r" -le "$ROUNDS" ]; do
    echo "pointer: $name: round $r of $ROUNDS: canalyze --pointer, clang -fsyntax-only" >&2
    set -- $(measure "$name-canalyze" "$CANALYZE" -q --no-cache -j1 --pointer --format json "$dir")
    [ $# -eq 2 ] || exit 1
    ca_s=$1 ca_kb=$2
    set -- $(measure "$name-clang" sh -e "$out/$name-clang.sh")
    [ $# -eq 2 ] || exit 1
    echo "$ca_s $ca_kb $1 $2 $(awk "BEGIN { print $ca_s / $1 }")" >> "$out/$name.rounds"
    r=$((r + 1))
  done
  ca_s=$(cut -d' ' -f1 "$out/$name.rounds" | median)
  ca_kb=$(cut -d' ' -f2 "$out/$name.rounds" | median)
  cl_s=$(cut -d' ' -f3 "$out/$name.rounds" | median)
  cl_kb=$(cut -d' ' -f4 "$out/$name.rounds" | median)
  ratio=$(cut -d' ' -f5 "$out/$name.rounds" | median)
  summary=$(grep '^"points_to"' "$out/$name-canalyze.out")
  observed="no instrumented run"
  if [ -n "$work" ]; then
  rm -f "$out/$name.record"
  echo "pointer: $name: workload" >&2
  (cd "$out" && PT_RECORD="$out/$name.record" sh -c "$work" > "$out/$name-work.out" 2>&1)
  nm -n --defined-only "$out/$name" > "$out/$name.nm"
  "$CHECK" "$out/$name.nm" "$out/$name.record" "$out/$name-canalyze.out" > "$out/$name.check"
  observed=$(tail -1 "$out/$name.check")
  fi
  printf '| %s | %s / %s | %s | %s | %s ms | %s s | %s s | %.2fx | %s MB | %s MB | %.2fx | %s |\n' "$name" \
    "$(get resolved)" "$(get indirect_sites)" "$(get mean_targets)" "$(get baseline_mean_targets)" \
    "$(get solver_ms)" "$ca_s" "$cl_s" "$ratio" "$((ca_kb / 1024))" "$((cl_kb / 1024))" \
    "$(awk "BEGIN { print $ca_kb / $cl_kb }")" "$observed"
}
get() { printf '%s' "$summary" | sed "s/.*\"$1\": \([0-9.]*\).*/\1/"; }

echo "### Points-to analysis (--pointer)"
echo
echo "Medians of $ROUNDS rounds; the time ratio is the median of the rounds' ratios."
echo
echo "| program | resolved / indirect sites | mean targets | type baseline | solver | canalyze --pointer -j1 | clang -fsyntax-only | time ratio | canalyze memory | clang memory | memory ratio | observed calls (instrumented run) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for corpus in $which; do
  case $corpus in
  lua)
    [ -n "${LUA_DIR:-}" ] || continue
    srcs=$(cd "$LUA_DIR" && ls *.c | grep -v '^luac\.c$')
    instrumented lua "$LUA_DIR" -DLUA_COMPAT_5_3 -DLUA_USE_LINUX $srcs >&2 || continue
    cp "$here/pointer_work.lua" "$out/work.lua"
    row lua "$LUA_DIR" "./lua work.lua" ;;
  sqlite)
    [ -n "${SQLITE_DIR:-}" ] || continue
    instrumented sqlite "$SQLITE_DIR" -I. sqlite3.c shell.c >&2 || continue
    cp "$here/pointer_work.sql" "$out/work.sql"
    row sqlite "$SQLITE_DIR" "./sqlite :memory: < work.sql" ;;
  redis) [ -n "${REDIS_DIR:-}" ] && row redis "$REDIS_DIR" "" ;;
  curl) [ -n "${CURL_DIR:-}" ] && row curl "$CURL_DIR" "" ;;
  esac
done
