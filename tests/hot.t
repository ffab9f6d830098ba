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

# Against the OASIS SARIF 2.1.0 JSON schema, when one is given
# (SARIF_SCHEMA=path/to/sarif-schema-2.1.0.json) and python3 has jsonschema.
if [ -n "${SARIF_SCHEMA:-}" ] && python3 -c 'import jsonschema' 2> /dev/null; then
  python3 - "$SARIF_SCHEMA" "$T/basic.sarif" <<'PY'
import json, sys, jsonschema
errors = list(jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2]))))
for e in errors[:5]: print("#", list(e.path), e.message[:150])
sys.exit(1 if errors else 0)
PY
  ok $? "basic: SARIF valid against the 2.1.0 schema"
else
  ok 0 "SARIF schema validation # SKIP set SARIF_SCHEMA to sarif-schema-2.1.0.json"
fi

basic="$TOP/fixtures/hot/basic"
"$ca" -q --hotspots --top 2 "$basic" > "$T/top.txt" 2>&1
like "$(head -1 "$T/top.txt")" '^Hotspots: [0-9]+ findings, top 2 shown$' "--top 2 says so"
is "$(grep -c '^ *[0-9]*\. \[' "$T/top.txt")" 2 "--top 2 lists two"
# Findings only with --hotspots: the default text report is the call graph,
# and --hotspots (with --pointer too) is the findings without the graph.
"$ca" -q "$basic" > "$T/default.txt" 2>&1
is "$(grep -c -e '^Hotspots' -e '^ *[0-9]*\. \[' "$T/default.txt")" 0 "default text report: no findings"
like "$(cat "$T/default.txt")" '^main \(main\.c:[0-9]+\)$' "default text report: the call graph"
"$ca" -q --pointer --hotspots "$basic" > "$T/ptr.txt" 2>&1
like "$(head -1 "$T/ptr.txt")" '^Hotspots: 8 findings$' "--pointer --hotspots: the findings first"
is "$(grep -c -e '^points-to' -e '^  -> ' -e '^  <- ' -e 'translation unit' "$T/ptr.txt")" 0 "--pointer --hotspots: no summary, no call graph"
# Every kind the fixture was written for is found.
for kind in transient-alloc small-alloc realloc-growth large-clear lock-in-loop small-io; do
  grep -q "\] $kind " "$T/basic.txt"; ok $? "basic: $kind found"
done
# Branch heuristics (fixtures/hot/branches): the allocations that run per
# item outrank growth behind a capacity check, cache fills, error paths,
# the retry after a failed malloc, the abort path, once-per-process set-up
# work behind a pending flag and a function that ends the process; a grow-and-retry loop counts once; a loop
# with a constant bound runs that many times.
# rank_in CASE LINE: the rank of the finding at main.c:LINE in CASE's text report
rank_in() { awk -v at="main.c:$2:" '$4 ~ "^"at { sub(/\./, "", $1); print $1 }' "$T/$1.txt"; }
rank() { rank_in branches "$1"; }
per_item=$(rank 150)
for cold in 18:16 33:36 43:17 69:17 80:13 106:11 112:18 120:15; do
  line=${cold%%:*}
  [ "$(rank "$line")" -gt "$per_item" ]; ok $? "branches: main.c:$cold ranks below the per-item allocation"
done
like "$(grep 'main.c:89:' "$T/branches.txt")" '^ *[0-9]+\. \[0\.00\] alloc' "branches: grow-and-retry runs once per call (format is called once)"
# with_message CASE LINE: the finding at main.c:LINE of CASE's text report
# and the message under it, on one line.
with_message() { grep -A1 "main.c:$2:" "$T/$1.txt" | tr '\n' ' '; }
# Recursion (fixtures/hot/recursion): a list walk recurses once per element
# and counts as a loop; a copy that recurses only when it outgrows its
# buffer (behind a capacity check) does not.
like "$(grep 'main.c:15:' "$T/recursion.txt")" '^ *4\. \[2\.20\] alloc .*33% of allocations' "recursion: the list walk's allocation counts as a loop's"
# copy_text hands its buffer back through *out: the site is main's call,
# 20 rounds (1.30) plus the transient bonus (t is freed in the same
# round), no loop for the recursion.
like "$(with_message recursion 44)" "^ *3\\. \\[2\\.30\\] transient-alloc .*copy_text result 't'" "recursion: recursing behind a capacity check adds no loop"
like "$(grep 'main.c:51:' "$T/recursion.txt")" '^ *1\. \[2\.70\] small-alloc .*33% of allocations' "recursion: a call out of the cycle runs on every pass (2.20 + 0.50 for its size)"
# walk.c: eval's recursion through an error report is the way the search
# through the call graph meets first; the walk over the children still
# counts: 20 calls x 10 trips x 0.72 (the rest after check's return) +
# 0.50 for the size, not 20 x 1.001 x 0.72 + 0.50 (1.66).
like "$(grep 'walk.c:30:' "$T/recursion.txt")" '^ *2\. \[2\.66\] small-alloc ' "recursion: the most probable way round a recursion counts, whichever way the search met it"
# queue.c: a cycle that comes back only past a limit (push -> report ->
# push, 5%) runs 1.05 times per entry: no recursion to name or to take the
# call out of; the loop around push is what its finding names.
is "$(grep -A2 'queue.c:17:' "$T/recursion.txt" | grep -c 'recursion through')" 0 \
  "recursion: a cycle closed only through a rare side is named as no recursion"
