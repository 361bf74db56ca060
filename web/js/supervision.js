// SPDX-License-Identifier: Apache-2.0
// The console's supervision notices (督办). The credit office sees every notice the rules raised,
// runs the rules, sends a candidate with a deadline in working days or dismisses it, and accepts or
// returns a department's answer; escalated notices are flagged. A department sees its inbox: the
// notices sent to it, each with its letter (督办函, a PDF) and a form to answer with its rectification
// and files. The auditor reads the list. The server decides who sees which notice.
import { h } from './dom.js';
import { t } from './i18n.js';
import { errorText, notice } from './layout.js';

const TEXT_MAX = 4000;
const FILE_MAX = 2 * 1024 * 1024;

let S = { items: null, error: null, message: null, selected: null, detail: null, busy: false, state: '' };
let ctx = null; // { call, role, key, redraw }

export function resetSupervision() {
  S = { items: null, error: null, message: null, selected: null, detail: null, busy: false, state: '' };
}

async function load() {
  S.busy = true;
  try {
    const page = await ctx.call('/api/v1/supervision/notices', { params: { limit: 100, ...(S.state ? { state: S.state } : {}) } });
    S.items = page.items;
    S.error = null;
  } catch (e) {
    S.error = e;
  }
  S.busy = false;
  ctx.redraw();
}

async function open(id) {
  S.selected = id;
  try {
    S.detail = await ctx.call(`/api/v1/supervision/notices/${id}`);
  } catch (e) {
    S.detail = null;
    S.error = e;
  }
  ctx.redraw();
}

async function act(id, json) {
  try {
    S.detail = await ctx.call(`/api/v1/supervision/notices/${id}/actions`, { method: 'POST', json });
    S.message = t('sup.done');
    S.error = null;
  } catch (e) {
    S.error = e;
  }
  await load();
}

async function scan() {
  try {
    const r = await ctx.call('/api/v1/supervision/scan', { method: 'POST' });
    S.message = t('sup.scanned', { raised: r.raised, escalated: r.escalated });
  } catch (e) {
    S.error = e;
  }
  await load();
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

async function answer(id, text, fileList) {
  const files = [];
  for (const f of Array.from(fileList || []).slice(0, 5)) {
    if (f.size > FILE_MAX) {
      S.error = new Error(t('sup.fileTooBig', { name: f.name }));
      ctx.redraw();
      return;
    }
    files.push({ name: f.name, media_type: f.type || 'application/pdf', data: await base64(f) });
  }
  try {
    S.detail = await ctx.call(`/api/v1/supervision/notices/${id}/answers`, { method: 'POST', json: { text, files } });
    S.message = t('sup.answered');
    S.error = null;
  } catch (e) {
    S.error = e;
  }
  await load();
}

async function letter(id) {
  try {
    const resp = await ctx.call(`/api/v1/supervision/notices/${id}/letter`, { raw: true, accept: 'application/pdf' });
    const url = URL.createObjectURL(await resp.blob());
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    S.error = e;
    ctx.redraw();
  }
}

function row(n) {
  const b = h('button', { type: 'button', class: 'btn btn-link', id: `notice-${n.id}` }, n.number || `#${n.id}`);
  b.addEventListener('click', () => open(n.id));
  const flags = [n.escalated ? t('sup.escalated') : '', n.overdue ? t('sup.overdue') : ''].filter(Boolean).join(' · ');
  return h(
    'tr',
    { class: n.escalated || n.overdue ? 'warn' : null },
    h('td', {}, b),
    h('td', {}, n.dept.name),
    h('td', {}, n.rule_title),
    h('td', {}, n.state_zh),
    h('td', {}, n.due || '—'),
    h('td', {}, flags),
  );
}

function facts(n) {
  return h(
    'dl',
    { class: 'facts' },
    Object.entries(n.facts || {}).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null ? '—' : String(v))]),
  );
}

