// SPDX-License-Identifier: Apache-2.0
// Shared presentation helpers: districts from a code's division digits, the matched part of a
// search hit, bilingual server reasons, masking.
import { h } from './dom.js';
import { getLang, t } from './i18n.js';
import { mask, normalize, province } from './idcheck.js';

/** Wuhan's districts (GB/T 2260), DOMAIN §1.1, and the city itself for city-level registrations. */
export const WUHAN_DISTRICTS = Object.freeze({
  420100: ['武汉市（市本级）', 'Wuhan (city level)'],
  420102: ['江岸区', 'Jiang’an'],
  420103: ['江汉区', 'Jianghan'],
  420104: ['硚口区', 'Qiaokou'],
  420105: ['汉阳区', 'Hanyang'],
  420106: ['武昌区', 'Wuchang'],
  420107: ['青山区', 'Qingshan'],
  420111: ['洪山区', 'Hongshan'],
  420112: ['东西湖区', 'Dongxihu'],
  420113: ['汉南区', 'Hannan'],
  420114: ['蔡甸区', 'Caidian'],
  420115: ['江夏区', 'Jiangxia'],
  420116: ['黄陂区', 'Huangpi'],
  420117: ['新洲区', 'Xinzhou'],
});

/** The name of a 6-digit division code: a Wuhan district, else its province with the code. */
export function regionName(code6) {
  if (!code6 || !/^[0-9]{6}$/.test(code6)) return '';
  const en = getLang() === 'en';
  const d = WUHAN_DISTRICTS[code6];
  if (d) return en ? d[1] : d[0];
  const p = province(code6);
  if (!p) return code6;
  return `${en ? p.en : p.zh} (${code6})`;
}

/** The district of a subject or record, from its USCC (pos 3-8), or ''. */
export function districtOf(uscc) {
  if (!uscc || uscc.length !== 18) return '';
  return regionName(uscc.slice(2, 8));
}

/** The district code of a USCC, or ''. */
export function districtCode(uscc) {
  return uscc && uscc.length === 18 && /^[0-9]{6}$/.test(uscc.slice(2, 8)) ? uscc.slice(2, 8) : '';
}

/** The search text as the server compares it: normalised (full-width folded, trimmed). */
export function searchKey(q) {
  return normalize(q);
}

/**
 * Text with the first occurrence of q marked: [before, <mark>q</mark>, after] (case-insensitive
 * for Latin letters). prefixOnly: mark only when text starts with q. Returns null when q is not in
 * text.
 */
export function highlight(text, q, prefixOnly = false) {
  if (!text || !q) return null;
  const hay = text.toUpperCase();
  const needle = q.toUpperCase();
  const at = hay.indexOf(needle);
  if (at < 0 || (prefixOnly && at !== 0)) return null;
  return [text.slice(0, at), h('mark', {}, text.slice(at, at + q.length)), text.slice(at + q.length)];
}

const HAN = /[\u3400-\u9fff]/u;

/**
 * The Chinese or English part of a server reason written "中文 (English)", for the current
 * language; the whole reason when it has no such parts (an English reason that ends by citing a
 * Chinese document in brackets is whole: the bracket has Chinese in it).
 */
export function reasonText(reason) {
  const m = /^(.*\S)\s+\(([^()]*)\)$/su.exec(String(reason || ''));
  if (!m || !HAN.test(m[1]) || HAN.test(m[2])) return reason || '';
  return getLang() === 'en' ? m[2] : m[1];
}

/** A personal ID number as the platform shows it (first 4 and last 4 characters). */
export function maskId(value) {
  if (!value) return '';
  return value.includes('*') ? value : mask(value);
}

/** "kind" of a subject as text. */
export function kindText(kind) {
  return t(`kind.${kind}`);
}

/** A byte count for people. */
export function bytes(n) {
  if (n < 1024) return t('unit.bytes', { n });
  if (n < 1024 * 1024) return t('unit.kib', { n: Math.round(n / 102.4) / 10 });
  return t('unit.mib', { n: Math.round(n / (1024 * 104.8576)) / 10 });
}
