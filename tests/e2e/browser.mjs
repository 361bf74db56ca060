// SPDX-License-Identifier: Apache-2.0
// What the browser tests share: Debian's Chromium started headless through playwright-core, a page
// opened with the checks every page must pass (security headers, language, title, a heading), and
// photographs at phone and desktop width that may not scroll sideways.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Starts Chromium (playwright-core from MODULES) and a context in Chinese, Beijing time. */
export async function launch(modules, executablePath) {
  const require = createRequire(join(modules, 'index.js'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  return { browser, context };
}

/**
 * Collects page errors, dialogs and CSP violations of page into problems (an array the test checks
 * at the end).
 */
export function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/** Opens url in page and checks what every page must have. */
export async function openChecked(page, url, { lang = 'zh-CN' } = {}) {
  let resp = await page.goto(url);
  if (!resp) resp = await page.reload(); // the same page with another #fragment
  const path = new URL(url).pathname;
  assert.equal(resp.status(), 200, `${path}: HTTP ${resp.status()}`);
  const hd = resp.headers();
  assert.match(hd['content-security-policy'] || '', /default-src 'self'; script-src 'self'/, `${path}: CSP`);
  assert.match(hd['content-security-policy'] || '', /frame-ancestors 'none'/);
  assert.equal(hd['x-content-type-options'], 'nosniff');
  assert.equal(hd['referrer-policy'], 'no-referrer');
  await page.waitForSelector('body.ready');
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${path}: lang`);
  const title = await page.title();
  assert.ok(title.includes(lang === 'en' ? 'Credit Wuhan' : '信用武汉') && title.length > 4, `${path}: title "${title}"`);
  assert.equal((await page.locator('h1').count()) >= 1, true, `${path}: a heading`);
  return resp;
}

/** Photographs the page at phone and desktop width into dir; neither may scroll sideways. */
export async function screenshots(page, dir, name) {
  for (const [width, height] of [
    [375, 812],
    [1280, 900],
  ]) {
    await page.setViewportSize({ width, height });
    // Laid out and painted at the new width before the picture (a tall page may paint in pieces).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `${name}: ${scroll} px wide at ${width} px`);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
}
