// SPDX-License-Identifier: Apache-2.0
// web/js/idcheck.js, the browser's identifier checks: the worked examples of DOMAIN.md §1-2, then
// the same verdicts as `xinyong id check --json` (the C reference) on several hundred values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import {
  checkId,
  checkOrgcode,
  checkRic,
  checkUscc,
  decomposeUscc,
  mask,
  normalize,
  orgcodeCheckChar,
  ricCheckChar,
  ricUpgrade,
  splitValues,
  usccCheckChar,
} from '../../web/js/idcheck.js';

const TODAY = { year: 2026, month: 11, day: 28 };

test('USCC worked examples (DOMAIN §1.5) pass both checks', () => {
  for (const code of ['91110000600037341L', '91420684MA4927PJ7B', '121200004013590816', '9144030071526726XG', '92340602MA2PBMEM24', '11230500001755309F', '91310115MA1K3BTP2B', '91340600MA2PBM9HXD', '91620105L015101280', '913101127033980359', '92340621MA2UK3PJXE', '91230500MA1B3N1N2M']) {
    const r = checkUscc(code);
    assert.equal(r.valid, true, `${code}: ${r.rule}`);
    assert.equal(usccCheckChar(code.slice(0, 17)), code[17]);
    assert.equal(orgcodeCheckChar(code.slice(8, 16)), code[16]);
  }
});

test('USCC rules in order: length, charset, category, region, checksum', () => {
  assert.equal(checkUscc('91420684MA4927PJ7').rule, 'length');
  assert.equal(checkUscc('91420684MA4927PJIB').rule, 'charset'); // I is not in the alphabet
  assert.equal(checkUscc('9A420684MA4927PJ7B').rule, 'charset');
  assert.equal(checkUscc('94420684MA4927PJ7B').rule, 'category'); // 9 allows categories 1-3 only
  assert.equal(checkUscc('91990684MA4927PJ7B').rule, 'region');
  const bad = checkUscc('91420684MA4927PJ7C');
  assert.equal(bad.rule, 'checksum');
  assert.equal(bad.expected, 'B');
  assert.equal(bad.position, 18);
  const inner = checkUscc('91420684MA4927PJ8B');
  assert.equal(inner.rule, 'checksum');
  assert.equal(inner.expected, '7');
  assert.equal(inner.position, 17);
  const ph = checkUscc('00000000000000000X');
  assert.equal(ph.rule, 'category');
  assert.equal(ph.placeholder, true);
});

test('USCC input is normalised: blanks trimmed, full width folded, x at the check positions', () => {
  assert.equal(checkUscc(' \u300091420684MA4927PJ7B\t').valid, true);
  assert.equal(checkUscc('９１４２０６８４ＭＡ４９２７ＰＪ７Ｂ').valid, true);
  assert.equal(normalize('ｍａ'), 'ma');
  assert.equal(checkUscc('9144030071526726xG').valid, true);
  assert.equal(checkUscc('91420684ma4927pj7b').rule, 'charset');
  assert.equal(checkUscc('9142 0684MA4927PJ7B').rule, 'length');
});

test('USCC decomposition', () => {
  const p = decomposeUscc('91420684MA4927PJ7B');
  assert.equal(p.authorityName.zh, '工商');
  assert.equal(p.categoryName.zh, '企业');
  assert.equal(p.region, '420684');
  assert.equal(p.province.zh, '湖北省');
  assert.equal(p.orgcode, 'MA4927PJ7');
  assert.equal(decomposeUscc('N2420100MA4927PJ7B').categoryName.en, 'village-level collective economic organisation');
});

test('ID numbers (DOMAIN §2.2-2.3)', () => {
  for (const v of ['360426199101010071', '44011320141005001X', '44011320141005001x', '412723199010050012', '110102199101010078', '34052419800101001X'])
    assert.equal(checkRic(v, TODAY).valid, true, v);
  assert.equal(checkRic('36042619910102009X', TODAY).rule, 'checksum');
  assert.equal(checkRic('360426199113010079', TODAY).rule, 'birthdate');
  assert.equal(checkRic('360426203001010071', TODAY).rule, 'birthdate'); // after today
  assert.equal(checkRic('100000199001010011', TODAY).rule, 'region'); // national level is no address
  assert.equal(checkRic('3604261991010100711', TODAY).rule, 'length');
  assert.equal(ricCheckChar('37080219940221002'), '9');
  assert.equal(ricUpgrade('370802940221002'), '370802199402210029');
  assert.equal(ricUpgrade('370986890623212'), '370986198906232123');
  assert.equal(ricUpgrade('370725881105149'), '37072519881105149X');
  const legacy = checkRic('370802940221002', TODAY);
  assert.equal(legacy.valid, true);
  assert.equal(legacy.upgraded, '370802199402210029');
});

