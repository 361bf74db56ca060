// SPDX-License-Identifier: Apache-2.0
// Objections (异议) and repair applications (信用修复) as the subject's page and the console show
// them: their states in words, the time limit of the step they are at, the list, and one claim with
// its steps and evidence files. The evidence is fetched with the key and opened from an object URL,
// so the key never goes into an address.
import { className } from './catalog.js';
import { h, icon, td } from './dom.js';
import { bytes as byteText, reasonText } from './format.js';
import { getLang, has, t } from './i18n.js';

/** Every state a claim can be in, objection and repair together. */
export const CLAIM_STATES = ['submitted', 'accepted', 'forwarded', 'decided', 'closed', 'rejected', 'approved', 'refused'];
/** The states in which a claim is still being handled, by kind. */
export const OPEN_STATES = { objection: ['submitted', 'accepted', 'forwarded', 'decided'], repair: ['submitted'] };

const text = (key, v) => (v && has(key) ? t(key) : v || t('common.none'));

/** A state in words (已提交, 已受理（异议中）...). */
export const stateText = (s) => text(`claim.state.${s}`, s);
/** The kind in words: 异议 or 信用修复. */
export const kindText = (k) => text(`claim.kind.${k}`, k);
/** A step's action in words. */
export const actionText = (a) => text(`claim.action.${a}`, a);
/** An objection's decision in words: 更正, 删除, 维持. */
export const decisionText = (d) => text(`claim.decision.${d}`, d);
/** Who took a step. */
export const roleText = (r) => text(`claim.role.${r}`, r);

/** Whether the claim is still open. */
export function isOpen(c) {
  return (OPEN_STATES[c.kind] || []).includes(c.state);
}

/** The state as a badge. */
export function stateBadge(c) {
  return h('span', { class: `badge badge-claim badge-claim-${c.state}` }, stateText(c.state));
}

/** A date and time from the API (UTC, ISO 8601) in the reader's time and language. */
export function when(iso) {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The time limit (办理时限) of the step a claim is at, marked when it has passed. */
export function dueText(c) {
  if (!c.due || !isOpen(c)) return h('span', { class: 'muted' }, t('claim.noDue'));
  return h('span', { class: ['due', c.overdue ? 'due-over' : ''] }, h('span', { class: 'nowrap' }, c.due), c.overdue ? [' ', h('span', { class: 'badge badge-overdue' }, icon('warn'), t('claim.overdue'))] : null);
}

/** The text of an API error for people: the status in words and the server's detail in this language. */
export function problemText(e) {
  if (!e) return t('error.generic');
  if (e.status === 0) return t('error.network');
  const key = `error.http.${e.status}`;
  const base = has(key) ? t(key) : t('error.generic');
  return e.detail ? t('claim.problem', { base, detail: reasonText(e.detail) }) : base;
}

/** The record a claim is about: its class and document number. */
function recordText(c) {
  return [h('span', { class: 'block' }, c.doc_no || t('claim.recordNo', { id: c.record })), h('span', { class: 'muted small block' }, className(c.class), ' · ', t('claim.recordNo', { id: c.record }))];
}

/**
 * The claims as a table. opts: onOpen(claim) for the row's button, staff (show the subject, for the
 * console), todo(claim) (whether the viewer has something to do with it), selected (an id).
 */
export function claimsTable(items, { onOpen, staff = false, todo = null, selected = null, caption }) {
  const cols = [
    'claim.col.id',
    'claim.col.kind',
    ...(staff ? ['claim.col.subject'] : []),
    'claim.col.record',
    'claim.col.dept',
    'claim.col.state',
    'claim.col.due',
    'claim.col.filed',
    'claim.col.actions',
  ];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table claims-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        {},
        items.map((c) => {
          const open = h('button', { type: 'button', class: 'btn btn-link', id: `claim-open-${c.id}`, 'aria-label': t('claim.openLabel', { id: c.id }) }, t(todo && todo(c) ? 'claim.handle' : 'claim.open'));
          open.addEventListener('click', () => onOpen(c));
          return h(
            'tr',
            { class: [String(c.id) === String(selected) ? 'selected' : '', c.overdue && isOpen(c) ? 'overdue' : ''], dataset: { claim: String(c.id) } },
            td(t('claim.col.id'), 'num', String(c.id)),
            td(t('claim.col.kind'), 'nowrap', kindText(c.kind)),
            staff ? td(t('claim.col.subject'), 'col-name', (c.subject && c.subject.name) || t('common.unknown')) : null,
            td(t('claim.col.record'), 'col-doc', recordText(c)),
            td(t('claim.col.dept'), 'col-dept', (c.dept && c.dept.name) || t('common.unknown')),
            td(t('claim.col.state'), null, stateBadge(c), todo && todo(c) ? [' ', h('span', { class: 'badge badge-todo' }, t('claim.todo'))] : null),
            td(t('claim.col.due'), null, dueText(c)),
            td(t('claim.col.filed'), 'nowrap', when(c.filed_at)),
            td(t('claim.col.actions'), 'nowrap', open),
          );
        }),
      ),
    ),
  );
}

