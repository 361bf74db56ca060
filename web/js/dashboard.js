// SPDX-License-Identifier: Apache-2.0
// The monitoring dashboards (监测看板) for the credit office, the auditor and departments, drawn with
// Apache ECharts (web/vendor/echarts.min.js, copied from npm at build time): twelve-month trends of a
// category, the month's departments ranked by a figure with the districts on a map of Wuhan's 13
// districts (web/vendor/wuhan-districts.js), and, on a click on a department, the late or rejected
// records behind its rate, a page at a time. Everything comes from the aggregates the server keeps
// (GET /api/v1/monitoring/dashboard/...), but categories 8, 13, 14 and 15, which the aggregates do not
// hold: their pages read the month's report (monthcat.js). The key is the console's (sessionStorage of
// this tab).
import { api } from './api.js';
import { h, replace } from './dom.js';
import { formatNumber, getLang, t } from './i18n.js';
import { keySignIn } from './signin.js';
import { boot, errorText, notice, pageHead } from './layout.js';
import { loadCatalog } from './catalog.js';
import { chartHeight, chartOption, loadMonth, MONTH_CATEGORIES, monthCategoryView } from './monthcat.js';

const KEY = 'xy.console.key';
const CATEGORIES = [1, 2, 3, 5, 6, 7, 8, 10, 13, 14, 15];
const BY = ['publicity_rate', 'timeliness', 'quality', 'submitted', 'late', 'rows_rejected', 'list_new'];
const TOP = 15;

const fromUrl = Number(new URLSearchParams(location.search).get('cat'));

function stored(k) {
  try {
    return sessionStorage.getItem(k);
  } catch {
    return null;
  }
}

const S = {
  key: stored(KEY),
  month: '',
  cat: CATEGORIES.includes(fromUrl) ? fromUrl : 6,
  monthDoc: { doc: null, error: null, month: null },
  by: 'publicity_rate',
  cls: 'penalty',
  trends: null,
  ranks: null,
  drill: null,
  error: null,
  signin: { busy: false, error: null },
};
const charts = [];
const echarts = globalThis.echarts;

function name(col) {
  return getLang() === 'en' ? col.name_en : col.name_zh;
}

function valueText(col, v) {
  if (v == null) return '—';
  if (col.kind === 'rate') return `${(v * 100).toFixed(2)}%`;
  if (col.kind === 'mean') return v.toFixed(2);
  return formatNumber(v);
}

async function load() {
  S.error = null;
  try {
    const params = { month: S.month || undefined };
    [S.trends, S.ranks] = await Promise.all([
      api('/api/v1/monitoring/dashboard/trends', { key: S.key, params }),
      api('/api/v1/monitoring/dashboard/rankings', { key: S.key, params: { ...params, by: S.by } }),
    ]);
    S.month = S.trends.to;
  } catch (e) {
    S.error = errorText(e);
  }
  await loadMonthDoc();
}

/** The month's report, for the categories drawn from it; fetched once per month. */
async function loadMonthDoc() {
  if (!MONTH_CATEGORIES.includes(S.cat) || !S.month || S.monthDoc.month === S.month) return;
  S.monthDoc = { doc: null, error: null, month: S.month };
  const [r] = await Promise.all([loadMonth(S.key, S.month), loadCatalog().catch(() => null)]);
  S.monthDoc = { ...r, month: S.month };
}

function chartBox(id, tall) {
  return h('div', { id, class: tall ? 'dash-chart dash-chart-tall' : 'dash-chart', role: 'img', 'aria-label': t(`dash.${id}`) });
}

function draw(el, option, onClick) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(option);
  if (onClick) c.on('click', onClick);
  charts.push(c);
}

function trendOption() {
  const cols = S.trends.columns.filter((c) => c.category === S.cat);
  const rates = cols.some((c) => c.kind !== 'count');
  const series = cols.map((c) => ({
    name: `${name(c)}${c.kind === 'rate' ? ' (%)' : ''}`,
    type: c.kind === 'count' ? 'bar' : 'line',
    yAxisIndex: c.kind === 'count' || !rates ? 0 : 1,
    data: S.trends.series[c.key].map((v) => (v == null ? null : c.kind === 'rate' ? Math.round(v * 10000) / 100 : v)),
  }));
  const yAxis = [{ type: 'value', name: t('dash.count') }];
  if (rates) yAxis.push({ type: 'value', name: t('dash.rate'), min: 0, axisLabel: { formatter: '{value}' } });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: rates ? 48 : 16, top: 72, bottom: 32 },
    xAxis: { type: 'category', data: S.trends.months },
    yAxis,
    series,
  };
}

function rankCol() {
  return S.ranks.columns.find((c) => c.key === S.by);
}

