#!/bin/sh
# Edge comparison: canalyze's direct call edges against clang's own call
# graph (debug.DumpCallGraph), per corpus, as markdown on stdout.
#   sh bench/cg_compare.sh [lua sqlite redis curl]   (default: all four)
# Needs bench/corpora.sh to have run (bench/work/corpora.env) and
# build/canalyze (override with CANALYZE=..., clang with CLANG=...).
# Raw dumps, canalyze JSON and the full lists of differing edges go to
# bench/work/cg/. Exit status 1 when some corpus misses an edge.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
CANALYZE=${CANALYZE:-$root/build/canalyze}
CLANG=${CLANG:-clang-19}
PY=$(command -v python3)
env="$here/work/corpora.env"
[ -f "$env" ] || { echo "cg_compare: run bench/corpora.sh first" >&2; exit 2; }
[ -x "$CANALYZE" ] || { echo "cg_compare: $CANALYZE not built (make build/canalyze)" >&2; exit 2; }
. "$env"
status=0
mkdir -p "$here/work/cg"
rm -f "$here/work/cg/summary.rows"
echo "## Call edges: canalyze vs clang debug.DumpCallGraph"
echo
echo "Pairs (caller name, callee name), unioned over TUs. $($CLANG --version | head -n 1)."
for c in ${*:-lua sqlite redis curl}; do
  var=$(echo "$c" | tr a-z A-Z)_DIR
  dir=$(eval "echo \${$var:-}")
  if [ -z "$dir" ] || [ ! -f "$dir/compile_commands.json" ]; then
    echo; echo "### $c: skipped (corpus not prepared)"; continue
  fi
  echo
  "$PY" "$here/cg_compare.py" "$c" "$dir" "$CANALYZE" "$CLANG" "$here/work/cg" 5 ||
    status=$?
done
echo
echo "### Summary"
echo
echo "| corpus | TUs | clang edges | of which left out by design | canalyze edges | **missing** | extra | direct call sites clang / canalyze | indirect sites clang-query / canalyze | loop depth vs clang-query | canalyze TUs with errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
cat "$here/work/cg/summary.rows" 2>/dev/null || true
echo
echo "Left out by design: calls to compiler builtins (__builtin_expect, va_start, ...)"
echo "and calls made inside library bodies in system headers (glibc's extern inline"
echo "atoi -> strtol at -O2). Full lists: bench/work/cg/NAME.diff.txt"
exit $status