const objectUrls = new Map(); // claim/seq -> object URL of a fetched evidence file

/** Forgets the evidence files fetched so far (on sign-out). */
export function forgetFiles() {
  for (const u of objectUrls.values()) URL.revokeObjectURL(u);
  objectUrls.clear();
}

/**
 * The evidence files of a claim: each opens in a new tab, fetched with the key (fetchRaw(path)
 * gives the Response) and shown from an object URL; a second link saves it.
 */
function fileList(c, fetchRaw, onError) {
  if (!c.files || !c.files.length) return h('p', { class: 'muted' }, t('claim.noFiles'));
  return h(
    'ul',
    { class: 'file-list' },
    c.files.map((f) => {
      const id = `${c.id}/${f.seq}`;
      const open = h('a', { href: objectUrls.get(id) || '#', target: '_blank', rel: 'noopener', class: 'file-open', id: `claim-file-${c.id}-${f.seq}` }, icon('doc'), f.name);
      const save = h('a', { href: objectUrls.get(id) || '#', download: f.name, class: 'btn btn-link file-save' }, t('claim.fileSave'));
      const load = async () => {
        if (!objectUrls.has(id)) {
          const resp = await fetchRaw(`/api/v1/claims/${c.id}/files/${f.seq}`);
          const blob = await resp.blob();
          objectUrls.set(id, URL.createObjectURL(new Blob([blob], { type: f.media_type || blob.type })));
        }
        open.href = objectUrls.get(id);
        save.href = objectUrls.get(id);
        return objectUrls.get(id);
      };
      open.addEventListener('click', async (e) => {
        if (objectUrls.has(id)) return; // the link opens it itself
        e.preventDefault();
        try {
          const url = await load();
          const w = window.open(url, '_blank');
          if (w) w.opener = null;
          else open.focus(); // blocked: the link now opens it
        } catch (err) {
          onError(err);
        }
      });
      save.addEventListener('click', async (e) => {
        if (objectUrls.has(id)) return;
        e.preventDefault();
        try {
          await load();
          save.click();
        } catch (err) {
          onError(err);
        }
      });
      return h(
        'li',
        { class: 'file-item' },
        h('span', { class: 'file-main' }, open, ' ', h('span', { class: 'muted small' }, t('claim.fileMeta', { type: f.media_type, size: byteText(f.size) }))),
        save,
        h('span', { class: 'hash small muted block' }, h('abbr', { title: 'SHA-256' }, 'SHA-256'), ' ', h('span', { class: 'code' }, f.sha256)),
      );
    }),
  );
}

function stepList(c) {
  return h(
    'ol',
    { class: 'steps' },
    (c.steps || []).map((s) =>
      h(
        'li',
        { class: 'step' },
        h('span', { class: 'step-at' }, when(s.at)),
        h(
          'span',
          { class: 'step-body' },
          h('strong', {}, actionText(s.action)),
          ' → ',
          h('span', { class: `badge badge-claim badge-claim-${s.state}` }, stateText(s.state)),
          h('span', { class: 'muted small' }, ' · ', roleText(s.role)),
          s.note ? h('span', { class: 'step-note block' }, s.action === 'decide' ? t('claim.decisionIs', { d: decisionText(s.note) }) : s.note) : null,
          s.due ? h('span', { class: 'muted small block' }, t('claim.stepDue', { due: s.due })) : null,
        ),
      ),
    ),
  );
}

