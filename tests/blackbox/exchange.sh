#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Exchange between two real instances on loopback: a city pushes its change log to a province
# (a xinyong above a xinyong). The city imports the demo data while its server pushes; the province
# is killed with SIGKILL mid-stream and started again, then the city is killed mid-push and started
# again; records the city then expires follow. At the end both hold the same current records
# (count and a hash per class, computed in SQL on both databases), the same number of
# versions, no duplicate, and every province record names its source; `exchange reconcile` agrees,
# then names exactly the class and day of a record altered or removed in the province's database
# behind its back. Replays, gaps and hostile batches are answered as the contract says and change
# nothing.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
. "$HERE/exchange_sign.sh.inc"
SUBJECTS=${XY_EXCHANGE_SUBJECTS:-400}
CITY=$(db_new city)
PROV=$(db_new prov)

"$XY" demo --subjects "$SUBJECTS" --out "$WORK/demo" >/dev/null
tab=$(printf '\t')
XINYONG_DB=$CITY run_xy 0 init
while IFS="$tab" read -r uscc name; do
    XINYONG_DB=$CITY run_xy 0 dept add "$uscc" "$name"
done <"$WORK/demo/departments.tsv"
total_files=$(wc -l <"$WORK/demo/manifest.tsv")
half=$((total_files / 2))

# import_files FROM TO: the manifest's files FROM..TO into the city (rows may be rejected: exit 1).
import_files() {
    sed -n "$1,$2p" "$WORK/demo/manifest.tsv" | while IFS="$tab" read -r class dept path; do
        rc=0
        XINYONG_DB=$CITY "$XY" import --quiet --class "$class" --dept "$dept" "$WORK/demo/$path" >/dev/null || rc=$?
        [ "$rc" -le 1 ] || fail "import of $path exited $rc"
    done
}
import_files 1 "$half"

XINYONG_DB=$PROV run_xy 0 init
XINYONG_DB=$PROV run_xy 0 key create --role platform --name wuhan
PKEY=$(printf '%s\n' "$OUT" | tail -n 1)
XINYONG_DB=$PROV run_xy 0 key create --role platform --name xiaogan
XKEY=$(printf '%s\n' "$OUT" | tail -n 1)
XINYONG_DB=$PROV run_xy 0 key create --role office --name 省信用办
OKEY=$(printf '%s\n' "$OUT" | tail -n 1)
XINYONG_DB=$PROV run_xy 1 key create --role platform # a platform key names its platform

