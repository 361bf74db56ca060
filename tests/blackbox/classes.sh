#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The work plan's further classes end to end: each class's example CSV (examples/classes/) imports
# whole, and a bad row of each is rejected with its row, field and reason; the public sees each class
# with ID numbers masked, hidden fields left out, and each record only inside the window its rule
# gives (read again two years later); a listed judgment defaulter gets 中办发〔2016〕64号's measures at an
# approval system's check, and its legal representative's person does too; the office's government
# integrity summary gives the rectification rate computed here by hand; the catalogue marks the
# classes the platform defined itself.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
EX=$SRC/examples/classes
COURT=11420100010715982M
DRC=114201000107204742
SAMR=11420100MB152034XT
ENV=11420100MB1D28568M
CULT=11420100MB1C086386
SAFE=11420100MB1C56920M
FIN=11420100MB1514396X # the finance bureau: handles government procurement (catalog/jrp-demo.json)
COMPANY=91420684MA4927PJ7B
ID_RE='[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]'

run_xy 0 init
for d in "$COURT 武汉市中级人民法院" "$DRC 武汉市发展和改革委员会" "$SAMR 武汉市市场监督管理局" \
    "$ENV 武汉市生态环境局" "$CULT 武汉市文化和旅游局" "$SAFE 武汉市应急管理局" "$FIN 武汉市财政局"; do
    # shellcheck disable=SC2086 # code and name
    run_xy 0 dept add $d
done

# ---- every example imports whole ----
imp() { # CLASS DEPT FILE EXIT
    run_xy "$4" import --json --class "$1" --dept "$2" "$3"
}
for cd in defaulter:$COURT gov_integrity:$DRC inspection:$SAMR enforcement:$ENV confirmation:$CULT \
    admin_reward:$SAFE honour:$SAMR; do
    cls=${cd%%:*}
    imp "$cls" "${cd##*:}" "$EX/$cls.csv" 0
    rows=$(($(wc -l <"$EX/$cls.csv") - 1))
    expect_eq "$cls: example accepted" "$rows" "$(json_get "$OUT" accepted)"
    expect_eq "$cls: stored" "$rows" "$(sql "SELECT count(*) FROM record WHERE class = '$cls' AND is_current = 1")"
done

# ---- a bad row of each class: rejected with its field and reason, the good row of the file lands ----
# bad CLASS DEPT FIELD VALUE CODE: the example's first row, then that row with FIELD set to VALUE
# and a new document number; row 2 must be rejected with CODE on FIELD.
bad() {
    local cls=$1 dept=$2 field=$3 value=$4 code=$5 col
    col=$(head -n 1 "$EX/$cls.csv" | tr -d '\r' | tr ',' '\n' | grep -n -x "$field" | cut -d: -f1)
    [ -n "$col" ] || fail "test setup: $cls has no column $field"
    head -n 2 "$EX/$cls.csv" >"bad-$cls.csv"
    # the second row: the first with the field replaced and the document number made new (the
    # document number is the 9th column in every one of these classes)
    sed -n 2p "$EX/$cls.csv" | tr -d '\r' | awk -F, -v OFS=, -v c="$col" -v v="$value" '{ $c = v; $9 = $9 "X"; print }' \
        >>"bad-$cls.csv"
    imp "$cls" "$dept" "bad-$cls.csv" 1
    expect_eq "$cls bad: accepted" 1 "$(json_get "$OUT" accepted)"
    expect_eq "$cls bad: rejected" 1 "$(json_get "$OUT" rejected)"
    expect_contains "$cls bad: named" "\"row\":2,\"field\":\"$field\"" "$OUT"
    expect_contains "$cls bad: reason" "\"code\":\"$code\"" "$OUT"
}
bad defaulter $COURT SX_ZXFYDM 91110000600037341L uscc_prefix
bad defaulter $COURT SX_LXQK 全部履行 bad_code
bad gov_integrity $DRC ZW_XDR_SHXYM 91420684MA4927PJ7B uscc_prefix
bad gov_integrity $DRC ZW_ZGRQ 2026-03-01 date_order
bad inspection $SAMR JC_JGDM 91420684MA4927PJ7C bad_uscc
bad enforcement $ENV QZ_FS 没收 bad_code
bad confirmation $CULT QR_JDRQ 2027-01-01 future_date
bad admin_reward $SAFE JL_JE "" missing
bad honour $SAMR RY_DJ 乡级 bad_code
# the person defaulter with a wrong check digit: rejected, and the rejects file shows it masked
head -n 1 "$EX/defaulter.csv" >badid.csv
sed -n 3p "$EX/defaulter.csv" | sed 's/360426199101010071/360426199101010072/; s/102号之一/103号之一/' >>badid.csv
imp defaulter $COURT badid.csv 1
expect_contains "bad ID: named" '"field":"SX_XDR_ZJHM","value":"3604**********0072","code":"bad_id_no"' "$OUT"
if grep -q 360426199101010072 badid.csv.rejects.csv; then fail "plain ID number in the rejects file"; fi

