#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `xinyong migrate`: the demo database moved to PostgreSQL (a throwaway cluster, tests/store/pg-cluster.sh),
# every table the same by count and hash, the audit chain verifying there with the app's own check, ids
# going on past the copied ones. An interrupted migration (SIGKILL while a table is being copied) started
# again goes on from where it stopped and ends with every table the same. Bad input changes nothing: a
# missing source, a source at another schema version, an unreachable server, a target holding another
# database's tables, a target that already holds the data.
# Needs PostgreSQL's server programs (Debian postgresql-15); exit 77 (skipped) without them.
if [ -z "${XY_TEST_PG:-}" ]; then
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)
    [ -n "$initdb" ] || { echo "skipped: no PostgreSQL server programs (postgresql-15)"; exit 77; }
    exec "$(dirname "$0")/../store/pg-cluster.sh" "$(dirname "$initdb")" bash "$0"
fi
# This test makes its own databases in the cluster: lib.sh.inc's PostgreSQL mode (for the suite run
# on PostgreSQL) is not for it.
PG=$XY_TEST_PG
unset XY_TEST_PG
. "$(dirname "$0")/lib.sh.inc"
# psql DB SQL: one value per line, no headers.
q() {
    psql "$1" -XAtqc "$2"
}
# Another database on the same cluster: the connection string with the database's name changed.
db_url() {
    printf '%s' "$PG" | sed "s|:///postgres?|:///$1?|"
}

"$XY" --help >/dev/null
run_xy 2 migrate --from x.db
expect_contains "usage" "usage: xinyong migrate --from FILE.db --to postgresql://" "$ERR"

