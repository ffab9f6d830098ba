#!/bin/sh
# bench/callgrind_calls.py and bench/heat_compare.py: the function-level
# check of the estimate behind the hotspot ranking (HOT_CALLS=1 in
# bench/hot_check.sh). A small program runs under callgrind; its calls per
# function must be read exactly (a loop's 40 calls, a recursion's calls
# folded from callgrind's name'2 records), and the report's "frequencies"
# must be ranked against them: a function never called ranks below every
# one that was, and the function the estimate overrates most is listed
# first.
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
like "$(cat "$T/summary.tsv")" "^prog	5	3	" "heat_compare: one summary row per program"
# Without "frequencies" (an older report) it says so and fails.
echo '{"findings": []}' > "$T/old.json"
python3 "$TOP/bench/heat_compare.py" "old" "$T/old.json" "$T/calls.tsv" > /dev/null 2> "$T/old.err"
status=$?
ok $((status == 0)) "heat_compare: a report without frequencies fails"
like "$(cat "$T/old.err")" 'has no "frequencies"' "heat_compare: and says why"
done_testing
