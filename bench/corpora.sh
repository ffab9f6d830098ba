#!/bin/sh
# Fetches the real C projects the benchmarks run on, from Debian source
# packages (apt-get source), into bench/work/, and prepares each one:
#   lua     Lua 5.4 src/ with compile_commands.json (bear -- make linux)
#   sqlite  SQLite 3.40 amalgamation sqlite3.c + shell.c (configure; make)
#   redis   Redis src/ with compile_commands.json (bear -- make)
#   curl    curl lib/ with compile_commands.json (configure; bear -- make)
#   jq      jq src/ with compile_commands.json (configure; bear -- make)
#   postgres PostgreSQL 15 src/backend/ with compile_commands.json
#           (configure; bear -- make -C src/backend)
#   git     git with compile_commands.json (bear -- make); its variable is
#           GITSRC_DIR, since GIT_DIR would redirect every git command
# Idempotent: a corpus already prepared (its stamp file exists) is reused.
# Never commits anything: bench/work/ is git-ignored third-party code.
# Prints one line per corpus: NAME PATH (or NAME SKIPPED reason).
# Writes bench/work/corpora.env with LUA_DIR=, SQLITE_DIR=, ... for the
# benchmarks to source.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work="$here/work"
mkdir -p "$work/dl"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
log() { echo "corpora: $*" >&2; }

# Tools and build dependencies the preparation needs (also in mk/deps.sh).
need_pkgs() {
  missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  log "installing:$missing"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
    --no-install-recommends $missing >/dev/null
}

# apt-get source needs a deb-src entry for bookworm main.
ensure_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list \
       /etc/apt/sources.list.d/ 2>/dev/null; then
    return 0
  fi
  log "adding a deb-src entry for bookworm main"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
    'Suites: bookworm' 'Components: main' \
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    $SUDO tee /etc/apt/sources.list.d/bench-deb-src.sources >/dev/null
  $SUDO apt-get update -q >/dev/null
}

# fetch_source SRCPKG: apt-get source --download-only into bench/work/dl.
fetch_source() {
  ( cd "$work/dl" && apt-get source -q --download-only "$1" >"$work/dl/$1.log" 2>&1 )
  rc=$?
  grep -v -e 'unsandboxed as root' -e '^Reading' -e '^NOTICE' -e '^Need to get' \
    -e '^Get:' -e '^Fetched' -e '^Download complete' -e '^dpkg-source: info' \
    -e '^Picking' -e '^Please use' -e '^git clone' -e '^https://salsa' \
    -e '^to retrieve the latest' -e '^$' "$work/dl/$1.log" >&2 || true
  return $rc
}

# unpack SRCPKG: downloads and unpacks the source package once; prints the dir.
unpack() {
  pkg=$1
  existing=$(find "$work" -maxdepth 1 -type d -name "$pkg-[0-9]*" | sort | tail -n 1)
  if [ -n "$existing" ]; then echo "$existing"; return 0; fi
  ensure_deb_src
  if ! ls "$work/dl/${pkg}"_*.dsc >/dev/null 2>&1; then
    # Stale source lists make apt-get source fail: update once and retry.
    fetch_source "$pkg" || { $SUDO apt-get update -q >/dev/null; fetch_source "$pkg"; }
  fi
  dsc=$(ls "$work/dl/${pkg}"_*.dsc | sort | tail -n 1)
  ver=$(basename "$dsc" .dsc | sed "s/^${pkg}_//; s/^[0-9]*://; s/-[^-]*\$//")
  dest="$work/$pkg-$ver"
  dpkg-source -q --no-copy ${UNPACK_OPTS:-} -x "$dsc" "$dest" >"$work/dl/$pkg.unpack.log" 2>&1 ||
    { echo "corpora: dpkg-source -x $dsc failed, see $work/dl/$pkg.unpack.log" >&2; rm -rf "$dest"; return 1; }
  echo "$dest"
}

# Debian's lua5.4 patches 0001 (libtool build compiling every file twice, as
# C and C++) and 0002 (a generated multiarch header) are build-system
# changes; the benchmark wants upstream's `make linux`. Unpack without
# patches, then apply the other patches (CVE fixes, extern "C").
lua_patches() {
  d=$1
  [ -f "$d/.bench-patched" ] && return 0
  for p in $(grep -v -e '^#' -e build-system -e modules-paths "$d/debian/patches/series"); do
    patch -s -p1 -d "$d" <"$d/debian/patches/$p"
  done
  : >"$d/.bench-patched"
}