test('organisation codes (GB 11714)', () => {
  assert.equal(checkOrgcode('60003734-1').valid, true);
  assert.equal(checkOrgcode('600037341').normalized, '600037341');
  assert.equal(checkOrgcode('71526726-X').valid, true);
  assert.equal(checkOrgcode('71526726-x').valid, true);
  assert.equal(checkOrgcode('MA4927PJ7').valid, true);
  assert.equal(checkOrgcode('MA4927PJ8').expected, '7');
  assert.equal(checkOrgcode('6000373-41').rule, 'charset');
  assert.equal(checkOrgcode('6000373411').rule, 'length');
});

test('kind inference', () => {
  assert.equal(checkId('91420684MA4927PJ7B').kind, 'uscc');
  assert.equal(checkId('360426199101010071').kind, 'ric');
  assert.equal(checkId('60003734-1').kind, 'orgcode');
  assert.equal(checkId('370802940221002').kind, 'ric');
  const guessed = checkId('12345');
  assert.equal(guessed.inference, 'guessed');
  assert.equal(guessed.kind, 'ric');
  assert.equal(checkId('00000000000000000X').placeholder, true);
});

test('masking and splitting pasted text', () => {
  assert.equal(mask('360426199101010071'), '3604**********0071');
  assert.equal(mask('12345678'), '********');
  assert.deepEqual(splitValues(' a,b；c\n\nd\u3000e 、f '), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('the same verdicts as `xinyong id check` on generated values', { skip: !process.env.XY && 'XY (the xinyong binary) is not set' }, () => {
  let seed = 20261128;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = (s) => s[Math.floor(rnd() * s.length)];
  const values = ['', ' ', '91420684MA4927PJ7B', '00000000000000000x', 'A1110000600037341L', 'Y1110000600037341L', '91420684ma4927pj7b', 'ＭＡ４９２７ＰＪ７', '中文中文中文中文中文中文中文中文中文', '9'.repeat(70), '4201171899010112', '420117189912311231'];
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZx-';
  for (let i = 0; i < 300; i++) {
    const len = pick([9, 10, 15, 17, 18, 18, 18, 19]);
    let s = '';
    for (let j = 0; j < len; j++) s += rnd() < 0.7 ? String(Math.floor(rnd() * 10)) : pick(chars);
    values.push(s);
  }
  for (let i = 0; i < 100; i++) {
    const body = pick(['MA', '00', '71', 'L0']) + String(Math.floor(rnd() * 1e6)).padStart(6, '0');
    const org = body + orgcodeCheckChar(body);
    const first = pick(['91', '92', '93', '11', '12', '51', '52', '53', 'N1', 'N2', 'Y1', '81', '31']) + pick(['420102', '420111', '420100', '110000', '100000', '990000']) + org;
    values.push(first + usccCheckChar(first), first + pick(chars.slice(0, 31)));
    const ric = pick(['420102', '360426', '110102', '100000']) + String(1890 + Math.floor(rnd() * 150)) + String(1 + Math.floor(rnd() * 12)).padStart(2, '0') + String(1 + Math.floor(rnd() * 31)).padStart(2, '0') + String(Math.floor(rnd() * 1000)).padStart(3, '0');
    values.push(ric + ricCheckChar(ric), ric.slice(0, 6) + ric.slice(8, 17), org.slice(0, 8) + '-' + org[8]);
  }
  let out;
  try {
    out = execFileSync(process.env.XY, ['id', 'check', '--json', '--', ...values], { encoding: 'utf8', maxBuffer: 1 << 24 });
  } catch (e) {
    out = e.stdout; // exit 1: some invalid
  }
  const c = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(c.length, values.length);
  const now = new Date();
  const today = { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
  let valid = 0;
  values.forEach((v, i) => {
    const j = checkId(v, 'any', today);
    const note = j.placeholder ? 'placeholder' : j.inference === 'guessed' ? 'guessed' : j.inference === 'ambiguous' ? `ambiguous:valid-as-${j.validKinds.join('-and-')}` : null;
    const want = { valid: c[i].valid, kind: c[i].kind, rule: c[i].rule ?? 'ok', upgraded: c[i].upgraded ?? '', note: c[i].note ?? null, normalized: c[i].normalized };
    const got = { valid: j.valid, kind: j.kind, rule: j.rule, upgraded: j.upgraded, note, normalized: j.normalized };
    assert.deepEqual(got, want, `value ${JSON.stringify(v)}`);
    if (j.valid) valid++;
  });
  assert.ok(valid > 150, `only ${valid} valid values generated`);
});
