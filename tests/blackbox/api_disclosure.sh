#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Disclosure: with data of every class and scope loaded (licences, penalties published and not -
# simple procedure, zero publicity period, expired, publicity ended early -, current and expired
# red/black/watch entries, commitments, a government-only class, persons with ID numbers, legal
# representatives' ID numbers), walk every public route and assert that nothing non-public
# appears: no full ID number, no hidden field, no unpublished or expired record, no person in
# search, no person by ID number; and that every published, current record does appear.
# All findings are listed before the test fails.
. "$(dirname "$0")/lib.sh.inc"
D=$XY_TEST_DATA
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DEPT=11230500001755309F
ID_RE='(^|[^0-9A-Za-z])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)'

# Every personal ID number in the data (parties and legal representatives).
ID_NUMBERS="42010619850315123X 420102199007084567 420111197801010028 110105198212247814 420103197005203013
420104198808082228 420105199501013333 420112196611114442 420113199202025553"
# Published and inside their window on 2026-11-28: each must be seen.
PUBLIC_DOCS="API许〔2026〕1号 API许〔2026〕2号 API罚〔2025〕1号 API罚〔2026〕6号 API罚〔2026〕9号 API罚〔2026〕10号
API红〔2026〕1号 API黑〔2026〕1号 API关〔2026〕1号 API诺〔2026〕1号 API诺〔2024〕3号 API诺〔2026〕4号"
# Never public: simple procedure (2), zero period for severity 1 from 2026-04-01 (3), expired
# (4, 8), publicity end date passed (5), a person's simple-procedure penalty (7), expired list
# entries and commitments, and a government-only class.
HIDDEN_DOCS="API罚〔2025〕2号 API罚〔2026〕3号 API罚〔2018〕4号 API罚〔2025〕5号 API罚〔2025〕7号 API罚〔2018〕8号
API红〔2023〕2号 API红〔2023〕3号 API黑〔2022〕2号 API关〔2024〕2号 API诺〔2025〕2号 API检〔2026〕1号
API检〔2026〕2号 API检〔2026〕3号"
# Persons whose every record is hidden (郑强: simple procedure; 冯丽: expired; 陈刚: expired red list).
PERSONS_NOTHING_PUBLIC="110105198212247814 420104198808082228 420113199202025553"

. "$(dirname "$0")/server.sh.inc"

FAILED=0
# finding MESSAGE: a failed check, reported; the test goes on and fails at the end.
finding() {
    echo "FAIL: $*" >&2
    FAILED=$((FAILED + 1))
}

# get PATH [curl args...]: a public GET (no key). Sets CODE and BODY; every public answer is
# appended to $WORK/public.txt, one per line, after the line "## PATH".
get() {
    local p=$1
    shift
    CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' "$@" "$URL$p" || true)
    BODY=$(cat "$WORK/.body" 2>/dev/null || true)
    if [ "$CODE" = 000 ]; then
        kill -0 "$SPID" 2>/dev/null || fail "GET $p: the server died: $(grep -A 12 'ERROR:' "$WORK/server.err" | head -n 20)"
        fail "GET $p: no answer"
    fi
    printf '## %s %s\n%s\n' "$p" "$*" "$BODY" >>"$WORK/public.txt"
}

# search TEXT [limit]: GET /api/v1/subjects?q=TEXT, following next_cursor through every page.
search() {
    local q=$1 cursor="" page=0
    : >"$WORK/search.txt"
    while :; do
        get /api/v1/subjects -G --data-urlencode "q=$q" --data-urlencode "limit=${2:-50}" ${cursor:+--data-urlencode "cursor=$cursor"}
        [ "$CODE" = 200 ] || { finding "search [$q]: $CODE $BODY"; return; }
        printf '%s\n' "$BODY" >>"$WORK/search.txt"
        cursor=$(json_get "$BODY" next_cursor)
        [ -n "$cursor" ] && [ "$cursor" != null ] || break
        page=$((page + 1))
        [ "$page" -lt 50 ] || { finding "search [$q]: more than 50 pages"; break; }
    done
}

