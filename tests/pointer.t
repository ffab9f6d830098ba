#!/bin/sh
# --pointer: the points-to analysis.
# - corners: fixtures/pointer/corners, the points-to part of the JSON
#   (indirect sites with their targets, query answers) equals expected.json.
# - limits: fixtures/pointer/limits, calls and records larger than any
#   fixed array would hold; each indirect call finds its one target.
# - soundness: fixtures/pointer/sound is built with -finstrument-functions
#   and fixtures/pointer/recorder.c, run, and every call it really made
#   must be an edge of `canalyze --pointer` (tests/tools/pt_check.c).
# - precision: mean targets per site below the type-signature baseline.
# - valist: fixtures/pointer/valist installs callbacks through a variadic
#   setter that passes its va_list on to the function that reads it with
#   va_arg (curl_easy_setopt -> Curl_vsetopt), directly and through a
#   variadic wrapper of the caller's own; a recorded run as for soundness.
# - members: fixtures/pointer/members walks a record's members as an array
#   from the first one's address (q + i, p++, p += 1, q[n] into a nested
#   record); each walk reaches every member, a walk inside an array of
#   pointers only the array; a recorded run as for soundness.
. "$(dirname "$0")/lib.sh"
FX="$TOP/fixtures/pointer"
CC=${CC:-cc}

# ---- corners (golden) ----
q="--points-to shared --points-to point:p --points-to point:s --points-to corners.c:21:29 --points-to two_sites:a --points-to two_sites:b"
"$BUILD/canalyze" -q --pointer --format json $q --points-to "struct ops.run" "$FX/corners" > "$T/corners.json" 2> "$T/corners.err"
ok $? "corners: exit status 0"
# solver counters change with the solver's internals: not part of the contract
sed -n '/^"points_to"/,$p' "$T/corners.json" |
  sed 's/"iterations": [0-9]*, "nodes": [0-9]*, "solver_ms": [0-9.]*/"iterations": N, "nodes": N, "solver_ms": N/' > "$T/corners.pt.json"
golden "$FX/corners/expected.json" "$T/corners.pt.json" "corners: indirect sites and queries"

# Text: --points-to prints its answers alone; the call graph comes with them
# only when a selection is asked for. JSON always carries the whole graph.
"$BUILD/canalyze" -q --points-to point:p --points-to shared "$FX/corners" > "$T/q.txt" 2>&1
ok $? "text --points-to: exit status 0"
is "$(grep -c -e '->' -e '<-' -e '^points-to: ' -e 'translation unit' "$T/q.txt")" 0 "text --points-to: no call graph, no summary"
is "$(grep -c '^points-to [^ ]*: [0-9]* targets\{0,1\}$' "$T/q.txt")" 2 "text --points-to: one answer per query"
is "$(grep -vc -e '^points-to [^ ]*: ' -e '^  [a-z]* ' "$T/q.txt")" 0 "text --points-to: nothing but answers and their targets"
"$BUILD/canalyze" -q --points-to "struct ops.run" "$FX/corners" > "$T/qn.txt" 2>&1
is "$(sed -n 2p "$T/qn.txt")" "  function run_op  (corners.c:125)" "text --points-to: a function target by its name and place"
"$BUILD/canalyze" -q --points-to point:p --focus point --depth 1 "$FX/corners" > "$T/qf.txt" 2>&1
like "$(cat "$T/qf.txt")" '^points-to point:p: [0-9]+ targets?$' "text --points-to --focus: the answer"
like "$(cat "$T/qf.txt")" '^point \(corners\.c:[0-9]+\)' "text --points-to --focus: and the selected call graph"
"$BUILD/canalyze" -q --format json --points-to point:p "$FX/corners" > "$T/qj.json" 2>&1
like "$(cat "$T/qj.json")" '^"calls": \[' "JSON --points-to: the whole graph too (the JSON is unchanged)"

"$BUILD/canalyze" -q --pointer --format dot "$FX/corners" > "$T/corners.dot" 2>/dev/null
like "$(grep -A1 'call_base -> hook_a' "$T/corners.dot")" 'style=dashed' "DOT: a resolved indirect edge is dashed"

