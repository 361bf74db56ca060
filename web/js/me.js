// SPDX-License-Identifier: Apache-2.0
// 我的信用: a company or person signs in with its account (name and password, the session cookie
// and CSRF token of accounts.js, as staff do) or with its subject key (kept in this tab's
// sessionStorage, sent only in the Authorization header) and sees its whole file, files objections (异议) and
// repair applications (信用修复) with evidence, follows them step by step, grants and revokes
// access to its non-public data, sees who read its data and on what basis, and takes the repair
// training a repair may need (me-training.js).
import { api, ApiError, SESSION } from './api.js';
import { endSession, passwordSignIn, resumeSession } from './accounts.js';
import { className, loadCatalog } from './catalog.js';
import { claimDetail, claimsTable, forgetFiles, isOpen, problemText, stateBadge, when } from './claim-view.js';
import { h, icon, replace, td } from './dom.js';
import { bytes as byteText } from './format.js';
import { t } from './i18n.js';
import { boot, notice, pageHead } from './layout.js';
import { recordCard } from './records.js';
import { reportForm } from './report.js';
import { keySignIn } from './signin.js';
import { makeTraining } from './me-training.js';

const KEY = 'xy.me.key';
const VIEWS = ['file', 'claims', 'training', 'grants', 'access'];
/** Classes shown first in the file: the adverse ones, then the rest. */
const ORDER = ['penalty', 'black_list', 'watch_list', 'red_list', 'license', 'commitment'];
/** Adverse classes: a published entry may be repaired once its minimum publicity period has passed. */
const ADVERSE = new Set(['penalty', 'black_list', 'watch_list']);
const LISTS = new Set(['black_list', 'watch_list']);
const LIST_REPAIR_MONTHS = 12; // a list entry without its own minimum period: its decision date plus this
/** Classes that are not public: read by others only under the subject's grant. The public catalogue leaves them out. */
const CONSENT_CLASSES = ['arrears'];
const FILES_MAX = 5;
const FILE_MAX = 2 * 1024 * 1024;
const TEXT_MAX = 4000; // bytes of UTF-8 in grounds, a commitment or a purpose (the server's limit)
const GRANT_MAX_DAYS = 1096;
const MEDIA = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

const session = {
  get() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  set(v) {
    try {
      sessionStorage.setItem(KEY, v);
    } catch {
      /* the sign-in lasts until the page closes */
    }
  },
  clear() {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      /* nothing kept */
    }
  },
};

const fresh = () => ({
  file: { data: null, error: null, busy: false },
  form: null, // { kind, record, cls, docNo, text, signer, files: [], error, fileError, busy }
  claims: { items: null, next: null, error: null, busy: false, selected: null, detail: null, detailError: null, message: null },
  grants: { items: null, error: null, message: null, confirm: null, busy: false, draft: { querier: '', classes: [], purpose: '', until: '' }, fieldError: null },
  access: { items: [], next: null, loaded: false, error: null, busy: false },
});

const S = { key: session.get(), view: viewFromHash(), today: null, signin: { error: null, busy: false }, pwSignin: { error: null, busy: false }, account: '', resumed: false, ...fresh() };

let main = null;
let viewBox = null;

function viewFromHash() {
  const v = location.hash.slice(1);
  return VIEWS.includes(v) ? v : 'file';
}

function keyId(key) {
  const m = /^xy_([0-9]+)_/.exec(key || '');
  return m ? m[1] : '';
}

function call(path, opts = {}) {
  return api(path, { ...opts, key: S.key }).catch((e) => {
    if (e instanceof ApiError && e.status === 401) signOut(t('me.signin.expired'));
    throw e;
  });
}

const fetchRaw = (path) => call(path, { accept: '*/*', raw: true });

function signOut(message) {
  if (S.key === SESSION) endSession();
  S.account = '';
  S.resumed = false;
  session.clear();
  forgetFiles();
  Object.assign(S, { key: null, signin: { error: message || null, busy: false } }, fresh());
  training.reset();
  draw();
}

