#!/bin/bash
# httptrace_preload.t: `httptrace -- COMMAND` traces programs built without
# httptrace: the curl command (one URL, a redirect, --parallel over HTTP and
# HTTPS), git clone over HTTP (the transfers happen in its child
# git-remote-http, linked to libcurl-gnutls), and a threaded program of our
# own using duphandle and reset, and an event-loop program on
# curl_multi_socket_action; COMMAND's stdout, header callback and exit
# status are its own. Asserts presence and order of events, never durations.
# The shim and the test program are release builds: ASan's runtime must be
# first in a process, which an LD_PRELOAD into curl or git cannot be.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v curl >/dev/null || { echo "1..0 # SKIP curl is not installed"; exit 0; }
mkdir -p "$ROOT/build"
flock "$ROOT/build/.httptrace-release.lock" \
  make -C "$ROOT" -s build/libhttptrace-preload.so build/tools/ht_threads build/tools/ht_socket_action build/tools/ht_oldcurl.so >/dev/null 2>&1 ||
  { echo "Bail out! cannot build build/libhttptrace-preload.so"; exit 1; }
. "$(dirname "$0")/../fixtures/http/prelude.sh"
export HTTPTRACE_PRELOAD=$ROOT/build/libhttptrace-preload.so
FRESH="request_start get_conn dns_start dns_done connect_start connect_done got_conn wrote_headers wrote_request first_byte put_idle_conn done"

# Events of one request id, in order: t_req FILE REQ [PID]
t_req() { perl -ne 'print "$1 " if /"event":"(\w+)","req":'"$2"',/ && (!"'"${3:-}"'" || /"pid":'"${3:-0}"'\b/)' "$1" | sed 's/ $//'; }
t_count() { grep -c "\"event\":\"$2\"" "$1"; }

# curl, one URL: the full event stream, the bar on stderr, stdout untouched.
"$HT" --events "$OUT/one.jsonl" -- curl -s "$H/hello" > "$OUT/one.out" 2> "$OUT/one.err"
t_is $? 0 "curl one URL: exit 0"
t_is "$(cat "$OUT/one.out")" "hello" "curl one URL: COMMAND's stdout is its own"
t_is "$(t_events "$OUT/one.jsonl")" "$FRESH" "curl one URL: every event, in order"
t_json_lines "$OUT/one.jsonl"; t_ok $? "curl one URL: every line is JSON"
pid=$(t_field "$OUT/one.jsonl" done pid)
t_ok "$([ -n "$pid" ] && [ "$pid" != null ] && [ "$pid" != "$$" ]; echo $?)" "events carry the traced process's pid"
t_ok "$([ "$(t_field "$OUT/one.jsonl" done tid)" = "$pid" ]; echo $?)" "and the thread id (curl's main thread)"
grep -q -- "-> 200" "$OUT/one.err" && grep -q "Server Processing" "$OUT/one.err"
t_ok $? "curl one URL: the httpstat bar on stderr"
"$HT" -q -- curl -s "$H/hello" > "$OUT/q.out" 2> "$OUT/q.err"
t_is "$(cat "$OUT/q.err")" "" "-q: nothing on stderr"

# A libcurl older than the hooks need (7.80.0): the command runs untraced
# and says why. build/tools/ht_oldcurl.so makes the real libcurl report
# 7.76.0; added after the tracer in LD_PRELOAD (by sh, as httptrace itself
# is an ASan build here, which must not have it preloaded).
OLD=$ROOT/build/tools/ht_oldcurl.so "$HT" --events "$OUT/old.jsonl" -- \
  sh -c 'LD_PRELOAD="$LD_PRELOAD $OLD" exec curl -s "$1"' sh "$H/hello" > "$OUT/old.out" 2> "$OUT/old.err"
t_is $? 0 "old libcurl: COMMAND's exit status"
t_is "$(cat "$OUT/old.out")" "hello" "old libcurl: COMMAND works as without the tracer"
t_is "$(cat "$OUT/old.err")" "httptrace: sh: old libcurl 7.76.0 (the tracer needs 7.80.0 or newer); nothing traced" \
  "old libcurl: one line says why nothing was traced"
t_is "$(wc -c < "$OUT/old.jsonl" | tr -d ' ')" 0 "old libcurl: no events"

# curl -L: the 301 hop ends in redirect, the second hop in done.
"$HT" -q --events "$OUT/redir.jsonl" -- curl -s -L -o /dev/null "$H/moved"
t_is $? 0 "curl -L: exit 0"
ev=$(t_events "$OUT/redir.jsonl")
t_ok "$([[ "$ev" == "request_start "*"redirect "*"first_byte "*"done" ]]; echo $?)" "curl -L: redirect, then the second hop, then done"
t_is "$(t_field "$OUT/redir.jsonl" redirect status)" 301 "curl -L: the redirect is the 301"
t_is "$(t_field "$OUT/redir.jsonl" done status)/$(t_field "$OUT/redir.jsonl" done hop)" "200/1" "curl -L: done is the 200 of hop 1"

