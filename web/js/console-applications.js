// SPDX-License-Identifier: Apache-2.0
// The console's 账户申请 view for the credit office: companies' and persons' applications for an
// account (GET /api/v1/admin/applications), one opened with its papers (downloaded with the office's
// key or session, audited by the server), approved (the one-time activation code shown here once, to
// hand over) or refused with a reason.
import { h, icon, replace, td } from './dom.js';
import { t } from './i18n.js';
import { errorText, notice } from './layout.js';

const STATES = ['pending', 'approved', 'refused', 'activated', ''];

/** call(path, opts): the API with the office's key or session; redraw(): draws the view again. */
export function makeApplications({ call, redraw }) {
  const fresh = () => ({ state: 'pending', items: null, error: null, open: null, openError: null, reason: '', message: null, code: null, busy: false });
  let S = fresh();

  async function load() {
    S.busy = true;
    try {
      S.items = (await call('/api/v1/admin/applications', { params: { state: S.state } })).items || [];
      S.error = null;
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }

  async function open(id) {
    try {
      S.open = await call(`/api/v1/admin/applications/${id}`);
      S.openError = null;
    } catch (e) {
      S.openError = errorText(e);
    }
    S.reason = '';
    redraw();
    document.getElementById('appl-detail-title')?.focus();
  }

  async function download(id, f) {
    try {
      const resp = await call(`/api/v1/admin/applications/${id}/files/${f.seq}`, { accept: '*/*', raw: true });
      const url = URL.createObjectURL(await resp.blob());
      const a = h('a', { href: url, download: f.name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      S.openError = errorText(e);
      redraw();
    }
  }

  async function decide(id, approve) {
    try {
      if (approve) {
        const r = await call(`/api/v1/admin/applications/${id}/approve`, { method: 'POST' });
        S.code = { id, code: r.code, expires: r.expires, mailed: r.mailed };
        S.message = null;
      } else {
        await call(`/api/v1/admin/applications/${id}/refuse`, { method: 'POST', json: { reason: S.reason.trim() } });
        S.message = t('appl.refused', { id });
        S.code = null;
      }
      S.open = null;
      S.openError = null;
    } catch (e) {
      S.openError = errorText(e);
    }
    await load();
    document.getElementById(S.code ? 'appl-code' : 'appl-view')?.focus();
  }

  function filter() {
    const sel = h('select', { id: 'appl-state' }, STATES.map((s) => h('option', { value: s, selected: S.state === s }, t(`appl.state.${s || 'all'}`))));
    sel.addEventListener('change', () => {
      S.state = sel.value;
      S.open = null;
      load();
    });
    return h('div', { class: 'field field-inline' }, h('label', { htmlFor: 'appl-state' }, t('appl.filter')), sel);
  }

  function table() {
    if (S.error) return notice('error', errorText(S.error));
    if (!S.items) return notice('loading', t('common.loading'));
    if (!S.items.length) return notice('info', t('appl.none'));
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table', id: 'appl-table' },
        h('caption', { class: 'visually-hidden' }, t('appl.title')),
        h('thead', {}, h('tr', {}, ['id', 'kind', 'code', 'name', 'contact', 'state', 'filed', ''].map((k) => h('th', { scope: 'col' }, k ? t(`appl.col.${k}`) : t('appl.col.action'))))),
        h(
          'tbody',
          {},
          S.items.map((a) => {
            const b = h('button', { type: 'button', class: 'btn btn-secondary', id: `appl-open-${a.id}` }, t('appl.open'));
            b.addEventListener('click', () => open(a.id));
            return h(
              'tr',
              {},
              td(t('appl.col.id'), null, String(a.id)),
              td(t('appl.col.kind'), null, t(`appl.kind.${a.kind}`)),
              td(t('appl.col.code'), 'nowrap', h('span', { class: 'code' }, a.code)),
              td(t('appl.col.name'), null, a.name),
              td(t('appl.col.contact'), null, `${a.contact} ${a.phone}`),
              td(t('appl.col.state'), null, t(`appl.state.${a.state}`)),
              td(t('appl.col.filed'), 'nowrap', a.created_at ? new Date(a.created_at).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''),
              td(t('appl.col.action'), null, b),
            );
          }),
        ),
      ),
    );
  }

  function detail() {
    const a = S.open;
    if (!a) return null;
    const row = (k, v) => (v ? h('div', {}, h('dt', {}, t(k)), h('dd', {}, v)) : null);
    const files = (a.files || []).map((f) => {
      const b = h('button', { type: 'button', class: 'btn btn-secondary', id: `appl-file-${f.seq}` }, icon('download'), `${t(`appl.file.${f.role}`)}：${f.name}`);
      b.addEventListener('click', () => download(a.id, f));
      return h('li', {}, b);
    });
    let actions = null;
    if (a.state === 'pending') {
      const reason = h('textarea', { id: 'appl-reason', rows: 2, class: 'prose', maxLength: 1000, value: S.reason, 'aria-describedby': 'appl-reason-hint' });
      reason.addEventListener('input', () => {
        S.reason = reason.value;
      });
      const ok = h('button', { type: 'button', class: 'btn btn-primary', id: 'appl-approve' }, t('appl.approve'));
      ok.addEventListener('click', () => decide(a.id, true));
      const no = h('button', { type: 'button', class: 'btn btn-secondary', id: 'appl-refuse' }, t('appl.refuse'));
      no.addEventListener('click', () => {
        if (!S.reason.trim()) {
          S.openError = t('appl.reasonNeeded');
          redraw();
          document.getElementById('appl-reason')?.focus();
          return;
        }
        decide(a.id, false);
      });
      actions = h('div', {}, h('div', { class: 'field' }, h('label', { htmlFor: 'appl-reason' }, t('appl.reason')), reason, h('p', { class: 'hint', id: 'appl-reason-hint' }, t('appl.reasonHint'))), h('p', {}, ok, ' ', no));
    }
    return h(
      'section',
      { class: 'card', id: 'appl-detail', 'aria-labelledby': 'appl-detail-title' },
      h('h3', { id: 'appl-detail-title', tabIndex: -1 }, t('appl.detail', { id: a.id })),
      S.openError ? notice('error', S.openError) : null,
      h(
        'dl',
        { class: 'facts' },
        row('appl.col.kind', t(`appl.kind.${a.kind}`)),
        row('appl.col.code', h('span', { class: 'code' }, a.code)),
        row('appl.col.name', a.name),
        row('appl.legalRep', a.legal_rep),
        row('appl.col.contact', a.contact),
        row('appl.phone', a.phone),
        row('appl.email', a.email),
        row('appl.col.state', t(`appl.state.${a.state}`)),
        row('appl.reason', a.reason),
      ),
      h('ul', { class: 'plain-list' }, files),
      actions,
    );
  }

  function codeCard() {
    const c = S.code;
    if (!c) return null;
    return h(
      'section',
      { class: 'card', id: 'appl-code', tabIndex: -1, 'aria-labelledby': 'appl-code-title' },
      h('h3', { id: 'appl-code-title' }, icon('key'), t('appl.approved', { id: c.id })),
      h('p', {}, t('appl.codeLead')),
      h('p', { class: 'code', id: 'appl-code-text' }, c.code),
      h('p', { class: 'hint' }, t('appl.codeExpires', { at: new Date(c.expires).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) }), ' ', c.mailed ? t('appl.mailed') : ''),
    );
  }

  return {
    reset() {
      S = fresh();
    },
    view() {
      if (!S.items && !S.error && !S.busy) load();
      const box = h('div', { id: 'appl-view', tabIndex: -1 });
      replace(box, h('h2', {}, t('appl.title')), h('p', { class: 'muted' }, t('appl.lead')), S.message ? notice('ok', S.message) : null, codeCard(), filter(), table(), detail());
      return box;
    },
  };
}