# ---- windows by rule, as stored ----
win() { sql "SELECT coalesce(public_until, '-') FROM record WHERE class = '$1' AND doc_no = '$2' AND is_current = 1"; }
expect_eq "defaulter: two years from publication" 2028-06-18 "$(win defaulter '（2026）鄂01执88号之一')"
expect_eq "gov event: three years" 2029-03-10 "$(win gov_integrity '武发改政信〔2026〕1号')"
expect_eq "inspection: three years" 2029-09-08 "$(win inspection '武市监检〔2026〕15号')"
expect_eq "enforcement: three years" 2029-10-12 "$(win enforcement '武环强〔2026〕7号')"
expect_eq "confirmation: while valid" 2029-03-31 "$(win confirmation '武文旅确〔2026〕3号')"
expect_eq "honour: while valid" 2028-05-19 "$(win honour '武市监表〔2026〕4号')"
expect_eq "honour without end" - "$(win honour '武人社表〔2026〕9号')"

OFFICE=$("$XY" key create --role office --name 信用办 | tail -n 1)
DKEY=$("$XY" key create --role department --dept "$DRC" | tail -n 1)
APPROVAL=$("$XY" key create --role approval --dept "$FIN" --name 政府采购系统 | tail -n 1)
run_xy 0 jrp load "$SRC/catalog/jrp-demo.json"
start_server main

get() { # PATH [KEY]: sets CODE, BODY
    CODE=$(curl -s -o "$WORK/.body" -w '%{http_code}' ${2:+-H "Authorization: Bearer $2"} "$URL$1" || true)
    BODY=$(cat "$WORK/.body")
}
post() {
    CODE=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X POST -H "Authorization: Bearer $2" \
        -H 'Content-Type: application/json' --data-binary "$3" "$URL$1" || true)
    BODY=$(cat "$WORK/.body")
}

# ---- the catalogue marks the platform's own definitions ----
get /api/v1/catalog
for cls in defaulter gov_integrity inspection enforcement confirmation admin_reward honour; do
    printf '%s' "$BODY" | grep -q "\"class\":\"$cls\",[^{]*\"definition\":\"local\",\"local_basis\":\"" ||
        fail "catalogue: $cls is not marked a local definition"
done
printf '%s' "$BODY" | grep -q '"class":"penalty",[^{]*"definition":"standard"' || fail "penalty is not a standard class"

# ---- disclosure: public fields only, masked ID numbers ----
get /api/v1/subjects/$COMPANY
expect_eq "subject" 200 "$CODE"
for cls in defaulter inspection enforcement confirmation; do
    expect_contains "company's $cls" "\"$cls\":[" "$BODY"
done
expect_contains "defaulter case" '"case_no":"（2026）鄂01执88号"' "$BODY"
expect_contains "enforcement method" '"method":"12"' "$BODY"
case "$BODY" in *legal_rep_id*) fail "a legal representative's ID field is public: $BODY" ;; esac
if printf '%s' "$BODY" | grep -Eq "$ID_RE"; then fail "a plain ID number in the public subject"; fi
PERSON_REC=$(sql "SELECT id FROM record WHERE class = 'defaulter' AND doc_no = '（2026）鄂01执102号之一'")
get /api/v1/records/$PERSON_REC
expect_eq "person defaulter public" 200 "$CODE"
expect_contains "person ID masked" '"party_id_no":"3604**********0071"' "$BODY"
if printf '%s' "$BODY" | grep -Eq "$ID_RE"; then fail "a plain ID number in the person's record"; fi
get "/api/v1/records?class=defaulter"
expect_eq "browse defaulters" 200 "$CODE"
expect_contains "browse: person masked" '3604**********0071' "$BODY"
if printf '%s' "$BODY" | grep -Eq "$ID_RE"; then fail "a plain ID number in the defaulter listing"; fi
GOVBODY=114201000107373480
get /api/v1/subjects/$GOVBODY
expect_contains "gov body's events" '"gov_integrity":[' "$BODY"
expect_contains "rectification shown" '"rectification":"1","rectified_on":"2026-05-06"' "$BODY"
expect_contains "in progress shown" '"rectification":"2"' "$BODY"