like "$(grep -A2 'queue.c:17:' "$T/recursion.txt" | tail -1)" '^ *loops: for queue\.c:29:3$' \
  "recursion: the loop around the call is what repeats it"
is "$(python3 -c 'import json, sys; print([f["recursion"] for f in json.load(open(sys.argv[1]))["findings"] if f["file"] == "queue.c"])' "$T/recursion.json")" \
  "[None]" "recursion JSON: no recursion for a cycle closed through a rare side"
# Queues (fixtures/hot/queues): a loop that tests only global state drains
# a queue other code fills, about once per turn of the event loop, not ten
# times; the request's own loop over its arguments stays a loop.
like "$(grep 'main.c:37:' "$T/queues.txt")" '^ *5\. \[3\.00\] alloc .*11% of allocations' "queues: the drained reply is made once a turn (1000 x 0.99), 11% as at run time"
like "$(grep 'main.c:67:' "$T/queues.txt")" '^ *4\. \[3\.50\] small-alloc .*11% of allocations' "queues: while (pending->len), a queue's count through a global pointer, drains (1000 x 0.99 + 0.5 small): no flag's main loop"
like "$(grep 'main.c:25:' "$T/queues.txt")" '^ *1\. \[3\.70\] alloc .*56% of allocations' "queues: the request's five arguments, 56% as at run time"
like "$(grep 'main.c:48:' "$T/queues.txt")" '\[1\.50\] small-alloc' "queues: while (next < count) on two global counts walks data: 10 trips (+0.5 small), no queue"
# A small transfer is a finding where a loop repeats it, however short
# the loop (3 passes: heat 0.48), not where calls from a few places add
# up to as much (say: three calls, no loop).
mkdir -p "$T/fanin"
cat > "$T/fanin/main.c" << 'C'
#include <unistd.h>
static void say(const char *s) { write(2, s, 1); }
int main(void) {
  say("a"); say("b"); say("c");
  for (int i = 0; i < 3; i++) write(1, "x", 1);
  return 0;
}
C
"$ca" -q --no-cache --hotspots "$T/fanin" > "$T/fanin.txt" 2>&1
is "$(grep -c 'small-io' "$T/fanin.txt")" 1 "fan-in: one small-io finding"
like "$(grep 'small-io' "$T/fanin.txt")" 'main.c:5:.*in main' "fan-in: the write in a loop of 3, not the one three calls reach"
# Programs (fixtures/programs): a tree that builds a server and a load
# generator sharing one event loop; with --pointer the loop's callback
# resolves to both ticks, and each program's heat stays its own.
programs="$TOP/fixtures/programs"
"$ca" -q --pointer --hotspots "$programs" > "$T/programs.txt" 2>&1
like "$(grep 'server.c:8:' "$T/programs.txt")" '^ *2\. \[3\.00\] alloc ' "programs: the server's tick runs as its own loop drives it (1000), not with the load generator's 100 runs of the shared loop"
like "$(grep 'bench.c:9:' "$T/programs.txt")" '^ *1\. \[5\.00\] alloc ' "programs: the load generator's tick, 100 x 1000, not split with a target its program does not link"
"$ca" -q --pointer --hotspots --format json "$programs" > "$T/programs.json" 2>&1
is "$(python3 -c 'import json, sys; print(sorted((f["function"], f["file"], f["heat"]) for f in json.load(open(sys.argv[1]))["frequencies"] if f["function"] in ("loop_run", "main")))' "$T/programs.json")" \
  "[('loop_run', 'loop.c', 2.0), ('main', 'bench.c', 0.0), ('main', 'server.c', 0.0)]" "programs: the shared loop runs as often as in the program that runs it most (100)"
