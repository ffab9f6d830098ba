#!/bin/sh
# hot_workload_curl.sh CURL DIR: a mixed curl workload for
# bench/hot_check.sh, shaped like everyday use of the command: mirroring a
# list of files over one connection (-K), compressed pages, a script that
# calls a JSON API once per request, multipart uploads, redirects, HTTPS,
# cookies, --write-out reports, ranges, large downloads, file:// copies,
# parallel transfers and failures (404 with --fail, a refused port):
# about 800 transfers in 24 processes, most of them several transfers
# per process, as scripts that batch with -K config files do.
# CURL may be a wrapper (the counter's LD_PRELOAD is set only for it).
# nginx serves on free loopback ports with a certificate made now; DIR
# receives the pages, the server's files and the downloads (about 20 MB,
# emptied first). Each process is bounded in time by --max-time.
set -eu
curl=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir/www/f" "$dir/www/page" "$dir/tmp" "$dir/out" "$dir/up"
quiet() { env -u LD_PRELOAD -u HOT_PRELOAD_OUT "$@"; }

quiet python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
for i in range(1, 121):
    with open("%s/www/f/%d.txt" % (d, i), "w") as f:
        f.write(("line %d of file %d, some text to fill it\n" % (0, i)) * (20 + i * 7 % 300))
for i in range(1, 41):
    rows = [{"id": j, "name": "item %d" % j, "price": j * 3 % 97, "tags": ["a", "b%d" % (j % 7)]}
            for j in range(50 + i * 13 % 200)]
    json.dump(rows, open("%s/www/page/%d.json" % (d, i), "w"))
    with open("%s/www/page/%d.html" % (d, i), "w") as f:
        f.write("<html><body>" + "".join("<p>paragraph %d of page %d</p>\n" % (j, i)
                                          for j in range(100 + i * 11 % 300)) + "</body></html>\n")
with open(d + "/www/big.bin", "wb") as f:
    f.write(bytes(range(256)) * (4 * 4096))
for i in range(1, 6):
    with open("%s/up/%d.csv" % (d, i), "w") as f:
        f.write("".join("%d,%d,name%d\n" % (j, j * i, j) for j in range(2000 * i)))
PY
quiet openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" > /dev/null 2>&1
ports=$(quiet python3 -c 'import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
hp=$1 sp=$2 refused=$3
. "$(dirname "$0")/../fixtures/http/servers.sh"
{ servers_nginx_prologue "$dir"; cat <<EOF
  client_max_body_size 10m;
  types { text/html html; application/json json; text/plain txt; }
  default_type application/octet-stream;
  gzip on;
  gzip_min_length 256;
  gzip_types application/json text/plain;
  server {
    listen 127.0.0.1:$hp;
    listen 127.0.0.1:$sp ssl;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    root $dir/www;
    location = /api { default_type application/json; return 200 '{"ok": true, "id": 42}\n'; }
    location = /upload { return 201 "stored\n"; }
    location = /login { add_header Set-Cookie "session=5e55; Path=/"; return 200 "welcome\n"; }
    location = /r/3 { return 302 /r/2; }
    location = /r/2 { return 301 /r/1; }
    location = /r/1 { return 302 /page/1.html; }
  }
}
EOF
} > "$dir/nginx.conf"
quiet /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2> /dev/null; wait $server 2> /dev/null || true' EXIT
i=0
until quiet python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$hp" 2> /dev/null; do
  i=$((i + 1)); [ $i -lt 50 ] || { echo "hot_workload_curl.sh: nginx did not start" >&2; exit 1; }
  sleep 0.1
done
H=http://127.0.0.1:$hp S=https://localhost:$sp
c() { "$curl" -s --max-time 20 "$@" 2>> "$dir/curl.log"; }

