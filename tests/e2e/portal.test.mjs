// SPDX-License-Identifier: Apache-2.0
// The portal and the console in a real browser: playwright-core driving Debian's Chromium against
// a real `xinyong serve` with the demo data (tests/blackbox/e2e.sh starts both and sets the
// environment). Searches by two characters of a name, opens the subject, switches tabs and
// language, checks codes, signs in as a department, uploads the demo's broken file, reads and
// downloads the rejects, fixes and resends them; as the credit office creates and revokes a key
// and registers a department. A company whose name holds markup must show it as text. Every page
// is photographed at 375 px and 1280 px into XY_E2E_SCREENS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { parseCsv, toCsv } from '../../web/js/csv.js';
import { orgcodeCheckChar, usccCheckChar } from '../../web/js/idcheck.js';
import { launch, openChecked, screenshots, watch } from './browser.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (tests/blackbox/e2e.sh sets it)`);
  return v;
};
const BASE = env('XY_E2E_URL');
const SCREENS = env('XY_E2E_SCREENS');
const DEPT_KEY = env('XY_E2E_DEPT_KEY');
const OFFICE_KEY = env('XY_E2E_OFFICE_KEY');
const BROKEN = env('XY_E2E_BROKEN');
const WORK = env('XY_E2E_WORK');
const CHROMIUM = process.env.XY_CHROMIUM || '/usr/bin/chromium';
const XY_BIN = env('XY_E2E_BIN');
const MODULES = env('XY_E2E_MODULES');

const MARKUP = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>标记测试</b>&amp;贸易有限公司';

let browser;
let context;
let page;
const problems = []; // page errors and CSP violations, from every page
const company = {}; // the demo company the portal tests look at

