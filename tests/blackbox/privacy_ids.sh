#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Personal ID numbers outside the ID fields (issue #20, findings 2 and 3): typed into a penalty's
# facts or into the legal representative's field, the public and the CLI see them masked, the
# authorised full view sees them whole, and the database file never holds them in clear; typed into
# the USCC column, the row is rejected and the rejects (import JSON, the CSV beside the file, the
# API's JSON and CSV, the stored rejects) show the number masked. Text stored before the import
# masked numbers is masked when answers are built.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
DEPT=11230500001755309F
ID18=420103198812030512   # valid: 江汉区, born 1988-12-03, check digit 2
ID15=370802940221002      # legacy form, born 1994-02-21 (DOMAIN §2.3)
ID18FW=４２０１０３１９８８１２０３０５１２
ID2=44011320141005001X    # DOMAIN §2.2, check X
MASK18=4201**********0512

# in_db DIGITS: the digits occur in the database file or its WAL.
in_db() {
    grep -a -q -F -- "$1" "$XINYONG_DB" "$XINYONG_DB-wal" 2>/dev/null
}
no_clear() {
    local what=$1 text=$2
    for n in "$ID18" "$ID15" "$ID2" "$ID18FW" 420103-19881203-0512; do
        case "$text" in *"$n"*) fail "$what: $n in clear: ${text:0:600}" ;; esac
    done
}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

H=CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,BZ
tail_cols="武汉市市场监督管理局,$DEPT,武汉市市场监督管理局,$DEPT"
cat >ids.csv <<CSV
$H
武汉华鑫科技有限公司,02,91420684MA4927PJ7B,王某,武市监罚〔2024〕301号,无照经营,经查，法定代表人王某（公民身份号码${ID18}）未取得营业执照从事经营活动,《无证无照经营查处办法》第十三条,罚款,罚款2000元,0.2,2024-03-05,2024-03-20,$tail_cols,
上海汉江物流有限公司,02,91310115MA1K3BTP2B,${ID18},武市监罚〔2024〕302号,超范围经营,超出登记范围经营,《市场主体登记管理条例》第四十六条,罚款,责令股东李某（${ID2}）改正，罚款1.5万元,1.5,2024-07-01,2024-07-31,$tail_cols,原身份证${ID15}；新证 ${ID18FW}；另 420103-19881203-0512
武汉合众物流有限公司,02,${ID18},张伟,武市监罚〔2024〕303号,超范围经营,超出登记范围经营,《市场主体登记管理条例》第四十六条,警告,警告,,2024-07-02,2024-07-31,$tail_cols,
王某${ID18},02,91110000600037341L,王某,武市监罚〔2024〕304号,超范围经营,超出登记范围经营,《市场主体登记管理条例》第四十六条,警告,警告,,2024-07-02,2024-07-31,$tail_cols,
武汉江城餐饮管理有限公司,02,91230500MA1B3N1N2M,刘强,武市监罚〔2024〕305号,卫生不合格,订单号${ID18%2}3的货物不合格（号码校验位不符，不是身份证号码）,《食品安全法》第一百二十六条,警告,警告,,2024-07-03,2024-07-31,$tail_cols,
武汉市某机关,02,114201198001010298,赵六,武市监罚〔2024〕306号,超范围经营,超出登记范围经营,《市场主体登记管理条例》第四十六条,警告,警告,,2024-07-04,2024-07-31,$tail_cols,
CSV
run_xy 1 import --json --class penalty --dept "$DEPT" ids.csv
expect_eq "accepted" 4 "$(json_get "$OUT" accepted)"
expect_eq "rejected" 2 "$(json_get "$OUT" rejected)"

