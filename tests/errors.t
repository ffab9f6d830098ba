#!/bin/sh
# Bad input: one line on stderr naming what and where, a non-zero exit, no
# crash (the sanitizers would add lines and change the status).
. "$(dirname "$0")/lib.sh"
CA="$BUILD/canalyze"

# expect NAME WANT-STATUS REGEX ARGS...: exactly one stderr line matching REGEX.
expect() {
  name=$1 want=$2 re=$3; shift 3
  "$CA" -q "$@" > "$T/out" 2> "$T/err"
  rc=$?
  is "$rc" "$want" "$name: exit status $want"
  is "$(wc -l < "$T/err" | tr -d ' ')" 1 "$name: one line on stderr"
  like "$(cat "$T/err")" "$re" "$name: says what and where"
}

expect "missing path" 1 '^canalyze: /nonexistent/src: No such file or directory$' /nonexistent/src

mkdir -p "$T/empty/sub" && echo "not c" > "$T/empty/README"
expect "no C files" 1 "empty: no \.c files found" "$T/empty"

mkdir -p "$T/bin" && printf 'ELF\000\001\002' > "$T/bin/blob.c"
expect "binary .c" 1 'blob\.c: binary file, not C source' "$T/bin"

mkdir -p "$T/loop" && ln -s loop.c "$T/loop/loop.c"
expect "symlink loop in tree" 1 'loop\.c: symbolic link loop' "$T/loop"
expect "symlink loop as PATH" 1 'loop\.c: symbolic link loop' "$T/loop/loop.c"

# An unreadable file: root reads anything, so use a file whose read fails.
mkdir -p "$T/unread"
if [ "$(id -u)" = 0 ]; then ln -s /proc/self/mem "$T/unread/mem.c"; else echo 'int x;' > "$T/unread/mem.c"; chmod 000 "$T/unread/mem.c"; fi
expect "unreadable file" 1 'mem\.c: (Input/output error|Permission denied)' "$T/unread"

mkdir -p "$T/db" && echo 'int main(void){return 0;}' > "$T/db/m.c"
printf '[{"directory": "%s", "file": "m.c", "command": "cc -c m.c"},\n {"directory": ' "$T/db" > "$T/db/compile_commands.json"
expect "truncated compile db" 1 'compile_commands\.json: 2:16: unexpected end of file' "$T/db"
printf '{"directory": "x"}' > "$T/db/compile_commands.json"
expect "compile db not an array" 1 'compile_commands\.json: 1:1: expected an array' "$T/db"
printf '[{"directory": "%s", "file": "gone.c", "command": "cc -c gone.c"}]' "$T/db" > "$T/db/compile_commands.json"
expect "compile db names a missing file" 1 'compile_commands\.json: 1:2: .*gone\.c: No such file' "$T/db"
printf '[{"directory": "%s/gone", "file": "%s/db/m.c", "command": "cc -c m.c"}]' "$T" "$T" > "$T/db/compile_commands.json"
expect "compile db entry in a missing directory" 1 'compile_commands\.json: 1:2: directory .*/gone: No such file or directory$' "$T/db"
expect "-p without a database" 1 'nowhere/compile_commands\.json: No such file' -p "$T/nowhere" "$T/db/m.c"

# A file that cannot be parsed among others that can: its TU reports why
# and the rest is analysed (exit status 3, as for a file that does not
# compile). A stale entry outside the paths asked for is not looked at.
mkdir -p "$T/stale/sub" && echo 'int one(void) { return 1; } int main(void) { return one(); }' > "$T/stale/m.c"
printf '[{"directory": "%s", "file": "m.c", "command": "cc -c m.c"},\n {"directory": "%s", "file": "sub/gone.c", "command": "cc -c sub/gone.c"},\n {"directory": "/nonexistent", "file": "x.c", "command": "cc -c x.c"}]' "$T/stale" "$T/stale" > "$T/stale/compile_commands.json"
"$CA" --no-cache "$T/stale" > "$T/out" 2> "$T/err"
is "$?" 3 "stale compile db entry: exit status 3"
like "$(cat "$T/out")" '^  <- main \(m\.c:1\)' "stale compile db entry: the other files are analysed"
like "$(cat "$T/out")" '^  sub/gone\.c: 1 error, not analysed$' "stale compile db entry: the report's summary says it was not analysed"
like "$(sed -n 1p "$T/err")" '^compile_commands\.json:2:2: error: .*stale/sub/gone\.c: No such file or directory; not analysed$' "stale compile db entry: says which entry and why"
like "$(sed -n 2p "$T/err")" '^canalyze: 1 of 2 translation units had errors' "stale compile db entry: counted as a TU with errors"
is "$(wc -l < "$T/err" | tr -d ' ')" 2 "stale compile db entry: nothing more on stderr"
"$CA" --no-cache --format json "$T/stale" 2> /dev/null > "$T/out.json"
like "$(cat "$T/out.json")" '\{"tu": "sub/gone\.c", "file": "compile_commands\.json", "line": 2, "column": 2, "severity": "error", "message": ".*No such file or directory; not analysed"\}' "stale compile db entry: in the JSON report's diagnostics"
"$CA" --no-cache --format sarif "$T/stale" 2> /dev/null > "$T/out.sarif"
is "$(python3 -c 'import json, sys
n = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
print(" ".join("%s:%s:%d:%s" % (x["level"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], x["locations"][0]["physicalLocation"]["region"]["startLine"], x["properties"]["translationUnit"]) for x in n))' "$T/out.sarif")" \
  "error:compile_commands.json:2:sub/gone.c" "stale compile db entry: a tool execution notification in SARIF"
