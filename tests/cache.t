#!/bin/sh
# The per-TU fact cache: a warm cache gives byte-for-byte the output of no
# cache; an edit re-parses exactly the TUs that read the edited file; damaged
# cache files are ignored with one warning and rebuilt; concurrent runs on
# one cache leave it whole; --no-cache and --html write nothing.
. "$(dirname "$0")/lib.sh"
CA="$BUILD/canalyze"
export CANALYZE_CACHE_DIR="$T/cache"
unset XDG_CACHE_HOME

# The solver's time is the one thing that differs between two runs.
norm() { sed 's/solver [0-9.]* ms/solver # ms/; s/"solver_ms": [0-9.]*/"solver_ms": #/'; }
# same NAME ARGS...: no cache, then a cold and a warm cache, all equal
same() {
  name=$1; shift
  "$CA" --no-cache "$@" 2> "$T/err0" | norm > "$T/out0"
  "$CA" "$@" 2> /dev/null | norm > "$T/out1"
  "$CA" "$@" 2> "$T/err2" | norm > "$T/out2"
  cmp -s "$T/out0" "$T/out1" && cmp -s "$T/out0" "$T/out2" && cmp -s "$T/err0" "$T/err2"
  ok $? "warm cache == no cache: $name"
}
# stats ARGS...: "P parsed, C cached" of a run
stats() {
  "$CA" --stats "$@" 2>&1 > /dev/null | sed -n 's/.*units: \([0-9]*\) parsed, \([0-9]*\) from the fact cache.*/\1 parsed, \2 cached/p'
}

# ---- byte-identical output, every report kind ----
cg="$TOP/fixtures/callgraph/cross_files"
pt="$TOP/fixtures/pointer/corners"
hot="$TOP/fixtures/hot/basic"
same "text" "$cg"
same "json" --format json "$cg"
same "header inlines" --format json "$TOP/fixtures/callgraph/header_inline"
same "static names" "$TOP/fixtures/callgraph/static_names"
same "--pointer text" --pointer "$pt"
same "--pointer json" --pointer --format json "$pt"
same "--pointer limits" --pointer --format json "$TOP/fixtures/pointer/limits"
same "--points-to" --points-to shared --points-to two_sites:a "$pt"
same "--points-to FILE:LINE:COL" --points-to corners.c:45:34 "$pt"
same "--hotspots" --hotspots "$hot"
same "--hotspots --pointer json" --hotspots --pointer --format json "$hot"
same "sarif" --format sarif --pointer "$TOP/fixtures/hot/wordfreq"
same "dot" --format dot "$cg"
same "a TU with errors (not cached)" "$TOP/fixtures/callgraph/syntax_error"
is "$(stats "$TOP/fixtures/callgraph/syntax_error")" "1 parsed, 1 cached" "a TU with errors is parsed every time, the other one is not"
is "$(stats --pointer "$pt")" "0 parsed, 1 cached" "--stats counts TUs read from the cache"
is "$(stats "$pt")" "1 parsed, 0 cached" "--pointer facts are not used for a call graph without it"

# ---- edits: exactly the TUs that read the edited file are parsed ----
# A copy with old timestamps (a file modified in the second before a
# parse is not cached, as it may have been read half-written).
export CANALYZE_CACHE_DIR="$T/srccache"
src="$T/src"
mkdir -p "$src"
cat > "$src/shared.h" <<'EOF'
int shared(int x);
EOF
for n in 1 2 3 4; do
  inc=''; [ "$n" -le 2 ] && inc='#include "shared.h"'
  printf '%s\nint f%s(int x) { return x + %s; }\nint g%s(int x) { return f%s(x); }\n' "$inc" "$n" "$n" "$n" "$n" > "$src/u$n.c"
