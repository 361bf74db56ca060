// SPDX-License-Identifier: Apache-2.0
// The dashboard's pages for the categories the daily aggregates do not hold (监测看板, dashboard.js):
// 8 code conversion (stock conversion per registration authority, new codes in the month, the
// duplicate or wrong code rate, and a department's unconverted entities to download), 13 the
// configurable category, 14 collection by frequency and 15 credit report coverage. They read the
// month's report (GET /api/v1/monitoring/months/{month}): the frozen figures of a closed month, or
// computed on asking; a department key sees its own rows only.
import { api } from './api.js';
import { className } from './catalog.js';
import { h } from './dom.js';
import { formatNumber, getLang, t } from './i18n.js';
import { errorText, notice } from './layout.js';
import { regionName } from './format.js';

/** The categories drawn here rather than from the aggregates. */
export const MONTH_CATEGORIES = [8, 13, 14, 15];

/** The server's English names are lower case, to go inside a sentence; a heading starts with a capital. */
function capital(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function colName(c) {
  return getLang() === 'en' ? capital(c.name_en) : c.name_zh;
}

/** A column's heading with its unit; in English only "%" (the units are Chinese measure words). */
function colHead(c) {
  const unit = c.kind === 'rate' ? '%' : getLang() === 'en' ? '' : c.unit;
  return unit ? `${colName(c)} (${unit})` : colName(c);
}

function valueText(c, v) {
  if (v == null) return '—';
  if (c.kind === 'rate') return `${(v * 100).toFixed(c.key === 'bad_code_rate' ? 4 : 2)}%`;
  if (c.kind === 'mean') return Number(v).toFixed(2);
  return formatNumber(v);
}

/** What a row's key means in this category: an authority, a class, a district, an item. */
function keyText(no, key) {
  if (key == null || key === '') return t('monthcat.all');
  if (no === 8) return t(`monthcat.auth.${key}`) === `monthcat.auth.${key}` ? key : t(`monthcat.auth.${key}`);
  if (no === 14) return className(key) || key;
  if (no === 15) return regionName(key) || key;
  return key;
}

/** The column a chart shows: the category's first rate, else its first figure. */
export function headline(cat) {
  const shown = cat.columns.filter((c) => c.kind !== 'hidden');
  return shown.find((c) => c.kind === 'rate') || shown[0];
}

function targetBadge(cat, c, v) {
  const tg = cat.targets && cat.targets[c.key];
  if (!tg || v == null) return null;
  const met = tg.cmp === 'below' ? v < tg.value : v >= tg.value;
  const target = `${(tg.value * 100).toFixed(tg.value < 0.01 ? 2 : 0)}%`;
  return h('span', { class: ['badge', met ? 'badge-active' : 'badge-overdue'] }, t(met ? 'monthcat.met' : 'monthcat.notMet', { target: (tg.cmp === 'below' ? '< ' : '≥ ') + target }));
}

/** Loads the month's report. Returns { doc } or { error }. */
export async function loadMonth(key, month) {
  try {
    return { doc: await api(`/api/v1/monitoring/months/${encodeURIComponent(month)}`, { key }) };
  } catch (e) {
    return { error: errorText(e) };
  }
}

async function downloadUnconverted(key, dept, button) {
  button.disabled = true;
  try {
    const resp = await api('/api/v1/monitoring/conversion', { key, params: { format: 'csv', dept }, accept: 'text/csv', raw: true });
    const url = URL.createObjectURL(await resp.blob());
    const a = h('a', { href: url, download: `unconverted-${dept}.csv`, class: 'visually-hidden' }, dept);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  } catch (e) {
    button.after(h('span', { class: 'error small', role: 'alert' }, ` ${errorText(e)}`));
  }
  button.disabled = false;
}

function facts(cat) {
  const city = cat.city || {};
  return h(
    'dl',
    { class: 'facts monthcat-facts', id: 'monthcat-city' },
    cat.columns
      .filter((c) => c.kind !== 'hidden')
      .map((c) => h('div', {}, h('dt', {}, colHead(c)), h('dd', {}, h('strong', {}, valueText(c, city[c.key])), ' ', targetBadge(cat, c, city[c.key])))),
  );
}

function table(id, caption, heads, rows) {
  return h(
    'div',
    { class: 'dash-table-wrap' },
    h('table', { class: 'dash-table', id }, h('caption', { class: 'visually-hidden' }, caption), h('thead', {}, h('tr', {}, heads.map(([text, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, text)))), h('tbody', {}, rows)),
  );
}

function rowKeyName(cat) {
  return getLang() === 'en' ? capital(cat.row_key.name_en) : cat.row_key.name_zh;
}

/** Rows of the platform's alone (15: per district of the subjects), not of units. */
function platformOnly(cat) {
  return (cat.rows || []).every((r) => !r.dept);
}

function deptTable(cat, key) {
  const cols = cat.columns.filter((c) => c.kind !== 'hidden');
  const conv = cat.no === 8;
  const units = !platformOnly(cat);
  const heads = [...(units ? [[t('dash.col.unit')], [t('dash.col.district')]] : []), [rowKeyName(cat)], ...cols.map((c) => [colHead(c), true])];
  if (conv) heads.push([t('monthcat.unconverted')]);
  const rows = (cat.rows || []).map((r) => {
    const who = units ? [h('td', {}, r.dept_name || r.dept || t('monthcat.platform')), h('td', {}, regionName(r.region) || r.region_name || '')] : [];
    const cells = [...who, h('td', {}, keyText(cat.no, r.key)), ...cols.map((c) => h('td', { class: 'num' }, valueText(c, r.values[c.key])))];
    if (conv) {
      const b = h('button', { type: 'button', class: 'btn-link monthcat-download', 'data-dept': r.dept }, t('monthcat.download'));
      b.addEventListener('click', () => downloadUnconverted(key, r.dept, b));
      cells.push(h('td', {}, r.dept && r.values.converted < r.values.old_codes + r.values.bad_codes ? b : t('monthcat.nothingLeft')));
    }
    return h('tr', {}, cells);
  });
  return rows.length ? table('monthcat-depts', t('monthcat.byDept'), heads, rows) : h('p', {}, t('dash.none'));
}

function districtTable(cat) {
  const cols = cat.columns.filter((c) => c.kind !== 'hidden');
  if (platformOnly(cat)) return null;
  const rows = (cat.districts || []).map((d) => h('tr', {}, h('td', {}, regionName(d.region) || d.region_name || t('monthcat.unplaced')), h('td', {}, keyText(cat.no, d.key)), ...cols.map((c) => h('td', { class: 'num' }, valueText(c, d.values[c.key])))));
  if (!rows.length) return null;
  return h('section', { class: 'card dash-card' }, h('h2', {}, t('monthcat.byDistrict')), table('monthcat-districts', t('monthcat.byDistrict'), [[t('dash.col.district')], [rowKeyName(cat)], ...cols.map((c) => [colHead(c), true])], rows));
}

function extraEntries(doc) {
  const items = (doc.entries || []).filter((e) => e.category === 13);
  const unit = (doc.units || []).reduce((m, u) => ((m[u.uscc] = u.name), m), {});
  return h(
    'section',
    { class: 'card dash-card' },
    h('h2', {}, t('monthcat.entries')),
    items.length
      ? table(
          'monthcat-entries',
          t('monthcat.entries'),
          [[t('dash.col.unit')], [t('monthcat.item')], [t('monthcat.value'), true], [t('monthcat.enteredAt')]],
          items.map((e) => h('tr', {}, h('td', {}, unit[e.dept] || e.dept), h('td', {}, e.item), h('td', { class: 'num' }, formatNumber(e.values && e.values.value != null ? e.values.value : 0)), h('td', {}, e.entered_at))),
        )
      : h('p', {}, t('monthcat.noEntries')),
  );
}

/** The chart's option: the headline column per row, its labels at most a third of width px. */
export function chartOption(cat, width) {
  const c = headline(cat);
  const src = (cat.rows || []).map((r) => ({ name: r.dept ? `${r.dept_name || r.dept} · ${keyText(cat.no, r.key)}` : keyText(cat.no, r.key), v: r.values[c.key] }));
  const data = src.slice(0, 20).reverse();
  const scale = (v) => (v == null ? null : c.kind === 'rate' ? Math.round(v * 1000000) / 10000 : v);
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: c.kind === 'rate' ? '%' : getLang() === 'en' ? '' : c.unit, min: 0, max: c.kind === 'rate' && c.key !== 'bad_code_rate' ? 100 : null },
    yAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { width: Math.min(200, Math.round((width || 600) / 3)), overflow: 'truncate' } },
    series: [{ type: 'bar', name: colName(c), barMaxWidth: 28, data: data.map((d) => scale(d.v)) }],
  };
}

