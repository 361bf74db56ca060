// SPDX-License-Identifier: Apache-2.0
// The portal as an installed app on a phone (the work plan's app channel): the manifest and its icons
// as Chromium reads them (no installability errors), the service worker installed and in control, a
// page visited before shown again without a network, the offline page for one never visited, and no
// credit data ever answered from the worker's cache. Photographs at 375 px.
import assert from 'node:assert/strict';
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
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let context;
let page;
const problems = [];

before(async () => {
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  watch(page, problems);
  await page.setViewportSize({ width: 375, height: 812 });
});

after(async () => {
  await browser?.close();
});

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], sig, 'a PNG signature');
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return `${v.getUint32(16)}x${v.getUint32(20)}`;
}

test('the manifest: served as a manifest, names, start and scope, icons of the sizes it says', async () => {
  const r = await fetch(`${BASE}/manifest.webmanifest`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/manifest+json');
  const m = await r.json();
  assert.equal(m.short_name, '信用武汉');
  assert.equal(m.lang, 'zh-CN');
  assert.equal(m.start_url, '/');
  assert.equal(m.scope, '/');
  assert.equal(m.display, 'standalone');
  const purposes = new Set();
  for (const icon of m.icons) {
    const got = await fetch(BASE + icon.src);
    assert.equal(got.status, 200, icon.src);
    assert.equal(got.headers.get('content-type'), icon.type, icon.src);
    if (icon.type === 'image/png') {
      assert.equal(pngSize(new Uint8Array(await got.arrayBuffer())), icon.sizes, icon.src);
      purposes.add(`${icon.purpose}:${icon.sizes}`);
    }
  }
  for (const want of ['any:192x192', 'any:512x512', 'maskable:512x512']) assert.ok(purposes.has(want), `an icon ${want}`);
  for (const s of m.shortcuts) assert.equal((await fetch(BASE + s.url)).status, 200, s.url);
});

test('Chromium finds the portal installable and the service worker takes control', async () => {
  await openChecked(page, `${BASE}/`);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], 'manifest parse errors');
  assert.match(manifest.url, /\/manifest\.webmanifest$/);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${BASE}/`);
  // clients.claim(): the page that installed the worker is controlled without a reload.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito profiles, where Chromium installs nothing: that one reason is
  // the test's, any other is the portal's.
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), [], 'installability errors');
  const shell = await page.evaluate(async () => {
    const c = await caches.open('xinyong-shell-v1');
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  for (const p of ['/offline.html', '/css/site.css', '/js/layout.js', '/i18n/zh.json']) assert.ok(shell.includes(p), `${p} precached`);
  await cdp.detach();
});

test('offline: a page seen before comes back, another gets the offline page, credit data never from the cache', async () => {
  await openChecked(page, `${BASE}/search.html`);
  // Online, the statistics come from the server (and the worker lets them through untouched)...
  const online = await page.evaluate(async () => (await fetch('/api/v1/stats')).status);
  assert.equal(online, 200);
  const kept = await page.evaluate(async () => {
    const names = await caches.keys();
    let n = 0;
    for (const name of names) for (const r of await (await caches.open(name)).keys()) if (new URL(r.url).pathname.startsWith('/api/')) n++;
    return n;
  });
  assert.equal(kept, 0, 'no /api/ answer in any cache');

  await context.setOffline(true);
  try {
    // ...offline they are not answered from anywhere.
    const offlineApi = await page.evaluate(async () => {
      try {
        return String((await fetch('/api/v1/stats')).status);
      } catch (e) {
        return e.name;
      }
    });
    assert.equal(offlineApi, 'TypeError', 'an API call fails offline instead of answering from a cache');

    await openChecked(page, `${BASE}/search.html`);
    assert.match(await page.locator('h1').first().innerText(), /查询/);

    await openChecked(page, `${BASE}/verify.html?never=visited`);
    assert.equal(await page.locator('h1').first().innerText(), '当前离线');
    assert.equal(await page.locator('#offline-retry').count(), 1);
    await screenshots(page, SCREENS, 'offline');
  } finally {
    await context.setOffline(false);
  }
  // Back online the retry button brings the page asked for.
  await page.click('#offline-retry');
  await page.waitForSelector('body.ready');
  assert.notEqual(await page.locator('h1').first().innerText(), '当前离线');
  assert.deepEqual(problems, []);
});
