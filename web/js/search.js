// SPDX-License-Identifier: Apache-2.0
// Search results: name, code, type, district and why each subject matched (the matched part
// marked), paged with next_cursor; an empty result says what was searched.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { districtOf, highlight, kindText, searchKey } from './format.js';
import { getLang, t } from './i18n.js';
import { decomposeUscc } from './idcheck.js';
import { boot, errorText, notice, pageHead } from './layout.js';
import { searchForm, subjectHref } from './suggest.js';

const PAGE = 20;
const state = { q: searchKey(new URLSearchParams(location.search).get('q') || ''), items: [], next: null, loading: false, error: null, done: false };

function typeText(s) {
  if (s.uscc && s.uscc.length === 18) {
    const parts = decomposeUscc(s.uscc);
    if (parts.categoryName) return getLang() === 'en' ? parts.categoryName.en : parts.categoryName.zh;
  }
  return kindText(s.kind);
}

/** Why s matched q: the part of its name or code. */
function why(s, q) {
  if (highlight(s.name, q)) return t('search.why.name', { q });
  if (s.uscc && highlight(s.uscc, q, true)) return t('search.why.codePrefix', { q: q.toUpperCase() });
  if (s.uscc && highlight(s.uscc.slice(8, 17), q, true)) return t('search.why.orgcode', { q: q.toUpperCase() });
  if (s.regno && highlight(s.regno, q, true)) return t('search.why.regno', { q });
  return t('search.why.other');
}

function result(s) {
  const q = state.q;
  const code = s.uscc || s.regno || '';
  return h(
    'li',
    { class: 'result card' },
    h('h2', { class: 'result-name' }, h('a', { href: subjectHref(s) }, highlight(s.name, q) || s.name)),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, t('subject.uscc')), h('dd', { class: 'code' }, code ? highlight(code, q, true) || highlight(code, q) || code : t('common.none'))),
      h('div', {}, h('dt', {}, t('subject.type')), h('dd', {}, typeText(s))),
      h('div', {}, h('dt', {}, t('subject.district')), h('dd', {}, districtOf(s.uscc) || t('common.unknown'))),
      h('div', {}, h('dt', {}, t('search.matched')), h('dd', { class: 'why' }, why(s, q))),
      h('div', {}, h('dt', {}, t('search.status')), h('dd', {}, status(s))),
    ),
  );
}

/** The lists the subject is on (public entries in their window), or that it is on none. */
function status(s) {
  const lists = Array.isArray(s.lists) ? s.lists : [];
  if (!lists.length) return t('search.status.none');
  const cls = { red_list: 'badge-red', black_list: 'badge-black', watch_list: 'badge-watch' };
  return h('span', { class: 'badges' }, lists.map((l) => h('span', { class: `badge ${cls[l] || ''}` }, t(`class.${l}`))));
}

/** The server searches two characters or more. */
function tooShort(q) {
  return Array.from(q).length < 2;
}

async function load(more) {
  if (tooShort(state.q)) {
    state.done = true;
    draw();
    return;
  }
  state.loading = true;
  state.error = null;
  draw();
  try {
    const page = await api('/api/v1/subjects', { params: { q: state.q, limit: PAGE, cursor: more ? state.next : null } });
    state.items = more ? state.items.concat(page.items) : page.items;
    state.next = page.next_cursor;
  } catch (e) {
    state.error = e;
  }
  state.loading = false;
  state.done = true;
  draw();
}

let resultsBox = null;
function draw() {
  if (!resultsBox) return;
  const parts = [];
  if (!state.q) parts.push(notice('info', t('search.empty.noQuery')));
  else if (tooShort(state.q)) parts.push(notice('info', t('search.tooShort', { q: state.q })));
  else if (state.error) parts.push(notice('error', errorText(state.error)));
  else if (state.done && state.items.length === 0)
    parts.push(
      notice(
        'info',
        t('search.none', { q: state.q }),
        h('ul', { class: 'tips' }, h('li', {}, t('search.none.tip1')), h('li', {}, t('search.none.tip2')), h('li', {}, t('search.none.tip3'))),
      ),
    );
  if (state.items.length) {
    parts.push(h('p', { class: 'result-count', role: 'status' }, t(state.next ? 'search.countMore' : 'search.count', { n: state.items.length, q: state.q })));
    parts.push(h('ol', { class: 'results' }, state.items.map(result)));
  }
  if (state.loading) parts.push(notice('loading', t('common.loading')));
  else if (state.next) {
    const more = h('button', { type: 'button', class: 'btn btn-secondary load-more' }, t('common.loadMore'));
    more.addEventListener('click', () => load(true));
    parts.push(h('div', { class: 'more-row' }, more));
  }
  replace(resultsBox, parts);
}

boot({
  page: 'search',
  title: () => (state.q ? t('search.titleFor', { q: state.q }) : t('search.title')),
  render: async (main) => {
    const form = searchForm({
      value: state.q,
      onQuery: (q) => {
        state.q = q;
        state.items = [];
        state.next = null;
        history.pushState(null, '', `/search.html?q=${encodeURIComponent(q)}`);
        document.title = `${t('search.titleFor', { q })} - ${t('site.name')}`;
        load(false);
      },
    });
    resultsBox = h('div', { class: 'results-box' });
    replace(main, pageHead(t('search.title'), null, form), h('div', { class: 'wrap section' }, resultsBox));
    if (!state.done && state.q) await load(false);
    else draw();
    if (!state.q) form.input.focus();
  },
});

window.addEventListener('popstate', () => {
  location.reload();
});