# Walks (fixtures/hot/walks): a loop along a chain of nodes makes 2
# passes, a loop whose shape says nothing 10; both in a loop of 100.
like "$(grep 'main.c:44:' "$T/walks.txt")" '^ *3\. \[3\.30\] transient-alloc .*5\.9% of allocations' "walks: a walk down a bucket's chain: 100 x 2 (+1 transient), not 100 x 10"
like "$(grep 'main.c:66:' "$T/walks.txt")" '^ *1\. \[4\.08\] transient-alloc .*35% of allocations' "walks: row(12), a loop up to a parameter its caller passes as 12: 100 x 12 (+1 transient)"
like "$(grep 'main.c:77:' "$T/walks.txt")" '^ *4\. \[3\.30\] transient-alloc ' "walks: for (i = 0; i < t->n; i++) up to a count kept in a field: 100 x 2 (+1 transient)"
like "$(grep 'main.c:101:' "$T/walks.txt")" '^ *5\. \[3\.30\] transient-alloc ' "walks: rc == 0 && r != &ring_head, a walk up to a sentinel: 100 x 2 (+1 transient)"
like "$(grep 'main.c:131:' "$T/walks.txt")" '^ *6\. \[3\.30\] transient-alloc ' "walks: while (e->op == AND) e = e->right, down a tree's spine: 100 x 2 (+1 transient)"
"$ca" -q --hotspots --format json --call-frequencies "$TOP/fixtures/hot/walks" > "$T/walks-cf.json" 2>&1
# walk_trips FUNCTION...: callee:trips of each call in those functions
walk_trips() {
  python3 -c 'import json, sys
print(" ".join("%s:%g" % (c["callee"], c["trips"]) for c in json.load(open(sys.argv[1]))["call_frequencies"] if c["function"] in sys.argv[2:]))' "$T/walks-cf.json" "$@"
}
is "$(walk_trips chain_length count_copies drop_all drop_chain ring_copies)" \
  "after:2 strdup:2 strcmp:2 free:2 free:2 free:2 strdup:2 strcmp:2 free:2" "walks JSON: for (p = head; p; p = p->next), while (p) { ..; p = after(p); }, for (..; p; p = next) { next = p->next; .. }, while (p) { entry *next = p->next; ..; p = next; } and for (..; rc == 0 && r != &ring_head; r = r->next) make 2 trips"
is "$(walk_trips spine_copies bucket_names tag_copies_at)" \
  "strdup:2 free:2 strdup:2 free:2 strdup:2 free:2" "walks JSON: while (e->op == AND) { ..; e = e->right; }, for (..; p; p = only ? NULL : p->next) and for (i = 0, s = t->name; i < t->n; i++, s++) make 2 trips"
is "$(walk_trips first_filled)" \
  "malloc:10 free:10 bucket_at:10" "walks JSON: while (i < n && !hit) hit = bucket_at(i++); searches until found: no walk, 10 trips"
# Chains (fixtures/hot/chains): the operand of a && b that rarely holds
# makes the whole rare, though a mode's bits clear come first; in a || b
# the operand that rarely fails.
like "$(grep 'main.c:23:' "$T/chains.txt")" '^ *1\. .* alloc .*in take_arg' "chains: the copy made for every small argument ranks first"
"$ca" -q --hotspots --format json --call-frequencies "$TOP/fixtures/hot/chains" > "$T/chains-cf.json" 2>&1
is "$(python3 -c 'import json, sys
print(" ".join("%s:%d:%.2f" % (c["function"], c["line"], c["per_entry"]) for c in json.load(open(sys.argv[1]))["call_frequencies"] if c["callee"] in ("malloc", "strndup")))' "$T/chains-cf.json")" \
  "note:30:0.17 take_arg:21:0.12 take_arg:23:0.88" "chains JSON: !(flags & MODE) && pos == 0 && len >= BIG holds rarely; so does what follows c == NULL || len < BIG"
# Out parameters (fixtures/hot/outparams): memory stored through a T **
# parameter makes a wrapper as a returned pointer does, so the sites are
# the calls in main's loops; a buffer grown in place (*buf = realloc(..))
# makes none; the error message a runner stores only before an error
# return is rare; a block that comes back through &v and is freed in the
# same iteration is transient.
like "$(with_message outparams 67)" '^ *2\. \[3\.28\] small-alloc .*\(16 bytes, record_new\).*about 2 allocations' "outparams: a constructor that stores its object through T **out, with its name inside"
like "$(with_message outparams 69)" "^ *1\\. \\[3\\.48\\] transient-alloc .*aligned_block result 'block' is freed" "outparams: posix_memalign given the caller's own out parameter; &block freed in the iteration"
like "$(with_message outparams 74)" "^ *3\\. \\[2\\.00\\] transient-alloc .*run result 'err'" "outparams: an error message stored before an error return: 1000 x 0.01 (+1 transient)"
like "$(grep 'main.c:59:' "$T/outparams.txt")" '^ *4\. .* alloc .* in grow ' "outparams: a buffer grown in place stays a finding inside grow"
is "$(grep -c 'count_alloc\|stat_alloc' "$T/outparams.txt")" 0 "outparams: the counting hook and its allocator are wrappers, not sites"
# The JSON lists the wrappers with the argument each hands memory through,
# whatever --top cuts from the findings.
"$ca" -q --hotspots --top 1 --format json "$TOP/fixtures/hot/outparams" > "$T/outparams-top.json" 2>&1
is "$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(len(r["findings"]), " ".join("%s:%s" % (a["function"], a["argument"]) for a in r["allocators"]))' "$T/outparams-top.json")" \
  "1 count_alloc:1 stat_alloc:None record_new:0 aligned_block:0 run:1" "outparams: allocators in JSON, with their out argument, not cut by --top"
