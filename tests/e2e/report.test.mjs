// SPDX-License-Identifier: Apache-2.0
// Credit reports in a real browser, against `xinyong serve` with the demo data (tests/blackbox/e2e.sh):
// the subject page's 下载信用报告 saves the public edition; 我的信用 gives the signed-in subject its
// authorised edition, with its purpose and its non-public arrears; the console issues one at the
// counter for a walk-in applicant; the verification page that every page's QR code leads to finds
// the number, accepts the genuine file, refuses the same file with one byte changed and says when a
// number was never issued. Pages are photographed, and the reports' first two pages rendered to PNG
// (pdftoppm) beside the screenshots.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
const WORK = env('XY_E2E_WORK');
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const SUBJECT_KEY = env('XY_E2E_SUBJECT_KEY');
const SUBJECT_CODE = env('XY_E2E_SUBJECT_CODE');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let context;
let page;
const problems = [];
const S = {};

const open = (path) => openChecked(page, BASE + path);
const shots = (name) => screenshots(page, SCREENS, name);
/** The PDF's text, white space removed. */
const text = (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString().replace(/\s/g, '');
/** The report number: the PDF's Subject entry, and what its pages say. */
const numberOf = (path) => /Subject:\s*(4201[0-9]{14})/.exec(execFileSync('pdfinfo', [path]).toString())[1];
/** The first two pages as PNG, beside the screenshots, for people to look at. */
const render = (path, name) => execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', path, join(SCREENS, name)]);

/** Clicks what starts a download and saves it under WORK/name. */
async function download(name, click) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), click()]);
  const path = join(WORK, name);
  await dl.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-', `${name} is a PDF`);
  return path;
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('the subject page downloads the public edition of its credit report', async () => {
  await open(`/subject.html?id=${SUBJECT_CODE}`);
  await page.waitForSelector('#report-download');
  await shots('report-subject');
  S.public = await download('public.pdf', () => page.locator('#report-download').click());
  const t = text(S.public);
  for (const s of ['公共信用信息报告', '公开版', SUBJECT_CODE, '一、基础信息', '七、其他信息']) assert.ok(t.includes(s), `the public edition shows ${s}`);
  assert.ok(!t.includes('武税欠〔2026〕0001号'), 'the arrears are not in the public edition');
  S.number = numberOf(S.public);
  assert.ok(t.includes(`报告编号：${S.number}`));
  render(S.public, 'report-public');
});

test('我的信用 gives the subject its authorised report', async () => {
  await open('/me.html');
  await page.locator('#subject-key').fill(SUBJECT_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('#my-report-form');
  await page.locator('#my-report-purpose').fill('申请银行贷款');
  await shots('report-me');
  const mine = await download('mine.pdf', () => page.locator('#my-report-issue').click());
  await page.waitForSelector('#my-report-status .notice-ok');
  const t = text(mine);
  for (const s of ['授权版', '查询用途申请银行贷款', '信用主体本人', '武税欠〔2026〕0001号']) assert.ok(t.includes(s), `the authorised edition shows ${s}`);
  render(mine, 'report-authorised');
  const access = await (await fetch(`${BASE}/api/v1/me/access`, { headers: { Authorization: `Bearer ${SUBJECT_KEY}` } })).json();
  assert.ok(access.items.some((a) => a.purpose === '信用报告：申请银行贷款' && a.object === `report/${numberOf(mine)}`), 'the report is in the access history');
  await page.locator('#sign-out').click();
});

test('the console issues an authorised report at the counter', async () => {
  await open('/console.html');
  await page.locator('#api-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  await page.locator('#view-report').click();
  await page.waitForSelector('#counter-report-form');
  await page.locator('#counter-report-issue').click();
  await page.waitForSelector('#counter-report-status .notice-error'); // the fields are required
  await page.locator('#counter-report-subject').fill(SUBJECT_CODE);
  await page.locator('#counter-report-applicant').fill('张三（代理人）');
  await page.locator('#counter-report-purpose').fill('参加政府采购');
  await shots('report-console');
  const counter = await download('counter.pdf', () => page.locator('#counter-report-issue').click());
  const t = text(counter);
  assert.ok(t.includes('张三（代理人）（窗口申请人）') && t.includes('查询用途参加政府采购'), 'applicant and purpose printed');
  await page.locator('#sign-out').click();
});

test('the verification page: the genuine file, a forged one, a number never issued', async () => {
  await open(`/verify.html?number=${S.number}`);
  await page.waitForSelector('#verify-entry');
  const entry = await page.locator('#verify-entry').textContent();
  assert.ok(entry.includes(S.number) && entry.includes('公开版'), entry);
  assert.ok(!entry.includes(SUBJECT_CODE), 'the code is masked');
  await page.locator('#verify-file').setInputFiles(S.public);
  await page.waitForSelector('#verify-result .notice-ok');
  assert.match(await page.locator('#verify-result').textContent(), /真实有效/);
  await shots('verify-genuine');
  const forged = Buffer.from(readFileSync(S.public));
  forged[Math.floor(forged.length / 2)] ^= 0x01;
  const forgedPath = join(WORK, 'forged.pdf');
  writeFileSync(forgedPath, forged);
  await page.locator('#verify-file').setInputFiles(forgedPath);
  await page.waitForSelector('#verify-result .notice-error');
  assert.match(await page.locator('#verify-result').textContent(), /不一致/);
  await shots('verify-forged');
  await open('/verify.html?number=420120991231999999');
  await page.waitForSelector('#verify-error');
  assert.match(await page.locator('#verify-error').textContent(), /从未出具/);
  assert.deepEqual(problems, []);
});