/**
 * The page of category no of the month: state {doc, error} from loadMonth; key the console's;
 * chartBox(id) makes the box dashboard.js draws chartOption(cat) into. Returns the nodes.
 */
/** The chart box's height for the rows it shows (a bar of about 36 px each). */
export function chartHeight(cat) {
  return `${Math.max(160, Math.min(20, (cat.rows || []).length) * 36 + 60)}px`;
}

export function monthCategoryView(state, no, key, chartBox) {
  if (state.error) return notice('error', state.error);
  if (!state.doc) return notice('loading', t('common.loading'));
  const doc = state.doc;
  const cat = (doc.categories || []).find((c) => c.no === no);
  if (!cat) return notice('info', t('dash.none'));
  const name = getLang() === 'en' ? capital(cat.name_en) : cat.name_zh;
  const stateText = t(doc.state === 'closed' ? 'monthcat.closed' : 'monthcat.open', { month: doc.month });
  return h(
    'div',
    { class: 'dash-grid', id: 'monthcat' },
    h(
      'section',
      { class: 'card dash-card' },
      h('h2', { id: 'monthcat-title', tabIndex: -1 }, t('monthcat.title', { no, name })),
      h('p', { class: 'dash-note' }, stateText, ' ', t(`monthcat.lead.${no}`)),
      cat.note ? notice('info', cat.note) : null,
      facts(cat),
    ),
    cat.rows && cat.rows.length ? h('section', { class: 'card dash-card' }, h('h2', {}, t('monthcat.chart', { col: colName(headline(cat)) })), chartBox('catChart', true)) : null,
    h('section', { class: 'card dash-card' }, h('h2', {}, t(platformOnly(cat) && cat.rows.length ? 'monthcat.byKey' : 'monthcat.byDept', { key: getLang() === 'en' ? cat.row_key.name_en : cat.row_key.name_zh })), deptTable(cat, key)),
    districtTable(cat),
    no === 13 ? extraEntries(doc) : null,
  );
}
