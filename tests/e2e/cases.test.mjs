// SPDX-License-Identifier: Apache-2.0
// The public page of reward and punishment cases (奖惩案例, cases.html) in a real browser against
// `xinyong serve` with the demo data. Runs after jrp.test.mjs, which publishes a case through the
// console; when it has not (this file run alone), the case is published here through the API the same
// way: a check of the black-listed organisation on the matter, the feedback that the measure was
// taken, the credit office's publication. A second case is published so that the page has two to page
// through. Each case shows its kind (联合惩戒 in red), title, summary, the measure and its action in
// words, the legal basis, the memorandum, the subject linked to its page, the department, the matter
// and the dates; the empty state and a failed load are shown from stubbed answers (a reward case of a
// person, who is not named, too: the demo has no subject a reward applies to); English; 375 and 1280 px.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launch, openChecked, screenshots, watch } from './browser.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (tests/blackbox/e2e.sh sets it)`);
  return v;
};
const BASE = env('XY_E2E_URL');
const SCREENS = env('XY_E2E_SCREENS');
const MODULES = env('XY_E2E_MODULES');
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const KEY = env('XY_E2E_JRP_KEY'); // the approval system of the matter's department
const MATTER = env('XY_E2E_JRP_MATTER');
const LISTED = env('XY_E2E_JRP_LISTED'); // an organisation a punishment of MATTER applies to
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

// The title jrp.test.mjs gives its case, and a second one published here.
const CONSOLE_TITLE = '严重失信企业被限制参与政府采购';
const SECOND_TITLE = '失信企业再次参与政府采购资格审查被拒';
const ACTION = {
  zh: { block: '禁止', restrict: '限制', stricter_review: '从严审核', reference: '参考', fast_track: '绿色通道/容缺受理', fewer_materials: '减免材料', priority: '优先' },
  en: { block: 'Block', restrict: 'Restrict', stricter_review: 'Stricter review', reference: 'For reference', fast_track: 'Fast track', fewer_materials: 'Fewer materials', priority: 'Priority' },
};
const RED = 'rgb(179, 18, 26)'; // --red-700
const GREEN = 'rgb(27, 110, 52)'; // --green-700

let browser;
let context;
let page;
const problems = [];
const S = {}; // the cases and matters the API gives

