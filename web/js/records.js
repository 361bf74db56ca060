// SPDX-License-Identifier: Apache-2.0
// One public record as a card: its document number, deciding department, dates and publicity
// end first, then the fields of its class. Field names and code texts come from the catalogue.
import { codeText, fieldName } from './catalog.js';
import { h, icon } from './dom.js';
import { maskId } from './format.js';
import { t } from './i18n.js';

/** The fields shown for each class, in order; long ones fold away. */
const FIELDS = {
  license: ['decision_doc_name', 'license_category', 'certificate_name', 'certificate_no', 'content', 'valid_from', 'valid_to', 'status', 'matter_code'],
  penalty: ['violation_type', 'penalty_categories', 'content', 'fine_wan', 'confiscated_wan', 'suspended_license', 'legal_basis', 'valid_to', 'severity', 'sector', 'procedure', 'facts'],
  red_list: ['reason', 'legal_basis', 'domain', 'valid_from', 'valid_to'],
  black_list: ['reason', 'legal_basis', 'domain', 'valid_from', 'valid_to'],
  watch_list: ['reason', 'legal_basis', 'domain', 'valid_from', 'valid_to'],
  commitment: ['commitment_type', 'matter_name', 'valid_to', 'fulfilment', 'text'],
  arrears: ['item', 'amount_wan', 'since', 'remarks'], // not public: seen by its subject and under its grant
  defaulter: ['case_no', 'conduct', 'performance', 'obligation', 'performed_part', 'unperformed_part', 'basis_doc_no', 'basis_issuer', 'filed_on'],
  gov_integrity: ['rectification', 'rectified_on', 'event_type', 'sum_wan', 'rectification_note', 'legal_basis', 'facts'],
  inspection: ['inspection_type', 'matter', 'result', 'handling'],
  enforcement: ['method', 'grounds', 'content', 'sum_wan', 'legal_basis', 'valid_to'],
  confirmation: ['matter_name', 'confirmation_kind', 'content', 'valid_to'],
  admin_reward: ['award_name', 'award_level', 'reward_form', 'bonus_wan', 'grounds', 'legal_basis', 'valid_to'],
  honour: ['honour_name', 'award_level', 'grounds', 'valid_to'],
};
const LONG = new Set(['facts', 'text']);
const CODED = new Set([
  'party_category', 'party_id_type', 'license_category', 'status', 'penalty_categories', 'severity', 'sector', 'procedure', 'commitment_type', 'fulfilment',
  'performance', 'conduct', 'event_type', 'rectification', 'inspection_type', 'result', 'method', 'confirmation_kind', 'award_level', 'reward_form',
]);
const MONEY = new Set(['fine_wan', 'confiscated_wan', 'amount_wan', 'sum_wan', 'bonus_wan']);
const DEPT = {
  license: 'authority', penalty: 'authority', red_list: 'identifying_dept', black_list: 'identifying_dept', watch_list: 'identifying_dept', commitment: 'accepting_dept', arrears: 'authority',
  defaulter: 'court', gov_integrity: 'identifying_dept', inspection: 'authority', enforcement: 'authority', confirmation: 'authority', admin_reward: 'authority', honour: 'authority',
};
/** Rectification (政务诚信) shown as a badge: 1 rectified, 2 in progress, 3 not rectified. */
const RECTIFICATION_BADGE = { 1: 'badge-ok', 2: 'badge-watch', 3: 'badge-black' };

/** The deciding department of a record (the field of its class, else the submitting one). */
export function deptOf(cls, r) {
  return r[DEPT[cls]] || (r._record && r._record.dept_name) || '';
}

/** Whether the record is under objection (异议): marked by the server in _record. */
export function underObjection(r) {
  const m = r._record || {};
  return m.under_objection === true;
}

/** The list source above an entry came from (a national list: "national:court"), or null. */
export function upperSource(r) {
  const m = r._record || {};
  return typeof m.source === 'string' ? m.source : null;
}

