// SPDX-License-Identifier: Apache-2.0
// Joint reward and punishment (联合奖惩) in the console. The prompt window (提示窗口): a clerk of an
// approval department picks the administrative matter, types the applicant's code and presses 核查
// (POST /api/v1/checks); the answer shows as a prompt window does, the measures that apply with what
// they do, their legal basis and the list entries behind them, and the clerk reports what was done
// (POST /api/v1/checks/{id}/feedback). The credit office's figures of the month (GET
// /api/v1/admin/jrp/stats) with the measures applied by department and by memorandum, the publication
// of a case (POST /api/v1/admin/cases), and the policy in force (GET /api/v1/measures) with the upload
// of a new policy file (PUT /api/v1/admin/jrp). A personal ID number typed in the form goes only in the
// body of the check: it is never shown back unmasked, kept after the check, or put in an address.
import { className } from './catalog.js';
import { when } from './claim-view.js';
import { h, icon, replace, td } from './dom.js';
import { bytes as byteText, maskId, reasonText } from './format.js';
import { formatNumber, has, t } from './i18n.js';
import { checkRic, checkUscc, normalize } from './idcheck.js';
import { notice } from './layout.js';

/** What a measure does to the applicant (src/core/jrp.c xy_jrp_actions). */
export const ACTIONS = ['block', 'restrict', 'stricter_review', 'reference', 'fast_track', 'fewer_materials', 'priority'];
/** How a list entry relates to the applicant checked. */
export const RELATIONS = ['self', 'legal_rep', 'represented_org'];
const TEXT_MAX = 4000;

/**
 * The text of an API error: the status in words and the server's detail in this language when it comes
 * in both ("中文 (English)", as the checks' problems do), else as it is (the policy file's problems,
 * citing Chinese documents in brackets, which must not be cut off).
 */
function problemText(e) {
  if (!e) return t('error.generic');
  if (e.status === 0) return t('error.network');
  const base = has(`error.http.${e.status}`) ? t(`error.http.${e.status}`) : t('error.generic');
  return e.detail ? t('claim.problem', { base, detail: reasonText(e.detail) }) : base;
}

const word = (key, v) => (v && has(key) ? t(key) : v || t('common.none'));
/** A measure's action in words (禁止, 限制, 从严审核 ...). */
export const actionText = (a) => word(`jrp.action.${a}`, a);
/** reward or punish in words (激励, 惩戒). */
export const kindText = (k) => word(`jrp.kind.${k}`, k);
const relationText = (r) => word(`jrp.relation.${r}`, r);

// ---- state ----

const freshPrompt = () => ({
  matter: '',
  dept: '',
  deptTyped: false, // the clerk typed the department: a matter's department no longer replaces it
  subject: '', // what is being typed; forgotten once the check is made
  rep: '',
  errors: {},
  error: null,
  busy: false,
  result: null, // the answer of the last check
  shown: null, // { code, rep }: how the form summary shows what was checked (ID numbers masked)
  fb: null, // { items: {measure: {applied, reason, outcome}}, error, busy, done, sent }
});
const freshStats = () => ({ month: '', data: null, error: null, busy: false, seq: 0 });
const freshCase = () => ({ check: '', measure: '', title: '', summary: '', error: null, busy: false, published: null });
const freshPolicy = () => ({ file: null, busy: false, summary: null, error: null });
const freshData = () => ({ matters: null, measures: null, depts: null, cases: null, errors: {}, loading: {} });

let P = freshPrompt();
let St = freshStats();
let K = freshCase();
let Y = freshPolicy();
let D = freshData();
let ctx = null; // { call, who, redraw, go }

/** Forgets everything (on sign-out). */
export function resetJrp() {
  P = freshPrompt();
  St = freshStats();
  K = freshCase();
  Y = freshPolicy();
  D = freshData();
}

/** Draws the view again, keeping the focus on the element (by id) that had it. */
function redraw() {
  const id = document.activeElement && document.activeElement.id;
  ctx.redraw();
  if (id) document.getElementById(id)?.focus();
}

function focus(id) {
  document.getElementById(id)?.focus();
}

/** Fetches a shared list once (matters, measures, departments, cases); a failure may be retried. */
async function load(name, fn, again = false) {
  if (D.loading[name] || (!again && (D[name] || D.errors[name]))) return;
  D.loading[name] = true;
  try {
    D[name] = await fn();
    D.errors[name] = null;
  } catch (e) {
    D.errors[name] = e;
  }
  D.loading[name] = false;
  redraw();
}

const loadMatters = (again) => load('matters', async () => (await ctx.call('/api/v1/matters')).items || [], again);
const loadMeasures = (again) => load('measures', async () => (await ctx.call('/api/v1/measures')).items || [], again);
const loadDepts = () => load('depts', async () => (await ctx.call('/api/v1/admin/depts')).items || []);
const loadCases = (again) => load('cases', async () => (await ctx.call('/api/v1/cases', { params: { limit: 100 } })).items || [], again);

function matterOf(code) {
  return (D.matters || []).find((m) => m.code === code) || null;
}

function matterText(code) {
  const m = matterOf(code);
  return m ? `${m.name}（${m.code}）` : code;
}

/** A department's name, when the console knows it: the key's own, or the office's list. */
function deptName(uscc) {
  if (!uscc) return '';
  if (ctx.who.dept === uscc && ctx.who.deptName) return ctx.who.deptName;
  const d = (D.depts || []).find((x) => x.uscc === uscc);
  return d ? d.name : '';
}

function deptText(uscc) {
  const name = deptName(uscc);
  return name ? [name, h('span', { class: 'code muted small block' }, uscc)] : h('span', { class: 'code' }, uscc);
}

const fact = (label, value, cls) => (value == null || value === '' ? null : h('div', { class: cls || null }, h('dt', {}, label), h('dd', {}, value)));

// ---- the prompt window ----

