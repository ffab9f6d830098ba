#!/bin/bash
# httptrace_cli.t: bad input to the command: one line on stderr saying what
# and where, exit status 2 for usage errors and 1 for failures, no crash and
# no leak (the ASan build reports leaks on stderr, which would add lines).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/asan}
HT=${HT:-$BUILD/httptrace}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
. "$ROOT/fixtures/http/tap.sh"
OUT=$(mktemp -d /tmp/httptrace-cli.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
[ -x "$HT" ] || { echo "Bail out! $HT is not built"; exit 1; }

# bad WANT-STATUS PATTERN ARGS...
bad() {
  local want=$1 pattern=$2; shift 2
  "$HT" "$@" > "$OUT/out" 2> "$OUT/err"; local rc=$?
  t_is "$rc" "$want" "httptrace $*: exit $want"
  t_is "$(wc -l < "$OUT/err")" 1 "httptrace $*: one line on stderr"
  grep -q -- "$pattern" "$OUT/err"; t_ok $? "httptrace $*: says '$pattern'" || sed 's/^/#   /' "$OUT/err"
}

bad 2 "URL: missing"
bad 2 "--bogus: unknown option" --bogus http://x/
bad 2 "-n: expects a positive whole number" -n abc http://x/
bad 2 "-n: expects a positive whole number" -n -5 http://x/
bad 2 "-c: expects a positive whole number" -c 0 http://x/
bad 2 "-q: needs a duration" -q 10 http://x/
bad 2 "-m: expects a duration" -m -1 http://x/
bad 2 "-m: expects a duration" -m 1x http://x/
bad 2 "-z: expects a duration" -z "10 s" http://x/
bad 2 "-z: expects a duration" -z 1m30 http://x/
bad 2 "--duration: expects a duration" --duration=ms http://x/
bad 2 "-m: .*for a method (hey's -m) use -X" -m POST http://x/
bad 2 "-T: is curl's --upload-file.*use --content-type" -T text/plain http://x/
bad 2 "-D: is curl's --dump-header.*use --data-binary @FILE" -D body.json http://x/
bad 2 "-o: is for tracing one URL.*for hey's -o csv use --csv FILE" -n 5 -o csv http://x/
bad 2 "-c: must be at least -t (threads; hey's -t timeout is -m here)" -c 2 -t 4 http://x/
bad 2 "-H: expects 'Name: value'" -H nocolon http://x/
bad 2 "-X: needs a value" http://x/ -X
bad 2 "only one URL" http://x/ http://y/
bad 2 "--csv: is for load mode" --csv /tmp/x http://x/
bad 2 "-c: must be at least -t" -n 5 -c 1 -t 2 http://x/
bad 2 "-o: is for tracing one URL" -n 5 -o /tmp/x http://x/
bad 2 "--events: needs tracing" -n 5 --no-trace --events /tmp/x http://x/
bad 2 "--precise: is for load mode" --precise http://x/
bad 2 "--chrome: needs tracing" -n 5 --no-trace --chrome /tmp/x http://x/
bad 2 "--fail-above: is for load mode" --fail-above 5 http://x/
bad 2 "--fail-above: expects a percentage" -n 5 --fail-above 101 http://x/
bad 2 "--fail-above: expects a percentage" -n 5 --fail-above x http://x/
bad 1 "URL rejected\|malformed\|URL using bad" "http://[::1"
bad 1 "-o /nonexistent/dir/f: cannot open" -o /nonexistent/dir/f http://127.0.0.1:1/
bad 1 "--chrome /nonexistent/dir/f: cannot open" --chrome /nonexistent/dir/f http://127.0.0.1:1/
bad 1 "--csv /nonexistent/dir/f: cannot open" -n 1 --csv /nonexistent/dir/f http://127.0.0.1:1/
bad 1 "request setup failed: .*not supported" gopher+x://nowhere/
bad 1 "-d @/nonexistent/f: cannot read: No such file" -d @/nonexistent/f http://x/
bad 1 "--data-binary @/: cannot read: Is a directory" --data-binary @/ http://x/

"$HT" --help > "$OUT/help" 2>&1; t_is $? 0 "--help exits 0"
grep -q "^usage: httptrace" "$OUT/help"; t_ok $? "--help prints the usage"
t_done
