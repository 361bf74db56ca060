// SPDX-License-Identifier: Apache-2.0
// Staff accounts in a real browser (tests/blackbox/e2e.sh creates an office account by the CLI):
// a wrong password is refused with one message; the person signs in through the console's form
// with name and password, the console names the account, the office creates an account in the
// account view; a POST made with the session cookie but without its CSRF token is refused 403;
// reloading keeps the session; signing out brings the form back and the old cookie is dead.
// Each step is photographed at 375 px and 1280 px.
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
const NAME = env('XY_E2E_ACCOUNT');
const PASSWORD = env('XY_E2E_ACCOUNT_PASSWORD');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';

let browser;
let context;
let page;
const problems = [];

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

async function signIn(name, password) {
  await page.fill('#account-name', name);
  await page.fill('#account-password', password);
  await page.click('#account-signin');
}

test('a wrong password is refused with one message', async () => {
  await openChecked(page, `${BASE}/console.html`);
  await page.waitForSelector('#account-signin-form');
  await screenshots(page, SCREENS, 'console-account-signin');
  await signIn(NAME, 'not-the-password-1');
  await page.waitForSelector('#account-signin-form .notice');
  assert.match(await page.textContent('#account-signin-form'), /账户名、密码或动态验证码有误/);
  // The password field is emptied after a try; the key sign-in is still offered below.
  assert.equal(await page.inputValue('#account-password'), '');
  assert.equal(await page.locator('#api-key').count(), 1);
});

test('sign in with name and password: the console names the person', async () => {
  await signIn(NAME, PASSWORD);
  await page.waitForSelector('#console-title');
  assert.match(await page.textContent('#who-id'), new RegExp(`账户 ${NAME.replace('.', '\\.')}`));
  const cookies = await context.cookies();
  const c = cookies.find((x) => x.name === 'xy_session');
  assert.ok(c, 'the session cookie');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  // The script cannot read it.
  assert.equal(await page.evaluate(() => document.cookie.includes('xy_session')), false);
  await screenshots(page, SCREENS, 'console-account-signed-in');
});

test('the office creates an account in the console', async () => {
  await page.click('#view-accounts');
  await page.waitForSelector(`#accounts-table td:has-text("${NAME}")`);
  await page.fill('#acct-name', 'e2e.clerk');
  await page.selectOption('#acct-role', 'auditor');
  await page.fill('#acct-password', 'clerk-Pass-4821');
  await page.click('#acct-create');
  await page.waitForSelector('#accounts-table td:has-text("e2e.clerk")');
  await screenshots(page, SCREENS, 'console-accounts');
});

test('a POST with the session cookie but no CSRF token is refused', async () => {
  const r = await page.evaluate(async () => {
    const resp = await fetch('/api/v1/admin/accounts', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'e2e.forged', role: 'office', password: 'forged-Pass-1234' }),
    });
    return { status: resp.status, body: await resp.text() };
  });
  assert.equal(r.status, 403);
  assert.match(r.body, /X-CSRF-Token/);
  const list = await page.evaluate(async () => (await fetch('/api/v1/admin/accounts', { credentials: 'same-origin' })).json());
  assert.equal(list.items.filter((a) => a.name === 'e2e.forged').length, 0);
});

test('a reload keeps the session; signing out ends it', async () => {
  await page.reload();
  await page.waitForSelector('#console-title');
  await page.click('#view-account');
  await page.waitForSelector('#own-pw-title');
  await screenshots(page, SCREENS, 'console-my-account');
  const before = (await context.cookies()).find((x) => x.name === 'xy_session').value;
  const [out] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE'),
    page.click('#sign-out'),
  ]);
  assert.equal(out.status(), 204);
  await page.waitForSelector('#account-signin-form');
  // The old cookie, sent again (from outside the browser), opens nothing.
  const replay = await fetch(`${BASE}/api/v1/session`, { headers: { Cookie: `xy_session=${before}` } });
  assert.equal(replay.status, 401);
  assert.deepEqual(problems, []);
});