/** Checks the applicant's code as the server will: a USCC, or a resident ID number. */
function subjectProblem(value) {
  const v = normalize(value);
  if (!v) return t('jrp.err.subject');
  const u = checkUscc(v);
  if (u.valid) return null;
  if (u.placeholder) return t('check.rule.placeholder');
  const r = checkRic(v);
  if (r.valid) return null;
  // Say what is wrong with the kind its shape suggests: letters after the first place make it a USCC.
  const looksUscc = /[A-Za-z]/.test(v.slice(0, 17));
  return t('jrp.err.subjectRule', { why: looksUscc ? t(`check.rule.uscc.${u.rule}`) : t(`check.rule.ric.${r.rule}`) });
}

/** How the form summary names what was checked: a USCC as it is, a person's number masked. */
function shownCode(value) {
  const v = normalize(value);
  return checkUscc(v).valid ? checkUscc(v).normalized : maskId(v.toUpperCase());
}

async function runCheck() {
  if (P.busy) return;
  const errors = {};
  if (!P.matter) errors.matter = t('jrp.err.matter');
  const s = subjectProblem(P.subject);
  if (s) errors.subject = s;
  const rep = normalize(P.rep);
  if (rep) {
    const r = checkRic(rep);
    if (!r.valid) errors.rep = t('jrp.err.repRule', { why: t(`check.rule.ric.${r.rule}`) });
  }
  let dept = null;
  if (!ctx.who.dept) {
    const d = checkUscc(P.dept);
    if (!normalize(P.dept)) errors.dept = t('jrp.err.dept');
    else if (!d.valid) errors.dept = d.placeholder ? t('check.rule.placeholder') : t(`check.rule.uscc.${d.rule}`);
    else dept = d.normalized;
  }
  P.errors = errors;
  P.error = null;
  const first = ['matter', 'dept', 'subject', 'rep'].find((k) => errors[k]);
  if (first) {
    redraw();
    focus(`jrp-${first}`);
    return;
  }
  const u = checkUscc(normalize(P.subject));
  const body = { subject: u.valid ? u.normalized : normalize(P.subject).toUpperCase(), matter: P.matter };
  if (rep) body.legal_rep_id = rep.toUpperCase();
  if (dept) body.dept = dept;
  P.busy = true;
  redraw();
  try {
    const answer = await ctx.call('/api/v1/checks', { method: 'POST', json: body });
    P.result = answer;
    P.shown = { code: answer.subject && answer.subject.id_no ? answer.subject.id_no : shownCode(P.subject), rep: rep ? maskId(rep.toUpperCase()) : '' };
    P.fb = { items: Object.fromEntries((answer.measures || []).map((m) => [m.measure, { applied: null, reason: '', outcome: '' }])), error: null, busy: false, done: false, sent: null };
    // The numbers typed are forgotten: the next applicant starts from an empty form.
    P.subject = '';
    P.rep = '';
    St.data = null; // the figures have changed
  } catch (e) {
    P.error = e;
  }
  P.busy = false;
  redraw();
  focus(P.error ? 'jrp-check-error' : 'jrp-result-title');
}

function checkForm() {
  const keyDept = ctx.who.dept;
  let matterField;
  if (D.errors.matters) {
    const again = h('button', { type: 'button', class: 'btn btn-link' }, t('jrp.retry'));
    again.addEventListener('click', () => loadMatters(true));
    matterField = notice('error', problemText(D.errors.matters), again);
  } else {
    const select = h(
      'select',
      { id: 'jrp-matter', name: 'matter', required: true, 'aria-describedby': 'jrp-matter-hint jrp-matter-error', 'aria-invalid': P.errors.matter ? 'true' : null, disabled: !D.matters },
      h('option', { value: '' }, D.matters ? t('jrp.pickMatter') : t('common.loading')),
      (D.matters || []).map((m) => h('option', { value: m.code }, `${m.name}（${m.code}）`)),
    );
    select.value = P.matter;
    select.addEventListener('change', () => {
      P.matter = select.value;
      P.errors.matter = null;
      const m = matterOf(P.matter);
      // An office or unbound key checks for the matter's department unless told otherwise.
      if (!keyDept && !P.deptTyped && m && m.dept) P.dept = m.dept;
      redraw();
    });
    matterField = select;
  }
  const m = matterOf(P.matter);
  const text = (id, key, value, set, extra = {}) => {
    const input = h('input', {
      id,
      name: key,
      type: 'text',
      value,
      autocomplete: 'off',
      spellcheck: false,
      class: 'code',
      maxLength: 32,
      'aria-describedby': `${id}-hint ${id}-error`,
      'aria-invalid': P.errors[key] ? 'true' : null,
      ...extra,
    });
    input.addEventListener('input', () => set(input.value));
    return input;
  };
  const deptInput = keyDept
    ? null
    : text('jrp-dept', 'dept', P.dept, (v) => {
        P.dept = v;
        P.deptTyped = true;
      });
  const subject = text('jrp-subject', 'subject', P.subject, (v) => (P.subject = v), { required: true });
  const rep = text('jrp-rep', 'rep', P.rep, (v) => (P.rep = v));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'jrp-check', disabled: P.busy || !D.matters }, icon('shield'), P.busy ? t('jrp.checking') : t('jrp.check'));
  const form = h(
    'form',
    { class: 'card jrp-check-form', 'aria-labelledby': 'jrp-prompt-title', novalidate: true },
    h('h2', { id: 'jrp-prompt-title' }, icon('shield'), t('jrp.prompt.title')),
    h('p', { class: 'muted' }, t('jrp.prompt.lead')),
    h(
      'p',
      { class: 'jrp-as' },
      keyDept ? t('jrp.prompt.asDept', { name: ctx.who.deptName || keyDept, code: keyDept }) : t('jrp.prompt.asAny'),
    ),
    P.error ? h('div', { id: 'jrp-check-error', tabIndex: -1 }, notice('error', problemText(P.error))) : null,
    h(
      'div',
      { class: 'form-grid jrp-grid' },
      h(
        'div',
        { class: 'field field-wide' },
        h('label', { htmlFor: 'jrp-matter' }, t('jrp.matter')),
        matterField,
        m && m.dept ? h('p', { class: 'hint', id: 'jrp-matter-hint' }, t('jrp.matterDept', { dept: deptName(m.dept) || m.dept })) : null,
        h('p', { class: 'field-error', id: 'jrp-matter-error' }, P.errors.matter || ''),
      ),
      deptInput
        ? h(
            'div',
            { class: 'field field-wide' },
            h('label', { htmlFor: 'jrp-dept' }, t('jrp.dept')),
            deptInput,
            h('p', { class: 'hint', id: 'jrp-dept-hint' }, t('jrp.deptHint')),
            h('p', { class: 'field-error', id: 'jrp-dept-error' }, P.errors.dept || ''),
          )
        : null,
      h(
        'div',
        { class: 'field jrp-field-code' },
        h('label', { htmlFor: 'jrp-subject' }, t('jrp.subject')),
        subject,
        h('p', { class: 'hint', id: 'jrp-subject-hint' }, t('jrp.subjectHint')),
        h('p', { class: 'field-error', id: 'jrp-subject-error' }, P.errors.subject || ''),
      ),
      h(
        'div',
        { class: 'field jrp-field-code' },
        h('label', { htmlFor: 'jrp-rep' }, t('jrp.rep'), ' ', h('span', { class: 'muted small' }, t('jrp.optional'))),
        rep,
        h('p', { class: 'hint', id: 'jrp-rep-hint' }, t('jrp.repHint')),
        h('p', { class: 'field-error', id: 'jrp-rep-error' }, P.errors.rep || ''),
      ),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    runCheck();
  });
  return form;
}

