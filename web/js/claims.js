// SPDX-License-Identifier: Apache-2.0
// The console's queue of objections (异议) and repair applications (信用修复). A department sees
// the claims on its own records (the server narrows the list): it checks and decides objections the
// credit office forwarded, extending the limit once, and approves or refuses repairs. The credit
// office sees every claim, filters the overdue ones (督办), and accepts, rejects, forwards and
// closes objections. Every move is POST /api/v1/claims/{id}/actions and answers the claim as it now is.
import { classes } from './catalog.js';
import { claimDetail, claimsTable, CLAIM_STATES, forgetFiles, kindText, problemText, stateText } from './claim-view.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { notice } from './layout.js';

/** Fields a correction may not change (who the record is about, its number): the server refuses them. */
const IDENTITY_ROLES = new Set(['party_category', 'party_uscc', 'party_regno', 'party_id_type', 'party_id_no', 'doc_no']);
/** Actions that need a reason; the others take an optional note. */
const REASON_REQUIRED = new Set(['reject', 'extend', 'decide', 'refuse']);
const TEXT_MAX = 4000;

const fresh = () => ({
  filters: { kind: '', state: '', overdue: false },
  items: null,
  next: null,
  error: null,
  busy: false,
  selected: null,
  detail: null,
  detailError: null,
  message: null,
  form: null, // { action, reason, decision, fields: [{key, value}], error, busy }
  seq: 0,
});

let C = fresh();
let requests = 0; // numbers every list request, across sign-ins
let ctx = null; // { call, role, redraw }

/** Draws the view again, keeping the focus on the element (by id) that had it. */
function redraw() {
  const id = document.activeElement && document.activeElement.id;
  ctx.redraw();
  if (id) document.getElementById(id)?.focus();
}

/** Forgets everything (on sign-out). */
export function resetClaims() {
  C = fresh();
  forgetFiles();
}

/** The actions the signed-in role may take on a claim in its present state. */
export function actionsFor(role, c) {
  if (!c) return [];
  if (c.kind === 'objection') {
    if (role === 'office') return { submitted: ['accept', 'reject'], accepted: ['forward'], decided: ['close'] }[c.state] || [];
    if (role === 'department') return c.state === 'forwarded' ? (c.extended ? ['decide'] : ['decide', 'extend']) : [];
    return [];
  }
  if (c.kind === 'repair' && (role === 'department' || role === 'office')) return c.state === 'submitted' ? ['approve', 'refuse'] : [];
  return [];
}

/** Asks for the list with the filters; a newer request (the filters changed) wins over an older one. */
async function load(more) {
  if (more && C.busy) return;
  const seq = ++requests;
  C.seq = seq;
  C.busy = true;
  redraw();
  const f = C.filters;
  try {
    const page = await ctx.call('/api/v1/claims', { params: { kind: f.kind || null, state: f.state || null, overdue: f.overdue ? 'true' : null, limit: 50, cursor: more ? C.next : null } });
    if (seq !== C.seq) return;
    C.items = more && C.items ? C.items.concat(page.items) : page.items;
    C.next = page.next_cursor;
    C.error = null;
  } catch (e) {
    if (seq !== C.seq) return;
    C.error = e;
  }
  C.busy = false;
  redraw();
}

async function open(id) {
  C.selected = id;
  C.detailError = null;
  C.message = null;
  C.form = null;
  if (!C.detail || String(C.detail.id) !== String(id)) C.detail = null;
  redraw();
  try {
    C.detail = await ctx.call(`/api/v1/claims/${id}`);
  } catch (e) {
    C.detailError = e;
  }
  redraw();
  document.getElementById('claim-detail-title')?.focus();
}

function filterForm() {
  const f = C.filters;
  const kind = h('select', { id: 'claims-kind', name: 'kind' }, h('option', { value: '' }, t('claims.allKinds')), ['objection', 'repair'].map((k) => h('option', { value: k }, kindText(k))));
  kind.value = f.kind;
  const states = f.kind === 'repair' ? ['submitted', 'approved', 'refused'] : f.kind === 'objection' ? CLAIM_STATES.slice(0, 6) : CLAIM_STATES;
  const state = h('select', { id: 'claims-state', name: 'state' }, h('option', { value: '' }, t('claims.allStates')), states.map((s) => h('option', { value: s }, stateText(s))));
  state.value = states.includes(f.state) ? f.state : '';
  const overdue = h('input', { type: 'checkbox', id: 'claims-overdue', name: 'overdue', checked: f.overdue });
  const apply = () => {
    f.kind = kind.value;
    f.state = state.value;
    f.overdue = overdue.checked;
    C.items = null;
    C.next = null;
    load(false);
  };
  kind.addEventListener('change', apply);
  state.addEventListener('change', apply);
  overdue.addEventListener('change', apply);
  return h(
    'div',
    { class: 'inline-form claims-filters', role: 'group', 'aria-label': t('claims.filters') },
    h('label', { htmlFor: 'claims-kind' }, t('claims.kind')),
    kind,
    h('label', { htmlFor: 'claims-state' }, t('claims.state')),
    state,
    h('label', { class: 'check-row', htmlFor: 'claims-overdue' }, overdue, h('span', {}, t(ctx.role === 'office' ? 'claims.overdueOffice' : 'claims.overdue'))),
  );
}

