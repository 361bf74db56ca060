#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# National files out: double publicity records exported in the national layout (XK_/CF_ columns)
# are imported into a fresh instance with `xinyong import` and exported from there again: the two
# files are byte for byte the same (every field of every record, ID numbers in full), with and
# without the platform's extension columns, and the stored fields agree. The file is new, mode 0600,
# audited, and each subject whose ID numbers it holds sees the read in its access history; the
# office route gives the same bytes, XLSX included; other keys are refused. The XLSX form goes round
# as losslessly, read back by `xinyong import` and by the batch route.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
A=$(db_new a)
B=$(db_new b)
tab=$(printf '\t')

"$XY" demo --subjects "${XY_FILES_SUBJECTS:-100}" --out "$WORK/demo" >/dev/null
XINYONG_DB=$A run_xy 0 init
XINYONG_DB=$B run_xy 0 init
while IFS="$tab" read -r uscc name; do
    XINYONG_DB=$A run_xy 0 dept add "$uscc" "$name"
    XINYONG_DB=$B run_xy 0 dept add "$uscc" "$name"
done <"$WORK/demo/departments.tsv"
while IFS="$tab" read -r class dept path; do
    rc=0
    XINYONG_DB=$A "$XY" import --quiet --class "$class" --dept "$dept" "$WORK/demo/$path" >/dev/null || rc=$?
    [ "$rc" -le 1 ] || fail "import of $path exited $rc"
done <"$WORK/demo/manifest.tsv"

