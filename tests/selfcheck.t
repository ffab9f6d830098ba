#!/bin/sh
# selfcheck.t: canalyze --pointer on its own source (make selfcheck with the
# test build): every TU parses, and calls through function pointers that the
# code really makes are resolved.
. "$(dirname "$0")/lib.sh"
make -s -C "$TOP" selfcheck CANALYZE="$BUILD/canalyze" SELF_FORMAT=json SELF_OUT="$T/self.json" \
  > "$T/out" 2> "$T/err"
ok $? "make selfcheck: canalyze --pointer on analyzer/ cli/ httptrace/ exits 0"
is "$(wc -l < "$T/err" | tr -d ' ')" 0 "no diagnostics" || head -5 "$T/err" | sed 's/^/#   /'

self=$(cat "$T/self.json")
like "$self" '"translation_units_with_errors": 0' "no TU with errors"
# ca_program_free releases the points-to state through p->pt_free.
like "$self" '"caller": "c:@F@ca_program_free", "callee": "c:@F@pt_state_free", "kind": "indirect"' \
  "ca_program_free -> pt_state_free through a pointer"
like "$self" '"caller": "c:@F@ca_analyze", "callee": "c:@F@project_load", "kind": "direct"' \
  "ca_analyze -> project_load"
like "$self" '"caller": "c:analyzer/analyze.c@F@build", "callee": "c:@F@link_program"' "build -> link_program"
done_testing
