#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Credit evaluation end to end, on the demo city (scripts/make-demo, 400 subjects): `init` loads the
# built-in model; `eval run` grades every subject; a subject with a black-list entry in force has it
# among its reasons, and its score is the base plus its dimensions (worked out here from the JSON by
# SQLite, not by the platform); records that expire mark their subjects stale and `maintain` regrades
# them; a model with faults is refused naming each and nothing is stored; a new model applies from its
# day and its preview counts every subject; over HTTP, who may see a grade and the access history.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"

# On PostgreSQL the demo city goes into the test's own database.
! on_pg || export XY_DEMO_DB=$XINYONG_DB
"$XY_SRC/scripts/make-demo" "$XY" "$WORK/demo" 400 >"$WORK/make-demo.log" 2>&1 || fail "make-demo: $(tail -5 "$WORK/make-demo.log")"
export XINYONG_DB=${XY_DEMO_DB:-$WORK/demo/xinyong.db}
jq_sql() { # jq_sql JSON SQL-EXPRESSION-OVER-$j: evaluates an SQLite JSON expression over the text
    local j=$1
    sqlite3 :memory: "SELECT $(printf '%s' "$2" | sed "s/\\\$j/'${j//\'/\'\'}'/g")"
}

run_xy 0 eval model list
expect_contains "the built-in model is loaded and in force" "(in force)" "$OUT"
run_xy 0 eval run
subjects=$(sql "SELECT count(*) FROM subject")
expect_eq "every subject graded" "eval: $subjects subjects graded" "$OUT"
expect_eq "one stored grade each" "$subjects" "$(sql "SELECT count(*) FROM eval_result")"