/** The platform's date (the server's, which decides), else this computer's. */
async function loadToday() {
  if (S.today) return;
  try {
    const stats = await api('/api/v1/stats');
    if (/^\d{4}-\d{2}-\d{2}$/.test(stats.as_of || '')) S.today = stats.as_of;
  } catch {
    /* below */
  }
  if (!S.today) {
    const d = new Date();
    S.today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
}

function addMonths(date, months) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return null;
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${y}-${String(mo).padStart(2, '0')}-${String(Math.min(Number(m[3]), last)).padStart(2, '0')}`;
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const utf8Length = (s) => new TextEncoder().encode(s || '').length;

/** The first day a repair may be applied for, as the server counts it. */
function repairFrom(cls, r) {
  const m = r._record || {};
  if (m.repair_from) return m.repair_from;
  return LISTS.has(cls) && r.decision_date ? addMonths(r.decision_date, LIST_REPAIR_MONTHS) : null;
}

// ---- sign in ----

/** After a password sign-in: only a subject's account opens this page (staff use the console). */
async function signedInWithPassword(s) {
  if (s.role !== 'subject') {
    await endSession();
    S.pwSignin.error = t('me.signin.notSubject');
    await draw();
    return;
  }
  S.key = SESSION;
  S.account = s.name;
  S.resumed = true;
  session.set(SESSION);
  await draw();
  document.getElementById('me-title')?.focus();
}

function signInView() {
  return h(
    'div',
    { class: 'stack' },
    passwordSignIn(S.pwSignin, signedInWithPassword, draw),
    h('p', { class: 'signin-apply' }, h('a', { href: '/apply.html', id: 'me-to-apply' }, t('me.signin.apply')), ' · ', h('a', { href: '/activate.html' }, t('me.signin.activate'))),
    h('h2', { class: 'signin-or' }, t('me.signin.orKey')),
    keySignInView(),
  );
}

function keySignInView() {
  return keySignIn({
    id: 'subject-key',
    prefix: 'me',
    state: S.signin,
    errorText: problemText,
    submit: async (key) => {
      const me = await api('/api/v1/me', { key });
      if (me.role !== 'subject') return t('me.signin.notSubject');
      S.key = key;
      session.set(key);
      return null;
    },
    done: async () => {
      await draw();
      document.getElementById(S.key ? 'me-title' : 'subject-key')?.focus();
    },
    help: [h('p', {}, h('a', { href: '/console.html' }, t('me.signin.toConsole')))],
  });
}

// ---- loading ----

async function loadFile() {
  const f = S.file;
  if (f.busy) return;
  f.busy = true;
  try {
    f.data = await call('/api/v1/me/records');
    f.error = null;
  } catch (e) {
    f.error = e;
  }
  f.busy = false;
}

async function loadClaims(more) {
  const c = S.claims;
  if (c.busy) return;
  c.busy = true;
  try {
    const page = await call('/api/v1/claims', { params: { limit: 100, cursor: more ? c.next : null } });
    c.items = more && c.items ? c.items.concat(page.items) : page.items;
    c.next = page.next_cursor;
    c.error = null;
  } catch (e) {
    c.error = e;
  }
  c.busy = false;
}

async function openClaim(id, message) {
  const c = S.claims;
  c.selected = id;
  c.detailError = null;
  c.message = message || null;
  if (!c.detail || String(c.detail.id) !== String(id)) c.detail = null;
  drawView();
  try {
    c.detail = await call(`/api/v1/claims/${id}`);
  } catch (e) {
    c.detailError = e;
  }
  drawView();
  document.getElementById('claim-detail-title')?.focus();
}

function go(view) {
  S.view = view;
  history.replaceState(null, '', `#${view}`);
  draw().then(() => document.getElementById(`me-view-${view}`)?.focus());
}

// ---- my file ----

/** The claims still open on each record, by kind. */
function openClaims() {
  const by = new Map();
  for (const c of S.claims.items || []) {
    if (!isOpen(c)) continue;
    const k = `${c.record}/${c.kind}`;
    if (!by.has(k)) by.set(k, c);
  }
  return by;
}

function statusBadge(m) {
  const s = m.status || 'published';
  return h('span', { class: `badge badge-${s}` }, t(`me.status.${s}`));
}

function recordActions(cls, r, open) {
  const m = r._record || {};
  const id = m.id;
  const out = [];
  const objection = open.get(`${id}/objection`);
  const repair = open.get(`${id}/repair`);
  const viewClaim = (c, label) => {
    const b = h('button', { type: 'button', class: 'btn btn-link' }, t(label, { id: c.id }));
    b.addEventListener('click', () => {
      S.view = 'claims';
      history.replaceState(null, '', '#claims');
      draw().then(() => openClaim(c.id));
    });
    return h('span', { class: 'claim-open-note' }, stateBadge(c), ' ', b);
  };
  if (objection) out.push(viewClaim(objection, 'me.file.objectionOpen'));
  else if (m.status === 'published' || m.status === 'unpublished') {
    const b = h('button', { type: 'button', class: 'btn btn-secondary', id: `object-${id}` }, icon('pen'), t('me.file.object'));
    b.addEventListener('click', () => startForm('objection', cls, r));
    out.push(b);
  }
  if (ADVERSE.has(cls) && m.status === 'published') {
    if (repair) out.push(viewClaim(repair, 'me.file.repairOpen'));
    else {
      const from = repairFrom(cls, r);
      const early = !from || (S.today && from > S.today);
      const b = h('button', { type: 'button', class: 'btn btn-secondary', id: `repair-${id}`, disabled: early, 'aria-describedby': early ? `repair-note-${id}` : null }, icon('shield'), t('me.file.repair'));
      b.addEventListener('click', () => startForm('repair', cls, r));
      out.push(
        h(
          'span',
          { class: 'repair-action' },
          b,
          early ? h('span', { class: 'hint repair-note', id: `repair-note-${id}` }, from ? t('me.file.repairFrom', { date: from }) : t('me.file.repairUnknown')) : null,
        ),
      );
    }
  }
  return out.length ? h('div', { class: 'record-actions' }, out) : null;
}

