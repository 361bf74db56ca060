#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# API keys and the audit log end to end: create for every role, refusals, the key shown once and
# never stored, list without secrets, revoke; audit list, and verify on a whole chain, after one
# changed byte and after a removed entry.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11230500001755309F
D=$XY_TEST_DATA

# hexdump FILE: the file's bytes as one line of lower-case hex.
hexdump_of() {
    od -An -tx1 -v "$1" | tr -d ' \n'
}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# Help and usage.
for args in "key --help" "key create --help" "key list --help" "key revoke --help" "audit --help" \
    "audit list --help" "audit verify --help"; do
    # shellcheck disable=SC2086
    run_xy 0 $args
    expect_contains "$args" "usage: xinyong" "$OUT"
done
run_xy 2 key
run_xy 2 key frobnicate
run_xy 2 key create
expect_contains "no role" "usage: xinyong key create" "$ERR"
run_xy 2 key create --role office extra
run_xy 2 key create --role office --bogus
run_xy 2 key list extra
run_xy 2 key revoke
run_xy 2 key revoke abc
run_xy 2 key revoke 0
run_xy 2 key revoke -- -1
run_xy 2 key revoke 1 2
run_xy 2 audit
run_xy 2 audit frobnicate
run_xy 2 audit list --limit x
run_xy 2 audit list --limit 0
run_xy 2 audit list --after -1
run_xy 2 audit verify extra

# Refused: exit 1, nothing written (no key, no audit entry).
run_xy 1 key create --role department
expect_contains "department without --dept" "needs the department's code" "$ERR"
run_xy 1 key create --role superuser
expect_contains "unknown role" "unknown role superuser" "$ERR"
run_xy 1 key create --role department --dept 91420684MA4927PJ7B
expect_contains "unknown department" "not registered" "$ERR"
run_xy 1 key create --role department --dept 11230500001755309G
expect_contains "invalid department code" "not a valid unified social credit code" "$ERR"
run_xy 1 key create --role office --dept "$DEPT"
expect_contains "department on an office key" "only department and approval-system keys" "$ERR"
run_xy 1 key create --role subject
expect_contains "subject key" "named subject" "$ERR"
run_xy 1 key create --role office --name "$(printf 'two\nlines')"
expect_eq "no keys after refusals" 0 "$(sql 'SELECT count(*) FROM api_key')"
expect_eq "no audit after refusals" 0 "$(sql "SELECT count(*) FROM audit WHERE action <> 'dept.add'")"
# Registering the department at the command line is audited as it is over HTTP.
expect_eq "dept add audited" "operator dept.add dept/$DEPT" "$(sql "SELECT role || ' ' || action || ' ' || object FROM audit")"
run_xy 0 audit verify
expect_eq "one entry chain" "audit chain: 1 entries, whole" "$OUT"

# One key per role; each printed once, alone on the last line.
SECRETS=""
n=0
for spec in "department --dept $DEPT --name 市场监管局接口" "approval --name 审批系统" "office" "auditor --name 审计"; do
    # shellcheck disable=SC2086
    run_xy 0 key create --role $spec
    n=$((n + 1))
    key=$(printf '%s\n' "$OUT" | tail -n 1)
    [[ $key =~ ^xy_${n}_[0-9a-f]{64}$ ]] || fail "key $n: [$key] is not xy_${n}_<64 hex>"
    secret=${key##*_}
    expect_eq "key $n printed once" 1 "$(printf '%s\n' "$OUT" | grep -c -F "$secret")"
    expect_eq "key $n lines" 3 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
    case "$ERR" in *"$secret"*) fail "key $n on stderr" ;; esac
    SECRETS="$SECRETS $secret"
    [ "$n" != 1 ] || FIRST_OUT=$OUT
done
expect_contains "department key line" "created department key 1 for department $DEPT (市场监管局接口)" "$FIRST_OUT"
expect_eq "stored roles" "1:department:$DEPT 2:approval: 3:office: 4:auditor:" \
    "$(sql "SELECT $(sql_agg "id || ':' || role || ':' || uscc" ' ') FROM (SELECT k.id, k.role, coalesce(d.uscc, '') AS uscc FROM api_key k LEFT JOIN dept d ON d.id = k.dept_id ORDER BY k.id) k")"

# The database never holds a key: not its text, not its secret as raw bytes.
# On PostgreSQL: every row as pg_dump writes it (a blob as hex text), and the key file.
KEYF=${XINYONG_KEY_FILE:-$XINYONG_DB.key}
if on_pg; then
    sql_dump >"$WORK/db.dump"
    STORED="$WORK/db.dump $KEYF"
else
    STORED="$XINYONG_DB $XINYONG_DB-wal $KEYF"
fi
for s in $SECRETS; do
    for f in $STORED; do
        [ -e "$f" ] || continue
        if grep -a -q -F "$s" "$f"; then fail "secret text in $f"; fi
        case "$(hexdump_of "$f")" in *"$s"*) fail "secret bytes in $f" ;; esac
    done
done
expect_eq "hashes stored" 4 "$(sql 'SELECT count(*) FROM api_key WHERE length(hash) = 32')"

# key list: every key, no secret, no hash.
run_xy 0 key list
expect_eq "list lines" 5 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
expect_contains "list department" "department $DEPT" "$OUT"
expect_contains "list name" "市场监管局接口" "$OUT"
run_xy 0 key list --json
LIST_JSON=$OUT
expect_contains "list json department" "\"id\":1,\"role\":\"department\",\"dept\":\"$DEPT\",\"name\":\"市场监管局接口\"" "$OUT"
expect_contains "list json office" '"id":3,"role":"office","dept":null,"name":null' "$OUT"
case "$OUT" in *hash*) fail "key list --json shows a hash" ;; esac
for s in $SECRETS; do
    case "$LIST_JSON" in *"$s"*) fail "key list shows a secret" ;; esac
