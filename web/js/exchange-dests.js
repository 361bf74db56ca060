// SPDX-License-Identifier: Apache-2.0
// The console's 上报平台 view for the credit office (GET /api/v1/admin/exchange/destinations): each
// upper platform this one pushes to, with its state — the changes not yet acknowledged (backlog), the
// age of the oldest of them (lag), the failures since the last acknowledgement and the last error —
// and the public key its batches are signed with, which the receiving platform registers. A
// destination is paused and resumed here (POST .../disable and .../enable, audited).
import { className } from './catalog.js';
import { h, td } from './dom.js';
import { formatNumber, getLang, t } from './i18n.js';
import { errorText, notice } from './layout.js';

/** A stored UTC stamp in Beijing time, as the office reads it. */
function beijing(stamp) {
  return new Date(stamp).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Seconds as the largest whole unit: 45 s, 12 min, 3 h, 2 d. */
function duration(s) {
  if (s < 60) return t('exchange.seconds', { n: s });
  if (s < 3600) return t('exchange.minutes', { n: Math.floor(s / 60) });
  if (s < 86400) return t('exchange.hours', { n: Math.floor(s / 3600) });
  return t('exchange.days', { n: Math.floor(s / 86400) });
}

/** The state in one word: paused, failing, behind (a backlog older than a minute), or up to date. */
function state(d) {
  if (!d.enabled) return ['paused', 'badge-expired'];
  if (d.failures > 0) return ['failing', 'badge-overdue'];
  if (d.backlog > 0 && d.lag_seconds >= 60) return ['behind', 'badge-pending'];
  return ['current', 'badge-active'];
}

/** call(path, opts): the API with the office's key; redraw(): draws the view again. Returns { view(), reset() }. */
export function makeExchangeDests({ call, redraw }) {
  let S = { items: null, error: null, busy: false, acting: '', message: null };
  async function load() {
    S.busy = true;
    try {
      S.items = (await call('/api/v1/admin/exchange/destinations')).items || [];
      S.error = null;
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }
  async function toggle(d) {
    S.acting = d.name;
    S.message = null;
    redraw();
    const verb = d.enabled ? 'disable' : 'enable';
    try {
      await call(`/api/v1/admin/exchange/destinations/${encodeURIComponent(d.name)}/${verb}`, { method: 'POST' });
      S.message = { ok: true, key: d.enabled ? 'exchange.paused' : 'exchange.resumed', name: d.name };
    } catch (e) {
      S.message = { ok: false, error: e };
    }
    S.acting = '';
    await load();
  }
  function row(d) {
    const [st, badge] = state(d);
    return h(
      'tr',
      { 'data-dest': d.name },
      td(t('exchange.name'), null, h('strong', {}, d.name), h('span', { class: 'muted small block code' }, d.url)),
      td(t('exchange.classes'), null, d.classes && d.classes.length ? d.classes.map(className).join(t('exchange.listSep')) : t('exchange.allClasses')),
      td(t('exchange.state'), null, h('span', { class: ['badge', badge], 'data-state': st }, t(`exchange.states.${st}`))),
      td(t('exchange.backlog'), 'num exchange-backlog', formatNumber(d.backlog)),
      td(t('exchange.lag'), 'num', d.backlog > 0 ? duration(d.lag_seconds) : '—'),
      td(t('exchange.acked'), null, d.acked && d.acked.at ? beijing(d.acked.at) : t('exchange.never')),
      td(
        t('exchange.lastError'),
        'exchange-error',
        d.last_error
          ? [h('span', {}, d.last_error), h('span', { class: 'muted small block' }, t('exchange.failures', { n: formatNumber(d.failures), at: d.last_error_at ? beijing(d.last_error_at) : '' }))]
          : '—',
      ),
      td(t('exchange.publicKey'), null, d.public_key ? h('span', { class: 'code small' }, d.public_key) : t('exchange.noKey')),
      td(
        t('exchange.action'),
        null,
        h('button', { type: 'button', class: 'btn btn-secondary', disabled: S.acting === d.name, on: { click: () => toggle(d) } }, t(d.enabled ? 'exchange.pause' : 'exchange.resume')),
      ),
    );
  }
  return {
    reset() {
      S = { items: null, error: null, busy: false, acting: '', message: null };
    },
    view() {
      if (!S.items && !S.error && !S.busy) load();
      const body = S.error
        ? notice('error', errorText(S.error))
        : !S.items
          ? notice('loading', t('common.loading'))
          : !S.items.length
            ? notice('info', t('exchange.none'))
            : h(
                'div',
                { class: 'table-wrap' },
                h(
                  'table',
                  { class: 'data-table exchange-table', id: 'exchange-dests' },
                  h('thead', {}, h('tr', {}, ['exchange.name', 'exchange.classes', 'exchange.state', 'exchange.backlog', 'exchange.lag', 'exchange.acked', 'exchange.lastError', 'exchange.publicKey', 'exchange.action'].map((k) => h('th', { scope: 'col' }, t(k))))),
                  h('tbody', {}, S.items.map(row)),
                ),
              );
      return h(
        'section',
        { class: 'card', 'aria-labelledby': 'exchange-title' },
        h('h2', { id: 'exchange-title', tabIndex: -1 }, t('exchange.title')),
        h('p', { class: 'muted' }, t('exchange.lead')),
        // Drawn from what happened, not kept as text: it follows a change of language.
        S.message ? (S.message.ok ? notice('ok', t(S.message.key, { name: S.message.name })) : notice('error', errorText(S.message.error))) : null,
        body,
        h('p', {}, h('button', { type: 'button', class: 'btn btn-secondary', id: 'exchange-refresh', disabled: S.busy, on: { click: () => load() } }, t('exchange.refresh'))),
      );
    },
  };
}