# Every defined function's heat, in place order, not cut by --top either:
# main once, build_list 10 times (main's constant loop), node_new 10 x 10,
# xmalloc from node_new and transient's loop (200), the recursion x 10.
"$ca" -q --hotspots --top 1 --format json "$TOP/fixtures/hot/basic" > "$T/basic-top.json" 2>&1
is "$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(" ".join("%s:%s:%.1f" % (f["file"], f["function"], f["heat"]) for f in r["frequencies"]))' "$T/basic-top.json")" \
  "alloc.c:xmalloc:4.0 alloc.c:xfree:3.0 alloc.c:node_new:4.0 alloc.c:grow:0.0 main.c:build_list:1.0 main.c:transient:1.0 main.c:clear_pages:0.0 main.c:locked_sum:0.0 main.c:write_bytes:0.0 main.c:depth:2.0 main.c:main:0.0" \
  "basic: frequencies in JSON, every defined function by place with its heat (node_new 10^4: 10 x build_list(1000), a loop up to the parameter its caller passes as 1000)"
# Wrappers with two paths (fixtures/hot/paths): str_new returns a short
# or a long string (the long path 2% by the limit heuristic), value_new
# `kind == 0 ? number_new(..) : string_new(..)`; either makes one block per
# call, so main's loops make 100 and 40 (heat 2.00 and 1.60), not the
# share of one path; both arms of the ?: hand memory on, so value_new is a
# wrapper and its arms are no sites of their own.
like "$(grep 'main.c:58:' "$T/paths.txt")" '^ *1\. \[2\.50\] small-alloc' "paths: str_new's rate is its two paths' sum (100 blocks, +0.5 small)"
like "$(with_message paths 61)" '^ *2\. \[1\.60\] alloc .*\(value_new\) on a hot path' "paths: return k ? a() : b(); hands on both arms (40 blocks)"
is "$(grep -c 'main.c:51:' "$T/paths.txt")" 0 "paths: value_new's arms are inside a wrapper, not findings"
# Null arguments (fixtures/hot/nullargs): NULL passed for a pointer
# parameter is the constant 0 to a test of it. The loop of 2000 removals
# (put(key, NULL)) adds nothing to put's allocation; dup_into(s, NULL)
# allocates on every call, so no cache-fill advice.
like "$(grep 'main.c:26:' "$T/nullargs.txt")" '^ *1\. \[3\.00\] small-alloc' "nullargs: put(key, NULL) never reaches the entry's allocation (400 puts, not 2400)"
like "$(with_message nullargs 33)" '^ *2\. \[2\.50\] alloc .*on a hot path' "nullargs: dup_into(s, NULL) allocates every time (300 x 1), no cache advice"
# Chain arguments (fixtures/hot/chainargs): a parameter tested as one
# operand of `&&` or `||` rules out the side every operand decides for a
# caller passing a constant that fails it. same(NULL, ..) never reaches
# bound_equal behind `bind && a->kind == VAR && ..`, so the 3000
# comparisons add nothing to its copy (it ranked first, above the 7000
# tree nodes); check(t, NULL) never builds the report behind `if (!out ||
# ok) return ok;`, so that call is no finding, check(t, &report) is.
like "$(grep 'main.c:67:' "$T/chainargs.txt")" '^ *1\. \[4\.35\] small-alloc' "chainargs: the trees' nodes rank first"
[ "$(rank_in chainargs 34)" -gt 1 ]; ok $? "chainargs: bound_equal's copy below the trees (same(NULL, ..) never reaches it)"
like "$(grep 'main.c:34:' "$T/chainargs.txt")" '\[2\.48\] small-alloc' "chainargs: bound_equal's copy scores what the 20 comparisons with bindings bring (2.48; 4.66 when every caller counted)"
is "$(grep -c 'main.c:73:' "$T/chainargs.txt")" 0 "chainargs: check(t, NULL) builds no report: no finding"
like "$(grep 'main.c:76:' "$T/chainargs.txt")" 'transient-alloc' "chainargs: check(t, &report) builds it (freed in the same iteration)"
# Raise (fixtures/hot/raise): a statement macro that never returns at
# error level (do { ..; if (level >= ERROR) abort(); } while (0)) ends its
# side as abort() does; at warning level it only formats a message. A
# side that formats a message and then returns is an error path too (1%),
# not a return (28%): the copy after it runs 2000 x 0.99.
like "$(grep 'main.c:39:' "$T/raise.txt")" '\[0\.30\] alloc' "raise: the error side ends in abort through the macro: 2000 x 0.001"
like "$(grep 'main.c:41:' "$T/raise.txt")" '\[1\.30\] alloc' "raise: the warning side formats a message: 2000 x 0.01"
like "$(grep 'main.c:55:' "$T/raise.txt")" '\[3\.80\] small-alloc' "raise: after if (..) { report(..); return; } the copy runs 2000 x 0.99 (+0.5 small)"
"$ca" -q --hotspots --format json --call-frequencies "$TOP/fixtures/hot/raise" > "$T/raise-cf.json" 2>&1
# raise_sides FUNCTION CALLEE...: callee:per_entry:rare rules/common rules
# of the first side of each call to those callees in FUNCTION
raise_sides() {
  python3 -c 'import json, sys
print(" ".join("%s:%g:%s" % (c["callee"], c["per_entry"], ",".join(c["sides"][0]["rare"] + ["/"] + c["sides"][0]["common"])) for c in json.load(open(sys.argv[1]))["call_frequencies"] if c["function"] == sys.argv[2] and c["callee"] in sys.argv[3:]))' "$T/raise-cf.json" "$@"
}
is "$(raise_sides store report malloc)" \
  "report:0.01:error,/ malloc:0.99:/,error" "raise JSON: a message then a plain return is the error heuristic's side, the rest its other side"
