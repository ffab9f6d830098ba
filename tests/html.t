#!/bin/sh
# canalyze --html DIR: the data each page embeds (golden, fixtures/html/basic),
# the same site whatever the thread count, everything from the source
# escaped (fixtures/html/escape), the folder rules (refuse a folder with
# other files, replace an earlier site, one line for an unwritable folder),
# and a link check: every relative href in pages and data files resolves to
# a file and every #fragment to an element id.
. "$(dirname "$0")/lib.sh"
ca="$BUILD/canalyze"
basic="$TOP/fixtures/html/basic"
esc="$TOP/fixtures/html/escape"

# linkcheck SITE: prints one line per broken link, and "checked N" at the end.
linkcheck() {
  perl -e '
    use strict; use File::Find;
    my $site = shift; my (%ids, @links, $n);
    sub ids_of { my $f = shift; return $ids{$f} if $ids{$f};
      open(my $h, "<", $f) or return {}; local $/; my $t = <$h>;
      my %s = map { $_ => 1 } ($t =~ /\sid="([^"]*)"/g); return $ids{$f} = \%s }
    find({ no_chdir => 1, wanted => sub {
      my $f = $File::Find::name; return unless -f $f;
      open(my $h, "<", $f) or die; local $/; my $t = <$h>;
      my $page = $f; $page =~ s/\.js$/.html/;     # a data file links from its page
      my @h = $f =~ /\.html$/ ? ($t =~ /\shref="([^"]*)"/g)
            : $f =~ m{/src/.*\.js$} ? ($t =~ /"((?:\.\.\/)*[^"\s]*\.html(?:#[^"]*)?|#L\d+)"/g) : ();
      push @links, [$page, $_] for @h } }, $site);
    for my $l (@links) {
      my ($page, $href) = @$l; $n++;
      next if $href =~ /^[a-z]+:/;
      my ($path, $frag) = split /#/, $href, 2;
      $path =~ s/\?.*//;
      (my $dir = $page) =~ s{[^/]*$}{};
      my $target = $path eq "" ? $page : $dir . $path;
      $target =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge;
      1 while $target =~ s{[^/]+/\.\./}{};
      if (!-f $target) { print "$page: $href: no file $target\n"; next }
      print "$page: $href: no id $frag\n" if defined $frag && !ids_of($target)->{$frag};
    }
    print "checked $n\n";
  ' "$1"
}

# ---- the data pages embed: golden ----
"$ca" -q --pointer -j1 --html "$T/basic" "$basic" > "$T/basic.out" 2>&1
is "$?" 0 "basic: exit status"
for f in main.c shapes.c shapes.h; do
  golden "$basic/expected/$f.js" "$T/basic/src/$f.js" "basic: data of $f"
done
for f in index.html search.js style.css site.js src/shapes.c.html src/shapes.h.html src/main.c.html; do
  [ -s "$T/basic/$f" ]; ok $? "basic: $f written"
done
grep -q 'class="f def" href="#L15" data-s="[0-9]*" data-d="[0-9]*">total_area</a>' "$T/basic/src/shapes.c.html"
ok $? "basic: total_area's definition carries its callers"
grep -q 'class="m icall ptr" href="../src/shapes.h.html#L17" data-s="[0-9]*" data-c="0" data-p="[0-9]*">area</a>' "$T/basic/src/shapes.c.html"
ok $? "basic: the call through s->area is marked at 'area' and links to the member"
grep -q '<div id="L17"><a href="#L17">17</a>' "$T/basic/src/shapes.c.html"; ok $? "basic: line anchors are element ids"
grep -q '<span class="p">include</span> <a class="s" href="../src/shapes.h.html#L1" data-s="0">&quot;shapes.h&quot;</a>' "$T/basic/src/main.c.html"
ok $? "basic: #include \"shapes.h\" links to its page"
like "$(cat "$T/basic/search.js")" '\["total_area","function","src/shapes.c.html#L15","shapes.c:15"\]' \
  "basic: search data links total_area to its definition"
like "$(grep -A3 'Entry points' "$T/basic/index.html")" 'main</a>' "basic: main is an entry point"