function fileView() {
  const f = S.file;
  if (!f.data && !f.error) {
    if (!f.busy) Promise.all([loadFile(), S.claims.items ? null : loadClaims(false)]).then(drawView);
    return notice('loading', t('common.loading'));
  }
  if (f.error) return notice('error', problemText(f.error));
  const records = f.data.records || {};
  const classes = Object.keys(records).sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  const total = classes.reduce((n, c) => n + records[c].length, 0);
  const open = openClaims();
  return h(
    'div',
    { class: 'my-file' },
    h('section', { class: 'card', 'aria-labelledby': 'file-title' }, h('h2', { id: 'file-title' }, t('me.file.title')), h('p', { class: 'muted' }, t('me.file.lead', { n: total })), h('p', { class: 'hint' }, t('me.file.howTo'))),
    f.data.subject ? reportForm({ key: S.key, subject: f.data.subject.uscc || f.data.subject.id, applicant: false, id: 'my-report' }) : null,
    total
      ? classes.map((cls) =>
          h(
            'section',
            { class: 'my-class', 'aria-labelledby': `class-${cls}`, dataset: { cls } },
            h('h2', { id: `class-${cls}`, class: 'class-title' }, className(cls), h('span', { class: 'tab-count' }, String(records[cls].length))),
            records[cls].map((r) => {
              const card = recordCard(cls, r);
              const m = r._record || {};
              const head = card.querySelector('.record-head');
              const hidden = CONSENT_CLASSES.includes(cls); // never published: no publicity end to show
              if (hidden) card.querySelector('.record-key .publicity')?.remove();
              head?.append(h('span', { class: 'badges' }, head.querySelector('.badge-objection'), hidden ? h('span', { class: 'badge badge-unpublished' }, t('me.status.consent')) : statusBadge(m)));
              card.id = `record-${m.id}`;
              // A record with nothing to do (repaired, withdrawn) has no actions: append() would print "null".
              const actions = S.form && String(S.form.record) === String(m.id) ? claimForm() : recordActions(cls, r, open);
              if (actions) card.append(actions);
              return card;
            }),
          ),
        )
      : notice('info', t('me.file.empty')),
  );
}

// ---- filing an objection or a repair application ----

function startForm(kind, cls, r) {
  const m = r._record || {};
  S.form = {
    kind,
    record: m.id,
    cls,
    docNo: r.doc_no || String(m.id),
    text: kind === 'repair' ? t('me.repair.standard', { docNo: r.doc_no || String(m.id), dept: m.dept_name || '' }) : '',
    signer: '',
    files: [],
    error: null,
    fileError: null,
    busy: false,
  };
  drawView();
  document.getElementById('claim-form-title')?.focus();
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      const s = String(reader.result || '');
      resolve(s.slice(s.indexOf(',') + 1)); // data:TYPE;base64,DATA
    });
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

async function addFiles(list) {
  const form = S.form;
  const errors = [];
  for (const file of list) {
    const ext = (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1]?.toLowerCase();
    const type = MEDIA[ext];
    if (form.files.length >= FILES_MAX) {
      errors.push(t('me.evidence.tooMany', { n: FILES_MAX }));
      break;
    }
    if (!type) errors.push(t('me.evidence.badType', { name: file.name }));
    else if (file.size > FILE_MAX) errors.push(t('me.evidence.tooBig', { name: file.name, size: byteText(file.size) }));
    else if (file.size === 0) errors.push(t('me.evidence.empty', { name: file.name }));
    else {
      try {
        form.files.push({ name: file.name, media_type: type, size: file.size, data: await readBase64(file) });
      } catch {
        errors.push(t('me.evidence.unreadable', { name: file.name }));
      }
    }
  }
  form.fileError = errors.length ? errors.join(' ') : null;
}