is "$(raise_sides next_page malloc)" \
  "malloc:0.99:/,error" "raise JSON: if (n >= limit) return -1; then n moved on: a validity check, the rest no capacity check's growth"
like "$(grep 'main.c:68:' "$T/raise.txt")" '^ *3\. \[3\.80\] small-alloc ' "raise: the page after a validity check runs 2000 x 0.99 (+0.5 small)"
# Validation (fixtures/hot/validation): the side where a check that
# validates fails is an error path (1%), not an even split.
v="$T/validation.txt"
like "$(grep 'main.c:21:' "$v")" '\[1\.00\] alloc' "validation: the repair behind !text_valid() is rare"
like "$(grep 'main.c:34:38' "$v")" '\[1\.00\] alloc' "validation: the true side of has_invalid_bytes() is rare"
like "$(grep 'main.c:34:52' "$v")" '^ *1\. \[3\.00\] alloc' "validation: the copy of valid input runs for every line"
# Constructors (fixtures/hot/constructors): a function returning fresh
# memory that allocates its members too costs them all at its callers'
# calls; its members' sites are no findings of their own, a loop inside it
# is.
is "$(grep -c -e 'main.c:15:' -e 'main.c:16:' "$T/constructors.txt")" 0 "constructors: member allocations are counted at the constructor's callers"
like "$(grep 'main.c:39:' "$T/constructors.txt")" '^ *1\. \[4\.4[0-9]\]' "constructors: a constructor of three blocks outranks one block per item"
like "$(grep 'main.c:45:' "$T/constructors.txt")" '^ *2\. \[4\.00\]' "constructors: the one block per item"
like "$(grep 'main.c:25:' "$T/constructors.txt")" '^ *3\. .* in grid_new' "constructors: a loop inside a constructor keeps its own site"
like "$(grep -A1 'main.c:39:' "$T/constructors.txt" | tail -1)" 'conn_new makes about 3 allocations per call' "constructors: the message says how many blocks a call makes"
like "$(grep 'main.c:56:' "$T/constructors.txt")" '\] alloc .* in main ' "constructors: p = s ? strdup(s) : NULL; return p; is a wrapper: its caller's call is the site"
is "$(grep -c 'main.c:63:' "$T/constructors.txt")" 0 "constructors: no finding inside that wrapper"
like "$(grep 'main.c:106:' "$T/branches.txt")" '^ *[0-9]+\. \[1\.[0-9]+\] alloc' "branches: set-up behind a static done flag: about once"
is "$(grep -c 'main.c:163:' "$T/branches.txt")" 0 "branches: getline(&line, &cap, in) in a loop reuses its buffer: no finding"
like "$(grep -A1 'main.c:18:' "$T/branches.txt" | tail -1)" 'behind a capacity check: amortised' "branches: growth behind a capacity check says so"
like "$(grep -A1 'main.c:33:' "$T/branches.txt" | tail -1)" 'fills a cache' "branches: a cache fill says so"
like "$(grep -A1 'main.c:89:' "$T/branches.txt" | tail -1)" 'grow-and-retry' "branches: vsnprintf grow-and-retry says so, no reuse-one-buffer advice"
like "$(grep 'main.c:120:' "$T/branches.txt")" '^ *[0-9]+\. \[0\.00\] alloc' "branches: a function that ends in exit() runs at most once"
like "$(grep 'main.c:134:' "$T/branches.txt")" '^ *[0-9]+\. \[4\.28\]' "branches: 3 parts x 2000 records: log10(6000) + 0.5"
# zalloc(64): a ?: whose condition is a constant for a constant size
is "$(grep -c 'main.c:197:' "$T/branches.txt")" 1 "branches: a side a constant condition rules out is no finding (zalloc's malloc)"
like "$(grep 'main.c:197:' "$T/branches.txt")" '\[2\.90\] small-alloc .*in cells' "branches: the side a constant condition takes runs every time: 500 calls x 0.5 (i >= 0) + 0.5 small"
like "$(grep 'main.c:222:' "$T/branches.txt")" '\[2\.55\] alloc .*in checked' "branches: after a side that returns what a reporting function returns (an error path, 1%): 501 calls x 0.99 x 0.72 (the return 0 before it)"
# The branch and loop facts survive the fact cache: a second run reads
# them back and ranks the same.
"$ca" -q --cache-dir "$T/cache" --hotspots --format json "$TOP/fixtures/hot/branches" > "$T/fresh.json" 2>&1
"$ca" -q --cache-dir "$T/cache" --stats --hotspots --format json "$TOP/fixtures/hot/branches" > "$T/cached.json" 2> "$T/stats"
like "$(cat "$T/stats")" '0 parsed, 1 from the fact cache' "branches: the second run reads the fact cache"
cmp -s "$T/fresh.json" "$T/cached.json"; ok $? "branches: findings from cached facts equal a fresh parse"