/** The list entries behind a measure (or not behind any): class, document number, department, dates. */
function entryList(entries, id) {
  return h(
    'ul',
    { class: 'jrp-entries', id },
    entries.map((e) =>
      h(
        'li',
        { class: ['jrp-entry', `jrp-entry-${e.class}`], dataset: { record: String(e.record) } },
        h(
          'div',
          { class: 'jrp-entry-head' },
          h('span', { class: ['badge', e.class === 'black_list' ? 'badge-black' : e.class === 'red_list' ? 'badge-red' : 'badge-watch'] }, className(e.class)),
          h('span', { class: 'jrp-entry-doc' }, e.doc_no || t('jrp.recordNo', { id: e.record })),
          e.relation && e.relation !== 'self' ? h('span', { class: 'badge badge-relation' }, relationText(e.relation)) : null,
        ),
        h(
          'dl',
          { class: 'mini-facts jrp-entry-facts' },
          e.relation !== 'self' && e.name ? fact(t('jrp.entry.name'), e.name) : null,
          fact(t('jrp.entry.dept'), e.dept_name ? [e.dept_name, e.dept_uscc ? h('span', { class: 'code muted small block' }, e.dept_uscc) : null] : e.dept_uscc),
          fact(t('jrp.entry.valid'), t('jrp.entry.dates', { from: e.valid_from || e.decision_date || '—', to: e.valid_to || t('jrp.entry.open') })),
          e.domain ? fact(t('jrp.entry.domain'), e.domain) : null,
        ),
        e.reason ? h('p', { class: 'jrp-entry-reason small' }, e.reason) : null,
      ),
    ),
  );
}

function banner(r) {
  const measures = r.measures || [];
  const punish = measures.filter((m) => m.kind === 'punish');
  const reward = measures.filter((m) => m.kind === 'reward');
  const out = [];
  const box = (kind, iconName, title, text) =>
    h('div', { class: ['jrp-banner', `jrp-banner-${kind}`], id: `jrp-banner-${kind}` }, icon(iconName), h('div', {}, h('p', { class: 'jrp-banner-title' }, title), h('p', { class: 'jrp-banner-text' }, text)));
  if (punish.length) out.push(box('punish', 'warn', t('jrp.banner.punish'), t('jrp.banner.punishText', { n: punish.length })));
  if (reward.length) out.push(box('reward', 'star', t('jrp.banner.reward'), t('jrp.banner.rewardText', { n: reward.length })));
  if (!measures.length && (r.entries || []).length) out.push(box('listed', 'list', t('jrp.banner.listed'), t('jrp.banner.listedText', { n: r.entries.length })));
  if (!measures.length && !(r.entries || []).length) out.push(box('none', 'check', t('jrp.banner.none'), t('jrp.banner.noneText')));
  return out;
}

function measureCard(m, i, entries) {
  const evidence = (m.evidence || []).map((id) => entries.find((e) => e.record === id)).filter(Boolean);
  return h(
    'li',
    { class: ['jrp-measure', `jrp-measure-${m.kind}`], id: `jrp-measure-${m.measure}`, dataset: { measure: String(m.measure) } },
    h(
      'div',
      { class: 'jrp-measure-head' },
      h('span', { class: ['badge', 'badge-action', `badge-action-${m.kind}`] }, actionText(m.action)),
      h('span', { class: 'badge' }, kindText(m.kind)),
      h('span', { class: 'muted small' }, t('jrp.measureCode', { code: m.code })),
    ),
    h('h3', { class: 'jrp-measure-text' }, `${i + 1}. ${m.text}`),
    h(
      'dl',
      { class: 'facts jrp-measure-facts' },
      fact(t('jrp.legalBasis'), h('span', { class: 'jrp-basis' }, m.legal_basis), 'wide'),
      fact(t('jrp.memo'), m.memo ? [h('span', { class: 'nowrap' }, m.memo.doc_no), ' ', t('jrp.memoTitle', { title: m.memo.title })] : null, 'wide'),
    ),
    h('h4', { class: 'h-small jrp-evidence-title' }, t('jrp.evidence', { n: evidence.length })),
    entryList(evidence, `jrp-evidence-${m.measure}`),
  );
}

