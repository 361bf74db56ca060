// SPDX-License-Identifier: Apache-2.0
// Identifier checks for the browser: unified social credit code (USCC, GB 32100-2015), resident ID
// number (RIC, GB 11643-1999, legacy 15-digit form upgraded) and organisation code (GB 11714-1997).
// A port of src/core/{ids,uscc,ric,orgcode,region,idcheck}.c (DOMAIN.md §1-2): the same rules in
// the same order, the same rule names and the same kind inference, so that a value judged here is
// judged as `xinyong id check` judges it (tests/e2e/idcheck.test.mjs compares the two).
// Pure functions, no DOM: importable from Node.

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_PLACEHOLDER = '00000000000000000X';

/** Rules in check order; a check reports the first that fails. */
export const RULES = ['length', 'charset', 'category', 'region', 'birthdate', 'checksum'];

const OTHER = ['9', '其他', 'other'];

/** Registration authorities (pos 1) and the categories (pos 2) each allows, DOMAIN §1.2. */
export const AUTHORITIES = Object.freeze(
  Object.fromEntries(
    [
      ['1', '机构编制', 'establishment offices', [
        ['1', '机关', 'government organ'],
        ['2', '事业单位', 'public institution'],
        ['3', '中央编办直管群众团体', 'mass organisation under the central establishment office'],
        OTHER]],
      ['2', '外交', 'foreign affairs', [['1', '外国常住新闻机构', 'resident foreign news organisation'], OTHER]],
      ['3', '司法行政', 'justice', [
        ['1', '律师执业机构', 'law firm'],
        ['2', '公证处', 'notary office'],
        ['3', '基层法律服务所', 'grassroots legal service office'],
        ['4', '司法鉴定机构', 'forensic appraisal institution'],
        ['5', '仲裁委员会', 'arbitration commission'],
        OTHER]],
      ['4', '文化', 'culture', [['1', '外国在华文化中心', 'foreign cultural centre in China'], OTHER]],
      ['5', '民政', 'civil affairs', [
        ['1', '社会团体', 'social association'],
        ['2', '民办非企业单位', 'private non-enterprise unit'],
        ['3', '基金会', 'foundation'],
        OTHER]],
      ['6', '旅游', 'tourism', [
        ['1', '外国旅游部门常驻代表机构', 'foreign tourism office'],
        ['2', '港澳台旅游部门常驻内地代表机构', 'Hong Kong, Macao or Taiwan tourism office'],
        OTHER]],
      ['7', '宗教', 'religion', [['1', '宗教活动场所', 'place of worship'], ['2', '宗教院校', 'religious school'], OTHER]],
      ['8', '工会', 'trade unions', [['1', '基层工会', 'grassroots trade union'], OTHER]],
      ['9', '工商', 'industry and commerce (SAMR)', [
        ['1', '企业', 'enterprise'],
        ['2', '个体工商户', 'individual business'],
        ['3', '农民专业合作社', "farmers' co-operative"]]],
      ['A', '中央军委改革和编制办公室', 'military establishment office', [['1', '军队事业单位', 'military public institution'], OTHER]],
      ['N', '农业', 'agriculture', [
        ['1', '组级集体经济组织', 'group-level collective economic organisation'],
        ['2', '村级集体经济组织', 'village-level collective economic organisation'],
        ['3', '乡镇级集体经济组织', 'township-level collective economic organisation'],
        OTHER]],
      ['Y', '其他', 'other', [['1', '其他', 'other']]],
    ].map(([code, zh, en, cats]) => [
      code,
      Object.freeze({ code, zh, en, categories: Object.freeze(Object.fromEntries(cats.map(([c, czh, cen]) => [c, Object.freeze({ code: c, zh: czh, en: cen })]))) }),
    ]),
  ),
);

