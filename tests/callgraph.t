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

# The text report of fixtures/demo with --pointer (resolved [indirect] calls,
# library functions) equals fixtures/demo/expected.txt; the solver's time and
# counters follow its internals and are not compared.
demo="$TOP/fixtures/demo"
"$BUILD/canalyze" -q --pointer "$demo" 2>/dev/null |
  sed 's/solver [0-9.]* ms, [0-9]* iterations, [0-9]* nodes, [0-9]* merged/solver N ms, N iterations, N nodes, N merged/' > "$T/demo.txt"
golden "$demo/expected.txt" "$T/demo.txt" "demo --pointer: text"

# Blocks are the defined functions by file, then line: the first is the first
# function of the first file, and (file, line) never goes down.
is "$(sed -n '/^$/{n;p;q;}' "$T/demo.txt")" "print_text (main.c:9) static" "text: first block is the first function of the first file"
grep -E '^[^ ]+ \([^)]*:[0-9]+\)' "$T/demo.txt" | sed 's/^[^ ]* (\(.*\):\([0-9]*\)).*/\1 \2/' > "$T/demo.order"
sort -c -k1,1 -k2,2n "$T/demo.order" 2> /dev/null; ok $? "text: blocks ordered by file, then line"
is "$(wc -l < "$T/demo.order" | tr -d ' ')" 10 "text: one block per defined function"
# Library functions get no block, only a line each in the last section.
is "$(grep -c '^[^ ].* (undefined)' "$T/demo.txt")" 0 "text: no block for an undefined function"
is "$(sed -n '/^undefined: /,$p' "$T/demo.txt" | head -1)" "undefined: 10 functions" "text: the undefined section counts functions"
like "$(cat "$T/demo.txt")" '^  free  7 calls from 3 functions$' "text: free, its call sites and calling functions"
sed -n '/^undefined: /,$p' "$T/demo.txt" | tail -n +2 | sed 's/^  //; s/ .*//' > "$T/demo.undef"
LC_ALL=C sort -c "$T/demo.undef" 2> /dev/null; ok $? "text: undefined functions sorted by name"
is "$(tail -1 "$T/demo.txt")" "  tolower  1 call from 1 function" "text: the undefined section comes last"

# A call to assert() is a call to glibc's __assert_fail: a line of the last
# section, never the first block (id order put it before every function).
mkdir -p "$T/assert"
printf '#include <assert.h>\n#include <stdlib.h>\nvoid b(int *p) { assert(p); free(p); }\nvoid a(void) { b(malloc(4)); }\n' > "$T/assert/z.c"
"$BUILD/canalyze" -q "$T/assert" > "$T/assert.txt" 2>/dev/null
is "$(sed -n '/^$/{n;p;q;}' "$T/assert.txt")" "b (z.c:3)" "text: first block is the first defined function, not __assert_fail"
is "$(grep -c '^__assert_fail' "$T/assert.txt")" 0 "text: no __assert_fail block"
like "$(cat "$T/assert.txt")" '^  __assert_fail  1 call from 1 function$' "text: __assert_fail in the undefined section"

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