function feedbackForm(r) {
  const fb = P.fb;
  const measures = r.measures || [];
  if (!measures.length) return null;
  if (fb.done) {
    return h(
      'section',
      { class: 'jrp-feedback jrp-feedback-done', 'aria-labelledby': 'jrp-feedback-title' },
      h('h3', { id: 'jrp-feedback-title', class: 'h-small', tabIndex: -1 }, t('jrp.fb.title')),
      notice('ok', t('jrp.fb.done', { check: r.check })),
      h(
        'ul',
        { class: 'plain-list jrp-feedback-list' },
        measures.map((m) => {
          const x = fb.items[m.measure];
          const publish =
            ctx.who.role === 'office' && x.applied
              ? h('button', { type: 'button', class: 'btn btn-link', id: `jrp-publish-${m.measure}` }, t('jrp.case.fromCheck'))
              : null;
          if (publish)
            publish.addEventListener('click', () => {
              K = { ...freshCase(), check: String(r.check), measure: String(m.measure) };
              ctx.go('jrpstats', 'jrp-case-title');
            });
          return h(
            'li',
            { dataset: { measure: String(m.measure) } },
            h('strong', {}, m.text),
            ' ',
            h('span', { class: ['badge', x.applied ? 'badge-active' : 'badge-revoked'] }, t(x.applied ? 'jrp.fb.applied' : 'jrp.fb.notApplied')),
            x.reason ? h('span', { class: 'block small' }, t('jrp.fb.reasonIs', { text: x.reason })) : null,
            x.outcome ? h('span', { class: 'block small' }, t('jrp.fb.outcomeIs', { text: x.outcome })) : null,
            publish,
          );
        }),
      ),
    );
  }
  const groups = measures.map((m, i) => {
    const x = fb.items[m.measure];
    const radio = (value, label) => {
      const id = `fb-${m.measure}-${value ? 'yes' : 'no'}`;
      const input = h('input', { type: 'radio', name: `fb-applied-${m.measure}`, id, value: value ? 'yes' : 'no', checked: x.applied === value });
      input.addEventListener('change', () => {
        x.applied = value;
        fb.error = null;
        redraw();
      });
      return h('label', { class: 'check-row', htmlFor: id }, input, h('span', {}, label));
    };
    const reason = h('textarea', { id: `fb-reason-${m.measure}`, name: `fb-reason-${m.measure}`, rows: 2, class: 'prose', value: x.reason, required: x.applied === false });
    reason.addEventListener('input', () => {
      x.reason = reason.value;
    });
    const outcome = h('input', { id: `fb-outcome-${m.measure}`, name: `fb-outcome-${m.measure}`, type: 'text', autocomplete: 'off', value: x.outcome, maxLength: 500, 'aria-describedby': `fb-outcome-hint-${m.measure}` });
    outcome.addEventListener('input', () => {
      x.outcome = outcome.value;
    });
    return h(
      'fieldset',
      { class: 'checks jrp-fb-item', dataset: { measure: String(m.measure) } },
      h('legend', {}, t('jrp.fb.legend', { n: i + 1, text: m.text })),
      h('div', { class: 'jrp-fb-choice', role: 'radiogroup', 'aria-label': t('jrp.fb.appliedQ') }, radio(true, t('jrp.fb.applied')), radio(false, t('jrp.fb.notApplied'))),
      h(
        'div',
        { class: 'form-grid jrp-fb-grid' },
        h('div', { class: 'field' }, h('label', { htmlFor: `fb-reason-${m.measure}` }, t(x.applied === false ? 'jrp.fb.reasonRequired' : 'jrp.fb.reason')), reason),
        h('div', { class: 'field' }, h('label', { htmlFor: `fb-outcome-${m.measure}` }, t('jrp.fb.outcome')), outcome, h('p', { class: 'hint', id: `fb-outcome-hint-${m.measure}` }, t(m.kind === 'reward' ? 'jrp.fb.outcomeHintReward' : 'jrp.fb.outcomeHint'))),
      ),
    );
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'jrp-feedback-submit', disabled: fb.busy }, t('jrp.fb.submit'));
  const form = h(
    'form',
    { class: 'jrp-feedback', 'aria-labelledby': 'jrp-feedback-title', novalidate: true },
    h('h3', { id: 'jrp-feedback-title', class: 'h-small', tabIndex: -1 }, t('jrp.fb.title')),
    h('p', { class: 'muted' }, t('jrp.fb.lead', { due: r.feedback_due })),
    fb.error ? h('div', { id: 'jrp-feedback-error', tabIndex: -1 }, notice('error', fb.error)) : null,
    groups,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (fb.busy) return;
    const items = [];
    let problem = null;
    let at = null;
    for (const m of measures) {
      const x = fb.items[m.measure];
      const reasonText = x.reason.trim();
      const outcomeText = x.outcome.trim();
      if (x.applied === null) [problem, at] = [t('jrp.fb.needChoice', { text: m.text }), `fb-${m.measure}-yes`];
      else if (x.applied === false && !reasonText) [problem, at] = [t('jrp.fb.needReason', { text: m.text }), `fb-reason-${m.measure}`];
      else if (new TextEncoder().encode(reasonText).length > TEXT_MAX || new TextEncoder().encode(outcomeText).length > TEXT_MAX) [problem, at] = [t('me.textTooLong', { n: TEXT_MAX }), `fb-reason-${m.measure}`];
      if (problem) break;
      const item = { measure: m.measure, applied: x.applied };
      if (reasonText) item.reason = reasonText;
      if (outcomeText) item.outcome = outcomeText;
      items.push(item);
    }
    if (problem) {
      fb.error = problem;
      redraw();
      focus(at);
      return;
    }
    fb.busy = true;
    fb.error = null;
    redraw();
    try {
      await ctx.call(`/api/v1/checks/${encodeURIComponent(r.check)}/feedback`, { method: 'POST', json: { items } });
      fb.done = true;
      for (const it of items) Object.assign(fb.items[it.measure], { reason: it.reason || '', outcome: it.outcome || '' });
      St.data = null;
    } catch (err) {
      fb.error = problemText(err);
    }
    fb.busy = false;
    redraw();
    focus(fb.done ? 'jrp-feedback-title' : 'jrp-feedback-error');
  });
  return form;
}

