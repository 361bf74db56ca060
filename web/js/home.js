// SPDX-License-Identifier: Apache-2.0
// Home: the search box with suggestions, what the platform publishes now, the services.
import { api } from './api.js';
import { h, icon, replace } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { boot } from './layout.js';
import { searchForm } from './suggest.js';

const BOARDS = [
  ['red', '/api/v1/lists/red', '/lists.html?type=red', 'star'],
  ['black', '/api/v1/lists/black', '/lists.html?type=black', 'warn'],
  ['watch', '/api/v1/lists/watch', '/lists.html?type=watch', 'eye'],
  ['commitments', '/api/v1/commitments', '/commitments.html', 'pen'],
];
const MAX_PAGES = 20;
const counts = {};

/** Counts a board's entries in force by paging through it (at most MAX_PAGES pages of 100). */
async function countBoard(path) {
  let n = 0;
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await api(path, { params: { limit: 100, cursor } });
    n += r.items.length;
    if (!r.next_cursor) return { n, more: false };
    cursor = r.next_cursor;
  }
  return { n, more: true };
}

function statCard([id, , href, ic]) {
  const c = counts[id];
  const value = c === undefined ? '…' : c === null ? '—' : c.more ? `${formatNumber(c.n)}+` : formatNumber(c.n);
  return h(
    'li',
    { class: `stat stat-${id}` },
    h('a', { href }, icon(ic), h('span', { class: 'stat-value', dataset: { board: id } }, value), h('span', { class: 'stat-label' }, t(`home.stat.${id}`))),
  );
}

function services() {
  const items = [
    ['search', '/search.html', 'search'],
    ['lists', '/lists.html?type=black', 'list'],
    ['commitments', '/commitments.html', 'pen'],
    ['check', '/check.html', 'shield'],
    ['console', '/console.html', 'upload'],
  ];
  return h(
    'ul',
    { class: 'services' },
    items.map(([id, href, ic]) =>
      h('li', {}, h('a', { class: 'service', href }, h('span', { class: 'service-icon' }, icon(ic)), h('span', { class: 'service-title' }, t(`home.service.${id}`)), h('span', { class: 'service-text' }, t(`home.service.${id}.text`)))),
    ),
  );
}

let statsList = null;
function drawStats() {
  if (statsList) replace(statsList, BOARDS.map(statCard));
}

async function render(main) {
  const form = searchForm({ big: true });
  statsList = h('ul', { class: 'stats', 'aria-live': 'polite' }, BOARDS.map(statCard));
  replace(
    main,
    h(
      'section',
      { class: 'hero', 'aria-labelledby': 'hero-title' },
      h('div', { class: 'wrap' }, h('h1', { id: 'hero-title' }, t('home.title')), h('p', { class: 'hero-lead' }, t('home.lead')), form),
    ),
    h(
      'section',
      { class: 'wrap section', 'aria-labelledby': 'stats-title' },
      h('h2', { id: 'stats-title' }, t('home.stats.title')),
      statsList,
      h('p', { class: 'muted small' }, t('home.stats.note')),
    ),
    h('section', { class: 'wrap section', 'aria-labelledby': 'services-title' }, h('h2', { id: 'services-title' }, t('home.services.title')), services()),
    h(
      'section',
      { class: 'wrap section about', 'aria-labelledby': 'about-title' },
      h('h2', { id: 'about-title' }, t('home.about.title')),
      h('div', { class: 'about-grid' }, ['publicity', 'lists', 'repair'].map((k) => h('div', { class: 'about-item' }, h('h3', {}, t(`home.about.${k}`)), h('p', {}, t(`home.about.${k}.text`))))),
    ),
  );
  return form;
}

let started = false;
boot({
  page: 'home',
  title: () => '',
  render: async (main) => {
    const form = await render(main);
    if (!started) {
      started = true;
      // Straight to the search box on a desktop; a phone would pop its keyboard up over the page.
      if (window.matchMedia('(min-width: 761px)').matches) form.input.focus();
      for (const b of BOARDS) {
        countBoard(b[1])
          .then((c) => {
            counts[b[0]] = c;
          })
          .catch(() => {
            counts[b[0]] = null;
          })
          .finally(drawStats);
      }
    }
  },
});
