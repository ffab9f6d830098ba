#!/bin/sh
# Progress goes to stderr only when stderr is a terminal (a pty from
# script(1) here), and never into the report.
. "$(dirname "$0")/lib.sh"
cg="$TOP/fixtures/callgraph/cross_files"
"$BUILD/canalyze" --format json "$cg" > "$T/out.json" 2> "$T/err"
is "$(wc -c < "$T/err" | tr -d ' ')" 0 "no progress when stderr is not a terminal"
if command -v script > /dev/null; then
  script -qec "$BUILD/canalyze --format json -o $T/tty.json $cg" /dev/null > "$T/tty.txt" 2>&1
  like "$(cat "$T/tty.txt")" '\[2/2\] ' "progress [done/total] on a terminal"
  cmp -s "$T/out.json" "$T/tty.json"; ok $? "the report is the same either way"
else
  echo "ok 2 # SKIP script(1) not installed"; echo "ok 3 # SKIP script(1) not installed"; tap_n=3
fi
done_testing
