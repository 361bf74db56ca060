// SPDX-License-Identifier: Apache-2.0
// The console's 报送进度 view (the countdown to the 22nd): for the month being reported (the month
// before this one unless another is chosen), the days and working days left to its due day, and every
// reporting unit that has not reported yet, with what it still owes (its declaration, the categories
// entered by hand its catalogue lists), then those that are in (GET /api/v1/monitoring/pending). The
// office and the auditor see every unit; a department its own.
import { h, td } from './dom.js';
import { formatNumber, getLang, t } from './i18n.js';
import { regionName } from './format.js';
import { errorText, notice } from './layout.js';

/** The twelve months up to today's, newest first ("YYYY-MM"). */
function months(today) {
  const [y, m] = (today || new Date().toISOString()).slice(0, 7).split('-').map(Number);
  const out = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

function catList(a) {
  return a.map((no) => t(`dash.cat.${no}`)).join(t('pending.listSep'));
}

/** A stored UTC stamp in Beijing time, as the office reads it. */
function beijing(stamp) {
  return new Date(stamp).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

function owes(u) {
  const parts = [];
  if (u.declaration === 'missing') parts.push(t('pending.noDeclaration'));
  if (u.entries_missing.length) parts.push(t('pending.notEntered', { cats: catList(u.entries_missing) }));
  return parts.join(t('pending.sep'));
}

function unitTable(id, units, pending) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table pending-table', id },
      h('thead', {}, h('tr', {}, ['pending.unit', 'pending.district', 'pending.level', pending ? 'pending.owes' : 'pending.in'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        {},
        units.map((u) =>
          h(
            'tr',
            { 'data-dept': u.dept },
            td(t('pending.unit'), null, h('span', {}, u.name), h('span', { class: 'muted small block code' }, u.dept)),
            td(t('pending.district'), null, regionName(u.region) || u.region_name || ''),
            td(t('pending.level'), null, u.level ? t(`pending.levels.${u.level}`) : '—'),
            pending
              ? td(t('pending.owes'), 'pending-owes', owes(u))
              : td(t('pending.in'), null, [u.declared_at ? t('pending.declaredAt', { at: beijing(u.declared_at) }) : null, u.entries_in.length ? t('pending.entered', { cats: catList(u.entries_in) }) : null, u.status === 'nothing_owed' ? t('pending.nothingOwed') : null].filter(Boolean).join(t('pending.sep'))),
          ),
        ),
      ),
    ),
  );
}

/** call(path, opts): the API with the console's key; redraw(): draws the view again. Returns { view(), reset() }. */
export function makePending({ call, redraw }) {
  let S = { data: null, error: null, busy: false, month: '' };
  async function load() {
    S.busy = true;
    S.error = null;
    try {
      S.data = await call('/api/v1/monitoring/pending', { params: { month: S.month || undefined } });
      S.month = S.data.month;
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }
  function countdown(d) {
    const overdue = d.days_left < 0;
    const big = overdue ? t('pending.overdueDays', { n: -d.days_left }) : t('pending.daysLeft', { n: d.days_left });
    return h(
      'div',
      { class: ['pending-countdown', overdue && d.state !== 'closed' ? 'is-overdue' : null], id: 'pending-countdown', 'data-month': d.month },
      h('p', { class: 'pending-days' }, h('strong', {}, big)),
      h('p', { class: 'muted' }, t('pending.due', { month: d.month, due: d.due }), d.days_left >= 0 ? ` ${t('pending.workdays', { n: d.workdays_left })}` : '', ' ', h('span', { class: ['badge', d.state === 'closed' ? 'badge-active' : 'badge-pending'] }, t(`pending.state.${d.state}`))),
    );
  }
  return {
    reset() {
      S = { data: null, error: null, busy: false, month: '' };
    },
    view() {
      if (!S.data && !S.error && !S.busy) load();
      const d = S.data;
      const sel = h('select', { id: 'pending-month', name: 'pending-month' }, months(d && d.today).map((m) => h('option', { value: m, selected: m === S.month }, m)));
      sel.addEventListener('change', () => {
        S.month = sel.value;
        load();
      });
      const pend = d ? d.units.filter((u) => u.status === 'pending') : [];
      const done = d ? d.units.filter((u) => u.status !== 'pending') : [];
      const body = S.error
        ? notice('error', errorText(S.error))
        : !d
          ? notice('loading', t('common.loading'))
          : [
              countdown(d),
              h(
                'dl',
                { class: 'facts pending-facts' },
                h('div', {}, h('dt', {}, t('pending.units')), h('dd', { id: 'pending-units' }, formatNumber(d.counts.units))),
                h('div', {}, h('dt', {}, t('pending.notReported')), h('dd', { id: 'pending-count' }, h('strong', {}, formatNumber(d.counts.pending)))),
                h('div', {}, h('dt', {}, t('pending.reported')), h('dd', { id: 'pending-in' }, formatNumber(d.counts.in))),
                h('div', {}, h('dt', {}, t('pending.nothingOwedCount')), h('dd', { id: 'pending-nothing' }, formatNumber(d.counts.nothing_owed))),
              ),
              h('h3', { id: 'pending-list-title' }, t('pending.listPending', { n: pend.length })),
              pend.length ? unitTable('pending-list', pend, true) : notice('ok', t('pending.allIn')),
              h('h3', {}, t('pending.listIn', { n: done.length })),
              done.length ? unitTable('pending-done', done, false) : h('p', { class: 'muted' }, t('pending.noneIn')),
              d.districts && d.districts.length
                ? h(
                    'div',
                    {},
                    h('h3', {}, t('pending.byDistrict')),
                    h(
                      'div',
                      { class: 'table-wrap' },
                      h(
                        'table',
                        { class: 'data-table', id: 'pending-districts' },
                        h('thead', {}, h('tr', {}, ['pending.district', 'pending.units', 'pending.notReported', 'pending.reported'].map((k) => h('th', { scope: 'col' }, t(k))))),
                        h('tbody', {}, d.districts.map((x) => h('tr', {}, td(t('pending.district'), null, regionName(x.region) || x.region_name || t('pending.unplaced')), td(t('pending.units'), 'num', String(x.units)), td(t('pending.notReported'), 'num', String(x.pending)), td(t('pending.reported'), 'num', String(x.in))))),
                      ),
                    ),
                  )
                : null,
              h('p', { class: 'muted small' }, t('pending.note')),
            ];
      return h(
        'section',
        { class: 'card', 'aria-labelledby': 'pending-title' },
        h('h2', { id: 'pending-title', tabIndex: -1 }, t('pending.title')),
        h('p', { class: 'muted' }, t('pending.lead')),
        h('div', { class: 'field' }, h('label', { htmlFor: 'pending-month' }, t('pending.month')), sel),
        body,
      );
    },
  };
}
