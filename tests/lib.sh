# tests/lib.sh: TAP helpers for the shell tests (sourced by tests/*.t).
#   ok COND-EXIT-STATUS "name"; is "got" "want" "name"; golden FILE-EXPECTED FILE-GOT "name"
#   done_testing
# $BUILD is the build flavour to test (make test sets build/asan); outputs
# go to a private temp dir that is removed at exit.
: "${BUILD:=$(cd "$(dirname "$0")/.." && pwd)/build/asan}"
TOP=$(cd "$(dirname "$0")/.." && pwd)
# Tests that run make must not inherit `make test`'s jobserver (its warning
# would land on their stderr).
unset MAKEFLAGS MFLAGS MAKELEVEL
T=$(mktemp -d "${TMPDIR:-/tmp}/canalyze-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# canalyze's fact cache: one per test file, never the user's.
export CANALYZE_CACHE_DIR="$T/cache"
tap_n=0 tap_failed=0

ok() { # ok STATUS NAME
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}
is() { # is GOT WANT NAME
  if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got:  $1"; echo "#   want: $2"; fi
}
like() { # like TEXT EXTENDED-REGEX NAME
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else ok 1 "$3"; printf '#   no match for /%s/ in:\n' "$2"; printf '%s\n' "$1" | head -5 | sed 's/^/#   /'; fi
}
# golden EXPECTED GOT NAME: compares, shows the first lines of the diff; with
# UPDATE=1 rewrites EXPECTED instead (review the diff before committing it).
golden() {
  if [ "${UPDATE:-}" = 1 ]; then cp "$2" "$1"; fi
  if diff -u "$1" "$2" > "$T/diff" 2>&1; then ok 0 "$3"; else ok 1 "$3"; head -20 "$T/diff" | sed 's/^/#   /'; fi
}
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