async function apiGet(path) {
  const r = await fetch(BASE + path);
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

async function apiSend(path, key, body) {
  const r = await fetch(BASE + path, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.ok, `POST ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Publishes a case as the console does: a check, its feedback (every measure taken), the publication. */
async function publishCase(title, summary) {
  const check = await apiSend('/api/v1/checks', KEY, { matter: MATTER, subject: LISTED });
  const measure = check.measures.find((m) => m.kind === 'punish');
  assert.ok(measure, `a punishment for ${LISTED} on ${MATTER}: ${JSON.stringify(check)}`);
  await apiSend(`/api/v1/checks/${check.check}/feedback`, KEY, { items: check.measures.map((m) => ({ measure: m.measure, applied: true, outcome: '不予受理其投标' })) });
  return (await apiSend('/api/v1/admin/cases', OFFICE_KEY, { check: check.check, measure: measure.measure, title, summary })).id;
}

/** The day of a time the server gives, as the browser (Beijing time) shows it. */
const day = (iso) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

function open(path, opts) {
  return openChecked(page, BASE + path, opts);
}

function shots(name) {
  return screenshots(page, SCREENS, name);
}

const isCases = (url) => url.pathname === '/api/v1/cases';

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  let cases = (await apiGet('/api/v1/cases?limit=100')).items;
  if (!cases.some((c) => c.title === CONSOLE_TITLE)) {
    await publishCase(CONSOLE_TITLE, '审批部门在政府采购供应商资格审查中核查发现申请人为严重违法失信主体，依法不予受理其投标。');
  }
  await publishCase(SECOND_TITLE, '该企业在严重失信主体名单有效期内再次申请参加政府采购，审批部门核查后依法不予受理。');
  cases = (await apiGet('/api/v1/cases?limit=100')).items;
  assert.ok(cases.length >= 2 && cases.length <= 20, `two cases or more, one page of the portal: ${cases.length}`);
  S.cases = cases;
  S.matters = new Map((await apiGet('/api/v1/matters')).items.map((m) => [m.code, m.name]));
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('奖惩案例: in the navigation after 信用承诺 and among the services of the home page', async () => {
  await open('/');
  const nav = await page.locator('#nav-list a').allTextContents();
  assert.equal(nav[nav.indexOf('信用承诺') + 1], '奖惩案例', nav.join(' '));
  const service = page.locator('.services a[href="/cases.html"]');
  assert.match(await service.textContent(), /奖惩案例/);
  await Promise.all([page.waitForURL(/\/cases\.html$/), service.click()]);
  await page.waitForSelector('body.ready');
  assert.equal(await page.locator('#nav-list a[aria-current="page"]').textContent(), '奖惩案例');
  assert.equal(await page.locator('h1').textContent(), '奖惩案例');
  assert.match(await page.title(), /^奖惩案例 - 信用武汉$/);
});

test('奖惩案例: every published case with its kind, title, measure, legal basis, memorandum, subject, department, matter and dates', async () => {
  await open('/cases.html');
  await page.waitForSelector('#cases-status');
  assert.equal(await page.locator('#cases-status').getAttribute('role'), 'status');
  assert.equal(await page.locator('#cases-status').textContent(), `共 ${S.cases.length} 个案例，已全部显示。`);
  assert.equal(await page.locator('.case-list > li').count(), S.cases.length);
  assert.equal(await page.getByText('尚未公布奖惩案例').count(), 0, 'no empty state with cases published');
  assert.equal(await page.locator('#cases-more').count(), 0, 'one page holds them all');
  const titles = S.cases.map((c) => c.title);
  assert.ok(titles.includes(CONSOLE_TITLE) && titles.includes(SECOND_TITLE), titles.join(' | '));
  assert.deepEqual(await page.locator('.case-title').allTextContents(), titles, 'in the order published');
  for (const c of S.cases) {
    const card = page.locator(`.case[data-case="${c.id}"]`);
    assert.equal(c.kind, 'punish');
    const kind = card.locator('.case-kind');
    assert.equal(await kind.textContent(), '联合惩戒');
    assert.equal(await kind.evaluate((el) => getComputedStyle(el).backgroundColor), RED, 'a punishment in red');
    assert.equal(await card.locator('.case-title').textContent(), c.title);
    assert.equal(await card.locator('.case-summary').textContent(), c.summary);
    assert.equal(await card.locator('.case-measure-text').textContent(), c.measure);
    assert.equal(await card.locator('.case-action').textContent(), ACTION.zh[c.action]);
    assert.equal(await card.locator('.case-basis').textContent(), c.legal_basis);
    assert.ok(c.legal_basis.length > 0);
    assert.equal(await card.locator('.case-memo-no').textContent(), c.memo.doc_no);
    assert.equal(await card.locator('.case-memo-title').textContent(), `《${c.memo.title}》`);
    // The subject: an organisation, named, its code shown and linked to its page.
    assert.equal(c.subject_uscc, LISTED);
    const link = card.locator('.case-subject a');
    assert.equal(await link.textContent(), c.subject_name);
    assert.equal(await link.getAttribute('href'), `/subject.html?id=${c.subject_uscc}`);
    assert.equal(await card.locator('.case-code dd').textContent(), c.subject_uscc);
    assert.equal(await card.locator('.case-dept').textContent(), c.dept_uscc);
    assert.equal(await card.locator('.case-matter').textContent(), `${S.matters.get(c.matter)}（${c.matter}）`);
    assert.equal(await card.locator('.case-outcome dd').textContent(), c.outcome);
    assert.equal(await card.locator('.case-applied dd').textContent(), day(c.applied_at));
    assert.equal(await card.locator('.case-published dd').textContent(), day(c.published_at));
    const text = await card.textContent();
    for (const label of ['采取的措施', '信用主体', '统一社会信用代码', '法律依据', '依据备忘录', '实施部门', '办理事项', '办理结果', '采取措施日期', '发布日期']) assert.ok(text.includes(label), `${label} in case ${c.id}`);
  }
  await shots('cases');
  // The subject's own page, from the case.
  const first = S.cases[0];
  await Promise.all([page.waitForURL(/\/subject\.html\?id=/), page.locator(`.case[data-case="${first.id}"] .case-subject a`).click()]);
  await page.waitForSelector('body.ready');
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent === n, first.subject_name);
});

test('奖惩案例: paged with 加载更多, the focus going on at the first case brought', async () => {
  // One case a page, from the server's own cursor.
  await page.route(isCases, (route) => {
    const u = new URL(route.request().url());
    u.searchParams.set('limit', '1');
    route.continue({ url: u.toString() });
  });
  try {
    await open('/cases.html');
    await page.waitForSelector('#cases-more');
    assert.equal(await page.locator('.case-list > li').count(), 1);
    assert.equal(await page.locator('#cases-status').textContent(), '已显示 1 个案例，还有更多案例未加载。');
    assert.equal(await page.locator('#cases-more').textContent(), '加载更多');
    await page.locator('#cases-more').click();
    await page.waitForFunction(() => document.querySelectorAll('.case-list > li').length === 2);
    const second = `case-${S.cases[1].id}-title`;
    await page.waitForFunction((id) => document.activeElement?.id === id, second);
    // On to the end: the last page may be empty, and the button goes.
    for (let i = 0; i < S.cases.length && (await page.locator('#cases-more').count()); i++) {
      await page.locator('#cases-more').click();
      await page.waitForFunction(() => !document.querySelector('.cases-box .notice-loading'));
    }
    assert.equal(await page.locator('#cases-more').count(), 0);
    assert.equal(await page.locator('.case-list > li').count(), S.cases.length);
    assert.equal(await page.locator('#cases-status').textContent(), `共 ${S.cases.length} 个案例，已全部显示。`);
  } finally {
    await page.unroute(isCases);
  }
});

test('奖惩案例: a reward shows in green and a person is not named; none published; a failed load may be tried again', async () => {
  const reward = {
    id: 9001,
    title: '纳税信用A级纳税人享受容缺受理',
    summary: '审批部门核查发现申请人为纳税信用A级纳税人，按备忘录为其办理容缺受理。',
    published_at: '2026-11-20T02:00:00Z',
    kind: 'reward',
    action: 'fast_track',
    measure: '办理增值税专用发票领用时容缺受理',
    legal_basis: '《关于对纳税信用A级纳税人实施联合激励措施的合作备忘录》',
    memo: { doc_no: '发改财金〔2016〕2798号', title: '关于对纳税信用A级纳税人实施联合激励措施的合作备忘录' },
    dept_uscc: S.cases[0].dept_uscc,
    matter: 'X-UNKNOWN-1',
    applied_at: '2026-11-19T17:30:00Z',
  };
  const answers = [
    { status: 200, body: { items: [reward], next_cursor: null } },
    { status: 200, body: { items: [], next_cursor: null } },
    { status: 503, body: { title: 'Service Unavailable', status: 503, detail: 'stubbed' } },
  ];
  let answer = answers[0];
  await page.route(isCases, (route) => route.fulfill({ status: answer.status, contentType: answer.status === 200 ? 'application/json' : 'application/problem+json', body: JSON.stringify(answer.body) }));
  try {
    await open('/cases.html');
    const card = page.locator('.case[data-case="9001"]');
    await card.waitFor();
    assert.equal(await card.locator('.case-kind').textContent(), '联合激励');
    assert.equal(await card.locator('.case-kind').evaluate((el) => getComputedStyle(el).backgroundColor), GREEN, 'a reward in green');
    assert.equal(await card.locator('.case-action').textContent(), '绿色通道/容缺受理');
    assert.equal(await card.locator('.case-subject dd').textContent(), '个人（不公开姓名）');
    assert.equal(await card.locator('.case-subject a').count(), 0, 'a person is not linked');
    assert.equal(await card.locator('.case-code').count(), 0, 'nor a code shown');
    assert.equal(await card.locator('.case-outcome').count(), 0, 'no outcome given, none shown');
    assert.equal(await card.locator('.case-matter').textContent(), 'X-UNKNOWN-1', 'a matter not in the catalogue by its code');
    assert.equal(await card.locator('.case-applied dd').textContent(), '2026-11-20', 'the day in Beijing time');

    answer = answers[1];
    await open('/cases.html');
    await page.waitForSelector('.cases-box .notice-info');
    assert.equal(await page.locator('.cases-box .notice-info').textContent(), '尚未公布奖惩案例。');
    assert.equal(await page.locator('.cases-box .notice-info').getAttribute('role'), 'status');
    assert.equal(await page.locator('.case-list').count(), 0);

    answer = answers[2];
    await open('/cases.html');
    await page.waitForSelector('.cases-box .notice-error');
    assert.match(await page.locator('.cases-box .notice-error').textContent(), /服务暂时不可用/);
    assert.equal(await page.getByText('尚未公布奖惩案例').count(), 0, 'a failure is not "none published"');
    answer = answers[0];
    await page.locator('#cases-retry').click();
    await page.waitForFunction(() => document.activeElement?.id === 'case-9001-title');
  } finally {
    await page.unroute(isCases);
  }
});

test('奖惩案例 in English: the kind, the action and the labels in words', async () => {
  await open('/cases.html');
  await page.waitForSelector('#cases-status');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#cases-status');
  assert.equal(await page.locator('h1').textContent(), 'Reward and punishment cases');
  assert.match(await page.title(), /^Reward and punishment cases - Credit Wuhan$/);
  assert.equal(await page.locator('#nav-list a[aria-current="page"]').textContent(), 'Cases');
  assert.equal(await page.locator('#cases-status').textContent(), `Cases shown: ${S.cases.length}. All are loaded.`);
  for (const c of S.cases) {
    const card = page.locator(`.case[data-case="${c.id}"]`);
    assert.equal(await card.locator('.case-kind').textContent(), 'Punishment');
    assert.equal(await card.locator('.case-action').textContent(), ACTION.en[c.action]);
    assert.equal(await card.locator('.case-title').textContent(), c.title);
    assert.equal(await card.locator('.case-basis').textContent(), c.legal_basis);
    assert.equal(await card.locator('.case-matter').textContent(), `${S.matters.get(c.matter)} (${c.matter})`);
    const labels = await card.locator('dt').allTextContents();
    for (const l of ['Subject', 'Unified social credit code', 'Legal basis', 'Memorandum', 'Department that applied it', 'Matter', 'Applied on', 'Published on']) assert.ok(labels.includes(l), `${l} in ${labels}`);
  }
  assert.equal(await page.getByText('No cases have been published yet.').count(), 0);
  await shots('cases-en');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.locator('h1').textContent(), '奖惩案例');
});

test('奖惩案例: no page error, no dialog, no content security policy violation', () => {
  assert.deepEqual(problems, []);
});
