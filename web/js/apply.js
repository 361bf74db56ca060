// SPDX-License-Identifier: Apache-2.0
// 账户申请: a company (or a person) applies for an account to 我的信用 with its code, name, contact
// and two scanned papers (POST /api/v1/applications). The files are read here and sent in base64;
// the server checks everything (the code's check characters, each file's type by its first bytes,
// its size) and this page says what it answered.
import { api } from './api.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead } from './layout.js';

const FILE_MAX = 2 * 1024 * 1024;
const MEDIA = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const S = { kind: 'org', draft: {}, error: null, done: null, busy: false };
let main = null;

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** A chosen file as the API takes it, or a text saying why not (the server checks again). */
async function fileOf(input) {
  const f = input.files && input.files[0];
  if (!f) return null;
  if (f.size > FILE_MAX) throw new Error(t('apply.fileTooBig', { name: f.name }));
  const ext = (f.name.split('.').pop() || '').toLowerCase();
  return { name: f.name, media_type: f.type || MEDIA[ext] || 'application/octet-stream', data: await readBase64(f) };
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function text(id, opts = {}) {
  return h('input', { id, name: id, type: 'text', value: S.draft[id] || '', maxLength: opts.max || 200, required: opts.required !== false, autocomplete: opts.autocomplete || 'off', class: opts.cls || 'input-wide', 'aria-describedby': opts.hint ? `${id}-hint` : null, inputMode: opts.inputMode || null, spellcheck: false });
}

function kindChoice() {
  const sel = h('select', { id: 'apply-kind', name: 'kind' }, ['org', 'person'].map((k) => h('option', { value: k, selected: S.kind === k }, t(`apply.kind.${k}`))));
  sel.addEventListener('change', () => {
    keepDraft();
    S.kind = sel.value;
    S.error = null;
    draw();
    document.getElementById('apply-kind')?.focus();
  });
  return field('apply-kind', t('apply.kind'), sel);
}

function keepDraft() {
  for (const id of ['apply-code', 'apply-name', 'apply-legal-rep', 'apply-contact', 'apply-phone', 'apply-email']) {
    const el = document.getElementById(id);
    if (el) S.draft[id] = el.value;
  }
}

function form() {
  const org = S.kind === 'org';
  const code = text('apply-code', { max: 18, cls: 'code', hint: true });
  const name = text('apply-name', { autocomplete: org ? 'organization' : 'name' });
  const rep = org ? text('apply-legal-rep', { max: 100 }) : null;
  const contact = text('apply-contact', { max: 100, autocomplete: 'name' });
  const phone = text('apply-phone', { max: 32, inputMode: 'tel', autocomplete: 'tel', cls: '' });
  phone.type = 'tel';
  const email = h('input', { id: 'apply-email', name: 'apply-email', type: 'email', value: S.draft['apply-email'] || '', maxLength: 254, autocomplete: 'email', class: 'input-wide', 'aria-describedby': 'apply-email-hint' });
  const licence = h('input', { id: 'apply-licence', type: 'file', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg', required: true, 'aria-describedby': 'apply-licence-hint' });
  const letter = h('input', { id: 'apply-letter', type: 'file', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg', required: true, 'aria-describedby': 'apply-letter-hint' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', id: 'apply-submit', disabled: S.busy }, S.busy ? t('apply.busy') : t('apply.submit'));
  const f = h(
    'form',
    { class: 'card', id: 'apply-form', method: 'post', 'aria-labelledby': 'apply-form-title' },
    h('h2', { id: 'apply-form-title' }, icon('key'), t('apply.formTitle')),
    S.error ? notice('error', S.error) : null,
    kindChoice(),
    field('apply-code', t(`apply.code.${S.kind}`), code, t(`apply.codeHint.${S.kind}`)),
    field('apply-name', t(`apply.name.${S.kind}`), name),
    org ? field('apply-legal-rep', t('apply.legalRep'), rep) : null,
    field('apply-contact', t('apply.contact'), contact),
    field('apply-phone', t('apply.phone'), phone),
    field('apply-email', t('apply.email'), email, t('apply.emailHint')),
    field('apply-licence', t(`apply.licence.${S.kind}`), licence, t('apply.fileHint')),
    field('apply-letter', t('apply.letter'), letter, t('apply.fileHint')),
    button,
  );
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    keepDraft();
    S.busy = true;
    button.disabled = true;
    try {
      const body = {
        kind: S.kind,
        code: code.value.trim(),
        name: name.value.trim(),
        contact: contact.value.trim(),
        phone: phone.value.trim(),
        licence: await fileOf(licence),
        letter: await fileOf(letter),
      };
      if (org) body.legal_rep = rep.value.trim();
      if (email.value.trim()) body.email = email.value.trim();
      if (!body.licence) delete body.licence;
      if (!body.letter) delete body.letter;
      const r = await api('/api/v1/applications', { method: 'POST', json: body });
      S.done = r.id;
      S.error = null;
      S.draft = {};
    } catch (err) {
      S.error = errorText(err);
    }
    S.busy = false;
    await draw();
    document.getElementById(S.done ? 'apply-done' : 'apply-form-title')?.focus();
  });
  return f;
}

function doneCard() {
  return h(
    'section',
    { class: 'card', id: 'apply-done', tabIndex: -1, 'aria-labelledby': 'apply-done-title' },
    h('h2', { id: 'apply-done-title' }, icon('shield'), t('apply.doneTitle')),
    notice('ok', t('apply.done', { id: S.done })),
    h('p', {}, h('a', { href: '/activate.html', id: 'apply-to-activate' }, t('apply.toActivate'))),
  );
}

async function draw() {
  if (!main) return;
  replace(
    main,
    pageHead(t('apply.title'), t('apply.lead')),
    h(
      'div',
      { class: 'wrap section' },
      S.done ? doneCard() : form(),
      h('aside', { class: 'card signin-help' }, h('h2', {}, t('apply.helpTitle')), h('p', {}, t('apply.help1')), h('p', {}, t('apply.help2')), h('p', {}, h('a', { href: '/activate.html' }, t('apply.toActivate'))), h('p', {}, h('a', { href: '/me.html' }, t('apply.toMe')))),
    ),
  );
}

boot({
  page: 'me',
  title: 'apply.title',
  render: async (m) => {
    main = m;
    await draw();
  },
});
