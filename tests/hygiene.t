#!/bin/sh
# hygiene.t: the habits the build enforces. Only analyzer/clang/ sees
# libclang; the archives export only their public prefixes; the sources
# call no banned function; plain `make` builds everything; --version and
# option errors speak for the command.
. "$(dirname "$0")/lib.sh"

# The fence: clang-c/ appears only in analyzer/clang/, and a file elsewhere
# that includes it does not compile with the flags the Makefile gives it.
leaks=$(cd "$TOP" && grep -rl 'clang-c/' analyzer cli httptrace | grep -v '^analyzer/clang/')
is "$leaks" "" "clang-c/ is included only under analyzer/clang/"
printf '#include <clang-c/Index.h>\nint x;\n' > "$T/leak.c"
cflags=$(make -s -C "$TOP" --no-print-directory print-cflags)
cc $cflags -c "$T/leak.c" -o "$T/leak.o" 2> /dev/null
ok $((! $?)) "outside analyzer/clang/ a libclang header is a compile error"

# Only ca_ / ht_ symbols are global in the archives a user links.
for lib in canalyze httptrace; do
  a=$BUILD/lib$lib.a
  nm -g --defined-only "$a" > "$T/$lib.nm" 2>&1
  ok $? "nm lib$lib.a"
  other=$(awk 'NF == 3 && $2 ~ /[A-Z]/ && $3 !~ /^(ca|ht)_/ { print $3 }' "$T/$lib.nm" | head -5)
  is "$other" "" "lib$lib.a: every global symbol has the public prefix"
done
grep -q ' T ca_analyze$' "$T/canalyze.nm"; ok $? "libcanalyze.a exports ca_analyze"
grep -q ' T ht_attach$' "$T/httptrace.nm"; ok $? "libhttptrace.a exports ht_attach"
grep -q ' T link_program$' "$T/canalyze.nm"; ok $((! $?)) "libcanalyze.a keeps link_program private"

# Banned functions: none in the sources, and the check finds a planted one.
sh "$TOP/mk/checksrc.sh" > "$T/checksrc" 2>&1
ok $? "mk/checksrc.sh: no banned function in analyzer/ httptrace/ cli/"
head -3 "$T/checksrc" | sed 's/^/#   /'
printf 'void f(char *d, const char *s) {\n  /* strcpy(d, s) */\n  strcat(d, s);\n}\n' > "$T/bad.c"
is "$(sh "$TOP/mk/checksrc.sh" "$T/bad.c")" "$T/bad.c:3: banned strcat (use a length-tracking buffer)" \
  "mk/checksrc.sh flags strcat, not the one in a comment"

# Plain make: the default goal is everything.
is "$(make -C "$TOP" -pn 2>/dev/null | sed -n 's/^\.DEFAULT_GOAL := //p')" "all" "plain make builds 'all'"

# --version from one VERSION file; option errors name the command.
is "$("$BUILD/canalyze" --version)" "canalyze $(cat "$TOP/VERSION")" "canalyze --version"
"$BUILD/canalyze" --bogus x > "$T/out" 2> "$T/err"
is "$?" 2 "an unknown option exits 2"
is "$(cat "$T/err")" "canalyze: unknown option --bogus (see canalyze --help)" "and says so in one line"
"$BUILD/canalyze" fixtures -p > "$T/out" 2> "$T/err"
is "$(cat "$T/err")" "canalyze: -p: expects a value (see canalyze --help)" "a missing value, in one line"
done_testing
