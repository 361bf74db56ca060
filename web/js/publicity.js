// SPDX-License-Identifier: Apache-2.0
// Double publicity (双公示) across the city: licences and penalties newest first
// (publicity.html?class=), and one department's publications (dept.html?code=). Every filter is
// asked of the server (GET /api/v1/records: class, dept, region, from, to), paged with next_cursor;
// each row links to its subject's page.
import { api } from './api.js';
import { codeText, loadCatalog } from './catalog.js';
import { h, replace, td } from './dom.js';
import { WUHAN_DISTRICTS, maskId, regionName } from './format.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead } from './layout.js';
import { deptOf, underObjection, yuan } from './records.js';

const CLASSES = ['penalty', 'license'];
const PAGE = 50;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const params = new URLSearchParams(location.search);
const mode = document.body.dataset.mode === 'dept' ? 'dept' : 'all';
const deptCode = mode === 'dept' ? (params.get('code') || '').toUpperCase() : '';
const state = {
  items: [],
  next: null,
  loaded: false,
  loading: false,
  error: null,
  filter: { cls: CLASSES.includes(params.get('class')) ? params.get('class') : 'penalty', district: '', dept: '', from: '', to: '' },
};
let depts = []; // [{uscc, name}] from /api/v1/depts
let generation = 0;
let filterBox = null;
let tableBox = null;

function deptName(code) {
  const d = depts.find((x) => x.uscc === code);
  return d ? d.name : code;
}

function partyCell(r) {
  const name = r.party_name || '';
  const id = (r._record && r._record.subject) || r.party_uscc;
  return id ? h('a', { href: `/subject.html?id=${encodeURIComponent(id)}` }, name) : name;
}

function codeCell(r) {
  if (r.party_uscc) return h('span', { class: 'code' }, r.party_uscc);
  if (r.party_id_no) return h('span', { class: 'code' }, maskId(r.party_id_no));
  return '';
}

function columns(cls) {
  const cols = [
    ['board.col.name', partyCell, 'col-name'],
    ['board.col.code', codeCell, 'col-code'],
    ['board.col.docNo', (r) => h('span', {}, underObjection(r) ? h('span', { class: 'badge badge-objection' }, t('record.objection')) : null, r.doc_no), 'col-doc'],
  ];
  if (mode !== 'dept') cols.push(['publicity.col.dept', (r) => deptOf(cls, r), 'col-dept']);
  cols.push(['publicity.col.decisionDate', (r) => r.decision_date, 'col-date']);
  if (cls === 'penalty')
    cols.push(
      ['publicity.col.violation', (r) => r.violation_type || '', 'col-reason'],
      ['publicity.col.penalty', (r) => [codeText('penalty', 'penalty_categories', r.penalty_categories), r.fine_wan ? `（${yuan(r.fine_wan)}）` : ''].join(''), 'col-reason'],
    );
  else
    cols.push(
      ['publicity.col.licenseDoc', (r) => r.decision_doc_name || '', 'col-reason'],
      ['board.col.validTo', (r) => r.valid_to || t('common.none'), 'col-date'],
    );
  return cols;
}

function serverParams() {
  const f = state.filter;
  return {
    class: f.cls,
    region: /^[0-9]{6}$/.test(f.district) ? f.district : null,
    dept: mode === 'dept' ? deptCode : f.dept.length === 18 ? f.dept : null,
    from: DATE.test(f.from) ? f.from : null,
    to: DATE.test(f.to) ? f.to : null,
  };
}

function classTabs() {
  return h(
    'nav',
    { class: 'board-nav', 'aria-label': t('publicity.classes') },
    h(
      'ul',
      {},
      CLASSES.map((c) => {
        const a = h('a', { href: `?${new URLSearchParams(mode === 'dept' ? { code: deptCode, class: c } : { class: c })}`, 'aria-current': c === state.filter.cls ? 'page' : null, class: 'board-link' }, t(`class.${c}`));
        a.addEventListener('click', (e) => {
          e.preventDefault();
          if (state.filter.cls === c) return;
          state.filter.cls = c;
          history.replaceState(null, '', a.href);
          draw();
          reload();
        });
        return h('li', {}, a);
      }),
    ),
  );
}