# walk_pages PATH FILE: every page of a paged list (limit 1, so paging itself is walked) into FILE.
walk_pages() {
    local p=$1 out=$2 cursor="" page=0
    : >"$out"
    while :; do
        get "$p?limit=1${cursor:+&cursor=$cursor}"
        [ "$CODE" = 200 ] || { finding "GET $p: $CODE $BODY"; return; }
        printf '%s\n' "$BODY" >>"$out"
        cursor=$(json_get "$BODY" next_cursor)
        [ -n "$cursor" ] && [ "$cursor" != null ] || break
        page=$((page + 1))
        [ "$page" -lt 100 ] || { finding "GET $p: more than 100 pages"; break; }
    done
}

# ---- the data ----
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 key create --role office
K_OFFICE=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 key create --role department --dept "$DEPT"
K_DEPT=$(printf '%s\n' "$OUT" | tail -n 1)
start_server server --access-log "$WORK/access.log"
# The repository's catalogue with one more class whose scope is government sharing only.
{
    head -n -3 "$SRC/catalog/catalog.json" | sed 's/"catalog_version": "2026.4"/"catalog_version": "2026.4-disclosure"/'
    echo '  },'
    cat "$D/api-catalog-gov-class.json"
    printf ' ]\n}\n'
} >catalog.json
CODE=$(curl -s -o put.out -w '%{http_code}' -X PUT -H "Authorization: Bearer $K_OFFICE" \
    -H "Content-Type: application/json" --data-binary @catalog.json "$URL/api/v1/admin/catalog")
expect_eq "extended catalogue loaded ($(cat put.out))" 200 "$CODE"
# (penalty-fix corrects one published penalty: a new version; the old one is no longer public.)
for spec in license:license penalty:penalty penalty:penalty-fix red_list:red black_list:black watch_list:watch \
    commitment:commitment gov_inspection:gov; do
    cls=${spec%%:*}
    f=$D/api-${spec#*:}.csv
    CODE=$(curl -s -o batch.out -w '%{http_code}' -X POST -H "Authorization: Bearer $K_DEPT" -H "Content-Type: text/csv" \
        --data-binary @"$f" "$URL/api/v1/batches?class=$cls")
    expect_eq "batch $cls: $(cat batch.out)" 201 "$CODE"
    expect_eq "batch $cls rejected" 0 "$(json_get "$(cat batch.out)" rejected)"
done
# The data is what the test means it to be (so that neither side of it is vacuous).
nrec=$(sql 'SELECT count(*) FROM record')
expect_eq "records loaded" 27 "$nrec"
for doc in $PUBLIC_DOCS $HIDDEN_DOCS; do
    expect_eq "record $doc stored" 1 "$(sql "SELECT count(*) FROM record WHERE doc_no = '$doc' AND is_current = 1")"
done
OLD_VERSION=$(sql "SELECT id FROM record WHERE doc_no = 'API罚〔2026〕6号' AND is_current = 0")
[ -n "$OLD_VERSION" ] || fail "the correction made no new version"
expect_eq "simple procedure and zero period unpublished" "API罚〔2025〕2号 API罚〔2025〕7号 API罚〔2026〕3号" \
    "$(sql "SELECT $(sql_agg doc_no ' ') FROM (SELECT doc_no FROM record WHERE status = 'unpublished' ORDER BY doc_no) u")"
expect_eq "expired windows" 9 "$(sql "SELECT count(*) FROM record WHERE public_until < '2026-11-28'")"
expect_eq "persons" 5 "$(sql "SELECT count(*) FROM subject WHERE kind = 'person'")"

# ---- the walk ----
: >"$WORK/public.txt"
get /healthz
get /api/v1/catalog
case "$BODY" in *gov_inspection*) finding "the public catalogue lists the government-only class" ;; esac
case "$BODY" in *'"catalog_version":"2026.4-disclosure"'*) ;; *) finding "the public catalogue is not the loaded one" ;; esac
CLASSES=$(sql "SELECT DISTINCT class FROM record ORDER BY class")