/** An amount in 万元 (decimal text, as the API gives it) as yuan, exactly: "0.38" -> "3,800.00 元". */
export function yuan(wan) {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(wan).trim());
  if (!m) return String(wan);
  const frac = (m[3] || '').padEnd(6, '0');
  const whole = (m[2] + frac.slice(0, 4)).replace(/^0+(?=[0-9])/, '');
  const cents = frac.slice(4, 6);
  const grouped = whole.replace(/\B(?=([0-9]{3})+(?![0-9]))/g, ',');
  return t('unit.yuan', { n: `${m[1]}${grouped}.${cents}` });
}

/** The label of a field: money fields are shown in yuan, so their label drops the 万元. */
function label(cls, key) {
  return MONEY.has(key) ? t(`record.${key}`) : fieldName(cls, key);
}

/** A field's value as text. */
export function valueText(cls, key, v) {
  if (v == null || v === '') return '';
  if (CODED.has(key)) return codeText(cls, key, v);
  if (MONEY.has(key)) return yuan(v);
  if (key === 'party_id_no' || key === 'legal_rep_id_no') return maskId(v);
  return v;
}

function fact(label, value, cls) {
  if (value == null || value === '') return null;
  return h('div', { class: cls || null }, h('dt', {}, label), h('dd', {}, value));
}

/** The publicity end of a record as text. */
export function publicityEnd(r) {
  const until = r._record && r._record.public_until;
  return until || t('record.publicWhileInForce');
}

/** A record card. withParty: also show the party (for boards, not on the subject's own page). */
export function recordCard(cls, r, withParty = null) {
  const meta = r._record || {};
  const objection = underObjection(r);
  const fields = (FIELDS[cls] || []).filter((k) => r[k] != null && r[k] !== '');
  return h(
    'article',
    { class: ['record', 'card', objection ? 'record-objection' : ''], 'aria-labelledby': `rec-${meta.id}` },
    h(
      'header',
      { class: 'record-head' },
      h('h3', { id: `rec-${meta.id}`, class: 'record-title' }, h('span', { class: 'record-docno-label' }, t('record.docNo')), ' ', h('span', { class: 'record-docno' }, r.doc_no || '')),
      objection ? h('span', { class: 'badge badge-objection', title: t('record.objection.help') }, icon('warn'), t('record.objection')) : null,
      // An entry of a list published above (the courts' list, say): which platform it came from.
      upperSource(r) ? h('span', { class: 'badge badge-source', title: upperSource(r) }, t('record.upperSource', { source: upperSource(r) })) : null,
      cls === 'gov_integrity' && r.rectification
        ? h('span', { class: `badge badge-rectification ${RECTIFICATION_BADGE[r.rectification] || ''}`, dataset: { rectification: r.rectification } }, codeText(cls, 'rectification', r.rectification))
        : null,
    ),
    withParty,
    h(
      'dl',
      { class: 'facts record-key' },
      fact(t('record.dept'), deptOf(cls, r)),
      fact(t('record.decisionDate'), r.decision_date),
      fact(t('record.validTo'), meta.valid_to || r.valid_to),
      // Red while the record is published; a record repaired, withdrawn or expired is no longer shown to
      // the public, and its former end is plain.
      fact(t('record.publicUntil'), publicityEnd(r), meta.status && meta.status !== 'published' ? 'publicity publicity-ended' : 'publicity'),
    ),
    h(
      'dl',
      { class: 'facts record-fields' },
      fields.filter((k) => !LONG.has(k) && k !== 'valid_to').map((k) => fact(label(cls, k), valueText(cls, k, r[k]), k === 'content' || k === 'reason' || k === 'legal_basis' ? 'wide' : null)),
    ),
    fields
      .filter((k) => LONG.has(k))
      .map((k) => h('details', { class: 'record-long' }, h('summary', {}, fieldName(cls, k)), h('p', {}, r[k]))),
  );
}
