// SPDX-License-Identifier: Apache-2.0
// Staff accounts in the console: the sign-in form (name, password, one-time code), the office's
// management of accounts, and a person's own password and second factor. The session is an
// HttpOnly cookie the script never sees; requests carry its CSRF token (api.js, SESSION).
import { api, ApiError, SESSION, setCsrf } from './api.js';
import { h, icon, td } from './dom.js';
import { t } from './i18n.js';
import { errorText, notice } from './layout.js';

/** Signs in; resolves with the session (name, role, dept, csrf) or rejects with ApiError. */
export async function signInWithPassword(name, password, totp) {
  const body = { name, password };
  if (totp) body.totp = totp;
  const s = await api('/api/v1/session', { method: 'POST', json: body, session: true });
  setCsrf(s.csrf);
  return s;
}

/** The session of the cookie, with its CSRF token (after a reload); rejects with 401 when none. */
export async function resumeSession() {
  const s = await api('/api/v1/session', { key: SESSION });
  setCsrf(s.csrf);
  return s;
}

/** Signs out (the cookie's session is deleted); failures are ignored: the page forgets it anyway. */
export async function endSession() {
  try {
    await api('/api/v1/session', { method: 'DELETE', key: SESSION });
  } catch {
    /* ended already */
  }
  setCsrf('');
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/**
 * The password sign-in form. state: {busy, error}; done(session) is called after a success.
 */
export function passwordSignIn(state, done, redraw) {
  const name = h('input', { id: 'account-name', name: 'username', type: 'text', autocomplete: 'username', spellcheck: false, required: true, maxLength: 64, autocapitalize: 'none' });
  const password = h('input', { id: 'account-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxLength: 256 });
  const totp = h('input', { id: 'account-totp', name: 'totp', type: 'text', inputMode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxLength: 6, 'aria-describedby': 'account-totp-hint', class: 'code' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', id: 'account-signin', disabled: state.busy }, t('account.signin.button'));
  const form = h(
    'form',
    { class: 'card signin', method: 'post', 'aria-labelledby': 'account-signin-title', id: 'account-signin-form' },
    h('h2', { id: 'account-signin-title' }, icon('key'), t('account.signin.title')),
    state.error ? notice('error', state.error) : null,
    field('account-name', t('account.signin.name'), name),
    field('account-password', t('account.signin.password'), password),
    field('account-totp', t('account.signin.totp'), totp, t('account.signin.totpHint')),
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    state.busy = true;
    button.disabled = true;
    let session = null;
    try {
      session = await signInWithPassword(name.value.trim(), password.value, totp.value.trim());
      state.error = null;
    } catch (err) {
      state.error =
        err instanceof ApiError && err.status === 401
          ? t('account.signin.bad')
          : err instanceof ApiError && err.status === 429
            ? t('account.signin.wait', { s: err.retryAfter || 30 })
            : errorText(err);
    }
    password.value = '';
    state.busy = false;
    if (session) await done(session);
    else await redraw();
  });
  return form;
}

// ---- the office: accounts ----

export function accountsView(A, call, redraw) {
  if (A.items === null && !A.error && !A.loading) {
    A.loading = true;
    call('/api/v1/admin/accounts')
      .then((r) => {
        A.items = r.items;
        A.error = null;
      })
      .catch((e) => {
        A.error = e;
      })
      .finally(() => {
        A.loading = false;
        redraw();
      });
  }
  // What is typed survives a redraw (the list may arrive meanwhile); the password only in memory.
  const d = A.draft || (A.draft = { name: '', role: 'department', dept: '', password: '' });
  const name = h('input', { id: 'acct-name', type: 'text', autocomplete: 'off', spellcheck: false, required: true, maxLength: 64, pattern: '[a-z0-9][a-z0-9._\\-]{1,63}', 'aria-describedby': 'acct-name-hint', value: d.name });
  const role = h('select', { id: 'acct-role' }, ['department', 'office', 'auditor'].map((r) => h('option', { value: r, selected: r === d.role }, t(`console.role.${r}`))));
  const dept = h('input', { id: 'acct-dept', type: 'text', autocomplete: 'off', spellcheck: false, maxLength: 18, class: 'code', value: d.dept });
  const pw = h('input', { id: 'acct-password', type: 'password', autocomplete: 'new-password', required: true, minLength: 10, maxLength: 256, 'aria-describedby': 'acct-password-hint', value: d.password });
  const deptField = field('acct-dept', t('accounts.dept'), dept);
  deptField.hidden = d.role !== 'department';
  name.addEventListener('input', () => (d.name = name.value));
  dept.addEventListener('input', () => (d.dept = dept.value));
  pw.addEventListener('input', () => (d.password = pw.value));
  role.addEventListener('change', () => {
    d.role = role.value;
    deptField.hidden = role.value !== 'department';
  });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'acct-create-title' },
    h('h2', { id: 'acct-create-title' }, t('accounts.createTitle')),
    h(
      'div',
      { class: 'form-grid' },
      field('acct-name', t('accounts.name'), name, t('accounts.nameHint')),
      field('acct-role', t('accounts.role'), role),
      deptField,
      field('acct-password', t('accounts.password'), pw, t('accounts.passwordHint')),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'acct-create' }, t('accounts.create'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), role: role.value, password: pw.value };
    if (role.value === 'department') body.dept = dept.value.trim().toUpperCase();
    try {
      await call('/api/v1/admin/accounts', { method: 'POST', json: body });
      A.message = { kind: 'ok', text: t('accounts.created', { name: body.name }) };
      A.items = null;
      A.draft = null;
    } catch (err) {
      A.message = { kind: 'error', text: errorText(err) };
    }
    redraw();
  });
  const act = (label, id, fn) => {
    const b = h('button', { type: 'button', class: 'btn btn-secondary btn-small', id }, label);
    b.addEventListener('click', async () => {
      try {
        A.message = { kind: 'ok', text: await fn() };
        A.items = null;
      } catch (err) {
        A.message = { kind: 'error', text: errorText(err) };
      }
      redraw();
    });
    return b;
  };
  const rows = (A.items || []).map((a) =>
    h(
      'tr',
      {},
      td(t('accounts.name'), 'code', a.name),
      td(t('accounts.role'), null, t(`console.role.${a.role}`)),
      td(t('accounts.dept'), 'code', a.dept || '—'),
      td(t('accounts.totp'), null, a.totp ? t('accounts.totpOn') : t('accounts.totpOff')),
      td(t('accounts.state'), null, a.disabled_at ? t('accounts.disabled') : t('accounts.enabled')),
      td(
        t('console.history.actions'),
        'actions',
        a.disabled_at
          ? null
          : [
              act(t('accounts.disable'), `acct-disable-${a.name}`, async () => {
                await call(`/api/v1/admin/accounts/${encodeURIComponent(a.name)}/disable`, { method: 'POST' });
                return t('accounts.disabledDone', { name: a.name });
              }),
              a.totp
                ? act(t('accounts.resetTotp'), `acct-totp-${a.name}`, async () => {
                    await call(`/api/v1/admin/accounts/${encodeURIComponent(a.name)}/totp`, { method: 'DELETE' });
                    return t('accounts.totpDone', { name: a.name });
                  })
                : null,
            ],
      ),
    ),
  );
  return h(
    'div',
    { id: 'accounts-view' },
    h('h2', { id: 'accounts-title', tabIndex: -1 }, t('accounts.title')),
    A.message ? notice(A.message.kind, A.message.text) : null,
    A.error ? notice('error', errorText(A.error)) : null,
    form,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table', id: 'accounts-table' },
        h('caption', { class: 'visually-hidden' }, t('accounts.title')),
        h('thead', {}, h('tr', {}, [t('accounts.name'), t('accounts.role'), t('accounts.dept'), t('accounts.totp'), t('accounts.state'), t('console.history.actions')].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows),
      ),
    ),
    h('p', { class: 'hint' }, t('accounts.resetHint')),
  );
}

