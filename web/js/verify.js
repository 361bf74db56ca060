// SPDX-License-Identifier: Apache-2.0
// 报告核验: the page a report's QR code leads to. It says whether the number was issued, when and for
// whom (masked), and checks a PDF against the register: the file is hashed here (SHA-256, Web
// Crypto) and only the hash is sent, so a report with non-public data never leaves this machine.
import { api, ApiError } from './api.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, notice, pageHead } from './layout.js';

const params = new URLSearchParams(location.search);
const S = { number: params.get('number') || '', entry: null, error: null, result: null, checking: false };
let main = null;

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function lookup() {
  S.entry = null;
  S.error = null;
  S.result = null;
  if (!/^4201[0-9]{14}$/.test(S.number)) {
    S.error = t('verify.badNumber');
    return;
  }
  try {
    S.entry = await api(`/api/v1/reports/${S.number}`);
  } catch (e) {
    S.error = e instanceof ApiError && e.status === 404 ? t('verify.unknown', { number: S.number }) : e.detail || e.message;
  }
}

function entryCard(e) {
  const row = (k, v) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v));
  return h(
    'section',
    { class: 'card', id: 'verify-entry', 'aria-labelledby': 'verify-entry-title' },
    h('h2', { id: 'verify-entry-title' }, icon('shield'), t('verify.issued')),
    h(
      'dl',
      { class: 'facts' },
      row('verify.number', h('span', { class: 'code' }, e.number)),
      row('verify.issuedAt', new Date(e.issued_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })),
      row('verify.kind', `${e.kind_zh} · ${e.edition_zh}`),
      row('verify.subject', e.subject.name),
      row('verify.code', h('span', { class: 'code' }, e.subject.code)),
      row('verify.pages', String(e.pages)),
    ),
  );
}

function fileCard() {
  const input = h('input', { type: 'file', id: 'verify-file', class: 'file-input', accept: 'application/pdf,.pdf', 'aria-label': t('verify.choose') });
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    S.checking = true;
    draw();
    try {
      const sha256 = await sha256Hex(file);
      S.result = await api(`/api/v1/reports/${S.number}/verify`, { method: 'POST', json: { sha256 } });
    } catch (e) {
      S.result = { match: false, reason: e.detail || e.message };
    }
    S.checking = false;
    draw();
  });
  const r = S.result;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'verify-file-title' },
    h('h2', { id: 'verify-file-title' }, t('verify.fileTitle')),
    h('p', { class: 'muted' }, t('verify.fileLead')),
    h('div', { class: 'file-row' }, input, h('label', { htmlFor: 'verify-file', class: 'btn btn-secondary file-button' }, icon('upload'), t('verify.choose'))),
    h(
      'div',
      { id: 'verify-result', role: 'status' },
      S.checking ? notice('loading', t('verify.checking')) : r ? notice(r.match ? 'ok' : 'error', r.match ? t('verify.genuine') : t('verify.forged'), h('p', { class: 'small' }, r.reason || '')) : null,
    ),
  );
}

function numberForm() {
  const input = h('input', { id: 'verify-number', type: 'text', class: 'code', value: S.number, inputMode: 'numeric', maxLength: 18, autocomplete: 'off' });
  const form = h('form', { class: 'search-form', id: 'verify-form' }, h('label', { htmlFor: 'verify-number' }, t('verify.numberLabel')), input, h('button', { type: 'submit', class: 'btn' }, t('verify.lookup')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    S.number = input.value.trim();
    history.replaceState(null, '', `?number=${encodeURIComponent(S.number)}`);
    await lookup();
    draw();
  });
  return form;
}

function draw() {
  if (!main) return;
  replace(
    main,
    pageHead(t('verify.title'), t('verify.lead')),
    h('div', { class: 'wrap section' }, numberForm(), S.error ? h('div', { id: 'verify-error' }, notice('error', S.error)) : null, S.entry ? entryCard(S.entry) : null, S.entry ? fileCard() : null),
  );
}

boot({
  page: 'verify',
  title: 'verify.title',
  render: async (m) => {
    main = m;
    if (S.number) await lookup();
    draw();
  },
});