like "$(grep -A1 '"P":' "$T/basic/src/shapes.h.js" | tail -1)" '^\[2,\[\["function","circle_area","../src/shapes.c.html#L5","shapes.c:5"\],\["function","rect_area"' \
  "basic: a points-to set of circle_area and rect_area ..."
like "$(grep '"p":' "$T/basic/src/shapes.h.js")" '^"p":\{"12":0,' "basic: ... is the member area's"

# Without --pointer the call through a pointer is there, unresolved.
"$ca" -q --html "$T/nopt" "$basic" > /dev/null 2>&1
like "$(grep '"c":' -A1 "$T/nopt/src/shapes.c.js")" '^\[\[\],1\]' "no --pointer: the site is unresolved"
is "$(grep -c 'data-p=' "$T/nopt/src/shapes.c.html")" 0 "no --pointer: no points-to panels"

# --hotspots: findings in the margin at their lines, ranked on the index.
"$ca" -q --pointer --hotspots --html "$T/hot" "$TOP/fixtures/hot/basic" > /dev/null 2>&1
is "$?" 0 "hotspots: exit status"
grep -q '<div id="L23"><a href="#L23">23</a><span class="hot" data-h="1" title="transient-alloc, score 4.00">' "$T/hot/src/main.c.html"
ok $? "hotspots: the second finding in the margin of main.c:23"
like "$(grep '^\["transient-alloc"' "$T/hot/src/main.c.js")" '^\["transient-alloc","4.00",.*,2,\[\["main","#L58","main.c:58",0\],\["transient","#L23","main.c:23",0\]\]\]' \
  "hotspots: the finding's data, with its path from the hot loop"
like "$(cat "$T/hot/index.html")" '<li><span class="score">4.00</span> transient-alloc <a href="src/main.c.html#L23">main.c:23</a> in transient' \
  "hotspots: ranked on the index"
! grep -q 'class="hot"' "$T/basic/src/shapes.c.html"; ok $? "hotspots: none without --hotspots"

# --pointer: lock peers. The global lock's four sites (one through a
# pointer parameter) are peers, the struct member's four are, and the two
# groups never mix.
"$ca" -q --pointer --html "$T/locks" "$TOP/fixtures/html/locks" > /dev/null 2>&1
is "$?" 0 "locks: exit status"
golden "$TOP/fixtures/html/locks/expected.js" "$T/locks/src/locks.c.js" "locks: data of locks.c"
grep -q '<a class="f lock" href="#L4" data-s="[0-9]*" data-k="0">pthread_mutex_lock</a>(<a class="a ptr" href="#L16"' "$T/locks/src/locks.c.html"
ok $? "locks: the lock through a pointer parameter is a lock site"
"$ca" -q --html "$T/locks-nopt" "$TOP/fixtures/html/locks" > /dev/null 2>&1
is "$(grep -c 'data-k=' "$T/locks-nopt/src/locks.c.html")" 0 "locks: no peers without --pointer"

# ---- deterministic ----
"$ca" -q --pointer -j2 --html "$T/basic2" "$basic" > /dev/null 2>&1
diff -r "$T/basic" "$T/basic2" > "$T/det.diff" 2>&1; ok $? "same site with -j1 and -j2"

# ---- escaping ----
"$ca" -q --html "$T/esc" "$esc" > /dev/null 2>&1
is "$?" 3 "escape: exit 3 (a compile error), site written anyway"
page="$T/esc/src/esc.c.html"
[ -s "$page" ]; ok $? "escape: the page of a TU with errors"
! grep -q '<script>alert\|<img src=x' "$page"; ok $? "escape: no markup from the source in the page"
grep -q '&lt;script&gt;alert(&quot;comment&quot;)&lt;/script&gt;' "$page"; ok $? "escape: a comment's <script> is text"
grep -q '&lt;img src=x onerror=alert(2)&gt; &amp; \\&quot;quotes\\&quot;' "$page"; ok $? "escape: a string's <img onerror> is text"
! grep -q '<script>\|<img' "$T/esc/src/esc.c.js"; ok $? "escape: no markup in the data file"
like "$(grep -o '"#define TAG [^]]*' "$T/esc/src/esc.c.js")" '\\u003cscript\\u003e' "escape: the macro's text escaped in the data"
grep -q 'caf<span class="bad" title="byte 0xe9">\\xe9</span> <span class="bad" title="byte 0xff">\\xff</span>' "$page"
ok $? "escape: bytes that are not UTF-8 are shown"
grep -q 'valid: café' "$page"; ok $? "escape: valid UTF-8 kept"
grep -q 'class=" err" title="error: use of undeclared identifier &#39;undeclared_thing&#39;">undeclared_thing' "$page"
ok $? "escape: the compile error underlined with its message"
like "$(cat "$T/esc/index.html")" 'esc.c:8:27</a>: error: use of undeclared' "escape: the error listed on the index"

