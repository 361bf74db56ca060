// SPDX-License-Identifier: Apache-2.0
// Home: the search box with suggestions, what the platform publishes now, the latest articles, the
// services.
import { api } from './api.js';
import { h, icon, replace } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { boot } from './layout.js';
import { searchForm } from './suggest.js';

// Each card: its id, its class in /api/v1/stats, where it leads, its icon.
const BOARDS = [
  ['red', 'red_list', '/lists.html?type=red', 'star'],
  ['black', 'black_list', '/lists.html?type=black', 'warn'],
  ['watch', 'watch_list', '/lists.html?type=watch', 'eye'],
  ['commitments', 'commitment', '/commitments.html', 'pen'],
  ['license', 'license', '/search.html', 'doc'],
  ['penalty', 'penalty', '/search.html', 'shield'],
];
const counts = {};
let asOf = '';

function statCard([id, , href, ic]) {
  const c = counts[id];
  const value = c === undefined ? '…' : c === null ? '—' : formatNumber(c);
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
    ['cases', '/cases.html', 'doc'],
    ['articles', '/articles.html', 'list'],
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

// The five newest articles of every kind (GET /api/v1/articles); nothing shows while they load or
// when they cannot be had: the link to the whole list stays.
let latest = [];
let latestBox = null;
function drawLatest() {
  if (!latestBox) return;
  replace(
    latestBox,
    latest.map((a) =>
      h('li', { class: 'latest-item' }, h('span', { class: ['badge', `badge-kind-${a.kind}`] }, t(`articles.kind.${a.kind}`)), ' ', h('a', { href: `/article.html?id=${encodeURIComponent(a.id)}` }, a.title), ' ', h('span', { class: 'muted small' }, a.publish_date || '')),
    ),
  );
}

let statsList = null;
let asOfBox = null;
function drawStats() {
  if (statsList) replace(statsList, BOARDS.map(statCard));
  if (asOfBox) asOfBox.textContent = asOf ? t('home.stats.asOf', { date: asOf }) : '';
}

async function render(main) {
  const form = searchForm({ big: true });
  latestBox = h('ul', { class: 'plain-list latest-list', id: 'latest-list' });
  drawLatest();
  statsList = h('ul', { class: 'stats', 'aria-live': 'polite' }, BOARDS.map(statCard));
  asOfBox = h('span', { class: 'stats-as-of' }, asOf ? t('home.stats.asOf', { date: asOf }) : '');
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
      h('p', { class: 'muted small' }, t('home.stats.note'), ' ', asOfBox),
    ),
    h('section', { class: 'wrap section', 'aria-labelledby': 'latest-title' }, h('h2', { id: 'latest-title' }, t('home.latest.title')), latestBox, h('p', {}, h('a', { href: '/articles.html', id: 'latest-more' }, t('home.latest.more')))),
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
      api('/api/v1/articles', { params: { limit: 5 } })
        .then((r) => {
          latest = (r && r.items) || [];
          drawLatest();
        })
        .catch(() => null);
      // One call for every class (the server recounts at most once a minute).
      api('/api/v1/stats')
        .then((r) => {
          const rec = (r && r.records) || {};
          for (const [id, cls] of BOARDS) counts[id] = Number(rec[cls]) || 0;
          asOf = (r && r.as_of) || '';
        })
        .catch(() => {
          for (const [id] of BOARDS) counts[id] = null;
        })
        .finally(drawStats);
    }
  },
});
