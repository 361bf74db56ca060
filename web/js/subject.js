// SPDX-License-Identifier: Apache-2.0
// A subject: basic information with its code taken apart (registration authority, category,
// district, organisation code), then one tab per class of record.
import { api } from './api.js';
import { classes, className, loadCatalog } from './catalog.js';
import { h, icon, replace } from './dom.js';
import { districtOf, kindText, maskId, regionName } from './format.js';
import { getLang, t } from './i18n.js';
import { decomposeUscc } from './idcheck.js';
import { boot, errorText, notice } from './layout.js';
import { recordCard } from './records.js';

const TABS = ['license', 'penalty', 'red_list', 'black_list', 'watch_list', 'commitment'];
// The work plan's further classes: a tab only when the subject has records of the class.
const MORE_TABS = ['defaulter', 'gov_integrity', 'inspection', 'enforcement', 'confirmation', 'admin_reward', 'honour'];
const id = new URLSearchParams(location.search).get('id') || '';
const state = { data: null, error: null, tab: null };

function nameOf(part) {
  if (!part) return t('common.unknown');
  return getLang() === 'en' ? part.en : part.zh;
}

/** The code in its five parts, each with its meaning. */
function codeParts(subject) {
  const code = subject.uscc;
  const p = decomposeUscc(code);
  const cp = subject.code_parts || {};
  const authority = getLang() === 'zh' && cp.authority_name ? cp.authority_name : nameOf(p.authorityName);
  const category = getLang() === 'zh' && cp.category_name ? cp.category_name : nameOf(p.categoryName);
  const seg = (cls, text, label, meaning) =>
    h('li', { class: `code-seg ${cls}` }, h('span', { class: 'code-seg-chars' }, text), h('span', { class: 'code-seg-label' }, label), h('span', { class: 'code-seg-meaning' }, meaning));
  return h(
    'div',
    { class: 'code-breakdown' },
    h('h2', { class: 'h-small' }, t('subject.codeParts')),
    h(
      'ol',
      { class: 'code-segs', 'aria-label': t('subject.codeParts') },
      seg('seg-authority', p.authority, t('code.part.authority'), authority),
      seg('seg-category', p.category, t('code.part.category'), category),
      seg('seg-region', p.region, t('code.part.region'), regionName(p.region)),
      seg('seg-orgcode', p.orgcode, t('code.part.orgcode'), `${p.orgcode.slice(0, 8)}-${p.orgcode.slice(8)}`),
      seg('seg-check', p.check, t('code.part.check'), t('code.part.checkMeaning')),
    ),
  );
}

function basics(s, records) {
  const listBadges = [
    ['red_list', 'badge-red'],
    ['black_list', 'badge-black'],
    ['watch_list', 'badge-watch'],
    ['defaulter', 'badge-black'],
  ]
    .filter(([c]) => (records[c] || []).length)
    .map(([c, cls]) => h('span', { class: `badge ${cls}` }, t(`subject.on.${c}`)));
  const facts = [
    s.uscc ? ['subject.uscc', h('span', { class: 'code' }, s.uscc), 'fact-code'] : null,
    s.regno ? ['subject.regno', h('span', { class: 'code' }, s.regno)] : null,
    s.id_no ? ['subject.idNo', h('span', { class: 'code' }, maskId(s.id_no))] : null,
    ['subject.type', s.uscc && s.uscc.length === 18 && decomposeUscc(s.uscc).categoryName ? nameOf(decomposeUscc(s.uscc).categoryName) : kindText(s.kind)],
    s.uscc ? ['subject.district', districtOf(s.uscc)] : null,
    s.former_names && s.former_names.length ? ['subject.formerNames', s.former_names.map((f) => f.name).join(getLang() === 'en' ? '; ' : '；')] : null,
    ['subject.updated', (s.updated_at || '').slice(0, 10)],
  ].filter(Boolean);
  return h(
    'section',
    { class: 'card subject-card', 'aria-labelledby': 'subject-name' },
    h('div', { class: 'subject-title' }, h('h1', { id: 'subject-name' }, s.name), h('div', { class: 'badges' }, h('span', { class: 'badge' }, kindText(s.kind)), listBadges)),
    h('dl', { class: 'facts basics' }, facts.map(([k, v, cls]) => h('div', { class: cls || null }, h('dt', {}, t(k)), h('dd', {}, v)))),
    s.uscc && s.uscc.length === 18 ? codeParts(s) : null,
    // The public edition of the credit report: organisations only (a person's is never public).
    s.kind !== 'person'
      ? h(
          'p',
          { class: 'report-download' },
          h('a', { class: 'btn', id: 'report-download', href: `/api/v1/subjects/${encodeURIComponent(s.uscc || s.id)}/report`, download: `${t('report.fileName')}-${s.uscc || s.id}.pdf` }, icon('download'), t('subject.report')),
          h('span', { class: 'hint' }, ' ', t('subject.reportHint'), ' ', h('a', { href: '/verify.html' }, t('subject.reportVerify'))),
        )
      : null,
  );
}

