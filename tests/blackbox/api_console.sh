#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The routes the console and portal lean on: who a key is, the identifier checker (an ID number never
# repeated in full), the department list, and batch history (a department sees only its own).
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
DEPT2=11420100MB152034XT
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 dept add "$DEPT2" 武汉市税务局
K1=$("$XY" key create --role department --dept "$DEPT" --name 市场监管 | tail -n 1)
K2=$("$XY" key create --role department --dept "$DEPT2" | tail -n 1)
OFFICE=$("$XY" key create --role office | tail -n 1)
run_xy 0 import --class penalty --dept "$DEPT" "$D/penalty-good.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$D/penalty-good.csv"
run_xy 1 import --class penalty --dept "$DEPT2" "$D/penalty-bad.csv"
start_server main --access-log "$WORK/access.log"

get() { # get PATH [KEY]
    CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' ${2:+-H "Authorization: Bearer $2"} "$URL$1" || true)
    BODY=$(cat "$WORK/.body")
}

# What the platform publishes: the simple-procedure penalty of the good file is not counted; persons neither.
get /api/v1/stats
expect_eq "stats" 200 "$CODE"
expect_contains "published penalties" '"records":{"penalty":' "$BODY"
expect_eq "penalties counted" "$(sql "SELECT count(*) FROM record WHERE class = 'penalty' AND is_current = 1 AND status = 'published' AND (public_until IS NULL OR public_until >= '$XY_TODAY')")" \
    "$(printf '%s' "$BODY" | grep -o '"penalty":[0-9]*' | cut -d: -f2)"
case "$BODY" in *'"person"'*) fail "persons counted in public: $BODY" ;; esac

# List boards narrowed on the server: department, region of the code, decision dates.
run_xy 0 import --class black_list --dept "$DEPT2" "$D/jrp-black.csv"
get "/api/v1/lists/black"
all=$(printf '%s' "$BODY" | grep -o '"doc_no":' | wc -l | tr -d ' ')
get "/api/v1/lists/black?region=420684"
expect_eq "by region" 1 "$(printf '%s' "$BODY" | grep -o '"doc_no":' | wc -l | tr -d ' ')"
expect_contains "by region: the company in 420684" '"party_uscc":"91420684MA4927PJ7B"' "$BODY"
get "/api/v1/lists/black?dept=$DEPT2"
expect_eq "by dept" "$all" "$(printf '%s' "$BODY" | grep -o '"doc_no":' | wc -l | tr -d ' ')"
get "/api/v1/lists/black?dept=$DEPT"
expect_contains "other dept: none" '"items":[]' "$BODY"
get "/api/v1/lists/black?from=2025-02-01&to=2025-12-31"
expect_eq "by dates" 1 "$(printf '%s' "$BODY" | grep -o '"doc_no":' | wc -l | tr -d ' ')"
expect_contains "by dates: March 2025" '"decision_date":"2025-03-01"' "$BODY"
get "/api/v1/lists/black?region=4206"
expect_eq "bad region" 400 "$CODE"
get "/api/v1/lists/black?from=2025-13-01"
expect_eq "bad date" 400 "$CODE"

get /api/v1/me "$K1"
expect_eq "me" 200 "$CODE"
expect_contains "me role" '"role":"department","dept":"11230500001755309F","dept_name":"武汉市市场监督管理局","name":"市场监管"' "$BODY"
get /api/v1/me
expect_eq "me without a key" 401 "$CODE"

get "/api/v1/idcheck?value=91420684MA4927PJ7B"
expect_contains "uscc valid" '"valid":true,"kind":"uscc"' "$BODY"
expect_contains "uscc parts" '"region":"420684"' "$BODY"
get "/api/v1/idcheck?value=91420684MA4927PJ7C"
expect_contains "uscc checksum" '"valid":false,"kind":"uscc","rule":"checksum"' "$BODY"
get "/api/v1/idcheck?value=360426199101010071"
expect_contains "ric valid" '"valid":true,"kind":"ric"' "$BODY"
expect_contains "ric masked" '"normalized":"3604**********0071"' "$BODY"
case "$BODY" in *360426199101010071*) fail "idcheck repeated an ID number in full: $BODY" ;; esac
get "/api/v1/idcheck?value=370802940221002"
case "$BODY" in *370802199402210029*) fail "idcheck repeated the upgraded ID number in full: $BODY" ;; esac
get "/api/v1/idcheck?value=00000000000000000X"
expect_contains "placeholder" '"note":"placeholder"' "$BODY"
get "/api/v1/idcheck?value=x&kind=passport"
expect_eq "bad kind" 400 "$CODE"
get "/api/v1/idcheck"
expect_eq "no value" 400 "$CODE"

get /api/v1/admin/depts "$OFFICE"
expect_contains "depts" '{"uscc":"11230500001755309F","name":"武汉市市场监督管理局"}' "$BODY"
get /api/v1/admin/depts "$K1"
expect_eq "depts need the office" 403 "$CODE"

get "/api/v1/batches" "$K1"
expect_eq "batches" 200 "$CODE"
expect_eq "own batches only" 2 "$(printf '%s' "$BODY" | grep -o '"batch":' | wc -l | tr -d ' ')"
case "$BODY" in *"$DEPT2"*) fail "a department saw another's batch: $BODY" ;; esac
expect_contains "newest first" '"items":[{"batch":2,' "$BODY"
get "/api/v1/batches?limit=1" "$K1"
expect_contains "paged" '"next_cursor":"2"' "$BODY"
get "/api/v1/batches?limit=1&cursor=2" "$K1"
expect_contains "second page" '"items":[{"batch":1,' "$BODY"
get "/api/v1/batches" "$OFFICE"
expect_eq "office sees all" 4 "$(printf '%s' "$BODY" | grep -o '"batch":' | wc -l | tr -d ' ')"
get "/api/v1/batches" "$K2"
expect_contains "rejected counted" '"rejected":17' "$BODY"
stop_server "$SPID" main
echo "api_console: all checks passed"
