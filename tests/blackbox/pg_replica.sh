#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Read replicas and failover on PostgreSQL (docs/deploy/postgres-ha.md): a primary and a streaming
# replica on this machine (initdb, pg_basebackup -R, two ports on Unix sockets in a temporary
# folder), `serve --db PRIMARY --db-read REPLICA`.
#  1. A batch is written through the API with the replica's replay paused: a public read does not
#     see it yet (public reads go to the replica), the submitting department reads its own batch at
#     once (its reads go to the primary until the replica has replayed its write); replay resumed,
#     the public read sees it.
#  2. The primary is stopped (immediate: as a crash) while a public reader and a department writer
#     run: reads are still answered, writes 503 with Retry-After and a problem document; the primary
#     started again, writes resume by themselves (no restart of the server).
#  3. Afterwards every batch answered 201 is in the database with all its records and the counts the
#     answer gave, and every batch in the database is whole (no torn batch).
# Skipped (exit 77) only when postgresql-15 is not installed (scripts/install-deps installs it).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
. "$HERE/pg.sh.inc"
if ! pg_setup; then
    echo "skipped: postgresql-15 is not installed (scripts/install-deps installs it)"
    exit 77
fi
trap 'cleanup; pg_cleanup' EXIT
trap 'exit 130' INT TERM HUP

DEPT=11230500001755309F
PUB=91110000600037341L   # the subject of the first batch, read by the public
P1=$(pg_free_port)
P2=$(pg_free_port)
pg_primary primary "$P1"
pg_replica replica "$P2" "$P1"
[ "$(pg_sql "$P2" 'SELECT pg_is_in_recovery()')" = t ] || fail "the replica is not in recovery"
PRIMARY=$(pg_url "$P1")
REPLICA=$(pg_url "$P2")
export XINYONG_DB="$PRIMARY" XINYONG_KEY_FILE="$WORK/xinyong.key"

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 key create --role department --dept "$DEPT" --name 复制测试
KEY=$(printf '%s\n' "$OUT" | tail -n 1)

# replayed PORT: waits (at most 60 s) until the replica has replayed what the primary wrote so far.
replayed() {
    local lsn i
    lsn=$(pg_sql "$P1" 'SELECT pg_current_wal_lsn()')
    for i in $(seq 1 600); do
        [ "$(pg_sql "$P2" "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" != t ] || return 0
        sleep 0.1
    done
    fail "the replica did not replay up to $lsn"
}

# make_batch TAG CODE ROWS: penalty rows on subject CODE whose document numbers carry TAG.
make_batch() {
    awk -v tag="$1" -v c="$2" -v n="$3" 'BEGIN {
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
        for (i = 1; i <= n; i++)
            printf "复制测试企业%s有限公司,02,%s,张三,复罚〔%s〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, tag, i, i, i / 100, i % 100;
    }' >"$WORK/batch-$1.csv"
}

