#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Collection end to end: good rows, every kind of bad row, resend, changed rows, GBK, JSON Lines,
# unreadable files, and what `show` then prints.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11230500001755309F
D=$XY_TEST_DATA

run_xy 0 init
run_xy 2 import --class penalty --dept "$DEPT" "$D/penalty-good.csv"
expect_contains "unknown department" "not registered" "$ERR"
run_xy 1 dept add 11230500001755309G 错码
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# Good rows: all accepted, exit 0, no rejects file left behind.
cp "$D/penalty-good.csv" good.csv
run_xy 0 import --json --class penalty --dept "$DEPT" good.csv
expect_eq "accepted" 5 "$(json_get "$OUT" accepted)"
expect_eq "added" 5 "$(json_get "$OUT" added)"
[ ! -e good.csv.rejects.csv ] || fail "a clean import left a rejects file"
expect_eq "records stored" 5 "$(sql 'SELECT count(*) FROM record')"
# ID numbers are never stored in plain text anywhere in the database file.
if grep -a -q 360426199101010071 "$XINYONG_DB" "$XINYONG_DB-wal" 2>/dev/null; then fail "plain ID number in the database"; fi
expect_eq "persons keyed" 2 "$(sql "SELECT count(*) FROM subject WHERE kind='person' AND id_hash IS NOT NULL AND id_sealed IS NOT NULL")"
expect_eq "15-digit upgraded" "3708**********0029" "$(sql "SELECT id_masked FROM subject WHERE name='张华'")"
expect_eq "fine in fen" 200000 "$(sql "SELECT amount_fen FROM record WHERE doc_no='武市监罚〔2024〕101号'")"
expect_eq "simple procedure unpublished" unpublished "$(sql "SELECT status FROM record WHERE doc_no='武市监罚〔2024〕105号'")"
expect_eq "individual business by regno" 420103600123456 "$(sql "SELECT regno FROM subject WHERE name='王记小吃店'")"

# Resending the same file adds nothing.
run_xy 0 import --json --class penalty --dept "$DEPT" good.csv
expect_eq "resend unchanged" 5 "$(json_get "$OUT" unchanged)"
expect_eq "resend added" 0 "$(json_get "$OUT" added)"
expect_eq "records after resend" 5 "$(sql 'SELECT count(*) FROM record')"

# The same content in GB18030 and as JSON Lines is the same data: unchanged again.
iconv -f UTF-8 -t GB18030 good.csv >good-gbk.csv
run_xy 0 import --json --class penalty --dept "$DEPT" good-gbk.csv
expect_eq "gbk encoding" GB18030 "$(json_get "$OUT" encoding)"
expect_eq "gbk unchanged" 5 "$(json_get "$OUT" unchanged)"
printf '\357\273\277' >good-bom.csv
cat good.csv >>good-bom.csv
run_xy 0 import --json --class penalty --dept "$DEPT" good-bom.csv
expect_eq "bom unchanged" 5 "$(json_get "$OUT" unchanged)"
cat >good.jsonl <<'JSON'
{"CF_XDR_MC":"武汉华鑫科技有限公司","CF_XDR_LB":"02","CF_XDR_SHXYM":"91420684MA4927PJ7B","CF_FRDB":"张伟","CF_WSH":"武市监罚〔2024〕201号","CF_WFXW":"无照经营","CF_SY":"事实","CF_YJ":"依据","CF_CFLB":"罚款","CF_NR":"罚款","CF_NR_FK":0.35,"CF_JDRQ":"2024-09-01","CF_YXQ":"2024-09-30","CF_CFJG":"武汉市市场监督管理局","CF_CFJGDM":"11230500001755309F","CF_SJLY":"武汉市市场监督管理局","CF_SJLYDM":"11230500001755309F"}
{"行政相对人名称":"李明","行政相对人类别":"自然人","证件类型":"身份证","证件号码":"360426199101010071","doc_no":"武市监罚〔2024〕202号","violation_type":"违规","facts":"事实","legal_basis":"依据","penalty_categories":"警告","content":"警告","decision_date":"20240902","valid_to":"20240930","authority":"局","authority_uscc":"11230500001755309F","source_unit":"局","source_unit_uscc":"11230500001755309F"}
JSON
run_xy 0 import --json --class penalty --dept "$DEPT" good.jsonl
expect_eq "jsonl format" jsonl "$(json_get "$OUT" format)"
expect_eq "jsonl added" 2 "$(json_get "$OUT" added)"
expect_eq "jsonl fine exact" 350000 "$(sql "SELECT amount_fen FROM record WHERE doc_no='武市监罚〔2024〕201号'")"
expect_eq "same person found by ID" 2 "$(sql "SELECT count(*) FROM subject WHERE kind='person'")"

