// SPDX-License-Identifier: Apache-2.0
// Double publicity (双公示) in a real browser, on the demo city (tests/blackbox/e2e.sh): the listing
// newest first, a server filter and "load more" keep the rows the API gives, a row leads to its
// subject, the licence tab, and a department's page lists only that department. Photographed at
// 375 px and 1280 px into XY_E2E_SCREENS.
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
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let page;
const problems = [];

async function apiGet(path) {
  const r = await fetch(BASE + path);
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
});

const docNos = () => page.locator('table.board-table tbody tr td.col-doc').allInnerTexts();

test('the listing: penalties newest first, load more, a district filter, a row leads to its subject', async () => {
  await openChecked(page, `${BASE}/publicity.html`);
  await page.waitForSelector('table.board-table tbody tr');
  const api = await apiGet('/api/v1/records?class=penalty&limit=50');
  const shown = await docNos();
  assert.deepEqual(shown.map((s) => s.trim()), api.items.map((r) => r.doc_no));
  await screenshots(page, SCREENS, 'publicity');
  await page.click('button.load-more');
  await page.waitForFunction(() => document.querySelectorAll('table.board-table tbody tr').length > 50);
  const next = await apiGet(`/api/v1/records?class=penalty&limit=50&cursor=${api.next_cursor}`);
  assert.deepEqual((await docNos()).slice(50).map((s) => s.trim()), next.items.map((r) => r.doc_no));

  const hongshan = await apiGet('/api/v1/records?class=penalty&region=420111&limit=50');
  assert.ok(hongshan.items.length > 0);
  await page.selectOption('#p-district', '420111');
  await page.waitForFunction(
    (n) => document.querySelectorAll('table.board-table tbody tr').length === n && !document.querySelector('button.load-more[disabled]'),
    hongshan.items.length,
  );
  assert.deepEqual((await docNos()).map((s) => s.trim()), hongshan.items.map((r) => r.doc_no));
  const first = hongshan.items[0];
  await page.locator('table.board-table tbody tr').first().locator('a').first().click();
  await page.waitForSelector('body.ready');
  assert.match(page.url(), new RegExp(`/subject\\.html\\?id=${first._record.subject}$`));
  await page.waitForSelector('h1');
  assert.ok((await page.locator('h1').innerText()).includes(first.party_name));
});

test('licences, and a department page lists only that department', async () => {
  await openChecked(page, `${BASE}/publicity.html?class=license`);
  await page.waitForSelector('table.board-table tbody tr');
  const api = await apiGet('/api/v1/records?class=license&limit=50');
  assert.deepEqual((await docNos()).map((s) => s.trim()), api.items.map((r) => r.doc_no));
  await screenshots(page, SCREENS, 'publicity-license');
  const dept = (await apiGet('/api/v1/records?class=penalty&limit=1')).items[0]._record.dept_uscc;
  await openChecked(page, `${BASE}/dept.html?code=${dept}`);
  await page.waitForSelector('table.board-table tbody tr');
  const mine = await apiGet(`/api/v1/records?class=penalty&dept=${dept}&limit=50`);
  assert.deepEqual((await docNos()).map((s) => s.trim()), mine.items.map((r) => r.doc_no));
  assert.ok((await page.locator('h1').innerText()).length > 2);
  await screenshots(page, SCREENS, 'dept');
  assert.deepEqual(problems, []);
});
