#!/bin/sh
# bench/callgrind_calls.py and bench/heat_compare.py: the function-level
# check of the estimate behind the hotspot ranking (HOT_CALLS=1 in
# bench/hot_check.sh). A small program runs under callgrind; its calls per
# function must be read exactly (a loop's 40 calls, a recursion's calls
# folded from callgrind's name'2 records), and the report's "frequencies"
# must be ranked against them: a function never called ranks below every
# one that was, and the function the estimate overrates most is listed
# first. bench/hot_rescore.py ranks findings with measured calls.
. "$(dirname "$0")/lib.sh"
ca="$BUILD/canalyze"
mkdir -p "$T/prog"
cat > "$T/prog/main.c" << 'C'
#include <stdio.h>
#include <stdlib.h>

static int leaf(int i) { return i * 2; }

static int walk(int n) { return n ? 1 + walk(n - 1) : 0; }

/* called once, but inside three loops: the estimate says 1000 times */
static int nested(void) {
  int s = 0;
  for (int a = 0; a < 10; a++)
    for (int b = 0; b < 10; b++)
      for (int c = 0; c < 10; c++) s += leaf(c);
  return s;
}

/* never called at run time */
static void unused(void) { puts("unused"); }

int main(int argc, char **argv) {
  (void)argv;
  int s = 0;
  for (int i = 0; i < 40; i++) s += leaf(i);
  s += walk(5);
  if (argc > 5) unused();
  if (argc > 1) s += nested();
  return s == 12345;
}
C
cc -O0 -g -o "$T/prog/prog" "$T/prog/main.c"
valgrind -q --tool=callgrind --callgrind-out-file="$T/cg.out" "$T/prog/prog" > /dev/null 2>&1
python3 "$TOP/bench/callgrind_calls.py" "$T/cg.out" > "$T/calls.tsv"
is "$(grep -P '^(leaf|walk|nested|unused)\t' "$T/calls.tsv" | tr '\t\n' ': ')" "leaf:40 walk:6 " \
  "callgrind_calls: 40 loop calls, a recursion's 6 calls folded into one name, nothing for uncalled code"
"$ca" -q --hotspots --format json "$T/prog" > "$T/report.json" 2>&1
python3 "$TOP/bench/heat_compare.py" "prog" "$T/report.json" "$T/calls.tsv" --summary "$T/summary.tsv" > "$T/heat.md"
like "$(cat "$T/heat.md")" '5 functions defined, 3 called at run time' "heat_compare: defined and called functions counted"
# leaf > walk > main in both the estimate and the run; the two functions
# never called tie below them (nested and unused, heat 0 behind conditions).
like "$(cat "$T/heat.md")" '0\.92 over all defined functions, 1\.00 over those called' \
  "heat_compare: Spearman over all functions and over those called"
like "$(sed -n '/^| function/,$p' "$T/heat.md" | sed -n 3p)" '^\| leaf \| 2\.[0-9]+ \| 1\.60 \| 40 \|$' \
  "heat_compare: the most overrated first (leaf: the nested loops the run never entered)"
# Errors heat - log10(calls): leaf 2.73 - 1.60, walk 1.00 - 0.78, main 0 - 0;
# about their median (walk's) 0.91, 0 and 0.22: a mean of 0.38.
like "$(cat "$T/heat.md")" 'about its median: 0\.38 in log10 on average, 100% within 10x' \
  "heat_compare: the size of the error about its median"
# --module: a function in a .c file the measured binary is not built from
# (another program of the tree) is no function of this program.
mkdir -p "$T/prog2"
cp "$T/prog/main.c" "$T/prog2/"
printf 'int tool_helper(int x) { return x + 1; }\n' > "$T/prog2/tool.c"
"$ca" -q --hotspots --format json "$T/prog2" > "$T/report2.json" 2>&1
python3 "$TOP/bench/heat_compare.py" "prog" "$T/report2.json" "$T/calls.tsv" > "$T/heat2.md"
like "$(cat "$T/heat2.md")" '6 functions defined, 3 called' "heat_compare: without --module, every function of the tree"
python3 "$TOP/bench/heat_compare.py" "prog" "$T/report2.json" "$T/calls.tsv" --module "$T/prog/prog" > "$T/heat3.md"
like "$(cat "$T/heat3.md")" '5 functions defined, 3 called' \
  "heat_compare --module: tool.c, which the binary is not built from, is left out"
is "$(cat "$T/summary.tsv")" "prog	5	3	0.92	1.00	0.38	100%" "heat_compare: one summary row per program"
# Without "frequencies" (an older report) it says so and fails.
echo '{"findings": []}' > "$T/old.json"
python3 "$TOP/bench/heat_compare.py" "old" "$T/old.json" "$T/calls.tsv" > /dev/null 2> "$T/old.err"
status=$?
ok $((status == 0)) "heat_compare: a report without frequencies fails"
like "$(cat "$T/old.err")" 'has no "frequencies"' "heat_compare: and says why"
# bench/hot_rescore.py: each finding's heat moves by its function's
# measured log10(calls) minus its estimated heat, and the findings are
# ranked again; a function the run never called counts -1. A call the
# report's call_frequencies list keeps its own part, log10(per_entry x
# the allocator's rate), though its heat was written as 0: grow's site
# 0.01 x 0.5 (5 - 2.30), xMalloc's through a pointer 0.1 (5 - 1).
cat > "$T/rescore.json" << 'J'
{"frequencies": [{"function": "often", "file": "x.c", "line": 1, "heat": 1.0},
                 {"function": "rare", "file": "x.c", "line": 9, "heat": 3.0},
                 {"function": "never", "file": "x.c", "line": 20, "heat": 2.0}],
 "findings": [{"rank": 1, "kind": "alloc", "file": "x.c", "line": 10, "column": 3, "function": "rare", "score": 3.5, "heat": 3.5},
              {"rank": 2, "kind": "transient-alloc", "file": "x.c", "line": 21, "column": 3, "function": "never", "score": 3.0, "heat": 2.0},
              {"rank": 3, "kind": "alloc", "file": "x.c", "line": 2, "column": 3, "function": "often", "score": 1.2, "heat": 1.2},
              {"rank": 4, "kind": "alloc", "file": "x.c", "line": 5, "column": 7, "function": "often", "callee": "grow", "score": 0.0, "heat": 0.0},
              {"rank": 5, "kind": "alloc", "file": "x.c", "line": 6, "column": 9, "function": "often", "callee": "xMalloc", "score": 0.0, "heat": 0.0}],
 "allocators": [{"function": "grow", "file": "x.c", "line": 30, "argument": null, "rate": 0.5}],
 "call_frequencies": [{"function": "often", "file": "x.c", "line": 5, "column": 7, "callee": "grow", "per_entry": 0.01},
                      {"function": "often", "file": "x.c", "line": 6, "column": 9, "callee": null, "per_entry": 0.1}]}
J
printf 'often\t100000\nrare\t10\n' > "$T/rescore.tsv"
is "$(python3 "$TOP/bench/hot_rescore.py" "$T/rescore.json" "$T/rescore.tsv" |
  python3 -c 'import json, sys; print(" ".join("%d:%s:%.2f:%.2f" % (f["rank"], f["function"], f["heat"], f["score"]) for f in json.load(sys.stdin)["findings"]))')" \
  "1:often:5.20:5.20 2:often:4.00:4.00 3:often:2.70:2.70 4:rare:1.50:1.50 5:never:-1.00:0.00" \
  "hot_rescore: measured calls replace each function's heat, the bonus stays, the findings are ranked again"
done_testing