/** The fields of the record's class a correction may set, from the catalogue. */
function correctable(cls) {
  const c = classes().find((x) => x.class === cls);
  // The public catalogue leaves the roles out; the fields that hold them are named after them.
  return c ? c.fields.filter((f) => !IDENTITY_ROLES.has(f.role || f.key)) : [];
}

function fieldsEditor(cls) {
  const form = C.form;
  const options = correctable(cls);
  const rows = form.fields.map((row, i) => {
    const n = i + 1;
    const key = options.length
      ? h('select', { id: `fix-key-${n}`, name: `fix-key-${n}`, 'aria-label': t('claims.fix.fieldN', { n }) }, h('option', { value: '' }, t('claims.fix.pick')), options.map((f) => h('option', { value: f.key }, `${f.name_zh} (${f.key})`)))
      : h('input', { id: `fix-key-${n}`, name: `fix-key-${n}`, type: 'text', class: 'code', autocomplete: 'off', spellcheck: false, 'aria-label': t('claims.fix.fieldN', { n }) });
    key.value = row.key;
    const value = h('input', { id: `fix-value-${n}`, name: `fix-value-${n}`, type: 'text', autocomplete: 'off', value: row.value, 'aria-label': t('claims.fix.valueN', { n }), 'aria-describedby': 'fix-hint' });
    key.addEventListener('change', () => {
      row.key = key.value.trim();
    });
    key.addEventListener('input', () => {
      row.key = key.value.trim();
    });
    value.addEventListener('input', () => {
      row.value = value.value;
    });
    const rm = h('button', { type: 'button', class: 'btn btn-link btn-danger-link', 'aria-label': t('claims.fix.removeN', { n }) }, t('claims.fix.remove'));
    rm.addEventListener('click', () => {
      form.fields.splice(i, 1);
      redraw();
      document.getElementById('fix-add')?.focus();
    });
    return h('div', { class: 'fix-row' }, key, value, rm);
  });
  const add = h('button', { type: 'button', class: 'btn btn-secondary', id: 'fix-add' }, t('claims.fix.add'));
  add.addEventListener('click', () => {
    form.fields.push({ key: '', value: '' });
    redraw();
    document.getElementById(`fix-key-${form.fields.length}`)?.focus();
  });
  return h(
    'fieldset',
    { class: 'fix-editor' },
    h('legend', {}, t('claims.fix.title')),
    h('p', { class: 'hint', id: 'fix-hint' }, t('claims.fix.hint')),
    rows,
    h('div', { class: 'actions' }, add),
  );
}

