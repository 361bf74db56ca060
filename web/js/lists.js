// SPDX-License-Identifier: Apache-2.0
// The boards: red, black and watch lists (lists.html?type=) and commitments (commitments.html),
// entries in force paged with next_cursor. District, department and dates are asked of the server
// (region=, dept=, from=, to=); the name filter applies to the pages loaded so far.
import { api } from './api.js';
import { codeText, loadCatalog } from './catalog.js';
import { h, replace, td } from './dom.js';
import { WUHAN_DISTRICTS, districtCode, maskId, regionName } from './format.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead } from './layout.js';
import { deptOf, underObjection, upperSource } from './records.js';

const BOARDS = {
  red: { path: '/api/v1/lists/red', cls: 'red_list', href: '/lists.html?type=red' },
  black: { path: '/api/v1/lists/black', cls: 'black_list', href: '/lists.html?type=black' },
  watch: { path: '/api/v1/lists/watch', cls: 'watch_list', href: '/lists.html?type=watch' },
  commitments: { path: '/api/v1/commitments', cls: 'commitment', href: '/commitments.html' },
};
const PAGE = 100;

const params = new URLSearchParams(location.search);
const board = document.body.dataset.board || (BOARDS[params.get('type')] ? params.get('type') : 'red');
const B = BOARDS[board];
const state = { items: [], next: null, loaded: false, loading: false, error: null, filter: { district: '', dept: '', from: '', to: '', name: '' } };
/** Departments seen on any page loaded (their USCC -> name), for the department filter. */
const deptNames = new Map();
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
let generation = 0; // bumps when the server filters change; older answers are dropped

function partyCell(r) {
  const name = r.party_name || '';
  if (r.party_uscc) return h('a', { href: `/subject.html?id=${encodeURIComponent(r.party_uscc)}` }, name);
  return name;
}

function codeCell(r) {
  if (r.party_uscc) return h('span', { class: 'code' }, r.party_uscc);
  if (r.party_id_no) return h('span', { class: 'code' }, maskId(r.party_id_no));
  return '';
}

function columns() {
  const common = [
    ['board.col.name', partyCell, 'col-name'],
    ['board.col.code', codeCell, 'col-code'],
    ['board.col.district', (r) => regionName(districtCode(r.party_uscc)) || t('common.unknown'), 'col-district'],
  ];
  if (board === 'commitments')
    return common.concat([
      ['board.col.commitmentType', (r) => codeText('commitment', 'commitment_type', r.commitment_type)],
      ['board.col.matter', (r) => r.matter_name || t('common.none')],
      ['board.col.docNo', (r) => r.doc_no, 'col-doc'],
      ['board.col.acceptingDept', (r) => deptOf('commitment', r), 'col-dept'],
      ['board.col.commitDate', (r) => r.decision_date, 'col-date'],
      ['board.col.validTo', (r) => r.valid_to || t('common.none'), 'col-date'],
      ['board.col.fulfilment', (r) => codeText('commitment', 'fulfilment', r.fulfilment) || t('common.none')],
    ]);
  return common.concat([
    ['board.col.docNo', (r) => r.doc_no, 'col-doc'],
    ['board.col.dept', (r) => h('span', {}, deptOf(B.cls, r), upperSource(r) ? h('span', { class: 'badge badge-source', title: upperSource(r) }, t('record.upperSource', { source: upperSource(r) })) : null), 'col-dept'],
    ['board.col.decisionDate', (r) => r.decision_date, 'col-date'],
    ['board.col.validTo', (r) => r.valid_to, 'col-date'],
    ['board.col.reason', (r) => h('span', {}, underObjection(r) ? h('span', { class: 'badge badge-objection' }, t('record.objection')) : null, r.reason), 'col-reason'],
  ]);
}

function deptUscc(r) {
  return (r._record && r._record.dept_uscc) || '';
}

/** The query of the server filters set now. */
function serverParams() {
  const f = state.filter;
  return {
    region: /^[0-9]{6}$/.test(f.district) ? f.district : null,
    dept: f.dept.length === 18 ? f.dept : null,
    from: DATE.test(f.from) ? f.from : null,
    to: DATE.test(f.to) ? f.to : null,
  };
}

function matches(r) {
  const f = state.filter;
  if (f.name && !(r.party_name || '').toUpperCase().includes(f.name.toUpperCase()) && !(r.party_uscc || '').startsWith(f.name.toUpperCase())) return false;
  return true;
}

function options(values, all) {
  return [h('option', { value: '' }, all)].concat(values.map(([v, label]) => h('option', { value: v }, label)));
}

let tableBox = null;

