#!/bin/sh
# Golden call graphs: each fixtures/callgraph/CASE/ is analysed as a project;
# JSON and text must equal CASE/expected.json and CASE/expected.txt.
. "$(dirname "$0")/lib.sh"
for dir in "$TOP"/fixtures/callgraph/*/; do
  name=$(basename "$dir")
  "$BUILD/canalyze" -q --format json "$dir" > "$T/$name.json" 2> "$T/$name.err"
  rc=$?
  want=0; [ "$name" = syntax_error ] && want=3
  is "$rc" "$want" "$name: exit status"
  golden "$dir/expected.json" "$T/$name.json" "$name: JSON"
  "$BUILD/canalyze" -q "$dir" > "$T/$name.txt" 2>/dev/null
  golden "$dir/expected.txt" "$T/$name.txt" "$name: text"
done

# The same project analysed twice, with 1 and 2 threads, gives the same bytes.
cg="$TOP/fixtures/callgraph"
"$BUILD/canalyze" -q -j1 --format json "$cg" > "$T/j1.json" 2>/dev/null
"$BUILD/canalyze" -q -j2 --format json "$cg" > "$T/j2.json" 2>/dev/null
cmp -s "$T/j1.json" "$T/j2.json"; ok $? "output independent of thread count"

# Diagnostics of a broken TU: file:line:col: error: on stderr, count at the end.
"$BUILD/canalyze" "$cg/syntax_error" > /dev/null 2> "$T/diag.err"
err=$(cat "$T/diag.err")
like "$err" '^broken\.c:7:24: error: expected expression$' "first diagnostic with position"
like "$err" '1 of 2 translation units had errors' "says how many TUs had errors"
# File names with quotes, backslashes and tabs stay valid JSON.
mkdir -p "$T/odd" && printf 'int f(void);\nint g(void) { return f(); }\n' > "$T/odd/we\"ird\\\\na	me.c"
"$BUILD/canalyze" -q --format json "$T/odd" > "$T/odd.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["calls"][0]["file"] == "we\"ird\\\\na\tme.c", d["calls"][0]["file"]' "$T/odd.json" 2> "$T/odd.err"
ok $? "JSON escapes quotes, backslashes and tabs in file names"
done_testing