function evidenceField() {
  const form = S.form;
  const input = h('input', { id: 'claim-files', name: 'files', type: 'file', class: 'file-input', multiple: true, accept: '.pdf,.png,.jpg,.jpeg', 'aria-labelledby': 'claim-files-label', 'aria-describedby': 'claim-files-hint claim-files-error', disabled: form.files.length >= FILES_MAX });
  const list = h('ul', { class: 'file-list chosen-files', 'aria-live': 'polite', id: 'claim-files-list' });
  const error = h('p', { class: 'field-error', id: 'claim-files-error', role: 'alert' }, form.fileError || '');
  const drawList = () => {
    replace(
      list,
      form.files.map((f, i) => {
        const rm = h('button', { type: 'button', class: 'btn btn-link btn-danger-link', 'aria-label': t('me.evidence.removeLabel', { name: f.name }) }, t('me.evidence.remove'));
        rm.addEventListener('click', () => {
          form.files.splice(i, 1);
          form.fileError = null;
          error.textContent = '';
          input.disabled = false;
          drawList();
          input.focus();
        });
        return h('li', { class: 'file-item' }, h('span', { class: 'file-main' }, icon('doc'), f.name, ' ', h('span', { class: 'muted small' }, byteText(f.size))), rm);
      }),
    );
  };
  input.addEventListener('change', async () => {
    const chosen = [...(input.files || [])];
    input.value = '';
    await addFiles(chosen);
    error.textContent = form.fileError || '';
    input.disabled = form.files.length >= FILES_MAX;
    drawList();
  });
  drawList();
  return h(
    'div',
    { class: 'field field-wide' },
    h('span', { class: 'field-label', id: 'claim-files-label' }, t('me.evidence.label')),
    h('div', { class: 'file-row' }, input, h('label', { htmlFor: 'claim-files', class: 'btn btn-secondary file-button' }, icon('upload'), t('me.evidence.choose'))),
    h('p', { class: 'hint', id: 'claim-files-hint' }, t('me.evidence.hint', { n: FILES_MAX })),
    list,
    error,
  );
}

function claimForm() {
  const form = S.form;
  const repair = form.kind === 'repair';
  const text = h('textarea', { id: 'claim-text', name: repair ? 'commitment' : 'grounds', rows: repair ? 9 : 6, required: true, class: 'prose', 'aria-describedby': 'claim-text-hint', value: form.text });
  // A problem said before goes once the text is changed.
  const clearError = () => {
    form.error = null;
    text.form?.querySelector(':scope > .notice-error')?.remove();
  };
  text.addEventListener('input', () => {
    form.text = text.value;
    clearError();
  });
  const signer = repair ? h('input', { id: 'claim-signer', name: 'signer', type: 'text', required: true, autocomplete: 'name', maxLength: 60, value: form.signer, 'aria-describedby': 'claim-signer-hint' }) : null;
  if (signer)
    signer.addEventListener('input', () => {
      form.signer = signer.value;
      clearError();
    });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'claim-submit', disabled: form.busy }, t(repair ? 'me.repair.submit' : 'me.objection.submit'));
  const cancel = h('button', { type: 'button', class: 'btn btn-link', id: 'claim-cancel' }, t('common.cancel'));
  const record = form.record;
  cancel.addEventListener('click', () => {
    S.form = null;
    drawView();
    document.getElementById(`${repair ? 'repair' : 'object'}-${record}`)?.focus();
  });
  const el = h(
    'form',
    { class: ['claim-form', repair ? 'repair-form' : 'objection-form'], 'aria-labelledby': 'claim-form-title', novalidate: true },
    h('h3', { id: 'claim-form-title', tabIndex: -1 }, t(repair ? 'me.repair.title' : 'me.objection.title', { docNo: form.docNo })),
    h('p', { class: 'hint' }, t(repair ? 'me.repair.lead' : 'me.objection.lead')),
    form.error ? notice('error', form.error) : null,
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field field-wide' }, h('label', { htmlFor: 'claim-text' }, t(repair ? 'me.repair.commitment' : 'me.objection.grounds')), text, h('p', { class: 'hint', id: 'claim-text-hint' }, t(repair ? 'me.repair.commitmentHint' : 'me.objection.groundsHint', { n: TEXT_MAX }))),
      repair ? h('div', { class: 'field' }, h('label', { htmlFor: 'claim-signer' }, t('me.repair.signer')), signer, h('p', { class: 'hint', id: 'claim-signer-hint' }, t('me.repair.signerHint'))) : null,
      evidenceField(),
    ),
    h('div', { class: 'actions' }, submit, cancel),
  );
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.busy) return;
    const body = repair
      ? { record: form.record, commitment: form.text.trim(), signer: form.signer.trim(), files: form.files.map(({ name, media_type, data }) => ({ name, media_type, data })) }
      : { record: form.record, grounds: form.text.trim(), files: form.files.map(({ name, media_type, data }) => ({ name, media_type, data })) };
    let problem = null;
    let focus = 'claim-text';
    if (!form.text.trim()) problem = t(repair ? 'me.repair.needCommitment' : 'me.objection.needGrounds');
    else if (utf8Length(form.text.trim()) > TEXT_MAX) problem = t('me.textTooLong', { n: TEXT_MAX });
    else if (repair && !form.signer.trim()) {
      problem = t('me.repair.needSigner');
      focus = 'claim-signer';
    }
    if (problem) {
      form.error = problem;
      drawView();
      document.getElementById(focus)?.focus();
      return;
    }
    form.busy = true;
    form.error = null;
    submit.disabled = true;
    try {
      const claim = await call(repair ? '/api/v1/repairs' : '/api/v1/objections', { method: 'POST', json: body });
      S.form = null;
      S.file.data = null; // the file is asked again: marks may have changed
      S.claims.items = null;
      S.view = 'claims';
      history.replaceState(null, '', '#claims');
      S.claims.detail = claim;
      S.claims.selected = claim.id;
      S.claims.message = notice('ok', t(repair ? 'me.repair.filed' : 'me.objection.filed', { id: claim.id, due: claim.due || t('common.none') }));
      await loadClaims(false);
      await draw();
      document.getElementById('claim-detail-title')?.focus();
      return;
    } catch (err) {
      form.busy = false;
      form.error = problemText(err);
    }
    drawView();
    el.querySelector('.notice-error')?.scrollIntoView({ block: 'center' });
    document.getElementById('claim-text')?.focus();
  });
  return el;
}