async function apiGet(path, key) {
  const r = await fetch(BASE + path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  assert.equal(r.status, 200, `GET ${path}: ${r.status}`);
  return r.json();
}

/** A valid USCC of a Wuhan enterprise with the given 8-character organisation code body. */
function makeUscc(body8) {
  const first = `91420102${body8}${orgcodeCheckChar(body8)}`;
  return first + usccCheckChar(first);
}

/** Opens a page and checks what every page must have. */
function open(path, opts) {
  return openChecked(page, BASE + path, opts);
}

/** Photographs the page at phone and desktop width; neither may scroll sideways. */
function shots(name) {
  return screenshots(page, SCREENS, name);
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  // A demo company on the black list with penalties, and two characters of its name that find it
  // among the first suggestions.
  const black = await apiGet('/api/v1/lists/black?limit=100');
  for (const item of black.items.filter((i) => i.party_uscc)) {
    const s = await apiGet(`/api/v1/subjects/${item.party_uscc}`);
    if (!(s.records.penalty || []).length) continue;
    const name = s.subject.name;
    for (let i = 2; i + 2 <= name.length && !company.fragment; i++) {
      const frag = name.slice(i, i + 2);
      const hits = await apiGet(`/api/v1/subjects?q=${encodeURIComponent(frag)}&limit=8`);
      if (hits.items.some((h) => h.uscc === item.party_uscc)) Object.assign(company, { name, uscc: item.party_uscc, fragment: frag, subject: s });
    }
    if (company.fragment) break;
  }
  assert.ok(company.fragment, 'a demo company on the black list with penalties');

  // A company whose name holds markup, sent in as the department would.
  const rows = parseCsv(readFileSync(BROKEN, 'utf8'));
  const header = rows[0];
  const row = rows[1].slice();
  const col = (code) => header.indexOf(code);
  row[col('CF_XDR_MC')] = MARKUP;
  row[col('CF_XDR_SHXYM')] = makeUscc('MK7X2T9Q');
  row[col('CF_WSH')] = '武市监罚〔2024〕950号';
  const r = await fetch(`${BASE}/api/v1/batches?class=penalty`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEPT_KEY}`, 'Content-Type': 'text/csv' },
    body: toCsv([header, row]),
  });
  const body = await r.json();
  assert.equal(r.status, 201, JSON.stringify(body));
  assert.equal(body.accepted, 1, JSON.stringify(body.rejects));
  company.markupUscc = row[col('CF_XDR_SHXYM')];

  ({ browser, context } = await launch(MODULES, CHROMIUM));
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  watch(page, problems);
});

after(async () => {
  if (browser) await browser.close();
});

test('home: search by two characters of a name, with suggestions', async () => {
  await open('/');
  await shots('home');
  const input = page.getByRole('combobox');
  await expectFocused(input);
  await input.pressSequentially(company.fragment, { delay: 30 });
  const options = page.getByRole('option');
  await options.first().waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const names = await options.locator('.suggestion-name').allTextContents();
  assert.ok(names.includes(company.name), `suggestions ${names} include ${company.name}`);
  assert.equal(await options.locator('mark').first().textContent(), company.fragment);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: join(SCREENS, 'home-suggestions-375.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENS, 'home-suggestions-1280.png') });
  // The keyboard picks a suggestion: down to the company, Enter opens it.
  const index = names.indexOf(company.name);
  for (let i = 0; i <= index; i++) await input.press('ArrowDown');
  assert.equal(await page.locator('[role=option][aria-selected=true] .suggestion-name').textContent(), company.name);
  await Promise.all([page.waitForURL(/\/subject\.html\?id=/), input.press('Enter')]);
  await page.waitForSelector('body.ready');
  assert.equal(await page.locator('h1').textContent(), company.name);
});

/** The sequence number of the last audit entry, from `xinyong audit list` (XINYONG_DB is set). */
function lastAuditSeq() {
  const lines = execFileSync(XY_BIN, ['audit', 'list', '--limit', '1000000'], { encoding: 'utf8' }).split('\n').filter((l) => /^[0-9]+\s/.test(l));
  return lines.length ? Number(lines[lines.length - 1].split(/\s+/)[0]) : 0;
}

test('home: the counts of every class come from /api/v1/stats, licences and penalties included', async () => {
  const stats = await apiGet('/api/v1/stats');
  const seen = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  await open('/');
  const want = { red: 'red_list', black: 'black_list', watch: 'watch_list', commitments: 'commitment', license: 'license', penalty: 'penalty' };
  await page.waitForFunction(() => [...document.querySelectorAll('.stat-value')].every((e) => /^[0-9,]+$/.test(e.textContent)));
  for (const [id, cls] of Object.entries(want)) {
    const text = await page.locator(`.stat-value[data-board="${id}"]`).textContent();
    assert.equal(Number(text.replace(/,/g, '')), stats.records[cls] || 0, `home count of ${id}`);
  }
  assert.ok(stats.records.license > 0 && stats.records.penalty > 0, 'the demo has licences and penalties');
  assert.ok(seen.includes('/api/v1/stats'), 'asked /api/v1/stats');
  assert.ok(!seen.some((p) => p.startsWith('/api/v1/lists/') || p === '/api/v1/commitments'), `no board paged through: ${seen}`);
  page.removeAllListeners('request');
});

async function expectFocused(locator) {
  assert.equal(await locator.evaluate((el) => el === document.activeElement), true, 'focused');
}

test('search results: the matched part marked, why it matched, paging, empty result explained', async () => {
  await open('/');
  const input = page.getByRole('combobox');
  await input.fill(company.fragment);
  await Promise.all([page.waitForURL(/\/search\.html\?q=/), input.press('Enter')]);
  await page.waitForSelector('.results .result');
  assert.ok((await page.title()).includes(company.fragment));
  const marks = await page.locator('.results .result-name mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m === company.fragment), `marks ${marks}`);
  const hit = page.locator('.result', { hasText: company.uscc });
  assert.equal(await hit.count(), 1);
  assert.match(await hit.locator('.why').textContent(), new RegExp(`名称包含“${company.fragment}”`));
  assert.ok((await hit.textContent()).includes('企业'));
  await shots('search');

  // A code prefix: the code part is marked; "load more" follows next_cursor.
  await open(`/search.html?q=${encodeURIComponent('91420')}`);
  await page.waitForSelector('.results .result');
  assert.equal(await page.locator('.results .result').count(), 20);
  assert.equal(await page.locator('.results .result .code mark').first().textContent(), '91420');
  await page.getByRole('button', { name: '加载更多' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.results .result').length > 20);

  await open(`/search.html?q=${encodeURIComponent('无此企业名')}`);
  await page.waitForSelector('.notice-info');
  assert.match(await page.locator('.notice-info').textContent(), /未找到与“无此企业名”相关的主体/);
  await shots('search-empty');
});

test('subject: code decomposed, tabs per class with document number, department, dates, publicity end', async () => {
  await open(`/subject.html?id=${company.uscc}`);
  assert.equal(await page.locator('h1').textContent(), company.name);
  assert.ok((await page.title()).startsWith(company.name));
  const segs = page.locator('.code-seg');
  assert.equal(await segs.count(), 5);
  assert.match(await segs.nth(0).textContent(), /9.*登记管理部门.*工商/);
  assert.match(await segs.nth(1).textContent(), /1.*机构类别.*企业/);
  assert.match(await segs.nth(2).textContent(), new RegExp(company.uscc.slice(2, 8)));
  assert.equal(await page.locator('.badge-black').count(), 1);

  const tabs = page.getByRole('tab');
  assert.deepEqual((await tabs.locator('span:first-child').allTextContents()).slice(0, 6), ['行政许可', '行政处罚', '红名单', '黑名单', '重点关注名单', '信用承诺']);
  await page.getByRole('tab', { name: /行政处罚/ }).click();
  const panel = page.locator('#panel-penalty');
  assert.equal(await panel.isVisible(), true);
  assert.equal(await page.getByRole('tab', { name: /行政处罚/ }).getAttribute('aria-selected'), 'true');
  const p = company.subject.records.penalty[0];
  const card = panel.locator('.record').first();
  assert.equal(await card.locator('.record-docno').textContent(), p.doc_no);
  const key = await card.locator('.record-key').textContent();
  for (const want of ['决定部门', p.authority, '决定日期', p.decision_date, '公示截止', p._record.public_until]) assert.ok(key.includes(want), `record key facts hold ${want}: ${key}`);
  await shots('subject-penalty');

  // Arrow keys move between tabs (roving tabindex).
  await page.getByRole('tab', { name: /行政处罚/ }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: /红名单/ }).getAttribute('aria-selected'), 'true');
  await expectFocused(page.getByRole('tab', { name: /红名单/ }));
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#panel-black_list').isVisible(), true);
  assert.match(await page.locator('#panel-black_list .record-docno').first().textContent(), /〔\d{4}〕/);
  assert.match(page.url(), /#black_list$/);
  await page.getByRole('tab', { name: /行政许可/ }).click();
  assert.equal(await page.locator('#panel-license .record').count(), (company.subject.records.license || []).length);
  await shots('subject-license');
});

test('language: switch to English and back, kept across pages', async () => {
  await open(`/subject.html?id=${company.uscc}#penalty`);
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.ok((await page.title()).includes('Credit Wuhan'));
  assert.equal(await page.getByRole('tab', { name: /Penalties/ }).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('#panel-penalty .record-key').first().textContent(), /Deciding department.*Public until/s);
  assert.match(await page.locator('.code-seg').nth(0).textContent(), /industry and commerce/);
  await shots('subject-en');
  await open('/', { lang: 'en' });
  assert.equal(await page.locator('h1').textContent(), 'Credit Wuhan');
  assert.equal(await page.getByRole('button', { name: 'Search' }).count(), 1);
  await shots('home-en');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.locator('h1').textContent(), '信用武汉');
});

