#!/bin/sh
# Allocation hotspots: golden text, JSON and SARIF for each fixtures/hot/CASE
# (CASE/expected.txt, .json, .sarif); SARIF and JSON are valid JSON; --top.
. "$(dirname "$0")/lib.sh"
ca="$BUILD/canalyze"
for dir in "$TOP"/fixtures/hot/*/; do
  name=$(basename "$dir")
  "$ca" -q --hotspots "$dir" > "$T/$name.txt" 2>&1
  is "$?" 0 "$name: exit status"
  golden "$dir/expected.txt" "$T/$name.txt" "$name: text"
  "$ca" -q --hotspots --format json "$dir" > "$T/$name.json" 2>&1
  golden "$dir/expected.json" "$T/$name.json" "$name: JSON"
  python3 -m json.tool "$T/$name.json" > /dev/null 2>&1; ok $? "$name: JSON parses"
  "$ca" -q --format sarif "$dir" > "$T/$name.sarif" 2>&1
  golden "$dir/expected.sarif" "$T/$name.sarif" "$name: SARIF"
  python3 -m json.tool "$T/$name.sarif" > /dev/null 2>&1; ok $? "$name: SARIF parses"
done

basic="$TOP/fixtures/hot/basic"
"$ca" -q --hotspots --top 2 "$basic" > "$T/top.txt" 2>&1
like "$(head -1 "$T/top.txt")" '^Hotspots: [0-9]+ findings, top 2 shown$' "--top 2 says so"
is "$(grep -c '^ *[0-9]*\. \[' "$T/top.txt")" 2 "--top 2 lists two"
# Every kind the fixture was written for is found.
for kind in transient-alloc small-alloc realloc-growth large-clear lock-in-loop small-io; do
  grep -q "\] $kind " "$T/basic.txt"; ok $? "basic: $kind found"
done
done_testing
