#!/bin/sh
# bench/pointer_big.sh: `canalyze --pointer -j2` on large code bases against
# a serial `clang -fsyntax-only` over the same compile commands, in the
# same run: PostgreSQL 15's backend (POSTGRES_DIR, 730 TUs) and git 2.39
# (GITSRC_DIR, 501 TUs), both from bench/corpora.sh, built under bear.
# canalyze runs with --no-cache: every TU is parsed, as clang does.
# Reports wall time, peak memory (/usr/bin/time -v, maximum resident set),
# the solver's own time and the precision columns of bench/pointer.sh (no
# instrumented workload here: bench/pointer.sh checks soundness on Lua and
# SQLite). Prints a markdown table on stdout, progress on stderr.
#   sh bench/pointer_big.sh [postgres] [git]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/work/corpora.env"
out="$here/out/pointer_big"
mkdir -p "$out"
CANALYZE=${CANALYZE:-$top/build/canalyze}
CLANG=${CLANG:-clang-19}
command -v "$CLANG" >/dev/null || sh "$top/mk/deps.sh" bench >&2 # the peer
which=${*:-postgres git}

# measure NAME CMD...: prints "seconds maxrss_kb"; output in $out/NAME.out
# (stderr capped: a gcc-made compile database makes clang warn per TU)
measure() {
  name=$1; shift
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err.full"
  rc=$?
  head -c 100000 "$out/$name.err.full" > "$out/$name.err"; rm -f "$out/$name.err.full"
  if [ "$rc" -ne 0 ]; then
    echo "pointer_big: $name failed: $(head -1 "$out/$name.err") (see $out/$name.err)" >&2
    exit 1
  fi
  s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.time" |
      awk -F: '{ t = 0; for (i = 1; i <= NF; i++) t = t * 60 + $i; print t }')
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.time")
  echo "$s $kb"
}

get() { printf '%s' "$summary" | sed "s/.*\"$1\": \([0-9.]*\).*/\1/"; }

row() { # NAME DIR
  name=$1 dir=$2
  echo "pointer_big: $name: canalyze --pointer -j2" >&2
  set -- $(measure "$name-canalyze" "$CANALYZE" -q --no-cache -j2 --pointer --format json "$dir")
  [ $# -eq 2 ] || exit 1
  ca_s=$1 ca_kb=$2
  echo "pointer_big: $name: clang -fsyntax-only, serial" >&2
  python3 "$here/ccdb.py" "$dir/compile_commands.json" "$CLANG" -fsyntax-only -w > "$out/$name-clang.sh"
  set -- $(measure "$name-clang" sh "$out/$name-clang.sh")
  [ $# -eq 2 ] || exit 1
  cl_s=$1 cl_kb=$2
  summary=$(grep '^"points_to"' "$out/$name-canalyze.out")
  tus=$(grep -c '^cd ' "$out/$name-clang.sh")
  printf '| %s (%s TUs) | %s / %s | %s | %s | %.1f s | %.1f s | %.1f s | **%.2fx** | %s MB | %s MB |\n' \
    "$name" "$tus" "$(get resolved)" "$(get indirect_sites)" "$(get mean_targets)" "$(get baseline_mean_targets)" \
    "$(awk "BEGIN { print $(get solver_ms) / 1000 }")" "$ca_s" "$cl_s" "$(awk "BEGIN { print $ca_s / $cl_s }")" \
    "$((ca_kb / 1024))" "$((cl_kb / 1024))"
}

echo "### --pointer on large code bases"
echo
echo "| program | resolved / indirect sites | mean targets | type baseline | solver | canalyze --pointer -j2 | clang -fsyntax-only, serial | time ratio | canalyze peak memory | clang peak memory |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for corpus in $which; do
  case $corpus in
  postgres) [ -n "${POSTGRES_DIR:-}" ] && row postgres "$POSTGRES_DIR" ;;
  git) [ -n "${GITSRC_DIR:-}" ] && row git "$GITSRC_DIR" ;;
  esac
done
