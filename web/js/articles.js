// SPDX-License-Identifier: Apache-2.0
// Policies and news (articles.html?kind=&q=): the articles the credit office publishes, 政策法规,
// 信用动态, 典型案例 and the repair-training courses, newest first (GET /api/v1/articles), one kind
// or all, searched in their titles and text on the server, paged with next_cursor.
import { api } from './api.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead } from './layout.js';

export const KINDS = ['policy', 'news', 'case', 'course'];
const PAGE = 20;
const Q_MAX = 60; // bytes of UTF-8, the server's limit
const params = new URLSearchParams(location.search);
const state = {
  kind: KINDS.includes(params.get('kind')) ? params.get('kind') : '',
  q: (params.get('q') || '').slice(0, 30),
  items: [],
  next: null,
  loaded: false,
  loading: false,
  error: null,
};
let generation = 0;
let box = null;

function query(extra = {}) {
  const p = {};
  if (state.kind) p.kind = state.kind;
  if (state.q) p.q = state.q;
  return new URLSearchParams({ ...p, ...extra });
}

function kindNav() {
  return h(
    'nav',
    { class: 'board-nav', 'aria-label': t('articles.kinds') },
    h(
      'ul',
      {},
      ['', ...KINDS].map((k) => {
        const a = h('a', { href: `?${new URLSearchParams({ ...(k ? { kind: k } : {}), ...(state.q ? { q: state.q } : {}) })}`, 'aria-current': k === state.kind ? 'page' : null, class: 'board-link', dataset: { kind: k || 'all' } }, t(`articles.kind.${k || 'all'}`));
        a.addEventListener('click', (e) => {
          e.preventDefault();
          if (state.kind === k) return;
          state.kind = k;
          history.replaceState(null, '', `?${query()}`);
          render(document.getElementById('main'));
        });
        return h('li', {}, a);
      }),
    ),
  );
}

function searchBox() {
  const input = h('input', { type: 'search', id: 'article-q', name: 'q', class: 'search-input', value: state.q, maxLength: 30, autocomplete: 'off', 'aria-describedby': 'article-q-hint' });
  const form = h(
    'form',
    { class: 'search-form article-search', role: 'search' },
    h('label', { class: 'field-label', htmlFor: 'article-q' }, t('articles.search')),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn btn-primary search-button' }, icon('search'), h('span', {}, t('articles.searchButton')))),
    h('p', { class: 'hint', id: 'article-q-hint' }, t('articles.searchHint')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let q = input.value.trim();
    while (new TextEncoder().encode(q).length > Q_MAX) q = q.slice(0, -1);
    state.q = q;
    history.replaceState(null, '', `?${query()}`);
    render(document.getElementById('main')).then(() => document.getElementById('articles-status')?.focus());
  });
  return form;
}

function item(a) {
  const titleId = `article-${a.id}-title`;
  return h(
    'li',
    { class: ['card', 'article-item', `article-${a.kind}`], dataset: { article: String(a.id) } },
    h(
      'article',
      { 'aria-labelledby': titleId },
      h('div', { class: 'article-meta' }, h('span', { class: ['badge', `badge-kind-${a.kind}`] }, t(`articles.kind.${a.kind}`)), ' ', h('span', { class: 'muted small' }, a.publish_date ? t('articles.published', { date: a.publish_date }) : null), a.files ? h('span', { class: 'muted small' }, ' · ', t('articles.files', { n: a.files })) : null),
      h('h2', { class: 'article-item-title', id: titleId, tabIndex: -1 }, h('a', { href: `/article.html?id=${encodeURIComponent(a.id)}` }, a.title)),
      a.summary ? h('p', { class: 'article-summary' }, a.summary) : null,
    ),
  );
}

function draw() {
  if (!box) return;
  const parts = [];
  if (state.loaded && !state.error)
    parts.push(h('p', { class: 'result-count', role: 'status', id: 'articles-status', tabIndex: -1 }, state.next ? t('articles.countMore', { n: state.items.length }) : t('articles.count', { n: state.items.length })));
  if (state.error) {
    const again = h('button', { type: 'button', class: 'btn btn-secondary', id: 'articles-retry' }, t('articles.retry'));
    again.addEventListener('click', () => load(true));
    parts.push(notice('error', errorText(state.error), again));
  }
  if (state.loaded && !state.items.length && !state.error) parts.push(notice('info', t(state.q ? 'articles.emptyQ' : 'articles.empty', { q: state.q })));
  if (state.items.length) parts.push(h('ul', { class: 'article-list', 'aria-label': t('articles.listLabel') }, state.items.map(item)));
  if (state.loading) parts.push(notice('loading', t('common.loading')));
  else if (state.next && !state.error) {
    const more = h('button', { type: 'button', class: 'btn btn-secondary load-more', id: 'articles-more' }, t('common.loadMore'));
    more.addEventListener('click', () => load(true));
    parts.push(h('div', { class: 'more-row' }, more));
  }
  replace(box, parts);
}

async function load(more = false) {
  if (state.loading) return;
  const gen = generation;
  state.loading = true;
  state.error = null;
  draw();
  const from = state.items.length;
  try {
    const page = await api('/api/v1/articles', { params: { kind: state.kind || null, q: state.q || null, limit: PAGE, cursor: state.next } });
    if (gen !== generation) return;
    state.items = state.items.concat(page.items || []);
    state.next = page.next_cursor || null;
    state.loaded = true;
  } catch (e) {
    if (gen !== generation) return;
    state.error = e;
  }
  state.loading = false;
  draw();
  if (more && state.items.length > from) document.getElementById(`article-${state.items[from].id}-title`)?.focus();
}

async function render(main) {
  generation++;
  Object.assign(state, { items: [], next: null, loaded: false, loading: false, error: null });
  box = h('div', { class: 'articles-box' });
  replace(main, pageHead(t('articles.title'), t('articles.lead')), h('div', { class: 'wrap section' }, kindNav(), searchBox(), box));
  draw();
  await load();
}

boot({ page: 'articles', title: 'articles.title', render });
