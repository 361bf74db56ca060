#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Backups and restores. `xinyong backup` taken while a client imports batch after batch through the
# API: restored, it holds every batch acknowledged before the backup began, each batch whole, none
# begun after it ended, and an unbroken audit chain. `xinyong restore` refuses, changing nothing,
# while the server has the database, a file that is not a database, a damaged one, one whose audit
# log was altered, and any file when the key file is missing. `serve --backup-dir --backup-keep`
# takes the day's copy at start and on each new day and keeps the newest N, leaving other files.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
DEPT=11230500001755309F
ROWS=40

echo 2026-11-28 >"$WORK/today"
export XY_TODAY=@$WORK/today
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 key create --role department --dept "$DEPT" --name 备份测试
KEY=$(printf '%s\n' "$OUT" | tail -n 1)

# Daily copies: three older ones (two beyond --backup-keep 2 once today's is taken) and a file
# that is not one of them.
mkdir "$WORK/daily"
for d in 2026-11-25 2026-11-26 2026-11-27; do echo old >"$WORK/daily/xinyong-$d.db"; done
echo keep me >"$WORK/daily/notes.txt"

# wait_for FILE: up to 20 s.
wait_for() {
    local i
    for i in $(seq 1 400); do
        [ ! -e "$1" ] || return 0
        sleep 0.05
    done
    fail "$1 never appeared; server log: $(server_log srv)"
}

start_server srv --threads 2 --backup-dir "$WORK/daily" --backup-keep 2
wait_for "$WORK/daily/xinyong-2026-11-28.db"
# The old ones are removed right after the copy is linked into place: wait for that, 20 s at most.
for i in $(seq 1 400); do [ -e "$WORK/daily/xinyong-2026-11-26.db" ] || break; sleep 0.05; done
expect_eq "daily copies kept" "notes.txt xinyong-2026-11-27.db xinyong-2026-11-28.db" \
    "$(cd "$WORK/daily" && ls | tr '\n' ' ' | sed 's/ $//')"
expect_eq "daily copy mode" 600 "$(stat -c %a "$WORK/daily/xinyong-2026-11-28.db")"

# ---- a client importing batches, one after another, until told to stop ----
make_batch() {
    awk -v tag="$1" -v n="$ROWS" 'BEGIN {
        split("91110000600037341L 91420684MA4927PJ7B 9144030071526726XG 91310115MA1K3BTP2B", codes, " ");
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
        for (i = 1; i <= n; i++) {
            c = codes[(i % 4) + 1];
            printf "测试企业%s有限公司,02,%s,张三,备罚〔%s〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, tag, i, i, i / 100, i % 100;
        }
    }' >"$WORK/batch-$1.csv"
}
: >"$WORK/results"
submitter() {
    local i=0 tag code id
    while [ ! -e "$WORK/stop" ]; do
        i=$((i + 1))
        tag="t$i"
        make_batch "$tag"
        code=$(curl -s -m 60 -o "$WORK/resp-$tag" -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" \
            -H "Content-Type: text/csv" --data-binary @"$WORK/batch-$tag.csv" "$URL/api/v1/batches?class=penalty" ||
            true)
        id=$(json_get "$(cat "$WORK/resp-$tag")" batch)
        [ "$code" = 201 ] || { echo "$tag $code" >"$WORK/submit-failed"; return 0; }
        echo "$tag $id" >>"$WORK/results"
        rm -f "$WORK/batch-$tag.csv"
    done
}
# wait_acked N: until N batches are acknowledged (up to 60 s).
wait_acked() {
    local i
    for i in $(seq 1 1200); do
        [ ! -e "$WORK/submit-failed" ] || fail "a batch was refused: $(cat "$WORK/submit-failed")"
        [ "$(wc -l <"$WORK/results")" -lt "$1" ] || return 0
        sleep 0.05
    done
    fail "fewer than $1 batches acknowledged in 60 s"
}
submitter &
SUB=$!
PIDS="$PIDS $SUB"

