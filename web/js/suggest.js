// SPDX-License-Identifier: Apache-2.0
// The search box: a combobox (WAI-ARIA 1.2) that suggests subjects as one types, from debounced
// calls to GET /api/v1/subjects?q=. Arrow keys move through the suggestions, Enter opens one (or
// searches), Escape closes them.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { districtOf, highlight, kindText, searchKey } from './format.js';
import { t } from './i18n.js';

let seq = 0;
const DEBOUNCE_MS = 220;
const MIN_CHARS = 2;

/** The address of a subject's page. */
export function subjectHref(s) {
  return `/subject.html?id=${encodeURIComponent(s.uscc || s.id)}`;
}

/** The address of the results page for q. */
export function searchHref(q) {
  return `/search.html?q=${encodeURIComponent(q)}`;
}

/**
 * A search form. opts: value (initial text), big (the home page's hero form), onQuery(q) called
 * when the form is submitted (default: go to the results page).
 */
export function searchForm(opts = {}) {
  const n = ++seq;
  const inputId = `q-${n}`;
  const listId = `suggest-${n}`;
  const hintId = `q-hint-${n}`;
  const input = h('input', {
    id: inputId,
    name: 'q',
    type: 'search',
    class: 'search-input',
    value: opts.value || '',
    autocomplete: 'off',
    spellcheck: false,
    maxLength: 100,
    placeholder: t('search.placeholder'),
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': hintId,
  });
  const list = h('ul', { id: listId, class: 'suggestions', role: 'listbox', 'aria-label': t('search.suggestions'), hidden: true });
  const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary search-button' }, t('search.button'));
  const form = h(
    'form',
    { class: ['search-form', opts.big ? 'search-form-big' : ''], role: 'search', action: '/search.html', method: 'get' },
    h('label', { class: 'visually-hidden', htmlFor: inputId }, t('search.label')),
    h('div', { class: 'search-row' }, h('div', { class: 'combo' }, input, list), button),
    h('p', { class: 'search-hint', id: hintId }, t('search.hint')),
    status,
  );

  let items = [];
  let active = -1;
  let timer = 0;
  let controller = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const setActive = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const open = (q) => {
    replace(
      list,
      items.map((s, i) => {
        const li = h(
          'li',
          { id: `${listId}-${i}`, role: 'option', class: 'suggestion', 'aria-selected': 'false' },
          h('span', { class: 'suggestion-name' }, highlight(s.name, q) || s.name),
          h('span', { class: 'suggestion-meta' }, highlight(s.uscc || '', q, true) || s.uscc || kindText(s.kind), s.uscc && districtOf(s.uscc) ? ` · ${districtOf(s.uscc)}` : ''),
        );
        li.addEventListener('mousedown', (e) => e.preventDefault());
        li.addEventListener('click', () => {
          location.href = subjectHref(s);
        });
        return li;
      }),
    );
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    status.textContent = items.length ? t('search.suggestCount', { n: items.length }) : '';
    active = -1;
  };
  const suggest = async () => {
    const q = searchKey(input.value);
    if (controller) controller.abort();
    if (Array.from(q).length < MIN_CHARS) {
      items = [];
      close();
      return;
    }
    controller = new AbortController();
    try {
      const page = await api('/api/v1/subjects', { params: { q, limit: 8 }, signal: controller.signal });
      if (searchKey(input.value) !== q) return;
      items = page.items;
      open(q);
    } catch (e) {
      if (e.name !== 'AbortError') {
        items = [];
        close();
      }
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    const shown = !list.hidden && items.length > 0;
    if (e.key === 'ArrowDown' && shown) {
      e.preventDefault();
      setActive((active + 1) % items.length);
    } else if (e.key === 'ArrowUp' && shown) {
      e.preventDefault();
      setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === 'Enter' && shown && active >= 0) {
      e.preventDefault();
      location.href = subjectHref(items[active]);
    } else if (e.key === 'Escape') {
      if (shown) {
        e.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('focus', () => {
    if (items.length) open(searchKey(input.value));
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const q = searchKey(input.value);
    if (!q) {
      input.focus();
      return;
    }
    close();
    if (opts.onQuery) opts.onQuery(q);
    else location.href = searchHref(q);
  });
  form.input = input;
  return form;
}
