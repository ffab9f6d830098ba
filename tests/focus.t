#!/bin/sh
# --focus/--depth, --callers, --callees select the right functions, and the
# analyser runs on its own sources (eat your own food).
. "$(dirname "$0")/lib.sh"
CA="$BUILD/canalyze"
fx="$TOP/fixtures/callgraph/cross_files"
rec="$TOP/fixtures/callgraph/recursion"

names() { grep -o '"name": "[^"]*"' | sed 's/"name": //; s/"//g' | tr '\n' ' '; }

is "$("$CA" -q --format json --callees main "$fx" | names)" "add main twice " "--callees main: every transitive callee"
is "$("$CA" -q --format json --callers add "$fx" | names)" "add main twice " "--callers add: every transitive caller"
is "$("$CA" -q --format json --callers twice "$fx" | names)" "main twice " "--callers twice: not its callees"
is "$("$CA" -q --format json --focus is_odd --depth 1 "$rec" | names)" "is_even is_odd " "--focus --depth 1: neighbours only"
is "$("$CA" -q --format json --focus is_odd --depth 2 "$rec" | names)" "is_even is_odd main " "--focus --depth 2: two calls away"
out=$("$CA" -q --format json --focus fact --depth 1 "$rec")
like "$out" '"caller": "c:@F@fact", "callee": "c:@F@fact"' "--focus keeps a self call"
printf '%s\n' "$out" | grep -q is_even
ok $((! $?)) "--focus fact --depth 1 leaves out unrelated functions"

# Text: an undefined function asked about still gets its block, with its
# callers, after the blocks of the defined functions and before the section
# that counts the undefined functions the selection calls.
demo="$TOP/fixtures/demo"
"$CA" -q --callers free "$demo" > "$T/free.txt"
is "$(grep -E '^[^ ].* \((undefined|[^)]*:[0-9]+)\)' "$T/free.txt" | tr '\n' '|')" \
  "count_words (main.c:19) static|main (main.c:33)|table_free (table.c:48)|free (undefined)|" "--callers free: defined blocks by file, then free's"
is "$(sed -n '/^free (undefined)$/,/^$/p' "$T/free.txt" | grep -c '^  <- ')" 7 "--callers free: free's block lists its 7 call sites"
is "$(sed -n '/^undefined: /,$p' "$T/free.txt" | tr '\n' '|')" "undefined: 1 function|  free  7 calls from 3 functions|" "--callers free: counted in the undefined section"
# A defined focus keeps the file order; the section counts the calls the
# selected functions make to the library functions within --depth (free,
# called twice by table_add's caller count_words, is outside it).
"$CA" -q --focus table_add --depth 1 "$demo" > "$T/add.txt"
is "$(grep -E '^[^ ].* \(' "$T/add.txt" | sed 1d | tr '\n' '|')" \
  "count_words (main.c:19) static|hash (table.c:5) static|table_add (table.c:19)|" "--focus table_add --depth 1: blocks by file, then line"
is "$(sed -n '/^undefined: /,$p' "$T/add.txt" | tr '\n' '|')" \
  "undefined: 3 functions|  malloc  1 call from 1 function|  strcmp  1 call from 1 function|  strdup  2 calls from 2 functions|" \
  "--focus table_add --depth 1: the library functions the selection calls, by name"

done_testing
