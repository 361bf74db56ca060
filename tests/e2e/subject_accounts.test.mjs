// SPDX-License-Identifier: Apache-2.0
// Subject accounts in a real browser: a company applies on /apply.html (a code with a wrong check
// character refused with the reason, then the right one with its licence and letter); the office
// opens the application in the console, reads it and approves it, and is shown the activation code
// once; the company activates its account on /activate.html (the same code refused a second time),
// signs in on 我的信用 with name and password and sees its own page. Each step is photographed at
// 375 px and 1280 px.
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

const CODE = '91230500MA1B3N1N2M';
const CODE_BAD = '91230500MA1B3N1N2N'; // its check character wrong
const NAME = '武汉测试申请科技有限公司';
const ACCOUNT = 'e2e.company';
const PASSWORD = 'e2e-Company-6021';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let browser;
let context;
let page;
const problems = [];
let applicationId = 0;
let activationCode = '';

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('a company applies: a wrong check character is refused with the reason, then the application is filed', async () => {
  await openChecked(page, `${BASE}/apply.html`);
  await page.waitForSelector('#apply-form');
  await screenshots(page, SCREENS, 'apply-form');
  await page.fill('#apply-code', CODE_BAD);
  await page.fill('#apply-name', NAME);
  await page.fill('#apply-legal-rep', '赵六');
  await page.fill('#apply-contact', '钱七');
  await page.fill('#apply-phone', '027-8765 4321');
  await page.setInputFiles('#apply-licence', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.setInputFiles('#apply-letter', { name: '授权书.png', mimeType: 'image/png', buffer: PNG });
  await page.click('#apply-submit');
  await page.waitForSelector('#apply-form .notice-error');
  assert.match(await page.textContent('#apply-form .notice-error'), /校验码错误/);
  await screenshots(page, SCREENS, 'apply-refused');

  // What was typed is kept; the files are chosen again (a browser never keeps them across a redraw).
  assert.equal(await page.inputValue('#apply-name'), NAME);
  await page.fill('#apply-code', CODE);
  await page.setInputFiles('#apply-licence', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.setInputFiles('#apply-letter', { name: '授权书.png', mimeType: 'image/png', buffer: PNG });
  await page.click('#apply-submit');
  await page.waitForSelector('#apply-done');
  const text = await page.textContent('#apply-done');
  applicationId = Number(text.match(/编号 (\d+)/)[1]);
  assert.ok(applicationId > 0, text);
  await screenshots(page, SCREENS, 'apply-done');
});

test('the office reviews the application in the console and approves it; the code is shown once', async () => {
  assert.ok(applicationId, 'filed by the test before');
  const office = await context.newPage();
  watch(office, problems);
  await openChecked(office, `${BASE}/console.html`);
  await office.locator('#api-key').fill(OFFICE_KEY);
  await office.getByRole('button', { name: '密钥登录' }).click();
  await office.waitForSelector('.session-bar');
  await office.locator('#view-applications').click();
  await office.waitForSelector(`#appl-open-${applicationId}`);
  assert.match(await office.textContent('#appl-table'), new RegExp(CODE));
  await office.click(`#appl-open-${applicationId}`);
  await office.waitForSelector('#appl-detail');
  assert.match(await office.textContent('#appl-detail'), /赵六/);
  assert.equal(await office.locator('#appl-detail [id^=appl-file-]').count(), 2);
  await screenshots(office, SCREENS, 'console-application');

  // Refusing needs a reason: the button says so before anything is sent.
  await office.click('#appl-refuse');
  await office.waitForSelector('#appl-detail .notice-error');
  await office.click('#appl-approve');
  await office.waitForSelector('#appl-code-text');
  activationCode = (await office.textContent('#appl-code-text')).trim();
  assert.match(activationCode, new RegExp(`^${applicationId}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
  await screenshots(office, SCREENS, 'console-application-approved');
  // No longer pending: the list of pending ones does not hold it.
  assert.equal(await office.locator(`#appl-open-${applicationId}`).count(), 0);
  await office.close();
});

test('the company activates its account once, signs in to 我的信用 and sees its page', async () => {
  assert.ok(activationCode, 'approved by the test before');
  await openChecked(page, `${BASE}/activate.html`);
  await page.waitForSelector('#act-form');
  await page.fill('#act-code', activationCode.toLowerCase());
  await page.fill('#act-name', ACCOUNT);
  await page.fill('#act-password', PASSWORD);
  await page.fill('#act-password2', PASSWORD);
  await screenshots(page, SCREENS, 'activate-form');
  await page.click('#act-submit');
  await page.waitForSelector('#act-done');
  assert.match(await page.textContent('#act-done'), new RegExp(ACCOUNT.replace('.', '\\.')));
  await screenshots(page, SCREENS, 'activate-done');

  // The code works once.
  await openChecked(page, `${BASE}/activate.html`);
  await page.fill('#act-code', activationCode);
  await page.fill('#act-name', 'e2e.company2');
  await page.fill('#act-password', PASSWORD);
  await page.fill('#act-password2', PASSWORD);
  await page.click('#act-submit');
  await page.waitForSelector('#act-form .notice-error');
  assert.match(await page.textContent('#act-form .notice-error'), /激活码无效、已使用或已过期/);

  await openChecked(page, `${BASE}/me.html`);
  await page.waitForSelector('#account-signin-form');
  await page.fill('#account-name', ACCOUNT);
  await page.fill('#account-password', PASSWORD);
  await page.click('#account-signin');
  await page.waitForSelector('#me-name');
  assert.equal((await page.textContent('#me-name')).trim(), NAME);
  assert.match(await page.textContent('.session-bar'), new RegExp(CODE));
  assert.match(await page.textContent('.session-bar'), new RegExp(ACCOUNT.replace('.', '\\.')));
  await screenshots(page, SCREENS, 'me-company-account');

  // A reload keeps the session (the cookie, and its CSRF token asked again).
  await page.reload();
  await page.waitForSelector('#me-name');
  await page.click('#sign-out');
  await page.waitForSelector('#account-signin-form');
  assert.deepEqual(problems, []);
});