# ---- the defaulter is punished at a check (中办发〔2016〕64号) ----
post /api/v1/checks "$APPROVAL" "{\"subject\":\"$COMPANY\",\"matter\":\"420100-CG-001\"}"
expect_eq "check" 201 "$CODE"
expect_contains "defaulter entry" '"class":"defaulter"' "$BODY"
expect_contains "defaulter entry doc" '"doc_no":"（2026）鄂01执88号之一"' "$BODY"
expect_contains "measure 64-01" '"code":"64-01"' "$BODY"
expect_contains "measure memo" '"doc_no":"中办发〔2016〕64号"' "$BODY"
expect_contains "block" '"action":"block"' "$BODY"
# the person defaulter, by ID number, and its organisation's legal representative by the rep's ID
post /api/v1/checks "$APPROVAL" '{"subject":"360426199101010071","matter":"420100-CG-001"}'
expect_contains "person defaulter punished" '"code":"64-01"' "$BODY"
post /api/v1/checks "$APPROVAL" '{"subject":"110102199101010078","matter":"420100-CG-001"}'
expect_contains "legal rep of a defaulter: the organisation's entry" '"relation":"represented_org"' "$BODY"
# a company with only a reward and an honour: nothing applies
post /api/v1/checks "$APPROVAL" '{"subject":"91310115MA1K3BTP2B","matter":"420100-CG-001"}'
expect_contains "not listed: no entry" '"entries":[]' "$BODY"
expect_contains "not listed: no measure" '"measures":[]' "$BODY"

# ---- government integrity: the rate by hand ----
# 3 events: 住建局 one rectified, one in progress; 城管委 one not rectified.
# city: 1/3 = 33.333…% → 33.33; 住建局 1/2 = 50.00; 城管委 0/1 = 0.00.
get /api/v1/gov-integrity/summary
expect_eq "summary needs a key" 401 "$CODE"
get /api/v1/gov-integrity/summary "$DKEY"
expect_eq "summary is the office's" 403 "$CODE"
get /api/v1/gov-integrity/summary "$OFFICE"
expect_eq "summary" 200 "$CODE"
expect_contains "counts" '"events":3,"rectified":1,"in_progress":1,"not_rectified":1,"rate_percent":"33.33","met":false' "$BODY"
expect_contains "target" '"target_percent":100' "$BODY"
expect_contains "住建局" '"uscc":"114201000107373480","name":"武汉市住房和城乡建设局","events":2,"rectified":1,"in_progress":1,"not_rectified":0,"rate_percent":"50.00"' "$BODY"
expect_contains "城管委" '"uscc":"11420100MB1A0327XB","name":"武汉市城市管理执法委员会","events":1,"rectified":0,"in_progress":0,"not_rectified":1,"rate_percent":"0.00"' "$BODY"
expect_eq "open events" 2 "$(printf '%s' "$BODY" | grep -o '"record":[0-9]*' | wc -l)"
get "/api/v1/gov-integrity/summary?from=2026-09-01" "$OFFICE"
expect_contains "from September" '"events":1,"rectified":0' "$BODY"
get "/api/v1/gov-integrity/summary?to=2026-03-31" "$OFFICE"
expect_contains "to March" '"events":1,"rectified":1,"in_progress":0,"not_rectified":0,"rate_percent":"100.00","met":true' "$BODY"
get "/api/v1/gov-integrity/summary?from=2026-13-01" "$OFFICE"
expect_eq "bad date" 400 "$CODE"
stop_server "$SPID" main

# ---- two years on (2028-06-19): the windows that ended leave public view ----
export XY_TODAY=2028-06-19
start_server later
get /api/v1/subjects/$COMPANY
expect_eq "subject later" 200 "$CODE"
case "$BODY" in *'"defaulter":['*) fail "the defaulter entry is public after its two years" ;; esac
expect_contains "enforcement still public" '"enforcement":[' "$BODY"
get /api/v1/records/$PERSON_REC
expect_eq "person defaulter, window still open until 2028-07-01" 200 "$CODE"
HONOUR=$(sql "SELECT id FROM record WHERE class = 'honour' AND doc_no = '武市监表〔2026〕4号'")
get /api/v1/records/$HONOUR
expect_eq "honour ended 2028-05-19" 404 "$CODE"
post /api/v1/checks "$APPROVAL" "{\"subject\":\"$COMPANY\",\"matter\":\"420100-CG-001\"}"
case "$BODY" in *'"code":"64-01"'*) fail "an ended defaulter entry still triggers a measure: $BODY" ;; esac
stop_server "$SPID" later
echo "classes: all checks passed"