done
printf '#include "shared.h"\nint shared(int x) { return x; }\n' > "$src/shared.c"
touch -d '1 hour ago' "$src"/*
is "$(stats "$src")" "5 parsed, 0 cached" "first run parses every TU"
is "$(stats "$src")" "0 parsed, 5 cached" "second run parses none"
printf 'int f1(int);\nint f3(int x) { return x + 3; }\n\nint g3(int x) { return f3(x) + f1(x); }\n' > "$src/u3.c"
touch -d '1 hour ago' "$src/u3.c" # the content changed, the time says it did not
is "$(stats "$src")" "1 parsed, 4 cached" "a one-file edit re-parses that TU only (by content, not time)"
"$CA" --no-cache --format json "$src" > "$T/edit0"
"$CA" --format json "$src" > "$T/edit1"
cmp -s "$T/edit0" "$T/edit1"; ok $? "after the edit: the same output as without the cache"
like "$(cat "$T/edit1")" '"callee": "c:@F@f1", "kind": "direct", "file": "u3.c", "line": 4' "the edited file's new call is there"
printf 'int shared(int x);\nint shared2(int x);\n' > "$src/shared.h"
touch -d '1 hour ago' "$src/shared.h"
is "$(stats "$src")" "3 parsed, 2 cached" "a header edit re-parses the TUs that include it"
is "$(stats "$src")" "0 parsed, 5 cached" "and they are cached again"
rm "$src/u4.c"
is "$(stats "$src")" "0 parsed, 4 cached" "a removed file leaves the others cached"
cp "$src/u1.c" "$src/u5.c" && touch -d '1 hour ago' "$src/u5.c"
is "$(stats "$src")" "1 parsed, 4 cached" "a new file is parsed"
is "$(stats "$src" -- -DEXTRA=1)" "5 parsed, 0 cached" "other compiler arguments: other entries"

# A header reached through a symbolic link: pointing the link elsewhere is an edit.
lnk="$T/lnk"
mkdir -p "$lnk"
printf 'static int pick(void) { return 1; }\n' > "$lnk/cfg_a.h"
printf 'static int pick(void) { return 2; }\nstatic int extra(void) { return 3; }\n' > "$lnk/cfg_b.h"
ln -s cfg_a.h "$lnk/cfg.h"
printf '#include "cfg.h"\nint use(void) { return pick(); }\n' > "$lnk/use.c"
touch -h -d '1 hour ago' "$lnk"/*
stats "$lnk" > /dev/null
is "$(stats "$lnk")" "0 parsed, 1 cached" "a header through a symbolic link: cached"
ln -sf cfg_b.h "$lnk/cfg.h" && touch -h -d '1 hour ago' "$lnk/cfg.h"
is "$(stats "$lnk")" "1 parsed, 0 cached" "the link pointed at another header: parsed again"
like "$("$CA" "$lnk")" 'extra' "and the other header's function is there"
# Relative -I flags without a compile database are relative to where canalyze runs.
mkdir -p "$T/wa/inc" "$T/wb/inc"
printf 'int from_a(void);\n#define CALL from_a\n' > "$T/wa/inc/which.h"
printf 'int from_b(void);\n#define CALL from_b\n' > "$T/wb/inc/which.h"
printf '#include "which.h"\nint run(void) { return CALL(); }\n' > "$T/rel.c"
touch -d '1 hour ago' "$T/wa/inc/which.h" "$T/wb/inc/which.h" "$T/rel.c"
(cd "$T/wa" && "$CA" "$T/rel.c" -- -Iinc > /dev/null 2>&1)
out=$(cd "$T/wb" && "$CA" "$T/rel.c" -- -Iinc 2>&1)
like "$out" 'from_b' "-Iinc from another folder: the other folder's header"

# ---- damaged, truncated, foreign cache files ----
files() { find "$CANALYZE_CACHE_DIR" -name '*.caf' | sort; }
# only the entries of the run below, so that the damaged one is one it reads
rm -rf "$CANALYZE_CACHE_DIR"
"$CA" --format json "$src" > "$T/ref" 2> /dev/null
one=$(files | head -1)
two=$(files | sed -n 2p)
damaged() { # damaged NAME: after the damage, one warning and the right output
  "$CA" --stats --format json "$src" > "$T/dmg" 2> "$T/dmgerr"
  cmp -s "$T/ref" "$T/dmg"; ok $? "$1: the same output"
  is "$(grep -c 'warning: fact cache: 1 file unreadable, ignored and rebuilt' "$T/dmgerr")" 1 "$1: one warning line"
  like "$(cat "$T/dmgerr")" '1 parsed, 4 from the fact cache' "$1: that TU parsed again"
  is "$("$CA" --format json "$src" 2>&1 > /dev/null)" "" "$1: rebuilt: no warning the next time"
}
head -c 100 "$one" > "$T/half" && cp "$T/half" "$one"
damaged "a truncated file"
printf 'garbage' > "$one"
damaged "a file of garbage"
: > "$one"
damaged "an empty file"
# one byte flipped in the middle: the payload hash catches it
size=$(wc -c < "$one")
perl -e 'open F, "+<", $ARGV[0] or die; seek F, $ARGV[1], 0; read F, $c, 1; seek F, $ARGV[1], 0; print F chr(ord($c) ^ 1)' "$one" $((size / 2))
damaged "a flipped byte"
cp "$two" "$one"
damaged "another TU's file under this name"
rm "$one" && mkdir "$one"
"$CA" --format json "$src" > "$T/dmg" 2> "$T/dmgerr"
cmp -s "$T/ref" "$T/dmg"; ok $? "a folder where a file should be: the same output"
like "$(cat "$T/dmgerr")" 'warning: fact cache: .*1 not written' "a folder where a file should be: a warning"
rmdir "$one"

# ---- concurrent runs on one cache ----
export CANALYZE_CACHE_DIR="$T/shared"
for i in 1 2 3 4; do "$CA" --format json "$src" > "$T/conc$i" 2> "$T/concerr$i" & done
wait
for i in 1 2 3 4; do "$CA" --format json "$src" > "$T/conc$i.b" 2>> "$T/concerr$i" & done
wait
status=0
for i in 1 2 3 4; do cmp -s "$T/ref" "$T/conc$i" && cmp -s "$T/ref" "$T/conc$i.b" || status=1; done
ok $status "4 + 4 concurrent runs on one cache: the same output"
is "$(cat "$T"/concerr*)" "" "and no warning"
is "$(stats "$src")" "0 parsed, 5 cached" "the cache they left is whole"
is "$(find "$T/shared" -name '*.tmp' | wc -l | tr -d ' ')" 0 "no temporary file left behind"

# ---- where it is, and when it is not used ----
export CANALYZE_CACHE_DIR="$T/none"
"$CA" --no-cache "$src" > /dev/null 2>&1
[ ! -e "$T/none" ]; ok $? "--no-cache writes nothing"
is "$("$CA" --no-cache --stats "$src" 2>&1 > /dev/null)" "canalyze: 5 translation units: 5 parsed, 0 from the fact cache (not used)" "--no-cache --stats"
"$CA" --html "$T/site" "$src" > /dev/null 2>&1
[ ! -e "$T/none" ]; ok $? "--html does not use the cache"
"$CA" --cache-dir "$T/opt" "$src" > /dev/null 2>&1
[ -d "$T/opt" ] && [ ! -e "$T/none" ]; ok $? "--cache-dir DIR wins over CANALYZE_CACHE_DIR"
unset CANALYZE_CACHE_DIR
HOME="$T/home" "$CA" "$src" > /dev/null 2>&1
[ -n "$(find "$T/home/.cache/canalyze" -name '*.caf' 2>/dev/null)" ]; ok $? "default: ~/.cache/canalyze"
XDG_CACHE_HOME="$T/xdg" HOME="$T/home2" "$CA" "$src" > /dev/null 2>&1
[ -n "$(find "$T/xdg/canalyze" -name '*.caf' 2>/dev/null)" ] && [ ! -e "$T/home2" ]; ok $? "default with XDG_CACHE_HOME: \$XDG_CACHE_HOME/canalyze"
printf 'x' > "$T/afile"
"$CA" --cache-dir "$T/afile/sub" "$src" > "$T/ro" 2> "$T/roerr"; rc=$?
is "$rc" 0 "a cache folder that cannot be made: the run succeeds"
like "$(cat "$T/roerr")" '^canalyze: warning: fact cache: 5 files not written; first: ' "with one warning line"
is "$(wc -l < "$T/roerr" | tr -d ' ')" 1 "one line only"
done_testing