function resultView() {
  const r = P.result;
  if (!r) return null;
  const entries = r.entries || [];
  const measures = r.measures || [];
  const used = new Set(measures.flatMap((m) => m.evidence || []));
  const others = entries.filter((e) => !used.has(e.record));
  const subj = r.subject;
  const cls = measures.some((m) => m.kind === 'punish') ? 'jrp-result-punish' : measures.length ? 'jrp-result-reward' : entries.length ? 'jrp-result-listed' : 'jrp-result-none';
  return h(
    'section',
    { class: ['card', 'jrp-result', cls], 'aria-labelledby': 'jrp-result-title', id: 'jrp-result' },
    h('h2', { id: 'jrp-result-title', tabIndex: -1 }, t('jrp.result.title', { check: r.check })),
    banner(r),
    h(
      'dl',
      { class: 'facts jrp-summary' },
      fact(t('jrp.result.subject'), subj ? subj.name : h('span', { class: 'muted' }, t('jrp.result.unknown'))),
      fact(t('jrp.result.code'), h('span', { class: 'code', id: 'jrp-shown-code' }, P.shown ? P.shown.code : '')),
      P.shown && P.shown.rep ? fact(t('jrp.result.rep'), h('span', { class: 'code', id: 'jrp-shown-rep' }, P.shown.rep)) : null,
      fact(t('jrp.result.matter'), matterText(r.matter)),
      fact(t('jrp.result.dept'), deptText(r.dept)),
      fact(t('jrp.result.at'), when(r.checked_at)),
      measures.length ? fact(t('jrp.result.due'), h('span', { class: 'nowrap' }, r.feedback_due)) : null,
    ),
    measures.length ? [h('h3', { class: 'h-small' }, t('jrp.result.measures', { n: measures.length })), h('ol', { class: 'jrp-measures' }, measures.map((m, i) => measureCard(m, i, entries)))] : null,
    others.length ? [h('h3', { class: 'h-small' }, t(measures.length ? 'jrp.result.otherEntries' : 'jrp.result.entries', { n: others.length })), entryList(others, 'jrp-other-entries')] : null,
    feedbackForm(r),
  );
}

/** The prompt window. context: call, who ({role, dept, deptName, today}), redraw(), go(view, focusId). */
export function promptView(context) {
  ctx = context;
  if (!D.matters && !D.errors.matters) setTimeout(() => loadMatters(false), 0);
  if (ctx.who.role === 'office' && !D.depts && !D.errors.depts) setTimeout(loadDepts, 0);
  return h('div', { class: 'jrp-prompt' }, checkForm(), h('div', { 'aria-live': 'polite', class: 'jrp-result-box' }, P.busy ? notice('loading', t('jrp.checking')) : null, resultView()));
}

// ---- the credit office's figures ----

/** A figure of the answer: the first of names present, else the one at position i (see the report on its keys). */
function figure(o, names, i) {
  if (!o || typeof o !== 'object') return 0;
  for (const n of names) if (typeof o[n] === 'number') return o[n];
  const v = Object.values(o)[i];
  return typeof v === 'number' ? v : 0;
}

function monthAdd(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

async function loadStats() {
  const seq = ++St.seq;
  St.busy = true;
  St.error = null;
  redraw();
  try {
    const data = await ctx.call('/api/v1/admin/jrp/stats', { params: { month: St.month || null } });
    if (seq !== St.seq) return;
    St.data = data;
    if (!St.month && data.month) St.month = data.month;
  } catch (e) {
    if (seq !== St.seq) return;
    St.error = e;
    St.data = null;
  }
  St.busy = false;
  redraw();
}

function monthForm() {
  const input = h('input', { type: 'month', id: 'jrp-month', name: 'month', value: St.month, required: true, pattern: '[0-9]{4}-[0-9]{2}', placeholder: 'YYYY-MM', 'aria-describedby': 'jrp-month-hint' });
  const go = (ym) => {
    if (!/^[0-9]{4}-[0-9]{2}$/.test(ym)) return;
    St.month = ym;
    loadStats();
  };
  input.addEventListener('change', () => go(input.value));
  const prev = h('button', { type: 'button', class: 'btn btn-secondary', id: 'jrp-month-prev' }, t('jrp.stats.prev'));
  const next = h('button', { type: 'button', class: 'btn btn-secondary', id: 'jrp-month-next' }, t('jrp.stats.next'));
  prev.addEventListener('click', () => St.month && go(monthAdd(St.month, -1)));
  next.addEventListener('click', () => St.month && go(monthAdd(St.month, 1)));
  const form = h(
    'form',
    { class: 'inline-form jrp-month-form', role: 'search', 'aria-label': t('jrp.stats.monthLabel') },
    h('label', { htmlFor: 'jrp-month' }, t('jrp.stats.month')),
    input,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'jrp-month-go' }, t('jrp.stats.show')),
    prev,
    next,
    h('span', { class: 'hint', id: 'jrp-month-hint' }, t('jrp.stats.monthHint')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(input.value);
  });
  return form;
}

function figureCards(d) {
  const checks = figure(d.checks, ['total', 'checks', 'count(*)'], 0);
  const hits = figure(d.checks, ['hits', 'coalesce(sum(hits > 0), 0)'], 1);
  const answered = figure(d.feedback, ['checks', 'count(DISTINCT f.check_id)'], 0);
  const applied = figure(d.feedback, ['applied', 'coalesce(sum(f.applied), 0)'], 1);
  const depts = figure(d.departments, ['count', 'departments', 'count(*)'], 0);
  const overdue = figure(d.overdue_feedback, ['count', 'overdue', 'count(*)'], 0);
  const rate = hits ? Math.round((answered / hits) * 1000) / 10 : null;
  const card = (id, label, value, sub, cls) => h('div', { class: ['jrp-figure', cls], id: `jrp-fig-${id}` }, h('dt', {}, label), h('dd', {}, h('span', { class: 'jrp-figure-value' }, value), sub ? h('span', { class: 'jrp-figure-sub' }, sub) : null));
  return h(
    'dl',
    { class: 'jrp-figures' },
    card('checks', t('jrp.stats.checks'), formatNumber(checks), null),
    card('hits', t('jrp.stats.hits'), formatNumber(hits), checks ? t('jrp.stats.hitShare', { pct: formatNumber(Math.round((hits / checks) * 1000) / 10) }) : null),
    card('rate', t('jrp.stats.rate'), rate == null ? '—' : `${formatNumber(rate)}%`, t('jrp.stats.rateSub', { n: answered, of: hits }), rate != null && rate < 100 ? 'jrp-figure-warn' : null),
    card('applied', t('jrp.stats.applied'), formatNumber(applied), null),
    card('depts', t('jrp.stats.depts'), formatNumber(depts), null),
    card('overdue', t('jrp.stats.overdue'), formatNumber(overdue), overdue ? t('jrp.stats.overdueSub') : null, overdue ? 'jrp-figure-bad' : 'jrp-figure-ok'),
  );
}

