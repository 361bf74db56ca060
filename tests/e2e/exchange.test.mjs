// SPDX-License-Identifier: Apache-2.0
// The console's 上报平台 view, in a real browser against `xinyong serve` with the demo data
// (tests/blackbox/e2e.sh adds two upper platforms that never answer: `hubei`, all classes, which the
// server's sender keeps failing to reach, and `national`, the penalty class alone, paused): the office
// sees each destination's state, backlog, last error and signing key as the API gives them, pauses
// one and resumes it (the API agrees each time), in both languages; axe finds nothing; photographs at
// 375 and 1280 px.
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
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';
const AXE = readFileSync(createRequire(join(MODULES, 'index.js')).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let page;
const problems = [];

async function dests() {
  const r = await fetch(`${BASE}/api/v1/admin/exchange/destinations`, { headers: { Authorization: `Bearer ${OFFICE_KEY}` } });
  assert.equal(r.status, 200);
  return Object.fromEntries((await r.json()).items.map((d) => [d.name, d]));
}

async function violations() {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const row = (name) => page.locator(`#exchange-dests tr[data-dest="${name}"]`);

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

test('the office sees each upper platform as the API gives it', async () => {
  // The sender has tried hubei at least once (it starts with the server): wait for its first error.
  let api;
  for (let i = 0; i < 100; i++) {
    api = await dests();
    if (api.hubei && api.hubei.last_error) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(api.hubei.last_error, 'the sender failed to reach hubei and said why');
  assert.equal(api.national.enabled, false);
  await openChecked(page, `${BASE}/console.html`);
  await page.locator('#api-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  await page.locator('#view-exchange').click();
  await page.waitForSelector('#exchange-dests');
  assert.equal(await row('hubei').locator('[data-state]').getAttribute('data-state'), 'failing');
  assert.equal(await row('hubei').locator('[data-state]').innerText(), '推送失败');
  assert.equal(await row('national').locator('[data-state]').getAttribute('data-state'), 'paused');
  // What the page shows is what the API says (the backlog may grow meanwhile only if data change: they do not).
  const view = await dests();
  for (const name of ['hubei', 'national']) {
    assert.equal((await row(name).locator('.exchange-backlog').innerText()).replace(/,/g, ''), String(view[name].backlog), `${name}'s backlog`);
    assert.ok((await row(name).innerText()).includes(view[name].public_key), `${name}'s public key is shown`);
  }
  assert.ok(view.hubei.backlog > 0, 'the demo data wait to be pushed');
  assert.ok((await row('hubei').locator('.exchange-error').innerText()).length > 5, 'the last error is shown');
  assert.ok((await row('national').innerText()).includes('行政处罚'), 'the classes pushed, by their names');
  assert.ok((await row('hubei').innerText()).includes('全部类别'));
  assert.deepEqual(await violations(), []);
  await screenshots(page, SCREENS, 'console-exchange');
});

test('pausing and resuming a destination, the API agreeing each time', async () => {
  await row('hubei').getByRole('button', { name: '暂停' }).click();
  await page.waitForSelector('#exchange-dests tr[data-dest="hubei"] [data-state="paused"]');
  assert.equal((await dests()).hubei.enabled, false);
  assert.ok((await page.locator('section[aria-labelledby="exchange-title"]').innerText()).includes('已暂停向 hubei 推送'), 'the pause is confirmed');
  await row('hubei').getByRole('button', { name: '恢复' }).click();
  await page.waitForSelector('#exchange-dests tr[data-dest="hubei"] [data-state]:not([data-state="paused"])');
  assert.equal((await dests()).hubei.enabled, true);
});

test('in English', async () => {
  await page.click('#lang-switch');
  await page.waitForFunction(() => /Upper platforms/.test(document.querySelector('#exchange-title')?.textContent ?? ''), null, { timeout: 10000 }).catch(() => {});
  assert.match(await page.locator('#exchange-title').innerText(), /Upper platforms/);
  assert.equal(await row('national').locator('[data-state]').innerText(), 'Paused');
  assert.deepEqual(await violations(), []);
  await screenshots(page, SCREENS, 'console-exchange-en');
  await page.click('#lang-switch');
  assert.deepEqual(problems, []);
});
