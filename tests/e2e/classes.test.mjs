// SPDX-License-Identifier: Apache-2.0
// The work plan's further classes on the portal's subject page, on the demo city
// (tests/blackbox/e2e.sh): a subject with records of some of them gets exactly those tabs (and none
// of the others), each card showing the class's fields, ID numbers masked; a government body's
// 政务诚信 tab shows its events' rectification and the rate; English via the language switch.
// Photographed at 375 px and 1280 px into XY_E2E_SCREENS.
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
const MORE = ['defaulter', 'gov_integrity', 'inspection', 'enforcement', 'confirmation', 'admin_reward', 'honour'];
const ID_RE = /[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]/;

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

/** The tabs of the subject page, by class. */
const tabClasses = () => page.locator('.tabs [role=tab]').evaluateAll((bs) => bs.map((b) => b.dataset.cls));

test('a judgment defaulter: a tab for each further class it has records of, and only those', async () => {
  const { items } = await apiGet('/api/v1/records?class=defaulter&limit=100');
  assert.ok(items.length > 0, 'the demo has published defaulters');
  const defaulter = items[0]._record.subject;
  const { items: inspected } = await apiGet('/api/v1/records?class=enforcement&limit=100');
  // the subject with the most further classes (the demo company has three)
  let best = null;
  for (const r of inspected) {
    const s = await apiGet(`/api/v1/subjects/${encodeURIComponent(r._record.subject)}`);
    const have = MORE.filter((c) => (s.records[c] || []).length);
    if (!best || have.length > best.have.length) best = { id: r._record.subject, s, have };
  }
  assert.ok(best.have.length >= 3, `a subject with several further classes: ${best.have}`);
  await openChecked(page, `${BASE}/subject.html?id=${encodeURIComponent(best.id)}`);
  await page.waitForSelector('.tabs [role=tab]');
  const tabs = await tabClasses();
  assert.deepEqual(tabs.filter((c) => MORE.includes(c)), best.have, 'the further tabs are the classes it has');
  assert.ok(tabs.includes('license') && tabs.includes('penalty'), 'the standard tabs stay');
  for (const c of best.have) {
    await page.locator(`#tab-${c}`).click();
    const panel = page.locator(`#panel-${c}`);
    await panel.waitFor({ state: 'visible' });
    assert.equal(await panel.locator('article.record').count(), best.s.records[c].length, `${c}: one card a record`);
    assert.equal(await panel.locator('.local-definition').count(), 1, `${c}: the local-definition note`);
    const text = await panel.innerText();
    assert.ok(!ID_RE.test(text), `${c}: no plain ID number`);
  }
  await page.locator(`#tab-${best.have[best.have.length - 1]}`).click();
  await screenshots(page, SCREENS, 'classes-more');

  // a listed defaulter: its tab, badge and the court's fields
  await openChecked(page, `${BASE}/subject.html?id=${encodeURIComponent(defaulter)}#defaulter`);
  await page.waitForSelector('#panel-defaulter');
  assert.equal(await page.locator('.badge', { hasText: '失信被执行人' }).count(), 1, 'the defaulter badge');
  const text = await page.locator('#panel-defaulter').innerText();
  assert.match(text, /案号/);
  assert.match(text, /失信被执行人行为具体情形/);
  assert.match(text, /武汉市中级人民法院/);
  assert.ok(!ID_RE.test(text), 'defaulter: no plain ID number');
  await screenshots(page, SCREENS, 'classes-defaulter');

  // English: the tab names from the message catalogue
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#tab-defaulter');
  assert.match(await page.locator('#tab-defaulter').innerText(), /Judgment defaulters/);
  await page.locator('#tab-defaulter').click();
  assert.match(await page.locator('#panel-defaulter').innerText(), /Case no\./);
  await screenshots(page, SCREENS, 'classes-defaulter-en');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
});

test('a government body: its 政务诚信 events with their rectification and the rate', async () => {
  const { items } = await apiGet('/api/v1/records?class=gov_integrity&limit=100');
  assert.ok(items.length > 0, 'the demo has government integrity events');
  const id = items.find((r) => r.rectification !== '1')?._record.subject || items[0]._record.subject;
  const s = await apiGet(`/api/v1/subjects/${encodeURIComponent(id)}`);
  assert.match(s.subject.uscc, /^1/, 'a body registered by an establishment office');
  const events = s.records.gov_integrity;
  const done = events.filter((r) => r.rectification === '1').length;
  await openChecked(page, `${BASE}/subject.html?id=${encodeURIComponent(id)}#gov_integrity`);
  await page.waitForSelector('#panel-gov_integrity');
  const tabs = await tabClasses();
  assert.ok(tabs.includes('gov_integrity'));
  assert.ok(!tabs.includes('defaulter'), 'no tab for a class it has no records of');
  const panel = page.locator('#panel-gov_integrity');
  assert.equal(await panel.locator('article.record').count(), events.length);
  assert.equal(await panel.locator('.badge-rectification').count(), events.length, 'each event shows its rectification');
  const bp = Math.floor((2 * done * 10000 + events.length) / (2 * events.length));
  const rate = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
  assert.match(await panel.locator('.integrity-rate').innerText(), new RegExp(`已整改 ${done} 件，共 ${events.length} 件，整改率 ${rate.replace('.', '\\.')}%`));
  await screenshots(page, SCREENS, 'classes-gov-integrity');
});

test('a subject with none of them: no further tab', async () => {
  const { items } = await apiGet('/api/v1/records?class=license&limit=50');
  for (const r of items) {
    const s = await apiGet(`/api/v1/subjects/${encodeURIComponent(r._record.subject)}`);
    if (MORE.some((c) => (s.records[c] || []).length)) continue;
    await openChecked(page, `${BASE}/subject.html?id=${encodeURIComponent(r._record.subject)}`);
    await page.waitForSelector('.tabs [role=tab]');
    assert.deepEqual((await tabClasses()).filter((c) => MORE.includes(c)), []);
    return;
  }
  assert.fail('every licensed subject has a further class');
});

test('no page problems', () => {
  assert.deepEqual(problems, []);
});
