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

# Self-check: canalyze on its own analyzer/ finds edges we know exist.
self=$("$CA" -q --format json "$TOP/analyzer" -- -I"$TOP/analyzer" -isystem "$(llvm-config-19 --includedir 2>/dev/null || echo /usr/lib/llvm-19/include)")
ok $? "canalyze analyses its own sources without errors"
like "$self" '"caller": "c:@F@ca_analyze", "callee": "c:@F@project_load"' "self-check: ca_analyze calls project_load"
like "$self" '"caller": "c:analyze.c@F@build", "callee": "c:@F@link_program"' "self-check: build calls link_program"
done_testing
