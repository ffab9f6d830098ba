#!/bin/sh
# bench/cache.sh: re-analysis after a one-line edit, with the fact cache.
#
# Per corpus from bench/corpora.sh (PostgreSQL's backend first), on a copy
# in $TMPDIR (the shared corpus is never edited), in one run:
#   clang   a serial `clang-19 -fsyntax-only -w` over the compile commands
#   cold    `canalyze --no-cache -j2 --format json`: the uncached time
#   fill    the same with an empty cache (parses everything, writes the cache)
#   warm    again, nothing edited
#   edit    a comment line inserted at the top of one .c file (every line
#           below it moves, so stale facts would show), then canalyze again
#   check   `canalyze --no-cache` after the edit: must be byte-identical
# and prints a markdown table on stdout (progress on stderr): wall seconds
# and the ratios edit/cold and edit/clang; "identical" compares fill, warm
# against cold and edit against check. The edited file is the compile
# database's middle entry (deterministic). Needs `make` and corpora.
#   sh bench/cache.sh [postgres] [sqlite] [redis] [curl] [lua] [jq] [git]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/work/corpora.env"
CANALYZE=${CANALYZE:-$top/build/canalyze}
CLANG=${CLANG:-clang-19}
JOBS=${JOBS:-2}
which=${*:-postgres redis curl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/canalyze-cache-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ -x "$CANALYZE" ] || { echo "cache.sh: build canalyze first (make)" >&2; exit 2; }

# secs NAME CMD...: runs CMD (stdout to $tmp/NAME.out), prints wall seconds
secs() {
  name=$1; shift
  /usr/bin/time -f '%e' -o "$tmp/$name.time" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
  cat "$tmp/$name.time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
parsed() { sed -n 's/.*units: \([0-9]*\) parsed.*/\1/p' "$tmp/$1.err"; }

# The copy: the corpus's top folder below bench/work, timestamps kept, and
# its compile database rewritten to point into the copy.
copy_corpus() { # DIR -> prints the copied DIR
  real=$(cd "$1" && pwd -P)
  work=$(cd "$here/work" && pwd -P)
  rest=${real#"$work"/}
  name=${rest%%/*}
  rm -rf "$tmp/src"; mkdir -p "$tmp/src"
  cp -a "$work/$name" "$tmp/src/"
  python3 - "$work/$name" "$tmp/src/$name" "$tmp/src/$rest/compile_commands.json" <<'EOF'
import json, sys
old, new, path = sys.argv[1:]
def fix(v):
    if isinstance(v, str): return v.replace(old, new)
    if isinstance(v, list): return [fix(x) for x in v]
    if isinstance(v, dict): return {k: fix(x) for k, x in v.items()}
    return v
db = fix(json.load(open(path)))
json.dump(db, open(path, "w"), indent=1)
EOF
  echo "$tmp/src/$rest"
}

echo "| corpus | TUs | serial clang s | uncached s | filling the cache s | warm, no edit s | after a one-line edit s (TUs parsed) | **edit / uncached** | edit / clang | identical |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for c in $which; do
  var=$(echo "$c" | tr a-z A-Z)_DIR
  [ "$c" = git ] && var=GITSRC_DIR
  src=$(eval "echo \${$var:-}")
  if [ -z "$src" ] || [ ! -f "$src/compile_commands.json" ]; then
    echo "| $c | skipped: corpus not prepared | | | | | | | | |"; continue
  fi
  echo "cache: $c: copying" >&2
  dir=$(copy_corpus "$src")
  python3 "$here/ccdb.py" "$dir/compile_commands.json" "$CLANG" -fsyntax-only -w > "$tmp/clang.sh"
  ntu=$(wc -l < "$tmp/clang.sh")
  export CANALYZE_CACHE_DIR="$tmp/cache-$c"
  ca="$CANALYZE -q --stats -j$JOBS --format json"
  echo "cache: $c: clang" >&2;  t_clang=$(secs clang sh "$tmp/clang.sh")
  echo "cache: $c: uncached" >&2; t_cold=$(secs cold $ca --no-cache "$dir")
  echo "cache: $c: filling" >&2; t_fill=$(secs fill $ca "$dir")
  echo "cache: $c: warm" >&2;    t_warm=$(secs warm $ca "$dir")
  file=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); fs=sorted(e["file"] if e["file"].startswith("/") else e["directory"] + "/" + e["file"] for e in d if e["file"].endswith(".c")); print(fs[len(fs)//2])' "$dir/compile_commands.json")
  { echo "/* edited by bench/cache.sh */"; cat "$file"; } > "$tmp/edited.c" && cat "$tmp/edited.c" > "$file"
  echo "cache: $c: after editing ${file#"$dir"/}" >&2; t_edit=$(secs edit $ca "$dir")
  echo "cache: $c: check" >&2;   secs check $ca --no-cache "$dir" > /dev/null
  same=yes
  cmp -s "$tmp/cold.out" "$tmp/fill.out" && cmp -s "$tmp/cold.out" "$tmp/warm.out" || same="**no** (fill/warm)"
  cmp -s "$tmp/edit.out" "$tmp/check.out" || same="**no** (edit)"
  cmp -s "$tmp/edit.out" "$tmp/cold.out" && same="$same, but the edit changed nothing"
  echo "| $c | $ntu | $t_clang | $t_cold | $t_fill | $t_warm | $t_edit ($(parsed edit)) | **$(ratio "$t_edit" "$t_cold")x** | $(ratio "$t_edit" "$t_clang")x | $same |"
  rm -rf "$tmp/src" "$CANALYZE_CACHE_DIR"
done
