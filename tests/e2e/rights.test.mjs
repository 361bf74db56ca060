// SPDX-License-Identifier: Apache-2.0
// The rights of the subject in a real browser, against `xinyong serve` with the demo data
// (tests/blackbox/e2e.sh picks the subject and creates the keys): a company signs in on 我的信用
// with its subject key, sees its file, files an objection with a PDF as evidence and follows it; the
// credit office accepts it in the console and the public page marks the record 异议中; the office
// forwards it, the department opens the evidence and upholds the record, and the company reads the
// decision. A repair waits for the end of the minimum publicity period; one filed with the standard
// commitment is refused by the department. A grant to a querier is created, used, seen in the access
// history and revoked. Every view is photographed at 375 px and 1280 px.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
const SUBJECT_KEY = env('XY_E2E_SUBJECT_KEY');
const SUBJECT_CODE = env('XY_E2E_SUBJECT_CODE');
const CLAIM_DEPT_KEY = env('XY_E2E_CLAIM_DEPT_KEY');
const RECORD = env('XY_E2E_CLAIM_RECORD'); // a published penalty of the subject, repairable now
const QUERIER_KEY = env('XY_E2E_QUERIER_KEY');
const QUERIER_KEY_ID = env('XY_E2E_QUERIER_KEY_ID');
const QUERIER_CODE = env('XY_E2E_QUERIER_CODE');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

// A small PDF, as a scanned receipt would come.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const GROUNDS = '该罚款已于2025年7月20日全额缴纳，堵塞的消防通道已当场清理，请核实并更正记录。';
const DECISION_REASON = '经核查，处罚事实清楚、证据确凿，缴纳罚款不影响处罚决定的公示，维持原记录。';

let browser;
let context;
let page;
const problems = [];
const S = {}; // what the tests learn along the way: today, the record, the claims, the grant

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

async function expectFocused(locator) {
  const id = await locator.getAttribute('id');
  await page.waitForFunction((i) => document.activeElement && document.activeElement.id === i, id, { timeout: 2000 }).catch(() => null);
  assert.equal(await locator.evaluate((el) => el === document.activeElement), true, `#${id} focused (${await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName))} is)`);
}

/** Signs in to the console with key and opens its queue of objections and repairs. */
async function consoleQueue(key) {
  await open('/console.html');
  if (await page.locator('#sign-out').count()) {
    await page.locator('#sign-out').click();
    await page.waitForSelector('#api-key');
  }
  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  await page.locator('#view-claims').click();
  await page.waitForSelector('.claims-list .claims-table, .claims-list .notice-info');
}

/** Opens a claim of the console's queue and waits for its detail. */
async function openClaim(id) {
  await page.locator(`#claim-open-${id}`).click();
  await page.waitForFunction((i) => document.getElementById('claim-detail-title')?.textContent.includes(`${i} 号`), id);
  await expectFocused(page.locator('#claim-detail-title'));
}