# A company with a black-list entry in force.
row=$(sql "SELECT s.uscc || '|' || r.id FROM record r JOIN subject s ON s.id = r.subject_id
           WHERE r.class = 'black_list' AND r.is_current = 1 AND r.status = 'published'
           AND (r.valid_to IS NULL OR r.valid_to >= '2026-11-28') AND s.uscc IS NOT NULL ORDER BY r.id LIMIT 1")
[ -n "$row" ] || fail "test setup: no black-list entry in force in the demo city"
U=${row%|*}
RID=${row#*|}
run_xy 0 eval show "$U" --json
J=$(printf '%s' "$OUT" | tr -d '\n')
expect_eq "the black-list entry is a reason, with its record" "-40" \
    "$(jq_sql "$J" "(SELECT CAST(json_extract(value, '\$.points') AS INTEGER) FROM json_each(json_extract(\$j, '\$.evaluation.items'))
                     WHERE json_extract(value, '\$.rule') = 'black_list.entry' AND json_extract(value, '\$.record_id') = $RID)")"
expect_eq "score = base + the dimensions' points" \
    "$(jq_sql "$J" "printf('%.2f', max(0, min(100, json_extract(\$j, '\$.evaluation.base') +
        (SELECT sum(json_extract(value, '\$.points')) FROM json_each(json_extract(\$j, '\$.evaluation.dimensions'))))))")" \
    "$(jq_sql "$J" "printf('%.2f', json_extract(\$j, '\$.evaluation.score'))")"
grade=$(jq_sql "$J" "json_extract(\$j, '\$.evaluation.grade')")
score=$(jq_sql "$J" "json_extract(\$j, '\$.evaluation.score')")
expect_eq "the grade is the band of the score" "$grade" \
    "$(sqlite3 :memory: "SELECT CASE WHEN $score >= 90 THEN 'A' WHEN $score >= 75 THEN 'B' WHEN $score >= 60 THEN 'C' ELSE 'D' END")"
expect_eq "the stored grade agrees" "$grade" "$(sql "SELECT e.grade FROM eval_result e JOIN subject s ON s.id = e.subject_id WHERE s.uscc = '$U'")"

# A model with faults: refused whole, each named, nothing stored.
cat >"$WORK/bad.json" <<'EOF'
{"model_version": "bad", "applies_to": ["org"], "base": 80, "floor": 0, "ceiling": 100, "full_months": 12,
 "dimensions": [{"id": "x", "cap": -5, "recency": "none", "rules": [
   {"id": "x.1", "class": "fines", "points": -1},
   {"id": "x.2", "class": "penalty", "when": {"field": "colour", "any": ["01"]}, "points": -1}]}],
 "grades": [{"grade": "A", "min": 80, "max": 100}, {"grade": "B", "min": 60, "max": 90}, {"grade": "D", "min": 0, "max": 60}]}
EOF
run_xy 1 eval model load "$WORK/bad.json" --from 2027-01-01
expect_contains "cap named" "cap is below zero" "$ERR"
expect_contains "class named" 'unknown class "fines"' "$ERR"
expect_contains "field named" 'has no field "colour"' "$ERR"
expect_contains "overlap named" "bands A and B overlap" "$ERR"
expect_eq "nothing stored" 1 "$(sql "SELECT count(*) FROM eval_model")"

# A new model: the black list weighs less; it applies from 2027-01-01.
sed -e 's/"model_version": "2026.1"/"model_version": "2027.1"/' -e 's/"points": -40/"points": -10/' \
    "$XY_SRC/catalog/eval-model.json" >"$WORK/next.json"
run_xy 0 eval preview "$WORK/next.json"
expect_contains "every subject in the preview" "2026.1 -> 2027.1: $subjects subjects" "$OUT"
expect_contains "black-listed subjects move up from D" "D -> " "$OUT"
run_xy 0 eval model load "$WORK/next.json" --from 2027-01-01
run_xy 1 eval model load "$WORK/next.json" --from 2027-02-01
expect_contains "a version is loaded once" "loaded already" "$ERR"
run_xy 0 eval show "$U" --json
expect_contains "before its day the old model" '"model_version": "2026.1"' "$OUT"
XY_TODAY=2027-01-04 run_xy 0 eval show "$U" --json
expect_contains "from its day the new one" '"model_version": "2027.1"' "$OUT"
expect_contains "with the new points" '"points": -10' "$OUT"

# Over HTTP: who may see a grade, and the subject sees who read it.
key() {
    run_xy 0 key create "$@"
    printf '%s\n' "$OUT" | tail -n 1
}
DEPT=$(head -1 "$WORK/demo/departments.tsv" | cut -f1)
U2=$(sql "SELECT uscc FROM subject WHERE uscc IS NOT NULL AND uscc != '$U' LIMIT 1")
KO=$(key --role office --name 信用办)
KD=$(key --role department --dept "$DEPT" --name 监管部门)
KS=$(key --role subject --subject "$U" --name 本企业)
start_server eval
code() { curl -s -o "$WORK/body" -w '%{http_code}' ${2:+-H "Authorization: Bearer $2"} "$URL$1"; }
expect_eq "the public sees no grade" 403 "$(code "/api/v1/subjects/$U/eval")"
expect_eq "a subject sees its own" 200 "$(code "/api/v1/subjects/$U/eval" "$KS")"
expect_contains "with its reasons" '"rule":"black_list.entry"' "$(cat "$WORK/body")"
expect_eq "not another's" 403 "$(code "/api/v1/subjects/$U2/eval" "$KS")"
expect_eq "the office sees it" 200 "$(code "/api/v1/subjects/$U/eval" "$KO")"
expect_eq "a department sees it" 200 "$(code "/api/v1/subjects/$U/eval" "$KD")"
expect_eq "the subject's access history" 200 "$(code "/api/v1/me/access" "$KS")"
reads=$(grep -o '"object":"eval/[^"]*"' "$WORK/body" | wc -l)
expect_eq "the reads by others: three at the command line, the office's, the department's; none of its own" 5 "$reads"
stored=$(sql "SELECT e.as_of || '|' || e.model_version || '|' || e.score FROM eval_result e JOIN subject s ON s.id = e.subject_id WHERE s.uscc = '$U'")
TU=${stored%%|*}; rest=${stored#*|}; MU=${rest%%|*}
expect_eq "replayed over HTTP as of its stamp, under its model" 200 "$(code "/api/v1/subjects/$U/eval?as_of=$TU&model=$MU" "$KO")"
expect_eq "the stored score again" "${rest#*|}" \
    "$(jq_sql "$(cat "$WORK/body")" "CAST(round(json_extract(\$j, '\$.evaluation.score') * 100) AS INTEGER)")"
expect_eq "stamped with the asked time" "$TU" "$(jq_sql "$(cat "$WORK/body")" "json_extract(\$j, '\$.evaluation.as_of')")"
expect_eq "a bad as-of time refused" 400 "$(code "/api/v1/subjects/$U/eval?as_of=yesterday" "$KO")"
expect_eq "a model never loaded" 404 "$(code "/api/v1/subjects/$U/eval?model=nosuch" "$KO")"
expect_eq "a department lists by grade" 200 "$(code "/api/v1/eval?grade=$grade&limit=5" "$KD")"
expect_contains "listing the subject's grade" "\"grade\":\"$grade\"" "$(cat "$WORK/body")"
curl -s -D "$WORK/csv.head" -o "$WORK/page.csv" -H "Authorization: Bearer $KD" -H 'Accept: text/csv' \
    "$URL/api/v1/eval?grade=$grade&limit=5"
expect_contains "the same page as CSV" "text/csv" "$(cat "$WORK/csv.head")"
expect_contains "with a bilingual header" "等级(grade)" "$(head -1 "$WORK/page.csv")"
expect_eq "five rows and the header" 6 "$(grep -c . "$WORK/page.csv")"
expect_contains "the next page's cursor in a header" "X-Next-Cursor:" "$(cat "$WORK/csv.head")"
curl -s -D "$WORK/xlsx.head" -o "$WORK/page.xlsx" -H "Authorization: Bearer $KD" \
    -H 'Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$URL/api/v1/eval?grade=$grade&limit=5"
expect_contains "the same page as a workbook" "spreadsheetml.sheet" "$(cat "$WORK/xlsx.head")"
expect_contains "to save" "filename=\"grades-$grade.xlsx\"" "$(cat "$WORK/xlsx.head")"
unzip -p "$WORK/page.xlsx" xl/worksheets/sheet1.xml >"$WORK/sheet1.xml" || fail "the workbook is not a zip with a sheet"
expect_eq "five rows and the header" 6 "$(grep -o '<row ' "$WORK/sheet1.xml" | wc -l)"
expect_contains "the header row frozen" 'state="frozen"' "$(cat "$WORK/sheet1.xml")"
grep -q '<f>' "$WORK/sheet1.xml" && fail "a cell of the workbook is a formula"
unzip -p "$WORK/page.xlsx" xl/sharedStrings.xml >"$WORK/strings.xml"
first=$(sed -n 2p "$WORK/page.csv" | cut -d, -f5 | tr -d '"')
expect_contains "the CSV's first subject in the workbook" "$first" "$(cat "$WORK/strings.xml")"
expect_contains "bilingual headings" "等级 grade" "$(cat "$WORK/strings.xml")"
expect_eq "the public may not list" 401 "$(code "/api/v1/eval?grade=D")"
expect_eq "the office's distribution" 200 "$(code "/api/v1/eval/distribution" "$KO")"
expect_eq "counts every graded subject" "$subjects" \
    "$(jq_sql "$(cat "$WORK/body")" "(SELECT sum(value) FROM json_each(json_extract(\$j, '\$.by_grade')))")"
stop_server "$SPID" eval

# A grade replays as of its time after later records arrive: the demo's penalties of one department
# sent again a fortnight later under new decision numbers (new records for the same subjects).
T0=$(sql "SELECT e.as_of FROM eval_result e JOIN subject s ON s.id = e.subject_id WHERE s.uscc = '$U'")
PDEPT=$(awk -F'\t' '$1 == "penalty" { print $2; exit }' "$WORK/demo/manifest.tsv")
PFILE=$WORK/demo/$(awk -F'\t' '$1 == "penalty" { print $3; exit }' "$WORK/demo/manifest.tsv")
sed 's/罚〔/罚补〔/g' "$PFILE" >"$WORK/later.csv"
XY_TODAY=2026-12-15 run_xy 0 import --quiet --class penalty --dept "$PDEPT" "$WORK/later.csv"
row=$(sql "SELECT s.uscc || '|' || e.score || '|' || e.as_of FROM record r JOIN subject s ON s.id = r.subject_id
           JOIN eval_result e ON e.subject_id = s.id WHERE r.batch_id = (SELECT max(id) FROM batch)
           AND s.uscc IS NOT NULL ORDER BY r.id LIMIT 1")
U3=${row%%|*}
rest=${row#*|}
S0=${rest%%|*}
expect_eq "its stored grade is from the run" "$T0" "${rest#*|}"
XY_TODAY=2026-12-15 run_xy 0 eval show "$U3" --as-of "$T0" --json
JR=$(printf '%s' "$OUT" | tr -d '\n')
expect_eq "replayed as of the run: the same score" "$S0" "$(jq_sql "$JR" "CAST(round(json_extract(\$j, '\$.evaluation.score') * 100) AS INTEGER)")"
expect_eq "and the same reasons" "$(sql "SELECT $(sql_json_len e.items) FROM eval_result e JOIN subject s ON s.id = e.subject_id WHERE s.uscc = '$U3'")" \
    "$(jq_sql "$JR" "json_array_length(json_extract(\$j, '\$.evaluation.items'))")"
XY_TODAY=2026-12-15 run_xy 0 eval show "$U3" --json
JN=$(printf '%s' "$OUT" | tr -d '\n')
[ "$(jq_sql "$JN" "json_array_length(json_extract(\$j, '\$.evaluation.items'))")" -gt \
  "$(jq_sql "$JR" "json_array_length(json_extract(\$j, '\$.evaluation.items'))")" ] || fail "now, the new penalty is a reason too"
XY_TODAY=2026-12-15 run_xy 1 eval show "$U3" --as-of yesterday
expect_contains "a bad as-of time is refused" "YYYY-MM-DDTHH:MM:SSZ" "$ERR"
stale=$(sql "SELECT count(*) FROM eval_stale")
[ "$stale" -gt 0 ] || fail "the import marked its subjects stale"
XY_TODAY=2026-12-15 run_xy 0 maintain
n=$(printf '%s\n' "$OUT" | sed -n 's/^maintain: \([0-9]*\) subjects regraded$/\1/p')
[ "${n:-0}" -ge "$stale" ] || fail "maintain regrades the $stale stale subjects (and those of records expired that day): $OUT"
expect_eq "none left stale" 0 "$(sql "SELECT count(*) FROM eval_stale")"

# The same day again: nothing has faded since the last maintain.
XY_TODAY=2026-12-15 run_xy 0 maintain
expect_contains "nothing to redo the same day" "maintain: 0 subjects regraded" "$OUT"

# Time passes: windows end, records expire, their subjects are marked stale and regraded; so is every
# grade with reasons (their points fade with age) or under a model no longer in force; the others stay.
stale_before=$(sql "SELECT count(*) FROM eval_stale")
expect_eq "nothing stale after a run" 0 "$stale_before"
M2031=$(sql "SELECT version FROM eval_model WHERE applies_from <= '2031-06-01' ORDER BY applies_from DESC, version DESC LIMIT 1")
sql "SELECT subject_id FROM eval_result WHERE items <> '[]' OR model_version <> '$M2031'" >"$WORK/reasons.txt"
[ -s "$WORK/reasons.txt" ] || fail "test setup: no grade with reasons"
XY_TODAY=2031-06-01 run_xy 0 maintain
sql "SELECT DISTINCT subject_id FROM change WHERE kind = 'record.expired' AND at >= '2031-06-01'" >"$WORK/expired.txt"
[ -s "$WORK/expired.txt" ] || fail "test setup: nothing expired by 2031"
redone=$(sql "SELECT count(*) FROM eval_result WHERE as_of LIKE '2031-06-01%'")
expect_contains "the regraded counted" "maintain: $redone subjects regraded" "$OUT"
expect_eq "exactly the grades with reasons or of an old model and the subjects of expired records redone" \
    "$(sort -un "$WORK/reasons.txt" "$WORK/expired.txt" | tr '\n' ' ')" \
    "$(sql "SELECT subject_id FROM eval_result WHERE as_of LIKE '2031-06-01%' ORDER BY subject_id" | tr '\n' ' ')"
expect_eq "none left stale" 0 "$(sql "SELECT count(*) FROM eval_stale")"
XY_TODAY=2031-06-01 run_xy 0 eval show "$U" --json
J2=$(printf '%s' "$OUT" | tr -d '\n')
expect_eq "expired penalties are no longer reasons" 0 \
    "$(jq_sql "$J2" "(SELECT count(*) FROM json_each(json_extract(\$j, '\$.evaluation.items')) WHERE json_extract(value, '\$.class') = 'penalty')")"

# The run's grade still replays after those records expired: their status then was in force.
gone=$(sql "SELECT count(*) FROM change h JOIN record r ON r.id = h.record_id JOIN subject s ON s.id = r.subject_id
            WHERE s.uscc = '$U3' AND h.kind = 'record.expired' AND h.at > '$T0'")
[ "$gone" -gt 0 ] || fail "test setup: none of $U3's records expired by 2031"
XY_TODAY=2031-06-01 run_xy 0 eval show "$U3" --as-of "$T0" --json
JX=$(printf '%s' "$OUT" | tr -d '\n')
expect_eq "replayed after expiry: the same score" "$S0" "$(jq_sql "$JX" "CAST(round(json_extract(\$j, '\$.evaluation.score') * 100) AS INTEGER)")"
expect_eq "and the same reasons" "$(jq_sql "$JR" "json_extract(\$j, '\$.evaluation.items')")" \
    "$(jq_sql "$JX" "json_extract(\$j, '\$.evaluation.items')")"

echo "eval: all checks passed"
