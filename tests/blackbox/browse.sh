#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Browsing double publicity (GET /api/v1/records): on the demo city (penalties and licences of many
# departments, districts and dates, persons among them), every filter is walked page by page and the
# ids compared with those the database gives by the publicity rule written out here in
# SQL, in the order the route promises (decision date, then id, both descending). The server runs
# months after the data was loaded, so that many published records have left their window: none may
# be seen. ID numbers appear only masked; every parameter is checked.
. "$(dirname "$0")/lib.sh.inc"
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
ID_RE='(^|[^0-9A-Za-z])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)'
. "$(dirname "$0")/server.sh.inc"
# The server writes meanwhile (the day's expiry, regrading): on SQLite wait for its locks rather
# than fail (PostgreSQL readers never wait for writers).
if ! on_pg; then
    sql() {
        sqlite3 -cmd ".timeout 30000" "$XINYONG_DB" "$1"
    }
fi

# ---- the data: the demo city as of 2026-11-28, read on 2027-05-20 (on PostgreSQL in the test's own
# database) ----
! on_pg || export XY_DEMO_DB=$XINYONG_DB
sh "$SRC/scripts/make-demo" "$XY" "$WORK/demo" 400 >make-demo.log 2>&1 || fail "make-demo: $(tail -n 5 make-demo.log)"
export XINYONG_DB=${XY_DEMO_DB:-$WORK/demo/xinyong.db}
DAY=2027-05-20
export XY_TODAY=$DAY

# The rule, independently: current, published, inside the window on DAY, with a decision date.
RULE="r.is_current = 1 AND r.status = 'published' AND (r.public_until IS NULL OR r.public_until >= '$DAY') AND r.decision_date IS NOT NULL"
# Published records whose window ended by DAY. The server's daily expiry marks them expired; they are
# then set back to published, as on a day whose expiry has not run yet, so that the window alone
# must keep them out of view.
sql "SELECT id FROM record WHERE class IN ('penalty', 'license') AND is_current = 1 AND status = 'published' AND public_until < '$DAY'" >gone.txt
[ "$(wc -l <gone.txt)" -gt 20 ] || fail "the data has only $(wc -l <gone.txt) published records whose window ended by $DAY"
[ "$(sql "SELECT count(*) FROM record r JOIN subject s ON s.id = r.subject_id WHERE r.class = 'penalty' AND s.kind = 'person' AND $RULE")" -gt 3 ] ||
    fail "the data has too few public penalties of persons"
start_server server
IDS=$(paste -sd, gone.txt)
for i in $(seq 1 400); do
    [ "$(sql "SELECT count(*) FROM record WHERE id IN ($IDS) AND status = 'expired'")" != "$(wc -l <gone.txt)" ] || break
    sleep 0.05
done
expect_eq "the day's expiry ran" "$(wc -l <gone.txt)" "$(sql "SELECT count(*) FROM record WHERE id IN ($IDS) AND status = 'expired'")"
sql "UPDATE record SET status = 'published' WHERE id IN ($IDS)"
expect_eq "published again, outside the window" "$(wc -l <gone.txt)" \
    "$(sql "SELECT count(*) FROM record WHERE id IN ($IDS) AND status = 'published' AND public_until < '$DAY'")"

# expected CLASS EXTRA_SQL: the ids the rule gives, newest first, one a line.
expected() {
    sql "SELECT r.id FROM record r JOIN dept d ON d.id = r.dept_id JOIN subject s ON s.id = r.subject_id
         WHERE r.class = '$1' AND $RULE $2 ORDER BY r.decision_date DESC, r.id DESC"
}

# walk QUERY LIMIT OUT: every page of /api/v1/records?QUERY, following next_cursor; ids into OUT,
# bodies into OUT.json; checks the X-Next-Cursor header agrees with next_cursor on every page.
walk() {
    local q=$1 limit=$2 out=$3 cursor="" page=0 code body next hdr
    : >"$out"
    : >"$out.json"
    while :; do
        code=$(curl -s -g -D hdr.txt -o body.json -w '%{http_code}' "$URL/api/v1/records?$q&limit=$limit${cursor:+&cursor=$cursor}")
        body=$(cat body.json)
        [ "$code" = 200 ] || fail "GET /api/v1/records?$q: $code $body"
        printf '%s\n' "$body" >>"$out.json"
        printf '%s' "$body" | grep -o '"_record":{"id":[0-9]*' | sed 's/.*://' >>"$out"
        next=$(json_get "$body" next_cursor)
        hdr=$(sed -n 's/^X-Next-Cursor: \([^\r]*\)\r*$/\1/p' hdr.txt)
        if [ "$next" = null ]; then
            [ -z "$hdr" ] || fail "$q: last page but X-Next-Cursor [$hdr]"
            break
        fi
        expect_eq "$q: X-Next-Cursor" "$next" "$hdr"
        n=$(printf '%s' "$body" | grep -o '"_record":{"id":' | wc -l)
        expect_eq "$q page $page: a page with a next one is full" "$limit" "$n"
        cursor=$next
        page=$((page + 1))
        [ "$page" -lt 2000 ] || fail "$q: more than 2000 pages"
    done
}

# check QUERY LIMIT CLASS EXTRA_SQL: the pages hold exactly the rule's records in the promised order.
check() {
    walk "$1" "$2" got.txt
    expected "$3" "$4" >want.txt
    [ -s want.txt ] || fail "$1: the database has no records for this filter: the test would be vacuous"
    if ! cmp -s got.txt want.txt; then
        diff want.txt got.txt | head -n 10 >&2
        fail "$1 (limit $2): the pages differ from the database ($(wc -l <got.txt) ids against $(wc -l <want.txt))"
    fi
    cat got.txt.json >>all.json
}