# Code shapes (fixtures/hot/shapes): the interpreter's opcodes (one case in three) and
# the event loop's steps outrank a recursive copy made once, the cases of
# an ordinary switch, growth behind len == max, a verbose flag in a global
# struct, a heap fallback past a constant limit, the growth after a fast
# path, an error message and a grow-and-retry loop that ends in break; a
# parser loop that counts down as it consumes input is a loop, not a retry,
# also where the allocation sits in a loop of its own inside the consuming
# side (the test is read in the loop it guards, not the innermost); bounded
# retries (while (step() == BUSY && tries++ < 3), and as a do-while);
# a global count compared with 0, a flag; a configured limit; a bit of a
# flag word, and of a settings word in global state (a flag); a NaN test.
srank() { rank_in shapes "$1"; }
sscore() { awk -v at="main.c:$1:" '$4 ~ "^"at { print $2 }' "$T/shapes.txt"; }
step=$(srank 117)
for cold in 47 56 120 123 124 125 106 138; do
  [ "$(srank $cold)" -gt "$step" ]; ok $? "shapes: main.c:$cold ranks below the per-step allocation"
done
is "$(sscore 47)" "[1.80]" "shapes: recursion counts once (x 10) over a list walk (2 trips, +0.5 small), the call closing the cycle carries only a trickle"
is "$(sscore 58)" "[2.00]" "shapes: a case of four runs 1 time in 4 (400 calls)"
is "$(sscore 67)" "[3.72]" "shapes: an interpreter's opcodes share its loop's trips: 500 runs x 10 trips / 3 cases (+0.5 small); 1500 at run time"
is "$(sscore 127)" "[3.50]" "shapes: while (!cfg.stop) is a main loop: 1000 steps"
is "$(sscore 204)" "[2.50]" "shapes: do .. while (!done) on a local flag is an ordinary loop (10 calls x 10 trips, +0.5 small), not a main loop"
is "$(sscore 123)" "[2.00]" "shapes: if (cfg.verbose): a global struct's field is a flag (10%)"
is "$(sscore 120)" "[1.70]" "shapes: if (need > sizeof small) malloc: past a constant limit (5%)"
is "$(sscore 124)" "[1.00]" "shapes: a side that formats a message is an error path (1000 steps x 1%)"
is "$(sscore 216)" "[1.30]" "shapes: a message under a check of its own does not make the enclosing side an error path (40 calls x 0.5)"
is "$(sscore 225)" "[2.00]" "shapes: f() in copy && f() runs on one side of copy, as in an if (200 x 0.5)"
is "$(sscore 235)" "[1.70]" "shapes: fill(32, 0) in a loop of 50 never takes if (zeroed): the malloc runs 50 times"
is "$(sscore 233)" "[0.00]" "shapes: the calloc behind if (zeroed) runs for the one call that passes 1"
is "$(sscore 125)" "[1.30]" "shapes: growth after a fast path that returns its parameter (2%)"
is "$(sscore 138)" "[1.30]" "shapes: if (len == max) grow: two counts compared are a capacity check (2%)"
is "$(sscore 106)" "[0.00]" "shapes: a loop whose body ends in break runs once"
is "$(grep -c 'main.c:85:' "$T/shapes.txt")" 0 "shapes: return n <= 0 ? 0 : malloc(n) is a wrapper: its callers are the sites"
is "$(grep -c 'xLockAlloc' "$T/shapes.txt")" 0 "shapes: a hook named *alloc* that returns a typed object allocates nothing"
grep -A1 'main.c:191:' "$T/shapes.txt" | tail -1 | grep -Eq 'grow-and-retry|capacity check'
ok $((! $?)) "shapes: a loop that leaves when input runs short, counting down as it consumes, is no grow-and-retry and no capacity check"
is "$(sscore 191)" "[2.70]" "shapes: the parser's loop runs as a loop, its consuming side as likely as not (100 calls x 10 x 0.5)"
is "$(sscore 251)" "[3.70]" "shapes: a consuming side is the outer loop's progress also for a call in a loop of its own inside it (100 calls x 10 x 0.5 x 10)"
is "$(sscore 269)" "[0.70]" "shapes: a bounded retry's body runs only after a failure (100 calls x 0.05)"
is "$(sscore 278)" "[2.02]" "shapes: a do-while that repeats only to retry runs its body about once a call (100 calls x 1.05)"
is "$(sscore 291)" "[1.35]" "shapes: if (registered->len == 0) return; tests a flag as !registered->len does: the rest runs 22% of calls, not 72% (100 calls)"
is "$(sscore 299)" "[0.70]" "shapes: if (took >= settings.slow_after): past a configured limit, as past a constant one (100 calls x 5%)"
is "$(sscore 300)" "[1.70]" "shapes: if (settings.slow_after > 0) compares a setting with a constant: no limit (100 calls x 0.5)"
is "$(sscore 310)" "[1.45]" "shapes: if (c.flags & CLIENT_BLOCKED): a bit of a flag word is set 28% of the time (100 calls)"
is "$(sscore 319)" "[1.00]" "shapes: if (options.events & EVENT_KEYS): a bit of a word in global state is a flag (100 calls x 10%)"
is "$(sscore 331)" "[2.00]" "shapes: if (d != d) .. else { clamp d; print }: a NaN test, the number printed 100 calls x 99%, no growth"
is "$(sscore 328)" "[0.00]" "shapes: the NaN side of d != d runs 1% of the calls"
is "$(sscore 346)" "[2.00]" "shapes: a side that leaves the function from inside two loops runs at most once per call (100 calls), not 64 x 256 x 1%"
is "$(sscore 372)" "[0.00]" "shapes: a message made where an allocation failed (if (!p) after p = malloc(n)) runs 1 time in 3000, not 40% (100 calls)"
is "$(sscore 363)" "[3.81]" "shapes: a side that breaks out of the inner loop runs at most once per pass of the outer one (100 calls x 64), not 64 x 256 x 50%"
is "$(python3 -c 'import json, sys; print([f["heat"] for f in json.load(open(sys.argv[1]))["frequencies"] if f["function"] == "busy"][0])' "$T/shapes.json")" \
  "2.31" "shapes: the call in a retry loop's condition runs on every call, not at the body's rate (100 + 105 calls)"