/** A table of counts with a bar each (widths set through the CSSOM: no style attribute). */
function barTable(id, caption, head, rows) {
  if (!rows.length) return h('div', { id }, h('h3', { class: 'h-small' }, caption), notice('info', t('jrp.stats.noneApplied')));
  const max = Math.max(...rows.map((r) => r.n), 1);
  return h(
    'div',
    { class: 'table-wrap jrp-bars', id },
    h(
      'table',
      { class: 'data-table jrp-bar-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, head), h('th', { scope: 'col' }, t('jrp.stats.count')), h('th', { scope: 'col', class: 'jrp-bar-col' }, h('span', { class: 'visually-hidden' }, t('jrp.stats.share'))))),
      h(
        'tbody',
        {},
        rows.map((r) => {
          const fill = h('span', { class: 'jrp-bar-fill' });
          fill.style.setProperty('width', `${Math.max(2, Math.round((r.n / max) * 100))}%`);
          return h(
            'tr',
            { dataset: { key: r.key } },
            td(head, 'jrp-bar-label', r.label),
            td(t('jrp.stats.count'), 'num', formatNumber(r.n)),
            td(t('jrp.stats.share'), 'jrp-bar-col', h('span', { class: 'jrp-bar', 'aria-hidden': 'true' }, fill)),
          );
        }),
      ),
    ),
  );
}

function sortedRows(o, label) {
  return Object.entries(o || {})
    .filter(([, n]) => typeof n === 'number')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => ({ key, n, label: label(key) }));
}

function memoTitle(doc) {
  const m = (D.measures || []).find((x) => x.memo && x.memo.doc_no === doc);
  return m ? m.memo.title : '';
}

function caseForm() {
  const k = K;
  const check = h('input', { id: 'jrp-case-check', name: 'check', type: 'text', inputMode: 'numeric', autocomplete: 'off', value: k.check, class: 'code', maxLength: 19, required: true });
  check.addEventListener('input', () => (k.check = check.value));
  const measure = h(
    'select',
    { id: 'jrp-case-measure', name: 'measure', required: true },
    h('option', { value: '' }, D.measures ? t('jrp.case.pickMeasure') : t('common.loading')),
    (D.measures || []).map((m) => h('option', { value: String(m.id) }, `${m.code} ${m.text}（${m.memo ? m.memo.doc_no : ''}）`)),
  );
  // A measure of the check that is no longer in force (its memorandum was replaced) stays choosable.
  if (k.measure && !(D.measures || []).some((m) => String(m.id) === k.measure)) measure.append(h('option', { value: k.measure }, t('jrp.case.measureNo', { id: k.measure })));
  measure.value = k.measure;
  measure.addEventListener('change', () => (k.measure = measure.value));
  const title = h('input', { id: 'jrp-case-title-input', name: 'title', type: 'text', autocomplete: 'off', value: k.title, maxLength: 200, required: true });
  title.addEventListener('input', () => (k.title = title.value));
  const summary = h('textarea', { id: 'jrp-case-summary', name: 'summary', rows: 4, class: 'prose', value: k.summary, required: true, 'aria-describedby': 'jrp-case-hint' });
  summary.addEventListener('input', () => (k.summary = summary.value));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'jrp-case-submit', disabled: k.busy }, t('jrp.case.publish'));
  const form = h(
    'form',
    { class: 'card jrp-case-form', 'aria-labelledby': 'jrp-case-title', novalidate: true },
    h('h2', { id: 'jrp-case-title', tabIndex: -1 }, t('jrp.case.title')),
    h('p', { class: 'muted', id: 'jrp-case-hint' }, t('jrp.case.lead')),
    k.published ? notice('ok', t('jrp.case.published', { id: k.published })) : null,
    k.error ? h('div', { id: 'jrp-case-error', tabIndex: -1 }, notice('error', k.error)) : null,
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { htmlFor: 'jrp-case-check' }, t('jrp.case.check')), check),
      h('div', { class: 'field field-span2' }, h('label', { htmlFor: 'jrp-case-measure' }, t('jrp.case.measure')), measure),
      h('div', { class: 'field field-wide' }, h('label', { htmlFor: 'jrp-case-title-input' }, t('jrp.case.caseTitle')), title),
      h('div', { class: 'field field-wide' }, h('label', { htmlFor: 'jrp-case-summary' }, t('jrp.case.summary')), summary),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (k.busy) return;
    let problem = null;
    let at = null;
    if (!/^[1-9][0-9]*$/.test(k.check.trim())) [problem, at] = [t('jrp.case.needCheck'), 'jrp-case-check'];
    else if (!k.measure) [problem, at] = [t('jrp.case.needMeasure'), 'jrp-case-measure'];
    else if (!k.title.trim()) [problem, at] = [t('jrp.case.needTitle'), 'jrp-case-title-input'];
    else if (!k.summary.trim()) [problem, at] = [t('jrp.case.needSummary'), 'jrp-case-summary'];
    if (problem) {
      k.error = problem;
      k.published = null;
      redraw();
      focus(at);
      return;
    }
    k.busy = true;
    redraw();
    try {
      const res = await ctx.call('/api/v1/admin/cases', { method: 'POST', json: { check: Number(k.check.trim()), measure: Number(k.measure), title: k.title.trim(), summary: k.summary.trim() } });
      K = { ...freshCase(), published: res.id };
      loadCases(true);
    } catch (err) {
      k.error = problemText(err);
      k.published = null;
      k.busy = false;
    }
    redraw();
    focus(K.published ? 'jrp-case-title' : 'jrp-case-error');
  });
  return form;
}