function scaled(col, v) {
  return v == null ? null : col.kind === 'rate' ? Math.round(v * 10000) / 100 : v;
}

function rankOption() {
  const col = rankCol();
  const rows = S.ranks.departments.slice(0, TOP).reverse();
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: col.kind === 'rate' ? '%' : col.unit },
    yAxis: { type: 'category', data: rows.map((r) => r.name || r.dept), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', name: name(col), data: rows.map((r) => ({ value: scaled(col, r.values[S.by]), dept: r.dept })) }],
  };
}

function districtOption() {
  const col = rankCol();
  const data = S.ranks.districts.filter((d) => d.region !== '420100' && d.region !== '').map((d) => ({ name: d.region_name, value: scaled(col, d.values[S.by]) }));
  const values = data.map((d) => d.value).filter((v) => v != null);
  const max = values.length ? Math.max(...values) : 1;
  if (echarts.getMap && echarts.getMap('武汉')) {
    return {
      animation: false,
      tooltip: { trigger: 'item' },
      visualMap: { min: 0, max: max || 1, left: 8, bottom: 8, calculable: true, inRange: { color: ['#e8f0fa', '#1f5fa8'] } },
      series: [{ type: 'map', map: '武汉', name: name(col), data, label: { show: true, fontSize: 10 } }],
    };
  }
  return {
    animation: false,
    tooltip: {},
    grid: { left: 8, right: 16, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: data.map((d) => d.name) },
    series: [{ type: 'bar', data: data.map((d) => d.value) }],
  };
}

async function drill(dept, next) {
  const kind = ['quality', 'rows_rejected'].includes(S.by) ? 'rejected' : 'late';
  try {
    const page = await api('/api/v1/monitoring/dashboard/drill', { key: S.key, params: { month: S.month, dept, kind, class: S.cls, cursor: next, limit: 50 } });
    S.drill = next && S.drill && S.drill.dept === dept ? { ...page, items: S.drill.items.concat(page.items) } : page;
  } catch (e) {
    S.drill = { dept, kind, error: errorText(e), items: [] };
  }
  await redraw();
  document.getElementById('drill-title')?.focus();
}

function unitName(dept) {
  const r = S.ranks && S.ranks.departments.find((x) => x.dept === dept);
  return r && r.name ? r.name : dept;
}

function drillView() {
  const d = S.drill;
  if (!d) return h('p', { class: 'dash-note' }, t('dash.drillHint'));
  const late = d.kind === 'late';
  const head = late ? ['record', 'docNo', 'decided', 'stored'] : ['batch', 'row', 'field', 'value', 'reason'];
  const rows = d.items.map((r) =>
    late
      ? h('tr', {}, h('td', { class: 'num' }, String(r.record)), h('td', {}, r.doc_no || ''), h('td', {}, r.decision_date || ''), h('td', {}, r.stored_at || ''))
      : h('tr', {}, h('td', { class: 'num' }, String(r.batch)), h('td', { class: 'num' }, String(r.row)), h('td', {}, r.field || ''), h('td', {}, r.value || ''), h('td', {}, r.reason || '')),
  );
  return h(
    'div',
    {},
    h('h3', { id: 'drill-title', tabIndex: -1 }, t(late ? 'dash.drillLate' : 'dash.drillRejected', { dept: unitName(d.dept), n: d.items.length })),
    d.error ? notice('error', d.error) : null,
    d.items.length ? h('div', { class: 'dash-table-wrap' }, h('table', { class: 'dash-table' }, h('thead', {}, h('tr', {}, head.map((k) => h('th', {}, t(`dash.col.${k}`))))), h('tbody', {}, rows))) : h('p', {}, t('dash.none')),
    d.next ? h('button', { type: 'button', class: 'btn btn-secondary', on: { click: () => drill(d.dept, d.next) } }, t('dash.more')) : null,
  );
}