prepare_lua() {
  d=$(UNPACK_OPTS=--skip-patches unpack lua5.4)
  lua_patches "$d"
  if ! grep -qs '"file"' "$d/src/compile_commands.json"; then
    log "building Lua with bear (make linux)"
    ( cd "$d/src" && { make clean >/dev/null 2>&1 || true; } &&
      bear -- make linux >"$work/lua-build.log" 2>&1 ) ||
      { echo "lua SKIPPED build failed, see $work/lua-build.log"; return 0; }
  fi
  echo "lua $d/src"
  echo "LUA_DIR=$d/src" >>"$env_tmp"
}

prepare_sqlite() {
  d=$(unpack sqlite3)
  b="$d/bench-build"
  if [ ! -f "$b/sqlite3.c" ] || [ ! -f "$b/shell.c" ]; then
    log "building the SQLite amalgamation (configure; make sqlite3.c shell.c)"
    mkdir -p "$b"
    ( cd "$b" && ../configure >"$work/sqlite-build.log" 2>&1 &&
      make sqlite3.c shell.c >>"$work/sqlite-build.log" 2>&1 ) ||
      { echo "sqlite SKIPPED build failed, see $work/sqlite-build.log"; return 0; }
  fi
  # Two TUs, default flags: the library amalgamation and the shell.
  if [ ! -f "$b/compile_commands.json" ]; then
    printf '[\n{"directory": "%s", "file": "sqlite3.c", "arguments": ["cc", "-O2", "-I.", "-c", "sqlite3.c"]},\n{"directory": "%s", "file": "shell.c", "arguments": ["cc", "-O2", "-I.", "-c", "shell.c"]}\n]\n' \
      "$b" "$b" >"$b/compile_commands.json"
  fi
  echo "sqlite $b"
  echo "SQLITE_DIR=$b" >>"$env_tmp"
}

# keep_dir DB DIR: keeps only the .c entries of compile_commands.json DB whose
# file is directly in DIR (drops bundled deps/ and duplicates).
keep_dir() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
db, d = sys.argv[1], os.path.realpath(sys.argv[2])
seen, out = set(), []
for e in json.load(open(db)):
    f = os.path.realpath(os.path.join(e["directory"], e["file"]))
    if f.endswith(".c") and os.path.dirname(f) == d and f not in seen:
        seen.add(f); out.append(e)
json.dump(out, open(db, "w"), indent=1)
PY
}

# Redis with libc malloc: the bundled jemalloc is slow to build and Debian's
# patches expect the system one; the analysed code is the same src/.
prepare_redis() {
  d=$(unpack redis)
  if ! grep -qs '"file"' "$d/src/compile_commands.json"; then
    log "building Redis with bear (make -C src MALLOC=libc)"
    ( cd "$d" && { make -C src distclean >/dev/null 2>&1 || true; } &&
      bear --output "$d/src/compile_commands.json.all" -- \
        make -j2 -C src MALLOC=libc >"$work/redis-build.log" 2>&1 ) ||
      { echo "redis SKIPPED build failed, see $work/redis-build.log"; return 0; }
    keep_dir "$d/src/compile_commands.json.all" "$d/src"
    mv "$d/src/compile_commands.json.all" "$d/src/compile_commands.json"
  fi
  echo "redis $d/src"
  echo "REDIS_DIR=$d/src" >>"$env_tmp"
}

prepare_curl() {
  d=$(unpack curl)
  if [ ! -f "$d/lib/compile_commands.json" ]; then
    log "building curl lib/ with bear (configure; make -C lib)"
    ( cd "$d" && ./configure --with-openssl --disable-shared --without-libpsl \
        --without-brotli --without-zstd --without-libidn2 --without-nghttp2 \
        --without-librtmp --without-libssh2 --without-libssh \
        --disable-ldap >"$work/curl-build.log" 2>&1 &&
      bear --output "$d/lib/compile_commands.json" -- \
        make -j2 -C lib >>"$work/curl-build.log" 2>&1 ) ||
      { echo "curl SKIPPED build failed, see $work/curl-build.log"; return 0; }
  fi
  echo "curl $d/lib"
  echo "CURL_DIR=$d/lib" >>"$env_tmp"
}

