// SPDX-License-Identifier: Apache-2.0
// Articles and repair training in a real browser, on the demo city (tests/blackbox/e2e.sh; make-demo
// publishes examples/articles: a policy, a news item, a case study and a course): the home page's
// latest articles, the list by kind and a two-character Chinese search, an article's page with its
// text rebuilt safely, English through the language switch; then a black-listed company on 我的信用
// takes the course, fails, passes, gets a certificate the public route verifies, and files a repair
// of its black-list entry that shows the certificate; the office sees the coverage in the console as
// the API gives it. Photographed at 375 px and 1280 px into XY_E2E_SCREENS.
import assert from 'node:assert/strict';
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
const TRAIN_KEY = env('XY_E2E_TRAIN_KEY'); // a subject key of a company with a black-list entry in force
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let page;
const problems = [];

async function apiGet(path, key) {
  const r = await fetch(BASE + path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

before(async () => {
  let context;
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  watch(page, problems);
});

after(async () => {
  await browser?.close();
  assert.deepEqual(problems, []);
});

const titles = () => page.locator('.article-list .article-item-title').allInnerTexts();

test('home and the list: the latest articles, kinds, a two-character search', async () => {
  const all = await apiGet('/api/v1/articles');
  assert.equal(all.items.length, 4, 'the demo publishes four articles');
  await openChecked(page, `${BASE}/`);
  await page.waitForSelector('#latest-list li');
  assert.deepEqual(
    (await page.locator('#latest-list li a').allInnerTexts()).map((s) => s.trim()),
    all.items.map((a) => a.title),
  );
  await page.locator('#latest-more').click();
  await page.waitForSelector('.article-list');
  assert.equal(await page.locator('.nav-list a[aria-current="page"]').textContent(), '政策动态');
  assert.deepEqual(await titles(), all.items.map((a) => a.title));
  await screenshots(page, SCREENS, 'articles');

  await page.locator('.board-nav a[data-kind="policy"]').click();
  await page.waitForFunction(() => document.querySelectorAll('.article-list .article-item').length === 1);
  assert.deepEqual(await titles(), ['《信用修复管理办法》解读']);
  assert.match(page.url(), /\?kind=policy$/);

  // 培训: in the news item's and the course's text, not in the policy's title; asked of the server.
  await page.locator('.board-nav a[data-kind="all"]').click();
  await page.waitForFunction(() => document.querySelectorAll('.article-list .article-item').length === 4);
  await page.locator('#article-q').fill('培训');
  await page.getByRole('button', { name: '检索' }).click();
  const found = await apiGet(`/api/v1/articles?q=${encodeURIComponent('培训')}`);
  assert.ok(found.items.length >= 2 && found.items.length < 4, `培训 finds ${found.items.length}`);
  await page.waitForFunction((n) => document.querySelectorAll('.article-list .article-item').length === n, found.items.length);
  assert.deepEqual(await titles(), found.items.map((a) => a.title));
  assert.match(page.url(), /q=%E5%9F%B9%E8%AE%AD/);
  await screenshots(page, SCREENS, 'articles-search');
  await page.locator('#article-q').fill('没有这样的文章');
  await page.getByRole('button', { name: '检索' }).click();
  await page.waitForSelector('.articles-box .notice-info');
});

test('an article: its text, safe, and in English', async () => {
  const policy = (await apiGet('/api/v1/articles?kind=policy')).items[0];
  await openChecked(page, `${BASE}/article.html?id=${policy.id}`);
  assert.equal((await page.locator('h1').innerText()).trim(), policy.title);
  await page.waitForSelector('#article-body li');
  assert.ok((await page.locator('#article-body').innerText()).includes('终止公示'));
  // The Markdown's headings sit below the page's title; nothing but allowed elements made it in.
  assert.equal(await page.locator('#article-body h1').count(), 0);
  assert.ok((await page.locator('#article-body h3').count()) >= 2);
  assert.equal(await page.locator('#article-body script, #article-body img, #article-body [style]').count(), 0);
  await screenshots(page, SCREENS, 'article');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.ok((await page.locator('.article-meta .badge').innerText()).includes('Policies and laws'));
  await screenshots(page, SCREENS, 'article-en');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await openChecked(page, `${BASE}/article.html?id=999999`);
  await page.waitForSelector('.notice-error');
  assert.match(await page.locator('.notice-error').innerText(), /没有这篇文章/);
});

test('training on 我的信用: fail, pass, a certificate, and a black-list repair that shows it', async () => {
  const course = (await apiGet('/api/v1/articles?kind=course')).items[0];
  const before = await apiGet('/api/v1/admin/training/coverage', OFFICE_KEY);
  const mine = await apiGet('/api/v1/me/records', TRAIN_KEY);
  const today = (await apiGet('/api/v1/stats')).as_of;
  const entry = (mine.records.black_list || []).find((r) => r._record.status === 'published' && r._record.repair_from <= today);
  assert.ok(entry, 'the company has a published black-list entry that may be repaired now');
  // Before training, its repair is refused, saying why.
  const early = await fetch(`${BASE}/api/v1/repairs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TRAIN_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ record: entry._record.id, commitment: '承诺', signer: '法定代表人' }),
  });
  assert.equal(early.status, 409);
  assert.match((await early.json()).detail, /信用修复培训/);

  await openChecked(page, `${BASE}/article.html?id=${course.id}`);
  await page.locator('#take-course').click();
  await page.waitForSelector('#subject-key');
  await page.locator('#subject-key').fill(TRAIN_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('#training-title');
  assert.equal(await page.locator('#me-view-training').getAttribute('aria-current'), 'page');
  await page.waitForSelector('#training-no-cert');
  await page.locator(`#course-${course.id}`).click();
  await page.waitForSelector('#quiz-form');
  const n = await page.locator('.quiz-q').count();
  assert.equal(n, 3);
  assert.ok((await page.locator('.course-material').innerText()).includes('信用修复'));
  // Unanswered: said at once, nothing sent.
  await page.locator('#quiz-submit').click();
  await page.waitForSelector('#quiz-error');
  await screenshots(page, SCREENS, 'training-course');
  // Every answer the first choice: 1 of 3 right (examples/articles/course-repair-basics.quiz.json).
  for (let i = 0; i < n; i++) await page.locator(`#q-${i}-0`).check();
  await page.locator('#quiz-submit').click();
  await page.waitForSelector('#training-result.notice-warn');
  assert.match(await page.locator('#training-result').innerText(), /测验未通过[\s\S]*答对 1 题，共 3 题/);
  await screenshots(page, SCREENS, 'training-failed');
  await page.locator('#training-again').click();
  await page.waitForSelector('#quiz-form');
  for (const [i, c] of [1, 0, 1].entries()) await page.locator(`#q-${i}-${c}`).check();
  await page.locator('#quiz-submit').click();
  await page.waitForSelector('#training-result.notice-ok');
  const no = (await page.locator('#training-cert-no').innerText()).trim();
  assert.match(no, /^XF\d{8}-[0-9A-F]{8}$/);
  await page.waitForSelector('#training-certs .cert-no');
  assert.equal((await page.locator('#training-certs .cert-no').first().innerText()).trim(), no);
  await screenshots(page, SCREENS, 'training-passed');

  const cert = await apiGet(`/api/v1/training/certificates/${no}`);
  assert.deepEqual(Object.keys(cert).sort(), ['course', 'date', 'number', 'subject']);
  assert.equal(cert.subject, mine.subject.name);
  assert.equal(cert.course, course.title);

  // The repair of the black-list entry now goes in from 我的档案, and its page shows the certificate.
  await page.locator('#me-view-file').click();
  await page.locator(`#repair-${entry._record.id}`).click();
  await page.locator('#claim-signer').fill('法定代表人');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/repairs')), page.locator('#claim-submit').click()]);
  const claim = await resp.json();
  assert.equal(resp.status(), 201, JSON.stringify(claim));
  assert.equal(claim.training.completed, true);
  await page.waitForSelector('#claim-detail .claim-training');
  assert.ok((await page.locator('#claim-detail .claim-training').innerText()).includes(no));
  await screenshots(page, SCREENS, 'training-claim');

  // The office's coverage: one more trained company on the lists, as the API counts it.
  const now = await apiGet('/api/v1/admin/training/coverage', OFFICE_KEY);
  assert.equal(now.listed, before.listed);
  assert.equal(now.trained, before.trained + 1);
  await openChecked(page, `${BASE}/console.html`);
  await page.locator('#api-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  await page.locator('#view-coverage').click();
  await page.waitForSelector('#coverage-rate');
  assert.equal((await page.locator('#coverage-listed').innerText()).replace(/,/g, ''), String(now.listed));
  assert.equal((await page.locator('#coverage-trained').innerText()).replace(/,/g, ''), String(now.trained));
  assert.ok((await page.locator('#coverage-rate').innerText()).includes(`${now.rate}%`));
  await screenshots(page, SCREENS, 'console-coverage');
});

test('console: the office writes an article in Markdown, publishes it, attaches a file and withdraws it', async () => {
  // Signed in as the office by the test before.
  await page.locator('#view-articles').click();
  await page.waitForSelector('#art-table tbody tr');
  await page.locator('#art-kind').selectOption('news');
  await page.locator('#art-title').fill('测试动态：合众商贸完成信用修复');
  await page.locator('#art-body').fill('## 经过\n\n<script>alert(1)</script>\n\n公司**按期整改**，[详情](javascript:alert(2))。');
  await page.locator('#art-save').click();
  await page.waitForSelector('#art-message');
  const id = Number((await page.locator('#art-message').innerText()).match(/\d+/)[0]);
  assert.equal((await page.locator(`#art-table tr[data-article="${id}"] .badge`).innerText()).trim(), '草稿');
  let r = await fetch(`${BASE}/api/v1/articles/${id}`);
  assert.equal(r.status, 404, 'a draft is not public');
  await page.locator(`#art-publish-${id}`).click();
  await page.waitForFunction((i) => document.querySelector(`#art-table tr[data-article="${i}"] .badge`)?.textContent === '已发布', id);
  await page.setInputFiles('#art-file', { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% test\n') });
  await page.waitForSelector('#art-file-list li');
  await screenshots(page, SCREENS, 'console-articles');

  const found = await apiGet(`/api/v1/articles?q=${encodeURIComponent('合众')}`);
  assert.deepEqual(found.items.map((a) => a.id), [id]);
  await openChecked(page, `${BASE}/article.html?id=${id}`);
  await page.waitForSelector('#article-body strong');
  assert.equal(await page.locator('#article-body script').count(), 0);
  assert.equal(await page.locator('#article-body a').count(), 0, 'the javascript: link is text');
  assert.equal(await page.locator('.article-file').count(), 1);
  const dl = await fetch(`${BASE}/api/v1/articles/${id}/files/1`);
  assert.equal(dl.status, 200);
  assert.match(dl.headers.get('content-disposition'), /^attachment; filename="article-\d+-1\.pdf"; filename\*=UTF-8''/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');

  await openChecked(page, `${BASE}/console.html`);
  await page.locator('#view-articles').click();
  await page.locator(`#art-withdraw-${id}`).click();
  await page.waitForFunction((i) => document.querySelector(`#art-table tr[data-article="${i}"] .badge`)?.textContent === '已撤下', id);
  r = await fetch(`${BASE}/api/v1/articles/${id}`);
  assert.equal(r.status, 404, 'a withdrawn article is not public');
});