/** A government body's events: how many are rectified, against the target of 100%. */
function integritySummary(items) {
  const done = items.filter((r) => r.rectification === '1').length;
  // Two decimals, rounded half up, as the office's summary computes it (core/integrity.c).
  const bp = Math.floor((2 * done * 10000 + items.length) / (2 * items.length));
  const rate = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
  return h(
    'div',
    { class: ['integrity-summary', done === items.length ? 'integrity-met' : 'integrity-open'] },
    h('h3', { class: 'h-small' }, t('subject.integrity.title')),
    h('p', { class: 'integrity-rate' }, t('subject.integrity.rate', { done, all: items.length, rate })),
    done < items.length ? h('p', { class: 'muted small' }, t('subject.integrity.open', { n: items.length - done })) : null,
  );
}

/** The note on a class the platform defined itself (the catalogue's "definition": "local"). */
function localNote(c) {
  const k = classes().find((x) => x.class === c);
  return k && k.definition === 'local' ? h('p', { class: 'muted small local-definition', title: k.local_basis || '' }, icon('doc'), ' ', t('record.localDefinition')) : null;
}

function tabs(records) {
  const available = new Set(classes().map((c) => c.class));
  const list = TABS.filter((c) => available.size === 0 || available.has(c) || records[c]).concat(MORE_TABS.filter((c) => (records[c] || []).length));
  if (!state.tab || !list.includes(state.tab)) {
    const fromHash = decodeURIComponent(location.hash.slice(1));
    state.tab = list.includes(fromHash) ? fromHash : list.find((c) => (records[c] || []).length) || list[0];
  }
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('subject.records') });
  const panels = h('div', { class: 'tab-panels' });
  const buttons = [];
  const select = (c, focus) => {
    state.tab = c;
    history.replaceState(null, '', `#${c}`);
    buttons.forEach((b) => {
      const on = b.dataset.cls === c;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    });
    [...panels.children].forEach((p) => {
      p.hidden = p.dataset.cls !== c;
    });
  };
  for (const c of list) {
    const items = records[c] || [];
    const b = h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${c}`, 'aria-controls': `panel-${c}`, 'aria-selected': String(c === state.tab), tabIndex: c === state.tab ? 0 : -1, class: `tab tab-${c}`, dataset: { cls: c } },
      h('span', {}, className(c)),
      h('span', { class: 'tab-count' }, String(items.length)),
    );
    b.addEventListener('click', () => select(c, false));
    b.addEventListener('keydown', (e) => {
      const i = list.indexOf(c);
      let j = -1;
      if (e.key === 'ArrowRight') j = (i + 1) % list.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + list.length) % list.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = list.length - 1;
      if (j >= 0) {
        e.preventDefault();
        select(list[j], true);
      }
    });
    buttons.push(b);
    tablist.append(b);
    panels.append(
      h(
        'div',
        { role: 'tabpanel', id: `panel-${c}`, 'aria-labelledby': `tab-${c}`, tabIndex: 0, hidden: c !== state.tab, class: 'tab-panel', dataset: { cls: c } },
        c === 'gov_integrity' && items.length ? integritySummary(items) : null,
        localNote(c),
        items.length ? items.map((r) => recordCard(c, r)) : notice('info', t('subject.noRecords', { cls: className(c) })),
      ),
    );
  }
  return h('section', { class: 'records-section', 'aria-label': t('subject.records') }, h('h2', { class: 'visually-hidden' }, t('subject.records')), tablist, panels);
}

async function load() {
  try {
    const [data] = await Promise.all([api(`/api/v1/subjects/${encodeURIComponent(id)}`), loadCatalog().catch(() => null)]);
    state.data = data;
  } catch (e) {
    state.error = e;
  }
}

boot({
  page: 'search',
  title: () => (state.data ? state.data.subject.name : t('subject.title')),
  render: async (main) => {
    if (!state.data && !state.error) {
      replace(main, h('div', { class: 'wrap section' }, notice('loading', t('common.loading'))));
      if (id) await load();
      else state.error = { status: 404 };
      document.title = `${state.data ? state.data.subject.name : t('subject.title')} - ${t('site.name')}`;
    }
    const crumbs = h(
      'nav',
      { class: 'crumbs wrap', 'aria-label': t('nav.crumbs') },
      h('ol', {}, h('li', {}, h('a', { href: '/' }, t('nav.home'))), h('li', {}, h('a', { href: '/search.html' }, t('nav.search'))), h('li', { 'aria-current': 'page' }, state.data ? state.data.subject.name : t('subject.title'))),
    );
    if (state.error) {
      // 404 and a malformed id (400) mean the same to a visitor: there is no such subject to show.
      const absent = state.error.status === 404 || state.error.status === 400;
      replace(main, crumbs, h('div', { class: 'wrap section' }, h('h1', {}, t('subject.title')), notice(absent ? 'info' : 'error', absent ? t('subject.notFound') : errorText(state.error))));
      return;
    }
    const { subject, records } = state.data;
    replace(
      main,
      crumbs,
      h('div', { class: 'wrap section subject' }, basics(subject, records), tabs(records), h('p', { class: 'muted small disclaimer' }, icon('shield'), t('subject.disclaimer'))),
    );
  },
});
