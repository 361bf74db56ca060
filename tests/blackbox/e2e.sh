#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The portal and the console in a real browser (tests/e2e): builds the demo data set (300
# subjects, seed 42), serves it and web/ with `xinyong serve`, creates a department key and an
# office key, then runs the Node tests: the identifier checks against `xinyong id check`, the web/
# rules, and playwright-core driving Debian's Chromium headless. Screenshots of every page at
# 375 px and 1280 px go to e2e-screens/ in the directory ctest runs this from (the build tree).
# Node.js, npm and Chromium come from scripts/install-deps; without them this test fails.
SCREENS="$PWD/e2e-screens" # before lib.sh.inc moves into its scratch directory
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"

CHROMIUM=${XY_CHROMIUM:-/usr/bin/chromium}
missing=""
command -v node >/dev/null 2>&1 || missing="$missing node (Debian package nodejs)"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM (Debian package chromium)"
[ -z "$missing" ] || fail "the browser tests need:$missing; run scripts/install-deps (or make deps) to install them"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "the browser tests need Node.js 18 or newer, found $(node --version)"

# playwright-core from the lockfile, installed beside the binary (the build tree), not in the
# sources. npm ci takes it from npm's cache when it is there.
MODULES="$(cd "$(dirname "$XY")" && pwd)/e2e-node"
mkdir -p "$MODULES"
cp "$XY_SRC/tests/e2e/package.json" "$XY_SRC/tests/e2e/package-lock.json" "$MODULES/"
t0=$(date +%s)
(cd "$MODULES" && npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error >"$WORK/npm.log" 2>&1) ||
    fail "npm ci of tests/e2e/package-lock.json failed: $(tail -n 20 "$WORK/npm.log")"

# The demo data, the keys, the server.
"$XY_SRC/scripts/make-demo" "$XY" "$WORK/demo" 300 >"$WORK/make-demo.log" 2>&1 ||
    fail "scripts/make-demo failed: $(tail -n 20 "$WORK/make-demo.log")"
export XINYONG_DB="$WORK/demo/xinyong.db"
dept=$(head -n 1 "$WORK/demo/departments.tsv" | cut -f1)
run_xy 0 key create --role department --dept "$dept" --name e2e
dept_key=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 key create --role office --name e2e
office_key=$(printf '%s\n' "$OUT" | tail -n 1)
case "$dept_key$office_key" in *[!a-z0-9_]*) fail "unexpected key output: $dept_key / $office_key" ;; esac
start_server web --web "$XY_SRC/web" --search-rate 1000 --access-log "$WORK/access.log"
t1=$(date +%s)

rm -rf "$SCREENS"
mkdir -p "$SCREENS"
set +e
XY_E2E_URL="$URL" XY_E2E_SCREENS="$SCREENS" XY_E2E_MODULES="$MODULES" XY_E2E_WORK="$WORK" \
    XY_E2E_BIN="$XY" XY_E2E_DEPT_KEY="$dept_key" XY_E2E_OFFICE_KEY="$office_key" \
    XY_E2E_BROKEN="$WORK/demo/broken/penalty-broken.csv" XY_CHROMIUM="$CHROMIUM" \
    node --test --test-concurrency=1 --test-reporter=spec \
    "$XY_SRC/tests/e2e/idcheck.test.mjs" "$XY_SRC/tests/e2e/web.test.mjs" "$XY_SRC/tests/e2e/portal.test.mjs" \
    >"$WORK/node.log" 2>&1
rc=$?
set -e
t2=$(date +%s)
cat "$WORK/node.log"
[ "$rc" = 0 ] || fail "browser tests failed (exit $rc; screenshots so far in $SCREENS); server log: $(server_log web)"
stop_server "$SPID" web
if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$WORK/web.err"; then
    fail "the server reported a sanitizer error: $(server_log web)"
fi
shots=$(find "$SCREENS" -name '*.png' | wc -l)
[ "$shots" -ge 30 ] || fail "only $shots screenshots in $SCREENS"
echo "e2e: all checks passed (set-up $((t1 - t0)) s, browser tests $((t2 - t1)) s, $shots screenshots in $SCREENS)"