function caseList() {
  let body;
  if (D.errors.cases) body = notice('error', problemText(D.errors.cases));
  else if (!D.cases) body = notice('loading', t('common.loading'));
  else if (!D.cases.length) body = notice('info', t('jrp.case.none'));
  else
    body = h(
      'ul',
      { class: 'plain-list jrp-cases' },
      D.cases
        .slice()
        .reverse()
        .map((c) =>
          h(
            'li',
            { dataset: { case: String(c.id) } },
            h('span', { class: ['badge', `badge-action-${c.kind}`] }, actionText(c.action)),
            ' ',
            h('strong', {}, c.title),
            h('span', { class: 'block small muted' }, t('jrp.case.meta', { id: c.id, at: when(c.published_at), doc: c.memo ? c.memo.doc_no : '', subject: c.subject_name || t('jrp.case.person') })),
          ),
        ),
    );
  return h('section', { class: 'card', 'aria-labelledby': 'jrp-cases-title' }, h('h2', { id: 'jrp-cases-title' }, t('jrp.case.listTitle')), body);
}

/** The credit office's figures of a month, and the publication of cases. */
export function statsView(context) {
  ctx = context;
  if (!St.month && ctx.who.today) St.month = String(ctx.who.today).slice(0, 7);
  if (!St.data && !St.busy && !St.error) setTimeout(loadStats, 0);
  if (!D.depts && !D.errors.depts) setTimeout(loadDepts, 0);
  if (!D.measures && !D.errors.measures) setTimeout(() => loadMeasures(false), 0);
  if (!D.cases && !D.errors.cases) setTimeout(() => loadCases(false), 0);
  const d = St.data;
  let body;
  if (St.error) body = notice('error', problemText(St.error));
  else if (!d) body = notice('loading', t('common.loading'));
  else
    body = [
      h('p', { class: 'result-count', id: 'jrp-stats-month' }, t('jrp.stats.of', { month: d.month || St.month })),
      figureCards(d),
      h(
        'div',
        { class: 'jrp-bar-grid' },
        barTable('jrp-by-dept', t('jrp.stats.byDept'), t('jrp.stats.dept'), sortedRows(d.applied_by_dept, (k) => [deptName(k) || k, deptName(k) ? h('span', { class: 'code muted small block' }, k) : null])),
        barTable('jrp-by-memo', t('jrp.stats.byMemo'), t('jrp.stats.memo'), sortedRows(d.applied_by_memo, (k) => [k, memoTitle(k) ? h('span', { class: 'muted small block' }, t('jrp.memoTitle', { title: memoTitle(k) })) : null])),
      ),
    ];
  return h(
    'div',
    { class: 'jrp-stats' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'jrp-stats-title' },
      h('h2', { id: 'jrp-stats-title' }, t('jrp.stats.title')),
      h('p', { class: 'muted' }, t('jrp.stats.lead')),
      monthForm(),
      h('div', { 'aria-live': 'polite', 'aria-busy': St.busy ? 'true' : 'false', class: 'jrp-stats-body' }, body),
    ),
    caseForm(),
    caseList(),
  );
}

// ---- the policy ----

async function upload() {
  if (!Y.file || Y.busy) return;
  Y.busy = true;
  Y.error = null;
  Y.summary = null;
  redraw();
  try {
    Y.summary = await ctx.call('/api/v1/admin/jrp', { method: 'PUT', body: Y.file, contentType: 'application/json' });
    Y.file = null;
    loadMeasures(true);
    loadMatters(true);
  } catch (e) {
    Y.error = e;
  }
  Y.busy = false;
  redraw();
  focus('jrp-upload-result');
}

function uploadForm() {
  const file = h('input', { id: 'jrp-policy-file', name: 'policy', type: 'file', class: 'file-input', accept: '.json,application/json', 'aria-labelledby': 'jrp-policy-label', 'aria-describedby': 'jrp-policy-hint' });
  file.addEventListener('change', () => {
    Y.file = file.files && file.files[0] ? file.files[0] : null;
    Y.summary = null;
    Y.error = null;
    redraw();
    focus('jrp-policy-file');
  });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', id: 'jrp-policy-upload', disabled: Y.busy || !Y.file }, icon('upload'), Y.busy ? t('jrp.policy.uploading') : t('jrp.policy.upload'));
  let result = null;
  if (Y.error) result = h('div', { id: 'jrp-upload-result', tabIndex: -1, class: 'jrp-upload-result' }, notice('error', t('jrp.policy.refused'), h('p', { class: 'jrp-problem' }, problemText(Y.error)), h('p', {}, t('jrp.policy.unchanged'))));
  else if (Y.summary) {
    const s = Y.summary;
    const mm = s.memoranda || {};
    result = h(
      'div',
      { id: 'jrp-upload-result', tabIndex: -1, class: 'jrp-upload-result' },
      notice('ok', t('jrp.policy.loaded', { matters: s.matters ?? 0, added: mm.added ?? 0, updated: mm.updated ?? 0, unchanged: mm.unchanged ?? 0, measures: s.measures ?? 0 })),
    );
  }
  const form = h(
    'form',
    { class: 'card jrp-upload', 'aria-labelledby': 'jrp-upload-title' },
    h('h2', { id: 'jrp-upload-title' }, icon('upload'), t('jrp.policy.uploadTitle')),
    h('p', { class: 'muted' }, t('jrp.policy.uploadLead')),
    h(
      'div',
      { class: 'field' },
      h('span', { class: 'field-label', id: 'jrp-policy-label' }, t('jrp.policy.file')),
      h('div', { class: 'file-row' }, file, h('label', { htmlFor: 'jrp-policy-file', class: 'btn btn-secondary file-button' }, icon('doc'), t('console.upload.choose'))),
      h('p', { class: ['hint', Y.file ? 'file-chosen' : ''], id: 'jrp-policy-hint' }, Y.file ? t('console.upload.chosen', { name: Y.file.name, size: byteText(Y.file.size) }) : t('jrp.policy.fileHint')),
    ),
    h('div', { class: 'actions' }, button),
    h('div', { 'aria-live': 'polite' }, result),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!Y.file) {
      focus('jrp-policy-file');
      return;
    }
    upload();
  });
  return form;
}