// ---- the person: own password and second factor ----

export function ownAccountView(M, call, redraw, signedOut) {
  const old = h('input', { id: 'own-old', type: 'password', autocomplete: 'current-password', required: true, maxLength: 256 });
  const neu = h('input', { id: 'own-new', type: 'password', autocomplete: 'new-password', required: true, minLength: 10, maxLength: 256, 'aria-describedby': 'own-new-hint' });
  const pwForm = h(
    'form',
    { class: 'card', 'aria-labelledby': 'own-pw-title' },
    h('h2', { id: 'own-pw-title' }, t('account.password.title')),
    field('own-old', t('account.password.old'), old),
    field('own-new', t('account.password.new'), neu, t('accounts.passwordHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'own-change' }, t('account.password.button'))),
  );
  pwForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call('/api/v1/session/password', { method: 'PUT', json: { old: old.value, new: neu.value } });
      signedOut(t('account.password.done'));
      return;
    } catch (err) {
      M.message = { kind: 'error', text: err instanceof ApiError && err.status === 403 ? t('account.password.bad') : errorText(err) };
    }
    redraw();
  });
  const enrol = h('button', { type: 'button', class: 'btn btn-secondary', id: 'totp-begin' }, t('account.totp.begin'));
  enrol.addEventListener('click', async () => {
    try {
      M.uri = (await call('/api/v1/session/totp', { method: 'POST' })).uri;
      M.message = null;
    } catch (err) {
      M.message = { kind: 'error', text: err instanceof ApiError && err.status === 409 ? t('account.totp.inUse') : errorText(err) };
    }
    redraw();
  });
  let confirm = null;
  if (M.uri) {
    const code = h('input', { id: 'totp-code', type: 'text', inputMode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxLength: 6, required: true, class: 'code' });
    confirm = h(
      'form',
      { class: 'stack' },
      field('totp-uri', t('account.totp.uri'), h('input', { id: 'totp-uri', type: 'text', readOnly: true, value: M.uri, class: 'code input-wide' }), t('account.totp.uriHint')),
      field('totp-code', t('account.totp.code'), code),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'totp-confirm' }, t('account.totp.confirm')),
    );
    confirm.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await call('/api/v1/session/totp/confirm', { method: 'POST', json: { code: code.value.trim() } });
        M.uri = null;
        M.message = { kind: 'ok', text: t('account.totp.done') };
      } catch (err) {
        M.message = { kind: 'error', text: err instanceof ApiError && err.status === 403 ? t('account.totp.bad') : errorText(err) };
      }
      redraw();
    });
  }
  return h(
    'div',
    { id: 'account-view' },
    h('h2', { id: 'account-title', tabIndex: -1 }, t('account.title')),
    M.message ? notice(M.message.kind, M.message.text) : null,
    pwForm,
    h('section', { class: 'card', 'aria-labelledby': 'own-totp-title' }, h('h2', { id: 'own-totp-title' }, t('account.totp.title')), h('p', {}, t('account.totp.lead')), M.uri ? confirm : enrol),
  );
}
