// SPDX-License-Identifier: Apache-2.0
// Joint reward and punishment (联合奖惩) in the console, in a real browser against `xinyong serve`
// with the demo data and the demonstration policy (tests/blackbox/e2e.sh picks the matter, the
// black-listed organisation and the one on no list, and creates the approval system's key, tied to
// the matter's department). The clerk's prompt window: a black-listed applicant shows the punishment
// banner with each measure, its legal basis and the list entry behind it; the feedback is sent once
// (a second time is refused); an applicant on no list shows none, and an ID number typed is shown
// back masked only. The credit office's figures count the checks, the hit and the feedback; a case is
// published; the policy lists every measure in force, and a policy file with a measure lacking its
// legal basis is refused with the server's reason and changes nothing. Every page at 375 and 1280 px.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { parseCsv } from '../../web/js/csv.js';
import { ricCheckChar } from '../../web/js/idcheck.js';
import { launch, openChecked, screenshots, watch } from './browser.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (tests/blackbox/e2e.sh sets it)`);
  return v;
};
const BASE = env('XY_E2E_URL');
const SCREENS = env('XY_E2E_SCREENS');
const MODULES = env('XY_E2E_MODULES');
const WORK = env('XY_E2E_WORK');
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const KEY = env('XY_E2E_JRP_KEY'); // the approval system of DEPT
const DEPT = env('XY_E2E_JRP_DEPT');
const MATTER = env('XY_E2E_JRP_MATTER');
const LISTED = env('XY_E2E_JRP_LISTED'); // an organisation a punishment of MATTER applies to
const CLEAN = env('XY_E2E_JRP_CLEAN'); // an organisation on no list
const DEMO = env('XY_E2E_DEMO');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';
const POLICY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog', 'jrp-demo.json');

// A valid resident ID number of nobody on the platform, as a legal representative's.
const REP = (() => {
  const first = '42010219850312123';
  return first + ricCheckChar(first);
})();
const masked = (v) => `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;

let browser;
let context;
let page;
const problems = [];
const S = {}; // what the tests learn: today, the matters, the checks made, the measures in force

async function apiGet(path, key) {
  const r = await fetch(BASE + path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

function open(path, opts) {
  return openChecked(page, BASE + path, opts);
}

function shots(name) {
  return screenshots(page, SCREENS, name);
}

async function expectFocused(id) {
  await page.waitForFunction((i) => document.activeElement && document.activeElement.id === i, id, { timeout: 2000 }).catch(() => null);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), id, `#${id} focused`);
}

/** Signs in to the console with key (signing out first) and opens the view. */
async function signIn(key, view) {
  await open('/console.html');
  if (await page.locator('#sign-out').count()) {
    await page.locator('#sign-out').click();
    await page.waitForSelector('#api-key');
  }
  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  if (view) await page.locator(`#view-${view}`).click();
}

/** Makes a check in the prompt window; returns the server's answer. */
async function check(subject, rep) {
  await page.locator('#jrp-matter').selectOption(MATTER);
  await page.locator('#jrp-subject').fill(subject);
  await page.locator('#jrp-rep').fill(rep || '');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/checks') && r.request().method() === 'POST'), page.locator('#jrp-check').click()]);
  assert.equal(resp.status(), 201);
  const answer = await resp.json();
  await page.waitForFunction((c) => document.getElementById('jrp-result-title')?.textContent.includes(String(c)), answer.check);
  await expectFocused('jrp-result-title');
  return answer;
}