# ---- the file itself ------------------------------------------------------------------------------
XINYONG_DB=$A run_xy 0 exchange export --class penalty "$WORK/cf.csv"
expect_eq "mode 0600" 600 "$(stat -c %a "$WORK/cf.csv")"
head=$(head -n 1 "$WORK/cf.csv" | tr -d '\r\357\273\277')
layout=$(sqlite3 :memory: "SELECT group_concat(json_extract(f.value, '\$.code'), ',') FROM
    json_each(CAST(readfile('$XY_SRC/catalog/catalog.json') AS TEXT), '\$.classes') c, json_each(c.value, '\$.fields') f
    WHERE json_extract(c.value, '\$.class') = 'penalty' AND json_extract(f.value, '\$.ext') IS NOT 1")
expect_eq "CF_ columns in the catalogue's order, no extension" "$layout" "$head"
expect_contains "headers by code" "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM" "$head"
public=$(XINYONG_DB=$A sql "SELECT count(*) FROM record WHERE class = 'penalty' AND is_current = 1 AND status = 'published'
                            AND (public_until IS NULL OR public_until >= '$XY_TODAY')")
[ "$public" -gt 0 ] || fail "the demo data has no public penalty"
expect_contains "says how many" "$public records of penalty" "$OUT"
XINYONG_DB=$A run_xy 1 exchange export --class penalty "$WORK/cf.csv"
expect_contains "an existing file is never replaced" "exists" "$ERR"
XINYONG_DB=$A run_xy 1 exchange export --class red_list "$WORK/x.csv"
expect_contains "only licences and penalties" "license" "$ERR"
[ ! -e "$WORK/x.csv" ] || fail "a refused export left a file"
XINYONG_DB=$A run_xy 1 exchange export --class penalty --from 2020-02-30 "$WORK/y.csv"
[ ! -e "$WORK/y.csv" ] || fail "a refused export left a file"
# ID numbers in full (the office's view), never masked: a person's penalty names its number.
masked=$(XINYONG_DB=$A sql "SELECT $(sql_json fields party_id_no) FROM record WHERE class = 'penalty' AND is_current = 1
                            AND status = 'published' AND $(sql_json fields party_id_no) IS NOT NULL
                            AND public_until >= '$XY_TODAY' LIMIT 1")
[ -n "$masked" ] || fail "the demo data has no public penalty of a person"
full=$(grep -oE ",${masked:0:4}[0-9]{10}${masked: -4}," "$WORK/cf.csv" | head -n 1 | tr -d ,)
[ ${#full} = 18 ] || fail "the person's ID number is not in the file in full ($masked)"
case "$(cat "$WORK/cf.csv")" in *'****'*) fail "the file holds a masked value" ;; esac
expect_eq "audited" 1 "$(XINYONG_DB=$A sql "SELECT count(*) FROM audit WHERE action = 'exchange.export'
                                           AND CAST($(sql_json detail records) AS INTEGER) = $public")"
persons=$(XINYONG_DB=$A sql "SELECT $(sql_json detail with_id_numbers) FROM audit WHERE action = 'exchange.export'")
[ "$persons" -gt 0 ] || fail "no record with ID numbers counted"
expect_eq "each read in the subjects' access history" "$persons" \
    "$(XINYONG_DB=$A sql "SELECT count(*) FROM subject_access WHERE object = 'export/penalty'")"
XINYONG_DB=$A run_xy 0 audit verify

XINYONG_DB=$A run_xy 0 exchange export --class license --format xlsx --headers zh "$WORK/xk.xlsx"
expect_eq "xlsx mode 0600" 600 "$(stat -c %a "$WORK/xk.xlsx")"
strings_xml=$(unzip -p "$WORK/xk.xlsx" xl/sharedStrings.xml)
expect_contains "xlsx: Chinese headers" "行政许可决定文书号" "$strings_xml"
doc=$(XINYONG_DB=$A sql "SELECT doc_no FROM record WHERE class = 'license' AND is_current = 1 AND status = 'published' LIMIT 1")
expect_contains "xlsx: a licence's number" "$doc" "$strings_xml"

# ---- the round trip: every department's records into a fresh instance and out again ------------
rt() { # rt CLASS DEPT EXTRA...: export from A, import into B, export from B; the files must match
    local c=$1 d=$2
    shift 2
    [ "$(XINYONG_DB=$A sql "SELECT count(*) FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.class = '$c'
                            AND d.uscc = '$d' AND r.is_current = 1")" -gt 0 ] || return 0 # nothing to send
    XINYONG_DB=$A run_xy 0 exchange export --class "$c" --dept "$d" "$@" "$WORK/rt/a-$c-$d.csv"
    XINYONG_DB=$B run_xy 0 import --quiet --class "$c" --dept "$d" "$WORK/rt/a-$c-$d.csv"
    XINYONG_DB=$B run_xy 0 exchange export --class "$c" --dept "$d" "$@" "$WORK/rt/b-$c-$d.csv"
    cmp -s "$WORK/rt/a-$c-$d.csv" "$WORK/rt/b-$c-$d.csv" || fail "round trip of $c of $d $*: the files differ: $(diff "$WORK/rt/a-$c-$d.csv" "$WORK/rt/b-$c-$d.csv" | head -n 4)"
}
# The stored fields agree too, record by record (public part; the sealed part was compared through
# the files above, in clear).
stored() {
    XINYONG_DB=$1 sql "SELECT r.class, d.uscc, r.doc_no, r.fields, r.decision_date, r.public_until FROM record r JOIN dept d ON d.id = r.dept_id
                  WHERE r.is_current = 1 AND r.class IN ('license', 'penalty') AND r.status = 'published'
                  AND r.public_until >= '$XY_TODAY' ORDER BY 1, 2, 3"
}
mkdir "$WORK/rt"
while IFS="$tab" read -r uscc name; do
    rt license "$uscc" --ext
    rt penalty "$uscc" --ext
done <"$WORK/demo/departments.tsv"
expect_eq "round trip: stored records" "$(stored "$A" | sha256sum)" "$(stored "$B" | sha256sum)"
# Chinese headers read back the same (into another fresh instance). Without --ext the layout alone
# carries no severity, sector or procedure: the receiver applies its defaults, so a round trip
# between two xinyong instances takes --ext.
rm -f "$WORK"/rt/*
B0=$B
B=$(db_new c)
XINYONG_DB=$B run_xy 0 init
top=$(XINYONG_DB=$A sql "SELECT d.uscc FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.class = 'penalty'
                         GROUP BY d.uscc ORDER BY count(*) DESC LIMIT 1")
XINYONG_DB=$B run_xy 0 dept add "$top" 处罚最多的部门
rt penalty "$top" --ext --headers zh
B=$B0
[ "$(stored "$B" | wc -l)" -gt 20 ] || fail "too few records went round: $(stored "$B" | wc -l)"

# The XLSX form goes round too: every department's records exported as workbooks from A, imported
# into a fresh instance with `xinyong import` (recognised by their bytes, whatever the name), whose
# CSV export is then byte for byte A's, and whose stored public records are A's field for field.
B=$(db_new d)
XINYONG_DB=$B run_xy 0 init
while IFS="$tab" read -r uscc name; do
    XINYONG_DB=$B run_xy 0 dept add "$uscc" "$name"
done <"$WORK/demo/departments.tsv"
rtx() { # rtx CLASS DEPT EXTRA...
    local c=$1 d=$2
    shift 2
    [ "$(XINYONG_DB=$A sql "SELECT count(*) FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.class = '$c'
                            AND d.uscc = '$d' AND r.is_current = 1")" -gt 0 ] || return 0
    XINYONG_DB=$A run_xy 0 exchange export --class "$c" --dept "$d" --format xlsx "$@" "$WORK/rt/a-$c-$d.xlsx"
    cp "$WORK/rt/a-$c-$d.xlsx" "$WORK/rt/a-$c-$d.bin"
    XINYONG_DB=$B run_xy 0 import --json --class "$c" --dept "$d" "$WORK/rt/a-$c-$d.bin"
    expect_contains "xlsx recognised by its bytes" '"format":"xlsx"' "$(printf '%s' "$OUT" | tr -d ' ')"
    XINYONG_DB=$A run_xy 0 exchange export --class "$c" --dept "$d" "$@" "$WORK/rt/a-$c-$d.csv"
    XINYONG_DB=$B run_xy 0 exchange export --class "$c" --dept "$d" "$@" "$WORK/rt/b-$c-$d.csv"
    cmp -s "$WORK/rt/a-$c-$d.csv" "$WORK/rt/b-$c-$d.csv" || fail "xlsx round trip of $c of $d $*: the records differ: $(diff "$WORK/rt/a-$c-$d.csv" "$WORK/rt/b-$c-$d.csv" | head -n 4)"
}
rm -f "$WORK"/rt/*
while IFS="$tab" read -r uscc name; do
    rtx license "$uscc" --ext
    rtx penalty "$uscc" --ext --headers zh
done <"$WORK/demo/departments.tsv"
expect_eq "xlsx round trip: stored records" "$(stored "$A" | sha256sum)" "$(stored "$B" | sha256sum)"
XINYONG_DB=$B run_xy 2 import --class penalty --dept "$top" --format xlsx "$WORK/cf.csv"
expect_contains "a CSV said to be XLSX" "not an XLSX workbook" "$ERR"
B=$WORK/b.db

# ---- the office route ------------------------------------------------------------------------------
OKEY=$(XINYONG_DB=$A "$XY" key create --role office --name 市信用办 | tail -n 1)
dept1=$(head -n 1 "$WORK/demo/departments.tsv" | cut -f 1)
DKEY=$(XINYONG_DB=$A "$XY" key create --role department --dept "$dept1" --name 部门 | tail -n 1)
audits=$(XINYONG_DB=$A sql "SELECT count(*) FROM audit WHERE action = 'exchange.export' AND object = 'export/penalty'")
XINYONG_DB=$A start_server a1
code=$(curl -s -o "$WORK/api.csv" -w '%{http_code}' -H "Authorization: Bearer $OKEY" \
    "$URL/api/v1/admin/exchange/export?class=penalty")
expect_eq "route: 200" 200 "$code"
cmp -s "$WORK/api.csv" "$WORK/cf.csv" || fail "the route's CSV is not the CLI's"
ctype=$(curl -s -o "$WORK/api.xlsx" -w '%{content_type}' -H "Authorization: Bearer $OKEY" \
    "$URL/api/v1/admin/exchange/export?class=license&format=xlsx&headers=zh")
expect_contains "route: xlsx" "spreadsheetml.sheet" "$ctype"
expect_contains "route: xlsx headers" "行政许可决定文书号" "$(unzip -p "$WORK/api.xlsx" xl/sharedStrings.xml)"
# A department's batch as a workbook over HTTP: its own licences again, all unchanged.
XINYONG_DB=$A "$XY" exchange export --class license --dept "$dept1" --format xlsx --ext "$WORK/own.xlsx" >/dev/null
code=$(curl -s -o "$WORK/batch.json" -w '%{http_code}' -H "Authorization: Bearer $DKEY" \
    -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
    --data-binary "@$WORK/own.xlsx" "$URL/api/v1/batches?class=license")
expect_eq "route: an XLSX batch" 201 "$code"
expect_contains "read as xlsx" '"format":"xlsx"' "$(cat "$WORK/batch.json")"
expect_contains "nothing rejected" '"rejected":0' "$(cat "$WORK/batch.json")"
expect_contains "all unchanged" '"added":0' "$(cat "$WORK/batch.json")"
expect_eq "route: a department's key" 403 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DKEY" \
    "$URL/api/v1/admin/exchange/export?class=penalty")"
expect_eq "route: no key" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/admin/exchange/export?class=penalty")"
expect_eq "route: bad format" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OKEY" \
    "$URL/api/v1/admin/exchange/export?class=penalty&format=pdf")"
expect_eq "route: bad class" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OKEY" \
    "$URL/api/v1/admin/exchange/export?class=black_list")"
expect_eq "route: audited" $((audits + 1)) "$(XINYONG_DB=$A sql "SELECT count(*) FROM audit WHERE action = 'exchange.export' AND object = 'export/penalty'")"
stop_server "$SPID" a1
echo "exchange_files: ok ($(stored "$B" | wc -l) records round trip)"