/** GB/T 2260 province-level divisions by their first two digits. */
export const PROVINCES = Object.freeze({
  10: ['全国', 'national level'], 11: ['北京市', 'Beijing'], 12: ['天津市', 'Tianjin'], 13: ['河北省', 'Hebei'],
  14: ['山西省', 'Shanxi'], 15: ['内蒙古自治区', 'Inner Mongolia'], 21: ['辽宁省', 'Liaoning'], 22: ['吉林省', 'Jilin'],
  23: ['黑龙江省', 'Heilongjiang'], 31: ['上海市', 'Shanghai'], 32: ['江苏省', 'Jiangsu'], 33: ['浙江省', 'Zhejiang'],
  34: ['安徽省', 'Anhui'], 35: ['福建省', 'Fujian'], 36: ['江西省', 'Jiangxi'], 37: ['山东省', 'Shandong'],
  41: ['河南省', 'Henan'], 42: ['湖北省', 'Hubei'], 43: ['湖南省', 'Hunan'], 44: ['广东省', 'Guangdong'],
  45: ['广西壮族自治区', 'Guangxi'], 46: ['海南省', 'Hainan'], 50: ['重庆市', 'Chongqing'], 51: ['四川省', 'Sichuan'],
  52: ['贵州省', 'Guizhou'], 53: ['云南省', 'Yunnan'], 54: ['西藏自治区', 'Tibet'], 61: ['陕西省', 'Shaanxi'],
  62: ['甘肃省', 'Gansu'], 63: ['青海省', 'Qinghai'], 64: ['宁夏回族自治区', 'Ningxia'], 65: ['新疆维吾尔自治区', 'Xinjiang'],
  71: ['台湾省', 'Taiwan'], 81: ['香港特别行政区', 'Hong Kong'], 82: ['澳门特别行政区', 'Macao'],
});

/**
 * The province-level division of a 6-digit division code, or null: the first two digits must be
 * a known province; "10" only for exactly "100000" (national level).
 * @returns {{code: string, zh: string, en: string, national: boolean} | null}
 */
export function province(code6) {
  const code = String(code6).slice(0, 2);
  if (!/^[0-9]{2}$/.test(code) || !Object.prototype.hasOwnProperty.call(PROVINCES, code)) return null;
  if (code === '10' && String(code6).slice(0, 6) !== '100000') return null;
  const [zh, en] = PROVINCES[code];
  return { code, zh, en, national: code === '10' };
}

const isDigit = (c) => c >= '0' && c <= '9';
const isBlank = (c) => c === ' ' || c === '\t' || c === '\u3000';

/**
 * Normalises a value as typed: trims spaces, tabs and U+3000 at both ends, folds full-width digits,
 * letters and hyphen to ASCII. Case and inner blanks are kept (the checks reject them).
 */
export function normalize(value) {
  const chars = Array.from(String(value ?? ''));
  let start = 0;
  let end = chars.length;
  while (start < end && isBlank(chars[start])) start++;
  while (end > start && isBlank(chars[end - 1])) end--;
  return chars
    .slice(start, end)
    .map((c) => {
      const u = c.codePointAt(0);
      if ((u >= 0xff10 && u <= 0xff19) || (u >= 0xff21 && u <= 0xff3a) || (u >= 0xff41 && u <= 0xff5a)) return String.fromCharCode(u - 0xfee0);
      if (u === 0xff0d) return '-';
      return c;
    })
    .join('');
}

const charCount = (s) => Array.from(s).length;
const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);
// The C code normalises into a 64-byte buffer: a longer value fails the length rule whatever it is.
const utf8Length = (s) => new TextEncoder().encode(s).length;

/** Value of c in the USCC alphabet (0-30), or -1. */
export function usccCharValue(c) {
  return c && c.length === 1 ? USCC_ALPHABET.indexOf(c) : -1;
}

