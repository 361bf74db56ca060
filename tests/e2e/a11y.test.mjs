// SPDX-License-Identifier: Apache-2.0
// Accessibility of every portal page, checked by axe-core (the rules of WCAG 2.1 A and AA it can test
// by machine) in Chromium, in Chinese and in English, at desktop and phone width: a public service
// must be usable with a screen reader and the keyboard. Each violation is reported with its rule, its
// impact and the elements that break it. axe is run through evaluate(), which the pages' CSP does not
// govern, so the pages keep their own CSP while being checked.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launch, openChecked, watch } from './browser.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (tests/blackbox/e2e.sh sets it)`);
  return v;
};
const BASE = env('XY_E2E_URL');
const MODULES = env('XY_E2E_MODULES');
const SCREENS = env('XY_E2E_SCREENS');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';
const requireModule = createRequire(join(MODULES, 'index.js'));
const AXE = readFileSync(requireModule.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = JSON.stringify(requireModule('axe-core/package.json').version);

let browser;
let context;
let page;
const problems = [];

async function apiGet(path) {
  const r = await fetch(BASE + path);
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

before(async () => {
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  watch(page, problems);
});

after(async () => {
  await browser?.close();
});

const results = []; // per page: rules passed, to review by hand, violated (axe-results.json beside the screenshots)

/** Runs axe on the page as it stands; returns its violations as lines people can read. */
async function violations(label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  if (label)
    results.push({
      page: label,
      passes: result.passes.map((r) => r.id),
      incomplete: result.incomplete.map((r) => ({ id: r.id, nodes: r.nodes.length })),
      violations: result.violations.map((r) => ({ id: r.id, impact: r.impact, nodes: r.nodes.map((n) => n.target.join(' ')) })),
    });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The portal's pages, with what makes each show its real content (a demo subject, a department). */
async function pages() {
  const records = await apiGet('/api/v1/records?class=penalty&limit=1');
  const row = records.items[0];
  assert.ok(row, 'the demo has a published penalty');
  const fragment = row.party_name.slice(0, 2);
  const article = (await apiGet('/api/v1/articles?limit=1')).items[0];
  assert.ok(article, 'the demo has a published article');
  return [
    ['/', '.stat'],
    [`/search.html?q=${encodeURIComponent(fragment)}`, 'main h1'],
    [`/subject.html?id=${row._record.subject}`, 'main h1'],
    ['/lists.html?type=red', 'main h1'],
    ['/lists.html?type=black', 'main h1'],
    ['/commitments.html', 'main h1'],
    ['/cases.html', 'main h1'],
    ['/check.html', 'main form'],
    ['/publicity.html', 'table.board-table tbody tr'],
    [`/dept.html?code=${row._record.dept_uscc}`, 'table.board-table tbody tr'],
    ['/me.html', 'main h1'],
    ['/apply.html', '#apply-form'],
    ['/activate.html', '#act-form'],
    ['/console.html', 'main h1'],
    ['/verify.html', 'main h1'],
    ['/articles.html', 'main h1'],
    [`/article.html?id=${article.id}`, 'main h1'],
    ['/dashboard.html', 'main h1'],
    ['/offline.html', '#offline-retry'],
  ];
}

test('no WCAG 2.1 A or AA violation axe can find, on any page, in either language, at either width', async () => {
  const found = [];
  for (const [path, ready] of await pages()) {
    for (const lang of ['zh-CN', 'en']) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await openChecked(page, `${BASE}${path}`);
      if (lang === 'en') {
        await page.click('#lang-switch');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await page.waitForSelector(ready).catch(() => undefined); // an empty list is a page too
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        for (const v of await violations(`${path} [${lang}, ${width} px]`)) found.push(`${path} [${lang}, ${width} px] ${v}`);
      }
      if (lang === 'en') {
        await page.click('#lang-switch'); // back to Chinese for the next page (the choice is remembered)
        await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      }
    }
  }
  writeFileSync(join(SCREENS, 'axe-results.json'), `${JSON.stringify({ axe: JSON.parse(AXE_VERSION), results }, null, 1)}\n`);
  assert.deepEqual(found, [], `accessibility violations:\n${found.join('\n')}`);
  assert.deepEqual(problems, []);
});

test('every control of every page is reached by the keyboard: Tab, and the arrow keys within a tab list', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const missed = [];
  for (const [path, ready] of await pages()) {
    await openChecked(page, `${BASE}${path}`);
    await page.waitForSelector(ready).catch(() => undefined);
    // Every visible, enabled control in the Tab order, numbered in document order. The tabs of a tab
    // list other than the selected one are left out here (tabindex -1: the arrow keys move between
    // them, as the ARIA tabs pattern has it; checked below).
    const total = await page.evaluate(() => {
      const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
      let n = 0;
      for (const el of document.querySelectorAll(sel)) {
        const hidden = el.disabled || el.getAttribute('tabindex') === '-1' || !el.checkVisibility({ visibilityProperty: true }) || el.closest('[inert]');
        if (!hidden) el.dataset.kb = String(n++);
      }
      return n;
    });
    const reached = new Set();
    await page.evaluate(() => document.activeElement?.blur());
    for (let i = 0; i < total + 10 && reached.size < total; i++) {
      await page.keyboard.press('Tab');
      const k = await page.evaluate(() => document.activeElement?.dataset?.kb ?? null);
      if (k !== null) reached.add(Number(k));
    }
    for (let k = 0; k < total; k++)
      if (!reached.has(k)) missed.push(`${path}: ${await page.evaluate((n) => document.querySelector(`[data-kb="${n}"]`).outerHTML.slice(0, 120), k)}`);
    // Each tab list: from its selected tab, the right arrow visits every tab and comes back round.
    for (const list of await page.locator('[role=tablist]').all()) {
      const tabs = await list.locator('[role=tab]').count();
      if (tabs < 2) continue;
      await list.locator('[role=tab][aria-selected=true]').focus();
      const seen = new Set();
      for (let i = 0; i < tabs; i++) {
        seen.add(await page.evaluate(() => document.activeElement.id));
        await page.keyboard.press('ArrowRight');
      }
      if (seen.size !== tabs) missed.push(`${path}: the arrow keys reach ${seen.size} of ${tabs} tabs`);
    }
  }
  assert.deepEqual(missed, [], `controls the keyboard never reaches:\n${missed.join('\n')}`);
});

test('the check itself finds what it is there to find (an image without a text, a field without a label)', async () => {
  await openChecked(page, `${BASE}/check.html`);
  assert.deepEqual(await violations(), []);
  await page.evaluate(() => {
    const main = document.getElementById('main');
    const img = document.createElement('img');
    img.src = '/img/logo.svg';
    const input = document.createElement('input');
    input.type = 'text';
    main.append(img, input);
  });
  const ids = (await violations()).map((v) => v.split(' ')[0]).sort();
  assert.deepEqual(ids, ['image-alt', 'label']);
});
