#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Static files: served from the web root with the security headers; nothing outside the root is
# reachable, whether by "..", by encoded dots, or by a symbolic link that leads out.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"

run_xy 0 init
mkdir -p web/css
printf '<!doctype html><html lang="zh-CN"><title>信用武汉</title></html>\n' >web/index.html
printf 'export const x = 1;\n' >web/app.js
printf 'body{}\n' >web/css/site.css
printf 'secret\n' >outside.txt
ln -s "$WORK/outside.txt" web/link.txt
start_server web --web "$WORK/web" --access-log "$WORK/access.log"

# get PATH [curl args]: sets CODE, CTYPE, HDRS, BODY.
get() {
    local p=$1
    shift
    CODE=$(curl -s -g "$@" -D "$WORK/.hdrs" -o "$WORK/.body" -w '%{http_code}' "$URL$p" || true)
    HDRS=$(tr -d '\r' <"$WORK/.hdrs")
    BODY=$(cat "$WORK/.body")
    CTYPE=$(printf '%s\n' "$HDRS" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')
}

get /
expect_eq "index" 200 "$CODE"
expect_contains "index html" "信用武汉" "$BODY"
expect_eq "html type" "text/html; charset=utf-8" "$CTYPE"
expect_contains "csp" "Content-Security-Policy: default-src 'self'; script-src 'self'" "$HDRS"
expect_contains "nosniff" "X-Content-Type-Options: nosniff" "$HDRS"
get /app.js
expect_eq "js" 200 "$CODE"
expect_eq "js type" "text/javascript; charset=utf-8" "$CTYPE"
get /css/site.css
expect_eq "css type" "text/css; charset=utf-8" "$CTYPE"
for p in /../outside.txt /css/../../outside.txt /%2e%2e/outside.txt /%2E%2E/outside.txt /css/%2e%2e/%2e%2e/outside.txt \
    /link.txt /nonexistent.html /css /.. "/%00" "/index.html%00.js"; do
    get "$p" --path-as-is
    case "$CODE" in
    400 | 404) ;;
    *) fail "GET $p answered $CODE: $BODY" ;;
    esac
    case "$BODY" in *secret*) fail "GET $p leaked a file outside the web root" ;; esac
done
get /nonexistent.html
expect_eq "missing page" 404 "$CODE"
expect_contains "missing page: bilingual detail" '"detail":"没有此页面 (no such page)"' "$BODY"
# Directories are not listed and unknown API routes do not fall through to files.
get /api/v1/nosuch
expect_eq "api 404" 404 "$CODE"
expect_contains "problem" "application/problem+json" "$CTYPE"
stop_server "$SPID" web
echo "static_files: all checks passed"
