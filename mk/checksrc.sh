#!/bin/sh
# checksrc.sh [FILE...]: the library and command sources must not call
# functions that cannot bound their output or that keep hidden state
# (sprintf, vsprintf, strcpy, strcat, gets, strtok), as curl's checksrc
# bans them. Comments and string literals are ignored. Prints
# "file:line: banned NAME (use ALTERNATIVE)" per use; exits 1 if any.
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- $(find analyzer httptrace cli -name '*.[ch]' | sort)
exec perl -e '
  my %use = (sprintf => "snprintf", vsprintf => "vsnprintf", strcpy => "memcpy with a length",
             strcat => "a length-tracking buffer", gets => "fgets", strtok => "strtok_r or a scanner");
  my $bad = 0;
  for my $file (@ARGV) {
    open(my $fh, "<", $file) or die "checksrc: $file: $!\n";
    local $/; my $src = <$fh>; close $fh;
    # Blank out comments and literals, keeping newlines so lines still count.
    $src =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)}
             { (my $k = $1) =~ s/[^\n]/ /g; $k }gse;
    while ($src =~ /\b(sprintf|vsprintf|strcpy|strcat|gets|strtok)\s*\(/g) {
      my $line = 1 + (substr($src, 0, $-[0]) =~ tr/\n//);
      print "$file:$line: banned $1 (use $use{$1})\n";
      $bad = 1;
    }
  }
  exit $bad;
' "$@"