# Search: every subject by name and by code; no person is ever a hit.
sql "SELECT id || '|' || kind || '|' || name || '|' || coalesce(uscc, '') || '|' || opaque FROM subject ORDER BY id" >subjects.txt
while IFS='|' read -r sid kind name uscc opaque; do
    search "$name"
    if grep -q '"kind":"person"' "$WORK/search.txt"; then finding "search [$name] lists a person"; fi
    if [ "$kind" != person ] && ! grep -q "\"id\":\"$opaque\"" "$WORK/search.txt"; then
        finding "search [$name] does not find the organisation $name"
    fi
    if [ -n "$uscc" ]; then
        search "$uscc"
        grep -q "\"uscc\":\"$uscc\"" "$WORK/search.txt" || finding "search [$uscc] does not find it"
        search "${uscc:0:8}"
    fi
done <subjects.txt
for q in 有限公司 公司 武汉 周敏 吴芳 郑强 冯丽 陈刚 4201 3604 1101 42011119780101 "4201**********0028" 01 自然人; do
    search "$q" 1
    if grep -q '"kind":"person"' "$WORK/search.txt"; then finding "search [$q] lists a person"; fi
done

# Every subject page, by code and by opaque id, and its records of every class.
while IFS='|' read -r sid kind name uscc opaque; do
    : >"subject-$sid.json"
    for addr in $uscc $opaque; do
        get "/api/v1/subjects/$addr"
        printf '%s\n' "$BODY" >>"subject-$sid.json"
        for cls in $CLASSES; do
            get "/api/v1/subjects/$addr/records?class=$cls"
            case $CODE in
            200 | 400 | 404) ;;
            *) finding "GET /api/v1/subjects/$addr/records?class=$cls: $CODE $BODY" ;;
            esac
            printf '%s\n' "$BODY" >>"subject-$sid.json"
        done
    done
done <subjects.txt

# Every record id, and a few past the end.
maxid=$(sql 'SELECT max(id) FROM record')
for i in $(seq 1 $((maxid + 2))); do
    get "/api/v1/records/$i"
    printf '%s\n' "$CODE" >"record-$i.code"
    printf '%s\n' "$BODY" >"record-$i.json"
done

# The list boards and commitments, page by page.
walk_pages /api/v1/lists/red red.txt
walk_pages /api/v1/lists/black black.txt
walk_pages /api/v1/lists/watch watch.txt
walk_pages /api/v1/commitments commitment.txt
for p in red black watch; do
    get "/api/v1/lists/$p"
done
get /api/v1/commitments

# Persons can never be addressed by ID number (any case of X, 15 digits, masked).
for id in $ID_NUMBERS 42010619850315123x 370802940221002 "4201**********0028"; do
    CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' "$URL/api/v1/subjects/$id" || true)
    BODY=$(cat "$WORK/.body")
    case $CODE in
    400 | 404) ;;
    *) finding "a person by ID number: GET /api/v1/subjects/$id answered $CODE: $BODY" ;;
    esac
    case "$BODY" in *'"kind":"person"'* | *'"subject":'*) finding "GET /api/v1/subjects/$id shows a subject: $BODY" ;; esac
    printf '%s\n' "$BODY" >>echo.txt
    CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' "$URL/api/v1/subjects/$id/records?class=penalty" || true)
    case $CODE in
    400 | 404) ;;
    *) finding "a person's records by ID number: GET /api/v1/subjects/$id/records answered $CODE" ;;
    esac
    CODE=$(curl -s -g -o "$WORK/.body" -w '%{http_code}' -G --data-urlencode "q=$id" "$URL/api/v1/subjects" || true)
    BODY=$(cat "$WORK/.body")
    # Either an empty result or a refusal; never a hit.
    case "$CODE:$BODY" in 400:* | 200:*'"items":[]'*) ;; *) finding "search by ID number $id finds something: $CODE $BODY" ;; esac
    printf '%s\n' "$BODY" >>echo.txt
done