# cfg FILE BASE FIRST LAST PATH: url/output pairs for BASE PATH (a %d) from FIRST to LAST
cfg() {
  for n in $(seq "$3" "$4"); do printf "url = \"$2$5\"\noutput = \"/dev/null\"\n" "$n"; done > "$1"
}
# a mirror: 120 files over one connection, each into its own file
for n in $(seq 1 120); do printf 'url = "%s/f/%d.txt"\noutput = "%s/out/%d.txt"\n' "$H" "$n" "$dir" "$n"; done > "$dir/list.cfg"
c -K "$dir/list.cfg"
# compressed JSON, then HTML pages, twice over
cfg "$dir/pages.cfg" "$H" 1 40 /page/%d.json
cfg "$dir/html.cfg" "$H" 1 40 /page/%d.html
c --compressed -K "$dir/pages.cfg" -K "$dir/html.cfg"
c --compressed -K "$dir/pages.cfg" -K "$dir/html.cfg"
# a script calling a JSON API once per process, then a batch of calls
# with their own bodies (--next between them)
for n in $(seq 1 8); do
  c -X POST -H 'Content-Type: application/json' -H "X-Request-Id: req-$n" \
    -d "{\"id\": $n, \"name\": \"item $n\", \"tags\": [\"a\", \"b\"]}" "$H/api" > /dev/null
done
for n in $(seq 1 120); do
  [ "$n" = 1 ] || echo next
  printf 'url = "%s/api"\nheader = "Content-Type: application/json"\nheader = "X-Request-Id: batch-%d"\n' "$H" "$n"
  printf 'data = "{\\"id\\": %d, \\"qty\\": %d}"\noutput = "/dev/null"\n' "$n" "$((n % 7))"
done > "$dir/api.cfg"
c -K "$dir/api.cfg"
# uploads
for n in 1 2 3 4 5; do
  [ "$n" = 1 ] || echo next
  printf 'url = "%s/upload"\nform = "file=@%s/up/%d.csv"\nform = "name=batch %d"\noutput = "/dev/null"\n' "$H" "$dir" "$n" "$n"
done > "$dir/up.cfg"
c -K "$dir/up.cfg"
# redirects
for n in $(seq 1 20); do printf 'url = "%s/r/3"\noutput = "/dev/null"\n' "$H"; done > "$dir/redir.cfg"
c -L -K "$dir/redir.cfg"
# HTTPS: many files on one connection, then HEAD requests
cfg "$dir/tls.cfg" "$S" 1 100 /f/%d.txt
c -k -K "$dir/tls.cfg"
cfg "$dir/head.cfg" "$S" 1 20 /page/%d.html
c -k -I -K "$dir/head.cfg"
# a session with cookies
cfg "$dir/session.cfg" "$H" 1 30 /f/%d.txt
c -c "$dir/jar" -b "$dir/jar" "$H/login" -o /dev/null -K "$dir/session.cfg"
# a report per transfer
cfg "$dir/report.cfg" "$H" 1 60 /f/%d.txt
c -w '%{http_code} %{size_download} %{time_total} %{url_effective}\n' -K "$dir/report.cfg" > /dev/null
# ranges and large downloads
for n in $(seq 1 20); do
  [ "$n" = 1 ] || echo next
  printf 'url = "%s/big.bin"\nrange = "%d-%d"\noutput = "/dev/null"\n' "$H" "$((n * 100))" "$((n * 100 + 999))"
done > "$dir/range.cfg"
c -K "$dir/range.cfg"
c "$H/big.bin" -o "$dir/out/big1.bin" "$H/big.bin" -o "$dir/out/big2.bin" "$H/big.bin" -o "$dir/out/big3.bin"
# local copies
cfg "$dir/file.cfg" "file://$dir/www" 1 60 /f/%d.txt
c -K "$dir/file.cfg"
# parallel transfers
cfg "$dir/par.cfg" "$H" 41 110 /f/%d.txt
c -Z --parallel-max 8 -K "$dir/par.cfg"
# failures: missing files with --fail, a port nobody listens on
cfg "$dir/missing.cfg" "$H" 1 10 /missing/%d
c -f -K "$dir/missing.cfg" || true
c --connect-timeout 2 "http://127.0.0.1:$refused/" -o /dev/null || true
