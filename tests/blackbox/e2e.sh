#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The portal and the console in a real browser (tests/e2e): builds the demo data set (300
# subjects, seed 42), serves it and web/ with `xinyong serve`, creates a department key and an
# office key, and for the rights of the subject a subject key, the key of the department whose
# record it objects to and a querier key; for joint reward and punishment the key of an approval
# department's system and the applicants it checks; then runs the Node tests: the identifier checks against
# `xinyong id check`, the web/ rules, and playwright-core driving Debian's Chromium headless (cases.test.mjs
# after jrp.test.mjs: it finds the case that one publishes on the public page). Screenshots of every page at
# 375 px and 1280 px go to e2e-screens/ in the directory ctest runs this from (the build tree). Then the
# portal as an installed app (pwa.test.mjs: manifest, service worker, offline) and axe-core's
# accessibility rules on every page (a11y.test.mjs). Staff sign-in (signin.test.mjs) runs against a
# second server on an empty database whose clock the test moves (XY_TODAY=@FILE).
# XY_E2E_ONLY="signin accounts" runs only those files (the set-up is the same).
# Node.js, npm and Chromium come from scripts/install-deps; without them this test fails.
SCREENS="$PWD/e2e-screens" # before lib.sh.inc moves into its scratch directory
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"

CHROMIUM=${XY_CHROMIUM:-/usr/bin/chromium}
missing=""
command -v node >/dev/null 2>&1 || missing="$missing node (Debian package nodejs)"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
[ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM (Debian package chromium)"
[ -z "$missing" ] || fail "the browser tests need:$missing; run scripts/install-deps (or make deps) to install them"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "the browser tests need Node.js 18 or newer, found $(node --version)"

# playwright-core from the lockfile, installed beside the binary (the build tree), not in the
# sources. npm ci takes it from npm's cache when it is there. Newer releases need Node.js 20; on
# Node.js 18 (Debian 12's nodejs) the last release that runs on it, from tests/e2e/node18/.
lock=tests/e2e
[ "$node_major" -ge 20 ] || lock=tests/e2e/node18
MODULES="$(cd "$(dirname "$XY")" && pwd)/e2e-node"
mkdir -p "$MODULES"
cp "$XY_SRC/$lock/package.json" "$XY_SRC/$lock/package-lock.json" "$MODULES/"
t0=$(date +%s)
(cd "$MODULES" && npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error >"$WORK/npm.log" 2>&1) ||
    fail "npm ci of $lock/package-lock.json failed: $(tail -n 20 "$WORK/npm.log")"
pw_version=$(node -p 'require(process.argv[1]).version' "$MODULES/node_modules/playwright-core/package.json")
# The dashboards' browser files (ECharts, Wuhan's districts) into web/vendor/, as `make build` does.
"$XY_SRC/scripts/web-vendor" "$(dirname "$MODULES")/web-node" >"$WORK/web-vendor.log" 2>&1 ||
    fail "scripts/web-vendor failed: $(tail -n 20 "$WORK/web-vendor.log")"

# The demo data, the keys, the server.
"$XY_SRC/scripts/make-demo" "$XY" "$WORK/demo" 300 >"$WORK/make-demo.log" 2>&1 ||
    fail "scripts/make-demo failed: $(tail -n 20 "$WORK/make-demo.log")"
export XINYONG_DB="$WORK/demo/xinyong.db"
dept=$(head -n 1 "$WORK/demo/departments.tsv" | cut -f1)
run_xy 0 key create --role department --dept "$dept" --name e2e
dept_key=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 key create --role office --name e2e
office_key=$(printf '%s\n' "$OUT" | tail -n 1)
case "$dept_key$office_key" in *[!a-z0-9_]*) fail "unexpected key output: $dept_key / $office_key" ;; esac