/** Takes an action on the claim open in the console; waits for the state it leads to. */
async function act(action, state, fill) {
  await page.locator(`#act-${action}`).check();
  if (fill) await fill();
  await page.locator('#act-submit').click();
  await page.waitForFunction((s) => document.querySelector('#claim-detail .claim-status .badge-claim')?.textContent === s, state);
  assert.match(await page.locator('#claim-detail .notice-ok').textContent(), new RegExp(`现为“${state.replace(/[()（）]/g, '.')}”`));
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  S.today = (await apiGet('/api/v1/stats')).as_of;
  const mine = await apiGet('/api/v1/me/records', SUBJECT_KEY);
  S.name = mine.subject.name;
  const all = Object.values(mine.records).flat();
  S.record = all.find((r) => String(r._record.id) === RECORD);
  assert.ok(S.record, `record ${RECORD} in the subject's file`);
  // A published penalty whose minimum publicity period has not passed: its repair must wait.
  S.early = all.find((r) => r._record.class === 'penalty' && r._record.status === 'published' && r._record.repair_from > S.today);
  assert.ok(S.early, 'a penalty whose repair must wait');
  S.arrears = (mine.records.arrears || [])[0]; // e2e.sh imports one: not public, read under a grant
  assert.ok(S.arrears, 'arrears in the subject\'s file');
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('我的信用: only a subject key signs in; the file shows every record with what may be done', async () => {
  await open('/me.html');
  assert.equal(await page.locator('.nav-list a[aria-current="page"]').textContent(), '我的信用');
  await shots('me-signin');
  await page.locator('#subject-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.signin .notice-error');
  assert.match(await page.locator('.signin .notice-error').textContent(), /不是信用主体的密钥/);
  await page.locator('#subject-key').fill(SUBJECT_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.my-class');
  assert.equal(await page.locator('#me-name').textContent(), S.name);
  assert.ok((await page.locator('.session-bar').textContent()).includes(SUBJECT_CODE));
  assert.ok(!page.url().includes('xy_'), 'the key is not in the address');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('xy.me.key')), SUBJECT_KEY);
  assert.equal(await page.evaluate(() => localStorage.getItem('xy.me.key')), null);
  assert.equal(await page.locator('#me-view-file').getAttribute('aria-current'), 'page');

  const card = page.locator(`#record-${RECORD}`);
  assert.equal(await card.locator('.record-docno').textContent(), S.record.doc_no);
  assert.match(await card.locator('.badge-published').textContent(), /已公示/);
  assert.equal(await page.locator(`#object-${RECORD}`).isEnabled(), true);
  assert.equal(await page.locator(`#repair-${RECORD}`).isEnabled(), true);

  // The minimum publicity period of another penalty has not passed: the button waits, and says till when.
  const early = S.early._record;
  const wait = page.locator(`#repair-${early.id}`);
  assert.equal(await wait.isDisabled(), true);
  assert.equal(await wait.getAttribute('aria-describedby'), `repair-note-${early.id}`);
  assert.equal(await page.locator(`#repair-note-${early.id}`).textContent(), `最短公示期未满，自 ${early.repair_from} 起可申请信用修复`);
  // ... as the server would refuse it.
  const refused = await fetch(`${BASE}/api/v1/repairs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SUBJECT_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ record: early.id, commitment: '承诺', signer: '张三' }),
  });
  assert.equal(refused.status, 409);
  assert.ok((await refused.json()).detail.includes(early.repair_from));
  // Its arrears (not public) are in its file, with their amount in yuan; not on the public page.
  const arrears = page.locator('.my-class[data-cls="arrears"]');
  assert.match(await arrears.locator('.class-title').textContent(), /欠缴信息/);
  assert.match(await arrears.locator('.record').first().textContent(), new RegExp(`${S.arrears.doc_no.replace(/[〔〕]/g, '.')}.*欠缴项目.*${S.arrears.item}.*欠缴金额12,500\\.00 元`, 's'));
  assert.equal((await apiGet(`/api/v1/subjects/${SUBJECT_CODE}`)).records.arrears, undefined, 'arrears are not public');
  await shots('me-file');
});

test('我的信用: an objection with a PDF as evidence, listed with its state and time limit', async () => {
  await page.locator(`#object-${RECORD}`).click();
  await expectFocused(page.locator('#claim-form-title'));
  assert.match(await page.locator('#claim-form-title').textContent(), new RegExp(S.record.doc_no.replace(/[〔〕]/g, '.')));
  // Sent without grounds: said, and the grounds field has the focus.
  await page.locator('#claim-submit').click();
  await page.waitForSelector('.claim-form .notice-error');
  assert.match(await page.locator('.claim-form .notice-error').textContent(), /请填写异议理由/);
  await expectFocused(page.locator('#claim-text'));
  await page.locator('#claim-text').fill(GROUNDS);
  // Only PDF, PNG and JPG files are taken.
  await page.setInputFiles('#claim-files', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => document.getElementById('claim-files-error')?.textContent.includes('notes.txt'));
  assert.match(await page.locator('#claim-files-error').textContent(), /不是 PDF、PNG 或 JPG 文件/);
  await page.setInputFiles('#claim-files', { name: '缴款凭证.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.waitForSelector('#claim-files-list li');
  assert.match(await page.locator('#claim-files-list').textContent(), /缴款凭证\.pdf/);
  assert.equal(await page.locator('#claim-files-error').textContent(), '');
  await shots('me-objection-form');

  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/objections')), page.locator('#claim-submit').click()]);
  assert.equal(resp.status(), 201);
  const claim = await resp.json();
  S.objection = claim.id;
  assert.equal(claim.record, Number(RECORD));
  assert.equal(claim.files[0].sha256, createHash('sha256').update(PDF).digest('hex'), 'the evidence arrives as it was');
  // The page moves to the claims, with the new one open and its heading focused.
  await page.waitForSelector('#claim-detail .notice-ok');
  await expectFocused(page.locator('#claim-detail-title'));
  assert.match(page.url(), /#claims$/);
  assert.equal(await page.locator('#me-view-claims').getAttribute('aria-current'), 'page');
  assert.match(await page.locator('#claim-detail .notice-ok').textContent(), new RegExp(`异议已提交，编号 ${claim.id}。信用办将在 ${claim.due} 前决定是否受理`));
  const row = page.locator(`.claims-table tr[data-claim="${claim.id}"]`);
  const text = await row.textContent();
  for (const want of ['异议', S.record.doc_no, '已提交', claim.due]) assert.ok(text.includes(want), `the row holds ${want}: ${text}`);
  const detail = await page.locator('#claim-detail').textContent();
  for (const want of [GROUNDS, '缴款凭证.pdf', claim.files[0].sha256, '提交', `办理时限 ${claim.due}`]) assert.ok(detail.includes(want), `the claim shows ${want}`);
  await shots('me-claims');

  // The file now says that an objection is being handled instead of offering another.
  await page.locator('#me-view-file').click();
  await page.waitForSelector(`#record-${RECORD} .claim-open-note`);
  assert.equal(await page.locator(`#object-${RECORD}`).count(), 0);
  assert.match(await page.locator(`#record-${RECORD} .claim-open-note`).textContent(), new RegExp(`已提交.*异议 ${claim.id} 号办理中`));
});

test('console: the credit office accepts the objection; the public page marks the record 异议中', async () => {
  await consoleQueue(OFFICE_KEY);
  assert.match(await page.locator('#claims-title').textContent(), /异议受理与督办/);
  const row = page.locator(`.claims-table tr[data-claim="${S.objection}"]`);
  assert.match(await row.textContent(), new RegExp(`${S.name}.*已提交.*待办`));
  // 督办: only the overdue ones, asked of the server.
  const [req] = await Promise.all([page.waitForRequest((r) => r.url().includes('/api/v1/claims?') && r.url().includes('overdue=true')), page.locator('#claims-overdue').check()]);
  assert.ok(req);
  const overdue = (await apiGet('/api/v1/claims?overdue=true', OFFICE_KEY)).items;
  await page.waitForFunction((n) => !document.querySelector('.claims-list .notice-loading') && document.querySelectorAll('.claims-table tbody tr').length === n, overdue.length);
  if (!overdue.length) assert.match(await page.locator('.claims-list .notice-info').textContent(), /没有超过办理时限的事项/);
  await page.locator('#claims-overdue').uncheck();
  await page.waitForSelector(`.claims-table tr[data-claim="${S.objection}"]`);

  await openClaim(S.objection);
  assert.deepEqual(await page.locator('.action-choice input').evaluateAll((l) => l.map((i) => i.value)), ['accept', 'reject']);
  await act('accept', '已受理（异议中）');
  await shots('console-claims-office');

  await open(`/subject.html?id=${SUBJECT_CODE}#penalty`);
  const card = page.locator('#panel-penalty .record', { hasText: S.record.doc_no });
  assert.equal(await card.locator('.badge-objection').textContent(), '异议中');
  assert.equal(await page.locator('#panel-penalty .badge-objection').count(), 1, 'only that record is marked');
  await card.scrollIntoViewIfNeeded();
  await shots('subject-objection');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await card.locator('.badge-objection').textContent(), 'Under objection');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  // Forwarded to the department that made the decision.
  await consoleQueue(OFFICE_KEY);
  await openClaim(S.objection);
  await act('forward', '已转交');
  await page.locator('#sign-out').click();
});

test('console: the department opens the evidence and upholds the record', async () => {
  await consoleQueue(CLAIM_DEPT_KEY);
  assert.match(await page.locator('#claims-title').textContent(), /待核实异议与待决定修复/);
  const rows = await apiGet('/api/v1/claims', CLAIM_DEPT_KEY);
  assert.ok(rows.items.length && rows.items.every((c) => c.dept.uscc === S.record._record.dept_uscc), 'a department sees the claims on its own records only');
  await page.locator('#claims-kind').selectOption('objection');
  await page.locator('#claims-state').selectOption('forwarded');
  await page.waitForFunction((id) => [...document.querySelectorAll('.claims-table tbody tr')].every((tr) => tr.textContent.includes('已转交')) && document.querySelector(`tr[data-claim="${id}"]`), S.objection);
  await openClaim(S.objection);

  // The evidence, fetched with the key and opened from an object URL.
  const link = page.locator(`#claim-file-${S.objection}-1`);
  assert.equal(await link.textContent(), '缴款凭证.pdf');
  const [file] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/v1/claims/${S.objection}/files/1`)), link.click()]);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/pdf');
  assert.equal(file.request().headers().authorization, `Bearer ${CLAIM_DEPT_KEY}`, 'fetched with the key, not by address');
  assert.equal(file.headers()['content-length'], String(PDF.length));
  const direct = await fetch(file.url(), { headers: { Authorization: `Bearer ${CLAIM_DEPT_KEY}` } });
  assert.ok(Buffer.from(await direct.arrayBuffer()).equals(PDF), 'the evidence as the subject sent it');
  await page.waitForFunction((id) => document.getElementById(`claim-file-${id}-1`).href.startsWith('blob:'), S.objection);
  assert.equal(await page.locator(`#claim-detail a[download="缴款凭证.pdf"]`).getAttribute('href'), await link.getAttribute('href'));
  for (const p of context.pages()) if (p !== page) await p.close(); // the file's own tab

  assert.deepEqual(await page.locator('.action-choice input').evaluateAll((l) => l.map((i) => i.value)), ['decide', 'extend']);
  // A correction asks for the fields to correct; upholding does not.
  await page.locator('#act-decide').check();
  await page.locator('#decision-correct').check();
  await page.waitForSelector('#fix-key-1');
  for (const fixed of ['doc_no', 'party_uscc']) assert.equal(await page.locator(`#fix-key-1 option[value="${fixed}"]`).count(), 0, `${fixed} cannot be corrected`);
  assert.equal(await page.locator('#fix-key-1 option[value="content"]').count(), 1);
  await shots('console-claims-decide');
  await page.locator('#decision-uphold').check();
  assert.equal(await page.locator('#fix-key-1').count(), 0);
  await page.locator('#act-submit').click();
  assert.match(await page.locator('.claim-actions .notice-error').textContent(), /请填写理由/);
  await expectFocused(page.locator('#act-reason'));
  await act('decide', '已核实', async () => {
    await page.locator('#decision-uphold').check();
    await page.locator('#act-reason').fill(DECISION_REASON);
  });
  assert.match(await page.locator('.claim-outcome').textContent(), new RegExp(`核实决定维持.*${DECISION_REASON.slice(0, 10)}`));
  assert.match(await page.locator('.claim-no-action').textContent(), /无需您办理/);
  // Decided, it has left the forwarded ones; among all it is there, with nothing more to do.
  await page.locator('#claims-state').selectOption('');
  await page.waitForFunction((id) => document.querySelector(`tr[data-claim="${id}"]`)?.textContent.includes('已核实'), S.objection);
  assert.equal(await page.locator(`tr[data-claim="${S.objection}"] .badge-todo`).count(), 0);
  await shots('console-claims-dept');
  await page.locator('#sign-out').click();
});

test('我的信用: the subject reads the decision, each step with its time', async () => {
  await open('/me.html#claims');
  await page.waitForSelector(`.claims-table tr[data-claim="${S.objection}"]`);
  assert.match(await page.locator(`.claims-table tr[data-claim="${S.objection}"]`).textContent(), /已核实/);
  await page.locator(`#claim-open-${S.objection}`).click();
  await page.waitForSelector('.claim-outcome');
  await expectFocused(page.locator('#claim-detail-title'));
  const detail = await page.locator('#claim-detail').textContent();
  for (const want of ['已核实', '维持', DECISION_REASON]) assert.ok(detail.includes(want), `the subject sees ${want}`);
  assert.deepEqual(await page.locator('.steps .step-body strong').allTextContents(), ['提交', '受理', '转交核实', '作出核实决定']);
  // The evidence opens for the subject too.
  await page.locator(`#claim-file-${S.objection}-1`).click();
  await page.waitForFunction((id) => document.getElementById(`claim-file-${id}-1`).href.startsWith('blob:'), S.objection);
  for (const p of context.pages()) if (p !== page) await p.close();
  await shots('me-claim-decided');
});

test('我的信用: a repair filed with the standard commitment, refused by the department', async () => {
  await page.locator('#me-view-file').click();
  await page.locator(`#repair-${RECORD}`).click();
  await expectFocused(page.locator('#claim-form-title'));
  const text = await page.locator('#claim-text').inputValue();
  assert.ok(text.startsWith('信用修复承诺书') && text.includes(S.record.doc_no), 'the standard commitment, naming the decision');
  await page.locator('#claim-submit').click();
  assert.match(await page.locator('.claim-form .notice-error').textContent(), /请填写承诺人姓名/);
  await expectFocused(page.locator('#claim-signer'));
  await page.locator('#claim-signer').fill('黄嘉思');
  await page.setInputFiles('#claim-files', { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.waitForSelector('#claim-files-list li');
  await shots('me-repair-form');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/repairs')), page.locator('#claim-submit').click()]);
  assert.equal(resp.status(), 201);
  S.repair = (await resp.json()).id;
  await page.waitForSelector('#claim-detail .notice-ok');
  assert.match(await page.locator(`.claims-table tr[data-claim="${S.repair}"]`).textContent(), /信用修复.*已提交/);

  await consoleQueue(CLAIM_DEPT_KEY);
  await page.locator('#claims-kind').selectOption('repair');
  await page.waitForFunction((id) => document.querySelector(`tr[data-claim="${id}"]`) && [...document.querySelectorAll('.claims-table tbody tr')].every((tr) => tr.textContent.includes('信用修复')), S.repair);
  await openClaim(S.repair);
  assert.match(await page.locator('#claim-detail .claim-text').textContent(), /信用修复承诺书/);
  await act('refuse', '不予修复', () => page.locator('#act-reason').fill('罚款缴纳凭证与处罚决定不符，请补充材料后重新申请。'));
  await page.locator('#sign-out').click();

  await open('/me.html#claims');
  await page.locator(`#claim-open-${S.repair}`).click();
  await page.waitForSelector('.claim-outcome');
  assert.match(await page.locator('#claim-detail').textContent(), /不予修复.*罚款缴纳凭证与处罚决定不符/s);
  // Refused, the repair may be applied for again.
  await page.locator('#me-view-file').click();
  assert.equal(await page.locator(`#repair-${RECORD}`).isEnabled(), true);
});

test('我的信用: a repaired penalty shows as repaired, its former publicity end plain, and nothing stray', async () => {
  // The office closes the decided objection, so that nothing is left to do on the record once repaired.
  const closed = await fetch(`${BASE}/api/v1/claims/${S.objection}/actions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${OFFICE_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'close', reason: '核实决定已告知申请人，办结。' }),
  });
  assert.equal(closed.status, 200, `objection closed: ${closed.status}`);
  const filed = await fetch(`${BASE}/api/v1/repairs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SUBJECT_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ record: Number(RECORD), commitment: `信用修复承诺书：本单位已纠正${S.record.doc_no}所涉违法行为。`, signer: '黄嘉思', files: [{ name: 'receipt.pdf', media_type: 'application/pdf', data: PDF.toString('base64') }] }),
  });
  assert.equal(filed.status, 201, `repair filed: ${filed.status}`);
  const claim = (await filed.json()).id;
  const approved = await fetch(`${BASE}/api/v1/claims/${claim}/actions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${CLAIM_DEPT_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'approve', reason: '已纠正违法行为并履行处罚决定，准予修复。' }),
  });
  assert.equal(approved.status, 200, `repair approved: ${approved.status}`);

  await open('/me.html#file');
  await page.waitForSelector(`#record-${RECORD}`);
  const card = page.locator(`#record-${RECORD}`);
  assert.match(await card.locator('.badges').textContent(), /已修复/);
  // Nothing to do on a repaired record: no actions, and no "null" printed in their place.
  assert.equal(await card.locator('.record-actions').count(), 0);
  assert.doesNotMatch(await card.textContent(), /null/);
  assert.doesNotMatch(await page.locator('main').textContent(), /\bnull\b/);
  // Its former publicity end is shown plain, not in the red of a record on public view.
  const until = card.locator('.record-key .publicity dd');
  assert.equal(await until.textContent(), S.record._record.public_until);
  const red = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--red-700').trim());
  const color = (sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
  const plain = await until.evaluate((el) => getComputedStyle(el).color);
  const probe = await page.evaluate((c) => {
    const d = document.createElement('div');
    d.style.color = c;
    document.body.append(d);
    const v = getComputedStyle(d).color;
    d.remove();
    return v;
  }, red);
  assert.notEqual(plain, probe, 'a repaired record\'s publicity end is not red');
  // A published penalty keeps its red end.
  assert.equal(await color(`#record-${S.early._record.id} .record-key .publicity dd`), probe);
  await shots('me-file-repaired');
});

test('我的信用: a grant to a querier, its use in the access history, and its revocation', async () => {
  await page.locator('#me-view-grants').click();
  await page.waitForSelector('#grant-form-title');
  assert.match(await page.locator('#grants-title ~ .notice-info, .grants-table').first().textContent(), /还没有授权|被授权方/);
  const until = new Date(Date.parse(`${S.today}T00:00:00Z`) + 30 * 86400000).toISOString().slice(0, 10);
  // The querier is picked from the directory by name: no key number is asked for.
  assert.equal(await page.locator('#grant-querier').evaluate((e) => e.tagName), 'SELECT');
  assert.match(await page.locator(`#grant-querier option[value="${QUERIER_CODE}"]`).textContent(), /e2e 某商业银行（银行业金融机构/);
  await page.locator('#grant-querier').selectOption(QUERIER_CODE);
  await page.locator('#grant-purpose').fill('流动资金贷款审批');
  await page.locator('#grant-until').fill(until);
  await page.locator('#grant-create').click();
  assert.match(await page.locator('#grants-message').textContent(), /请至少选择一类信息/);
  await expectFocused(page.locator('#grant-class-arrears'));
  assert.equal(await page.locator('label[for="grant-class-arrears"]').textContent(), '欠缴信息 (arrears)');
  await page.locator('#grant-class-arrears').check();
  await page.locator('#grant-create').click();
  await page.waitForSelector('.grants-table tbody tr');
  const grant = (await apiGet('/api/v1/grants', SUBJECT_KEY)).items.find((g) => g.purpose === '流动资金贷款审批');
  assert.ok(grant && grant.live);
  S.grant = grant.id;
  assert.match(await page.locator('#grants-message').textContent(), new RegExp(`已授权（编号 ${grant.id}）`));
  const row = page.locator(`.grants-table tr[data-grant="${grant.id}"]`);
  assert.match(await row.textContent(), new RegExp(`${grant.id}.*e2e 某商业银行.*统一社会信用代码 ${QUERIER_CODE}.*欠缴信息.*流动资金贷款审批.*${until}.*有效.*撤销`));

  // The querier reads under the grant; the subject sees the read.
  const read = await fetch(`${BASE}/api/v1/subjects/${SUBJECT_CODE}/authorised?grant=${grant.id}`, { headers: { Authorization: `Bearer ${QUERIER_KEY}` } });
  assert.equal(read.status, 200);
  assert.deepEqual((await read.json()).records.arrears.map((r) => r.doc_no), [S.arrears.doc_no], 'the querier reads the granted arrears');
  await page.locator('#me-view-access').click();
  await page.waitForSelector('.access-table tbody tr');
  assert.match(await page.locator('.access-table tbody tr').first().textContent(), new RegExp(`密钥 ${QUERIER_KEY_ID}.*流动资金贷款审批.*依授权 ${grant.id}.*grant/${grant.id}`));
  await shots('me-access');

  await page.locator('#me-view-grants').click();
  await page.locator(`#grant-revoke-${grant.id}`).click();
  await expectFocused(page.locator(`#grant-revoke-confirm-${grant.id}`));
  await page.locator(`#grant-revoke-confirm-${grant.id}`).click();
  await page.waitForFunction((id) => document.querySelector(`tr[data-grant="${id}"]`)?.textContent.includes('已撤销'), grant.id);
  assert.match(await page.locator('#grants-message').textContent(), new RegExp(`授权 ${grant.id} 已撤销`));
  assert.equal(await page.locator(`#grant-revoke-${grant.id}`).count(), 0);
  const after = await fetch(`${BASE}/api/v1/subjects/${SUBJECT_CODE}/authorised?grant=${grant.id}`, { headers: { Authorization: `Bearer ${QUERIER_KEY}` } });
  assert.equal(after.status, 403, 'a revoked grant reads nothing');
  await shots('me-grants');
});

test('我的信用 in English: every text translated; sign out forgets the key', async () => {
  for (const view of ['file', 'claims', 'grants', 'access']) {
    await open(`/me.html?lang=en#${view}`, { lang: 'en' });
    await page.waitForSelector('.me-view .card');
    if (view === 'claims') await page.locator(`#claim-open-${S.objection}`).click();
    await page.waitForFunction(() => !document.querySelector('.notice-loading'));
    if (view === 'claims') await shots('me-claims-en');
    const text = await page.locator('main').textContent();
    assert.doesNotMatch(text, /\b(me|claim|claims|console|record)\.[a-z]+/, `${view}: a message key shows`);
    assert.doesNotMatch(text, /我的档案|提出异议|申请信用修复|办理时限|查询记录|证明材料/, `${view}: Chinese page text in English`);
  }
  assert.match(await page.locator('#me-view-file').textContent(), /My file/);
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.locator('#sign-out').click();
  await page.waitForSelector('#subject-key');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('xy.me.key')), null);
});

test('no page error, no dialog, no content security policy violation', () => {
  assert.deepEqual(problems, []);
});