# a position query whose file is named by a path longer than any fixed buffer
dir=$(printf 'd%0250d/' 1 2 3 4 5)
mkdir -p "$T/deep/$dir" && cp "$FX/corners/corners.c" "$T/deep/$dir"
"$BUILD/canalyze" -q --pointer --points-to "${dir}corners.c:21:29" "$T/deep" > "$T/deep.txt" 2>&1
ok $? "position query with a ${#dir}-byte directory: exit status 0"
like "$(grep '^points-to d' "$T/deep.txt" | sed 's|.*/||')" '^corners.c:21:29: 3 targets$' "position query with a ${#dir}-byte directory: answered"

"$BUILD/canalyze" -q --pointer --points-to nosuch "$FX/corners" > /dev/null 2> "$T/bad.err"
is "$?" 2 "unknown query: usage error"
like "$(cat "$T/bad.err")" "--points-to nosuch: no global variable" "unknown query: says why"

"$BUILD/canalyze" -q --pointer --format json -j1 "$FX/sound" > "$T/j1.json" 2>/dev/null
"$BUILD/canalyze" -q --pointer --format json -j2 "$FX/sound" > "$T/j2.json" 2>/dev/null
sed 's/"solver_ms": [0-9.]*//' "$T/j1.json" > "$T/j1.n"; sed 's/"solver_ms": [0-9.]*//' "$T/j2.json" > "$T/j2.n"
cmp -s "$T/j1.n" "$T/j2.n"; ok $? "output independent of thread count"

# record members live in field cells of their type (the field model), so
# taking the bytes of a struct sigaction no longer collapses the local
like "$(grep '^"points_to"' "$T/j1.json")" '"collapsed": \{"byte_arithmetic": 0, "field_limit": 0, "copied_unknown": 0, "copied": 0, "first": null\}' \
  "JSON: nothing collapsed on the fixture"
is "$("$BUILD/canalyze" -q --pointer "$FX/sound" 2>/dev/null | grep -c collapsed)" 0 "text: no collapse line when nothing collapsed"

# ---- limits: sizes past what a fixed array would hold ----
"$BUILD/canalyze" -q --pointer --format json "$FX/limits" > "$T/limits.json" 2>/dev/null
ok $? "limits: exit status 0"
while read -r caller target what; do
  grep -q "{\"caller\": \"$caller\", \"callee\": \"c:@F@$target[a-z_]*\", \"kind\": \"indirect\"" "$T/limits.json"
  ok $? "limits: $what"
done <<EOF
c:limits.c@F@args_va hit_va argument 70 of a variadic call reaches va_arg
c:limits.c@F@wide hit_wide argument 70 of a direct call, in a body after 70 parameters
c:limits.c@F@wide_ptr hit_params parameter 70 of a function called through a pointer
c:@F@ext_many hit_ext a function pointer as argument 41 of an unknown library function
c:@F@case_init hit_init member 301 of a record initialised by position
c:@F@case_cast hit_cast leaf 301 of two records cast into each other
c:@F@case_deep hit_deep a designated initializer of 65 designators
c:@F@case_long hit_long_ a target whose name is 208 bytes long
EOF
is "$(grep -c '"callee": null' "$T/limits.json")" 0 "limits: no indirect site left unresolved"