# curl --parallel (the multi interface): three transfers, HTTP and HTTPS.
"$HT" -q --events "$OUT/par.jsonl" --chrome "$OUT/par.json" -- curl -s -k --parallel \
  -o /dev/null -o /dev/null -o /dev/null "$H/hello" "$S/hello" "$H/index.html" 2> "$OUT/par.err"
t_is $? 0 "curl --parallel: exit 0"
t_is "$(t_count "$OUT/par.jsonl" done)" 3 "curl --parallel: three transfers done"
t_is "$(perl -ne 'print "$1\n" if /"event":"done","req":(\d+)/' "$OUT/par.jsonl" | sort -u | wc -l)" 3 \
  "curl --parallel: three request ids"
bad=0
for req in 1 2 3; do
  e=$(t_req "$OUT/par.jsonl" $req)
  [[ "$e" == "request_start "*"got_conn "*"first_byte "*"done" ]] || { bad=1; echo "# req $req: $e"; }
done
t_ok $bad "curl --parallel: each request starts, gets a connection, gets its first byte, ends"
grep '"event":"tls_done"' "$OUT/par.jsonl" | grep -q '"version":"TLSv1.3"'
t_ok $? "curl --parallel: the HTTPS transfer's TLS handshake is traced"
t_is "$(grep -c '"http_version":"2"' <(grep '"event":"done"' "$OUT/par.jsonl"))" 1 "curl --parallel: one transfer over HTTP/2"
t_json_file "$OUT/par.json"; t_ok $? "--chrome: the trace is one JSON document"
t_is "$(grep -o '"name":"request"' "$OUT/par.json" | wc -l)" 3 "--chrome: one request slice per transfer"

# curl -D -: the application's header callback, set before any transfer,
# still writes the headers.
"$HT" -q --events "$OUT/hdr.jsonl" -- curl -s -D - -o /dev/null "$H/hello" > "$OUT/hdr.out"
grep -q '^HTTP/1.1 200 OK' "$OUT/hdr.out" && grep -q '^Content-Length: 6' "$OUT/hdr.out"
t_ok $? "curl -D -: curl's own header callback still prints the headers"
t_is "$(t_count "$OUT/hdr.jsonl" first_byte)" 1 "curl -D -: and the tracer saw the first byte"

# git clone over HTTP (dumb protocol): traced in git-remote-http, a child.
if command -v git >/dev/null; then
  git init -q "$OUT/src" && echo traced > "$OUT/src/file" && git -C "$OUT/src" add file &&
    git -C "$OUT/src" -c user.email=t@example.org -c user.name=t commit -qm one &&
    git clone -q --bare "$OUT/src" "$SRV_DIR/www/repo.git" &&
    git -C "$SRV_DIR/www/repo.git" update-server-info
  t_ok $? "a repository served by nginx (git update-server-info)"
  "$HT" -q --events "$OUT/git.jsonl" -- sh -c 'echo $$ > "$1"; exec git clone -q "$2" "$3"' sh \
    "$OUT/git.pid" "$H/repo.git" "$OUT/clone" 2> "$OUT/git.err"
  t_is $? 0 "git clone: exit 0"
  t_is "$(cat "$OUT/clone/file" 2>/dev/null)" traced "git clone: the clone is complete"
  grep '"event":"request_start"' "$OUT/git.jsonl" | grep -q 'repo.git/info/refs'
  t_ok $? "git clone: the info/refs request is traced"
  t_ok "$([ "$(t_count "$OUT/git.jsonl" done)" -ge 3 ]; echo $?)" "git clone: refs, HEAD and objects traced"
  gpid=$(t_field "$OUT/git.jsonl" done pid)
  t_ok "$([ -n "$gpid" ] && [ "$gpid" != "$(cat "$OUT/git.pid")" ]; echo $?)" \
    "git clone: the transfers ran in git's child process"
  t_is "$(perl -ne 'print "$1\n" if /"event":"done".*"status":(\d+)/' "$OUT/git.jsonl" | sort -u)" 200 \
    "git clone: every transfer got 200"
else
  t_ok 0 "# SKIP git is not installed"
fi

# Our own threaded program: 4 threads at once, easy, duphandle, reset.
"$HT" -q --events "$OUT/thr.jsonl" -- "$ROOT/build/tools/ht_threads" "$H/hello" 4 6 > "$OUT/thr.out"
t_is $? 0 "threads: exit 0 (every transfer ok, every header callback called)"
t_is "$(grep -c '7 transfers, 0 failed, 7 status lines' "$OUT/thr.out")" 4 "threads: each thread's callback saw its 7 transfers"
t_is "$(t_count "$OUT/thr.jsonl" done)" 28 "threads: 28 transfers traced"
t_is "$(t_count "$OUT/thr.jsonl" request_start)" 28 "threads: 28 requests started"
t_is "$(perl -ne 'print "$1\n" if /"event":"done".*"tid":(\d+)/' "$OUT/thr.jsonl" | sort -u | wc -l)" 4 \
  "threads: events from 4 threads"
