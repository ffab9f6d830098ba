#!/bin/sh
# Call graph pictures: golden DOT for each fixtures/graph/CASE (whole program,
# and --focus FUNC --depth N from CASE/focus), the --hot graph of
# fixtures/hot/basic, DOT accepted by `dot`, SVG/PNG through libgvc (SVG
# well-formed XML holding the expected nodes), and the node limit.
. "$(dirname "$0")/lib.sh"
# Graphviz's text layout loads fontconfig/pango, whose caches live as long
# as the process: not leaks of ours.
{ cat "$TOP/tests/lsan.supp"; printf 'leak:libfontconfig\nleak:libpango\nleak:libcairo\nleak:libglib\nleak:libgobject\nleak:libgvplugin\n'; } > "$T/lsan.supp"
export LSAN_OPTIONS="suppressions=$T/lsan.supp:print_suppressions=0"
ca="$BUILD/canalyze"

for dir in "$TOP"/fixtures/graph/*/; do
  name=$(basename "$dir")
  "$ca" -q --format dot "$dir" > "$T/$name.dot" 2> "$T/$name.err"
  is "$?" 0 "$name: exit status"
  golden "$dir/expected.dot" "$T/$name.dot" "$name: DOT"
  dot -Tsvg "$T/$name.dot" > /dev/null 2>&1; ok $? "$name: dot -Tsvg accepts it"
  read -r func depth < "$dir/focus"
  "$ca" -q --format dot --focus "$func" --depth "$depth" "$dir" > "$T/$name-focus.dot" 2>&1
  golden "$dir/expected-focus.dot" "$T/$name-focus.dot" "$name: DOT --focus $func --depth $depth"
done

hot="$TOP/fixtures/hot/basic"
"$ca" -q --format dot --hot --top 3 "$hot" > "$T/hot.dot" 2>&1
golden "$hot/expected-hot.dot" "$T/hot.dot" "--hot --top 3 DOT"
dot -Tsvg "$T/hot.dot" > /dev/null 2>&1; ok $? "--hot DOT accepted by dot"

# SVG rendered in-process: well-formed, one <g class="node"> per function,
# titled by name, clusters titled by file.
cl="$TOP/fixtures/graph/clusters"
"$ca" -q --format svg "$cl" > "$T/cl.svg" 2> "$T/cl.svg.err"
is "$?" 0 "SVG: exit status"
xmllint --noout "$T/cl.svg" 2> "$T/xmllint.err"; ok $? "SVG is well-formed XML"
nodes=$(grep -c '<g id="node[0-9]*" class="node">' "$T/cl.svg")
is "$nodes" 7 "SVG holds 7 function nodes"
for f in main run_a is_even is_odd printf 'helper (a.c)' 'helper (b.c)'; do
  grep -q "<title>$f</title>" "$T/cl.svg"; ok $? "SVG node $f"
done
grep -q '<title>cluster_1</title>' "$T/cl.svg" && grep -q '>a\.c</text>' "$T/cl.svg"
ok $? "SVG cluster labelled a.c"

"$ca" -q --format png -o "$T/cl.png" "$cl" 2> "$T/png.err"
is "$?" 0 "PNG: exit status"
head -c 8 "$T/cl.png" | od -An -c | grep -q 'P   N   G'; ok $? "PNG signature"

"$ca" -q --format pdf -o "$T/cl.pdf" "$cl" 2> "$T/pdf.err"
is "$?" 0 "PDF: exit status"
is "$(head -c 4 "$T/cl.pdf")" "%PDF" "PDF signature"

# Deterministic whatever the thread count.
"$ca" -q -j1 --format dot "$TOP/fixtures/graph" > "$T/j1.dot" 2>&1
"$ca" -q -j2 --format dot "$TOP/fixtures/graph" > "$T/j2.dot" 2>&1
cmp -s "$T/j1.dot" "$T/j2.dot"; ok $? "DOT independent of -j"

# The function asked about is marked; a wide fan-out is spread over ranks
# (fixtures/graph/wide: 24 leaves and 11 callers on one rank each would make
# a canvas about 8:1; spread, it stays under 3:1).
tr -d '\n\t' < "$T/wide-focus.dot" | grep -q 'dispatch\[[^]]*penwidth=3'
ok $? "--focus: the focus node has the thick border"
is "$(grep -c 'penwidth=3' "$T/wide-focus.dot")" 1 "--focus: only the focus node has it"
is "$(grep -c 'minlen=[23]' "$T/wide-focus.dot")" 21 "wide fan-out: 21 of 35 leaf edges longer"
"$ca" -q --format svg --focus dispatch --depth 1 "$TOP/fixtures/graph/wide" > "$T/wide.svg" 2>&1
ratio=$(sed -n 's/^<svg width="\([0-9]*\)pt" height="\([0-9]*\)pt".*/\1 \2/p' "$T/wide.svg" |
  awk '{ printf "%d", $1 * 10 / $2 }')
ok "$([ -n "$ratio" ] && [ "$ratio" -lt 30 ]; echo $?)" "wide fan-out: SVG aspect below 3:1 (width/height x10 = $ratio)"

# The node limit: refused with advice, nothing written, exit 1.
"$ca" -q --format svg --max-nodes 3 "$cl" > "$T/big.svg" 2> "$T/big.err"
is "$?" 1 "above --max-nodes: exit 1"
like "$(cat "$T/big.err")" 'has 7 functions, above the limit of 3: .*--focus FUNC --depth 2.*--hot' "advice on stderr"
is "$(wc -c < "$T/big.svg" | tr -d ' ')" 0 "nothing on stdout"
done_testing
