#!/bin/sh
# Call-graph cost on real code, as markdown tables on stdout:
#  (a) sqlite3.c, one TU: canalyze (call graph, JSON to /dev/null) against
#      `clang -fsyntax-only` with the same flags; wall time and peak RSS.
#      Targets: <= 1.5x the time, <= 2x the peak memory.
#  (b) multi-TU (Lua src/, Redis src/, curl lib/): `canalyze -j2` against a
#      serial `clang -fsyntax-only` over the same compile commands.
#      Target: <= 0.7x the time.
#  (c) GNU cflow on the same inputs, only in -b (brief) mode and with its
#      output capped (ulimit -f): its default tree output is exponential.
# Peers run alternately in the same run, REPS times each (REPS=7, MREPS=3
# for the multi-TU rows); the tables give medians and ratios of medians, and
# for sqlite3.c also the ratio of the fastest runs (least disturbed by other
# load on a shared machine).
# Times are wall seconds and peak RSS from /usr/bin/time -f '%e %M'.
# Needs bench/corpora.sh to have run and build/canalyze (CANALYZE=...).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
CANALYZE=${CANALYZE:-$root/build/canalyze}
CLANG=${CLANG:-clang-19}
REPS=${REPS:-7}
MREPS=${MREPS:-3}
CFLOW_CAP_BLOCKS=${CFLOW_CAP_BLOCKS:-400000}   # ulimit -f, 512-byte blocks in dash: ~200 MB
env="$here/work/corpora.env"
[ -f "$env" ] || { echo "perf_callgraph: run bench/corpora.sh first" >&2; exit 2; }
[ -x "$CANALYZE" ] || { echo "perf_callgraph: $CANALYZE not built" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "perf_callgraph: needs GNU time (package time)" >&2; exit 2; }
. "$env"
tmp="$here/work/perf"
mkdir -p "$tmp"

# measure KEY CMD: runs CMD (a shell string) once under /usr/bin/time and
# appends "KEY seconds kilobytes exit cpu-seconds" to $tmp/samples. Output of CMD goes to
# $tmp/KEY.out (stdout) and $tmp/KEY.err (stderr, last lines kept).
measure() {
  key=$1; shift
  rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$tmp/time.txt" sh -c "$1" >"$tmp/$key.out" 2>"$tmp/$key.err" || rc=$?
  tail -n 1 "$tmp/time.txt" | awk -v k="$key" -v rc="$rc" '{ print k, $1, $2, rc, $3 + $4 }' >>"$tmp/samples"
  if [ "$rc" -ne 0 ]; then
    echo "perf_callgraph: $key exited $rc: $(tail -n 2 "$tmp/$key.err" | tr '\n' ' ')" >&2
  fi
}