function actionForm(c) {
  const acts = actionsFor(ctx.role, c);
  if (!acts.length) return h('p', { class: 'muted claim-no-action' }, icon('check'), t('claims.noAction'));
  if (!C.form || !acts.includes(C.form.action)) C.form = { action: acts[0], reason: '', decision: '', fields: [{ key: '', value: '' }], error: null, busy: false };
  const form = C.form;
  const radios = acts.map((a) => {
    const r = h('input', { type: 'radio', name: 'claim-action', id: `act-${a}`, value: a, checked: form.action === a });
    r.addEventListener('change', () => {
      form.action = a;
      form.error = null;
      redraw();
      document.getElementById(`act-${a}`)?.focus();
    });
    return h('label', { class: 'check-row', htmlFor: `act-${a}` }, r, h('span', {}, t(`claims.act.${a}`)));
  });
  const needReason = REASON_REQUIRED.has(form.action);
  const reason = h('textarea', { id: 'act-reason', name: 'reason', rows: 3, class: 'prose', required: needReason, value: form.reason, 'aria-describedby': 'act-reason-hint' });
  reason.addEventListener('input', () => {
    form.reason = reason.value;
  });
  let decision = null;
  if (form.action === 'decide') {
    decision = h(
      'fieldset',
      { class: 'checks decision-choice' },
      h('legend', {}, t('claims.decision')),
      ['correct', 'delete', 'uphold'].map((d) => {
        const r = h('input', { type: 'radio', name: 'claim-decision', id: `decision-${d}`, value: d, checked: form.decision === d });
        r.addEventListener('change', () => {
          form.decision = d;
          form.error = null;
          redraw();
          document.getElementById(`decision-${d}`)?.focus();
        });
        return h('label', { class: 'check-row', htmlFor: `decision-${d}` }, r, h('span', {}, t(`claims.decision.${d}`)));
      }),
    );
  }
  const submit = h('button', { type: 'submit', class: ['btn', form.action === 'reject' || form.action === 'refuse' ? 'btn-danger' : 'btn-primary'], id: 'act-submit', disabled: form.busy }, t(`claims.do.${form.action}`));
  const el = h(
    'form',
    { class: 'claim-actions', 'aria-labelledby': 'claim-actions-title', novalidate: true },
    h('h3', { id: 'claim-actions-title', class: 'h-small' }, t('claims.actions')),
    form.error ? notice('error', form.error) : null,
    h('fieldset', { class: 'checks action-choice' }, h('legend', {}, t('claims.action')), radios),
    decision,
    form.action === 'decide' && form.decision === 'correct' ? fieldsEditor(c.class) : null,
    h(
      'div',
      { class: 'field' },
      h('label', { htmlFor: 'act-reason' }, t(needReason ? 'claims.reason' : 'claims.note')),
      reason,
      h('p', { class: 'hint', id: 'act-reason-hint' }, t(`claims.hint.${form.action}`)),
    ),
    h('div', { class: 'actions' }, submit),
  );
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.busy) return;
    const body = { action: form.action };
    const text = form.reason.trim();
    let problem = null;
    let focus = 'act-reason';
    if (needReason && !text) problem = t('claims.needReason');
    else if (new TextEncoder().encode(text).length > TEXT_MAX) problem = t('me.textTooLong', { n: TEXT_MAX });
    if (text) body.reason = text;
    if (!problem && form.action === 'decide') {
      if (!form.decision) [problem, focus] = [t('claims.needDecision'), 'decision-correct'];
      body.decision = form.decision;
      if (!problem && form.decision === 'correct') {
        const fields = {};
        for (const row of form.fields) if (row.key) fields[row.key] = row.value.trim() === '' ? null : row.value.trim();
        if (!Object.keys(fields).length) [problem, focus] = [t('claims.fix.needOne'), 'fix-key-1'];
        body.fields = fields;
      }
    }
    if (problem) {
      form.error = problem;
      redraw();
      document.getElementById(focus)?.focus();
      return;
    }
    form.busy = true;
    submit.disabled = true;
    try {
      const updated = await ctx.call(`/api/v1/claims/${c.id}/actions`, { method: 'POST', json: body });
      C.detail = updated;
      C.form = null;
      C.message = notice('ok', t('claims.done', { action: t(`claims.act.${body.action}`), id: c.id, state: stateText(updated.state) }));
      C.items = (C.items || []).map((x) => (String(x.id) === String(updated.id) ? { ...x, ...updated } : x));
      redraw();
      document.getElementById('claim-detail-title')?.focus();
      load(false); // the list as the server now has it (the claim may have left the filter)
      return;
    } catch (err) {
      form.busy = false;
      form.error = problemText(err);
    }
    redraw();
    document.getElementById('act-reason')?.focus();
  });
  return el;
}

/** The queue view. context: call(path, opts), role ('department' or 'office'), redraw(). */
export function claimsView(context) {
  ctx = context;
  if (C.items === null && !C.busy && !C.error) setTimeout(() => load(false), 0);
  const more = h('button', { type: 'button', class: 'btn btn-secondary', id: 'claims-more' }, t('common.loadMore'));
  more.addEventListener('click', () => load(true));
  const todo = (c) => actionsFor(ctx.role, c).length > 0;
  let detail = null;
  if (C.selected) {
    if (C.detailError) detail = h('section', { class: 'card' }, h('h2', { id: 'claim-detail-title', tabIndex: -1 }, t('claim.detailTitleShort', { id: C.selected })), notice('error', problemText(C.detailError)));
    else if (!C.detail) detail = notice('loading', t('common.loading'));
    else
      detail = claimDetail(C.detail, {
        fetchRaw: (path) => ctx.call(path, { accept: '*/*', raw: true }),
        onError: (e) => {
          const box = document.getElementById('console-alert');
          if (box) replace(box, notice('error', problemText(e)));
        },
        staff: true,
        message: C.message,
        actions: actionForm(C.detail),
      });
  }
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'claims-title' },
      h('h2', { id: 'claims-title' }, t(ctx.role === 'office' ? 'claims.titleOffice' : 'claims.title')),
      h('p', { class: 'muted' }, t(ctx.role === 'office' ? 'claims.leadOffice' : 'claims.lead')),
      filterForm(),
      C.error ? notice('error', problemText(C.error)) : null,
      h(
        'div',
        { 'aria-live': 'polite', class: 'claims-list' },
        C.items && C.items.length
          ? [h('p', { class: 'result-count' }, t(C.next ? 'claims.countMore' : 'claims.count', { n: C.items.length, todo: C.items.filter(todo).length })), claimsTable(C.items, { onOpen: (x) => open(x.id), staff: true, todo, selected: C.selected, caption: t('claims.title') })]
          : C.items
            ? notice('info', t(C.filters.overdue ? 'claims.emptyOverdue' : 'claims.empty'))
            : notice('loading', t('common.loading')),
      ),
      C.next ? h('div', { class: 'more-row' }, more) : null,
    ),
    detail,
  );
}