# The province on a port of its own, kept across restarts (the city's destination names it).
XINYONG_DB=$PROV start_server prov0
PROV_URL=$URL
PPORT=${URL##*:}
PPID0=$SPID

XINYONG_DB=$CITY run_xy 1 exchange dest add hubei "$PROV_URL/api/v1/exchange/inbound" --as wuhan --key "$PKEY" \
    --classes penalty,nosuchclass
expect_contains "unknown class refused" "nosuchclass" "$ERR"
XINYONG_DB=$CITY run_xy 0 exchange dest add hubei "$PROV_URL/api/v1/exchange/inbound" --as wuhan --key "$PKEY"
CITY_PUB=$(printf '%s\n' "$OUT" | tail -n 1)
XINYONG_DB=$CITY run_xy 1 exchange dest add hubei "$PROV_URL/api/v1/exchange/inbound" --as wuhan --key "$PKEY"
# The province takes the city's batches only signed with the key pair the city just made.
XINYONG_DB=$PROV run_xy 1 exchange source-key wuhan "not-a-key"
XINYONG_DB=$PROV run_xy 0 exchange source-key wuhan "$CITY_PUB"
# The destination's key is sealed: it is nowhere in the city's database files in clear.
if on_pg; then
    XINYONG_DB=$CITY sql_dump >"$WORK/city.dump"
else
    sqlite3 "$CITY" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    cat "$CITY"* >"$WORK/city.dump"
fi
if grep -qaF -- "$PKEY" "$WORK/city.dump"; then fail "the destination's key is in the city's database in clear"; fi
expect_eq "key sealed" 1 "$(XINYONG_DB=$CITY sql "SELECT CASE WHEN key = '' AND length(key_sealed) > 40 AND length(sign_sealed) = 104 THEN 1 ELSE 0 END FROM exchange_dest")"

city_count() { XINYONG_DB=$CITY sql "SELECT count(*) FROM record"; }
prov_count() { XINYONG_DB=$PROV sql "SELECT count(*) FROM record"; }
backlog() { XINYONG_DB=$CITY sql "SELECT count(*) FROM change c, exchange_dest d WHERE c.seq > d.acked_seq - CASE WHEN d.acked_part > 0 THEN 1 ELSE 0 END"; }

# wait_synced WHAT: until the city's backlog is empty and both hold as many records (120 s at most).
wait_synced() {
    local i
    for i in $(seq 1 1200); do
        if [ "$(backlog)" = 0 ] && [ "$(city_count)" = "$(prov_count)" ]; then
            return 0
        fi
        sleep 0.1
    done
    fail "$1: not synchronised: backlog $(backlog), city $(city_count), province $(prov_count); city: $(server_log city1 2>/dev/null || true) $(XINYONG_DB=$CITY "$XY" exchange dest list)"
}

# The city's server pushes while the rest of the data is imported; the province is killed mid-stream.
XINYONG_DB=$CITY start_server city1
CITY_URL=$URL
CPID=$SPID
import_files $((half + 1)) "$total_files" &
IMPORTER=$!
for i in $(seq 1 600); do
    n=$(prov_count)
    [ "$n" -gt 0 ] && break
    sleep 0.05
done
kill -KILL "$PPID0"
wait "$PPID0" 2>/dev/null || true
PIDS=$(printf '%s\n' $PIDS | grep -v -x "$PPID0" | tr '\n' ' ' || true)
wait "$IMPORTER" || fail "the import beside the push failed"
killed_at=$(prov_count)
# While the province is down the city keeps its cursor and counts failures.
for i in $(seq 1 200); do
    [ "$(XINYONG_DB=$CITY sql "SELECT failures FROM exchange_dest")" -gt 0 ] && break
    sleep 0.05
done
failures=$(XINYONG_DB=$CITY sql "SELECT failures FROM exchange_dest")
[ "$failures" -gt 0 ] || fail "the city counted no failure while the province was down"
lasterr=$(XINYONG_DB=$CITY sql "SELECT last_error FROM exchange_dest")
[ -n "$lasterr" ] || fail "no last error kept"
metrics=$(curl -s "$CITY_URL/metrics")
expect_contains "metrics: backlog" 'xinyong_exchange_backlog{dest="hubei"}' "$metrics"
expect_contains "metrics: last error" 'xinyong_exchange_last_error_info{dest="hubei"' "$metrics"

# Again on the same port (start_server's --port 0 would pick another).
: >"$WORK/prov1.err"
XINYONG_DB=$PROV "$XY" serve --port "$PPORT" >/dev/null 2>"$WORK/prov1.err" &
PPID1=$!
PIDS="$PIDS $PPID1"
for i in $(seq 1 400); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$PROV_URL/healthz" || true)" != 200 ] || break
    kill -0 "$PPID1" 2>/dev/null || fail "the province did not start again: $(cat "$WORK/prov1.err")"
    sleep 0.05
done

# The city is killed mid-push (while the province has fewer records than the city) and restarted.
for i in $(seq 1 400); do
    [ "$(prov_count)" -gt "$killed_at" ] && break
    sleep 0.02
done
kill -KILL "$CPID"
wait "$CPID" 2>/dev/null || true
PIDS=$(printf '%s\n' $PIDS | grep -v -x "$CPID" | tr '\n' ' ' || true)
echo "exchange: province killed at $killed_at records, city killed at $(prov_count) of $(city_count)" >&2
XINYONG_DB=$CITY start_server city1
CITY_URL=$URL
CPID=$SPID
wait_synced "after the kills"

# Records the city expires (its day moves on) leave the province's public view too: the province's
# own day has not moved, so only the pushed changes can do it.
XY_TODAY=2031-06-01 XINYONG_DB=$CITY run_xy 0 maintain
expired=$(XINYONG_DB=$CITY sql "SELECT count(*) FROM record WHERE status = 'expired'")
[ "$expired" -gt 0 ] || fail "the demo data has no record to expire by 2031"
wait_synced "after the expiry"

