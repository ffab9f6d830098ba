#!/bin/sh
# External functions that several TUs define (fixtures/callgraph/programs:
# three programs in one tree, each with its main, two with their own
# to_human) stay one node per definition; callgraph.t compares the whole
# graph with its goldens, this test names what matters.
. "$(dirname "$0")/lib.sh"
FX="$TOP/fixtures/callgraph/programs"
"$BUILD/canalyze" -q --pointer --format json "$FX" > "$T/p.json" 2> "$T/p.err"
ok $? "exit status 0"
is "$(grep -c '"name": "main", "file"' "$T/p.json")" 3 "three mains, three nodes"
for f in bench cli server; do
  like "$(cat "$T/p.json")" "\"id\": \"c:@F@main@$f\\.c\", \"name\": \"main\", \"file\": \"$f\\.c\"" "main of $f.c: its own node and id"
done
like "$(cat "$T/p.json")" '"caller": "c:@F@main@cli.c", "callee": "c:@F@to_human@cli.c", "kind": "direct"' \
  "a call binds to the definition in its own TU"
is "$(grep -c '"caller": "c:@F@main@cli.c", "callee": "c:@F@to_human@server.c"' "$T/p.json")" 0 \
  "... and to no other"
is "$(grep -c '"caller": "c:@F@log_line", "callee": "c:@F@to_human@[a-z]*.c", "kind": "direct"' "$T/p.json")" 2 \
  "a TU without a definition calls each candidate"
is "$(grep -c '"caller": "c:@F@main@bench.c", "callee": "c:@F@to_human@[a-z]*.c", "kind": "indirect"' "$T/p.json")" 2 \
  "--pointer: the address of a function its TU does not define is each definition's"
like "$(cat "$T/p.json")" '"duplicates": \[' "JSON: names the duplicates"
like "$(cat "$T/p.json")" '\{"name": "main", "ids": \["c:@F@main@bench.c", "c:@F@main@cli.c", "c:@F@main@server.c"\]\}' \
  "JSON: main with its three ids, sorted"
"$BUILD/canalyze" -q "$FX" > "$T/p.txt" 2>&1
like "$(sed -n 2p "$T/p.txt")" '^2 functions are defined in several places, each place its own node:$' "text: the duplicates after the summary"
like "$(cat "$T/p.txt")" '^  main: bench\.c:5, cli\.c:3, server\.c:7$' "text: each place of main"
"$BUILD/canalyze" -q --focus serve --format json "$FX" > "$T/f.json" 2>&1
like "$(cat "$T/f.json")" '"name": "main", "ids": \[' "JSON --focus: a selected duplicate is named"
"$BUILD/canalyze" -q --format json "$TOP/fixtures/callgraph/cross_files" > "$T/c.json" 2>&1
is "$(grep -c '"duplicates"' "$T/c.json")" 0 "JSON: no duplicates member when there are none"
"$BUILD/canalyze" -q --pointer --format json -j1 "$FX" > "$T/j1.json" 2>&1
"$BUILD/canalyze" -q --pointer --format json -j2 "$FX" > "$T/j2.json" 2>&1
sed -i 's/"solver_ms": [0-9.]*//' "$T/j1.json" "$T/j2.json"
cmp -s "$T/j1.json" "$T/j2.json"; ok $? "the same ids and order whatever the thread count"
done_testing