// ---- my objections and repairs ----

function claimsView() {
  const c = S.claims;
  if (!c.items && !c.error) {
    if (!c.busy) loadClaims(false).then(drawView);
    return notice('loading', t('common.loading'));
  }
  const more = h('button', { type: 'button', class: 'btn btn-secondary' }, t('common.loadMore'));
  more.addEventListener('click', () => loadClaims(true).then(drawView));
  let detail = null;
  if (c.selected) {
    if (c.detailError) detail = h('section', { class: 'card' }, h('h2', { id: 'claim-detail-title', tabIndex: -1 }, t('claim.detailTitleShort', { id: c.selected })), notice('error', problemText(c.detailError)));
    else if (!c.detail) detail = notice('loading', t('common.loading'));
    else detail = claimDetail(c.detail, { fetchRaw, onError: (e) => alertError(e), message: c.message });
  }
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'claims-title' },
      h('h2', { id: 'claims-title' }, t('me.claims.title')),
      h('p', { class: 'muted' }, t('me.claims.lead')),
      c.error ? notice('error', problemText(c.error)) : null,
      c.items && c.items.length
        ? claimsTable(c.items, { onOpen: (x) => openClaim(x.id), selected: c.selected, caption: t('me.claims.title') })
        : c.items
          ? notice('info', t('me.claims.empty'))
          : null,
      c.next ? h('div', { class: 'more-row' }, more) : null,
    ),
    detail,
  );
}

function alertError(e) {
  const box = document.getElementById('me-alert');
  if (box) replace(box, notice('error', problemText(e)));
}

// ---- grants ----

async function loadGrants() {
  const g = S.grants;
  if (g.busy) return;
  g.busy = true;
  try {
    g.items = (await call('/api/v1/grants')).items;
    if (!g.directory) g.directory = (await call('/api/v1/queriers')).items;
    g.error = null;
  } catch (e) {
    g.error = e;
  }
  g.busy = false;
  if (S.view === 'grants') drawView();
}

function grantState(x) {
  if (x.revoked_at) return h('span', { class: 'badge badge-revoked' }, t('me.grants.revokedAt', { at: x.revoked_at.slice(0, 10) }));
  if (!x.live) return h('span', { class: 'badge badge-revoked' }, t('me.grants.ended'));
  return h('span', { class: 'badge badge-active' }, t('me.grants.live'));
}

function querierText(q) {
  if (!q) return t('common.unknown');
  if (q.uscc) {
    // An organisation of the directory of queriers: its name and code, and whether the office disabled it.
    const sub = [t('me.grants.code', { code: q.uscc })];
    if (q.disabled_at) sub.push(' · ', t('me.grants.querierDisabled'));
    return [h('span', { class: 'block' }, q.name || q.uscc), h('span', { class: 'muted small block' }, ...sub)];
  }
  const role = t(`console.role.${q.role}`);
  return [h('span', { class: 'block' }, q.name || t('me.grants.keyNo', { id: q.key })), h('span', { class: 'muted small block' }, role, ' · ', t('me.grants.keyNo', { id: q.key }))];
}