function filters() {
  const f = state.filter;
  const options = (values, all) => [h('option', { value: '' }, all)].concat(values.map(([v, label]) => h('option', { value: v }, label)));
  const sel = (id, key, label, opts) => {
    const s = h('select', { id, name: key }, opts);
    s.value = f[key];
    s.addEventListener('change', () => {
      f[key] = s.value;
      reload();
    });
    return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), s);
  };
  const date = (id, key, label) => {
    const i = h('input', { id, name: key, type: 'date', value: f[key], autocomplete: 'off' });
    i.addEventListener('change', () => {
      f[key] = i.value.trim();
      if (!f[key] || DATE.test(f[key])) reload();
    });
    return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), i);
  };
  const districts = Object.keys(WUHAN_DISTRICTS).sort().map((c) => [c, regionName(c)]);
  const fields = [sel('p-district', 'district', t('board.filter.district'), options(districts, t('board.filter.allDistricts')))];
  if (mode !== 'dept') fields.push(sel('p-dept', 'dept', t('publicity.filter.dept'), options(depts.map((d) => [d.uscc, d.name]), t('board.filter.allDepts'))));
  fields.push(date('p-from', 'from', t('publicity.filter.from')), date('p-to', 'to', t('board.filter.to')));
  const reset = h('button', { type: 'reset', class: 'btn btn-link' }, t('board.filter.reset'));
  const form = h('form', { class: 'filters card', 'aria-label': t('board.filter.label') }, ...fields, h('div', { class: 'field field-actions' }, reset));
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    state.filter = { cls: f.cls, district: '', dept: '', from: '', to: '' };
    draw();
    reload();
  });
  return form;
}

function drawTable() {
  if (!tableBox) return;
  const parts = [];
  const cls = state.filter.cls;
  if (state.error) parts.push(notice('error', errorText(state.error)));
  if (state.loaded && !state.error)
    parts.push(h('p', { class: 'result-count', role: 'status' }, t('publicity.count', { n: state.items.length }), ' ', state.next ? t('board.count.more') : t('board.count.all')));
  if (state.loaded && !state.error && state.items.length === 0) parts.push(notice('info', t('publicity.empty')));
  if (state.items.length) {
    const cols = columns(cls);
    parts.push(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data-table board-table' },
          h('caption', { class: 'visually-hidden' }, t(`class.${cls}`)),
          h('thead', {}, h('tr', {}, cols.map(([k, , c]) => h('th', { scope: 'col', class: c || null }, t(k))))),
          h('tbody', {}, state.items.map((r) => h('tr', {}, cols.map(([k, fn, c]) => td(t(k), c || null, fn(r)))))),
        ),
      ),
    );
  }
  if (state.loading) parts.push(notice('loading', t('common.loading')));
  else if (state.next) {
    const more = h('button', { type: 'button', class: 'btn btn-secondary load-more' }, t('board.loadMore', { n: PAGE }));
    more.addEventListener('click', () => load());
    parts.push(h('div', { class: 'more-row' }, more));
  }
  replace(tableBox, parts);
}

function draw() {
  if (filterBox) replace(filterBox, classTabs(), h('details', { open: window.matchMedia('(min-width: 761px)').matches || Object.values(state.filter).filter(Boolean).length > 1 }, h('summary', {}, t('board.filter.summary')), filters()));
  drawTable();
}

async function load() {
  const gen = generation;
  state.loading = true;
  drawTable();
  let page = null;
  let error = null;
  try {
    page = await api('/api/v1/records', { params: { limit: PAGE, cursor: state.next, ...serverParams() } });
  } catch (e) {
    error = e;
  }
  if (gen !== generation) return;
  if (page) {
    state.items = state.items.concat(page.items);
    state.next = page.next_cursor;
  }
  state.error = error;
  state.loading = false;
  state.loaded = true;
  drawTable();
}

function reload() {
  generation++;
  state.items = [];
  state.next = null;
  state.loaded = false;
  load();
}

boot({
  page: 'publicity',
  title: mode === 'dept' ? 'publicity.dept.title' : 'publicity.title',
  render: async (main) => {
    filterBox = h('div', { class: 'filter-box' });
    tableBox = h('div', { class: 'table-box' });
    const [list] = await Promise.all([api('/api/v1/depts').catch(() => ({ items: [] })), loadCatalog().catch(() => null)]);
    depts = list.items || [];
    const head =
      mode === 'dept'
        ? pageHead(deptName(deptCode) || t('publicity.dept.title'), t('publicity.dept.lead', { code: deptCode }))
        : pageHead(t('publicity.title'), t('publicity.lead'));
    const deptLinks =
      mode === 'dept'
        ? null
        : h('details', { class: 'card dept-index' }, h('summary', {}, t('publicity.depts')), h('ul', { class: 'dept-list' }, depts.map((d) => h('li', {}, h('a', { href: `/dept.html?code=${encodeURIComponent(d.uscc)}` }, d.name)))));
    replace(main, head, h('div', { class: 'wrap section' }, filterBox, tableBox, deptLinks));
    draw();
    if (mode === 'dept' && !/^[0-9A-Z]{18}$/.test(deptCode)) {
      state.loaded = true;
      state.error = { status: 400, detail: t('publicity.dept.bad') };
      drawTable();
      return;
    }
    if (!state.loaded && !state.loading) await load();
  },
});
