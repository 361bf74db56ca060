// SPDX-License-Identifier: Apache-2.0
// Signing in to the console as a person, on a server of its own whose clock the test moves
// (tests/blackbox/e2e.sh: XY_TODAY=@FILE, --session-idle 3600, --session-max 259200, an office
// account made by the CLI): the password alone; a POST without its CSRF token refused; the second
// factor enrolled in the console from the otpauth URI it shows, the code computed here (RFC 6238,
// HMAC-SHA1, 6 digits, 30 s steps) from the server's own time as its access log gives it, never
// this machine's; then password and code together, the password alone refused; a reload keeps the
// session; a day later (the clock file moved) the idle limit has ended it, the console says so and
// the old cookie opens nothing.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launch, openChecked, screenshots, watch } from './browser.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (tests/blackbox/e2e.sh sets it)`);
  return v;
};
const BASE = env('XY_E2E_SIGNIN_URL');
const CLOCK = env('XY_E2E_SIGNIN_CLOCK');
const LOG = env('XY_E2E_SIGNIN_LOG');
const NAME = env('XY_E2E_SIGNIN_NAME');
const PASSWORD = env('XY_E2E_SIGNIN_PASSWORD');
const SCREENS = env('XY_E2E_SCREENS');
const MODULES = env('XY_E2E_MODULES');
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

// ---- RFC 6238 ----

function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    const v = abc.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code of a 30-second step (RFC 4226's dynamic truncation of HMAC-SHA1). */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}

test('the TOTP function gives RFC 6238 test vectors (SHA-1, 6 digits)', () => {
  const key = Buffer.from('12345678901234567890');
  assert.equal(totp(key, Math.floor(59 / 30)), '287082');
  assert.equal(totp(key, Math.floor(1111111109 / 30)), '081804');
  assert.equal(totp(key, Math.floor(1234567890 / 30)), '005924');
  assert.equal(totp(key, Math.floor(2000000000 / 30)), '279037');
  assert.deepEqual(base32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), key);
});

/**
 * The server's own time (Unix seconds): the clock module's, as stamped on the access log line of a
 * request made now. The test never reads this machine's clock: the server runs on the test clock.
 */
async function serverTime() {
  const lines = () => readFileSync(LOG, 'utf8').trim().split('\n').filter(Boolean);
  const before = lines().length;
  const r = await fetch(`${BASE}/api/v1/stats`);
  assert.equal(r.status, 200);
  await r.arrayBuffer();
  // The line is written as the request ends, which may be after the answer arrived (a server that
  // buffers its log writes it within a second).
  for (let i = 0; i < 500 && lines().length <= before; i++) await new Promise((done) => setTimeout(done, 10));
  const all = lines();
  assert.ok(all.length > before, 'the access log got the request');
  const t = Date.parse(JSON.parse(all[all.length - 1]).time);
  assert.ok(Number.isFinite(t));
  return Math.floor(t / 1000);
}

async function signIn(name, password, code = '') {
  await page.fill('#account-name', name);
  await page.fill('#account-password', password);
  await page.fill('#account-totp', code);
  await page.click('#account-signin');
}

async function signOut() {
  const [out] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE'),
    page.click('#sign-out'),
  ]);
  assert.equal(out.status(), 204);
  await page.waitForSelector('#account-signin-form');
}

const sessionCookie = async () => (await context.cookies()).find((c) => c.name === 'xy_session');

let secret = null;
let lastStep = 0;

test('a staff member signs in with a password; the console names the person', async () => {
  await openChecked(page, `${BASE}/console.html`);
  await page.waitForSelector('#account-signin-form');
  // The two forms are told apart by their buttons: the account's 登录, the key's 密钥登录.
  assert.equal((await page.textContent('#account-signin')).trim(), '登录');
  assert.equal(await page.locator('button:has-text("密钥登录")').count(), 1);
  await signIn(NAME, PASSWORD);
  await page.waitForSelector('#console-title');
  assert.match(await page.textContent('#who-id'), new RegExp(`账户 ${NAME.replace(/\./g, '\\.')}`));
  const c = await sessionCookie();
  assert.ok(c, 'the session cookie');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
});