# ---- finding 3: the number in the USCC column, and in the party's name ----
expect_contains "USCC column: rejected, value masked" "\"row\":3,\"field\":\"CF_XDR_SHXYM\",\"value\":\"$MASK18\",\"code\":\"bad_uscc\"" "$OUT"
expect_contains "USCC column: reason masked" "统一社会信用代码“$MASK18”" "$OUT"
expect_contains "name: refused" "\"row\":4,\"field\":\"CF_XDR_MC\",\"value\":\"王某$MASK18\",\"code\":\"id_no_misplaced\"" "$OUT"
no_clear "import --json" "$OUT"
[ -f ids.csv.rejects.csv ] || fail "no rejects file"
rejects_csv=$(cat ids.csv.rejects.csv)
expect_contains "rejects CSV masked" "3,\"CF_XDR_SHXYM\",\"行政相对人代码_1（统一社会信用代码）\",\"$MASK18\",\"bad_uscc\"" "$rejects_csv"
no_clear "rejects CSV" "$rejects_csv"
expect_eq "stored rejects masked" "$MASK18|王某$MASK18" "$(sql "SELECT $(sql_agg value '|') FROM (SELECT value FROM batch_reject ORDER BY row_no) r")"
no_clear "stored rejects" "$(sql "SELECT $(sql_agg "value || ' ' || reason" ' ') FROM batch_reject")"
# A mistyped number (wrong check character) in the USCC column is masked all the same.
sed "s/,$ID18,张伟/,${ID18%2}3,张伟/; /301号\|302号\|304号\|305号/d" ids.csv >typo.csv
run_xy 1 import --json --class penalty --dept "$DEPT" typo.csv
expect_contains "mistyped number masked" '"value":"4201**********0513","code":"bad_uscc"' "$OUT"
case "$OUT" in *"${ID18%2}3"*) fail "mistyped number in clear: $OUT" ;; esac

# ---- finding 2: numbers in free text and in the legal representative's field ----
run_xy 0 show --json 91420684MA4927PJ7B
expect_contains "facts masked" "经查，法定代表人王某（公民身份号码$MASK18）未取得营业执照从事经营活动" "$OUT"
expect_contains "flagged for the department" '"id_in_text"' "$OUT"
no_clear "show facts" "$OUT"
run_xy 0 show --json 91310115MA1K3BTP2B
expect_contains "legal representative masked" "\"legal_rep\":\"$MASK18\"" "$OUT"
expect_contains "content masked" "责令股东李某（4401**********001X）改正" "$OUT"
expect_contains "remarks masked" "原身份证3708*******1002；新证 $MASK18；另 $MASK18" "$OUT"
no_clear "show legal rep" "$OUT"
# An 18-digit number whose check character does not match is no ID number: shown as written.
run_xy 0 show --json 91230500MA1B3N1N2M
expect_contains "not a number" "订单号${ID18%2}3的货物" "$OUT"
expect_contains "no flag" '"flags":[]' "$OUT"
# A code is not text: an all-digit USCC that also reads as an ID number (DOMAIN's 114201198001010298,
# valid as both) stays as it is, here and in every answer below.
run_xy 0 show --json 114201198001010298
expect_contains "ambiguous USCC kept" '"party_uscc":"114201198001010298"' "$OUT"
# The operator's audited full view opens them.
run_xy 0 show --json --reveal 91420684MA4927PJ7B
expect_contains "reveal: facts whole" "公民身份号码${ID18}）" "$OUT"
run_xy 0 show --json --reveal 91310115MA1K3BTP2B
expect_contains "reveal: legal representative whole" "\"legal_rep\":\"$ID18\"" "$OUT"
expect_contains "reveal: remarks as written" "原身份证${ID15}；新证 ${ID18FW}；另 420103-19881203-0512" "$OUT"

# Never in clear in the database file (nor its WAL), in any form it was written in.
for n in "$ID18" "$ID15" "$ID2" "$ID18FW" 420103-19881203-0512; do
    if in_db "$n"; then fail "$n in clear in the database file"; fi
done
expect_eq "sealed texts" 2 "$(sql "SELECT count(*) FROM record WHERE sealed IS NOT NULL AND flags & 8 <> 0")"

