// SPDX-License-Identifier: Apache-2.0
// The console's countdown to the 22nd and the dashboard's pages for categories 8, 13, 14 and 15, in a
// real browser against `xinyong serve` with the demo data (tests/blackbox/e2e.sh gives the first
// department a catalogue owing its declaration and category 4, the second one owing its declaration,
// defines the configurable category and enters one figure of it): the office opens 报送进度 and sees
// the days left and the units the API lists as not reported; the first department enters its practice
// and leaves the list; each category page shows the month's city figures as the API gives them, the
// unconverted entities download as CSV; both languages, photographs at 375 and 1280 px.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const DEPT_KEY = env('XY_E2E_DEPT_KEY');
const SECOND = env('XY_E2E_SECOND_DEPT');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';
const AXE = readFileSync(createRequire(join(MODULES, 'index.js')).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let page;
const problems = [];

async function apiCall(path, key, opts = {}) {
  const r = await fetch(BASE + path, { ...opts, headers: { Authorization: `Bearer ${key}`, ...(opts.json ? { 'Content-Type': 'application/json' } : {}) }, body: opts.json ? JSON.stringify(opts.json) : undefined });
  assert.ok(r.status < 300, `${opts.method || 'GET'} ${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

async function frames() {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** axe-core's WCAG 2.1 A/AA violations of the page as it stands, as lines people can read. */
async function violations() {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The codes of the rows of a table of units. */
async function rowsOf(sel) {
  return page.locator(`${sel} tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.dataset.dept));
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

test('the office sees the countdown and who has not reported', async () => {
  const api = await apiCall('/api/v1/monitoring/pending', OFFICE_KEY);
  const me = await apiCall('/api/v1/me', DEPT_KEY);
  assert.ok(api.units.some((u) => u.dept === me.dept && u.status === 'pending'), 'the first department owes the month before');
  await openChecked(page, `${BASE}/console.html`);
  await page.locator('#api-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  await page.locator('#view-pending').click();
  await page.waitForSelector('#pending-countdown');
  const days = await page.locator('#pending-countdown .pending-days').innerText();
  assert.ok(days.includes(String(Math.abs(api.days_left))), `"${days}" says ${api.days_left} days`);
  assert.ok((await page.locator('#pending-countdown').innerText()).includes(api.due));
  assert.equal(await page.locator('#pending-count').innerText(), String(api.counts.pending));
  assert.deepEqual(await rowsOf('#pending-list'), api.units.filter((u) => u.status === 'pending').map((u) => u.dept));
  assert.deepEqual(await violations(), [], 'the countdown passes axe');
  await screenshots(page, SCREENS, 'console-pending');
});

test('this month: the first department owes its practice, enters it and is in', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const api = await apiCall('/api/v1/monitoring/pending', OFFICE_KEY);
  const month = api.today.slice(0, 7);
  const me = await apiCall('/api/v1/me', DEPT_KEY);
  await page.locator('#pending-month').selectOption(month);
  await page.waitForSelector(`#pending-countdown[data-month="${month}"]`);
  const row = page.locator(`#pending-list tr[data-dept="${me.dept}"]`);
  assert.match(await row.locator('.pending-owes').innerText(), /4 联合奖惩创新做法/);
  assert.equal(await page.locator(`#pending-list tr[data-dept="${SECOND}"]`).count(), 0, 'the second declared this month');
  assert.equal(await page.locator(`#pending-done tr[data-dept="${SECOND}"]`).count(), 1);
  await apiCall(`/api/v1/monitoring/entries/${month}`, DEPT_KEY, { method: 'PUT', json: { category: 4, item: '信用+网格', text: '网格员上门核实失信主体整改情况。' } });
  // the view asks again when the month is chosen again
  await page.locator('#pending-month').selectOption(api.month);
  await page.waitForSelector(`#pending-countdown[data-month="${api.month}"]`);
  await page.locator('#pending-month').selectOption(month);
  await page.waitForSelector(`#pending-done tr[data-dept="${me.dept}"]`);
  assert.equal(await page.locator(`#pending-list tr[data-dept="${me.dept}"]`).count(), 0);
  await screenshots(page, SCREENS, 'console-pending-month');
  await page.click('#lang-switch');
  await page.waitForSelector('#view-pending');
  await page.locator('#view-pending').click();
  await page.waitForSelector('#pending-countdown');
  assert.match(await page.locator('#pending-title').innerText(), /who has reported/);
  assert.match(await page.locator('#pending-countdown').innerText(), /days (left|past)/);
  await screenshots(page, SCREENS, 'console-pending-en');
  await page.click('#lang-switch');
});

/** Opens the dashboard on category no and waits for its page. */
async function openCategory(no, signIn) {
  await page.setViewportSize({ width: 1280, height: 900 });
  if (signIn) {
    // the console's key stays in this tab's session: signed in already
    await openChecked(page, `${BASE}/dashboard.html?cat=${no}`);
    await page.waitForSelector('#monthcat-title, #api-key');
    if (await page.locator('#api-key').count()) {
      await page.fill('#api-key', OFFICE_KEY);
      await page.click('form.signin button[type=submit]');
    }
  } else {
    await page.locator('#dash-cat').selectOption(String(no));
  }
  await page.waitForSelector('#monthcat-title');
  assert.match(await page.locator('#monthcat-title').innerText(), new RegExp(`^${no} `));
}

test('category 8: the city figures are the month\'s, and a department\'s unconverted entities download', async () => {
  await openCategory(8, true);
  const month = await page.locator('#dash-month').inputValue();
  const doc = await apiCall(`/api/v1/monitoring/months/${month}`, OFFICE_KEY);
  const cat = doc.categories.find((c) => c.no === 8);
  const city = await page.locator('#monthcat-city').innerText();
  assert.ok(cat.city.old_codes > 0, 'the demo has a conversion register');
  assert.ok(city.includes(`${(cat.city.conversion_rate * 100).toFixed(2)}%`), `${city} has the conversion rate`);
  assert.ok(city.includes(`${(cat.city.bad_code_rate * 100).toFixed(4)}%`), `${city} has the bad code rate`);
  assert.equal(await page.locator('#monthcat-depts tbody tr').count(), cat.rows.length);
  await page.waitForSelector('#catChart canvas');
  const button = page.locator('.monthcat-download').first();
  const dept = await button.getAttribute('data-dept');
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(dl.suggestedFilename(), `unconverted-${dept}.csv`);
  const csv = readFileSync(await dl.path(), 'utf8');
  const want = await (await fetch(`${BASE}/api/v1/monitoring/conversion?format=csv&dept=${dept}`, { headers: { Authorization: `Bearer ${OFFICE_KEY}` } })).text();
  assert.equal(csv, want, 'the file is the API\'s list');
  assert.ok(csv.split('\n').filter(Boolean).length > 1, 'it lists entities');
  await frames();
  assert.deepEqual(await violations(), [], 'category 8 passes axe');
  await screenshots(page, SCREENS, 'dashboard-cat8');
});

test('categories 13, 14 and 15 in both languages', async () => {
  const month = await page.locator('#dash-month').inputValue();
  const doc = await apiCall(`/api/v1/monitoring/months/${month}`, OFFICE_KEY);
  for (const no of [13, 14, 15]) {
    await openCategory(no, false);
    const cat = doc.categories.find((c) => c.no === no);
    assert.equal(await page.locator('#monthcat-depts tbody tr').count(), cat.rows.length, `category ${no}: rows`);
    if (no === 13) {
      assert.equal(await page.locator('#monthcat-entries tbody tr').count(), doc.entries.filter((e) => e.category === 13).length);
      assert.ok((await page.locator('#monthcat-entries').innerText()).includes('告知承诺书'));
    }
    if (no === 14) assert.ok(cat.rows.length > 0, 'the catalogues make periods due');
    if (cat.rows.length) await page.waitForSelector('#catChart canvas');
    await frames();
    assert.deepEqual(await violations(), [], `category ${no} passes axe`);
    await screenshots(page, SCREENS, `dashboard-cat${no}`);
  }
  await page.click('#lang-switch');
  await page.waitForSelector('#monthcat-title');
  for (const no of [8, 13, 14, 15]) {
    await openCategory(no, false);
    const cat = doc.categories.find((c) => c.no === no);
    assert.ok((await page.locator('#monthcat-title').innerText()).toLowerCase().includes(cat.name_en.toLowerCase()), `category ${no} titled in English`);
    await frames();
    await screenshots(page, SCREENS, `dashboard-cat${no}-en`);
  }
  await page.click('#lang-switch');
  assert.deepEqual(problems, []);
});