# The demo database (scripts/make-demo, as `make demo` builds it), with a claim, a key and a check on
# top so that the rights, keys and checks tables hold rows too.
"$XY_SRC/scripts/make-demo" "$XY" "$WORK/demo" 200 >/dev/null 2>"$WORK/demo.err" || fail "make-demo: $(cat "$WORK/demo.err")"
SRC=$WORK/demo/xinyong.db
export XINYONG_DB=$SRC
run_xy 0 key create --role office --name 迁移测试
SUBJ=$(sqlite3 "$SRC" "SELECT uscc FROM subject WHERE uscc IS NOT NULL ORDER BY id LIMIT 1")
run_xy 0 jrp check --dept 11420100MB1514396X --matter "$(sqlite3 "$SRC" "SELECT code FROM matter ORDER BY code LIMIT 1")" "$SUBJ"
expect_eq "a check logged" "1" "$(sqlite3 "$SRC" "SELECT count(*) FROM checks")"
export XINYONG_KEY_FILE=$SRC.key
tables=$(sqlite3 "$SRC" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
audit_n=$(sqlite3 "$SRC" "SELECT count(*) FROM audit")
src_sum=$(sha256sum "$SRC" | cut -d' ' -f1)

# Bad input, each changing nothing.
q "$PG" "CREATE DATABASE empty1" >/dev/null
EMPTY=$(db_url empty1)
run_xy 2 migrate --from "$WORK/nope.db" --to "$EMPTY"
expect_contains "missing source" "is not a readable SQLite database file" "$ERR"
version=$(sqlite3 "$SRC" "PRAGMA user_version")
cp "$SRC" "$WORK/old.db"
sqlite3 "$WORK/old.db" "PRAGMA user_version = $((version - 1))"
run_xy 2 migrate --from "$WORK/old.db" --to "$EMPTY"
expect_contains "older source" "has schema version $((version - 1)), this program's is $version" "$ERR"
run_xy 2 migrate --from "$SRC" --to "postgresql:///postgres?host=$WORK/nosocket&port=1&user=postgres"
expect_contains "unreachable server" "cannot open the target database" "$ERR"
run_xy 2 migrate --from "$SRC" --to "$WORK/other.db"
expect_contains "not a server" "the target must be a PostgreSQL address" "$ERR"
expect_eq "tables in the target after refusals" "0" "$(q "$EMPTY" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
q "$PG" "CREATE DATABASE foreign1" >/dev/null
q "$(db_url foreign1)" "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)" >/dev/null
run_xy 2 migrate --from "$SRC" --to "$(db_url foreign1)"
expect_contains "another database" "is not empty (it has a table orders)" "$ERR"
expect_eq "the other database's tables" "orders" "$(q "$(db_url foreign1)" "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")"

# The whole migration into an empty database: every table the same, the audit chain whole there.
run_xy 0 migrate --from "$SRC" --to "$EMPTY"
expect_contains "summary" "$tables tables" "$OUT"
expect_contains "summary" "every table the same" "$OUT"
expect_eq "tables compared" "$tables" "$(printf '%s\n' "$OUT" | grep -c '^same ')"
expect_contains "progress on stderr" "table record: " "$ERR"
expect_eq "source unchanged" "$src_sum" "$(sha256sum "$SRC" | cut -d' ' -f1)"
for t in subject record batch audit api_key checks measure name_gram gram_count calendar_day; do
    expect_eq "rows of $t" "$(sqlite3 "$SRC" "SELECT count(*) FROM $t")" "$(q "$EMPTY" "SELECT count(*) FROM $t")"
done
expect_eq "record versions" "$(sqlite3 "$SRC" "SELECT group_concat(v, ',') FROM (SELECT version || ':' || is_current AS v FROM record ORDER BY id)")" \
    "$(q "$EMPTY" "SELECT string_agg(version || ':' || is_current, ',' ORDER BY id) FROM record")"
expect_eq "a hash byte for byte" "$(sqlite3 "$SRC" "SELECT lower(hex(hash)) FROM audit ORDER BY seq DESC LIMIT 1")" \
    "$(q "$EMPTY" "SELECT encode(hash, 'hex') FROM audit ORDER BY seq DESC LIMIT 1")"
expect_eq "the progress table is gone" "0" "$(q "$EMPTY" "SELECT count(*) FROM pg_tables WHERE tablename = 'xy_copy'")"
run_xy 0 --db "$EMPTY" audit verify
expect_eq "audit verify on PostgreSQL" "audit chain: $audit_n entries, whole" "$OUT"
# Ids go on past the copied ones: a key created on PostgreSQL gets the next id.
max_key=$(sqlite3 "$SRC" "SELECT max(id) FROM api_key")
run_xy 0 --db "$EMPTY" key create --role auditor --name 迁移后
expect_eq "next key id" "$((max_key + 1))" "$(q "$EMPTY" "SELECT max(id) FROM api_key")"
run_xy 0 --db "$EMPTY" audit verify
expect_eq "audit verify after a write" "audit chain: $((audit_n + 1)) entries, whole" "$OUT"
# A second run finds the data there and refuses, changing nothing.
run_xy 2 migrate --from "$SRC" --to "$EMPTY"
expect_contains "target holds data" "holds data already" "$ERR"

# Into a database initialised by `xinyong init` (its seeded calendar, model and counts are replaced).
q "$PG" "CREATE DATABASE inited" >/dev/null
INITED=$(db_url inited)
run_xy 0 --db "$INITED" init
# The indexes and foreign keys the copy set aside during each load are all back, as init made them.
schema_sql="SELECT (SELECT string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public')
  || (SELECT string_agg(conname || pg_get_constraintdef(oid), ';' ORDER BY conname) FROM pg_constraint WHERE contype = 'f')"
expect_eq "indexes and foreign keys after the copy" "$(q "$INITED" "$schema_sql")" "$(q "$EMPTY" "$schema_sql")"
run_xy 0 migrate --from "$SRC" --to "$INITED"
expect_contains "into an initialised database" "every table the same" "$OUT"
expect_eq "policy count" "$(sqlite3 "$SRC" "SELECT n FROM policy_gen")" "$(q "$INITED" "SELECT n FROM policy_gen")"

# Interrupted: another session holds an uncommitted row of name_gram that the copy also writes, so the
# copy waits there (the unique check waits for the other transaction), with the tables before it
# committed. Killed while it waits, then started again once the other session has rolled back.
q "$PG" "CREATE DATABASE resumed" >/dev/null
RES=$(db_url resumed)
run_xy 0 --db "$RES" init
row=$(sqlite3 "$SRC" "SELECT quote(gram) || ', ' || pos || ', ' || len || ', ' || subject_id FROM name_gram
                      ORDER BY gram, pos, len, subject_id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM name_gram)")
mkfifo "$WORK/hold"
psql "$RES" -Xq <"$WORK/hold" >"$WORK/hold.out" 2>&1 &
holder=$!
exec 3>"$WORK/hold"
echo "BEGIN; INSERT INTO name_gram VALUES ($row);" >&3
"$XY" migrate --from "$SRC" --to "$RES" >"$WORK/m1.out" 2>"$WORK/m1.err" &
mig=$!
waiting=0
for i in $(seq 1 600); do
    if [ "$(q "$PG" "SELECT count(*) FROM pg_stat_activity WHERE datname = 'resumed' AND wait_event_type = 'Lock'
                     AND query LIKE 'COPY \"name_gram\"%'")" = 1 ]; then
        waiting=1
        break
    fi
    kill -0 "$mig" 2>/dev/null || break
    sleep 0.1
done
[ "$waiting" = 1 ] || fail "the copy never waited on name_gram: $(cat "$WORK/m1.err")"
kill -KILL "$mig"
wait "$mig" 2>/dev/null || true
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder" || true
done_before=$(q "$RES" "SELECT count(*) FROM xy_copy")
[ "$done_before" -gt 0 ] && [ "$done_before" -lt "$tables" ] || fail "tables copied before the kill: $done_before of $tables"
expect_eq "name_gram not recorded" "0" "$(q "$RES" "SELECT count(*) FROM xy_copy WHERE name = 'name_gram'")"
expect_eq "name_gram empty after the kill" "0" "$(q "$RES" "SELECT count(*) FROM name_gram")"
run_xy 0 migrate --from "$SRC" --to "$RES"
expect_contains "resumed" "resuming: $done_before of $tables tables were copied by an earlier run" "$ERR"
expect_contains "resumed" "table dept: copied by an earlier run" "$ERR"
expect_contains "resumed" "every table the same" "$OUT"
expect_eq "tables compared after resuming" "$tables" "$(printf '%s\n' "$OUT" | grep -c '^same ')"
expect_eq "name_gram rows" "$(sqlite3 "$SRC" "SELECT count(*) FROM name_gram")" "$(q "$RES" "SELECT count(*) FROM name_gram")"
run_xy 0 --db "$RES" audit verify
expect_eq "audit verify after resuming" "audit chain: $audit_n entries, whole" "$OUT"

# A difference is found and reported: a row changed in the target of a copy under way (between the
# kill and the next run, as an operator might) makes that table differ and the run exit 1.
q "$PG" "CREATE DATABASE changed" >/dev/null
CH=$(db_url changed)
run_xy 0 migrate --from "$SRC" --to "$CH"
q "$CH" "CREATE TABLE xy_copy (name TEXT COLLATE \"C\" PRIMARY KEY); INSERT INTO xy_copy SELECT tablename FROM pg_tables
         WHERE schemaname = 'public' AND tablename NOT IN ('xy_schema', 'audit_head', 'xy_copy');
         UPDATE subject SET name = name || 'x' WHERE id = (SELECT min(id) FROM subject)" >/dev/null
run_xy 1 migrate --from "$SRC" --to "$CH"
expect_contains "difference" "DIFFERS  subject" "$OUT"
expect_contains "difference" "1 tables differ from the source" "$ERR"
echo "ok"