test('keyboard: the skip link comes first and leads to the content', async () => {
  await open('/check.html');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, '跳到主要内容');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#main$/);
  // The menu button opens the navigation on a phone.
  await page.setViewportSize({ width: 375, height: 812 });
  const toggle = page.locator('.nav-toggle');
  assert.equal(await page.locator('#nav-list').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('#nav-list').isVisible(), true);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('list boards: red, black, watch and commitments, filtered by department, district and date', async () => {
  for (const [path, name, api] of [
    ['/lists.html?type=red', 'list-red', '/api/v1/lists/red?limit=100'],
    ['/lists.html?type=black', 'list-black', '/api/v1/lists/black?limit=100'],
    ['/lists.html?type=watch', 'list-watch', '/api/v1/lists/watch?limit=100'],
    ['/commitments.html', 'commitments', '/api/v1/commitments?limit=100'],
  ]) {
    const want = (await apiGet(api)).items;
    await open(path);
    await page.waitForSelector('.result-count');
    assert.equal(await page.locator('.board-table tbody tr').count(), want.length, path);
    if (want.length) {
      // Filters: a department, a district, a date range; each asked of the server, and the board
      // shows what the API answers for the same query.
      const rows = () => page.locator('.board-table tbody tr').count();
      const check = async (query, act, what) => {
        const expected = (await apiGet(`${api}&${query}`)).items.length;
        const [req] = await Promise.all([page.waitForRequest((r) => r.url().includes(new URLSearchParams(query).toString().split('&').pop())), act()]);
        assert.ok(new URL(req.url()).pathname.startsWith('/api/v1/'), what);
        await page.waitForFunction((n) => document.querySelector('.result-count') && !document.querySelector('.table-box .notice-loading') && document.querySelectorAll('.board-table tbody tr').length === n, expected);
        assert.equal(await rows(), expected, `${path}: ${what}`);
        return expected;
      };
      const clear = async () => {
        await page.getByRole('button', { name: '清除筛选' }).click();
        await page.waitForFunction((n) => !document.querySelector('.table-box .notice-loading') && document.querySelectorAll('.board-table tbody tr').length === n, want.length);
      };
      const dept = want[0]._record.dept_uscc;
      await check(`dept=${dept}`, () => page.locator('#f-dept').selectOption(dept), 'by department');
      await clear();
      const region = want.find((w) => w.party_uscc).party_uscc.slice(2, 8);
      const n = await check(`region=${region}`, () => page.locator('#f-district').selectOption(region), 'by district');
      assert.ok(n >= 1);
      await clear();
      const dates = [...want].map((w) => w.decision_date).sort();
      const from = dates[Math.floor(want.length / 2)];
      await check(`from=${from}`, () => page.locator('#f-from').fill(from), 'from a date');
      const to = dates[dates.length - 1];
      await check(`from=${from}&to=${to}`, () => page.locator('#f-to').fill(to), 'a date range');
      await clear();
    } else {
      assert.match(await page.locator('.notice-info').textContent(), /当前没有在有效期内/);
    }
    await shots(name);
  }
});

test('code checker: each code valid or not, and why; ID numbers masked', async () => {
  await open('/check.html');
  await page.locator('#codes').fill(['91420684MA4927PJ7B', '91420684MA4927PJ7C', '360426199101010071', '36042619910102009X', '60003734-1', '00000000000000000X', '370802940221002', 'hello'].join('\n'));
  await page.getByRole('button', { name: '校验', exact: true }).click();
  const rows = page.locator('.check-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 8);
  const text = await rows.allTextContents();
  assert.match(text[0], /有效.*统一社会信用代码.*工商.*企业.*420684/);
  assert.match(text[1], /无效.*校验码不正确.*第18位校验码应为 B/);
  assert.match(text[2], /3604\*{10}0071.*有效.*公民身份号码/);
  assert.match(text[3], /无效.*校验码（第18位）不正确/);
  assert.match(text[4], /有效.*组织机构代码.*60003734-1/);
  assert.match(text[5], /无效.*占位代码/);
  assert.match(text[6], /有效.*3708\*{10}0029/);
  assert.match(text[7], /无效/);
  const html = await page.content();
  for (const id of ['360426199101010071', '36042619910102009X', '370802199402210029', '370802940221002']) assert.ok(!html.includes(id), `${id} appears unmasked`);
  assert.match(await page.locator('.result-count').textContent(), /共 8 个：4 个有效，4 个无效/);
  await shots('check');
});

test('console: a wrong key is refused; a department key signs in, kept out of the address', async () => {
  await open('/console.html');
  await shots('console-signin');
  await page.locator('#api-key').fill('xy_999_' + '0'.repeat(64));
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.signin .notice-error');
  assert.match(await page.locator('.signin .notice-error').textContent(), /密钥无效或已被吊销/);
  await page.locator('#api-key').fill(DEPT_KEY);
  const auditBefore = lastAuditSeq();
  const asked = [];
  const onRequest = (r) => asked.push(new URL(r.url()).pathname);
  page.on('request', onRequest);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.session-bar');
  assert.match(await page.locator('.session-bar .who').textContent(), /武汉市市场监督管理局.*11420100MB152034XT/);
  assert.ok(asked.includes('/api/v1/me'), `sign-in asks /api/v1/me: ${asked}`);
  assert.ok(!asked.some((p) => /^\/api\/v1\/(dept|admin|audit)/.test(p)), `sign-in probes no route: ${asked}`);
  page.off('request', onRequest);
  assert.equal(lastAuditSeq(), auditBefore, 'a department sign-in writes no audit entry');
  assert.ok(!page.url().includes(DEPT_KEY) && !page.url().includes('xy_'), 'the key is not in the address');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('xy.console.key')), DEPT_KEY);
  assert.equal(await page.evaluate(() => localStorage.getItem('xy.console.key')), null);
});

