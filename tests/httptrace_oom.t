#!/bin/bash
# httptrace_oom.t: fails each allocation of httptrace and libhttptrace in
# turn (fixtures/http/failmalloc.c, an LD_PRELOAD shim; release build, since
# ASan owns malloc) and checks the command still ends cleanly: exit status
# 1, at most one line on stderr, no crash. Allocations inside libcurl and
# libc are left alone.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v cc >/dev/null || { echo "1..0 # SKIP no C compiler for the shim"; exit 0; }
HT_RELEASE=1
. "$(dirname "$0")/../fixtures/http/prelude.sh"
cc -shared -fPIC -O1 -o "$OUT/failmalloc.so" "$ROOT/fixtures/http/failmalloc.c" -ldl ||
  { echo "Bail out! cannot build the shim"; exit 1; }

# each_failure NAME ARGS...: runs with allocation 1, 2, ... failing until the
# run makes fewer allocations than that.
each_failure() {
  local name=$1 n=1 bad=0; shift
  while [ $n -le 300 ]; do
    HT_FAIL_ALLOC=$n HT_FAIL_REPORT="$OUT/report" LD_PRELOAD="$OUT/failmalloc.so" \
      "$HT" "$@" > /dev/null 2> "$OUT/err"
    local rc=$?
    [ "$(cat "$OUT/report" 2>/dev/null)" = injected ] || break
    if [ $rc -ne 1 ] || [ "$(wc -l < "$OUT/err")" -gt 1 ]; then
      bad=$((bad + 1)); echo "#   allocation $n: exit $rc: $(head -3 "$OUT/err")"
    fi
    n=$((n + 1))
  done
  t_ok $(( n > 1 && n <= 300 && bad == 0 ? 0 : 1 )) "$name: each of $((n - 1)) allocations failed in turn ends cleanly"
}

each_failure "one URL" --json --chrome "$OUT/t.json" -k "$S/hello"
each_failure "load mode" -n 20 -c 4 -t 2 --json --csv "$OUT/c.csv" --events "$OUT/e.jsonl" --chrome "$OUT/lt.json" "$H/hello"
each_failure "load text report" -n 5 -c 2 "$H/hello"
t_done