# recorded_run NAME JSON [direct]: builds fixtures/pointer/NAME with
# -finstrument-functions and the recorder, runs it, and checks that every
# call it made is an edge of JSON; with "direct", also that the graph
# without --pointer misses some (the check has teeth).
recorded_run() {
  name=$1 json=$2
  if $CC -O0 -g -finstrument-functions -o "$T/$name" "$FX/$name"/*.c "$T/recorder.o" -pthread -ldl 2> "$T/$name.cc.err"; then
    PT_RECORD="$T/$name.log" "$T/$name" > /dev/null 2>&1
    ok $? "$name: instrumented fixture runs"
    nm -n --defined-only "$T/$name" > "$T/$name.nm"
    "$BUILD/tools/pt_check" "$T/$name.nm" "$T/$name.log" "$json" > "$T/$name.check"
    rc=$?
    ok $rc "$name: every observed call is in the graph ($(tail -1 "$T/$name.check"))"
    [ $rc -eq 0 ] || head -20 "$T/$name.check" | sed 's/^/#   /'
    if [ "${3:-}" = direct ]; then
      "$BUILD/canalyze" -q --format json "$FX/$name" > "$T/$name.direct.json" 2>/dev/null
      "$BUILD/tools/pt_check" "$T/$name.nm" "$T/$name.log" "$T/$name.direct.json" > /dev/null
      is "$?" 1 "$name: the direct call graph alone misses them"
    fi
  else
    ok 1 "$name: fixture builds with $CC -finstrument-functions"
    head -5 "$T/$name.cc.err" | sed 's/^/#   /'
  fi
}

# ---- soundness ----
$CC -O0 -g -c "$FX/recorder.c" -o "$T/recorder.o" 2> "$T/sound.cc.err"
recorded_run sound "$T/j1.json" direct

# ---- valist: callbacks passed as variadic arguments, read from a va_list passed on ----
"$BUILD/canalyze" -q --pointer --format json "$FX/valist" > "$T/va.json" 2>/dev/null
ok $? "valist: exit status 0"
is "$(grep -c '"callee": null' "$T/va.json")" 0 "valist: every indirect site resolved"
for cb in tool_write_cb tool_progress_cb tool_debug_cb; do
  like "$(cat "$T/va.json")" "\"callee\": \"c:tool.c@F@$cb\", \"kind\": \"indirect\"" "valist: $cb is a target"
done
recorded_run valist "$T/va.json" direct

# ---- members: pointer arithmetic across a record's members ----
"$BUILD/canalyze" -q --pointer --format json "$FX/members" > "$T/mem.json" 2>/dev/null
ok $? "members: exit status 0"
for site in "apply_sum 24" "apply_walk 36" "apply_index 40"; do
  set -- $site
  n=$(grep -c "\"caller\": \"c:members.c@F@$1\", \"callee\": \"c:members.c@F@op_[a-z]*\", \"kind\": \"indirect\", \"file\": \"members.c\", \"line\": $2," "$T/mem.json")
  is "$n" 4 "members: $1 reaches the three members and the nested one"
done
is "$(grep -c '"caller": "c:members.c@F@apply_array", "callee": "c:members.c@F@op_[a-z]*", "kind": "indirect"' "$T/mem.json")" 1 \
  "members: a walk inside an array of pointers stays in it"
recorded_run members "$T/mem.json"

# ---- precision ----
# Values of every kind pass through one integer cell of pointer width
# (datum.c); the call through a callfn read out of it reaches the two
# functions of its type, not the noreturn void (int) signal handler that
# went through the same cell.
site=$(grep -o '{"caller": "c:datum.c@F@invoke"[^]]*]' "$T/j1.json")
is "$(printf '%s' "$site" | sed 's/.*"targets": //')" '["c:datum.c@F@add_args", "c:datum.c@F@text_len"]' \
  "integer cell: the call that passes a pointer reaches the functions that take one, not the void (int) handler"
# Integers of a pointer-width typedef of the program are one cell: the
# array slots, the member and the locals of type datum all hold the four
# values converted into any of them.
"$BUILD/canalyze" -q --pointer --points-to "every datum" "$FX/sound" > "$T/datum.txt" 2>&1
is "$(grep -c -e 'add_args' -e 'text_len' -e 'on_fpe' -e 'string:datum.c' "$T/datum.txt")" 4 \
  "integer cell: every datum is one cell, holding each value converted into one"
summary=$(grep '^"points_to"' "$T/j1.json")
mean=$(printf '%s' "$summary" | sed 's/.*"mean_targets": \([0-9.]*\).*/\1/')
base=$(printf '%s' "$summary" | sed 's/.*"baseline_mean_targets": \([0-9.]*\).*/\1/')
awk -v m="$mean" -v b="$base" 'BEGIN { exit !(m > 0 && m * 2 < b) }'
ok $? "precision: mean targets per site $mean, under half the type-signature baseline $base"
resolved=$(printf '%s' "$summary" | sed 's/.*"resolved": \([0-9]*\).*/\1/')
sites=$(printf '%s' "$summary" | sed 's/.*"indirect_sites": \([0-9]*\).*/\1/')
is "$resolved" "$sites" "every indirect site of the fixture is resolved"

"$BUILD/canalyze" -q --pointer "$FX/sound" > "$T/sound.txt" 2>/dev/null
like "$(cat "$T/sound.txt")" '^points-to: 15 indirect call sites, 15 resolved, [0-9.]+ targets per resolved site \(type-signature baseline [0-9.]+\), max [0-9]+$' "text summary: sites, mean, baseline, max"
like "$(cat "$T/sound.txt")" 'unknown external functions? called.*solver [0-9.]+ ms, [0-9]+ iterations' "text summary: unknown externals, solver time and iterations"
done_testing