# submit TAG: POSTs batch TAG; CODE, HEADERS (file), BODY set.
submit() {
    CODE=$(curl -s -m 60 -D "$WORK/h-$1" -o "$WORK/resp-$1" -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" \
        -H "Content-Type: text/csv" --data-binary @"$WORK/batch-$1.csv" "$URL/api/v1/batches?class=penalty" || true)
    BODY=$(cat "$WORK/resp-$1" 2>/dev/null || true)
}

# get PATH [KEY]: CODE and BODY of a GET.
get() {
    local auth=()
    [ -z "${2:-}" ] || auth=(-H "Authorization: Bearer $2")
    CODE=$(curl -s -m 30 -o "$WORK/get" -w '%{http_code}' "${auth[@]}" "$URL$1" || true)
    BODY=$(cat "$WORK/get" 2>/dev/null || true)
}

replayed # the key and the department are on the replica
start_server main --db-read "$REPLICA" --access-log off --threads 4

# ---- 1. read-your-writes ----
pg_sql "$P2" 'SELECT pg_wal_replay_pause()' >/dev/null
make_batch one "$PUB" 30
submit one
expect_eq "first batch" 201 "$CODE"
B1=$(json_get "$BODY" batch)
expect_contains "first batch's answer" '"accepted":30' "$BODY"
get "/api/v1/subjects/$PUB"
expect_eq "public read while the replica's replay is paused (it must come from the replica)" 404 "$CODE"
get "/api/v1/batches/$B1" "$KEY"
expect_eq "the department reading its batch just after submitting it" 200 "$CODE"
expect_contains "the department's own batch" '"accepted":30' "$BODY"
get "/api/v1/dept/records?class=penalty&limit=100" "$KEY"
expect_eq "the department's records just after its batch" 200 "$CODE"
[ "$(printf '%s' "$BODY" | grep -o '复罚〔one〕' | wc -l)" = 30 ] || fail "the department read a stale list of its records: $BODY"
pg_sql "$P2" 'SELECT pg_wal_replay_resume()' >/dev/null
replayed
get "/api/v1/subjects/$PUB"
expect_eq "public read once the replica has replayed the batch" 200 "$CODE"
expect_contains "the subject read through the replica" "$PUB" "$BODY"

# ---- 2. failover: the primary stops during reads and writes, then comes back ----
: >"$WORK/reads"
: >"$WORK/writes"
reader() {
    while [ ! -e "$WORK/stop" ]; do
        curl -s -m 30 -o /dev/null -w '%{http_code}\n' "$URL/api/v1/subjects/$PUB" >>"$WORK/reads" || echo 000 >>"$WORK/reads"
    done
}
# writer: batches one after another; a line "TAG CODE BATCH RETRY-AFTER" each.
writer() {
    local i=0 tag code id ra
    while [ ! -e "$WORK/stop" ]; do
        i=$((i + 1))
        tag="w$i"
        make_batch "$tag" 91420684MA4927PJ7B 40
        code=$(curl -s -m 60 -D "$WORK/wh-$tag" -o "$WORK/wr-$tag" -w '%{http_code}' -X POST \
            -H "Authorization: Bearer $KEY" -H "Content-Type: text/csv" --data-binary @"$WORK/batch-$tag.csv" \
            "$URL/api/v1/batches?class=penalty" || echo 000)
        id=$(json_get "$(cat "$WORK/wr-$tag" 2>/dev/null || true)" batch)
        ra=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$WORK/wh-$tag" 2>/dev/null | head -n 1 || true)
        echo "$tag $code ${id:-0} ${ra:--}" >>"$WORK/writes"
        [ "$code" = 201 ] || sleep 0.2
    done
}
reader &
RPID=$!
writer &
WPID=$!
PIDS="$PIDS $RPID $WPID"
# count CODE FILE: lines of FILE whose second (writes) or only (reads) field is CODE.
count() {
    awk -v c="$1" '($2 == "" ? $1 : $2) == c' "$2" | wc -l
}
for i in $(seq 1 600); do
    [ "$(count 201 "$WORK/writes")" -lt 3 ] || break
    sleep 0.1
done
[ "$(count 201 "$WORK/writes")" -ge 3 ] || fail "the writer got no 201 before the failover: $(cat "$WORK/writes")"

pg_stop primary immediate
reads_before=$(wc -l <"$WORK/reads")
make_batch down 9144030071526726XG 10
submit down
expect_eq "a batch while no primary answers" 503 "$CODE"
grep -qi '^Retry-After: *[0-9]' "$WORK/h-down" || fail "the 503 has no Retry-After: $(cat "$WORK/h-down")"
grep -qi '^Content-Type: *application/problem+json' "$WORK/h-down" || fail "the 503 is not a problem document"
expect_contains "the 503's problem document" '"status":503' "$BODY"
get "/api/v1/subjects/$PUB"
expect_eq "a public read while no primary answers" 200 "$CODE"
for i in $(seq 1 600); do
    [ "$(count 503 "$WORK/writes")" -lt 1 ] || [ "$(wc -l <"$WORK/reads")" -lt $((reads_before + 20)) ] || break
    sleep 0.1
done
[ "$(count 503 "$WORK/writes")" -ge 1 ] || fail "the writer saw no 503 while the primary was down: $(tail -n 5 "$WORK/writes")"
[ "$(wc -l <"$WORK/reads")" -ge $((reads_before + 20)) ] || fail "reads stopped while the primary was down"

pg_start primary "$P1"
ok=""
for i in $(seq 1 120); do
    make_batch "up$i" 9144030071526726XG 10
    submit "up$i"
    if [ "$CODE" = 201 ]; then
        ok=$i
        break
    fi
    [ "$CODE" = 503 ] || fail "a batch while the primary comes back: $CODE $BODY"
    sleep 0.5
done
[ -n "$ok" ] || fail "writes did not resume after the primary came back"
BUP=$(json_get "$BODY" batch)
get "/api/v1/batches/$BUP" "$KEY"
expect_eq "the department reading the batch written after the primary came back" 200 "$CODE"
writes_at_restart=$(count 201 "$WORK/writes")
for i in $(seq 1 600); do
    [ "$(count 201 "$WORK/writes")" -le "$writes_at_restart" ] || break
    sleep 0.1
done
[ "$(count 201 "$WORK/writes")" -gt "$writes_at_restart" ] || fail "the writer did not resume: $(tail -n 5 "$WORK/writes")"
touch "$WORK/stop"
wait "$RPID" "$WPID" || true

# Every read was answered, before, during and after the outage.
bad=$(grep -v -x 200 "$WORK/reads" | sort | uniq -c | tr '\n' ' ' || true)
[ -z "$bad" ] || fail "public reads not answered 200: $bad (of $(wc -l <"$WORK/reads"))"
# Writes: 201 or 503 with Retry-After, nothing else.
awk '$2 != 201 && !($2 == 503 && $4 != "-")' "$WORK/writes" >"$WORK/odd"
[ ! -s "$WORK/odd" ] || fail "writes answered other than 201, or 503 without Retry-After: $(head -n 5 "$WORK/odd"); \
the first: $(cat "$WORK/wr-$(head -n 1 "$WORK/odd" | cut -d' ' -f1)" 2>/dev/null || true); server: $(server_log main)"

# ---- 3. no acknowledged write lost, no torn batch ----
# Each batch answered 201 is there with its 40 records (the writer's) and the answer's counts.
while read -r tag code id ra; do
    [ "$code" = 201 ] || continue
    n=$(pg_sql "$P1" "SELECT count(*) FROM record WHERE batch_id = $id")
    expect_eq "records of batch $id ($tag), acknowledged" 40 "$n"
    expect_eq "batch $id ($tag) as stored" "40|40|$DEPT" \
        "$(pg_sql "$P1" "SELECT b.accepted, b.added, d.uscc FROM batch b JOIN dept d ON d.id = b.dept_id WHERE b.id = $id")"
done <"$WORK/writes"
# Every batch stored is finished and holds as many records as it says it added: none half there.
torn=$(pg_sql "$P1" "SELECT b.id FROM batch b LEFT JOIN record r ON r.batch_id = b.id GROUP BY b.id, b.added, b.finished_at
                     HAVING b.finished_at IS NULL OR count(r.id) <> b.added")
[ -z "$torn" ] || fail "torn batches: $torn"
# A document number is in at most one version: no batch was applied twice.
dup=$(pg_sql "$P1" "SELECT doc_no FROM record GROUP BY doc_no HAVING count(*) > 1 LIMIT 3")
[ -z "$dup" ] || fail "records stored twice: $dup"
# The replica catches up with everything written after the restart.
replayed
get "/api/v1/subjects/9144030071526726XG"
expect_eq "public read of the subject written after the primary came back" 200 "$CODE"

stop_server "$SPID" main
echo "pg_replica: ok ($(count 201 "$WORK/writes") batches acknowledged, $(count 503 "$WORK/writes") answered 503, $(wc -l <"$WORK/reads") reads)"