: >all.json
DEPT=$(sql "SELECT d.uscc FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.class = 'penalty' GROUP BY d.id ORDER BY count(*) DESC LIMIT 1")
DEPT_L=$(sql "SELECT d.uscc FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.class = 'license' GROUP BY d.id ORDER BY count(*) ASC LIMIT 1")
check "class=penalty" 50 penalty ""
check "class=penalty" 7 penalty ""
check "class=license" 100 license ""
check "class=penalty&dept=$DEPT" 9 penalty "AND d.uscc = '$DEPT'"
check "class=license&dept=$DEPT_L" 10 license "AND d.uscc = '$DEPT_L'"
check "class=penalty&region=420111" 5 penalty "AND substr(s.uscc, 3, 6) = '420111'"
check "class=license&region=420106" 30 license "AND substr(s.uscc, 3, 6) = '420106'"
check "class=penalty&from=2025-01-01&to=2025-12-31" 11 penalty "AND r.decision_date BETWEEN '2025-01-01' AND '2025-12-31'"
check "class=license&from=2026-06-01" 25 license "AND r.decision_date >= '2026-06-01'"
check "class=penalty&to=2025-03-31" 4 penalty "AND r.decision_date <= '2025-03-31'"
ONE_DAY=$(sql "SELECT decision_date FROM record WHERE class = 'license' AND is_current = 1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
check "class=license&from=$ONE_DAY&to=$ONE_DAY" 2 license "AND r.decision_date = '$ONE_DAY'"
check "class=penalty&dept=$DEPT&region=420111&from=2024-01-01&to=2026-11-28" 3 penalty \
    "AND d.uscc = '$DEPT' AND substr(s.uscc, 3, 6) = '420111' AND r.decision_date BETWEEN '2024-01-01' AND '2026-11-28'"
# A filter nothing matches: one empty page, no cursor.
code=$(curl -s -o body.json -w '%{http_code}' "$URL/api/v1/records?class=penalty&region=110101")
expect_eq "an empty filter" "200 {\"class\":\"penalty\",\"items\":[],\"next_cursor\":null}" "$code $(cat body.json)"

# Nothing outside its window, unpublished or not current ever appears; every row links to its subject.
for id in $(cat gone.txt); do
    if grep -q "\"_record\":{\"id\":$id," all.json; then fail "record $id, published but its window ended, was listed"; fi
done
for id in $(sql "SELECT id FROM record WHERE class IN ('penalty', 'license') AND NOT (is_current = 1 AND status = 'published' AND (public_until IS NULL OR public_until >= '$DAY'))"); do
    if grep -q "\"_record\":{\"id\":$id," all.json; then fail "record $id is outside the public view on $DAY but was listed"; fi
done
rows=$(grep -o '"_record":{[^}]*}' all.json | sort -u)
printf '%s\n' "$rows" | grep -v '"subject":"' | head -n 3 | grep -q . && fail "rows without their subject: $(printf '%s\n' "$rows" | grep -v '"subject":"' | head -n 3)"
# The subject link is the record's subject.
rid=$(head -n 1 got.txt)
expect_contains "the subject of record $rid" "\"subject\":\"$(sql "SELECT s.opaque FROM record r JOIN subject s ON s.id = r.subject_id WHERE r.id = $rid")\"" \
    "$(grep -o "\"_record\":{\"id\":$rid,[^}]*}" all.json | head -n 1)"

# ID numbers: never in full; persons' are there, masked; legal representatives' not at all.
if grep -Eq "$ID_RE" all.json; then fail "a full ID number in a page: $(grep -Eo "$ID_RE" all.json | head -n 3)"; fi
grep -q '"party_id_no":"[0-9]\{4\}\*\{10\}[0-9]\{3\}[0-9X]"' all.json || fail "no masked ID number of a person in the pages"
if grep -q '"legal_rep_id_no"' all.json; then fail "a legal representative's ID number (not public) in a page"; fi

# ---- every parameter checked: a problem naming it, nothing else ----
bad() {
    local q=$1 word=$2 code
    code=$(curl -s -g -o body.json -w '%{http_code}' "$URL/api/v1/records?$q")
    expect_eq "$q: status ($(cat body.json))" 400 "$code"
    expect_contains "$q: problem document" '"status":400' "$(cat body.json)"
    expect_contains "$q: the detail names $word" "$word" "$(cat body.json)"
}
bad "" class
bad "class=arrears" "not a public class"
bad "class=nosuch" "not a public class"
bad "class=penalty&dept=12345" dept
bad "class=penalty&dept=91420111565815573C" dept
bad "class=penalty&region=4201" region
bad "class=penalty&region=42011a" region
bad "class=penalty&from=2026-02-30" from
bad "class=penalty&from=20260101" from
bad "class=penalty&to=yesterday" to
bad "class=penalty&from=2026-06-01&to=2026-05-01" "from must not be after to"
bad "class=penalty&limit=0" limit
bad "class=penalty&limit=101" limit
bad "class=penalty&limit=-5" limit
bad "class=penalty&limit=1e2" limit
bad "class=penalty&cursor=123" cursor
bad "class=penalty&cursor=20261301-5" cursor
bad "class=penalty&cursor=20260101-0" cursor
bad "class=penalty&cursor=20260101-1234567890123456789" cursor
bad "class=penalty&sort=asc" sort
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/records?class=penalty&limit=100")
expect_eq "limit 100 is allowed" 200 "$code"

# The departments, public, for the portal's filter.
code=$(curl -s -o body.json -w '%{http_code}' "$URL/api/v1/depts")
expect_eq "GET /api/v1/depts" 200 "$code"
expect_contains "the departments list the busiest one" "\"uscc\":\"$DEPT\"" "$(cat body.json)"

stop_server "$SPID" server
echo "ok"