/** A person named as legal representative on a black-list entry in force today (from the demo's files), or null. */
function representedPerson(today) {
  for (const dir of readdirSync(DEMO)) {
    const f = join(DEMO, dir, 'black_list.csv');
    if (!existsSync(f)) continue;
    const [head, ...rows] = parseCsv(readFileSync(f, 'utf8'));
    const col = (c) => head.indexOf(c);
    // The demo writes its dates in several ways (2026-06-26, 2026/6/26 ...).
    const day = (v) => {
      const m = /^([0-9]{4})\D([0-9]{1,2})\D([0-9]{1,2})/.exec(v || '');
      return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
    };
    const row = rows.find((r) => r[col('MD_FR_ZJLX')] === '01' && r[col('MD_FR_ZJHM')] && day(r[col('MD_LRRQ')]) && day(r[col('MD_LRRQ')]) <= today && (!day(r[col('MD_YXQZ')]) || day(r[col('MD_YXQZ')]) >= today));
    if (row) return { id: row[col('MD_FR_ZJHM')], org: row[col('MD_XDR_MC')], doc: row[col('MD_WSH')] };
  }
  return null;
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  S.me = await apiGet('/api/v1/me', KEY);
  assert.equal(S.me.role, 'approval');
  assert.equal(S.me.dept, DEPT);
  S.matters = (await apiGet('/api/v1/matters')).items;
  S.matter = S.matters.find((m) => m.code === MATTER);
  assert.ok(S.matter, `matter ${MATTER} in the catalogue`);
  S.measures = (await apiGet('/api/v1/measures')).items;
  S.checks = [];
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('prompt window: an approval key signs in to its department; a form that says what is wrong', async () => {
  await signIn(KEY, null);
  // The approval system has one view, the prompt window, and checks for its own department.
  assert.deepEqual(await page.locator('.console-tab').allTextContents(), ['提示窗口']);
  assert.equal(await page.locator('#view-prompt').getAttribute('aria-current'), 'page');
  assert.match(await page.locator('.session-bar .who').textContent(), new RegExp(`审批部门 · .*${DEPT}`));
  assert.match(await page.locator('.jrp-as').textContent(), new RegExp(DEPT));
  assert.equal(await page.locator('#jrp-dept').count(), 0, 'a key tied to a department gives no department field');
  await page.waitForFunction((n) => document.querySelectorAll('#jrp-matter option').length === n + 1, S.matters.length);
  await shots('jrp-prompt');

  // Nothing chosen: the matter is asked for first, and has the focus.
  await page.locator('#jrp-check').click();
  assert.match(await page.locator('#jrp-matter-error').textContent(), /请选择办理事项/);
  assert.equal(await page.locator('#jrp-matter').getAttribute('aria-invalid'), 'true');
  await expectFocused('jrp-matter');
  // A code with a wrong check character: said before anything is sent.
  await page.locator('#jrp-matter').selectOption(MATTER);
  assert.match(await page.locator('.jrp-check-form').textContent(), new RegExp(`主管部门`));
  const wrong = LISTED.slice(0, 17) + (LISTED[17] === '0' ? '1' : '0');
  await page.locator('#jrp-subject').fill(wrong);
  let sent = 0;
  const count = (r) => {
    if (r.url().endsWith('/api/v1/checks')) sent++;
  };
  page.on('request', count);
  await page.locator('#jrp-check').click();
  assert.match(await page.locator('#jrp-subject-error').textContent(), /不是有效的统一社会信用代码或身份证号码：校验码不正确/);
  assert.equal(await page.locator('#jrp-subject').getAttribute('aria-invalid'), 'true');
  await expectFocused('jrp-subject');
  page.off('request', count);
  assert.equal(sent, 0, 'an invalid code is not sent');
});

test('prompt window: a black-listed applicant shows the punishment, each measure with its legal basis and evidence', async () => {
  const answer = await check(LISTED);
  S.listed = answer;
  S.checks.push(answer);
  const punish = answer.measures.filter((m) => m.kind === 'punish');
  assert.ok(punish.length >= 1, `a punishment for ${LISTED} on ${MATTER}: ${JSON.stringify(answer)}`);
  assert.equal(answer.dept, DEPT);
  // The banner: a punishment, red and strong.
  const banner = page.locator('#jrp-banner-punish');
  assert.match(await banner.textContent(), new RegExp(`联合惩戒对象.*本事项适用 ${punish.length} 项惩戒措施`));
  assert.equal(await page.locator('#jrp-banner-none').count(), 0);
  const bg = await banner.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(179, 18, 26)', 'the punishment banner is red');
  // The summary: who, what, for whom, when, feedback due.
  const summary = await page.locator('.jrp-summary').textContent();
  assert.ok(summary.includes(answer.subject.name) && summary.includes(LISTED) && summary.includes(S.matter.name) && summary.includes(answer.feedback_due), summary);
  // Each measure: its action in words, its text, legal basis, memorandum and the list entries behind it.
  const words = { block: '禁止', restrict: '限制', stricter_review: '从严审核', reference: '参考', fast_track: '绿色通道/容缺受理', fewer_materials: '减免材料', priority: '优先' };
  assert.equal(await page.locator('.jrp-measure').count(), answer.measures.length);
  for (const m of answer.measures) {
    const card = page.locator(`#jrp-measure-${m.measure}`);
    assert.equal(await card.locator('.badge-action').textContent(), words[m.action]);
    assert.match(await card.locator('.jrp-measure-text').textContent(), new RegExp(m.text.replace(/[()（）]/g, '.')));
    assert.equal(await card.locator('.jrp-basis').textContent(), m.legal_basis);
    assert.ok((await card.textContent()).includes(m.memo.doc_no));
    assert.equal(await card.locator('.jrp-entry').count(), m.evidence.length);
    for (const id of m.evidence) {
      const e = answer.entries.find((x) => x.record === id);
      const text = await card.locator(`.jrp-entry[data-record="${id}"]`).textContent();
      assert.ok(text.includes(e.doc_no) && text.includes(e.dept_name) && text.includes(e.valid_from), text);
      assert.match(text, /黑名单|严重失信/);
    }
  }
  // The typed code is not kept in the form after the check.
  assert.equal(await page.locator('#jrp-subject').inputValue(), '');
  assert.ok(!page.url().includes(LISTED), 'no code in the address');
  await shots('jrp-prompt-punish');
});

test('prompt window: the feedback on every measure is required, sent once, and a second time refused', async () => {
  const answer = S.listed;
  const first = answer.measures[0];
  await page.locator('#jrp-feedback-submit').click();
  assert.match(await page.locator('#jrp-feedback-error').textContent(), /请选择是否采取了措施/);
  await expectFocused(`fb-${first.measure}-yes`);
  // Not taken: the reason is required.
  await page.locator(`#fb-${first.measure}-no`).check();
  for (const m of answer.measures.slice(1)) await page.locator(`#fb-${m.measure}-yes`).check();
  await page.locator('#jrp-feedback-submit').click();
  assert.match(await page.locator('#jrp-feedback-error').textContent(), /未采取，请说明原因/);
  await expectFocused(`fb-reason-${first.measure}`);
  // Taken, with the outcome.
  await page.locator(`#fb-${first.measure}-yes`).check();
  await page.locator(`#fb-outcome-${first.measure}`).fill('不予受理投标');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/v1/checks/${answer.check}/feedback`)), page.locator('#jrp-feedback-submit').click()]);
  assert.equal(resp.status(), 204);
  assert.deepEqual(JSON.parse(resp.request().postData()).items[0], { measure: first.measure, applied: true, outcome: '不予受理投标' });
  await page.waitForSelector('.jrp-feedback-done');
  await expectFocused('jrp-feedback-title');
  assert.match(await page.locator('.jrp-feedback-done').textContent(), new RegExp(`核查 ${answer.check} 的反馈已提交.*已采取.*办理结果：不予受理投标`));
  S.applied = first;
  // Feedback is given once.
  const again = await fetch(`${BASE}/api/v1/checks/${answer.check}/feedback`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [{ measure: first.measure, applied: true }] }),
  });
  assert.equal(again.status, 409);
  await shots('jrp-prompt-feedback');
});

test('prompt window: an applicant on no list shows none; an ID number typed is shown back masked only', async () => {
  const answer = await check(CLEAN, REP);
  S.checks.push(answer);
  assert.deepEqual(answer.measures, []);
  assert.deepEqual(answer.entries, []);
  assert.match(await page.locator('#jrp-banner-none').textContent(), /未发现联合奖惩对象信息/);
  assert.equal(await page.locator('#jrp-banner-punish, #jrp-banner-reward, .jrp-measure, .jrp-feedback').count(), 0);
  assert.equal(await page.locator('#jrp-shown-rep').textContent(), masked(REP));
  assert.equal(await page.locator('#jrp-rep').inputValue(), '');
  const html = await page.content();
  assert.ok(!html.includes(REP), 'the full ID number is not on the page');
  assert.ok(!page.url().includes(REP));
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(REP), 'the ID number is not stored');
  await shots('jrp-prompt-none');

  // A person who is the legal representative of a black-listed organisation: the organisation's entry, the number masked.
  const person = representedPerson(S.me.today);
  if (person) {
    const a = await check(person.id);
    S.checks.push(a);
    assert.ok(a.entries.some((e) => e.relation === 'represented_org' && e.doc_no === person.doc), JSON.stringify(a.entries));
    assert.equal(await page.locator('#jrp-shown-code').textContent(), masked(person.id));
    assert.ok(!(await page.content()).includes(person.id), 'the full ID number is not on the page');
    const entry = page.locator('.jrp-entry').filter({ hasText: person.doc });
    assert.match(await entry.locator('.badge-relation').textContent(), /其任法定代表人的组织/);
    assert.ok((await entry.textContent()).includes(person.org));
    if (!a.measures.length) assert.match(await page.locator('#jrp-banner-listed').textContent(), /有名单信息，本事项无适用措施/);
    await shots('jrp-prompt-person');
  }
});

test('联合奖惩 figures: the month of the platform, the checks, the hit, the feedback, by department and memorandum', async () => {
  await signIn(OFFICE_KEY, 'jrpstats');
  await page.waitForSelector('.jrp-figures');
  const today = (await apiGet('/api/v1/me', OFFICE_KEY)).today;
  assert.equal(await page.locator('#jrp-month').inputValue(), today.slice(0, 7));
  // The checks are dated by when they were made: the month they fall in.
  const month = S.listed.checked_at.slice(0, 7);
  if (month !== today.slice(0, 7)) {
    await page.locator('#jrp-month').fill(month);
    await page.locator('#jrp-month-go').click();
    await page.waitForFunction((m) => document.getElementById('jrp-stats-month')?.textContent.includes(m), month);
  }
  const stats = await apiGet(`/api/v1/admin/jrp/stats?month=${month}`, OFFICE_KEY);
  const value = async (id) => Number((await page.locator(`#jrp-fig-${id} .jrp-figure-value`).textContent()).replace(/[,%]/g, ''));
  const [checks, hits] = Object.values(stats.checks);
  const [answered, applied] = Object.values(stats.feedback);
  assert.ok(checks >= S.checks.length, JSON.stringify(stats));
  assert.ok(hits >= 1 && answered >= 1 && applied >= 1, JSON.stringify(stats));
  assert.equal(await value('checks'), checks);
  assert.equal(await value('hits'), hits);
  assert.equal(await value('applied'), applied);
  assert.equal(await value('depts'), Object.values(stats.departments)[0]);
  assert.equal(await value('overdue'), Object.values(stats.overdue_feedback)[0]);
  assert.equal(await value('rate'), Math.round((answered / hits) * 1000) / 10);
  assert.match(await page.locator('#jrp-fig-rate').textContent(), new RegExp(`已反馈 ${answered} 次 / 命中 ${hits} 次`));
  // Measures taken, by department (named) and by memorandum (titled), each with a bar.
  const deptRow = page.locator(`#jrp-by-dept tr[data-key="${DEPT}"]`);
  assert.match(await deptRow.textContent(), new RegExp(`${S.me.dept_name}.*${DEPT}.*${stats.applied_by_dept[DEPT]}`));
  const doc = S.applied.memo.doc_no;
  const memoRow = page.locator(`#jrp-by-memo tr[data-key="${doc}"]`);
  assert.match(await memoRow.textContent(), new RegExp(S.applied.memo.title.replace(/[()（）]/g, '.')));
  const width = await memoRow.locator('.jrp-bar-fill').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(width > 0, 'the bar is drawn');
  await shots('jrp-stats');
  // Another month: its own figures.
  await page.locator('#jrp-month-prev').click();
  const prev = await apiGet(`/api/v1/admin/jrp/stats?month=${(() => {
    const [y, m] = month.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  })()}`, OFFICE_KEY);
  await page.waitForFunction((m) => document.getElementById('jrp-stats-month')?.textContent.includes(m), prev.month);
  assert.equal(await value('checks'), Object.values(prev.checks)[0]);
  await page.locator('#jrp-month-next').click();
  await page.waitForFunction((m) => document.getElementById('jrp-stats-month')?.textContent.includes(m), month);
});

test('联合奖惩 figures: a case published from a check whose measure was taken', async () => {
  await page.locator('#jrp-case-check').fill(String(S.listed.check));
  await page.locator('#jrp-case-measure').selectOption(String(S.applied.measure));
  await page.locator('#jrp-case-title-input').fill('严重失信企业被限制参与政府采购');
  await page.locator('#jrp-case-summary').fill('审批部门在政府采购供应商资格审查中核查发现申请人为严重违法失信主体，依法不予受理其投标。');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/cases')), page.locator('#jrp-case-submit').click()]);
  assert.equal(resp.status(), 201);
  const { id } = await resp.json();
  await page.waitForFunction((i) => document.querySelector('.jrp-case-form .notice-ok')?.textContent.includes(`编号 ${i}`), id);
  await expectFocused('jrp-case-title');
  await page.waitForSelector(`.jrp-cases li[data-case="${id}"]`);
  assert.match(await page.locator(`.jrp-cases li[data-case="${id}"]`).textContent(), /严重失信企业被限制参与政府采购/);
  // Twice is refused, and the server's reason is shown.
  await page.locator('#jrp-case-check').fill(String(S.listed.check));
  await page.locator('#jrp-case-measure').selectOption(String(S.applied.measure));
  await page.locator('#jrp-case-title-input').fill('重复');
  await page.locator('#jrp-case-summary').fill('重复');
  await page.locator('#jrp-case-submit').click();
  await page.waitForSelector('#jrp-case-error');
  assert.match(await page.locator('#jrp-case-error').textContent(), /与当前办理状态冲突：此案例已经公开$/);
  // A check on no list had no measure taken: nothing to publish.
  await page.locator('#jrp-case-check').fill(String(S.checks[1].check));
  await page.locator('#jrp-case-submit').click();
  await page.waitForFunction(() => /未执行措施 \d+，没有可公开的案例$/.test(document.getElementById('jrp-case-error')?.textContent || ''));
});

test('政策管理: the measures in force by memorandum; a policy without a legal basis is refused and changes nothing', async () => {
  await page.locator('#view-policy').click();
  await page.waitForSelector('.jrp-measure-table');
  assert.match(await page.locator('#jrp-policy-count').textContent(), new RegExp(`${S.measures.length} 项措施`));
  assert.equal(await page.locator('.jrp-measure-table tbody tr').count(), S.measures.length);
  for (const m of S.measures) {
    const row = page.locator(`.jrp-measure-table tr[data-measure="${m.id}"]`);
    assert.equal(await row.locator('.jrp-basis').textContent(), m.legal_basis);
    assert.ok((await row.textContent()).includes(m.text));
  }
  const memos = new Set(S.measures.map((m) => m.memo.doc_no));
  assert.equal(await page.locator('.jrp-memo').count(), memos.size);
  assert.equal(await page.locator('.jrp-matters-table tbody tr').count(), S.matters.length);
  await shots('jrp-policy');

  // A measure whose legal basis is empty: the server names it, and nothing changes.
  const policy = JSON.parse(readFileSync(POLICY, 'utf8'));
  const victim = policy.memoranda[0].measures[0];
  victim.legal_basis = '';
  victim.text = `${victim.text}（已修改）`;
  const broken = join(WORK, 'jrp-no-basis.json');
  writeFileSync(broken, JSON.stringify(policy, null, 1));
  const before = await apiGet('/api/v1/measures');
  await page.setInputFiles('#jrp-policy-file', broken);
  assert.match(await page.locator('#jrp-policy-hint').textContent(), /jrp-no-basis\.json/);
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/jrp')), page.locator('#jrp-policy-upload').click()]);
  assert.equal(resp.status(), 400);
  assert.equal(resp.request().headers()['content-type'], 'application/json');
  await page.waitForSelector('#jrp-upload-result .notice-error');
  await expectFocused('jrp-upload-result');
  const said = await page.locator('#jrp-upload-result').textContent();
  assert.match(said, /政策文件未载入/);
  // The server's reason in Chinese (its English half is for the English page), the document it cites whole.
  assert.ok(said.includes(`的措施 ${victim.code} 缺少法律依据`), said);
  assert.ok(said.includes('（国办发〔2020〕49号）'), `the server's reason whole: ${said}`);
  assert.ok(!said.includes('has no legal basis'), `one language: ${said}`);
  assert.deepEqual(await apiGet('/api/v1/measures'), before, 'nothing changed');
  assert.equal(await page.locator('.jrp-measure-table tbody tr').count(), S.measures.length);
  await shots('jrp-policy-refused');

  // The policy file as it is (make-demo loaded it): loaded, every memorandum unchanged.
  await page.setInputFiles('#jrp-policy-file', POLICY);
  const [ok] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/jrp')), page.locator('#jrp-policy-upload').click()]);
  assert.equal(ok.status(), 200);
  await page.waitForSelector('#jrp-upload-result .notice-ok');
  assert.match(await page.locator('#jrp-upload-result').textContent(), new RegExp(`事项 ${policy.matters.length} 个；备忘录新增 0 份、更新 0 份、未变 ${policy.memoranda.length} 份；写入措施 0 项`));
  assert.deepEqual(await apiGet('/api/v1/measures'), before);
});

test('联合奖惩 in English: the actions in words', async () => {
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('.jrp-measure-table');
  const en = { block: 'Block', restrict: 'Restrict', stricter_review: 'Stricter review', reference: 'For reference', fast_track: 'Fast track', fewer_materials: 'Fewer materials', priority: 'Priority' };
  for (const m of S.measures) assert.equal(await page.locator(`.jrp-measure-table tr[data-measure="${m.id}"] .badge-action`).textContent(), en[m.action]);
  assert.match(await page.locator('#view-policy').textContent(), /Policy/);
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.locator('#sign-out').click();
});

test('public search: a listed organisation carries its list, an unlisted one says it is on none', async () => {
  await open(`/search.html?q=${LISTED}`);
  await page.waitForSelector('.results .result');
  const hit = page.locator('.result', { hasText: LISTED });
  assert.equal(await hit.count(), 1);
  assert.ok((await hit.locator('.badge-black').count()) >= 1, `black-list badge for ${LISTED}: ${await hit.textContent()}`);
  assert.match(await hit.textContent(), /黑名单/);
  await open(`/search.html?q=${CLEAN}`);
  await page.waitForSelector('.results .result');
  assert.match(await page.locator('.result', { hasText: CLEAN }).textContent(), /未列入红名单、黑名单或重点关注名单/);
});

test('联合奖惩: no page error, no dialog, no content security policy violation', () => {
  assert.deepEqual(problems, []);
});