wait_acked 3
cp "$WORK/results" "$WORK/acked-before"
run_xy 0 backup "$WORK/b.db"
expect_contains "backup says" "backup $WORK/b.db" "$OUT"
expect_contains "key warning (en)" "the backup does not hold the key file $XINYONG_DB.key" "$ERR"
expect_contains "signing key (en)" "the report signing key $XINYONG_DB.sm2.pem is not in it either" "$ERR"
LANG=zh_CN.UTF-8 LC_MESSAGES= run_xy 0 backup "$WORK/b-zh.db"
expect_contains "key warning (zh)" "备份不含密钥文件 $XINYONG_DB.key" "$ERR"
expect_contains "signing key (zh)" "报告签名密钥 $XINYONG_DB.sm2.pem 也不在备份中" "$ERR"
case "$ERR" in *"the backup does not hold"*) fail "the Chinese warning carries the English one: $ERR" ;; esac
rm -f "$WORK/b-zh.db"
expect_eq "backup mode" 600 "$(stat -c %a "$WORK/b.db")"
after=$(wc -l <"$WORK/results")
# Two more acknowledged: the second of them was begun after the backup had ended.
wait_acked $((after + 2))
late=$(sed -n "$((after + 2))p" "$WORK/results" | cut -d' ' -f1)
touch "$WORK/stop"
wait "$SUB"
[ ! -e "$WORK/submit-failed" ] || fail "a batch was refused: $(cat "$WORK/submit-failed")"
total_batches=$(sql "SELECT count(*) FROM batch")

# ---- refused while the server has the database ----
run_xy 1 restore "$WORK/b.db"
expect_contains "restore under a server" "stop it before restoring" "$ERR"
expect_eq "nothing restored under a server" "$total_batches" "$(sql "SELECT count(*) FROM batch")"
expect_eq "no copy left" "" "$(ls "$WORK" | grep -e '\.restoring' -e '\.replaced-' || true)"

# ---- a new day: a new daily copy, the oldest beyond 2 removed ----
echo 2026-11-29 >"$WORK/today"
wait_for "$WORK/daily/xinyong-2026-11-29.db"
sleep 0.2
expect_eq "daily copies on the next day" "notes.txt xinyong-2026-11-28.db xinyong-2026-11-29.db" \
    "$(cd "$WORK/daily" && ls | tr '\n' ' ' | sed 's/ $//')"
stop_server "$SPID" srv
expect_contains "server said backup" "xinyong-2026-11-29.db taken" "$(cat "$WORK/srv.err")"