function grantsTable(g) {
  const rows = g.items.map((x) => {
    let action = null;
    if (!x.revoked_at && x.live) {
      if (g.confirm === x.id) {
        const yes = h('button', { type: 'button', class: 'btn btn-danger', id: `grant-revoke-confirm-${x.id}` }, t('me.grants.revokeConfirm'));
        const no = h('button', { type: 'button', class: 'btn btn-link' }, t('common.cancel'));
        yes.addEventListener('click', async () => {
          try {
            await call(`/api/v1/grants/${x.id}`, { method: 'DELETE' });
            g.message = { kind: 'ok', text: t('me.grants.revoked', { id: x.id }) };
          } catch (err) {
            g.message = { kind: 'error', text: problemText(err) };
          }
          g.confirm = null;
          await loadGrants();
          document.getElementById('grants-title')?.focus();
        });
        no.addEventListener('click', () => {
          g.confirm = null;
          drawView();
          document.getElementById(`grant-revoke-${x.id}`)?.focus();
        });
        action = h('span', { class: 'confirm' }, yes, no);
        setTimeout(() => yes.focus(), 0);
      } else {
        action = h('button', { type: 'button', class: 'btn btn-link btn-danger-link', id: `grant-revoke-${x.id}` }, t('me.grants.revoke'));
        action.addEventListener('click', () => {
          g.confirm = x.id;
          drawView();
        });
      }
    }
    return h(
      'tr',
      { class: x.revoked_at || !x.live ? 'revoked' : null, dataset: { grant: String(x.id) } },
      td(t('me.grants.id'), 'num', String(x.id)),
      td(t('me.grants.querier'), 'col-name', querierText(x.querier)),
      td(t('me.grants.classes'), null, (x.classes || []).map((c) => className(c)).join(t('me.listSep'))),
      td(t('me.grants.purpose'), 'col-reason', x.purpose),
      td(t('me.grants.until'), 'nowrap', x.until),
      td(t('me.grants.state'), null, grantState(x)),
      td(t('me.grants.actions'), null, action || t('common.none')),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table grants-table' },
      h('caption', { class: 'visually-hidden' }, t('me.grants.title')),
      h('thead', {}, h('tr', {}, ['me.grants.id', 'me.grants.querier', 'me.grants.classes', 'me.grants.purpose', 'me.grants.until', 'me.grants.state', 'me.grants.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows),
    ),
  );
}

function grantForm() {
  const g = S.grants;
  const d = g.draft;
  const max = addDays(S.today, GRANT_MAX_DAYS);
  // The querier is picked from the office's directory by name, never typed as a key number.
  const options = (g.directory || []).map((q) => h('option', { value: q.uscc, selected: d.querier === q.uscc }, `${q.name}（${q.kind_zh || q.kind}，${q.uscc}）`));
  const querier = h('select', { id: 'grant-querier', name: 'querier', required: true, 'aria-describedby': 'grant-querier-hint', 'aria-invalid': g.fieldError === 'querier' ? 'true' : null }, h('option', { value: '', selected: !d.querier }, t('me.grants.pickQuerier')), options);
  const purpose = h('input', { id: 'grant-purpose', name: 'purpose', type: 'text', required: true, maxLength: 160, value: d.purpose, 'aria-describedby': 'grant-purpose-hint', 'aria-invalid': g.fieldError === 'purpose' ? 'true' : null });
  const until = h('input', { id: 'grant-until', name: 'until', type: 'date', required: true, min: S.today, max, value: d.until, 'aria-describedby': 'grant-until-hint', 'aria-invalid': g.fieldError === 'until' ? 'true' : null });
  const boxes = CONSENT_CLASSES.map((c) => {
    const box = h('input', { type: 'checkbox', id: `grant-class-${c}`, name: 'classes', value: c, checked: d.classes.includes(c) });
    box.addEventListener('change', () => {
      d.classes = box.checked ? [...new Set(d.classes.concat(c))] : d.classes.filter((x) => x !== c);
    });
    return h('label', { class: 'check-row', htmlFor: `grant-class-${c}` }, box, h('span', {}, className(c)), h('span', { class: 'muted small' }, ` (${c})`));
  });
  querier.addEventListener('change', () => {
    d.querier = querier.value;
  });
  purpose.addEventListener('input', () => {
    d.purpose = purpose.value;
  });
  until.addEventListener('input', () => {
    d.until = until.value;
  });
  const form = h(
    'form',
    { class: 'card grant-form', 'aria-labelledby': 'grant-form-title', novalidate: true },
    h('h2', { id: 'grant-form-title' }, t('me.grants.createTitle')),
    h('p', { class: 'muted' }, t('me.grants.createLead')),
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { htmlFor: 'grant-querier' }, t('me.grants.querierId')), querier, h('p', { class: 'hint', id: 'grant-querier-hint' }, t('me.grants.querierHint'))),
      h('div', { class: 'field' }, h('label', { htmlFor: 'grant-purpose' }, t('me.grants.purpose')), purpose, h('p', { class: 'hint', id: 'grant-purpose-hint' }, t('me.grants.purposeHint'))),
      h('div', { class: 'field' }, h('label', { htmlFor: 'grant-until' }, t('me.grants.until')), until, h('p', { class: 'hint', id: 'grant-until-hint' }, t('me.grants.untilHint', { max }))),
      h('fieldset', { class: 'field field-wide checks', 'aria-describedby': 'grant-classes-hint' }, h('legend', {}, t('me.grants.classes')), boxes, h('p', { class: 'hint', id: 'grant-classes-hint' }, t('me.grants.classesHint'))),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'grant-create' }, t('me.grants.create'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = d.querier;
    let problem = null;
    g.fieldError = null;
    if (!/^[0-9A-Z]{18}$/.test(id)) [problem, g.fieldError] = [t('me.grants.badQuerier'), 'querier'];
    else if (!d.classes.length) [problem, g.fieldError] = [t('me.grants.needClass'), `class-${CONSENT_CLASSES[0]}`];
    else if (!d.purpose.trim() || utf8Length(d.purpose.trim()) > 500) [problem, g.fieldError] = [t('me.grants.needPurpose'), 'purpose'];
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(d.until) || d.until < S.today || d.until > max) [problem, g.fieldError] = [t('me.grants.badUntil', { max }), 'until'];
    if (problem) {
      g.message = { kind: 'error', text: problem };
      drawView();
      document.getElementById(`grant-${g.fieldError}`)?.focus();
      return;
    }
    try {
      const made = await call('/api/v1/grants', { method: 'POST', json: { querier: id, classes: d.classes, purpose: d.purpose.trim(), until: d.until } });
      g.message = { kind: 'ok', text: t('me.grants.created', { id: made.id, name: (made.querier && made.querier.name) || id, until: made.until }) };
      g.draft = { querier: '', classes: [], purpose: '', until: '' };
      await loadGrants();
      document.getElementById('grants-title')?.focus();
      return;
    } catch (err) {
      g.message = { kind: 'error', text: problemText(err) };
    }
    drawView();
    document.getElementById('grants-title')?.focus();
  });
  return form;
}

