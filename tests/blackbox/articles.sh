#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Articles and repair training over HTTP, against `xinyong serve`:
# - articles: the office adds Markdown (with a <script> block and a javascript: link, which never reach
#   the page), a draft stays hidden, publish shows it from its date, a two-character Chinese query
#   finds it, kinds are listed apart, an attachment downloads with Content-Disposition and nosniff and
#   the same bytes, a disguised file is refused, withdrawal hides the article and its attachment, and
#   every write is in the audit log;
# - training: a course published with its test, whose answers the public never sees; a black-list
#   repair is refused before training; the subject fails, then passes and gets a certificate that the
#   public route verifies (name, course, day only); the repair application then goes in and shows the
#   certificate; the office's coverage is 1 trained of 3 listed (three black-list entries in
#   tests/data/articles-black.csv, one subject trains).
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
CO=91110000600037341L

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 import --class black_list --dept "$DEPT" "$D/articles-black.csv"
key() {
    run_xy 0 key create "$@"
    printf '%s\n' "$OUT" | tail -n 1
}
KO=$(key --role office --name 信用办)
KS=$(key --role subject --subject "$CO" --name 信达科技)
KD=$(key --role department --dept "$DEPT" --name 市场监管局)
start_server articles

api() { # api METHOD PATH KEY [BODY]: CODE, BODY
    local auth=()
    [ -z "$3" ] || auth=(-H "Authorization: Bearer $3")
    if [ $# -ge 4 ]; then
        CODE=$(curl -s -g -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" -H 'Content-Type: application/json' \
            --data-binary "$4" "$URL$2")
    else
        CODE=$(curl -s -g -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" "$URL$2")
    fi
    BODY=$(cat "$WORK/body")
}
expect_code() { [ "$CODE" = "$2" ] || fail "$1: HTTP $CODE, expected $2: $BODY"; }
ids() { printf '%s' "$BODY" | jq -r '[.items[].id] | join(",")'; }
command -v jq >/dev/null || fail "jq is needed"

# ---- articles -----------------------------------------------------------------------------------
MD=$(jq -Rs . <<'MD'
## 合众商贸案例

正文第一段，**加粗**。

<script>alert('x')</script>

<img src=x onerror=alert(1)>

[点这里](javascript:alert(1)) 和 [也点这里](JAVASCRIPT:alert(2)) 以及 [正常链接](https://www.creditchina.gov.cn/)
MD
)
api POST /api/v1/admin/articles "$KS" "{\"kind\":\"case\",\"title\":\"x\",\"body\":\"y\"}"
expect_code "a subject may not write articles" 403
api POST /api/v1/admin/articles "$KO" "{\"kind\":\"blog\",\"title\":\"x\",\"body\":\"y\"}"
expect_code "an unknown kind" 400
expect_contains "the kinds are named" "policy, news, case, course" "$BODY"
api POST /api/v1/admin/articles "$KO" "{\"kind\":\"case\",\"title\":\"\",\"body\":\"y\"}"
expect_code "an empty title" 400
api POST /api/v1/admin/articles "$KO" "{\"kind\":\"case\",\"title\":\"典型案例：合众商贸信用修复\",\"summary\":\"一个案例\",\"body\":$MD}"
expect_code "a case added" 201
A1=$(json_get "$BODY" id)
expect_eq "a new article is a draft" draft "$(printf '%s' "$BODY" | jq -r .state)"
api GET "/api/v1/articles/$A1" ""
expect_code "a draft is not public" 404
api GET "/api/v1/articles?kind=case" ""
expect_eq "no public case yet" "" "$(ids)"
api POST "/api/v1/admin/articles/$A1/publish" "$KO"
expect_code "published" 200
expect_eq "published today" 2026-11-28 "$(printf '%s' "$BODY" | jq -r .publish_date)"
api GET "/api/v1/articles/$A1" ""
expect_code "a published article is public" 200
HTML=$(printf '%s' "$BODY" | jq -r .html)
expect_contains "Markdown rendered" "<strong>加粗</strong>" "$HTML"
expect_contains "a safe link kept" 'href="https://www.creditchina.gov.cn/"' "$HTML"
case "$HTML" in *'<script'* | *'onerror'* | *'<img'*) fail "raw HTML reached the page: $HTML" ;; esac
case "$(printf '%s' "$HTML" | tr 'A-Z' 'a-z')" in *'javascript:'*) fail "a javascript: link reached the page: $HTML" ;; esac
[ "$(printf '%s' "$BODY" | jq 'has("body")')" = false ] || fail "the public got the Markdown source"

# a policy and a news item; the news item's date is to come
api POST /api/v1/admin/articles "$KO" '{"kind":"policy","title":"信用修复管理办法解读","body":"自2026年4月1日起施行。"}'
A2=$(json_get "$BODY" id)
api POST "/api/v1/admin/articles/$A2/publish?date=2026-11-20" "$KO"
expect_code "a policy published with its date" 200
api POST /api/v1/admin/articles "$KO" '{"kind":"news","title":"下周上线","body":"预告。"}'
A3=$(json_get "$BODY" id)
api POST "/api/v1/admin/articles/$A3/publish?date=2026-12-05" "$KO"
expect_code "a news item published for a later day" 200
api GET "/api/v1/articles/$A3" ""
expect_code "not before its day" 404
api GET "/api/v1/articles" ""
expect_eq "all kinds, newest first, the future one left out" "$A1,$A2" "$(ids)"
api GET "/api/v1/articles?kind=policy" ""
expect_eq "policies" "$A2" "$(ids)"
api GET "/api/v1/articles?limit=1" ""
expect_eq "page 1" "$A1" "$(ids)"
NEXT=$(printf '%s' "$BODY" | jq -r .next_cursor)
api GET "/api/v1/articles?limit=1&cursor=$NEXT" ""
expect_eq "page 2 by the cursor" "$A2" "$(ids)"
expect_eq "the last page" null "$(printf '%s' "$BODY" | jq -r .next_cursor)"
api GET "/api/v1/articles?cursor=junk" ""
expect_code "a cursor not given by a page" 400
# Two-character Chinese queries: in the text only (合众 is in the title too), in the body only (加粗).
api GET "/api/v1/articles?q=%E5%90%88%E4%BC%97" ""
expect_eq "q=合众" "$A1" "$(ids)"
api GET "/api/v1/articles?q=%E6%96%BD%E8%A1%8C" ""
expect_eq "q=施行, in a body only" "$A2" "$(ids)"
api GET "/api/v1/articles?q=%E9%A2%84%E5%91%8A" ""
expect_eq "q=预告: the future item is not found" "" "$(ids)"
api GET "/api/v1/articles?q=%25" ""
expect_eq "q=% is a plain character" "" "$(ids)"
api GET "/api/v1/articles" "$KO"
expect_eq "the office sees every state" "$A3,$A1,$A2" "$(ids)"

# attachments
PDF=$D/rights-evidence.pdf
B64=$(base64 -w0 "$PDF")
api POST "/api/v1/admin/articles/$A2/files" "$KO" "{\"name\":\"办法全文.pdf\",\"media_type\":\"application/pdf\",\"data\":\"$B64\"}"
expect_code "a PDF attached" 201
expect_eq "listed on the article" 1 "$(printf '%s' "$BODY" | jq '.files | length')"
printf 'MZ\x90\x00not a pdf' >fake.pdf
api POST "/api/v1/admin/articles/$A2/files" "$KO" "{\"name\":\"x.pdf\",\"media_type\":\"application/pdf\",\"data\":\"$(base64 -w0 fake.pdf)\"}"
expect_code "a disguised file" 400
expect_contains "why" "first bytes" "$BODY"
api POST "/api/v1/admin/articles/$A2/files" "$KO" "{\"name\":\"x.html\",\"media_type\":\"text/html\",\"data\":\"PGh0bWw+\"}"
expect_code "HTML is not an attachment type" 400
HDR=$(curl -s -D - -o got.pdf "$URL/api/v1/articles/$A2/files/1")
expect_contains "downloaded" "200" "$(printf '%s' "$HDR" | head -n 1)"
expect_contains "a PDF" "Content-Type: application/pdf" "$HDR"
expect_contains "nosniff" "X-Content-Type-Options: nosniff" "$HDR"
expect_contains "a download with its name" "Content-Disposition: attachment; filename=\"article-$A2-1.pdf\"; filename*=UTF-8''%E5%8A%9E%E6%B3%95%E5%85%A8%E6%96%87.pdf" "$HDR"
cmp -s got.pdf "$PDF" || fail "the attachment's bytes differ"

# withdrawal hides the article and its attachment
api POST "/api/v1/admin/articles/$A2/withdraw" "$KO"
expect_code "withdrawn" 200
api GET "/api/v1/articles/$A2" ""
expect_code "a withdrawn article" 404
api GET "/api/v1/articles/$A2/files/1" ""
expect_code "its attachment" 404
api GET "/api/v1/articles" ""
expect_eq "left out of the list" "$A1" "$(ids)"
# the office edits: a new title, its state kept
api PUT "/api/v1/admin/articles/$A1" "$KO" "{\"kind\":\"case\",\"title\":\"典型案例（修订）\",\"body\":$MD}"
expect_code "edited" 200
api GET "/api/v1/articles/$A1" ""
expect_eq "still published, with the new title" "published 典型案例（修订）" "$(printf '%s' "$BODY" | jq -r '.state + " " + .title')"
expect_eq "the writes audited (add, publish, attach, edit)" "3 3 1 1" "$(sql "SELECT count(*) FILTER (WHERE action = 'article.add') || ' ' || count(*) FILTER (WHERE action = 'article.state' AND detail LIKE '%\"published\"%') || ' ' || count(*) FILTER (WHERE action = 'article.attach') || ' ' || count(*) FILTER (WHERE action = 'article.edit') FROM audit")"

# ---- repair training ----------------------------------------------------------------------------
QUIZ='{"pass_mark":60,"questions":[{"q":"修复后原始记录？","choices":["删除","留存"],"answer":1},{"q":"何时可申请？","choices":["最短公示期满后","任何时候"],"answer":0},{"q":"须提交？","choices":["承诺书","无"],"answer":0}]}'
api POST /api/v1/admin/articles "$KO" '{"kind":"course","title":"信用修复基础培训","body":"材料","quiz":{"pass_mark":0,"questions":[]}}'
expect_code "a bad quiz" 400
api POST /api/v1/admin/articles "$KO" "{\"kind\":\"course\",\"title\":\"信用修复基础培训\",\"body\":\"## 材料\\n\\n修复后原始记录留存。\",\"quiz\":$QUIZ}"
expect_code "a course added" 201
C=$(json_get "$BODY" id)
api POST "/api/v1/training/courses/$C/attempts" "$KS" '{"answers":[1,0,0]}'
expect_code "a draft course cannot be taken" 404
api POST "/api/v1/admin/articles/$C/publish" "$KO"
api GET "/api/v1/articles/$C" ""
expect_code "the course is public" 200
expect_eq "its questions without answers" "3 false" "$(printf '%s' "$BODY" | jq -r '(.quiz.questions | length | tostring) + " " + ([.quiz.questions[] | has("answer")] | any | tostring)')"
case "$BODY" in *quiz_answers*) fail "the public got the answers" ;; esac

B1=$(sql "SELECT id FROM record WHERE doc_no = '培黑〔2025〕1号' AND is_current = 1")
api POST /api/v1/repairs "$KS" "{\"record\":$B1,\"commitment\":\"本单位已履行处罚决定\",\"signer\":\"孙五\"}"
expect_code "a black-list repair before training" 409
expect_contains "says why" "信用修复培训" "$BODY"

api POST "/api/v1/training/courses/$C/attempts" "" '{"answers":[1,0,0]}'
expect_code "the public cannot take a course" 401
api POST "/api/v1/training/courses/$C/attempts" "$KS" '{"answers":[1]}'
expect_code "answers for every question" 400
api POST "/api/v1/training/courses/$C/attempts" "$KS" '{"answers":[0,1,0]}'
expect_code "an attempt that fails" 201
expect_eq "1 of 3, failed, no certificate" "1 3 false null" "$(printf '%s' "$BODY" | jq -r '"\(.right) \(.total) \(.passed) \(.certificate)"')"
api GET /api/v1/me/training "$KS"
expect_eq "no certificate yet" 0 "$(printf '%s' "$BODY" | jq '.certificates | length')"
api POST "/api/v1/training/courses/$C/attempts" "$KS" '{"answers":[1,0,1]}'
expect_code "an attempt that passes" 201
expect_eq "2 of 3 is 67%, over the pass mark" "2 3 true" "$(printf '%s' "$BODY" | jq -r '"\(.right) \(.total) \(.passed)"')"
NO=$(printf '%s' "$BODY" | jq -r .certificate.number)
[[ "$NO" =~ ^XF20261128-[0-9A-F]{8}$ ]] || fail "certificate number $NO"
api GET "/api/v1/training/certificates/$NO" ""
expect_code "the certificate verifies" 200
expect_eq "name, course and day only" "{\"course\":\"信用修复基础培训\",\"date\":\"2026-11-28\",\"number\":\"$NO\",\"subject\":\"北京信达科技有限公司\"}" "$(printf '%s' "$BODY" | jq -cS .)"
api GET "/api/v1/training/certificates/XF20261128-00000000" ""
expect_code "an unknown number" 404
api GET /api/v1/me/training "$KS"
expect_eq "the subject's certificate" "$NO" "$(printf '%s' "$BODY" | jq -r '.certificates[0].number')"

api POST /api/v1/repairs "$KS" "{\"record\":$B1,\"commitment\":\"本单位已履行处罚决定\",\"signer\":\"孙五\"}"
expect_code "the repair goes in after training" 201
CL=$(json_get "$BODY" id)
expect_eq "the application shows the training" "true true $NO" "$(printf '%s' "$BODY" | jq -r '"\(.training.required) \(.training.completed) \(.training.certificates[0].number)"')"
api GET "/api/v1/claims/$CL" "$KD"
expect_eq "the deciding department sees it" "true $NO" "$(printf '%s' "$BODY" | jq -r '"\(.training.completed) \(.training.certificates[0].number)"')"

api GET /api/v1/admin/training/coverage "$KS"
expect_code "coverage is the office's" 403
api GET /api/v1/admin/training/coverage "$KO"
expect_code "coverage" 200
# three companies on the black list (the fixture), one trained: 1/3 = 33.33 %, under the 50 % target
expect_eq "coverage hand-computed" "3 1 33.33 false" "$(printf '%s' "$BODY" | jq -r '"\(.listed) \(.trained) \(.rate) \(.met)"')"
expect_eq "the attempts audited" 2 "$(sql "SELECT count(*) FROM audit WHERE action = 'training.take'")"

stop_server "$SPID" articles
echo "articles: ok"