# ---- the folder ----
mkdir "$T/user"; echo mine > "$T/user/notes.txt"
"$ca" -q --html "$T/user" "$basic" > "$T/user.out" 2> "$T/user.err"
is "$?" 1 "a folder with other files: exit 1"
is "$(wc -l < "$T/user.err" | tr -d ' ')" 1 "a folder with other files: one line"
like "$(cat "$T/user.err")" "holds files \\(notes.txt\\) that canalyze did not write" "a folder with other files: says why"
is "$(ls -A "$T/user")" "notes.txt" "a folder with other files: untouched"

"$ca" -q --html "$T/esc" "$basic" > /dev/null 2>&1
is "$?" 0 "an earlier site: replaced"
[ ! -e "$T/esc/src/esc.c.html" ] && [ -s "$T/esc/src/shapes.c.html" ]; ok $? "an earlier site: old pages gone, new ones there"
diff -r "$T/esc" "$T/nopt" > /dev/null 2>&1; ok $? "an earlier site: replaced by exactly the new one"
echo mine > "$T/esc/src/mine.txt"
"$ca" -q --html "$T/esc" "$basic" > /dev/null 2> "$T/mine.err"
is "$?" 1 "an earlier site with a file added: refused"
[ -s "$T/esc/src/mine.txt" ] && [ -s "$T/esc/index.html" ]; ok $? "an earlier site with a file added: untouched"

echo file > "$T/plain"
"$ca" -q --html "$T/plain/site" "$basic" > /dev/null 2> "$T/unw.err"
is "$?" 1 "an unwritable folder: exit 1"
is "$(wc -l < "$T/unw.err" | tr -d ' ')" 1 "an unwritable folder: one line"
like "$(cat "$T/unw.err")" "plain/site: cannot create the folder: Not a directory" "an unwritable folder: says why"

# ---- links ----
for site in basic nopt; do
  linkcheck "$T/$site" > "$T/links-$site" 2>&1
  like "$(tail -1 "$T/links-$site")" '^checked [1-9][0-9]+$' "links: $site checked"
  is "$(grep -vc '^checked' "$T/links-$site")" 0 "links: every link of $site resolves"
  grep -v '^checked' "$T/links-$site" | head -5 | sed 's/^/#   /'
done
"$ca" -q --pointer --html "$T/ptr" "$TOP/fixtures/pointer" > /dev/null 2>&1
linkcheck "$T/ptr" > "$T/links-ptr" 2>&1
is "$(grep -vc '^checked' "$T/links-ptr")" 0 "links: every link of fixtures/pointer resolves (folders, headers)"
grep -v '^checked' "$T/links-ptr" | head -5 | sed 's/^/#   /'

# A whole real program, when its source is at hand (LUA_DIR=.../src, or the
# corpora bench/corpora.sh prepared): the site of Lua 5.4 with --pointer.
[ -z "${LUA_DIR:-}" ] && [ -f "$TOP/bench/work/corpora.env" ] && . "$TOP/bench/work/corpora.env"
if [ -n "${LUA_DIR:-}" ] && [ -d "$LUA_DIR" ]; then
  "$ca" -q --pointer --html "$T/lua" "$LUA_DIR" > /dev/null 2>&1
  is "$?" 0 "Lua: site written"
  linkcheck "$T/lua" > "$T/links-lua" 2>&1
  like "$(tail -1 "$T/links-lua")" '^checked [0-9]{5,}$' "links: Lua checked"
  is "$(grep -vc '^checked' "$T/links-lua")" 0 "links: every link of the Lua site resolves"
  grep -v '^checked' "$T/links-lua" | head -5 | sed 's/^/#   /'
else
  echo "# Lua's source not at hand (LUA_DIR): its link check skipped"
fi
done_testing