# Both hold the same records: counts and a hash per class, the same number of versions, no duplicate.
classes=$(XINYONG_DB=$CITY sql "SELECT DISTINCT class FROM record ORDER BY 1")
per_class() {
    XINYONG_DB=$1 sql "SELECT r.class, d.uscc, r.doc_no, r.status, r.decision_date, r.public_until, r.fields
                  FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.is_current = 1 AND r.class = '$2'
                  ORDER BY d.uscc, r.doc_no" | sha256sum | cut -c1-64
}
for c in $classes; do
    expect_eq "records of $c" "$(XINYONG_DB=$CITY sql "SELECT count(*) FROM record WHERE is_current = 1 AND class = '$c'")" \
        "$(XINYONG_DB=$PROV sql "SELECT count(*) FROM record WHERE is_current = 1 AND class = '$c'")"
    expect_eq "hash of $c" "$(per_class "$CITY" "$c")" "$(per_class "$PROV" "$c")"
done
expect_eq "versions" "$(city_count)" "$(prov_count)"
expect_eq "province expired" "$expired" "$(XINYONG_DB=$PROV sql "SELECT count(*) FROM record WHERE status = 'expired'")"
expect_eq "duplicates" 0 "$(XINYONG_DB=$PROV sql "SELECT count(*) FROM (SELECT 1 FROM record WHERE is_current = 1
                                                 GROUP BY class, dept_id, doc_no HAVING count(*) > 1) d")"
expect_eq "sources named" "$(prov_count)" "$(XINYONG_DB=$PROV sql "SELECT count(*) FROM record_source s
                                                JOIN exchange_source e ON e.id = s.source_id WHERE e.name = 'wuhan'")"
expect_eq "province audit chain" 0 "$(XINYONG_DB=$PROV "$XY" audit verify >/dev/null; echo $?)"
XINYONG_DB=$CITY run_xy 0 exchange run
expect_contains "run: nothing left" "nothing left" "$OUT"
XINYONG_DB=$CITY run_xy 0 exchange dest list
expect_contains "list: backlog" "backlog 0" "$OUT"
XINYONG_DB=$CITY run_xy 0 exchange dest disable hubei
expect_eq "disabled" 0 "$(XINYONG_DB=$CITY sql "SELECT enabled FROM exchange_dest WHERE name = 'hubei'")"
XINYONG_DB=$CITY run_xy 0 exchange dest enable hubei
expect_eq "enabled again" 1 "$(XINYONG_DB=$CITY sql "SELECT enabled FROM exchange_dest WHERE name = 'hubei'")"
XINYONG_DB=$CITY run_xy 1 exchange dest disable nosuch
api=$(curl -s -H "Authorization: Bearer $(XINYONG_DB=$CITY "$XY" key create --role office --name 市信用办 | tail -n 1)" \
    "$CITY_URL/api/v1/admin/exchange/destinations")
expect_contains "API: destination" '"name":"hubei"' "$api"
expect_contains "API: no failure" '"failures":0' "$api"
case "$api" in *"$PKEY"*) fail "the API shows the destination's key" ;; esac

# ---- reconciliation: counts and hashes per class and day on both sides ---------------------------
jsql() { # jsql JSON EXPR: an SQLite expression over the JSON text, as column v
    printf '%s' "$1" >"$WORK/j.json"
    sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$WORK/j.json') AS TEXT) AS v)"
}
class_count() { # class_count CLASS local|remote: the expression of that side's count
    echo "(SELECT json_extract(value, '\$.$2.count') FROM json_each(v, '\$.classes') WHERE json_extract(value, '\$.class') = '$1')"
}
differing() { # differing JSON: "class day" of each day that differs, sorted
    jsql "$1" "(SELECT group_concat(c, char(10)) FROM (SELECT json_extract(value, '\$.class') || ' ' ||
               json_extract(value, '\$.day') AS c FROM json_each(v, '\$.differ') ORDER BY c))"
}
XINYONG_DB=$CITY run_xy 0 exchange reconcile hubei
expect_contains "reconcile: agree" "both sides agree" "$OUT"
XINYONG_DB=$CITY run_xy 0 exchange reconcile hubei --json
rec_json=$OUT
expect_eq "reconcile --json: agree" 1 "$(jsql "$rec_json" "json_extract(v, '\$.agree')")"
expect_eq "reconcile: penalties counted" "$(XINYONG_DB=$CITY sql "SELECT count(*) FROM record WHERE is_current = 1 AND class = 'penalty'")" \
    "$(jsql "$rec_json" "$(class_count penalty remote)")"
