#!/bin/sh
# Installs the Debian/Ubuntu packages one level of work needs, only those
# that are missing; each level includes the one before. Uses sudo when not root.
#   sh mk/deps.sh build   compiler, libclang 19 (with the clang headers it parses
#                         with), llvm-config, libcurl and Graphviz development
#                         files, pkg-config: `make`, `make demo`
#   sh mk/deps.sh test    build + what tests/*.t run: nginx-light and openssl
#                         (HTTP servers), valgrind, xmllint, dot, perl (prove,
#                         JSON::PP), python3, man-db (man -l on the pages),
#                         chromium and npm (the browser test of --html):
#                         `make check` (the default level)
#   sh mk/deps.sh bench   test + the peers and the corpora's builds: clang-19 and
#                         clang-query, python3-clang (bench/bit_rates.py), bear,
#                         cflow, wrk, hey, GNU time, dpkg-dev
#                         (apt-get source), tcl (SQLite), readline (Lua),
#                         OpenSSL and zlib (curl): `make bench`
set -eu
build="build-essential pkg-config llvm-19 libclang-19-dev libclang-common-19-dev
libcurl4-openssl-dev libgraphviz-dev"
test="$build graphviz nginx-light openssl valgrind libxml2-utils perl python3 man-db chromium"
bench="$test clang-19 clang-tools-19 python3-clang-19 bear cflow wrk hey time dpkg-dev tcl
libreadline-dev libssl-dev zlib1g-dev"
case ${1:-test} in
  build) pkgs=$build ;;
  test) pkgs=$test ;;
  bench) pkgs=$bench ;;
  *) echo "usage: sh mk/deps.sh [build|test|bench]  (default: test)" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
# The browser test drives chromium from Node.js (puppeteer-core from npm):
# Debian's npm only where no node/npm is there already (a NodeSource nodejs
# carries its own npm and conflicts with Debian's).
if [ "${1:-test}" != build ] && ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing:$missing" >&2
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
