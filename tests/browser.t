#!/bin/sh
# The site in a real browser: headless Chromium (Debian's chromium) driven
# by puppeteer-core (tests/browser/site.test.js) over the site of
# fixtures/html/basic (and of fixtures/hot/basic with --hotspots), opened
# from file://. puppeteer-core is installed
# into tests/browser/node_modules when missing; without chromium or npm the
# test is skipped. Screenshots go to build/browser/.
. "$(dirname "$0")/lib.sh"
dir="$TOP/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] || ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "1..0 # SKIP needs chromium, node and npm (apt-get install chromium npm)"
  exit 0
fi
if [ ! -d "$dir/node_modules/puppeteer-core" ]; then
  (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error) > "$T/npm.log" 2>&1 || {
    echo "1..0 # SKIP npm could not install puppeteer-core: $(tail -1 "$T/npm.log")"
    exit 0
  }
fi
"$BUILD/canalyze" -q --pointer --html "$T/site" "$TOP/fixtures/html/basic" > "$T/ca.out" 2>&1 || {
  echo "not ok 1 - canalyze --html"; sed 's/^/#   /' "$T/ca.out" | head -5; echo "1..1"; exit 1
}
"$BUILD/canalyze" -q --pointer --hotspots --html "$T/hot" "$TOP/fixtures/hot/basic" > "$T/hot.out" 2>&1
"$BUILD/canalyze" -q --pointer --html "$T/locks" "$TOP/fixtures/html/locks" > "$T/locks.out" 2>&1
# Chromium's own sandboxing and GPU processes print noise: keep stderr apart.
CHROMIUM="$chromium" timeout 120 node "$dir/site.test.js" "$T/site" "$TOP/build/browser" "$T/hot" "$T/locks" 2> "$T/node.err"
rc=$?
[ $rc -eq 0 ] || head -5 "$T/node.err" | sed 's/^/# /'
exit $rc