# One day only: the same answer narrowed.
day=$(XINYONG_DB=$CITY sql "SELECT decision_date FROM record WHERE is_current = 1 AND class = 'penalty' ORDER BY id LIMIT 1")
XINYONG_DB=$CITY run_xy 0 exchange reconcile hubei --from "$day" --to "$day" --json
expect_eq "one day: penalties" "$(XINYONG_DB=$CITY sql "SELECT count(*) FROM record WHERE is_current = 1 AND class = 'penalty' AND decision_date = '$day'")" \
    "$(jsql "$OUT" "$(class_count penalty local)")"
XINYONG_DB=$CITY run_xy 1 exchange reconcile hubei --from 2020-13-01
XINYONG_DB=$CITY run_xy 1 exchange reconcile nosuch
# The summary answers a platform key only.
expect_eq "summary: office key refused" 403 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OKEY" \
    "$PROV_URL/api/v1/exchange/inbound/summary")"
expect_eq "summary: bad date" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $PKEY" \
    "$PROV_URL/api/v1/exchange/inbound/summary?from=x")"
# The province's copy altered behind the platform's back (one penalty's text, one licence gone from
# the current versions): reconcile names exactly those classes and days, and exits 1.
alt=$(XINYONG_DB=$PROV sql "SELECT r.id || '|' || r.decision_date FROM record r WHERE r.is_current = 1 AND r.class = 'penalty'
                       AND r.decision_date IS NOT NULL ORDER BY r.id LIMIT 1 OFFSET 7")
alt_id=${alt%%|*}
alt_day=${alt#*|}
if on_pg; then
    XINYONG_DB=$PROV sql "UPDATE record SET fields = CAST(jsonb_set(CAST(fields AS jsonb), '{content}', '\"altered\"') AS text) WHERE id = $alt_id"
else
    sqlite3 "$PROV" "UPDATE record SET fields = json_set(fields, '$.content', 'altered') WHERE id = $alt_id"
fi
gone=$(XINYONG_DB=$PROV sql "SELECT r.id || '|' || r.decision_date FROM record r WHERE r.is_current = 1 AND r.class = 'license'
                        AND r.decision_date IS NOT NULL ORDER BY r.id DESC LIMIT 1")
gone_id=${gone%%|*}
gone_day=${gone#*|}
XINYONG_DB=$PROV sql "UPDATE record SET is_current = 0 WHERE id = $gone_id"
XINYONG_DB=$CITY run_xy 1 exchange reconcile hubei --json
expect_eq "altered: disagree" 0 "$(jsql "$OUT" "json_extract(v, '\$.agree')")"
expect_eq "altered: the days named" "$(printf 'license %s\npenalty %s' "$gone_day" "$alt_day" | sort)" "$(differing "$OUT")"
expect_eq "altered: same count that day" 1 "$(jsql "$OUT" "(SELECT json_extract(value, '\$.local.count') =
    json_extract(value, '\$.remote.count') FROM json_each(v, '\$.differ') WHERE json_extract(value, '\$.class') = 'penalty')")"
XINYONG_DB=$CITY run_xy 1 exchange reconcile hubei
expect_contains "human: names the penalty day" "differs: penalty $alt_day" "$OUT"
expect_contains "human: names the licence day" "differs: license $gone_day" "$OUT"
XINYONG_DB=$PROV sql "UPDATE record SET is_current = 1 WHERE id = $gone_id"
XINYONG_DB=$CITY run_xy 1 exchange reconcile hubei --json
expect_eq "one difference left" "penalty $alt_day" "$(differing "$OUT")"

# ---- the inbound contract, by hand, as another platform (xiaogan) -------------------------------
XSK=$WORK/xiaogan.pem
XPUB=$(sign_keygen "$XSK")
# Registered over HTTP this time (PUT .../sources/{name}/key, the office's; the CLI's source-key above):
# a bad key and another role's key are refused, and the key given is the one kept.
put_key() { # KEY JSON: CODE
    CODE=$(curl -s -o "$WORK/ans" -w '%{http_code}' -X PUT -H "Authorization: Bearer $1" \
        -H "Content-Type: application/json" --data-binary "$2" "$PROV_URL/api/v1/admin/exchange/sources/xiaogan/key")
}
put_key "$OKEY" '{"public_key":"not-a-key"}'
expect_eq "source key over HTTP: not a key" 400 "$CODE"
expect_contains "source key over HTTP: says why" "Ed25519" "$(cat "$WORK/ans")"
put_key "$XKEY" "{\"public_key\":\"$XPUB\"}"
expect_eq "source key over HTTP: a platform key may not" 403 "$CODE"
put_key "$OKEY" "{\"public_key\":\"$XPUB\"}"
expect_eq "source key over HTTP" 200 "$CODE"
expect_eq "source key kept" "$XPUB" "$(XINYONG_DB=$PROV sql "SELECT verify_key FROM exchange_source WHERE name = 'xiaogan'")"
send() { # KEY BODY [HEADERS...]: the body as it is with the headers given; CODE, BODY_OUT
    local key=$1
    printf '%s' "$2" >"$WORK/send.json" # a file: a big body is over the length of one argument
    shift 2
    CODE=$(curl -s -o "$WORK/ans" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
        -H "Content-Type: application/json" "$@" --data-binary "@$WORK/send.json" "$PROV_URL/api/v1/exchange/inbound")
    BODY_OUT=$(cat "$WORK/ans")
}
post() { # KEY BODY [TS]: signed afresh with xiaogan's key; status in CODE, answer in BODY_OUT
    printf '%s' "$2" >"$WORK/body.json"
    sign_headers "$XSK" xiaogan "$WORK/body.json" ${3:+"$3"}
    local h=()
    while IFS= read -r line; do h+=(-H "$line"); done <"$WORK/sig.hdr"
    send "$1" "$2" "${h[@]}"
}
b1='{"source":"xiaogan","after":{"seq":0,"part":0},"first":{"seq":3,"part":0},"last":{"seq":4,"part":0},"changes":[]}'
post "$XKEY" "$b1"
expect_eq "first batch" 200 "$CODE"
ack1=$BODY_OUT
expect_contains "ack key" '"key":"xiaogan:3.0-4.0"' "$ack1"
h1=()
while IFS= read -r line; do h1+=(-H "$line"); done <"$WORK/sig.hdr"
post "$XKEY" "$b1"
expect_eq "resend answered" 200 "$CODE"
expect_eq "resend gets the same acknowledgement" "$ack1" "$BODY_OUT"
expect_eq "resend stored once" 1 "$(XINYONG_DB=$PROV sql "SELECT count(*) FROM exchange_inbound i JOIN exchange_source s
                                                      ON s.id = i.source_id WHERE s.name = 'xiaogan'")"
# The same request again, signature and all (a captured batch replayed): refused.
send "$XKEY" "$b1" "${h1[@]}"
expect_eq "replayed signature refused" 409 "$CODE"
expect_contains "replay: problem document" '"status":409' "$BODY_OUT"
state() { XINYONG_DB=$PROV sql "SELECT (SELECT count(*) FROM record) || ' ' || (SELECT count(*) FROM change) || ' ' ||
                           (SELECT count(*) FROM exchange_inbound) || ' ' || (SELECT count(*) FROM dept) || ' ' ||
                           (SELECT count(*) FROM batch)"; }
before=$(state)
gap='{"source":"xiaogan","after":{"seq":7,"part":0},"first":{"seq":8,"part":0},"last":{"seq":8,"part":0},"changes":[]}'
post "$XKEY" "$gap"
expect_eq "gap refused" 409 "$CODE"
expect_contains "gap: expected position" '"expected":{"seq":4,"part":0}' "$BODY_OUT"
expect_contains "gap: problem document" '"status":409' "$BODY_OUT"
reorder='{"source":"xiaogan","after":{"seq":4,"part":0},"first":{"seq":5,"part":0},"last":{"seq":9,"part":0},"changes":[
 {"pos":{"seq":6,"part":0},"kind":"record.withdrawn","class":"penalty","dept":{"uscc":"X"},"doc_no":"a"},
 {"pos":{"seq":5,"part":0},"kind":"record.withdrawn","class":"penalty","dept":{"uscc":"X"},"doc_no":"b"}]}'
post "$XKEY" "$reorder"
expect_eq "reordered changes refused" 400 "$CODE"
post "$XKEY" '{"source":"wuhan","after":{"seq":4,"part":0},"first":{"seq":5,"part":0},"last":{"seq":5,"part":0},"changes":[]}'
expect_eq "another platform's name" 403 "$CODE"
post "$OKEY" "$b1"
expect_eq "office key" 403 "$CODE"
bad='{"source":"xiaogan","after":{"seq":4,"part":0},"first":{"seq":5,"part":0},"last":{"seq":5,"part":0},"changes":[
 {"pos":{"seq":5,"part":0},"kind":"record.stored","class":"penalty","dept":{"uscc":"11420100MB1514396X","name":"x"},
  "doc_no":"n1","fields":{"party_name":"x"}}]}'
post "$XKEY" "$bad"
expect_eq "invalid record refused" 400 "$CODE"
expect_contains "invalid record named" "change 1" "$BODY_OUT"
# A batch of 64 changes or more is checked on a second thread ahead of the writer: 700 changes of
# state on records never received (the writer passes them while that thread waits for room), then
# an invalid record: refused by that change, nothing applied.
mixed=$(awk 'BEGIN { printf "{\"source\":\"xiaogan\",\"after\":{\"seq\":4,\"part\":0},\"first\":{\"seq\":5,\"part\":0},\"last\":{\"seq\":705,\"part\":0},\"changes\":[";
                     for (i = 5; i < 705; i++) printf "{\"pos\":{\"seq\":%d,\"part\":0},\"kind\":\"record.withdrawn\",\"class\":\"penalty\",\"dept\":{\"uscc\":\"11420100MB1514396X\"},\"doc_no\":\"w%d\",\"status\":\"withdrawn\"},", i, i;
                     printf "{\"pos\":{\"seq\":705,\"part\":0},\"kind\":\"record.stored\",\"class\":\"penalty\",\"dept\":{\"uscc\":\"11420100MB1514396X\",\"name\":\"x\"},\"doc_no\":\"n1\",\"fields\":{\"party_name\":\"x\"}}]}" }')
post "$XKEY" "$mixed"
expect_eq "invalid record after 700 changes refused" 400 "$CODE"
expect_contains "invalid record after 700 changes named" "change 701" "$BODY_OUT"
big=$(awk 'BEGIN { printf "{\"source\":\"xiaogan\",\"after\":{\"seq\":4,\"part\":0},\"first\":{\"seq\":5,\"part\":0},\"last\":{\"seq\":9000,\"part\":0},\"changes\":[";
                   for (i = 5; i < 5006; i++) printf "%s{\"pos\":{\"seq\":%d,\"part\":0},\"kind\":\"x\"}", (i > 5 ? "," : ""), i;
                   printf "]}" }')
post "$XKEY" "$big"
expect_eq "too many changes" 413 "$CODE"
post "$XKEY" '{"source":"xiaogan","after":'
expect_eq "broken JSON" 400 "$CODE"
b2='{"source":"xiaogan","after":{"seq":4,"part":0},"first":{"seq":5,"part":0},"last":{"seq":5,"part":0},"changes":[]}'
send "$XKEY" "$b2"
expect_eq "unsigned batch" 403 "$CODE"
send "$XKEY" "$b2" "${h1[@]}"
expect_eq "another batch's signature" 403 "$CODE"
post "$XKEY" "$b2" "$(($(date +%s) - 3600))"
expect_eq "stale timestamp" 403 "$CODE"
OSK=$WORK/other.pem
sign_keygen "$OSK" >/dev/null
printf '%s' "$b2" >"$WORK/body.json"
sign_headers "$OSK" xiaogan "$WORK/body.json"
h2=()
while IFS= read -r line; do h2+=(-H "$line"); done <"$WORK/sig.hdr"
send "$XKEY" "$b2" "${h2[@]}"
expect_eq "signed with another key" 403 "$CODE"
expect_contains "signature named" "signature" "$BODY_OUT"
expect_eq "refused batches changed nothing" "$before" "$(state)"
expect_eq "xiaogan's position" "4|0" "$(XINYONG_DB=$PROV sql "SELECT last_seq || '|' || last_part FROM exchange_source WHERE name = 'xiaogan'")"

# A destination written before migration 30 (its key in clear, no key pair) is sealed and given a
# key pair at its next use.
XINYONG_DB=$CITY sql "INSERT INTO exchange_dest (name, url, key, classes, enabled, created_at, source, acked_seq)
                 SELECT 'legacy', url, '$PKEY', '[]', 0, created_at, 'wuhan', acked_seq FROM exchange_dest WHERE name = 'hubei'"
XINYONG_DB=$CITY run_xy 0 exchange run legacy
expect_eq "legacy destination sealed" 1 "$(XINYONG_DB=$CITY sql "SELECT CASE WHEN key = '' AND length(key_sealed) = length('$PKEY') + 40
                                                   AND length(sign_sealed) = 104 AND length(sign_pub) = 44 THEN 1 ELSE 0 END FROM exchange_dest WHERE name = 'legacy'")"

stop_server "$CPID" city1
stop_server "$PPID1" prov1
echo "exchange: ok ($(city_count) records on both sides, $expired expired)"
