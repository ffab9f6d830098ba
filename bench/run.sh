#!/bin/sh
# Runs every benchmark: prepares the corpora (bench/corpora.sh), then each
# bench/*.sh other than corpora.sh and run.sh, one after the other (they time
# things, so never in parallel). Each script prints markdown on stdout:
# it goes to bench/out/NAME.md, its stderr to bench/out/NAME.log (last 200
# lines kept), and everything is joined in bench/out/all.md.
# A failing benchmark is reported and the run goes on; the exit status is the
# number of failures (capped at 100).
#   sh bench/run.sh            all benchmarks
#   sh bench/run.sh cg_compare perf_callgraph   only these
set -u
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
mkdir -p "$out"
sh "$here/corpora.sh" >"$out/corpora.txt" 2>"$out/corpora.log" || {
  echo "bench: corpora.sh failed, see $out/corpora.log" >&2; tail -n 5 "$out/corpora.log" >&2; }
sed 's/^/corpus: /' "$out/corpora.txt" >&2
if [ $# -gt 0 ]; then
  scripts=$(for n in "$@"; do echo "$here/${n%.sh}.sh"; done)
else
  scripts=""
  for f in "$here"/*.sh; do
    case $f in */corpora.sh|*/run.sh) ;; *) scripts="$scripts $f" ;; esac
  done
fi
fail=0
: >"$out/all.md"
for s in $scripts; do
  name=$(basename "$s" .sh)
  [ -f "$s" ] || { echo "bench: no $s" >&2; fail=$((fail + 1)); continue; }
  echo "bench: $name ..." >&2
  start=$(date +%s)
  sh "$s" >"$out/$name.md" 2>"$out/$name.log.tmp"
  rc=$?
  tail -n 200 "$out/$name.log.tmp" >"$out/$name.log"; rm -f "$out/$name.log.tmp"
  echo "bench: $name exit $rc in $(( $(date +%s) - start ))s -> $out/$name.md" >&2
  if [ $rc -ne 0 ]; then
    fail=$((fail + 1)); tail -n 3 "$out/$name.log" >&2
  fi
  { cat "$out/$name.md"; echo; } >>"$out/all.md"
done
echo "bench: $fail failing; tables in $out/all.md" >&2
[ $fail -gt 100 ] && fail=100
exit $fail
