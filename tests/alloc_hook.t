#!/bin/sh
# Every allocation of libcanalyze goes through its one hook (base/alloc.h),
# so that tests/unit/ca_oom_test.c can fail each one in turn: a raw call to
# the C allocator anywhere else in analyzer/ fails this test.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1

# The allocator by name, comments included: only the hook may say it.
raw=$(grep -rnE '\b(malloc|calloc|realloc|strdup|strndup)\s*\(' analyzer | grep -v '^analyzer/base/alloc\.c:')
is "$raw" "" "malloc, calloc, realloc, strdup, strndup: called only by base/alloc.c"

# The code without its comments (line numbers kept), for what comments may mention.
find analyzer -name '*.[ch]' | sort | while read -r f; do
  perl -0777 -pe 's{/\*.*?\*/}{ (my $c = $&) =~ s/[^\n]//g; $c }gse; s{//[^\n]*}{}g' "$f" |
    awk -v f="$f" '{ print f ":" NR ": " $0 }'
done > "$T/code"

# unmarked: the lines of $T/code on stdin whose source line has no comment
# naming who allocated the memory (libc, libclang, Graphviz): memory that is
# not the hook's is marked where it is taken or given back.
unmarked() {
  while IFS=: read -r f n rest; do
    sed -n "${n}p" "$f" | grep -Eq '/\*.*(libc|libclang|Graphviz)' || echo "$f:$n:$rest"
  done
}

# Other C library functions that allocate what the caller must free: their
# memory does not come from the hook, so a test cannot make it fail.
grep -E '\b(reallocarray|aligned_alloc|posix_memalign|memalign|valloc|getline|getdelim|asprintf|vasprintf|open_memstream|open_wmemstream|scandir|glob|wordexp|get_current_dir_name|canonicalize_file_name|tempnam)\s*\(' "$T/code" |
  unmarked > "$T/others"
is "$(cat "$T/others")" "" "getline, asprintf, open_memstream, ...: none, or marked as libc's memory"

# free: the hook's blocks go back through ca_xfree; a plain free is only for
# memory libc or libclang allocated (realpath(path, NULL)), marked on its line.
grep -E '(^|[^_[:alnum:].>])free\s*\(' "$T/code" | grep -v '^analyzer/base/alloc\.c:' | unmarked > "$T/frees"
is "$(cat "$T/frees")" "" "free: only in base/alloc.c, or marked as libc's or libclang's memory"
done_testing
