#!/bin/sh
# Diagnostics of a compile database written for gcc (fixtures/builds/gccflags):
# - warning options clang does not know (-Wimplicit-fallthrough=3,
#   -Wformat-truncation=2, -Wno-stringop-overflow, -Wlogical-op) print
#   nothing: clang would print a line per option per TU;
# - a gcc-only argument clang's driver drops is a warning, not an error of
#   the TU, printed once with the TUs that had it;
# - an error that several TUs share (one in a header) is printed once, with
#   the count and the first TU names.
. "$(dirname "$0")/lib.sh"
cp -R "$TOP/fixtures/builds/gccflags" "$T/g"
flags='"-O2", "-Wall", "-Wimplicit-fallthrough=3", "-Wformat-truncation=2", "-Wno-stringop-overflow", "-Wlogical-op", "-fno-tree-vrp"'
{
  printf '['
  sep=
  for f in a b c d e; do
    printf '%s\n{"directory": "%s", "file": "%s.c", "arguments": ["gcc", %s, "-c", "%s.c", "-o", "%s.o"]}' "$sep" "$T/g" $f "$flags" $f $f
    sep=,
  done
  printf '%s\n{"directory": "%s", "file": "clean.c", "arguments": ["gcc", %s, "-fconserve-stack", "-c", "clean.c"]}' , "$T/g" "$flags"
  printf ']\n'
} > "$T/g/compile_commands.json"

"$BUILD/canalyze" "$T/g/clean.c" > /dev/null 2> "$T/clean.err"
ok $? "gcc-only options: a clean TU exits 0"
is "$(grep -c 'unknown warning option' "$T/clean.err")" 0 "gcc-only warning options: no 'unknown warning option' line"
is "$(cat "$T/clean.err")" "clean.c: warning: unknown argument: '-fconserve-stack' (ignored)" \
  "gcc-only argument: one warning line naming the TU, not an error"

"$BUILD/canalyze" "$T/g" > /dev/null 2> "$T/all.err"
is "$?" 3 "shared error: exit status 3"
is "$(grep -c 'unknown warning option' "$T/all.err")" 0 "no 'unknown warning option' line for 6 TUs"
is "$(grep -c "use of undeclared identifier 'missing_name'" "$T/all.err")" 1 "shared error: printed once"
like "$(cat "$T/all.err")" "^common\.h:2:[0-9]+: error: use of undeclared identifier 'missing_name' \(in 5 translation units: a\.c, b\.c, c\.c and 2 more\)$" \
  "shared error: with the count and the first TU names"
like "$(tail -1 "$T/all.err")" '^canalyze: 5 of 6 translation units had errors' "shared error: the summary line still counts every TU"
is "$(wc -l < "$T/all.err" | tr -d ' ')" 3 "6 TUs with gcc flags: 3 lines on stderr"
"$BUILD/canalyze" --format json "$T/g" 2> /dev/null | grep -c '"message": "use of undeclared' > "$T/n"
is "$(cat "$T/n")" 5 "JSON: the diagnostics of each TU as before"
done_testing
