#!/bin/sh
# make install puts commands, libraries, headers and pkg-config files under
# PREFIX, and a program built with pkg-config against them links and runs.
. "$(dirname "$0")/lib.sh"
make -s -C "$TOP" install PREFIX="$T/inst" > "$T/make.log" 2>&1
ok $? "make install PREFIX=..."
for f in bin/canalyze bin/httptrace lib/libcanalyze.a lib/libhttptrace.a include/canalyze.h \
         include/httptrace.h lib/pkgconfig/canalyze.pc lib/pkgconfig/httptrace.pc; do
  test -f "$T/inst/$f"; ok $? "installed $f"
done
cat > "$T/use.c" <<'C'
#include <canalyze.h>
#include <httptrace.h>
#include <stdio.h>
int main(void) { puts(ca_strerror(CA_ERR_NOENT)); return 0; }
C
export PKG_CONFIG_PATH="$T/inst/lib/pkgconfig"
cc "$T/use.c" $(pkg-config --cflags canalyze httptrace) $(pkg-config --libs canalyze httptrace) -o "$T/use" 2> "$T/cc.log"
ok $? "a program links with pkg-config --libs canalyze httptrace"
is "$("$T/use")" "no such file or directory" "and runs"
"$T/inst/bin/canalyze" -q --format json "$TOP/fixtures/callgraph/cross_files" > "$T/cg.json"
ok $? "the installed canalyze runs"
done_testing
