#!/bin/bash
# httptrace_valgrind.t: the library under valgrind (the release build, since
# valgrind and ASan do not mix): many requests over concurrent handles in a
# multi on two threads, over HTTP/1.1 and HTTP/2+TLS, plus the failure paths.
# Any memory error or definite/indirect leak fails (exit 99).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "1..0 # SKIP valgrind is not installed"; exit 0; }
HT_RELEASE=1
. "$(dirname "$0")/../fixtures/http/prelude.sh"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

vg() { # NAME WANT-STATUS ARGS...
  local name=$1 want=$2; shift 2
  $VG "$HT" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  t_is $? "$want" "valgrind: $name (exit $want, no errors, no leaks)" || tail -5 "$OUT/$name.err" | sed 's/^/#   /'
}

vg load_http 0 -n 400 -c 16 -t 2 --events "$OUT/ev.jsonl" --csv "$OUT/rows.csv" "$H/hello"
t_is "$(grep -c '"event":"done"' "$OUT/ev.jsonl")" 400 "valgrind: 400 requests traced"
vg load_h2 0 -n 200 -c 8 -t 2 -k "$S/hello"
vg load_open 0 -q 200 -z 0.5 -c 8 -k --http1.1 "$S/hello"
vg redirects 0 --json -L "$F/redirect/3"
vg chrome 0 -k --chrome "$OUT/t.json" "$S/hello"
vg dns 1 http://nosuch.invalid/
vg tlsverify 1 "$S/hello"
vg reset 1 "$F/reset"
vg truncated 1 "$F/truncated"
vg timeout 1 -m 0.3 "$F/slow?ms=2000"
vg load_errors 1 -n 40 -c 4 "$F/reset"
t_done