done
for h in $(sql "SELECT $(sql_hex hash) FROM api_key"); do
    case "$LIST_JSON" in *"$h"*) fail "key list shows a stored hash" ;; esac
done

# Revoke: once; a second time is "not found"; an unknown id too.
run_xy 0 key revoke 3
expect_eq "revoke" "key 3 revoked" "$OUT"
run_xy 1 key revoke 3
expect_contains "second revoke" "revoked already" "$ERR"
run_xy 1 key revoke 99
run_xy 0 key list --json
expect_contains "revoked listed" '"id":3,"role":"office","dept":null,"name":null,"created_at":"' "$OUT"
[ "$(sql 'SELECT count(*) FROM api_key WHERE id = 3 AND revoked_at IS NOT NULL')" = 1 ] || fail "key 3 not revoked in the store"
expect_eq "others valid" 3 "$(sql 'SELECT count(*) FROM api_key WHERE revoked_at IS NULL')"

# audit list: four creations and one revocation, by the local operator.
run_xy 0 audit list
expect_eq "audit create lines" 4 "$(printf '%s\n' "$OUT" | grep -c ' key\.create ')"
expect_eq "audit revoke lines" 1 "$(printf '%s\n' "$OUT" | grep -c ' key\.revoke  *key/3')"
expect_contains "audit detail" "{\"role\":\"department\",\"dept\":\"$DEPT\",\"name\":\"市场监管局接口\"}" "$OUT"
expect_contains "audit operator" " operator " "$OUT"
for s in $SECRETS; do
    case "$OUT" in *"$s"*) fail "audit list shows a secret" ;; esac
done
run_xy 0 audit list --json --after 2 --limit 2
expect_eq "page seqs" "3 4" "$(printf '%s' "$OUT" | grep -o '"seq":[0-9]*' | cut -d: -f2 | tr '\n' ' ' | sed 's/ $//')"
expect_contains "json entry" '"seq":3,"at":"' "$OUT"
expect_contains "json action" '"action":"key.create","object":"key/3","detail":"{\"role\":\"office\"}","prev":"' "$OUT"
[[ $OUT =~ \"hash\":\"[0-9a-f]{64}\" ]] || fail "no hex hash in audit list --json"
run_xy 0 audit list --json --after 6
expect_eq "empty page" "[]" "$OUT"
run_xy 0 audit list --json
expect_eq "revoke detail null" 1 "$(printf '%s\n' "$OUT" | grep -c '"action":"key.revoke","object":"key/3","detail":null')"

run_xy 0 audit verify
expect_eq "whole" "audit chain: 6 entries, whole" "$OUT"

# An import keeps the chain whole. (Whether `xinyong import` writes a batch.submit entry is not
# asserted yet: the import does not call xy_audit_append at this step. When it does, add:
#   expect_eq "batch audited" 1 "$(sql "SELECT count(*) FROM audit WHERE action = 'batch.submit'")" )
cp "$D/penalty-good.csv" good.csv
run_xy 0 import --class penalty --dept "$DEPT" good.csv
run_xy 0 audit verify
expect_contains "whole after import" "entries, whole" "$OUT"
entries=$(sql 'SELECT count(*) FROM audit')
expect_eq "verify counts every entry" "audit chain: $entries entries, whole" "$OUT"

# One changed byte in an action: entry 3 (key 2) is named, exit 1; undone, whole again.
sql "UPDATE audit SET action = 'key.creatf' WHERE seq = 3"
run_xy 1 audit verify
expect_eq "action tampered" "audit chain: broken at entry 3" "$OUT"
sql "UPDATE audit SET action = 'key.create' WHERE seq = 3"
run_xy 0 audit verify
# One changed byte in a detail.
sql "UPDATE audit SET detail = replace(detail, '审批系统', '审批系统.') WHERE seq = 3"
run_xy 1 audit verify
expect_eq "detail tampered" "audit chain: broken at entry 3" "$OUT"
sql "UPDATE audit SET detail = replace(detail, '审批系统.', '审批系统') WHERE seq = 3"
sql "UPDATE audit SET detail = replace(detail, 'auditor', 'auditos') WHERE seq = 5"
run_xy 1 audit verify
expect_eq "detail byte" "audit chain: broken at entry 5" "$OUT"
sql "UPDATE audit SET detail = replace(detail, 'auditos', 'auditor') WHERE seq = 5"
# A revocation made to look like someone else's.
sql "UPDATE audit SET key_id = 2, role = 'approval' WHERE seq = 6"
run_xy 1 audit verify
expect_eq "who tampered" "audit chain: broken at entry 6" "$OUT"
sql "UPDATE audit SET key_id = 0, role = 'operator' WHERE seq = 6"
run_xy 0 audit verify
expect_eq "whole again" "audit chain: $entries entries, whole" "$OUT"

# A removed entry: the first entry after the gap is named.
sql "DELETE FROM audit WHERE seq = 4"
run_xy 1 audit verify
expect_eq "gap" "audit chain: broken at entry 5" "$OUT"

# Without the key file the chain cannot be checked (nor forged).
mv "$KEYF" keyfile
run_xy 2 audit verify
expect_contains "no key file" "key file" "$ERR"
mv keyfile "$KEYF"
echo "keys_audit: all checks passed"
