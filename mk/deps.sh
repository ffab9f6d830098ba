#!/bin/sh
# Installs the Debian/Ubuntu packages the build, the tests and the benchmarks
# need, only those that are missing. Uses sudo when not root.
set -eu
pkgs="build-essential pkg-config libclang-19-dev clang-19 llvm-19-dev
libcurl4-openssl-dev libgraphviz-dev graphviz nginx-light openssl
libxml2-utils perl valgrind bear cflow wrk hey time
dpkg-dev python3 tcl libreadline-dev libssl-dev zlib1g-dev clang-tools-19"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing:$missing" >&2
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