# ---- what the public saw ----
ALL=$WORK/public.txt
# No full ID number, in any form.
if grep -v '^## ' "$ALL" | grep -E -q "$ID_RE"; then
    finding "a full ID number in a public answer: $(grep -v '^## ' "$ALL" | grep -E -o "$ID_RE" | sort -u | head -n 5 | tr '\n' ' ')"
fi
for id in $ID_NUMBERS; do
    if grep -v '^## ' "$ALL" | grep -q -i -F "$id"; then finding "ID number $id in a public answer"; fi
done
# No hidden field, and no internal metadata.
for key in '"legal_rep_id_no":' '"legal_rep_id_type":' '"flags":[' '"amount_fen":' '"repair_from":' '"batch":' \
    '"status":"unpublished"' '"id_sealed"' '"id_hash"'; do
    if grep -v '^## ' "$ALL" | grep -q -F "$key"; then
        finding "a public answer carries $key: $(grep -B 1 -F "$key" "$ALL" | grep '^## ' | head -n 3 | tr '\n' ' ')"
    fi
done
# No record that is not public.
for doc in $HIDDEN_DOCS; do
    if grep -v '^## ' "$ALL" | grep -q -F "$doc"; then
        finding "hidden record $doc in a public answer: $(grep -B 1 -F "$doc" "$ALL" | grep '^## ' | head -n 3 | tr '\n' ' ')"
    fi
done
# Every public record: by its id, on its subject's page and its class page, and on its board.
for doc in $PUBLIC_DOCS; do
    IFS='|' read -r rid cls sid <<EOF
$(sql "SELECT id || '|' || class || '|' || subject_id FROM record WHERE doc_no = '$doc' AND is_current = 1")
EOF
    [ "$(cat "record-$rid.code")" = 200 ] || finding "public record $doc: GET /api/v1/records/$rid answered $(cat "record-$rid.code")"
    grep -q -F "\"doc_no\":\"$doc\"" "record-$rid.json" || finding "public record $doc not in /api/v1/records/$rid"
    n=$(grep -o -F "\"doc_no\":\"$doc\"" "subject-$sid.json" | wc -l | tr -d ' ')
    [ "$n" -ge 2 ] || finding "public record $doc missing from its subject's pages (seen $n times)"
    case $cls in
    red_list) board=red.txt ;;
    black_list) board=black.txt ;;
    watch_list) board=watch.txt ;;
    commitment) board=commitment.txt ;;
    *) board="" ;;
    esac
    if [ -n "$board" ] && ! grep -q -F "\"doc_no\":\"$doc\"" "$board"; then
        finding "public record $doc missing from its board /api/v1/${board%.txt}"
    fi
done
# Boards hold only their current entries.
for spec in red:1 black:1 watch:1 commitment:3; do
    board=${spec%%:*}
    n=$(grep -o '"doc_no":' "$board.txt" | wc -l | tr -d ' ')
    [ "$n" = "${spec#*:}" ] || finding "the $board board shows $n entries, expected ${spec#*:}"
done
# Masked, not dropped: a person's public record shows the masked number.
grep -q -F '"party_id_no":"4201**********0028"' "record-$(sql "SELECT id FROM record WHERE doc_no = 'API罚〔2026〕6号' AND is_current = 1").json" ||
    finding "the public penalty of 吴芳 does not show her masked ID number"
grep -q -F '"id_no":"4201**********4567"' "subject-$(sql "SELECT id FROM subject WHERE name = '周敏'").json" ||
    finding "the subject page of 周敏 does not show her masked ID number"
# A hidden record answers as an absent one does (its existence is not public either).
absent=$(sed 's/99999/N/g' <<<"$(curl -s "$URL/api/v1/records/99999")")
told=""
for doc in $HIDDEN_DOCS; do
    rid=$(sql "SELECT id FROM record WHERE doc_no = '$doc' AND is_current = 1")
    [ "$(cat "record-$rid.code")" = 404 ] || finding "hidden record $doc: GET /api/v1/records/$rid answered $(cat "record-$rid.code")"
    seen=$(sed "s/\b$rid\b/N/g" "record-$rid.json")
    if [ "$seen" != "$absent" ]; then
        [ -n "$told" ] || example="GET /api/v1/records/$rid ($doc): $(cat "record-$rid.json"); GET /api/v1/records/99999: $(curl -s "$URL/api/v1/records/99999")"
        told="$told $rid"
    fi
