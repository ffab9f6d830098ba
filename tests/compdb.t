#!/bin/sh
# Which compile commands canalyze uses:
# - upward: without -p, the compile_commands.json of a folder above PATH is
#   found as clang's tools find it; one above with no entry for PATH is
#   passed over; with none at all and TUs failing, one line hints at -p.
# - twice: a file built with two sets of meaningful flags (the library's
#   copy with -DBUILDING_LIB, the tool's without) is two TUs, so both
#   renamings of its functions are defined; libtool's second entry (same
#   flags plus -fPIC -DPIC, another -o) stays one TU.
. "$(dirname "$0")/lib.sh"
FX="$TOP/fixtures/builds"

# ---- upward ----
cp -R "$FX/upward" "$T/up"
printf '[{"directory": "%s/src", "file": "main.c", "arguments": ["gcc", "-I../include", "-c", "main.c", "-o", "main.o"]},\n {"directory": "%s/src", "file": "util.c", "arguments": ["gcc", "-I../include", "-c", "util.c"]}]\n' "$T/up" "$T/up" > "$T/up/compile_commands.json"
"$BUILD/canalyze" --format json "$T/up/src" > "$T/up.json" 2> "$T/up.err"
ok $? "upward: the database one folder above PATH is used (exit status 0)"
like "$(cat "$T/up.json")" '"translation_units": 2, "translation_units_with_errors": 0' "upward: both TUs parse with its -I"
like "$(cat "$T/up.json")" '"caller": "c:@F@main", "callee": "c:@F@helper"' "upward: main calls helper"
is "$(cat "$T/up.err")" "" "upward: nothing on stderr"
"$BUILD/canalyze" --format json "$T/up/src/main.c" > /dev/null 2>&1
ok $? "upward: from a file PATH too"

# a database above that knows nothing of PATH belongs to another project
mkdir -p "$T/outer/inner" && cp -R "$FX/upward" "$T/outer/inner/up"
printf '[{"directory": "%s", "file": "other.c", "arguments": ["gcc", "-c", "other.c"]}]\n' "$T/outer" > "$T/outer/compile_commands.json"
echo 'int other(void) { return 0; }' > "$T/outer/other.c"
"$BUILD/canalyze" -q --format json "$T/outer/inner/up/src" -- -I"$T/outer/inner/up/include" > "$T/outer.json" 2>&1
ok $? "upward: a database above without entries for PATH is passed over"
like "$(cat "$T/outer.json")" '"translation_units": 2, ' "upward: ... and the folder is walked with the -- flags"

# no database anywhere: the TUs fail, and the last line says what to do
"$BUILD/canalyze" "$T/outer/inner/up/src" > /dev/null 2> "$T/nodb.err"
is "$?" 3 "no database: exit status 3 (TUs with errors)"
like "$(tail -1 "$T/nodb.err")" '^canalyze: hint: no compile_commands\.json in PATH or a folder above it.*pass -p DIR' "no database: a one-line hint to pass -p"
is "$(grep -c 'hint' "$T/nodb.err")" 1 "no database: the hint once"
"$BUILD/canalyze" "$T/up/src" > /dev/null 2> "$T/db.err"
is "$(grep -c 'hint' "$T/db.err")" 0 "with a database: no hint"
rm "$T/up/src/../include/config.h"
"$BUILD/canalyze" "$T/up/src" > /dev/null 2> "$T/dbfail.err"
is "$?" 3 "database, TUs failing: exit status 3"
is "$(grep -c 'hint' "$T/dbfail.err")" 0 "database, TUs failing: no -p hint (the database was used)"

# ---- twice ----
cp -R "$FX/twice" "$T/tw"
lib="-DBUILDING_LIB\", \"-I.\", \"-O2"
entries() { # the database's entries, in the order given by $1 (fwd or rev)
  set -- \
    "{\"directory\": \"$T/tw/lib\", \"file\": \"buf.c\", \"arguments\": [\"gcc\", \"$lib\", \"-c\", \"buf.c\", \"-o\", \"buf.o\"]}" \
    "{\"directory\": \"$T/tw/lib\", \"file\": \"buf.c\", \"arguments\": [\"gcc\", \"$lib\", \"-c\", \"buf.c\", \"-fPIC\", \"-DPIC\", \"-o\", \".libs/buf.o\"]}" \
    "{\"directory\": \"$T/tw/lib\", \"file\": \"lib.c\", \"arguments\": [\"gcc\", \"$lib\", \"-c\", \"lib.c\"]}" \
    "{\"directory\": \"$T/tw/tool\", \"file\": \"../lib/buf.c\", \"arguments\": [\"gcc\", \"-I../lib\", \"-g\", \"-c\", \"../lib/buf.c\", \"-o\", \"tool-buf.o\"]}" \
    "{\"directory\": \"$T/tw/tool\", \"file\": \"tool.c\", \"arguments\": [\"gcc\", \"-I../lib\", \"-c\", \"tool.c\"]}"
  if [ "$1" = rev ]; then r=; for e in "$@"; do r="$e${r:+,
}$r"; done; else r=; for e in "$@"; do r="${r:+$r,
}$e"; done; fi
  printf '[%s]\n' "$r"
}
entries fwd > "$T/tw/compile_commands.json"
"$BUILD/canalyze" -q --format json "$T/tw" > "$T/tw.json" 2> "$T/tw.err"
ok $? "twice: exit status 0"
like "$(cat "$T/tw.json")" '"translation_units": 4, ' "twice: 5 entries, 4 TUs (buf.c twice, libtool's copy not)"
for f in lib_buf_add tool_buf_add buf_len; do
  like "$(grep "\"id\": \"c:@F@$f\"" "$T/tw.json")" '"defined": true' "twice: $f is defined"
done
like "$(cat "$T/tw.json")" '"caller": "c:@F@main", "callee": "c:@F@tool_buf_add"' "twice: the tool calls its own copy"
like "$(cat "$T/tw.json")" '"caller": "c:@F@tool_buf_add", "callee": "c:@F@buf_len"' "twice: the tool's copy calls buf_len"
entries rev > "$T/tw/compile_commands.json"
"$BUILD/canalyze" -q --format json "$T/tw" > "$T/tw.rev.json" 2>&1
cmp -s "$T/tw.json" "$T/tw.rev.json"; ok $? "twice: the report does not depend on the database's order"
done_testing
