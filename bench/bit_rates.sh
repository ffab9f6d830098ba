#!/bin/sh
# bit_rates.sh: how often the set side of a test of bits of a flag word
# runs (c->flags & BLOCKED), measured on Lua 5.4 and SQLite 3.40 running
# the workloads of bench/hot_check.sh: the figure behind the bits
# heuristic's 28% (analyzer/hotspots/hot_freq.c, docs/hotspots.md); and
# how often a pointer tested against null is set, by what the pointer is
# (a local, a parameter, a field reached from either, a variable of
# static storage, a call's result), with jq 1.6 held out and shown apart
# (bench/null_rates.py): the pointer heuristic gives the set side 60%
# whatever the pointer; and how often an integer variable or field tested
# for truth (if (p->hasOr), if (!n)) is not 0, by what it is and by its
# width, jq held out the same way (bench/flag_rates.py): the frontend
# knows nothing of such a test (50%) unless the value is global state.
# The three are built with -O0 --coverage under
# $BIT_RATES_DIR (default /tmp/bit-rates, about 30 MB, emptied first;
# bench/coverage_runs.sh); the Python scripts read the conditions with
# libclang and the runs with gcov, and the tables go to stdout,
# bench/out/bit_rates.md, bench/out/null_rates.md and
# bench/out/flag_rates.md. Redis and jq are
# left out of the bit figure on purpose: their figures in
# bench/hot_results.md test the number.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${LUA_DIR:-}" ] || [ -z "${SQLITE_DIR:-}" ]; then
  [ -f "$here/work/corpora.env" ] || sh "$here/corpora.sh" > /dev/null
  . "$here/work/corpora.env"
fi
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import clang.cindex' 2> /dev/null ||
  { echo "bit_rates.sh: needs python3-clang-19 (sh mk/deps.sh bench)" >&2; exit 1; }
dir=${BIT_RATES_DIR:-/tmp/bit-rates}
mkdir -p "$here/out"
sh "$here/coverage_runs.sh" "$dir" jq
sq="$dir/sqlite"

/usr/bin/python3 "$here/bit_rates.py" "$dir/lua" "$sq" | tee "$here/out/bit_rates.md"
set -- "$dir/lua" "$sq"
[ -x "$dir/jq/jq" ] && set -- "$@" -- "$dir/jq"
/usr/bin/python3 "$here/null_rates.py" "$@" | tee "$here/out/null_rates.md"
/usr/bin/python3 "$here/flag_rates.py" "$@" | tee "$here/out/flag_rates.md"