# A changed row becomes a new version; the old one is kept, not current.
sed 's/罚款2000元并警告/罚款2000元并警告（已缴纳）/' good.csv >changed.csv
run_xy 0 import --json --class penalty --dept "$DEPT" changed.csv
expect_eq "changed updated" 1 "$(json_get "$OUT" updated)"
expect_eq "changed unchanged" 4 "$(json_get "$OUT" unchanged)"
expect_eq "versions kept" "1:0 2:1" "$(sql "SELECT $(sql_agg "version || ':' || is_current" ' ') FROM (SELECT * FROM record WHERE doc_no='武市监罚〔2024〕101号' ORDER BY version) v")"

# Every kind of bad row is reported with row, field and reason; the good ones still land.
cp "$D/penalty-bad.csv" bad.csv
before=$(sql 'SELECT count(*) FROM record')
run_xy 1 import --json --class penalty --dept "$DEPT" bad.csv
expect_eq "bad accepted" 1 "$(json_get "$OUT" accepted)"
expect_eq "bad rejected" 17 "$(json_get "$OUT" rejected)"
for want in '"row":1,"field":"CF_XDR_SHXYM","value":"91420684MA4927PJ7C","code":"bad_uscc"' \
    '"row":2,"field":"CF_WSH","value":"","code":"missing"' \
    '"row":3,"field":"CF_JDRQ","value":"2023-02-30","code":"bad_date"' \
    '"row":4,"field":"CF_NR_FK","value":"0.0000001","code":"bad_amount"' \
    '"row":5,"field":"CF_NR_FK","value":"","code":"missing"' \
    '"row":6,"field":"CF_XDR_LB","value":"外国人","code":"bad_code"' \
    '"row":7,"field":"CF_XDR_ZJHM","value":"3604**********0072","code":"bad_id_no"' \
    '"row":8,"field":"CF_XDR_ZJHM","value":"","code":"missing"' \
    '"row":9,"field":"CF_YXQ","value":"2024-01-20","code":"date_order"' \
    '"row":10,"field":"CF_XDR_LB","value":"02","code":"category_mismatch"' \
    '"row":11,"field":"CF_XDR_SHXYM","value":"00000000000000000X","code":"placeholder"' \
    '"row":12,"field":"CF_XDR_GSZC","value":"","code":"missing"' \
    '"row":13,"field":"CF_CFLB","value":"拘留三天","code":"bad_code"' \
    '"row":14,"field":"CF_JDRQ","value":"2027-03-05","code":"future_date"' \
    '"row":16,"field":"CF_WSH","value":"坏罚〔2024〕15号","code":"duplicate"' \
    '"row":17,"field":"CF_XDR_MC"' \
    '"row":18,"field":"","value":"","code":"extra_field"'; do
    expect_contains "reject" "$want" "$OUT"
done
expect_eq "bad rows stored" $((before + 1)) "$(sql 'SELECT count(*) FROM record')"
expect_eq "rejects kept with the batch" 18 "$(sql "SELECT count(*) FROM batch_reject WHERE batch_id=(SELECT max(id) FROM batch)")"
# The rejects file: UTF-8 with BOM, a header, one line per problem; ID numbers masked.
[ -f bad.csv.rejects.csv ] || fail "no rejects file"
expect_eq "rejects BOM" "efbbbf" "$(head -c 3 bad.csv.rejects.csv | od -An -tx1 | tr -d ' \n')"
expect_eq "rejects lines" 19 "$(wc -l <bad.csv.rejects.csv | tr -d ' ')"
if grep -q 360426199101010072 bad.csv.rejects.csv; then fail "plain ID number in the rejects file"; fi
# A renamed company: the newer record's name becomes current, the old one is kept and flagged.
expect_eq "renamed" 武汉好运商贸有限公司 "$(sql "SELECT name FROM subject WHERE uscc='91420684MA4927PJ7B'")"
expect_eq "old name kept" 武汉华鑫科技有限公司 "$(sql "SELECT name FROM subject_name WHERE subject_id=(SELECT id FROM subject WHERE uscc='91420684MA4927PJ7B')")"
expect_eq "flagged" 1 "$(sql "SELECT count(*) FROM record WHERE flags & 1 <> 0")"
# Search follows the rename: the new name is found, the old one no longer.
run_xy 0 search 好运商贸
expect_contains "new name searchable" 91420684MA4927PJ7B "$OUT"
run_xy 1 search 华鑫科技
expect_eq "name counts consistent" 0 "$(sql "SELECT count(*) FROM (SELECT gram, count(*) AS c FROM name_gram GROUP BY gram) g LEFT JOIN gram_count k USING (gram) WHERE k.n IS DISTINCT FROM g.c")"