/** The USCC check character (pos 18) for 17 characters, or '' when one is outside the alphabet. */
export function usccCheckChar(first17) {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    const v = usccCharValue(first17[i]);
    if (v < 0) return '';
    sum += v * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

function orgValue(c) {
  if (isDigit(c)) return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return -1;
}

/** The GB 11714 check character for an 8-character body, or '' when a character is not 0-9/A-Z. */
export function orgcodeCheckChar(body8) {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgValue(body8[i]);
    if (v < 0) return '';
    sum += v * weights[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The MOD 11-2 check character of 17 digits, or '' when one is not a digit. */
export function ricCheckChar(digits17) {
  let sum = 0;
  let weight = 1;
  for (let i = 16; i >= 0; i--) {
    if (!isDigit(digits17[i])) return '';
    weight = (weight * 2) % 11;
    sum += (digits17.charCodeAt(i) - 48) * weight;
  }
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** The 18-digit form of a 15-digit number ("19" inserted, check computed), or ''. */
export function ricUpgrade(digits15) {
  if (!/^[0-9]{15}$/.test(digits15)) return '';
  const s = digits15.slice(0, 6) + '19' + digits15.slice(6);
  return s + ricCheckChar(s);
}

/** Masks an identifier as the platform shows it: first 4 and last 4 characters kept (when over 8). */
export function mask(value) {
  const chars = Array.from(String(value ?? ''));
  const n = chars.length;
  return chars.map((c, i) => (n > 8 && (i < 4 || i >= n - 4) ? c : '*')).join('');
}

function result(kind, normalized) {
  return { kind, valid: true, rule: 'ok', normalized, placeholder: false, upgraded: '', expected: '', inference: 'forced', validKinds: [] };
}

function fail(res, rule, extra = {}) {
  return Object.assign(res, { valid: false, rule }, extra);
}

/** Checks a value as a USCC. */
export function checkUscc(value) {
  let s = normalize(value);
  const res = result('uscc', s);
  if (utf8Length(s) > 63) return fail(res, 'length', { normalized: '' });
  if (charCount(s) !== 18) return fail(res, 'length');
  if (!isAscii(s)) return fail(res, 'charset');
  s = s.slice(0, 16) + s.slice(16).replace(/x/g, 'X');
  res.normalized = s;
  if (!(isDigit(s[0]) || s[0] === 'A' || s[0] === 'N' || s[0] === 'Y')) return fail(res, 'charset');
  for (let i = 1; i < 8; i++) if (!isDigit(s[i])) return fail(res, 'charset');
  for (let i = 8; i < 18; i++) if (usccCharValue(s[i]) < 0) return fail(res, 'charset');
  if (s === USCC_PLACEHOLDER) return fail(res, 'category', { placeholder: true });
  const auth = AUTHORITIES[s[0]];
  if (!auth || !auth.categories[s[1]]) return fail(res, 'category');
  if (!province(s.slice(2, 8))) return fail(res, 'region');
  const inner = orgcodeCheckChar(s.slice(8, 16));
  if (inner !== s[16]) return fail(res, 'checksum', { expected: inner, position: 17 });
  const outer = usccCheckChar(s);
  if (outer !== s[17]) return fail(res, 'checksum', { expected: outer, position: 18 });
  return res;
}

function validDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** Today as {year, month, day} in local time. */
export function today() {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** Checks a value as a resident ID number (18 digits, or the legacy 15). today: {year, month, day}. */
export function checkRic(value, now = today()) {
  let s = normalize(value);
  const res = result('ric', s);
  if (utf8Length(s) > 63) return fail(res, 'length', { normalized: '' });
  const chars = charCount(s);
  if (chars !== 18 && chars !== 15) return fail(res, 'length');
  if (chars === 18 && s[17] === 'x') s = s.slice(0, 17) + 'X';
  res.normalized = s;
  if (!isAscii(s) || !/^[0-9]+$/.test(chars === 18 ? s.slice(0, 17) : s) || (chars === 18 && !isDigit(s[17]) && s[17] !== 'X'))
    return fail(res, 'charset');
  const prov = province(s.slice(0, 6));
  if (!prov || prov.national) return fail(res, 'region');
  const y = chars === 18 ? Number(s.slice(6, 10)) : 1900 + Number(s.slice(6, 8));
  const m = Number(s.slice(chars === 18 ? 10 : 8, chars === 18 ? 12 : 10));
  const d = Number(s.slice(chars === 18 ? 12 : 10, chars === 18 ? 14 : 12));
  const birth = y * 10000 + m * 100 + d;
  const until = now.year * 10000 + now.month * 100 + now.day;
  if (y < 1900 || y > 2099 || !validDate(y, m, d) || birth > until) return fail(res, 'birthdate');
  if (chars === 15) {
    res.upgraded = ricUpgrade(s);
    return res;
  }
  const check = ricCheckChar(s);
  if (check !== s[17]) return fail(res, 'checksum', { expected: check, position: 18 });
  return res;
}

/** Checks a value as an organisation code (9 characters, or the print form XXXXXXXX-X). */
export function checkOrgcode(value) {
  const s = normalize(value);
  const res = result('orgcode', s);
  if (utf8Length(s) > 63) return fail(res, 'length', { normalized: '' });
  const chars = charCount(s);
  if (chars !== 9 && (chars !== 10 || !s.includes('-'))) return fail(res, 'length');
  if (!isAscii(s) || (chars === 10 && s[8] !== '-')) return fail(res, 'charset');
  let check = s[chars - 1];
  if (check === 'x') check = 'X';
  for (let i = 0; i < 8; i++) if (orgValue(s[i]) < 0) return fail(res, 'charset');
  if (!isDigit(check) && check !== 'X') return fail(res, 'charset');
  res.normalized = s.slice(0, 8) + check;
  const want = orgcodeCheckChar(s.slice(0, 8));
  if (want !== check) return fail(res, 'checksum', { expected: want, position: 9 });
  return res;
}

const CHECKS = { uscc: checkUscc, ric: checkRic, orgcode: checkOrgcode };
const KINDS = ['uscc', 'ric', 'orgcode'];

function shapeKind(s) {
  const chars = charCount(s);
  if (chars === 15) return 'ric';
  if (chars === 9 || (chars === 10 && s.includes('-'))) return 'orgcode';
  return /^[0-9]+[xX]?$/.test(s) ? 'ric' : 'uscc';
}

/**
 * Checks a value as the given kind ('uscc', 'ric', 'orgcode'), or infers the kind ('any'): the
 * placeholder is a USCC; a value valid as exactly one kind is that kind ('unique'); valid as
 * several ('ambiguous') or none ('guessed') is reported as the kind its shape suggests.
 * @returns {{kind: string, valid: boolean, rule: string, normalized: string, placeholder: boolean,
 *   upgraded: string, expected: string, inference: string, validKinds: string[]}}
 */
export function checkId(value, kind = 'any', now = today()) {
  if (kind !== 'any') {
    if (!CHECKS[kind]) throw new Error(`unknown kind ${kind}`);
    return CHECKS[kind](value, now);
  }
  const norm = normalize(value);
  const s = utf8Length(norm) > 63 ? '' : norm;
  const uscc = checkUscc(value);
  if (uscc.placeholder) return Object.assign(uscc, { inference: 'unique' });
  const validKinds = KINDS.filter((k) => CHECKS[k](value, now).valid);
  const chosen = validKinds.length === 1 ? validKinds[0] : shapeKind(s);
  const res = CHECKS[chosen](value, now);
  res.validKinds = validKinds;
  res.inference = validKinds.length === 1 ? 'unique' : validKinds.length > 1 ? 'ambiguous' : 'guessed';
  return res;
}

/**
 * What a USCC says: authority, category, division code (with its province) and organisation code.
 * code18 must be a normalised 18-character code (it need not be valid).
 */
export function decomposeUscc(code18) {
  const auth = AUTHORITIES[code18[0]] || null;
  const cat = auth ? auth.categories[code18[1]] || null : null;
  return {
    authority: code18[0],
    authorityName: auth ? { zh: auth.zh, en: auth.en } : null,
    category: code18[1],
    categoryName: cat ? { zh: cat.zh, en: cat.en } : null,
    region: code18.slice(2, 8),
    province: province(code18.slice(2, 8)),
    orgcode: code18.slice(8, 17),
    check: code18[17],
  };
}

/** Splits pasted text into values: one a line, or separated by commas, semicolons or blanks. */
export function splitValues(text) {
  return String(text ?? '')
    .split(/[\r\n,;，；、\s\u3000]+/u)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