# --call-frequencies: what a call's estimate per entry is made of, side
# by side (p, the heuristics that call this side rare / common, the case
# of n, the parameter tested), in the order of calls. Only on request.
"$ca" -q --hotspots --format json --call-frequencies "$TOP/fixtures/hot/shapes" > "$T/shapes-cf.json" 2>&1
is "$(python3 -c 'import json, sys; print("call_frequencies" in json.load(open(sys.argv[1])))' "$T/shapes.json")" \
  "False" "shapes JSON: no call_frequencies unless asked for"
"$ca" -q --hotspots --call-frequencies "$TOP/fixtures/hot/shapes" > "$T/cf-text.out" 2>&1
is "$? $(cat "$T/cf-text.out")" "2 canalyze: --call-frequencies: only with --hotspots --format json (see canalyze --help)" \
  "--call-frequencies without JSON: a usage error"
sides() {
  python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["call_frequencies"]:
    if c["line"] == int(sys.argv[2]) and c["callee"] == sys.argv[3] and c["file"] == (sys.argv[4:] or ["main.c"])[0]:
        print(c["per_entry"], c["trips"], " ".join("%g:%s/%s:%s:%s" % (s["p"], ",".join(s["rare"]), ",".join(s["common"]), s["case"], s["parameter"]) for s in c["sides"]))' "$T/shapes-cf.json" "$@"
}
is "$(sides 291 malloc)" "0.2222 1 0.2222:flag/return:None:None" "shapes JSON: a call on a flag's raised side, after a return on the other, with both rules"
is "$(sides 310 malloc)" "0.28 1 0.28:bits/:None:None" "shapes JSON: a call where a bit is set"
is "$(sides 319 malloc)" "0.1 1 0.1:flag/:None:None" "shapes JSON: a call where a bit of a global settings word is set: a flag raised"
is "$(sides 331 malloc)" "0.99 1 0.99:/error:None:None" "shapes JSON: the side of a NaN test where the number is valid"
is "$(sides 58 hold)" "0.25 1 0.25:/:4:None" "shapes JSON: a case of four"
is "$(sides 376 out_of_memory)" "0.0003334 1 0.0003334:null,failure/:None:None" "shapes JSON: the null side of a test of malloc's result: the allocation failing"
is "$(sides 385 out_of_memory)" "0.0003334 1 0.0003334:null,failure/:None:1" "shapes JSON: if (!p && n != 0) after p = realloc(old, n): holds only when the allocation failed (and n, parameter 1, is not 0)"
is "$(sides 412 strdup)" "2.5 10 0.25:/:4:None" "shapes JSON: a label whose address the function takes (goto *table[op]) is one of the dispatch's 4 cases, not a jump's rare target"
is "$(sides 394 out_of_memory)" "0.0003334 1 0.0003334:null,failure/:None:None" "shapes JSON: p = realloc(p, n); if (!p): p written first, no test of the caller's NULL"
is "$(python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["call_frequencies"]:
    if (c["line"], c["callee"]) in ((120, "malloc"), (346, "strdup"), (363, "strdup")):
        print(c["line"], c["per_entry"], c["trips"], [(s["leaves"], s["loops"]) for s in c["sides"]])' "$T/shapes-cf.json")" \
  "363 64 16380.0 [(1, 2)]