# median KEY FIELD: the median of column FIELD (2 = seconds, 3 = KB,
# 5 = CPU seconds, user + system) of KEY.
median() {
  awk -v k="$1" -v f="$2" '$1 == k { print $f }' "$tmp/samples" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minimum() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/samples" | sort -g | head -n 1; }
spread() {  # min-max of the seconds
  awk -v k="$1" '$1 == k { print $2 }' "$tmp/samples" | sort -g |
    awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'
}
failed() { awk -v k="$1" '$1 == k && $4 != 0 { n++ } END { print n + 0 }' "$tmp/samples"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# row LABEL KEY BASEKEY: one markdown row, ratios against BASEKEY.
row() {
  t=$(median "$2" 2); m=$(median "$2" 3); bt=$(median "$3" 2); bm=$(median "$3" 3)
  note=""; n=$(failed "$2"); [ "$n" -gt 0 ] && note=" ($n runs failed)"
  echo "| $1 | $t | $(spread "$2") | $(mb "$m") | $(ratio "$t" "$bt") | $(ratio "$(minimum "$2")" "$(minimum "$3")") | $(ratio "$m" "$bm") |$note"
}
header() {
  echo "| $1 | wall s (median) | wall s (min-max) | peak RSS MB | time ratio (medians) | time ratio (fastest runs) | memory ratio |"
  echo "|---|---|---|---|---|---|---|"
}

# cflow_cmd DB: cflow -b over the .c files of a compile_commands.json,
# preprocessed with the first entry's -D/-I/-U/-std flags, output capped.
cflow_cmd() {
  python3 - "$1" "$CFLOW_CAP_BLOCKS" <<'PY'
import json, os, shlex, sys
sys.path.insert(0, os.environ["BENCH_DIR"])
import ccdb
db = json.load(open(sys.argv[1]))
files, seen, flags = [], set(), None
for e in db:
    p = os.path.normpath(os.path.join(e["directory"], e["file"]))
    if not p.endswith(".c") or p in seen:
        continue
    seen.add(p)
    files.append(os.path.relpath(p, db[0]["directory"]))
    if flags is None:
        flags = [a for a in ccdb.tu_flags(e, p) if a[:2] in ("-D", "-I", "-U") or a.startswith("-std")]
cpp = " ".join(["cpp"] + flags)
print("cd %s && ulimit -f %s && cflow -b --cpp=%s %s" % (
    shlex.quote(db[0]["directory"]), sys.argv[2], shlex.quote(cpp),
    " ".join(shlex.quote(f) for f in files)))
PY
}
export BENCH_DIR="$here"

: >"$tmp/samples"
echo "## Call-graph cost"
echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "$($CLANG --version | head -n 1); $(cflow --version | head -n 1)."
echo "Medians of $REPS runs (multi-TU: $MREPS), peers alternating in the same run."

# The floor: libclang parsing alone, and with a do-nothing walk (parse_only.c).
LLVM_CONFIG=${LLVM_CONFIG:-$(command -v llvm-config-19 || echo /usr/lib/llvm-19/bin/llvm-config)}
floor="$tmp/parse_only"
if [ ! -x "$floor" ] || [ "$here/parse_only.c" -nt "$floor" ]; then
  cc -O2 -I"$($LLVM_CONFIG --includedir)" "$here/parse_only.c" -L"$($LLVM_CONFIG --libdir)" \
    -lclang -Wl,-rpath,"$($LLVM_CONFIG --libdir)" -o "$floor" || floor=""
fi

# (a) sqlite3.c, one TU
if [ -n "${SQLITE_DIR:-}" ] && [ -f "$SQLITE_DIR/sqlite3.c" ]; then
  flags="-O2 -I."
  i=0
  while [ $i -lt "$REPS" ]; do
    measure sq_clang "cd '$SQLITE_DIR' && $CLANG -fsyntax-only -w $flags sqlite3.c"
    measure sq_canalyze "cd '$SQLITE_DIR' && '$CANALYZE' --no-cache --format json -j1 sqlite3.c -- $flags"
    if [ -n "$floor" ]; then
      measure sq_parse "cd '$SQLITE_DIR' && '$floor' parse sqlite3.c -w $flags"
      measure sq_walk "cd '$SQLITE_DIR' && '$floor' walk sqlite3.c -w $flags"
    fi
    i=$((i + 1))
  done
  measure sq_cflow "cd '$SQLITE_DIR' && ulimit -f $CFLOW_CAP_BLOCKS && cflow -b --cpp='cpp -I.' sqlite3.c"
  cfsize=$(wc -c <"$tmp/sq_cflow.out")
  echo
  echo "### sqlite3.c, one TU ($(wc -l <"$SQLITE_DIR/sqlite3.c") lines, flags \`$flags\`)"
  echo
  header tool
  row "clang -fsyntax-only" sq_clang sq_clang
  row "canalyze --format json" sq_canalyze sq_clang
  if [ -n "$floor" ]; then
    row "libclang parse only (bench/parse_only.c)" sq_parse sq_clang
    row "libclang parse + empty walk of $(tail -n 1 "$tmp/sq_walk.out" | cut -d' ' -f1) cursors" sq_walk sq_clang
  fi
  row "cflow -b --cpp (1 run, $((cfsize / 1024)) KB output)" sq_cflow sq_clang
  echo
  echo "Targets: canalyze <= 1.5x time, <= 2x peak memory of clang -fsyntax-only."
fi

# (b) + (c) multi-TU corpora
echo
echo "### Multi-TU: canalyze -j2 vs serial clang -fsyntax-only"
echo
echo "| corpus | TUs | serial clang s | canalyze -j2 s (min-max) | **ratio** | canalyze -j1 s (ratio) | CPU s clang / canalyze -j2 | canalyze -j2 peak MB | cflow -b s | cflow output KB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for c in lua redis curl; do
  var=$(echo "$c" | tr a-z A-Z)_DIR
  dir=$(eval "echo \${$var:-}")
  if [ -z "$dir" ] || [ ! -f "$dir/compile_commands.json" ]; then
    echo "| $c | skipped: corpus not prepared | | | | | | | | |"; continue
  fi
  python3 "$here/ccdb.py" "$dir/compile_commands.json" "$CLANG" -fsyntax-only -w \
    >"$tmp/$c.serial.sh"
  ntu=$(wc -l <"$tmp/$c.serial.sh")
  i=0
  while [ $i -lt "$MREPS" ]; do
    measure "${c}_clang" "sh -e '$tmp/$c.serial.sh'"
    measure "${c}_canalyze" "'$CANALYZE' --no-cache --format json -j2 '$dir'"
    measure "${c}_canalyze1" "'$CANALYZE' --no-cache --format json -j1 '$dir'"
    i=$((i + 1))
  done
  measure "${c}_cflow" "$(cflow_cmd "$dir/compile_commands.json")"
  t=$(median "${c}_clang" 2); ct=$(median "${c}_canalyze" 2)
  note=""; n=$(failed "${c}_canalyze"); [ "$n" -gt 0 ] && note=" ($n failed)"
  cf=$(median "${c}_cflow" 2); cfrc=$(awk -v k="${c}_cflow" '$1 == k { print $4 }' "$tmp/samples")
  [ "$cfrc" != 0 ] && cf="$cf (exit $cfrc)"
  c1=$(median "${c}_canalyze1" 2)
  echo "| $c | $ntu | $t | $ct ($(spread "${c}_canalyze"))$note | **$(ratio "$ct" "$t")** | $c1 ($(ratio "$c1" "$t")) | $(median "${c}_clang" 5) / $(median "${c}_canalyze" 5) | $(mb "$(median "${c}_canalyze" 3)") | $cf | $(( $(wc -c <"$tmp/${c}_cflow.out") / 1024 )) |"
done
echo
echo "Target: canalyze -j2 <= 0.7x serial clang (one clang process per TU, as a"
echo "build would run it; part of canalyze's lead is the process start-up it saves,"
echo "which the -j1 column shows). cflow: -b, preprocessed with the"
echo "first TU's -D/-I flags (--cpp), output capped at $((CFLOW_CAP_BLOCKS / 2048)) MB; it is lexical"
echo "(no types, no pointer calls) and is shown for scale, not as a peer of equal depth."
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg). Raw samples: bench/work/perf/samples."