function select(id, label, value, options, onChange) {
  const el = h('select', { id, name: id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onChange(el.value));
  return h('div', { class: 'field' }, h('label', { htmlFor: id }, label), el);
}

function months() {
  const [y, m] = (S.trends ? S.trends.to : S.month || '2026-01').split('-').map(Number);
  const out = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

function rankTable() {
  const col = rankCol();
  return h(
    'div',
    { class: 'dash-table-wrap' },
    h(
      'table',
      { class: 'dash-table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('dash.col.rank')), h('th', {}, t('dash.col.unit')), h('th', {}, t('dash.col.district')), h('th', { class: 'num' }, name(col)))),
      h(
        'tbody',
        {},
        S.ranks.departments.map((r) =>
          h('tr', {}, h('td', { class: 'num' }, String(r.rank)), h('td', {}, h('button', { type: 'button', class: 'btn-link', on: { click: () => drill(r.dept) } }, r.name || r.dept)), h('td', {}, r.region_name || ''), h('td', { class: 'num' }, valueText(col, r.values[S.by])))),
      ),
    ),
  );
}

let main;

async function redraw() {
  while (charts.length) charts.pop().dispose();
  const signedIn = !!S.key;
  if (!signedIn) {
    replace(
      main,
      pageHead(t('dash.title'), t('dash.lead')),
      h(
        'div',
        { class: 'wrap section' },
        keySignIn({
          id: 'api-key',
          prefix: 'console',
          state: S.signin,
          submit: async (key) => {
            const me = await api('/api/v1/me', { key });
            if (!['office', 'auditor', 'department'].includes(me.role)) return t('dash.notAllowed');
            S.key = key;
            try {
              sessionStorage.setItem(KEY, key);
            } catch {
              /* kept for this page only */
            }
            await load();
            return null;
          },
          errorText,
          done: redraw,
        }),
      ),
    );
    return;
  }
  if (!echarts) {
    replace(main, pageHead(t('dash.title'), t('dash.lead')), h('div', { class: 'wrap section' }, notice('error', t('dash.noCharts'))));
    return;
  }
  const fromMonth = MONTH_CATEGORIES.includes(S.cat);
  const controls = h(
    'div',
    { class: 'dash-controls' },
    select('dash-month', t('dash.month'), S.month, months().map((m) => [m, m]), async (v) => {
      S.month = v;
      S.drill = null;
      await load();
      await redraw();
    }),
    select('dash-cat', t('dash.category'), String(S.cat), CATEGORIES.map((c) => [String(c), t(`dash.cat.${c}`)]), async (v) => {
      S.cat = Number(v);
      await loadMonthDoc();
      await redraw();
      document.getElementById('dash-cat')?.focus();
    }),
    fromMonth ? null : select('dash-by', t('dash.by'), S.by, BY.map((k) => [k, S.ranks ? name(S.ranks.columns.find((c) => c.key === k)) : k]), async (v) => {
      S.by = v;
      S.drill = null;
      await load();
      await redraw();
    }),
    fromMonth ? null : select('dash-class', t('dash.class'), S.cls, [['penalty', t('class.penalty')], ['license', t('class.license')]], async (v) => {
      S.cls = v;
      if (S.drill) await drill(S.drill.dept);
    }),
  );
  const refreshed = S.trends && S.trends.refreshed ? t('dash.refreshed', { day: S.trends.refreshed.day }) : t('dash.never');
  replace(
    main,
    pageHead(t('dash.title'), t(fromMonth ? 'dash.leadMonth' : 'dash.lead')),
    h(
      'div',
      { class: 'wrap section' },
      controls,
      fromMonth ? null : h('p', { class: 'dash-note' }, refreshed),
      S.error ? notice('error', S.error) : null,
      fromMonth
        ? monthCategoryView(S.monthDoc, S.cat, S.key, chartBox)
        : S.trends
        ? h(
            'div',
            { class: 'dash-grid' },
            h('section', { class: 'card dash-card' }, h('h2', {}, t('dash.trends')), chartBox('trend')),
            h('div', { class: 'dash-grid dash-grid-2' }, h('section', { class: 'card dash-card' }, h('h2', {}, t('dash.rankings')), chartBox('ranking', true)), h('section', { class: 'card dash-card' }, h('h2', {}, t('dash.districts')), chartBox('districtMap', true))),
            h('section', { class: 'card dash-card' }, h('h2', {}, t('dash.table')), rankTable()),
            h('section', { class: 'card dash-card', id: 'drill' }, h('h2', {}, t('dash.drill')), drillView()),
          )
        : null,
    ),
  );
  if (fromMonth) {
    const cat = S.monthDoc.doc && S.monthDoc.doc.categories.find((c) => c.no === S.cat);
    const box = document.getElementById('catChart');
    if (cat && box) {
      box.style.height = chartHeight(cat);
      draw(box, chartOption(cat, box.clientWidth));
    }
    return;
  }
  if (!S.trends) return;
  draw(document.getElementById('trend'), trendOption());
  draw(document.getElementById('ranking'), rankOption(), (p) => p.data && p.data.dept && drill(p.data.dept));
  draw(document.getElementById('districtMap'), districtOption());
}

// Resized once a frame, and only charts still on the page (a redraw may have replaced them).
let resizing = false;
addEventListener('resize', () => {
  if (resizing) return;
  resizing = true;
  requestAnimationFrame(() => {
    resizing = false;
    for (const c of charts) if (!c.isDisposed() && c.getDom().isConnected && c.getDom().clientWidth > 0) c.resize();
  });
});

boot({
  page: 'console',
  title: 'dash.title',
  render: async (el) => {
    main = el;
    if (S.key && !S.trends) await load();
    await redraw();
  },
});