// Fixes for the rows of the demo's broken file that fail (demo/broken/README.txt), by row.
const FIXES = {
  2: ['CF_XDR_SHXYM', () => '914201063724636127'],
  4: ['CF_WSH', () => '武市监罚〔2025〕901号'],
  6: ['CF_JDRQ', () => '2023-02-28'],
  8: ['CF_NR_FK', () => '0.42'],
  10: ['CF_NR_FK', () => '7.9'],
  12: ['CF_XDR_LB', () => '02'],
  14: ['CF_XDR_ZJHM', () => '420117199510161931'],
  16: ['CF_YXQ', () => '2027-08-28'],
  18: ['CF_WSH', () => '武市监罚〔2024〕912号'],
  20: ['CF_XDR_MC', (v) => v.split('（')[0]],
};

test('console: upload the broken file, read the rejects, download them, fix and resend', async () => {
  await page.locator('#upload-class').selectOption('penalty');
  await page.setInputFiles('#upload-file', BROKEN);
  await page.evaluate(() => {
    window.__progressSeen = false;
    new MutationObserver(() => {
      if (document.getElementById('upload-progress')) window.__progressSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.locator('#upload-submit').click();
  await page.waitForSelector('#upload-result');
  assert.equal(await page.evaluate(() => window.__progressSeen), true, 'upload progress shown');
  const counts = await page.locator('.counts').textContent();
  assert.match(counts, /总行数20/);
  assert.match(counts, /通过10/);
  assert.match(counts, /未通过10/);
  assert.match(await page.locator('#upload-result .notice-warn').textContent(), /10 行未通过校验；其余 10 行已入库/);

  // The rejects table: one line a problem, row, field and reason.
  const rows = page.locator('#rejects-table tbody tr');
  assert.equal(await rows.count(), 10);
  const seen = {};
  for (let i = 0; i < 10; i++) {
    const cells = rows.nth(i).locator('td');
    const row = Number((await cells.nth(0).locator('.cell').evaluate((c) => c.firstChild.textContent)).trim());
    const field = (await cells.nth(1).locator('.code').textContent()).trim();
    const reason = (await cells.nth(4).textContent()).trim();
    assert.ok(reason.length > 4, `row ${row}: a reason`);
    seen[row] = field;
  }
  assert.deepEqual(seen, Object.fromEntries(Object.entries(FIXES).map(([r, [f]]) => [r, f])));
  const r14 = await rows.nth(6).textContent();
  assert.ok(r14.includes('4201**********1932') && !r14.includes('420117199510161932'), 'the ID number in a reject is masked');
  assert.match(await rows.nth(0).textContent(), /文件第 3 行/);
  await shots('console-rejects');

  // The problem list as CSV, from the server.
  const [report] = await Promise.all([page.waitForEvent('download'), page.locator('#download-rejects').click()]);
  assert.equal(report.suggestedFilename(), `batch-${(await page.locator('#upload-result-title').textContent()).match(/\d+/)[0]}-rejects.csv`);
  const reportText = readFileSync(await report.path(), 'utf8');
  assert.ok(reportText.startsWith('\uFEFF行号(row),字段代码(field),字段名称(name),值(value),原因代码(code),原因(reason)\r\n'), 'UTF-8 BOM and the bilingual header for Excel');
  assert.equal(parseCsv(reportText).length, 11);

  // The failed rows as they were sent: fix them and send them again.
  const [failed] = await Promise.all([page.waitForEvent('download'), page.locator('#download-failed-rows').click()]);
  assert.equal(failed.suggestedFilename(), 'penalty-broken-rejected-rows.csv');
  const table = parseCsv(readFileSync(await failed.path(), 'utf8'));
  assert.equal(table.length, 11);
  const header = table[0];
  Object.values(FIXES).forEach(([field, fix], i) => {
    const c = header.indexOf(field);
    table[i + 1][c] = fix(table[i + 1][c]);
  });
  const fixedPath = join(WORK, 'penalty-fixed.csv');
  writeFileSync(fixedPath, toCsv(table));
  await page.setInputFiles('#upload-file', fixedPath);
  await page.locator('#upload-submit').click();
  await page.waitForFunction(() => /全部 10 行通过校验/.test(document.querySelector('#upload-result')?.textContent || ''));
  assert.match(await page.locator('.counts').textContent(), /通过10.*未通过0.*新增10/s);
  assert.equal(await page.locator('#rejects-table').count(), 0);
  await shots('console-resent');
});

test('console: batch history, own records, sign out', async () => {
  await page.locator('#view-history').click();
  const rows = page.locator('.history-table tbody tr');
  // The department's batches from GET /api/v1/batches, newest first: the resend, the broken file,
  // then the demo's imports; this tab adds the file names it sent.
  const batches = (await apiGet('/api/v1/batches?limit=50', DEPT_KEY)).items;
  assert.ok(batches.length > 2 && batches.length < 50, `${batches.length} batches`);
  await page.waitForFunction((n) => document.querySelectorAll('.history-table tbody tr').length === n, batches.length);
  assert.equal(await rows.count(), batches.length);
  assert.match(await rows.nth(0).textContent(), new RegExp(`^${batches[0].batch}`));
  assert.match(await rows.last().textContent(), new RegExp(`^${batches[batches.length - 1].batch}.*${batches[batches.length - 1].source.replace('.', '\\.')}`));
  await page.waitForFunction(() => document.querySelector('.history-table tbody tr:nth-child(2)')?.textContent.includes('penalty-broken.csv'));
  assert.match(await rows.nth(1).textContent(), /penalty-broken\.csv.*20.*10.*10/s);
  await rows.nth(1).getByRole('button', { name: '查看问题' }).click();
  await page.waitForSelector('#rejects-table');
  assert.equal(await page.locator('#rejects-table tbody tr').count(), 10);
  await shots('console-history');

  await page.locator('#view-records').click();
  await page.waitForSelector('.records-table tbody tr');
  assert.equal(await page.locator('.records-table tbody tr').count(), 50);
  const html = await page.content();
  assert.ok(!html.includes('420117199510161931'), 'ID numbers masked in the records browser');
  await page.locator('#records-class').selectOption('penalty');
  await page.waitForFunction(() => [...document.querySelectorAll('.records-table tbody tr')].every((tr) => tr.textContent.includes('行政处罚')));
  await shots('console-records');

  await page.locator('#sign-out').click();
  await page.waitForSelector('#api-key');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('xy.console.key')), null);
});

test('console: the credit office lists, creates and revokes keys and registers a department', async () => {
  await page.locator('#api-key').fill(OFFICE_KEY);
  await page.getByRole('button', { name: '密钥登录' }).click();
  await page.waitForSelector('.keys-table tbody tr');
  assert.match(await page.locator('.session-bar .who').textContent(), /信用办管理员/);
  const before = await page.locator('.keys-table tbody tr').count();
  await page.locator('#key-role').selectOption('department');
  await page.locator('#key-dept').fill('11420100MB152034XT');
  await page.locator('#key-name').fill('e2e 测试');
  await page.locator('#key-create').click();
  await page.waitForSelector('#new-key');
  const key = await page.locator('#new-key').inputValue();
  assert.match(key, /^xy_[0-9]+_[0-9a-f]{64}$/);
  const id = key.split('_')[1];
  await page.waitForFunction((n) => document.querySelectorAll('.keys-table tbody tr').length === n, before + 1);
  await shots('console-keys');
  // The new key works, then is revoked and does not.
  assert.equal((await fetch(`${BASE}/api/v1/dept/records?limit=1`, { headers: { Authorization: `Bearer ${key}` } })).status, 200);
  await page.locator(`#revoke-${id}`).click();
  await page.locator(`#revoke-confirm-${id}`).click();
  await page.waitForFunction((i) => document.querySelector('.notice-ok')?.textContent.includes(`密钥 ${i} 已吊销`), id);
  await page.waitForSelector('.keys-table tr.revoked');
  assert.equal((await fetch(`${BASE}/api/v1/dept/records?limit=1`, { headers: { Authorization: `Bearer ${key}` } })).status, 401);

  await page.locator('#view-depts').click();
  await page.locator('#dept-uscc').fill('11420100MB152034XA');
  await page.locator('#dept-name').fill('武汉市测试局');
  await page.locator('#dept-add').click();
  assert.match(await page.locator('#dept-uscc-error').textContent(), /校验码不正确/);
  assert.equal(await page.locator('#dept-uscc').getAttribute('aria-invalid'), 'true');
  const uscc = `11420100${'MB9A7T2K'}`;
  const code = (() => {
    const first = uscc + orgcodeCheckChar('MB9A7T2K');
    return first + usccCheckChar(first);
  })();
  await page.locator('#dept-uscc').fill(code);
  await page.locator('#dept-name').fill('武汉市测试局');
  await page.locator('#dept-add').click();
  await page.waitForSelector('.plain-list li');
  assert.match(await page.locator('.plain-list').textContent(), new RegExp(`${code}.*武汉市测试局.*已登记`));
  // The registered departments, from GET /api/v1/admin/depts, the new one among them.
  await page.waitForFunction((c) => document.querySelector('.depts-table')?.textContent.includes(c), code);
  const depts = (await apiGet('/api/v1/admin/depts', OFFICE_KEY)).items;
  assert.equal(await page.locator('.depts-table tbody tr').count(), depts.length);
  assert.ok(depts.some((x) => x.uscc === code && x.name === '武汉市测试局'));
  await shots('console-depts');
  await page.locator('#sign-out').click();
});

test('escaping: a company name holding markup shows as text', async () => {
  await open(`/search.html?q=${encodeURIComponent('标记测试')}`);
  await page.waitForSelector('.results .result');
  const name = page.locator('.results .result-name a');
  assert.equal(await name.textContent(), MARKUP);
  assert.equal(await page.locator('.results img, .results script, .results b').count(), 0);
  await Promise.all([page.waitForURL(/subject\.html/), name.click()]);
  await page.waitForSelector('body.ready');
  assert.equal(await page.locator('h1').textContent(), MARKUP);
  assert.equal(await page.title(), `${MARKUP} - 信用武汉`);
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await shots('subject-markup');
});

test('no page error, no dialog, no content security policy violation on any page', () => {
  assert.deepEqual(problems, []);
});