function grantsView() {
  const g = S.grants;
  if (g.items === null && !g.error && !g.busy) setTimeout(loadGrants, 0);
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'grants-title' },
      h('h2', { id: 'grants-title', tabIndex: -1 }, t('me.grants.title')),
      h('p', { class: 'muted' }, t('me.grants.lead')),
      h('div', { 'aria-live': 'polite', id: 'grants-message' }, g.message ? notice(g.message.kind, g.message.text) : null),
      g.error ? notice('error', problemText(g.error)) : null,
      g.items ? (g.items.length ? grantsTable(g) : notice('info', t('me.grants.empty'))) : g.error ? null : notice('loading', t('common.loading')),
    ),
    grantForm(),
  );
}

// ---- who looked at my data ----

async function loadAccess() {
  const a = S.access;
  if (a.busy) return;
  a.busy = true;
  if (S.view === 'access') drawView();
  try {
    const page = await call('/api/v1/me/access', { params: { limit: 50, cursor: a.loaded ? a.next : null } });
    a.items = a.items.concat(page.items);
    a.next = page.next_cursor;
    a.error = null;
  } catch (e) {
    a.error = e;
  }
  a.busy = false;
  a.loaded = true;
  if (S.view === 'access') drawView();
}

function accessView() {
  const a = S.access;
  if (!a.loaded && !a.busy && !a.error) setTimeout(loadAccess, 0);
  const more = h('button', { type: 'button', class: 'btn btn-secondary', id: 'access-more' }, t('common.loadMore'));
  more.addEventListener('click', loadAccess);
  const cols = ['me.access.at', 'me.access.by', 'me.access.dept', 'me.access.purpose', 'me.access.basis', 'me.access.object'];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'access-title' },
    h('h2', { id: 'access-title' }, t('me.access.title')),
    h('p', { class: 'muted' }, t('me.access.lead')),
    a.error ? notice('error', problemText(a.error)) : null,
    a.items.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table access-table' },
            h('caption', { class: 'visually-hidden' }, t('me.access.title')),
            h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
            h(
              'tbody',
              {},
              a.items.map((x) =>
                h(
                  'tr',
                  {},
                  td(t('me.access.at'), 'nowrap', when(x.at)),
                  td(t('me.access.by'), 'col-name', querierText(x.by)),
                  td(t('me.access.dept'), null, x.dept ? h('span', { class: 'code' }, x.dept) : t('common.none')),
                  td(t('me.access.purpose'), 'col-reason', x.purpose || t('common.none')),
                  td(t('me.access.basis'), null, h('span', { class: `badge badge-basis-${x.basis}` }, x.basis === 'grant' ? t('me.access.byGrant', { id: x.grant }) : t('me.access.byRole'))),
                  td(t('me.access.object'), null, x.object ? h('span', { class: 'code' }, x.object) : t('common.none')),
                ),
              ),
            ),
          ),
        )
      : a.loaded && !a.error
        ? notice('info', t('me.access.empty'))
        : notice('loading', t('common.loading')),
    a.busy && a.loaded ? notice('loading', t('common.loading')) : a.next ? h('div', { class: 'more-row' }, more) : null,
  );
}