346 1 16380.0 [(2, 2)]
120 0.05 1 [(0, 0)]" "shapes JSON: a side that returns from inside two loops leaves both (its sides say so) and runs at most once per entry, one that breaks leaves the inner one; a side outside loops says 0 loops"
is "$(sides 67 malloc)" "3.333 10 0.3333:/:3:None" "shapes JSON: an opcode's case in its dispatch loop (10 trips)"
is "$(sides 152 step)" "1000 1000 " "shapes JSON: a call in a main loop, on no side (1000 trips)"
# Labels (fixtures/hot/shapes/labels.c): a case is reached by the
# switch's jump, past the checks above it that leave the block; a goto's
# target keeps them when the code above falls into it, and is the error
# heuristic's side when only gotos reach it.
is "$(sides 22 malloc labels.c)" "0.245 1 0.9799:/return,limit:None:0 0.25:/:4:None" "shapes JSON: a check inside a case guards the rest of that case"
is "$(sides 26 malloc labels.c)" "0.18 1 0.72:/return:None:0 0.25:/:4:None" "shapes JSON: a check that is a case's first statement guards the rest of the case"
is "$(sides 29 malloc labels.c)" "0.25 1 0.25:/:4:None" "shapes JSON: no check of an earlier case guards a later case"
is "$(sides 35 malloc labels.c)" "0.249 1 0.9961:/error,bits:None:0 0.25:/:4:None" "shapes JSON: a goto's target the code above falls into keeps the check that jumps there"
is "$(sides 46 malloc labels.c)" "0.01 1 0.01:error/:None:None" "shapes JSON: a goto's target after a return runs only when jumped to: the error heuristic's 1%"
is "$(grep -c '"line": 56, "column": 7, "callee": "malloc"' "$T/shapes-cf.json")" 0 "shapes JSON: a backward goto's target is a loop's head: no side (listed calls sit on one)"
is "$(sides 13 malloc chains.c)" "0.5184 1 0.72:/return:None:None 0.72:/return:None:None" "shapes JSON: after an else-if chain whose branches return, only when no condition holds"
is "$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); cs = r["call_frequencies"]
calls = [(c["file"], c["line"], c["column"]) for c in r["calls"]]
mine = [(c["file"], c["line"], c["column"]) for c in cs]
pos, ok = 0, True
for m in mine:  # a subsequence of "calls", in its order
    while pos < len(calls) and calls[pos] != m: pos += 1
    ok = ok and pos < len(calls); pos += 1
print(ok, len(set(c["function"] for c in cs)) == len([1 for i, c in enumerate(cs) if i == 0 or cs[i - 1]["function"] != c["function"]]), all(c["sides"] or c["trips"] != 1 or c["function"] == "describe" for c in cs))' "$T/shapes-cf.json")" \
  "True True True" "shapes JSON: call_frequencies in the order of calls (each function's together), each call on a side or in a loop (describe: a grow-and-retry loop, 1 trip)"

# Allocators the program builds (fixtures/hot/allocators): a context that
# carves objects from blocks it mallocs, reached through its methods table
# (with --pointer: resolved; without: the pointer's name), a header-prefixed
# malloc, realpath named in canalyze.conf, and a text buffer that hands out
# its free tail (no carve: it allocates when it grows).
alloc="$TOP/fixtures/hot/allocators"
like "$(grep -A1 'main.c:16:' "$T/allocators.txt")" 'context_alloc' "allocators: the carving allocator's call site, through the methods table"
"$ca" -q --pointer --hotspots "$alloc" > "$T/alloc-ptr.txt" 2>&1
like "$(head -2 "$T/alloc-ptr.txt" | tail -1)" '^ *1\. .* main\.c:16:15 in main' "allocators, --pointer: the carver's caller ranks first"
is "$(grep -c 'pool.c:22:' "$T/alloc-ptr.txt")" 0 "allocators, --pointer: the refill inside the carver is not a site of its own"
like "$(grep -A1 'main.c:20:' "$T/allocators.txt")" 'sized_alloc' "allocators: p + header is the block handed on"
like "$(grep -A1 'main.c:24:' "$T/allocators.txt")" 'realpath' "allocators: canalyze.conf names realpath"
like "$(grep -A1 'main.c:29:' "$T/allocators.txt")" 'text_room, estimated to allocate on 5% of its calls' \
  "allocators: a buffer that hands out its free tail allocates when it grows, and the message says how often"
is "$(awk '$4 == "main.c:29:18" { print $2 }' "$T/allocators.txt")" "[2.17]" \
  "allocators: the free tail is no carve: 3000 calls x the growth's 5%, not a block per call"


mkdir -p "$T/noconf" && cp "$alloc"/*.c "$alloc"/*.h "$T/noconf/"
"$ca" -q --hotspots "$T/noconf" > "$T/noconf.txt" 2>&1
is "$(grep -c 'main.c:24:' "$T/noconf.txt")" 0 "allocators: without the file, realpath is no allocator"
"$ca" -q --hotspots --allocator realpath --allocator context_new "$T/noconf" > "$T/named.txt" 2>&1
like "$(grep -A1 'main.c:24:' "$T/named.txt")" 'realpath' "--allocator realpath"
printf 'allocator ok_name\nallocate oops\n' > "$T/noconf/canalyze.conf"
"$ca" -q --hotspots "$T/noconf" > "$T/badconf.txt" 2>&1
is "$?" 2 "a bad canalyze.conf line: exit 2"
is "$(cat "$T/badconf.txt")" "canalyze: $T/noconf/canalyze.conf:2: expected \`allocator NAME\` or a # comment" "a bad canalyze.conf line: one line naming file and line"
done_testing