# keep_under DB DIR: keeps the .c entries of DB whose file lies anywhere under
# DIR, each file once.
keep_under() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
db, d = sys.argv[1], os.path.realpath(sys.argv[2]) + os.sep
seen, out = set(), []
for e in json.load(open(db)):
    f = os.path.realpath(os.path.join(e["directory"], e["file"]))
    if f.endswith(".c") and f.startswith(d) and f not in seen:
        seen.add(f); out.append(e)
json.dump(out, open(db, "w"), indent=1)
PY
}

prepare_jq() {
  need_pkgs autoconf automake libtool libonig-dev
  d=$(unpack jq)
  if ! grep -qs '"file"' "$d/src/compile_commands.json"; then
    log "building jq with bear (autoreconf; configure; make)"
    ( cd "$d" && { [ -x configure ] || autoreconf -fi; } &&
      ./configure --disable-docs --disable-maintainer-mode \
        --with-oniguruma=yes >"$work/jq-build.log" 2>&1 &&
      bear --output "$d/compile_commands.json.all" -- \
        make -j2 >>"$work/jq-build.log" 2>&1 ) >>"$work/jq-build.log" 2>&1 ||
      { echo "jq SKIPPED build failed, see $work/jq-build.log"; return 0; }
    keep_dir "$d/compile_commands.json.all" "$d/src"
    mv "$d/compile_commands.json.all" "$d/src/compile_commands.json"
  fi
  echo "jq $d/src"
  echo "JQ_DIR=$d/src" >>"$env_tmp"
}

# PostgreSQL's backend: the server's own code (src/backend/**), 730 TUs.
# The generated headers come first, serially: src/backend's own -j2 build
# races on their symlinks ("ln: ... File exists") when started cold.
prepare_postgres() {
  need_pkgs bison flex libicu-dev pkg-config
  d=$(unpack postgresql-15)
  b="$d/src/backend"
  if ! grep -qs '"file"' "$b/compile_commands.json"; then
    log "building PostgreSQL's backend with bear (configure; make -C src/backend), several minutes"
    ( cd "$d" && ./configure --without-readline --without-zlib \
        >"$work/postgres-build.log" 2>&1 &&
      make -C src/backend generated-headers >>"$work/postgres-build.log" 2>&1 &&
      bear --output "$b/compile_commands.json.all" -- \
        make -j2 -C src/backend >>"$work/postgres-build.log" 2>&1 ) ||
      { echo "postgres SKIPPED build failed, see $work/postgres-build.log"; return 0; }
    keep_under "$b/compile_commands.json.all" "$b"
    mv "$b/compile_commands.json.all" "$b/compile_commands.json"
  fi
  echo "postgres $b"
  echo "POSTGRES_DIR=$b" >>"$env_tmp"
}

prepare_git() {
  need_pkgs libcurl4-openssl-dev libexpat1-dev zlib1g-dev
  d=$(unpack git)
  if ! grep -qs '"file"' "$d/compile_commands.json"; then
    log "building git with bear (make), several minutes"
    ( cd "$d" && bear --output "$d/compile_commands.json.all" -- \
        make -j2 NO_GETTEXT=1 NO_TCLTK=1 all >"$work/git-build.log" 2>&1 ) ||
      { echo "git SKIPPED build failed, see $work/git-build.log"; return 0; }
    keep_under "$d/compile_commands.json.all" "$d"
    mv "$d/compile_commands.json.all" "$d/compile_commands.json"
  fi
  echo "git $d"
  echo "GITSRC_DIR=$d" >>"$env_tmp"
}

# The variable a corpus is recorded under in corpora.env.
corpus_var() {
  case $1 in git) echo GITSRC_DIR ;; *) echo "$(echo "$1" | tr a-z A-Z)_DIR" ;; esac
}

need_pkgs dpkg-dev bear make gcc python3 tcl libreadline-dev libssl-dev zlib1g-dev
env_tmp="$work/corpora.env.$$"
: >"$env_tmp"
only=${*:-lua sqlite redis curl}
for c in $only; do
  case $c in
    lua|sqlite|redis|curl|jq|postgres|git) "prepare_$c" ;;
    *) log "unknown corpus $c (lua sqlite redis curl jq postgres git)"; exit 2 ;;
  esac
done
# Keep what earlier runs recorded for corpora not named this time.
keep=$(for c in $only; do printf ' -e ^%s=' "$(corpus_var "$c")"; done)
{ grep -v $keep "$work/corpora.env" 2>/dev/null || true; cat "$env_tmp"; } |
  sort >"$env_tmp.all"
mv "$env_tmp.all" "$work/corpora.env"
rm -f "$env_tmp"