function officeForm(n) {
  const box = h('div', { class: 'inline-form' });
  if (n.state === 'candidate') {
    const days = h('input', { type: 'number', min: 1, max: 250, id: 'sup-days', placeholder: t('sup.days') });
    const send = h('button', { type: 'button', class: 'btn', id: 'sup-send' }, t('sup.send'));
    send.addEventListener('click', () => act(n.id, { action: 'send', ...(days.value ? { workdays: Number(days.value) } : {}) }));
    const reason = h('input', { type: 'text', maxLength: TEXT_MAX, id: 'sup-reason', placeholder: t('sup.reason') });
    const dismiss = h('button', { type: 'button', class: 'btn btn-secondary', id: 'sup-dismiss' }, t('sup.dismiss'));
    dismiss.addEventListener('click', () => act(n.id, { action: 'dismiss', reason: reason.value }));
    box.append(h('label', { htmlFor: 'sup-days' }, t('sup.days')), days, send, reason, dismiss);
  } else if (n.state === 'answered') {
    const note = h('input', { type: 'text', maxLength: TEXT_MAX, id: 'sup-note', placeholder: t('sup.note') });
    const ok = h('button', { type: 'button', class: 'btn', id: 'sup-accept' }, t('sup.accept'));
    ok.addEventListener('click', () => act(n.id, { action: 'accept', ...(note.value ? { note: note.value } : {}) }));
    const back = h('button', { type: 'button', class: 'btn btn-secondary', id: 'sup-return' }, t('sup.return'));
    back.addEventListener('click', () => act(n.id, { action: 'return', note: note.value }));
    box.append(note, ok, back);
  }
  return box;
}

function answerForm(n) {
  if (!['sent', 'returned', 'escalated'].includes(n.state)) return null;
  const text = h('textarea', { id: 'sup-answer', maxLength: TEXT_MAX, rows: 4 });
  const files = h('input', { type: 'file', id: 'sup-files', multiple: true, accept: 'application/pdf,image/png,image/jpeg' });
  const go = h('button', { type: 'button', class: 'btn', id: 'sup-answer-send' }, t('sup.answer'));
  go.addEventListener('click', () => answer(n.id, text.value, files.files));
  return h('div', { class: 'answer-form' }, h('label', { htmlFor: 'sup-answer' }, t('sup.rectification')), text, files, go);
}

function detail(n) {
  const pdf = h('button', { type: 'button', class: 'btn btn-secondary', id: 'sup-letter' }, t('sup.letter'));
  pdf.addEventListener('click', () => letter(n.id));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'sup-detail-title' },
    h('h3', { id: 'sup-detail-title', tabIndex: -1 }, `${n.number || `#${n.id}`} · ${n.rule_title}`),
    h('p', {}, `${n.dept.name} · ${n.state_zh}${n.due ? ` · ${t('sup.due')} ${n.due}` : ''}${n.escalated ? ` · ${t('sup.escalated')}` : ''}`),
    facts(n),
    n.number ? pdf : null,
    (n.answers || []).map((a) => h('blockquote', {}, h('p', {}, a.text), h('p', { class: 'muted small' }, `${a.at}${a.verdict ? ` · ${a.verdict}` : ''}${a.files.length ? ` · ${a.files.map((f) => f.name).join('、')}` : ''}`))),
    ctx.role === 'office' ? officeForm(n) : ctx.role === 'department' ? answerForm(n) : null,
  );
}

/** The view: ctx { call, role, redraw }. */
export function supervisionView(c) {
  ctx = c;
  if (S.items === null && !S.busy) load();
  const head = h('div', { class: 'inline-form', role: 'group', 'aria-label': t('sup.filter') });
  if (ctx.role === 'office') {
    const b = h('button', { type: 'button', class: 'btn', id: 'sup-scan' }, t('sup.scan'));
    b.addEventListener('click', scan);
    head.append(b);
  }
  const filter = h(
    'select',
    { id: 'sup-state' },
    ['', 'candidate', 'sent', 'answered', 'returned', 'escalated', 'accepted', 'dismissed'].map((s) => h('option', { value: s }, s ? t(`sup.state.${s}`) : t('sup.all'))),
  );
  filter.value = S.state;
  filter.addEventListener('change', () => {
    S.state = filter.value;
    load();
  });
  head.append(h('label', { htmlFor: 'sup-state' }, t('sup.filter')), filter);
  const table =
    S.items && S.items.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table' },
            h('thead', {}, h('tr', {}, ['sup.col.number', 'sup.col.dept', 'sup.col.rule', 'sup.col.state', 'sup.col.due', 'sup.col.flags'].map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', {}, S.items.map(row)),
          ),
        )
      : h('p', { class: 'muted' }, S.items ? t(ctx.role === 'department' ? 'sup.inboxEmpty' : 'sup.empty') : t('sup.loading'));
  const out = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sup-title', id: 'view-supervision-box' },
    h('h2', { id: 'sup-title' }, t(ctx.role === 'department' ? 'sup.inbox' : 'sup.title')),
    S.message ? notice('info', S.message) : null,
    S.error ? notice('error', errorText(S.error)) : null,
    head,
    table,
  );
  return h('div', {}, out, S.detail ? detail(S.detail) : null);
}