function filters() {
  const f = state.filter;
  const codes = new Set(Object.keys(WUHAN_DISTRICTS));
  for (const r of state.items) if (districtCode(r.party_uscc)) codes.add(districtCode(r.party_uscc));
  if (f.district) codes.add(f.district);
  const districts = [...codes].sort().map((c) => [c, regionName(c)]);
  if (f.dept && !deptNames.has(f.dept)) deptNames.set(f.dept, f.dept);
  const depts = [...deptNames].sort((a, b) => a[1].localeCompare(b[1], 'zh')).map(([u, n]) => [u, n]);
  const changed = (key) => {
    if (key === 'name') drawTable();
    else reload();
  };
  const sel = (id, key, label, opts) => {
    const s = h('select', { id, name: key }, opts);
    s.value = f[key];
    s.addEventListener('change', () => {
      f[key] = s.value;
      changed(key);
    });
    return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), s);
  };
  const input = (id, key, label, type) => {
    const i = h('input', { id, name: key, type, value: f[key], autocomplete: 'off' });
    i.addEventListener(type === 'date' ? 'change' : 'input', () => {
      f[key] = i.value.trim();
      changed(key);
    });
    return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), i);
  };
  const reset = h('button', { type: 'reset', class: 'btn btn-link' }, t('board.filter.reset'));
  const form = h(
    'form',
    { class: 'filters card', 'aria-label': t('board.filter.label') },
    input('f-name', 'name', t('board.filter.name'), 'search'),
    sel('f-district', 'district', t('board.filter.district'), options(districts, t('board.filter.allDistricts'))),
    sel('f-dept', 'dept', t(board === 'commitments' ? 'board.filter.acceptingDept' : 'board.filter.dept'), options(depts, t('board.filter.allDepts'))),
    input('f-from', 'from', t(board === 'commitments' ? 'board.filter.fromCommitted' : 'board.filter.from'), 'date'),
    input('f-to', 'to', t('board.filter.to'), 'date'),
    h('div', { class: 'field field-actions' }, reset),
  );
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    const server = Object.values(serverParams()).some(Boolean);
    state.filter = { district: '', dept: '', from: '', to: '', name: '' };
    if (server) reload();
    else draw();
    document.getElementById('f-name')?.focus();
  });
  return form;
}

function drawTable() {
  if (!tableBox) return;
  const parts = [];
  if (state.error) parts.push(notice('error', errorText(state.error)));
  const shown = state.items.filter(matches);
  const cols = columns();
  if (state.loaded && !state.error) {
    parts.push(
      h(
        'p',
        { class: 'result-count', role: 'status' },
        t('board.count', { shown: shown.length, loaded: state.items.length }),
        state.next ? ` ${t('board.count.more')}` : ` ${t('board.count.all')}`,
      ),
    );
  }
  if (state.loaded && shown.length === 0 && !state.error) parts.push(notice('info', state.items.length || Object.values(serverParams()).some(Boolean) ? t('board.noMatch') : t(`board.empty.${board}`)));
  if (shown.length) {
    parts.push(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data-table board-table' },
          h('caption', { class: 'visually-hidden' }, t(`board.${board}.title`)),
          h('thead', {}, h('tr', {}, cols.map(([k, , c]) => h('th', { scope: 'col', class: c || null }, t(k))))),
          h('tbody', {}, shown.map((r) => h('tr', {}, cols.map(([k, fn, c]) => td(t(k), c || null, fn(r)))))),
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

let filterBox = null;
let filtersOpen = null;
function draw() {
  if (filterBox) {
    // Open on wide screens; on a phone the filters fold away behind their summary.
    if (filtersOpen === null) filtersOpen = window.matchMedia('(min-width: 761px)').matches;
    const active = Object.values(state.filter).filter(Boolean).length;
    const d = h('details', { open: filtersOpen || active > 0 }, h('summary', {}, active ? t('board.filter.summaryActive', { n: active }) : t('board.filter.summary')), filters());
    d.addEventListener('toggle', () => {
      filtersOpen = d.open;
    });
    // Redrawn with the options of the new pages: the field in use keeps the focus.
    const focused = filterBox.contains(document.activeElement) ? document.activeElement.id : '';
    replace(filterBox, d);
    if (focused) document.getElementById(focused)?.focus();
  }
  drawTable();
}

async function load() {
  const gen = generation;
  state.loading = true;
  drawTable();
  let page = null;
  let error = null;
  try {
    page = await api(B.path, { params: { limit: PAGE, cursor: state.next, ...serverParams() } });
  } catch (e) {
    error = e;
  }
  if (gen !== generation) return; // the filters changed meanwhile; reload() asked again
  if (page) {
    state.items = state.items.concat(page.items);
    state.next = page.next_cursor;
    for (const r of page.items) if (deptUscc(r)) deptNames.set(deptUscc(r), deptOf(B.cls, r) || deptUscc(r));
  }
  state.error = error;
  state.loading = false;
  state.loaded = true;
  draw();
}

/** The server filters changed: the first page again, with them. */
function reload() {
  generation++;
  state.items = [];
  state.next = null;
  state.loaded = false;
  drawTable();
  load();
}

function boardNav() {
  return h(
    'nav',
    { class: 'board-nav', 'aria-label': t('board.nav') },
    h('ul', {}, Object.entries(BOARDS).map(([id, b]) => h('li', {}, h('a', { href: b.href, 'aria-current': id === board ? 'page' : null, class: `board-link board-${id}` }, t(`board.${id}.title`))))),
  );
}

boot({
  page: board === 'commitments' ? 'commitments' : board,
  title: `board.${board}.title`,
  render: async (main) => {
    filterBox = h('div', { class: 'filter-box' });
    tableBox = h('div', { class: 'table-box' });
    replace(main, pageHead(t(`board.${board}.title`), t(`board.${board}.lead`)), h('div', { class: 'wrap section' }, boardNav(), filterBox, h('p', { class: 'muted small' }, t('board.filter.note')), tableBox));
    draw();
    if (!state.loaded && !state.loading) {
      await loadCatalog().catch(() => null);
      await load();
    }
  },
});