// ---- frame ----

const training = makeTraining({ call, redraw: () => drawView() });
const VIEW_FNS = { file: fileView, claims: claimsView, training: () => training.view(), grants: grantsView, access: accessView };

function drawView() {
  if (!viewBox || !S.key) return;
  replace(viewBox, h('div', { id: 'me-alert', role: 'alert' }), VIEW_FNS[S.view]());
}

function sessionBar() {
  const s = (S.file.data && S.file.data.subject) || null;
  const out = h('button', { type: 'button', class: 'btn btn-secondary', id: 'sign-out' }, t('me.signout'));
  out.addEventListener('click', () => signOut(null));
  const code = s ? s.uscc || s.regno || s.id_no || '' : '';
  return h(
    'div',
    { class: 'session-bar card' },
    h(
      'p',
      {},
      icon('shield'),
      h(
        'span',
        { class: 'who-box' },
        h('span', { class: 'who', id: 'me-name' }, s ? s.name : t('me.subject')),
        h('span', { class: 'muted small block' }, code ? h('span', { class: 'code' }, code) : null, code ? ' · ' : null, S.key === SESSION ? t('account.who', { name: S.account }) : t('console.keyId', { id: keyId(S.key) })),
        s ? h('a', { class: 'small', href: `/subject.html?id=${encodeURIComponent(s.uscc || s.id)}` }, t('me.publicPage')) : null,
      ),
    ),
    out,
  );
}

function viewNav() {
  return h(
    'nav',
    { class: 'console-nav', 'aria-label': t('me.nav') },
    h(
      'ul',
      {},
      VIEWS.map((v) => {
        const b = h('button', { type: 'button', class: 'console-tab', 'aria-current': v === S.view ? 'page' : null, id: `me-view-${v}` }, t(`me.view.${v}`));
        b.addEventListener('click', () => go(v));
        return h('li', {}, b);
      }),
    ),
  );
}

async function draw() {
  if (!main) return;
  if (!S.key) {
    viewBox = null;
    replace(main, pageHead(t('me.title'), t('me.lead')), h('div', { class: 'wrap section' }, signInView()));
    return;
  }
  if (S.key === SESSION && !S.resumed) {
    // After a reload: the cookie's session, and its CSRF token for what this page sends.
    try {
      const s = await resumeSession();
      S.account = s.name;
      S.resumed = true;
    } catch {
      signOut(t('me.signin.expired'));
      return;
    }
  }
  await Promise.all([loadCatalog().catch(() => null), loadToday()]);
  // The subject's name is in its file: asked before the first drawing.
  if (!S.file.data && !S.file.error) await Promise.all([loadFile(), S.claims.items ? null : loadClaims(false)]);
  if (!S.key) return; // the key was refused meanwhile
  viewBox = h('div', { class: 'console-view me-view' });
  replace(main, pageHead(t('me.title'), null), h('div', { class: 'wrap section console me' }, h('h2', { id: 'me-title', class: 'visually-hidden', tabIndex: -1 }, t('me.signedIn')), sessionBar(), viewNav(), viewBox));
  drawView();
}

window.addEventListener('hashchange', () => {
  const v = viewFromHash();
  if (v !== S.view && S.key) {
    S.view = v;
    draw();
  }
});

boot({
  page: 'me',
  title: 'me.title',
  render: async (m) => {
    main = m;
    await draw();
  },
});