# ---- bad files refused, nothing changed ----
db_sum() { sha256sum "$XINYONG_DB" | cut -d' ' -f1; }
before=$(db_sum)
# refuse FILE WHAT NEEDLE: restore fails naming NEEDLE, the database as it was, no copy left.
refuse() {
    run_xy 1 restore "$1"
    expect_contains "$2" "$3" "$ERR"
    expect_eq "$2: database unchanged" "$before" "$(db_sum)"
    expect_eq "$2: no copy left" "" "$(ls "$WORK" | grep -e '\.restoring' -e '\.replaced-' || true)"
}
head -c 300000 /dev/urandom >"$WORK/noise.db"
refuse "$WORK/noise.db" "noise" "is not a database this program can use"
: >"$WORK/empty.db"
refuse "$WORK/empty.db" "empty file" "is not a database this program can use"
cp "$WORK/b.db" "$WORK/damaged.db"
# Pages in the middle of the file overwritten (the header and schema left alone).
size=$(stat -c %s "$WORK/damaged.db")
dd if=/dev/urandom of="$WORK/damaged.db" bs=8192 seek=$((size / 8192 / 2)) count=3 conv=notrunc status=none
refuse "$WORK/damaged.db" "damaged pages" "damaged.db"
cp "$WORK/b.db" "$WORK/altered.db"
sqlite3 "$WORK/altered.db" "UPDATE audit SET detail = '{\"rows\":1}' WHERE seq = 3"
refuse "$WORK/altered.db" "altered audit log" "audit chain breaks at entry 3"
cp "$WORK/b.db" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 999"
refuse "$WORK/newer.db" "a newer program's database" "its schema version 999 is newer than this program's"
XINYONG_KEY_FILE=$WORK/no-such.key run_xy 1 restore "$WORK/b.db"
expect_contains "no key file" "key file $WORK/no-such.key not found" "$ERR"
expect_eq "no key file: database unchanged" "$before" "$(db_sum)"
refuse "$WORK/no-such-backup.db" "missing backup" "cannot read backup"
# A database server's address has no file beside it to keep the key in: the key file must be named.
# Refused before any connection is tried (port 1 would refuse one), and no key file is made.
for cmd in init "dept list"; do
    set +e
    # shellcheck disable=SC2086
    ERR=$(cd "$WORK" && env -u XINYONG_KEY_FILE "$XY" --db postgresql://xy@127.0.0.1:1/xinyong $cmd 2>&1 >/dev/null)
    got=$?
    set -e
    [ "$got" != 0 ] || fail "$cmd on a PostgreSQL address without XINYONG_KEY_FILE: exit 0"
    expect_contains "$cmd: the key file must be named" "XINYONG_KEY_FILE must name the key file" "$ERR"
    expect_eq "$cmd: no key file made" "" "$(ls "$WORK" | grep -F 'postgresql' || true)"
done

# ---- the backup taken during the writes, restored ----
run_xy 0 restore "$WORK/b.db"
expect_contains "restore says" "restored $XINYONG_DB from $WORK/b.db" "$OUT"
replaced=$(printf '%s\n' "$OUT" | sed -n 's/^the database it replaced is kept as //p')
[ -n "$replaced" ] && [ -f "$replaced" ] || fail "the replaced database was not kept: $OUT"
expect_eq "replaced database whole" "$total_batches" "$(sqlite3 "$replaced" "SELECT count(*) FROM batch")"
expect_contains "key file named" "$XINYONG_DB.key" "$ERR"
expect_eq "integrity" ok "$(sql 'PRAGMA integrity_check')"
run_xy 0 audit verify
expect_contains "audit chain" "whole" "$OUT"
expect_eq "restore audited" "db.restore" "$(sql "SELECT action FROM audit ORDER BY seq DESC LIMIT 1")"
while read -r tag id; do
    expect_eq "acknowledged batch $tag (batch $id) restored" "$ROWS|$ROWS" \
        "$(sql "SELECT accepted || '|' || (SELECT count(*) FROM record r WHERE r.batch_id = b.id) FROM batch b WHERE id = $id")"
done <"$WORK/acked-before"
expect_eq "every batch whole" 0 \
    "$(sql 'SELECT count(*) FROM batch b WHERE b.finished_at IS NULL OR b.added != (SELECT count(*) FROM record r WHERE r.batch_id = b.id)')"
expect_eq "batch begun after the backup absent" 0 "$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '备罚〔$late〕%'")"
restored=$(sql "SELECT count(*) FROM batch")
[ "$restored" -lt "$total_batches" ] || fail "the restored database has $restored batches, the live one had $total_batches"

# The restored database serves, and the scheduled copy restores too.
start_server again --threads 1
expect_eq "served after restore" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    "$URL/api/v1/batches/$(head -n 1 "$WORK/acked-before" | cut -d' ' -f2)")"
stop_server "$SPID" again
run_xy 0 restore "$WORK/daily/xinyong-2026-11-29.db"
run_xy 0 audit verify
expect_eq "the day's copy holds every batch" "$total_batches" "$(sql "SELECT count(*) FROM batch")"
echo "ok: backup during writes restored with every acknowledged batch; bad files refused"
