// SPDX-License-Identifier: Apache-2.0
// The monitoring dashboards (web/dashboard.html) in a real browser against `xinyong serve` with the
// demo data, its departments placed in districts and the aggregates refreshed (tests/blackbox/e2e.sh):
// the office signs in; the trend, the ranking and the map of Wuhan's districts are drawn by ECharts
// (canvases with pixels painted); the ranking's first department is the API's; a click on a department
// lists the records behind its rate, as many as the API gives; the page in English; photographs at
// 375 and 1280 px.
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
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let page;
const problems = [];

async function apiGet(path) {
  const r = await fetch(BASE + path, { headers: { Authorization: `Bearer ${OFFICE_KEY}` } });
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

/** How many pixels of a chart's canvas are painted (not transparent). */
async function painted(id) {
  return page.evaluate((sel) => {
    const c = document.querySelector(`#${sel} canvas`);
    if (!c || !c.width || !c.height) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }, id);
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  const l = await launch(MODULES, CHROMIUM);
  browser = l.browser;
  page = await l.context.newPage();
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('the office signs in and the charts are drawn', async () => {
  await openChecked(page, `${BASE}/dashboard.html`);
  await page.fill('#api-key', OFFICE_KEY);
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('#trend canvas');
  await page.waitForSelector('#ranking canvas');
  await page.waitForSelector('#districtMap canvas');
  // ECharts paints after a frame
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  for (const id of ['trend', 'ranking', 'districtMap']) {
    const n = await painted(id);
    assert.ok(n > 2000, `${id}: only ${n} pixels painted`);
  }
  assert.ok(await page.evaluate(() => !!globalThis.echarts.getMap('武汉')), 'the map of Wuhan is registered');
  await screenshots(page, SCREENS, 'dashboard');
});

test('the ranking is the API\'s, and a department leads to the records behind its rate', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const ranks = await apiGet('/api/v1/monitoring/dashboard/rankings?by=publicity_rate');
  assert.ok(ranks.departments.length >= 1, 'the demo has ranked departments');
  const first = ranks.departments[0];
  const cell = page.locator('.dash-table tbody tr').first().locator('td').nth(1);
  assert.equal((await cell.textContent()).trim(), first.name || first.dept);
  // the department with most late submissions
  const byLate = [...ranks.departments].sort((a, b) => b.values.late - a.values.late)[0];
  assert.ok(byLate.values.late > 0, 'the demo has late submissions');
  const late = await apiGet(`/api/v1/monitoring/dashboard/drill?dept=${byLate.dept}&kind=late&class=penalty&limit=50`);
  await page.locator('.dash-table tbody button', { hasText: byLate.name || byLate.dept }).first().click();
  await page.waitForSelector('#drill-title');
  const rows = await page.locator('#drill table tbody tr').count();
  assert.equal(rows, late.items.length, 'the records the API gives for its penalties');
  if (late.items.length) {
    const doc = await page.locator('#drill table tbody tr').first().locator('td').nth(1).textContent();
    assert.equal(doc, late.items[0].doc_no);
  }
  await screenshots(page, SCREENS, 'dashboard-drill');
});

test('in English', async () => {
  await page.click('#lang-switch');
  // The switch draws the page again: wait for the heading to change (the charts of the Chinese page
  // may still be there when the click returns), then for the charts.
  await page.waitForFunction(() => /Monitoring dashboards/.test(document.querySelector('h1')?.textContent ?? ''),
    null, { timeout: 10000 }).catch(() => {});
  await page.waitForSelector('#trend canvas');
  assert.match(await page.locator('h1').first().textContent(), /Monitoring dashboards/);
  await screenshots(page, SCREENS, 'dashboard-en');
  await page.click('#lang-switch');
  assert.deepEqual(problems, []);
});