test('a POST without its CSRF token is refused; with it, it goes through', async () => {
  const body = { name: 'e2e.forged', role: 'auditor', password: 'forged-Pass-1234' };
  const post = (withToken) =>
    page.evaluate(
      async ([b, withToken]) => {
        const headers = { 'Content-Type': 'application/json' };
        if (withToken) headers['X-CSRF-Token'] = (await (await fetch('/api/v1/session')).json()).csrf;
        const resp = await fetch('/api/v1/admin/accounts', { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(b) });
        return { status: resp.status, body: await resp.text() };
      },
      [body, withToken],
    );
  const refused = await post(false);
  assert.equal(refused.status, 403);
  assert.match(refused.body, /X-CSRF-Token/);
  const list = await page.evaluate(async () => (await fetch('/api/v1/admin/accounts')).json());
  assert.equal(list.items.filter((a) => a.name === body.name).length, 0, 'nothing was created');
  // The same request with the session's token: the refusal above was for the token alone.
  assert.equal((await post(true)).status, 201);
});

test('the second factor: enrolled from the URI the console shows, then needed at sign-in', async () => {
  await page.click('#view-account');
  await page.click('#totp-begin');
  const uri = await page.inputValue('#totp-uri');
  const m = /^otpauth:\/\/totp\/[^?]*\?(.*)$/.exec(uri);
  assert.ok(m, `an otpauth URI: ${uri}`);
  const params = new URLSearchParams(m[1]);
  secret = base32(params.get('secret'));
  assert.equal(secret.length, 20, '160 bits');
  await screenshots(page, SCREENS, 'console-totp-enrol');
  // A wrong code is refused and the factor stays off.
  const step = Math.floor((await serverTime()) / 30);
  const wrong = String((Number(totp(secret, step)) + 1) % 1000000).padStart(6, '0');
  if (![step - 1, step, step + 1].some((s) => totp(secret, s) === wrong)) {
    await page.fill('#totp-code', wrong);
    await page.click('#totp-confirm');
    await page.waitForSelector('#account-view .notice');
    assert.match(await page.textContent('#account-view .notice'), /验证码/);
  }
  await page.fill('#totp-code', totp(secret, step));
  await page.click('#totp-confirm');
  await page.waitForFunction(() => !document.querySelector('#totp-uri'));
  assert.match(await page.textContent('#account-view .notice'), /动态验证码已启用/);
  lastStep = step;
  await signOut();

  // The password alone is no longer enough, and says nothing more than a wrong password would.
  await signIn(NAME, PASSWORD);
  await page.waitForSelector('#account-signin-form .notice');
  assert.match(await page.textContent('#account-signin-form'), /账户名、密码或动态验证码有误/);
  assert.equal(await sessionCookie(), undefined);

  // Password and a code of a later step than the one used (each step's code works once).
  const next = Math.max(lastStep + 1, Math.floor((await serverTime()) / 30));
  await signIn(NAME, PASSWORD, totp(secret, next));
  await page.waitForSelector('#console-title');
  lastStep = next;
  assert.ok(await sessionCookie(), 'signed in with password and code');
  await screenshots(page, SCREENS, 'console-totp-signed-in');
});

test('the session ends after the idle limit (the test clock moved a day on)', async () => {
  // Within the limit a reload keeps it.
  await page.reload();
  await page.waitForSelector('#console-title');
  const cookie = (await sessionCookie()).value;
  const day = readFileSync(CLOCK, 'utf8').trim();
  assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
  const t0 = await serverTime();
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  writeFileSync(CLOCK, `${next.toISOString().slice(0, 10)}\n`);
  const t1 = await serverTime();
  assert.ok(t1 - t0 >= 3600, `the server's clock moved past the idle limit (${t1 - t0} s)`);
  // The next thing the person does finds the session over: the console says so and asks again.
  await page.click('#view-accounts');
  await page.waitForSelector('#account-signin-form .notice');
  assert.match(await page.textContent('#account-signin-form'), /登录已过期/);
  await screenshots(page, SCREENS, 'console-session-expired');
  // The cookie of the ended session, sent again from outside the browser, opens nothing.
  const replay = await fetch(`${BASE}/api/v1/session`, { headers: { Cookie: `xy_session=${cookie}` } });
  assert.equal(replay.status, 401);
  const me = await fetch(`${BASE}/api/v1/admin/accounts`, { headers: { Cookie: `xy_session=${cookie}` } });
  assert.equal(me.status, 401);
  // A new sign-in works on the new day (a code of a later step again).
  const step = Math.max(lastStep + 1, Math.floor((await serverTime()) / 30));
  await signIn(NAME, PASSWORD, totp(secret, step));
  await page.waitForSelector('#console-title');
  assert.notEqual((await sessionCookie()).value, cookie, 'a new session');
  await signOut();
  assert.deepEqual(problems, []);
});