# ---- the public, over the API ----
start_server server
K_OFFICE=$(run_xy 0 key create --role office --name 信用办 && printf '%s\n' "$OUT" | tail -n 1)
K_DEPT=$(run_xy 0 key create --role department --dept "$DEPT" && printf '%s\n' "$OUT" | tail -n 1)
get() { CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' "$@" || true); BODY=$(cat "$WORK/.body"); }
for s in 91420684MA4927PJ7B 91310115MA1K3BTP2B; do
    get "$URL/api/v1/subjects/$s"
    expect_eq "public subject $s" 200 "$CODE"
    expect_contains "public subject $s masked" "$MASK18" "$BODY"
    no_clear "public subject $s" "$BODY"
    get "$URL/api/v1/subjects/$s/records?class=penalty"
    expect_eq "public records $s" 200 "$CODE"
    expect_contains "public records $s masked" "$MASK18" "$BODY"
    no_clear "public records $s" "$BODY"
done
get "$URL/api/v1/subjects/114201198001010298/records?class=penalty"
expect_contains "public: ambiguous USCC kept" '"party_uscc":"114201198001010298"' "$BODY"
rid=$(sql "SELECT id FROM record WHERE doc_no = '武市监罚〔2024〕302号'")
get "$URL/api/v1/records/$rid"
expect_contains "public record" "\"legal_rep\":\"$MASK18\"" "$BODY"
no_clear "public record" "$BODY"
get "$URL/api/v1/records/$rid" -H "Authorization: Bearer $K_OFFICE"
no_clear "public record with a key" "$BODY"
# The office's audited full view (a role that may see them) opens them.
get "$URL/api/v1/admin/records/$rid" -H "Authorization: Bearer $K_OFFICE"
expect_eq "admin record" 200 "$CODE"
expect_contains "admin record whole" "\"legal_rep\":\"$ID18\"" "$BODY"
# The department's rejects, as JSON and as CSV.
batch=$(sql "SELECT min(batch_id) FROM batch_reject")
get "$URL/api/v1/batches/$batch/rejects" -H "Authorization: Bearer $K_DEPT"
expect_eq "API rejects" 200 "$CODE"
expect_contains "API rejects masked" "\"field\":\"CF_XDR_SHXYM\",\"value\":\"$MASK18\"" "$BODY"
no_clear "API rejects" "$BODY"
get "$URL/api/v1/batches/$batch/rejects" -H "Authorization: Bearer $K_DEPT" -H "Accept: text/csv"
expect_contains "API rejects CSV masked" "\"$MASK18\",\"bad_uscc\"" "$BODY"
no_clear "API rejects CSV" "$BODY"

# ---- text stored before the import masked numbers: masked when the answer is built ----
sql "UPDATE record SET fields = replace(fields, '$MASK18', '$ID18'), sealed = NULL WHERE doc_no = '武市监罚〔2024〕301号'"
sql "UPDATE subject SET name = name || '（$ID18）' WHERE uscc = '91420684MA4927PJ7B'"
expect_contains "older text in clear" "$ID18" "$(sql "SELECT fields FROM record WHERE doc_no = '武市监罚〔2024〕301号'")"
sleep 1.1 # the answer cache asks SQLite whether the data changed at most once a millisecond; be generous
get "$URL/api/v1/subjects/91420684MA4927PJ7B/records?class=penalty"
expect_contains "older text: public records masked" "公民身份号码$MASK18）" "$BODY"
no_clear "older text: public records" "$BODY"
get "$URL/api/v1/subjects/91420684MA4927PJ7B"
expect_contains "older name masked" "武汉华鑫科技有限公司（$MASK18）" "$BODY"
no_clear "older text: public subject" "$BODY"
get "$URL/api/v1/subjects" -G --data-urlencode "q=华鑫科技"
expect_contains "older name masked in search" "（$MASK18）" "$BODY"
no_clear "older text: search" "$BODY"
stop_server "$SPID" server
run_xy 0 show --json 91420684MA4927PJ7B
expect_contains "older text: show masked" "公民身份号码$MASK18）" "$OUT"
no_clear "older text: show" "$OUT"
echo "privacy_ids: ok"
