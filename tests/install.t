#!/bin/sh
# make install puts commands, libraries, headers and pkg-config files under
# PREFIX, and a program built with pkg-config against them links and runs.
. "$(dirname "$0")/lib.sh"
# The release build is shared with other tests that prove runs at once.
mkdir -p "$TOP/build"
flock "$TOP/build/.httptrace-release.lock" make -s -C "$TOP" install PREFIX="$T/inst" > "$T/make.log" 2>&1
ok $? "make install PREFIX=..."
for f in bin/canalyze bin/httptrace lib/libcanalyze.a lib/libhttptrace.a include/canalyze.h \
         include/httptrace.h lib/pkgconfig/canalyze.pc lib/pkgconfig/httptrace.pc \
         share/man/man1/canalyze.1 share/man/man1/httptrace.1; do
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
for page in canalyze httptrace; do
  MANWIDTH=80 man -l "$T/inst/share/man/man1/$page.1" > "$T/$page.man" 2> "$T/$page.manerr"
  ok $? "man -l $page.1 renders"
  grep -q -- '--version' "$T/$page.man"; ok $? "$page.1 documents --version"
  is "$(grep -c . "$T/$page.manerr")" 0 "$page.1 renders without warnings"
done
is "$(PKG_CONFIG_PATH="$T/inst/lib/pkgconfig" pkg-config --modversion canalyze)" "$(cat "$TOP/VERSION")" \
  "canalyze.pc carries the VERSION"
done_testing
