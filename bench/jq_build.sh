#!/bin/sh
# jq_build.sh SRC OUT CFLAGS...: builds jq 1.6 from the sources in SRC
# (every .c but the error-injection shim) into the program OUT, with the
# settings Debian's configure finds on this machine and Oniguruma for
# regular expressions. Run from the build folder: the compiled names are
# SRC/file.c as given, which the debug information and gcov keep.
# Shared by bench/hot_check.sh and bench/coverage_runs.sh.
set -eu
src=${1:?usage: jq_build.sh SRC OUT CFLAGS...}
out=${2:?usage: jq_build.sh SRC OUT CFLAGS...}
shift 2
exec cc "$@" -w -DHAVE_LIBONIG=1 -DHAVE_MEMMEM=1 -DHAVE_ALLOCA_H=1 -DHAVE_ALLOCA=1 \
  -DHAVE_ISATTY=1 -DHAVE_STRPTIME=1 -DHAVE_STRFTIME=1 -DHAVE_TIMEGM=1 -DHAVE_GMTIME_R=1 \
  -DHAVE_GMTIME=1 -DHAVE_LOCALTIME_R=1 -DHAVE___THREAD=1 -DIEEE_8087=1 \
  -DHAVE_PTHREAD_ONCE=1 -DVERSION='"1.6"' -I. -I"$src" -o "$out" \
  $(for f in "$src"/*.c; do echo "${f#./}"; done | grep -v inject_errors) -lonig -lm -lpthread
