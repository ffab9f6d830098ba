# http_common.sh: sourced by bench/http_*.sh. Builds the release httptrace
# and the fault server's port helper, starts nginx (fixtures/http/servers.sh)
# and stops it on exit. Sets HT, H (http base URL), S (https base URL).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
make -C "$ROOT" -s build/httptrace build/tools/ht_faultserver >&2 || exit 1
HT=$ROOT/build/httptrace
TOOLS=$ROOT/build/tools
. "$ROOT/fixtures/http/servers.sh"
trap 'servers_stop' EXIT INT TERM
servers_start_nginx || { echo "bench: nginx did not start" >&2; exit 1; }
H=http://127.0.0.1:$HTTP_PORT
S=https://localhost:$HTTPS_PORT

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ht_rps() { perl -MJSON::PP -ne 'print decode_json($_)->{requests_per_sec}, "\n"'; }
