// SPDX-License-Identifier: Apache-2.0
// The key sign-in form the console and 我的信用 share: a password field for the API key (kept by the
// page in sessionStorage, never in an address), its hint and help, and the error of the last try.
// The page says what a key must be (submit) and what to draw after (done).
import { ApiError } from './api.js';
import { h, icon } from './dom.js';
import { t } from './i18n.js';
import { notice } from './layout.js';

/**
 * @param {object} o
 * @param {string} o.id           the field's id ("api-key")
 * @param {string} o.prefix       the i18n prefix ("console": console.signin.title, .label, .hint, ...)
 * @param {{busy: boolean, error: string|null}} o.state  the page's sign-in state, updated here
 * @param {(key: string) => Promise<string|null>} o.submit  takes the key; a text refuses it
 * @param {(err: Error) => string} o.errorText  the text of any other failure
 * @param {() => Promise<void>} o.done  redraws the page and moves the focus
 * @param {Node[]} [o.help]       more lines for the help card
 */
export function keySignIn({ id, prefix, state, submit, errorText, done, help = [] }) {
  const input = h('input', { id, name: id, type: 'password', autocomplete: 'off', spellcheck: false, required: true, 'aria-describedby': `${id}-hint`, class: 'input-wide' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', disabled: state.busy }, t(`${prefix}.signin.button`));
  const form = h(
    'form',
    { class: 'card signin', method: 'post', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, icon('key'), t(`${prefix}.signin.title`)),
    state.error ? notice('error', state.error) : null,
    h('div', { class: 'field' }, h('label', { htmlFor: id }, t(`${prefix}.signin.label`)), input, h('p', { class: 'hint', id: `${id}-hint` }, t(`${prefix}.signin.hint`))),
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    state.busy = true;
    button.disabled = true;
    try {
      state.error = (await submit(key)) || null;
    } catch (err) {
      state.error = err instanceof ApiError && err.status === 401 ? t(`${prefix}.signin.bad`) : errorText(err);
    }
    state.busy = false;
    await done();
  });
  return h(
    'div',
    { class: 'signin-wrap' },
    form,
    h('aside', { class: 'card signin-help' }, h('h2', {}, t(`${prefix}.signin.helpTitle`)), h('p', {}, t(`${prefix}.signin.help1`)), h('p', {}, t(`${prefix}.signin.help2`)), ...help),
  );
}