function validText(m) {
  if (!m.valid_from && !m.valid_to) return t('jrp.policy.always');
  return t('jrp.entry.dates', { from: m.valid_from || '—', to: m.valid_to || t('jrp.entry.open') });
}

function memoCard(doc, items) {
  const first = items[0];
  const target = first.target || {};
  const id = `memo-${doc.replace(/[^0-9A-Za-z]+/g, '-')}`;
  const slug = id.replace(/-+$/, '');
  return h(
    'section',
    { class: ['jrp-memo', `jrp-memo-${target.class || ''}`], 'aria-labelledby': `${slug}-title`, dataset: { doc } },
    h('h3', { id: `${slug}-title`, class: 'jrp-memo-title' }, h('span', { class: 'jrp-memo-doc' }, doc), ' ', t('jrp.memoTitle', { title: first.memo ? first.memo.title : '' })),
    h(
      'p',
      { class: 'jrp-memo-target' },
      t('jrp.policy.target'),
      ' ',
      h('span', { class: ['badge', target.class === 'black_list' ? 'badge-black' : target.class === 'red_list' ? 'badge-red' : 'badge-watch'] }, className(target.class)),
      target.domain ? [' ', h('span', { class: 'badge' }, t('jrp.policy.domain', { domain: target.domain }))] : [' ', h('span', { class: 'muted small' }, t('jrp.policy.allDomains'))],
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table jrp-measure-table' },
        h('caption', { class: 'visually-hidden' }, t('jrp.policy.measuresOf', { doc })),
        h('thead', {}, h('tr', {}, ['jrp.col.code', 'jrp.col.action', 'jrp.col.text', 'jrp.col.basis', 'jrp.col.matters', 'jrp.col.depts', 'jrp.col.valid'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          {},
          items.map((m) =>
            h(
              'tr',
              { dataset: { measure: String(m.id), code: m.code } },
              td(t('jrp.col.code'), 'nowrap code', m.code),
              td(t('jrp.col.action'), 'nowrap', h('span', { class: ['badge', 'badge-action', `badge-action-${m.kind}`] }, actionText(m.action)), h('span', { class: 'muted small block' }, kindText(m.kind))),
              td(t('jrp.col.text'), 'col-name', m.text),
              td(t('jrp.col.basis'), 'col-reason jrp-basis', m.legal_basis),
              td(t('jrp.col.matters'), null, m.matters && m.matters.length ? h('ul', { class: 'plain-list compact' }, m.matters.map((c) => h('li', {}, matterText(c)))) : t('jrp.policy.allMatters')),
              td(t('jrp.col.depts'), null, m.depts && m.depts.length ? h('ul', { class: 'plain-list compact' }, m.depts.map((c) => h('li', {}, deptText(c)))) : t('jrp.policy.allDepts')),
              td(t('jrp.col.valid'), 'nowrap', validText(m)),
            ),
          ),
        ),
      ),
    ),
  );
}

function measuresList() {
  let body;
  if (D.errors.measures) body = notice('error', problemText(D.errors.measures));
  else if (!D.measures) body = notice('loading', t('common.loading'));
  else if (!D.measures.length) body = notice('info', t('jrp.policy.none'));
  else {
    const groups = new Map();
    for (const m of D.measures) {
      const doc = (m.memo && m.memo.doc_no) || '';
      if (!groups.has(doc)) groups.set(doc, []);
      groups.get(doc).push(m);
    }
    body = [
      h('p', { class: 'result-count', id: 'jrp-policy-count' }, t('jrp.policy.count', { memos: groups.size, n: D.measures.length })),
      [...groups.entries()].map(([doc, items]) => memoCard(doc, items)),
    ];
  }
  return h('section', { class: 'card', 'aria-labelledby': 'jrp-policy-title' }, h('h2', { id: 'jrp-policy-title' }, t('jrp.policy.title')), h('p', { class: 'muted' }, t('jrp.policy.lead')), h('div', { 'aria-live': 'polite' }, body));
}

function mattersList() {
  let body;
  if (D.errors.matters) body = notice('error', problemText(D.errors.matters));
  else if (!D.matters) body = notice('loading', t('common.loading'));
  else if (!D.matters.length) body = notice('info', t('jrp.policy.noMatters'));
  else
    body = h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table jrp-matters-table' },
        h('caption', { class: 'visually-hidden' }, t('jrp.policy.matters')),
        h('thead', {}, h('tr', {}, ['jrp.col.matterCode', 'jrp.col.matterName', 'jrp.col.matterDept'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          {},
          D.matters.map((m) => h('tr', {}, td(t('jrp.col.matterCode'), 'nowrap code', m.code), td(t('jrp.col.matterName'), 'col-name', m.name), td(t('jrp.col.matterDept'), null, m.dept ? deptText(m.dept) : t('jrp.policy.anyDept')))),
        ),
      ),
    );
  return h('section', { class: 'card', 'aria-labelledby': 'jrp-matters-title' }, h('h2', { id: 'jrp-matters-title' }, t('jrp.policy.matters')), body);
}

/** The policy in force and the upload of a new policy file. */
export function policyView(context) {
  ctx = context;
  if (!D.measures && !D.errors.measures) setTimeout(() => loadMeasures(false), 0);
  if (!D.matters && !D.errors.matters) setTimeout(() => loadMatters(false), 0);
  if (!D.depts && !D.errors.depts) setTimeout(loadDepts, 0);
  return h('div', { class: 'jrp-policy' }, uploadForm(), measuresList(), mattersList());
}