done
[ -z "$told" ] || finding "hidden records are told apart from absent ones (ids$told): $example"
# A corrected record's old version is not public: its id answers 404 and its old text is nowhere
# (the subject pages and boards show current versions only; /api/v1/records/{id} must agree).
code=$(cat "record-$OLD_VERSION.code")
[ "$code" = 404 ] || finding "superseded version: GET /api/v1/records/$OLD_VERSION (API罚〔2026〕6号 version 1) answered $code: $(head -c 200 "record-$OLD_VERSION.json")"
if grep -v '^## ' "$ALL" | grep -q -F '"facts":"无证摆摊"'; then
    finding "the superseded text of API罚〔2026〕6号 is in a public answer: $(grep -B 1 -F '"facts":"无证摆摊"' "$ALL" | grep '^## ' | head -n 3 | tr '\n' ' ')"
fi
grep -q -F '"facts":"流动摊贩无证经营（更正）"' "record-$(sql "SELECT id FROM record WHERE doc_no = 'API罚〔2026〕6号' AND is_current = 1").json" ||
    finding "the corrected version of API罚〔2026〕6号 is not public"
# A person with nothing public has no public page (subject.h: "in the public view, nothing public"
# is not found): otherwise an expired or unpublished record keeps the person's name and ID on show.
for id in $PERSONS_NOTHING_PUBLIC; do
    IFS='|' read -r sid opaque name <<EOF
$(sql "SELECT s.id || '|' || s.opaque || '|' || s.name FROM subject s WHERE s.id_masked = '${id:0:4}**********${id:14:4}'")
EOF
    code=$(curl -s -o "$WORK/.body" -w '%{http_code}' "$URL/api/v1/subjects/$opaque")
    [ "$code" = 404 ] || finding "person $name with no public record: GET /api/v1/subjects/$opaque answered $code: $(cat "$WORK/.body")"
done
# Problem answers to a person's ID number do not repeat it.
for id in $ID_NUMBERS; do
    if grep -q -i -F "$id" echo.txt; then
        finding "an answer to a request naming ID number $id repeats it in full: $(grep -i -F "$id" echo.txt | head -n 1)"
        break
    fi
done
# Nothing of it in the access log either.
if grep -E -q "$ID_RE" "$WORK/access.log"; then finding "a full ID number in the access log"; fi

# ---- a later day: what ends on its date is gone at once, without a reload ----
stop_server "$SPID" server
export XY_TODAY=2027-07-01
start_server server --access-log "$WORK/access.log"
for doc in API罚〔2026〕9号 API关〔2026〕1号 API诺〔2026〕4号 API红〔2026〕1号 API罚〔2026〕6号; do
    rid=$(sql "SELECT id FROM record WHERE doc_no = '$doc' AND is_current = 1")
    code=$(curl -s -o "$WORK/.body" -w '%{http_code}' "$URL/api/v1/records/$rid")
    case $doc in
    API罚〔2026〕9号 | API关〔2026〕1号 | API诺〔2026〕4号) want=404 ;; # ended 2027-06-01, 2027-02-01, 2027-02-01
    *) want=200 ;;
    esac
    [ "$code" = "$want" ] || finding "on 2027-07-01, record $doc answers $code, expected $want"
done
get "/api/v1/lists/watch"
case "$BODY" in *API关〔2026〕1号*) finding "on 2027-07-01 the watch list still shows an entry that ended 2027-02-01" ;; esac
get /api/v1/subjects/91420684MA4927PJ7B
case "$BODY" in *API罚〔2026〕9号*) finding "on 2027-07-01 the subject page still shows a penalty whose window ended" ;; esac
stop_server "$SPID" server

if [ "$FAILED" -gt 0 ]; then
    echo "api_disclosure: $FAILED findings" >&2
    exit 1
fi
echo "api_disclosure: all checks passed"