/** A repair application's training: the certificates, or that none was taken (and whether the class needs one). */
function trainingText(tr) {
  const certs = Array.isArray(tr.certificates) ? tr.certificates : [];
  if (!certs.length) return h('span', { class: tr.required ? 'warn-text' : 'muted' }, t(tr.required ? 'claim.trainingMissing' : 'claim.trainingNone'));
  return h('span', {}, h('span', { class: 'badge badge-active' }, t('claim.trainingDone')), ' ', certs.map((x, i) => h('span', { class: 'claim-cert' }, i ? '；' : '', h('span', { class: 'code' }, x.number), ` ${x.course}（${x.date}）`)));
}

const fact = (label, value, cls) => (value == null || value === '' ? null : h('div', { class: cls || null }, h('dt', {}, label), h('dd', {}, value)));

/**
 * One claim: what it is about, its state and time limit, the grounds or commitment, the outcome,
 * the evidence and every step. opts: fetchRaw(path), onError(e), staff (show the subject),
 * actions (a node to put after the facts), headingId.
 */
export function claimDetail(c, { fetchRaw, onError, staff = false, actions = null, headingId = 'claim-detail-title', message = null }) {
  const outcome = [];
  if (c.decision) outcome.push(fact(t('claim.decision'), h('strong', {}, decisionText(c.decision))));
  if (c.reason) outcome.push(fact(t(c.kind === 'repair' ? 'claim.repairReason' : 'claim.reason'), c.reason, 'wide'));
  if (c.fields && typeof c.fields === 'object' && !Array.isArray(c.fields))
    outcome.push(fact(t('claim.fieldsCorrected'), h('ul', { class: 'plain-list compact' }, Object.entries(c.fields).map(([k, v]) => h('li', {}, h('span', { class: 'code' }, k), '：', v == null ? t('claim.fieldCleared') : String(v)))), 'wide'));
  if (Array.isArray(c.lifted) && c.lifted.length) outcome.push(fact(t('claim.lifted'), c.lifted.join(', '), 'wide'));
  if (c.result_record) outcome.push(fact(t('claim.resultRecord'), String(c.result_record)));
  return h(
    'section',
    { class: ['card', 'claim-detail', `claim-${c.kind}`], 'aria-labelledby': headingId, id: 'claim-detail' },
    h('h2', { id: headingId, tabIndex: -1 }, t('claim.detailTitle', { kind: kindText(c.kind), id: c.id })),
    message,
    h('div', { class: 'claim-status' }, stateBadge(c), h('span', { class: 'claim-due' }, t('claim.dueLabel'), ' ', dueText(c)), c.extended ? h('span', { class: 'badge' }, t('claim.extended')) : null),
    h(
      'dl',
      { class: 'facts claim-facts' },
      staff ? fact(t('claim.col.subject'), (c.subject && c.subject.name) || t('common.unknown')) : null,
      fact(t('claim.col.record'), recordText(c)),
      fact(t('claim.col.dept'), c.dept ? t('claim.deptName', { name: c.dept.name || t('common.unknown'), uscc: c.dept.uscc || '' }) : null),
      fact(t('claim.filedAt'), when(c.filed_at)),
      fact(t('claim.filedBy'), roleText(c.filed_role)),
      fact(t('claim.updatedAt'), when(c.updated_at)),
      c.signer ? fact(t('claim.signer'), c.signer) : null,
      c.training ? fact(t('claim.training'), trainingText(c.training), 'wide claim-training') : null,
    ),
    c.text != null ? h('div', { class: 'claim-text' }, h('h3', { class: 'h-small' }, t(c.kind === 'repair' ? 'claim.commitment' : 'claim.grounds')), h('p', { class: 'prose-block' }, c.text)) : null,
    outcome.filter(Boolean).length ? h('div', { class: 'claim-outcome' }, h('h3', { class: 'h-small' }, t('claim.outcome')), h('dl', { class: 'facts' }, outcome)) : null,
    h('h3', { class: 'h-small' }, t('claim.files')),
    fileList(c, fetchRaw, onError),
    actions,
    h('h3', { class: 'h-small' }, t('claim.steps')),
    stepList(c),
  );
}