t_is "$(perl -ne 'print "$1\n" if /"event":"done","req":(\d+)/' "$OUT/thr.jsonl" | sort -u | wc -l)" 28 \
  "threads: 28 distinct request ids"
t_json_lines "$OUT/thr.jsonl"; t_ok $? "threads: no line torn by concurrent writes"

# An event-loop program: curl_multi_socket_action with socket and timer
# callbacks, five transfers at once on one multi handle.
"$HT" -q --events "$OUT/sa.jsonl" -- "$ROOT/build/tools/ht_socket_action" "$H/hello" 5 > "$OUT/sa.out"
t_is "$?/$(cat "$OUT/sa.out")" "0/done 5 ok 5" "socket_action: the program's five transfers succeed"
t_is "$(grep '"event":"done"' "$OUT/sa.jsonl" | grep -c '"status":200,')" 5 "socket_action: five transfers traced, each 200"
bad=0
for req in 1 2 3 4 5; do
  e=$(t_req "$OUT/sa.jsonl" $req)
  [[ "$e" == "request_start "*"first_byte "*"done" ]] || { bad=1; echo "# req $req: $e"; }
done
t_ok $bad "socket_action: each request from request_start to done"

# Exit status and errors of httptrace itself.
"$HT" -q -- curl -s -f "$H/nope" 2> /dev/null
t_is $? 22 "a failing COMMAND's exit status passes through (curl -f: 22)"
"$HT" -q -- sh -c 'exit 3' 2> "$OUT/none.err"
t_is $? 3 "sh -c 'exit 3': 3"
t_is "$(grep -c 'no transfer traced' "$OUT/none.err")" 1 "a COMMAND without libcurl: one line says nothing was traced"
"$HT" -- /nonexistent/command 2> "$OUT/nf.err"
t_is $? 127 "COMMAND not found: 127"
t_is "$(wc -l < "$OUT/nf.err")" 1 "COMMAND not found: one line"
"$HT" --bogus -- curl -s "$H/hello" > /dev/null 2>&1
t_is $? 2 "an unknown httptrace option before --: 2"

# libcurl brought in by a module loaded RTLD_LOCAL (as Python loads
# pycurl): its calls reach the wrappers, the tracer cannot reach libcurl,
# so the calls pass through, the program works and the command says why.
cat > "$OUT/mod.c" <<'C'
#include <curl/curl.h>
static size_t sink(char *b, size_t s, size_t n, void *u) { (void)b; (void)u; return s * n; }
int mod_get(const char *url) {
  CURL *e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
  int rc = curl_easy_perform(e);
  curl_easy_cleanup(e);
  return rc;
}
C
cat > "$OUT/main.c" <<'C'
#include <dlfcn.h>
int main(int argc, char **argv) {
  void *m = argc == 3 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : 0;
  int (*get)(const char *) = m ? (int (*)(const char *))dlsym(m, "mod_get") : 0;
  return get ? get(argv[2]) : 9;
}
C
cc -shared -fPIC -o "$OUT/mod.so" "$OUT/mod.c" -lcurl && cc -o "$OUT/main" "$OUT/main.c" -ldl
t_ok $? "a program loading libcurl through an RTLD_LOCAL module builds"
"$HT" -q -- "$OUT/main" "$OUT/mod.so" "$H/hello" 2> "$OUT/local.err"
t_is $? 0 "RTLD_LOCAL libcurl: the program still works"
grep -q "loaded privately (RTLD_LOCAL).*nothing traced" "$OUT/local.err"
t_ok $? "RTLD_LOCAL libcurl: one line says why nothing was traced"

# The shim on its own: LD_PRELOAD with HTTPTRACE_EVENTS, nothing else.
HTTPTRACE_EVENTS=$OUT/direct.jsonl LD_PRELOAD=$HTTPTRACE_PRELOAD curl -s -o /dev/null "$H/hello"
t_is "$(t_events "$OUT/direct.jsonl")" "$FRESH" "LD_PRELOAD=libhttptrace-preload.so with HTTPTRACE_EVENTS"
LD_PRELOAD=$HTTPTRACE_PRELOAD curl -s "$H/hello" > "$OUT/off.out" 2> "$OUT/off.err"
t_is "$(cat "$OUT/off.out")/$(cat "$OUT/off.err")" "hello/" "no HTTPTRACE_ variable: the shim stays silent"
t_done