"$CA" --no-cache "$T/stale/m.c" > /dev/null 2>&1
is "$?" 0 "stale entry for a file not asked for: not looked at"
printf 'int two(void) { return 2; }\n' > "$T/stale/sub/two.c" && printf 'ELF\000\001' > "$T/stale/sub/blob.c" && rm "$T/stale/compile_commands.json"
"$CA" --no-cache "$T/stale/sub" > "$T/out" 2> "$T/err"
is "$?" 3 "binary .c next to C source: exit status 3"
like "$(sed -n 1p "$T/err")" '^blob\.c:1:1: error: binary file, not C source; not analysed$' "binary .c next to C source: says which and why"
like "$(cat "$T/out")" '^two \(two\.c:1\)' "binary .c next to C source: the other file is analysed"

echo 'int f(void) { return 0; }' > "$T/db/m.c" && rm "$T/db/compile_commands.json"
expect "unknown format" 2 '^canalyze: --format yaml: expected text, json' --format yaml "$T/db"
expect "bad -j" 2 '^canalyze: -j many: expected a number' -j many "$T/db"
expect "unknown focus function" 2 '^canalyze: --focus nosuch: no function of that name' --focus nosuch "$T/db"
expect "not a .c file" 1 'README: not a folder or a \.c file' "$T/empty/README"

# Where the report goes is checked before the analysis: a file that does
# not compile would add its diagnostics after a late refusal.
mkdir -p "$T/late" && echo 'int broken(void) { return }' > "$T/late/b.c"
for args in "--html $T/late/b.c" "-o $T/nowhere/r.json" "--html $T/nowhere/site" "-o $T/late/b.c/r.json"; do
  # shellcheck disable=SC2086 # the words of args are the options
  "$CA" $args "$T/late" > "$T/out" 2> "$T/err"
  is "$?" 1 "$args: exit status 1"
  is "$(wc -l < "$T/err" | tr -d ' ')" 1 "$args: one line on stderr, before any analysis"
done
like "$(cat "$T/err")" 'late/b\.c/r\.json: Not a directory$' "-o in a file: says what fopen would"
"$CA" --html "$T/late/b.c" "$T/late" 2> "$T/err"
like "$(cat "$T/err")" '^canalyze: .*late/b\.c: not a folder$' "--html FILE: says what and where"
"$CA" -o "$T/nowhere/r.json" "$T/late" 2> "$T/err"
like "$(cat "$T/err")" '^canalyze: .*nowhere/r\.json: No such file or directory$' "-o in a missing folder: says what and where"
"$CA" --format sarif "$T/late" 2> /dev/null | python3 -c 'import json, sys
inv = json.load(sys.stdin)["runs"][0]["invocations"][0]
n = inv["toolExecutionNotifications"][0]
sys.exit(0 if inv["executionSuccessful"] and n["level"] == "error" and n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.c" else 1)'
ok $? "a file that does not compile: its errors are SARIF tool execution notifications at their places"

# A compile database is honoured: its -D decides which function is called.
mkdir -p "$T/cdb"
cat > "$T/cdb/x.c" <<'C'
void on(void); void off(void);
void pick(void) {
#ifdef FEATURE
  on();
#else
  off();
#endif
}
C
printf '[{"directory": "%s", "file": "x.c", "arguments": ["cc", "-DFEATURE", "-c", "x.c", "-o", "x.o"]}]' "$T/cdb" > "$T/cdb/compile_commands.json"
out=$("$CA" -q --format json "$T/cdb")
like "$out" '"callee": "c:@F@on"' "compile_commands.json arguments are used"
printf '[{"directory": "%s", "file": "x.c", "command": "cc -c x.c"}]' "$T/cdb" > "$T/cdb/compile_commands.json"
out=$("$CA" -q --format json "$T/cdb")
like "$out" '"callee": "c:@F@off"' "compile_commands.json command strings are used"
# The source may be spelled with a folder in the arguments (curl's lib/vtls/).
mkdir -p "$T/cdb/sub" && mv "$T/cdb/x.c" "$T/cdb/sub/x.c"
printf '[{"directory": "%s", "file": "%s/sub/x.c", "arguments": ["cc", "-DFEATURE", "-c", "sub/x.c"]}]' "$T/cdb" "$T/cdb" > "$T/cdb/compile_commands.json"
out=$("$CA" -q --format json "$T/cdb")
ok $? "source spelled sub/x.c in the arguments is not parsed twice"
like "$out" '"callee": "c:@F@on"' "and its flags are used"
mv "$T/cdb/sub/x.c" "$T/cdb/x.c"
# Without a database, flags after -- are used.
rm "$T/cdb/compile_commands.json"
out=$("$CA" -q --format json "$T/cdb" -- -DFEATURE)
like "$out" '"callee": "c:@F@on"' "flags after -- are used"
done_testing