# Unreadable input: exit 2, nothing committed.
batches=$(sql 'SELECT count(*) FROM batch')
printf 'CF_XDR_MC,NOT_A_FIELD\nx,y\n' >badheader.csv
run_xy 2 import --class penalty --dept "$DEPT" badheader.csv
expect_contains "bad header" 'NOT_A_FIELD' "$ERR"
expect_contains "bad header: bilingual, the column's text in the Chinese part only" \
    '表头第 2 列“NOT_A_FIELD”不是信息类别 penalty 的字段：请使用字段代码、中文名称或英文键名（见 xinyong catalog show penalty） (header column 2 is not a field of class penalty: use the field code, Chinese name or English key, see `xinyong catalog show penalty`)' "$ERR"
printf 'CF_XDR_MC,CF_XDR_LB\nx,02\n' >missingcol.csv
run_xy 2 import --class penalty --dept "$DEPT" missingcol.csv
expect_contains "missing column" 'no column for mandatory field' "$ERR"
expect_contains "missing column: bilingual" '的列 (the header has no column for mandatory field CF_' "$ERR"
printf '\xff\xfe\x00\x01' >binary.csv
run_xy 2 import --class penalty --dept "$DEPT" binary.csv
: >empty.csv
run_xy 2 import --class penalty --dept "$DEPT" empty.csv
expect_contains "empty" "empty" "$ERR"
run_xy 2 import --class nosuch --dept "$DEPT" good.csv
expect_contains "unknown class" "unknown class nosuch" "$ERR"
run_xy 2 import --class penalty --dept "$DEPT" /nonexistent.csv
run_xy 2 import --class penalty good.csv
expect_eq "nothing committed" "$batches" "$(sql 'SELECT count(*) FROM batch')"

# Other classes load through the same path.
cat >lic.csv <<'CSV'
行政相对人名称,行政相对人类别,行政相对人代码_1（统一社会信用代码）,法定代表人,行政许可决定文书名称,行政许可决定文书号,许可类别,许可内容,许可决定日期,有效期自,有效期至,许可机关,许可机关统一社会信用代码,当前状态,数据来源单位,数据来源单位统一社会信用代码
武汉好运商贸有限公司,法人,91420684MA4927PJ7B,赵一,食品经营许可决定书,武市监许〔2024〕9号,普通,食品销售,2024-01-02,2024-01-02,2029-01-01,武汉市市场监督管理局,11230500001755309F,有效,武汉市市场监督管理局,11230500001755309F
CSV
run_xy 0 import --json --class license --dept "$DEPT" lic.csv
expect_eq "licence added" 1 "$(json_get "$OUT" added)"

# show: grouped by class, the person's ID number masked unless revealed.
run_xy 0 show --json 91420684MA4927PJ7B
expect_contains "show license" '"license":[' "$OUT"
expect_contains "show penalty" '"penalty":[' "$OUT"
expect_contains "show decomposed" '"region":"420684"' "$OUT"
run_xy 0 show --json 360426199101010071
expect_contains "masked" '"id_no":"3604**********0071"' "$OUT"
case "$OUT" in *360426199101010071*) fail "show printed a full ID number without --reveal" ;; esac
run_xy 0 show --json --reveal 360426199101010071
expect_contains "revealed" '"party_id_no":"360426199101010071"' "$OUT"
opaque=$(printf '%s' "$OUT" | grep -o '"id":"p[0-9a-f]*"' | head -n 1 | cut -d\" -f4)
run_xy 0 show "$opaque"
expect_contains "by opaque id" "李明" "$OUT"
run_xy 1 show 91110000600037341L
run_xy 2 show 12345
echo "import: all checks passed"
