#!/bin/sh
# Runs every unit test binary (tests/unit/*_test.c) as a subtest.
. "$(dirname "$0")/lib.sh"
for src in "$TOP"/tests/unit/*_test.c; do
  name=$(basename "$src" .c)
  bin="$BUILD/tests/$name"
  if [ ! -x "$bin" ]; then ok 1 "$name: built"; continue; fi
  "$bin" > "$T/$name.tap" 2>&1
  rc=$?
  fails=$(grep -c '^not ok' "$T/$name.tap")
  total=$(grep -c '^ok\|^not ok' "$T/$name.tap")
  [ "$rc" -eq 0 ] && [ "$fails" -eq 0 ] && [ "$total" -gt 0 ]
  if ! ok $? "$name: $total checks"; then grep -A3 '^not ok\|ERROR\|runtime error' "$T/$name.tap" | head -20 | sed 's/^/#   /'; fi
done
done_testing