# The rights of the subject (tests/e2e/rights.test.mjs): an organisation with a published penalty
# whose minimum publicity period has passed (objected to, then repair applied for) and another
# whose period has not (its repair must wait); the department of the first; a querier to grant to.
pick=$(sql "SELECT s.uscc || ' ' || r.id || ' ' || d.uscc FROM record r
    JOIN subject s ON s.id = r.subject_id JOIN dept d ON d.id = r.dept_id
    WHERE r.is_current = 1 AND r.class = 'penalty' AND r.status = 'published' AND r.objection_id IS NULL
      AND r.min_until < '$XY_TODAY' AND s.kind = 'org' AND s.uscc IS NOT NULL
      AND EXISTS (SELECT 1 FROM record q WHERE q.subject_id = r.subject_id AND q.is_current = 1
                  AND q.class = 'penalty' AND q.status = 'published' AND q.min_until > '$XY_TODAY')
    ORDER BY s.id, r.id LIMIT 1")
[ -n "$pick" ] || fail "the demo has no organisation with a penalty repairable now and one not yet"
# shellcheck disable=SC2086 # three words: code, record, department
set -- $pick
subject_code=$1 claim_record=$2 claim_dept=$3

# Arrears (欠缴信息) of that organisation, from the tax bureau: not public, read under its grant.
tax_line=$(grep -m 1 '税务' "$WORK/demo/departments.tsv" || head -n 1 "$WORK/demo/departments.tsv")
tax=$(printf '%s\n' "$tax_line" | cut -f1)
tax_name=$(printf '%s\n' "$tax_line" | cut -f2)
subject_name=$(sql "SELECT name FROM subject WHERE uscc = '$subject_code'")
legal_rep=$(sql "SELECT json_extract(r.fields, '\$.legal_rep') FROM record r JOIN subject s ON s.id = r.subject_id
    WHERE s.uscc = '$subject_code' AND json_extract(r.fields, '\$.legal_rep') IS NOT NULL LIMIT 1")
printf '%s\n%s,02,%s,%s,武税欠〔2026〕0001号,增值税及附加,1.25,2026-08-15,2026-10-12,%s,%s\n' \
    QJ_XDR_MC,QJ_XDR_LB,QJ_XDR_SHXYM,QJ_FRDB,QJ_BH,QJ_XM,QJ_JE,QJ_QSRQ,QJ_RDRQ,QJ_RDBM,QJ_RDBMDM \
    "$subject_name" "$subject_code" "${legal_rep:-未知}" "$tax_name" "$tax" >"$WORK/arrears.csv"
run_xy 0 import --quiet --class arrears --dept "$tax" "$WORK/arrears.csv"

run_xy 0 key create --role subject --subject "$subject_code" --name "e2e subject"
subject_key=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 key create --role department --dept "$claim_dept" --name "e2e claims"
claim_dept_key=$(printf '%s\n' "$OUT" | tail -n 1)
querier_code=91420100MA4K2X7C6G
run_xy 0 querier add "$querier_code" "e2e 某商业银行" --kind bank
run_xy 0 key create --role querier --querier "$querier_code" --name "e2e 某商业银行信贷系统"
querier_key=$(printf '%s\n' "$OUT" | tail -n 1)
querier_key_id=$(printf '%s\n' "$OUT" | sed -n 's/^created querier key \([0-9][0-9]*\).*/\1/p')
case "$subject_key$claim_dept_key$querier_key" in *[!a-z0-9_]*) fail "unexpected key output: $subject_key / $claim_dept_key / $querier_key" ;; esac
[ -n "$querier_key_id" ] || fail "no key number in: $OUT"

# Joint reward and punishment (tests/e2e/jrp.test.mjs): the demonstration policy (make-demo loads it),
# a matter of a department with a punishment measure for the black list, an organisation with an
# active black-list entry that measure targets, the approval system of that department (its key tied
# to it) and an organisation on no list at all.
[ "$(sql 'SELECT count(*) FROM memo WHERE is_current = 1')" -gt 0 ] || run_xy 0 jrp load "$XY_SRC/catalog/jrp-demo.json"
jrp_pick=$(sql "SELECT mt.code || ' ' || mt.dept_uscc || ' ' || s.uscc FROM matter mt
    JOIN measure x ON x.kind = 'punish' AND EXISTS (SELECT 1 FROM json_each(x.matters) j WHERE j.value = mt.code)
    JOIN memo m ON m.id = x.memo_id AND m.is_current = 1 AND m.target_class = 'black_list'
    JOIN record r ON r.class = 'black_list' AND r.is_current = 1 AND r.status = 'published'
     AND (m.target_domain IS NULL OR m.target_domain = json_extract(r.fields, '\$.domain'))
     AND json_extract(r.fields, '\$.valid_from') <= '$XY_TODAY' AND (r.valid_to IS NULL OR r.valid_to >= '$XY_TODAY')
    JOIN subject s ON s.id = r.subject_id AND s.kind = 'org' AND s.uscc IS NOT NULL
    WHERE mt.dept_uscc IS NOT NULL
      AND (x.depts = '[]' OR EXISTS (SELECT 1 FROM json_each(x.depts) d WHERE d.value = mt.dept_uscc))
    ORDER BY mt.code, s.id LIMIT 1")
[ -n "$jrp_pick" ] || fail "the demo policy has no matter of a department with a punishment for a black-listed organisation"
# shellcheck disable=SC2086 # three words: matter, department, organisation
set -- $jrp_pick
jrp_matter=$1 jrp_dept=$2 jrp_listed=$3
# The demo policy gives government procurement to the finance bureau, not among the demo's departments.
[ -n "$(sql "SELECT 1 FROM dept WHERE uscc = '$jrp_dept'")" ] || run_xy 0 dept add "$jrp_dept" 武汉市财政局
run_xy 0 key create --role approval --dept "$jrp_dept" --name "e2e 审批系统"
jrp_key=$(printf '%s\n' "$OUT" | tail -n 1)
case "$jrp_key" in *[!a-z0-9_]*) fail "unexpected key output: $jrp_key" ;; esac
jrp_clean=$(sql "SELECT s.uscc FROM subject s WHERE s.kind = 'org' AND s.uscc IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND r.class IN ('red_list', 'black_list', 'watch_list'))
    ORDER BY s.id LIMIT 1")
[ -n "$jrp_clean" ] || fail "the demo has no organisation on no list"

# A staff account of the office (tests/e2e/accounts.test.mjs), its password on standard input.
account_pw=e2e-Office-7319
printf '%s\n' "$account_pw" | "$XY" account add e2e.office --role office >/dev/null || fail "account add failed"
# Repair training (tests/e2e/articles.test.mjs): an organisation on no list gets a black-list entry
# decided in 2025 and in force until 2028, so that its repair may be applied for now.
train_pick=$(sql "SELECT s.uscc || ' ' || s.name FROM subject s WHERE s.kind = 'org' AND s.uscc IS NOT NULL
      AND s.uscc NOT IN ('$subject_code', '$jrp_listed', '$jrp_clean')
      AND NOT EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND r.class IN ('red_list', 'black_list', 'watch_list'))
    ORDER BY s.id LIMIT 1")
[ -n "$train_pick" ] || fail "the demo has no other organisation on no list"
train_code=${train_pick%% *}
train_name=${train_pick#* }
dept_name=$(head -n 1 "$WORK/demo/departments.tsv" | cut -f2)
printf '%s\n%s,02,%s,张三,,,,,培黑〔2025〕1号,拒不履行行政处罚决定,《严重失信主体名单管理办法》,%s,%s,2025-06-10,2025-06-10,2028-06-10\n' \
    MD_XDR_MC,MD_XDR_LB,MD_XDR_SHXYM,MD_FRDB,MD_FR_ZJLX,MD_FR_ZJHM,MD_XDR_ZJLX,MD_XDR_ZJHM,MD_WSH,MD_LRSY,MD_RDYJ,MD_RDBM,MD_RDBMDM,MD_RDRQ,MD_LRRQ,MD_YXQZ \
    "$train_name" "$train_code" "$dept_name" "$dept" >"$WORK/train-black.csv"
run_xy 0 import --quiet --class black_list --dept "$dept" "$WORK/train-black.csv"
run_xy 0 key create --role subject --subject "$train_code" --name "e2e training"
train_key=$(printf '%s\n' "$OUT" | tail -n 1)
case "$train_key" in *[!a-z0-9_]*) fail "unexpected key output: $train_key" ;; esac
# The dashboards (tests/e2e/dashboard.test.mjs): the demo's departments placed in the city and its
# districts, and the aggregates refreshed (the server does it too, on its first tick).
i=0
districts="420102 420103 420104 420105 420106 420107 420111 420112 420113 420114 420115 420116 420117"
while IFS="$(printf '\t')" read -r code name; do
    if [ "$i" = 0 ]; then
        run_xy 0 dept add "$code" "$name" --region 420100 --level city_dept
    else
        # shellcheck disable=SC2086 # one district a word
        set -- $districts
        shift $(((i - 1) % 13))
        run_xy 0 dept add "$code" "$name" --region "$1" --level district_dept
    fi
    i=$((i + 1))
    # its declaration of the month: a tenth more decisions than it sent, two exempt
    month=$(printf '%.7s' "$XY_TODAY")
    sql "SELECT json_object('classes', json_group_array(json_object('class', class, 'decided', n + n / 10 + 2, 'exempt', 2)))
        FROM (SELECT r.class, count(*) AS n FROM record r JOIN dept d ON d.id = r.dept_id WHERE d.uscc = '$code'
              AND r.version = 1 AND r.class IN ('penalty', 'license') GROUP BY r.class)" >"$WORK/decl.json"
    run_xy 0 monitor declare "$code" "$month" "$WORK/decl.json"
done <"$WORK/demo/departments.tsv"
# The countdown to the 22nd and the categories read from the month's report (tests/e2e/monitoring.test.mjs):
# the first department owes its declaration and an innovative practice (category 4) every month, the
# second its declaration; the configurable category defined, with one figure entered.
first_dept=$dept
second_dept=$(sed -n 2p "$WORK/demo/departments.tsv" | cut -f1)
printf '{"classes":[{"class":"penalty","frequency":"weekly"},{"class":"license","frequency":"weekly"}],"entries":[4]}' >"$WORK/plan1.json"
printf '{"classes":[{"class":"penalty","frequency":"daily"}]}' >"$WORK/plan2.json"
run_xy 0 dept plan "$first_dept" "$WORK/plan1.json"
run_xy 0 dept plan "$second_dept" "$WORK/plan2.json"
printf '{"name_zh":"信用承诺书","name_en":"credit commitments","unit":"份","entered_by":"departments"}' >"$WORK/extra.json"
run_xy 0 monitor extra define "$WORK/extra.json"
printf '{"category":13,"item":"告知承诺书","values":{"value":42}}' >"$WORK/e13.json"
run_xy 0 monitor enter "$second_dept" "$month" "$WORK/e13.json"
run_xy 0 monitor refresh
# An upper platform for the console's 上报平台 view (tests/e2e/exchange.test.mjs): one that never answers
# (nothing listens on port 1), so that the server's sender fails and the view shows why; a second,
# for the penalty class alone, paused from the start.
run_xy 0 exchange dest add hubei http://127.0.0.1:1/api/v1/exchange/inbound --as wuhan --key xy_1_e2e-not-a-real-key
run_xy 0 exchange dest add national http://127.0.0.1:1/api/v1/exchange/inbound --as wuhan --key xy_1_e2e-other --classes penalty
run_xy 0 exchange dest disable national

# Signing in and sessions ending (tests/e2e/signin.test.mjs): a server of its own on an empty
# database, its clock a file the test moves (XY_TODAY=@FILE: docs/architecture.md, "One clock"), an
# idle limit of an hour under an absolute one of three days, so that a day later the idle limit is
# what ended a session; the test reads the server's time from its access log.
signin_db="$WORK/signin.db"
printf '%s\n' "$XY_TODAY" >"$WORK/signin-clock"
signin_pw=e2e-Signer-5127
XINYONG_DB="$signin_db" "$XY" init >/dev/null || fail "init of the sign-in database failed"
printf '%s\n' "$signin_pw" | XINYONG_DB="$signin_db" "$XY" account add e2e.signer --role office >/dev/null ||
    fail "account add (sign-in server) failed"
: >"$WORK/signin-access.log"
day=$XY_TODAY db=$XINYONG_DB
XY_TODAY="@$WORK/signin-clock" XINYONG_DB=$signin_db
start_server signin --web "$XY_SRC/web" --access-log "$WORK/signin-access.log" --session-idle 3600 --session-max 259200
XY_TODAY=$day XINYONG_DB=$db
signin_url=$URL signin_pid=$SPID

start_server web --web "$XY_SRC/web" --search-rate 1000 --access-log "$WORK/access.log"
t1=$(date +%s)

rm -rf "$SCREENS"
mkdir -p "$SCREENS"
FILES=()
for f in idcheck web portal rights jrp cases report publicity accounts signin subject_accounts articles pwa a11y dashboard classes monitoring exchange; do
    # XY_E2E_ONLY="a b": only those files (a developer's quicker run; the full run has them all).
    case " ${XY_E2E_ONLY:-$f} " in *" $f "*) FILES+=("$XY_SRC/tests/e2e/$f.test.mjs") ;; esac
done
set +e
XY_E2E_URL="$URL" XY_E2E_SCREENS="$SCREENS" XY_E2E_MODULES="$MODULES" XY_E2E_WORK="$WORK" \
    XY_E2E_BIN="$XY" XY_E2E_DEPT_KEY="$dept_key" XY_E2E_OFFICE_KEY="$office_key" \
    XY_E2E_SUBJECT_KEY="$subject_key" XY_E2E_SUBJECT_CODE="$subject_code" XY_E2E_CLAIM_RECORD="$claim_record" \
    XY_E2E_CLAIM_DEPT_KEY="$claim_dept_key" XY_E2E_QUERIER_KEY="$querier_key" XY_E2E_QUERIER_KEY_ID="$querier_key_id" XY_E2E_QUERIER_CODE="$querier_code" \
    XY_E2E_JRP_KEY="$jrp_key" XY_E2E_JRP_DEPT="$jrp_dept" XY_E2E_JRP_MATTER="$jrp_matter" \
    XY_E2E_JRP_LISTED="$jrp_listed" XY_E2E_JRP_CLEAN="$jrp_clean" XY_E2E_DEMO="$WORK/demo" XY_E2E_TRAIN_KEY="$train_key" \
    XY_E2E_BROKEN="$WORK/demo/broken/penalty-broken.csv" XY_CHROMIUM="$CHROMIUM" \
    XY_E2E_ACCOUNT=e2e.office XY_E2E_ACCOUNT_PASSWORD="$account_pw" \
    XY_E2E_SECOND_DEPT="$second_dept" \
    XY_E2E_SIGNIN_URL="$signin_url" XY_E2E_SIGNIN_CLOCK="$WORK/signin-clock" XY_E2E_SIGNIN_LOG="$WORK/signin-access.log" \
    XY_E2E_SIGNIN_NAME=e2e.signer XY_E2E_SIGNIN_PASSWORD="$signin_pw" \
    node --test --test-concurrency=1 --test-reporter=spec "${FILES[@]}" >"$WORK/node.log" 2>&1
rc=$?
set -e
t2=$(date +%s)
cat "$WORK/node.log"
[ "$rc" = 0 ] || fail "browser tests failed (exit $rc; screenshots so far in $SCREENS); server log: $(server_log web)"
stop_server "$SPID" web
stop_server "$signin_pid" signin
for s in web signin; do
    if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$WORK/$s.err"; then
        fail "the server $s reported a sanitizer error: $(server_log "$s")"
    fi
done
shots=$(find "$SCREENS" -name '*.png' | wc -l)
[ -n "${XY_E2E_ONLY:-}" ] || [ "$shots" -ge 30 ] || fail "only $shots screenshots in $SCREENS"
echo "e2e: all checks passed with Node.js $(node --version) and playwright-core $pw_version (set-up $((t1 - t0)) s, browser tests $((t2 - t1)) s, $shots screenshots in $SCREENS)"
