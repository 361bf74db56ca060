// SPDX-License-Identifier: Apache-2.0
// 账户激活: the applicant whose application the office approved types the one-time activation code
// it was given, chooses its sign-in name and sets its password (POST /api/v1/activation); then it
// signs in on 我的信用. The server throttles wrong codes and says so (429 with Retry-After).
import { api, ApiError } from './api.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead } from './layout.js';

const params = new URLSearchParams(location.search);
const S = { code: params.get('code') || '', name: '', error: null, done: null, busy: false };
let main = null;

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function form() {
  const code = h('input', { id: 'act-code', name: 'code', type: 'text', value: S.code, required: true, maxLength: 64, autocomplete: 'one-time-code', spellcheck: false, autocapitalize: 'characters', class: 'code input-wide', 'aria-describedby': 'act-code-hint' });
  const name = h('input', { id: 'act-name', name: 'username', type: 'text', value: S.name, required: true, maxLength: 64, autocomplete: 'username', spellcheck: false, autocapitalize: 'none', 'aria-describedby': 'act-name-hint' });
  const pw = h('input', { id: 'act-password', name: 'password', type: 'password', required: true, minLength: 10, maxLength: 256, autocomplete: 'new-password', 'aria-describedby': 'act-password-hint' });
  const pw2 = h('input', { id: 'act-password2', name: 'password2', type: 'password', required: true, minLength: 10, maxLength: 256, autocomplete: 'new-password' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', id: 'act-submit', disabled: S.busy }, t('activate.submit'));
  const f = h(
    'form',
    { class: 'card signin', id: 'act-form', method: 'post', 'aria-labelledby': 'act-title' },
    h('h2', { id: 'act-title', tabIndex: -1 }, icon('key'), t('activate.formTitle')),
    S.error ? notice('error', S.error) : null,
    field('act-code', t('activate.code'), code, t('activate.codeHint')),
    field('act-name', t('activate.name'), name, t('activate.nameHint')),
    field('act-password', t('activate.password'), pw, t('activate.passwordHint')),
    field('act-password2', t('activate.password2'), pw2),
    button,
  );
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    S.code = code.value.trim();
    S.name = name.value.trim();
    if (pw.value !== pw2.value) {
      S.error = t('activate.mismatch');
    } else {
      S.busy = true;
      button.disabled = true;
      try {
        const r = await api('/api/v1/activation', { method: 'POST', json: { code: S.code, name: S.name, password: pw.value } });
        S.done = r.name;
        S.error = null;
      } catch (err) {
        S.error =
          err instanceof ApiError && err.status === 401
            ? t('activate.bad')
            : err instanceof ApiError && err.status === 429
              ? t('activate.wait', { s: err.retryAfter || 30 })
              : errorText(err);
      }
      S.busy = false;
    }
    pw.value = '';
    pw2.value = '';
    await draw();
    document.getElementById(S.done ? 'act-done' : 'act-title')?.focus();
  });
  return f;
}

function doneCard() {
  return h(
    'section',
    { class: 'card', id: 'act-done', tabIndex: -1, 'aria-labelledby': 'act-done-title' },
    h('h2', { id: 'act-done-title' }, icon('shield'), t('activate.doneTitle')),
    notice('ok', t('activate.done', { name: S.done })),
    h('p', {}, h('a', { href: '/me.html', class: 'btn btn-primary', id: 'act-to-me' }, t('activate.toMe'))),
  );
}

async function draw() {
  if (!main) return;
  replace(
    main,
    pageHead(t('activate.title'), t('activate.lead')),
    h(
      'div',
      { class: 'wrap section signin-wrap' },
      S.done ? doneCard() : form(),
      h('aside', { class: 'card signin-help' }, h('h2', {}, t('activate.helpTitle')), h('p', {}, t('activate.help1')), h('p', {}, h('a', { href: '/apply.html' }, t('activate.toApply')))),
    ),
  );
}

boot({
  page: 'me',
  title: 'activate.title',
  render: async (m) => {
    main = m;
    await draw();
  },
});
