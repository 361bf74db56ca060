// SPDX-License-Identifier: Apache-2.0
// The console for departments and the credit office. Staff sign in with their account (a session
// cookie the script never reads, with a CSRF token: accounts.js); systems, or anyone, may instead
// sign in with an API key: it stays in this tab's sessionStorage and goes out only in the
// Authorization header. A department uploads
// batches (with upload progress), reads and downloads the rejected rows, resends them fixed, sees
// its batch history and browses its own records. The credit office manages keys and departments.
// Both work through the queue of objections and repair applications (claims.js). Joint reward and
// punishment (jrp.js): approval departments and the office check applicants in the prompt window; the
// office reads the month's figures, publishes cases and manages the policy.
import { reportForm } from './report.js';
import { api, ApiError, SESSION, uploadBatch } from './api.js';
import { accountsView, endSession, ownAccountView, passwordSignIn, resumeSession } from './accounts.js';
import { className, classes, fieldName, loadCatalog } from './catalog.js';
import { claimsView, resetClaims } from './claims.js';
import { resetSupervision, supervisionView } from './supervision.js';
import { makeApplications } from './console-applications.js';
import { makeArticles } from './console-articles.js';
import { makeCoverage } from './coverage.js';
import { makeExchangeDests } from './exchange-dests.js';
import { makePending } from './pending.js';
import { recordLines, selectRecords } from './csv.js';
import { policyView, promptView, resetJrp, statsView } from './jrp.js';
import { h, icon, replace, td } from './dom.js';
import { bytes as byteText, maskId, reasonText } from './format.js';
import { formatNumber, getLang, t } from './i18n.js';
import { checkUscc } from './idcheck.js';
import { keySignIn } from './signin.js';
import { boot, errorText, notice, pageHead } from './layout.js';

const KEY = 'xy.console.key';
const WHO = 'xy.console.who';
const BATCHES = 'xy.console.batches';
const MAX_REJECTS_SHOWN = 500;

const session = {
  get(k) {
    try {
      return sessionStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set(k, v) {
    try {
      sessionStorage.setItem(k, v);
    } catch {
      /* storage unavailable: the sign-in lasts until the page closes */
    }
  },
  clear() {
    for (const k of [KEY, WHO, BATCHES]) {
      try {
        sessionStorage.removeItem(k);
      } catch {
        /* nothing kept */
      }
    }
  },
};

function readJson(k, fallback) {
  try {
    return JSON.parse(session.get(k)) ?? fallback;
  } catch {
    return fallback;
  }
}

const S = {
  key: session.get(KEY),
  who: readJson(WHO, null),
  view: null,
  signin: { error: null, busy: false },
  upload: { cls: 'penalty', format: 'auto', file: null, progress: null, result: null, error: null, busy: false, lines: null },
  history: { details: {}, selected: null, rejects: null, error: null, lookup: '', server: null, next: null, busy: false, listError: null },
  records: { cls: '', items: [], next: null, loaded: false, error: null, busy: false },
  keys: { items: null, error: null, created: null, confirm: null, message: null },
  depts: { added: [], error: null, fieldError: null, list: null, listError: null, busy: false, draft: { uscc: '', name: '' } },
  audit: { verify: null, items: [], next: null, loaded: false, error: null },
  accounts: { items: null, error: null, message: null },
  account: { uri: null, message: null },
  pwSignin: { error: null, busy: false },
  resumed: false,
};

const VIEWS = {
  department: ['upload', 'history', 'records', 'claims', 'supervision', 'pending'],
  approval: ['prompt'],
  office: ['keys', 'depts', 'history', 'claims', 'prompt', 'jrpstats', 'policy', 'report', 'supervision', 'articles', 'coverage', 'pending', 'applications', 'exchange'],
  auditor: ['audit', 'supervision', 'pending'],
  other: [],
};

let main = null;

function call(path, opts = {}) {
  return api(path, { ...opts, key: S.key }).catch((e) => {
    if (e instanceof ApiError && e.status === 401) {
      signOut(expiredText());
    }
    throw e;
  });
}

function keyId(key) {
  const m = /^xy_([0-9]+)_/.exec(key || '');
  return m ? m[1] : '';
}

/** Who the key is: its role and department (GET /api/v1/me; reads nothing else, writes no audit entry). */
async function whoAmI(key) {
  const me = await api('/api/v1/me', { key });
  return { role: VIEWS[me.role] ? me.role : 'other', keyRole: me.role || '', dept: me.dept || '', deptName: me.dept_name || '', name: me.name || '', today: me.today || '' };
}

/** Why the console asks again: a staff session ended (idle or absolute limit, sign-out elsewhere), or a key stopped working. */
function expiredText() {
  return t(S.key === SESSION ? 'console.signin.sessionExpired' : 'console.signin.expired');
}

function signOut(message) {
  // Why the console asks again is said above the form the person signed in with.
  const wasSession = S.key === SESSION;
  if (wasSession) endSession();
  session.clear();
  S.resumed = false;
  S.accounts = { items: null, error: null, message: null };
  S.account = { uri: null, message: null };
  S.key = null;
  S.who = null;
  S.view = null;
  S.signin.error = wasSession ? null : message || null;
  S.pwSignin.error = wasSession ? message || null : null;
  S.upload = { cls: 'penalty', format: 'auto', file: null, progress: null, result: null, error: null, busy: false, lines: null };
  S.history = { details: {}, selected: null, rejects: null, error: null, lookup: '', server: null, next: null, busy: false, listError: null };
  S.records = { cls: '', items: [], next: null, loaded: false, error: null, busy: false };
  coverage.reset();
  exchangeDests.reset();
  articles.reset();
  pending.reset();
  applications.reset();
  S.keys = { items: null, error: null, created: null, confirm: null, message: null };
  S.depts = { added: [], error: null, fieldError: null, list: null, listError: null, busy: false, draft: { uscc: '', name: '' } };
  S.audit = { verify: null, items: [], next: null, loaded: false, error: null };
  resetClaims();
  resetSupervision();
  resetJrp();
  draw();
}

function batchHistory() {
  const all = readJson(BATCHES, {});
  return all[keyId(S.key)] || [];
}

function remember(entry) {
  const all = readJson(BATCHES, {});
  const id = keyId(S.key);
  all[id] = [entry].concat((all[id] || []).filter((b) => b.batch !== entry.batch)).slice(0, 100);
  session.set(BATCHES, JSON.stringify(all));
}

function saveDownload(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

async function downloadRejects(batch) {
  const resp = await call(`/api/v1/batches/${batch}/rejects`, { accept: 'text/csv', raw: true });
  saveDownload(await resp.blob(), `batch-${batch}-rejects.csv`);
}

// ---- sign in ----

async function signedInWithPassword() {
  const who = await whoAmI(SESSION);
  S.key = SESSION;
  S.who = who;
  S.resumed = true;
  session.set(KEY, SESSION);
  session.set(WHO, JSON.stringify(who));
  S.view = null;
  await draw();
  document.getElementById('console-title')?.focus();
}

function signInView() {
  return h(
    'div',
    { class: 'stack' },
    passwordSignIn(S.pwSignin, signedInWithPassword, draw),
    h('h2', { class: 'signin-or' }, t('account.signin.orKey')),
    keySignInView(),
  );
}

function keySignInView() {
  return keySignIn({
    id: 'api-key',
    prefix: 'console',
    state: S.signin,
    errorText,
    submit: async (key) => {
      const who = await whoAmI(key);
      S.key = key;
      S.who = who;
      session.set(KEY, key);
      session.set(WHO, JSON.stringify(who));
      S.view = null;
      return null;
    },
    done: async () => {
      await draw();
      const heading = document.getElementById('console-title');
      if (heading && S.key) heading.focus();
      else document.getElementById('api-key')?.focus();
    },
  });
}

// ---- rejects ----

function rejectsTable(cls, rejects, lines) {
  const shown = rejects.slice(0, MAX_REJECTS_SHOWN);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table rejects-table', id: 'rejects-table' },
      h('caption', {}, t('console.rejects.caption', { n: rejects.length })),
      h(
        'thead',
        {},
        h('tr', {}, ['console.rejects.row', 'console.rejects.field', 'console.rejects.value', 'console.rejects.code', 'console.rejects.reason'].map((k) => h('th', { scope: 'col' }, t(k)))),
      ),
      h(
        'tbody',
        {},
        shown.map((r) =>
          h(
            'tr',
            {},
            td(t('console.rejects.row'), 'num', String(r.row), lines && lines[r.row - 1] ? h('span', { class: 'muted small block' }, t('console.rejects.line', { n: lines[r.row - 1] })) : null),
            td(t('console.rejects.field'), null, r.field ? [h('span', { class: 'code' }, r.field), h('span', { class: 'muted small block' }, fieldName(cls, r.field))] : t('console.rejects.wholeRow')),
            td(t('console.rejects.value'), 'value', r.value == null || r.value === '' ? h('span', { class: 'muted' }, t('console.rejects.empty')) : r.value),
            td(t('console.rejects.code'), 'nowrap', h('span', { class: 'code' }, r.code || '')),
            td(t('console.rejects.reason'), null, reasonText(r.reason)),
          ),
        ),
      ),
    ),
    rejects.length > shown.length ? notice('info', t('console.rejects.truncated', { n: shown.length })) : null,
  );
}

function counts(b) {
  const item = (k, v, cls) => h('div', { class: ['count', cls] }, h('dt', {}, t(k)), h('dd', {}, formatNumber(v ?? 0)));
  return h(
    'dl',
    { class: 'counts' },
    item('console.count.rows', b.rows),
    item('console.count.accepted', b.accepted, 'count-ok'),
    item('console.count.rejected', b.rejected, b.rejected ? 'count-bad' : ''),
    item('console.count.added', b.added),
    item('console.count.updated', b.updated),
    item('console.count.unchanged', b.unchanged),
  );
}

// ---- upload ----

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function detectFormat(name) {
  return /\.(jsonl|ndjson|json)$/i.test(name || '') ? 'jsonl' : /\.(csv|txt)$/i.test(name || '') ? 'csv' : /\.xlsx$/i.test(name || '') ? 'xlsx' : '';
}

async function submitUpload() {
  const u = S.upload;
  if (!u.file || u.busy) return;
  const fmt = u.format === 'auto' ? detectFormat(u.file.name) : u.format;
  u.busy = true;
  u.error = null;
  u.result = null;
  u.lines = null;
  u.progress = { loaded: 0, total: u.file.size, phase: 'upload' };
  drawView();
  try {
    const result = await uploadBatch({
      key: S.key,
      cls: u.cls,
      format: u.format === 'auto' ? null : u.format,
      file: u.file,
      contentType: fmt === 'jsonl' ? 'application/x-ndjson' : fmt === 'csv' ? 'text/csv' : fmt === 'xlsx' ? XLSX_TYPE : 'application/octet-stream',
      onProgress: (loaded, total) => {
        u.progress = { loaded, total, phase: 'upload' };
        drawProgress();
      },
      onUploaded: () => {
        u.progress = { loaded: u.file.size, total: u.file.size, phase: 'check' };
        drawProgress();
      },
    });
    u.result = { ...result, fileName: u.file.name };
    remember({ batch: result.batch, cls: result.class, file: u.file.name, at: new Date().toISOString(), rows: result.rows, accepted: result.accepted, rejected: result.rejected });
    S.history.server = null; // asked again when the history is next shown
    S.history.details[result.batch] = result;
    if (result.rejected) {
      try {
        u.bytes = new Uint8Array(await u.file.arrayBuffer());
        u.lines = recordLines(u.bytes, result.format);
      } catch {
        u.bytes = null;
      }
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      signOut(expiredText());
      return;
    }
    u.error = e;
  }
  u.busy = false;
  u.progress = null;
  drawView();
  document.getElementById('upload-result-title')?.focus();
}

let progressBox = null;
function drawProgress() {
  if (!progressBox) return;
  const p = S.upload.progress;
  if (!p) {
    replace(progressBox);
    return;
  }
  const pct = p.total ? Math.min(100, Math.round((p.loaded / p.total) * 100)) : 0;
  replace(
    progressBox,
    h('label', { htmlFor: 'upload-progress', class: 'progress-label' }, p.phase === 'check' ? t('console.upload.checking') : t('console.upload.progress', { pct, done: byteText(p.loaded), total: byteText(p.total) })),
    h('progress', { id: 'upload-progress', max: 100, value: p.phase === 'check' ? 100 : pct }, `${pct}%`),
  );
}

function uploadResult() {
  const u = S.upload;
  if (u.error) return h('section', { class: 'card result', 'aria-labelledby': 'upload-result-title' }, h('h2', { id: 'upload-result-title', tabIndex: -1 }, t('console.upload.failed')), notice('error', errorText(u.error)), h('p', { class: 'hint' }, t('console.upload.failedHint')));
  const r = u.result;
  if (!r) return null;
  const actions = [];
  if (r.rejected) {
    const dl = h('button', { type: 'button', class: 'btn btn-secondary', id: 'download-rejects' }, icon('doc'), t('console.rejects.download'));
    dl.addEventListener('click', () => downloadRejects(r.batch).catch((e) => alertError(e)));
    actions.push(dl);
    if (u.bytes) {
      const rows = r.rejects.map((x) => x.row);
      const fix = h('button', { type: 'button', class: 'btn btn-secondary', id: 'download-failed-rows' }, icon('pen'), t('console.rejects.downloadRows'));
      fix.addEventListener('click', () => {
        const out = selectRecords(u.bytes, r.format, rows);
        const base = (r.fileName || 'batch').replace(/\.[^.]*$/, '');
        saveDownload(new Blob([out], { type: r.format === 'jsonl' ? 'application/x-ndjson' : 'text/csv' }), `${base}-rejected-rows.${r.format === 'jsonl' ? 'jsonl' : 'csv'}`);
      });
      actions.push(fix);
    }
  }
  return h(
    'section',
    { class: 'card result', 'aria-labelledby': 'upload-result-title', id: 'upload-result' },
    h('h2', { id: 'upload-result-title', tabIndex: -1 }, t('console.upload.resultTitle', { batch: r.batch })),
    h('p', { class: 'muted small' }, t('console.upload.resultMeta', { file: r.fileName, cls: className(r.class), format: r.format.toUpperCase(), encoding: r.encoding })),
    counts(r),
    r.rejected
      ? notice('warn', t('console.upload.someRejected', { bad: r.rejected, ok: r.accepted }), h('p', {}, t('console.upload.fixHint')))
      : notice('ok', t('console.upload.allAccepted', { n: r.accepted })),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
    r.rejected ? rejectsTable(r.class, r.rejects, u.lines) : null,
  );
}

function alertError(e) {
  const box = document.getElementById('console-alert');
  if (box) replace(box, notice('error', errorText(e)));
}

function uploadView() {
  const u = S.upload;
  const cls = h(
    'select',
    { id: 'upload-class', name: 'class', required: true },
    classes().map((c) => h('option', { value: c.class }, `${className(c.class)} (${c.class})${c.definition === 'local' ? ` · ${t('catalog.local')}` : ''}`)),
  );
  cls.value = u.cls;
  cls.addEventListener('change', () => {
    u.cls = cls.value;
  });
  const fmt = h('select', { id: 'upload-format', name: 'format' }, ['auto', 'csv', 'jsonl', 'xlsx'].map((f) => h('option', { value: f }, t(`console.upload.format.${f}`))));
  fmt.value = u.format;
  fmt.addEventListener('change', () => {
    u.format = fmt.value;
  });
  const file = h('input', { id: 'upload-file', name: 'file', type: 'file', class: 'file-input', accept: `.csv,.jsonl,.ndjson,.json,.txt,text/csv,.xlsx,${XLSX_TYPE}`, required: !u.file, 'aria-labelledby': 'upload-file-label', 'aria-describedby': 'upload-file-hint' });
  const chosen = h('p', { class: ['hint', u.file ? 'file-chosen' : ''], id: 'upload-file-hint' }, u.file ? t('console.upload.chosen', { name: u.file.name, size: byteText(u.file.size) }) : t('console.upload.fileHint'));
  file.addEventListener('change', () => {
    u.file = file.files && file.files[0] ? file.files[0] : null;
    chosen.textContent = u.file ? t('console.upload.chosen', { name: u.file.name, size: byteText(u.file.size) }) : t('console.upload.fileHint');
    chosen.classList.toggle('file-chosen', !!u.file);
  });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', disabled: u.busy, id: 'upload-submit' }, icon('upload'), t('console.upload.button'));
  const form = h(
    'form',
    { class: 'card upload-form', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, t('console.upload.title')),
    h('p', { class: 'muted' }, t('console.upload.lead')),
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { htmlFor: 'upload-class' }, t('console.upload.class')), cls),
      h('div', { class: 'field' }, h('label', { htmlFor: 'upload-format' }, t('console.upload.format')), fmt),
      h(
        'div',
        { class: 'field field-wide' },
        h('span', { class: 'field-label', id: 'upload-file-label' }, t('console.upload.file')),
        h('div', { class: 'file-row' }, file, h('label', { htmlFor: 'upload-file', class: 'btn btn-secondary file-button' }, icon('doc'), t('console.upload.choose'))),
        chosen,
      ),
    ),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!u.file) {
      file.focus();
      return;
    }
    submitUpload();
  });
  progressBox = h('div', { class: 'progress-box', 'aria-live': 'polite' });
  const box = h('div', {}, form, progressBox, uploadResult());
  drawProgress();
  return box;
}

// ---- batch history ----

const batchLoads = new Map();

/** A batch's counts, fetched once. */
async function loadBatch(id) {
  if (S.history.details[id]) return S.history.details[id];
  if (!batchLoads.has(id)) {
    batchLoads.set(
      id,
      call(`/api/v1/batches/${id}`).finally(() => batchLoads.delete(id)),
    );
  }
  S.history.details[id] = await batchLoads.get(id);
  return S.history.details[id];
}

async function showRejects(id, cls) {
  S.history.selected = { id, cls };
  S.history.rejects = null;
  S.history.error = null;
  drawView();
  try {
    const r = await call(`/api/v1/batches/${id}/rejects`);
    S.history.rejects = r.items;
  } catch (e) {
    S.history.error = e;
  }
  drawView();
  document.getElementById('history-rejects-title')?.focus();
}

/** A page of the batch history from the server (GET /api/v1/batches, newest first). */
async function loadHistory(more) {
  const hs = S.history;
  if (hs.busy) return;
  hs.busy = true;
  try {
    const page = await call('/api/v1/batches', { params: { limit: 50, cursor: more ? hs.next : null } });
    const seen = new Set((more && hs.server ? hs.server : []).map((b) => String(b.batch)));
    hs.server = (more && hs.server ? hs.server : []).concat(page.items.filter((b) => !seen.has(String(b.batch))));
    hs.next = page.next_cursor;
    hs.listError = null;
  } catch (e) {
    hs.listError = e;
  }
  hs.busy = false;
  if (S.view === 'history') drawView();
}

/**
 * The batches to show: the server's history, with the file name and time this tab remembers for
 * the batches it sent; this tab's record alone while the server's is not there (or failed).
 */
function historyList() {
  const local = batchHistory();
  if (!S.history.server) return local;
  const mine = new Map(local.map((b) => [String(b.batch), b]));
  const fromServer = S.history.server.map((x) => {
    const m = mine.get(String(x.batch));
    mine.delete(String(x.batch));
    return { batch: x.batch, cls: x.class || (m && m.cls) || '', file: (m && m.file) || x.source || '', at: x.created_at || (m && m.at) || '', dept: x.dept || '', rows: x.rows, accepted: x.accepted, rejected: x.rejected, server: true };
  });
  // Looked up by number but older than the pages loaded: after them.
  return fromServer.concat([...mine.values()]);
}

function historyView() {
  if (S.history.server === null && !S.history.busy && !S.history.listError) loadHistory(false);
  const list = historyList();
  const missing = list.filter((b) => !b.server && !S.history.details[b.batch] && !batchLoads.has(b.batch));
  if (missing.length) {
    Promise.all(missing.map((b) => loadBatch(b.batch).catch(() => null))).then(() => {
      if (missing.some((b) => S.history.details[b.batch])) drawView();
    });
  }
  const lookupInput = h('input', { id: 'batch-lookup', name: 'batch', type: 'text', inputMode: 'numeric', pattern: '[0-9]+', value: S.history.lookup, autocomplete: 'off' });
  const lookup = h(
    'form',
    { class: 'inline-form' },
    h('label', { htmlFor: 'batch-lookup' }, t('console.history.lookup')),
    lookupInput,
    h('button', { type: 'submit', class: 'btn btn-secondary' }, t('console.history.lookupButton')),
  );
  lookup.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = lookupInput.value.trim();
    S.history.lookup = id;
    if (!/^[1-9][0-9]{0,17}$/.test(id)) {
      S.history.error = new ApiError(400, '', t('console.history.badId'));
      drawView();
      return;
    }
    try {
      const b = await loadBatch(id);
      remember({ batch: b.batch, cls: '', file: '', at: '', rows: b.rows, accepted: b.accepted, rejected: b.rejected });
      S.history.error = null;
    } catch (err) {
      S.history.error = err;
    }
    drawView();
  });
  const office = S.who.role === 'office';
  const rows = list.map((b) => {
    const d = b.server ? b : S.history.details[b.batch] || b;
    let view = t('common.none');
    if (d.rejected) {
      view = h('button', { type: 'button', class: 'btn btn-link' }, t('console.history.viewRejects'));
      view.addEventListener('click', () => showRejects(b.batch, b.cls || (d.class ?? '')));
    }
    return h(
      'tr',
      {},
      td(t('console.history.batch'), 'num', String(b.batch)),
      td(t('console.history.class'), null, b.cls || d.class ? className(b.cls || d.class) : t('common.unknown')),
      office ? td(t('console.history.dept'), 'code', b.dept || d.dept || t('common.unknown')) : null,
      td(t('console.history.file'), null, b.file || t('common.none')),
      td(t('console.history.at'), null, b.at ? new Date(b.at).toLocaleString(getLang() === 'en' ? 'en' : 'zh-CN') : t('common.none')),
      td(t('console.count.rows'), 'num', formatNumber(d.rows ?? 0)),
      td(t('console.count.accepted'), 'num', formatNumber(d.accepted ?? 0)),
      td(t('console.count.rejected'), ['num', d.rejected ? 'bad' : ''], formatNumber(d.rejected ?? 0)),
      td(t('console.history.actions'), null, view),
    );
  });
  const sel = S.history.selected;
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, t('console.history.title')),
      h('p', { class: 'muted' }, t(S.who.role === 'office' ? 'console.history.leadOffice' : 'console.history.lead')),
      lookup,
      S.history.error && !sel ? notice('error', errorText(S.history.error)) : null,
      list.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data-table history-table' },
              h('caption', { class: 'visually-hidden' }, t('console.history.title')),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['console.history.batch', 'console.history.class', ...(office ? ['console.history.dept'] : []), 'console.history.file', 'console.history.at', 'console.count.rows', 'console.count.accepted', 'console.count.rejected', 'console.history.actions'].map((k) =>
                    h('th', { scope: 'col' }, t(k)),
                  ),
                ),
              ),
              h('tbody', {}, rows),
            ),
          )
        : S.history.server === null && S.history.busy
          ? notice('loading', t('common.loading'))
          : notice('info', t('console.history.empty')),
      S.history.listError ? notice('error', errorText(S.history.listError)) : null,
      S.history.next
        ? h(
            'div',
            { class: 'more-row' },
            (() => {
              const b = h('button', { type: 'button', class: 'btn btn-secondary', id: 'history-more', disabled: S.history.busy }, t('console.history.more'));
              b.addEventListener('click', () => loadHistory(true));
              return b;
            })(),
          )
        : null,
    ),
    sel
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'history-rejects-title' },
          h('h2', { id: 'history-rejects-title', tabIndex: -1 }, t('console.history.rejectsOf', { batch: sel.id })),
          S.history.error ? notice('error', errorText(S.history.error)) : null,
          S.history.rejects
            ? [
                h(
                  'div',
                  { class: 'actions' },
                  (() => {
                    const b = h('button', { type: 'button', class: 'btn btn-secondary' }, icon('doc'), t('console.rejects.download'));
                    b.addEventListener('click', () => downloadRejects(sel.id).catch((e) => alertError(e)));
                    return b;
                  })(),
                ),
                rejectsTable(sel.cls, S.history.rejects, null),
              ]
            : S.history.error
              ? null
              : notice('loading', t('common.loading')),
        )
      : null,
  );
}

// ---- own records ----

async function loadRecords(more) {
  const r = S.records;
  r.busy = true;
  drawView();
  try {
    const page = await call('/api/v1/dept/records', { params: { class: r.cls || null, limit: 50, cursor: more ? r.next : null } });
    r.items = more ? r.items.concat(page.items) : page.items;
    r.next = page.next_cursor;
    r.error = null;
  } catch (e) {
    r.error = e;
  }
  r.busy = false;
  r.loaded = true;
  drawView();
}

function recordsView() {
  const r = S.records;
  if (!r.loaded && !r.busy) setTimeout(() => loadRecords(false), 0);
  const sel = h('select', { id: 'records-class', name: 'class' }, [h('option', { value: '' }, t('console.records.allClasses'))].concat(classes().map((c) => h('option', { value: c.class }, className(c.class)))));
  sel.value = r.cls;
  sel.addEventListener('change', () => {
    r.cls = sel.value;
    r.items = [];
    r.next = null;
    loadRecords(false);
  });
  const statusText = (m) => t(`console.records.status.${m.status}`) !== `console.records.status.${m.status}` ? t(`console.records.status.${m.status}`) : m.status;
  const cols = [
    ['console.records.id', (x) => String(x._record.id), 'num'],
    ['console.records.class', (x) => className(x._record.class)],
    ['console.records.docNo', (x) => x.doc_no],
    ['console.records.party', (x) => x.party_name],
    ['console.records.code', (x) => h('span', { class: 'code' }, x.party_uscc || maskId(x.party_id_no) || '')],
    ['console.records.date', (x) => x.decision_date || ''],
    ['console.records.version', (x) => String(x._record.version), 'num'],
    ['console.records.status', (x) => [h('span', { class: `badge badge-${x._record.status}` }, statusText(x._record)), x._record.under_objection ? [' ', h('span', { class: 'badge badge-objection' }, icon('warn'), t('record.objection'))] : null]],
    ['console.records.publicUntil', (x) => x._record.public_until || t('record.publicWhileInForce')],
    ['console.records.batch', (x) => String(x._record.batch), 'num'],
  ];
  const more = h('button', { type: 'button', class: 'btn btn-secondary' }, t('common.loadMore'));
  more.addEventListener('click', () => loadRecords(true));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'records-title' },
    h('h2', { id: 'records-title' }, t('console.records.title')),
    h('p', { class: 'muted' }, t('console.records.lead')),
    h('div', { class: 'inline-form' }, h('label', { htmlFor: 'records-class' }, t('console.records.class')), sel),
    r.error ? notice('error', errorText(r.error)) : null,
    r.items.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table records-table' },
            h('caption', { class: 'visually-hidden' }, t('console.records.title')),
            h('thead', {}, h('tr', {}, cols.map(([k]) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', {}, r.items.map((x) => h('tr', {}, cols.map(([k, fn, c]) => td(t(k), c || null, fn(x)))))),
          ),
        )
      : r.loaded && !r.error
        ? notice('info', t('console.records.empty'))
        : null,
    r.busy ? notice('loading', t('common.loading')) : r.next ? h('div', { class: 'more-row' }, more) : null,
  );
}

// ---- office: keys and departments ----

async function loadKeys() {
  if (S.keys.loading) return;
  S.keys.loading = true;
  try {
    const r = await call('/api/v1/admin/keys');
    S.keys.items = r.items;
    S.keys.error = null;
  } catch (e) {
    S.keys.error = e;
  }
  S.keys.loading = false;
  drawView();
}

function keysView() {
  const k = S.keys;
  if (k.items === null && !k.error) setTimeout(loadKeys, 0);
  const role = h('select', { id: 'key-role', name: 'role' }, ['department', 'approval', 'office', 'auditor'].map((r) => h('option', { value: r }, t(`console.role.${r}`))));
  const dept = h('input', { id: 'key-dept', name: 'dept', type: 'text', autocomplete: 'off', spellcheck: false, maxLength: 18, 'aria-describedby': 'key-dept-hint', class: 'code' });
  const name = h('input', { id: 'key-name', name: 'name', type: 'text', autocomplete: 'off', maxLength: 100 });
  const deptField = h('div', { class: 'field' }, h('label', { htmlFor: 'key-dept' }, t('console.keys.dept')), dept, h('p', { class: 'hint', id: 'key-dept-hint' }, t('console.keys.deptHint')));
  role.addEventListener('change', () => {
    deptField.hidden = role.value !== 'department' && role.value !== 'approval';
  });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'key-create-title' },
    h('h2', { id: 'key-create-title' }, t('console.keys.createTitle')),
    h('div', { class: 'form-grid' }, h('div', { class: 'field' }, h('label', { htmlFor: 'key-role' }, t('console.keys.role')), role), deptField, h('div', { class: 'field' }, h('label', { htmlFor: 'key-name' }, t('console.keys.name')), name)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'key-create' }, t('console.keys.create'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { role: role.value };
    if (role.value === 'department' || (role.value === 'approval' && dept.value.trim())) body.dept = dept.value.trim().toUpperCase();
    if (name.value.trim()) body.name = name.value.trim();
    try {
      k.created = await call('/api/v1/admin/keys', { method: 'POST', json: body });
      k.message = null;
      k.items = null;
    } catch (err) {
      k.created = null;
      k.message = { kind: 'error', text: errorText(err) };
    }
    drawView();
    document.getElementById(k.created ? 'new-key-title' : 'keys-title')?.focus();
  });
  let created = null;
  if (k.created) {
    const out = h('input', { id: 'new-key', type: 'text', readOnly: true, value: k.created.key, class: 'code input-wide', 'aria-describedby': 'new-key-warn' });
    const copy = h('button', { type: 'button', class: 'btn btn-secondary' }, t('console.keys.copy'));
    copy.addEventListener('click', async () => {
      out.select();
      try {
        await navigator.clipboard.writeText(k.created.key);
        copy.textContent = t('console.keys.copied');
      } catch {
        copy.textContent = t('console.keys.copyManually');
      }
    });
    const done = h('button', { type: 'button', class: 'btn btn-link' }, t('console.keys.done'));
    done.addEventListener('click', () => {
      k.created = null;
      drawView();
    });
    created = h(
      'section',
      { class: 'card new-key', 'aria-labelledby': 'new-key-title' },
      h('h2', { id: 'new-key-title', tabIndex: -1 }, t('console.keys.createdTitle', { id: k.created.id, role: t(`console.role.${k.created.role}`) })),
      h('p', { id: 'new-key-warn', class: 'warn-text' }, icon('warn'), t('console.keys.once')),
      h('div', { class: 'inline-form' }, h('label', { htmlFor: 'new-key' }, t('console.keys.key')), out, copy, done),
    );
  }
  const rows = (k.items || []).map((x) => {
    let action = null;
    const own = String(x.id) === keyId(S.key);
    if (own) action = h('span', { class: 'muted small' }, t('console.keys.current'));
    else if (!x.revoked_at) {
      if (k.confirm === x.id) {
        const yes = h('button', { type: 'button', class: 'btn btn-danger', id: `revoke-confirm-${x.id}` }, t('console.keys.revokeConfirm'));
        const no = h('button', { type: 'button', class: 'btn btn-link' }, t('common.cancel'));
        yes.addEventListener('click', async () => {
          try {
            await call(`/api/v1/admin/keys/${x.id}`, { method: 'DELETE' });
            k.message = { kind: 'ok', text: t('console.keys.revoked', { id: x.id }) };
          } catch (err) {
            k.message = { kind: 'error', text: errorText(err) };
          }
          k.confirm = null;
          k.items = null;
          drawView();
        });
        no.addEventListener('click', () => {
          k.confirm = null;
          drawView();
        });
        action = h('span', { class: 'confirm' }, yes, no);
        setTimeout(() => yes.focus(), 0);
      } else {
        action = h('button', { type: 'button', class: 'btn btn-link btn-danger-link', id: `revoke-${x.id}` }, t('console.keys.revoke'));
        action.addEventListener('click', () => {
          k.confirm = x.id;
          drawView();
        });
      }
    }
    return h(
      'tr',
      { class: x.revoked_at ? 'revoked' : null },
      td(t('console.keys.id'), 'num', String(x.id)),
      td(t('console.keys.role'), null, t(`console.role.${x.role}`)),
      td(t('console.keys.dept'), null, x.dept ? h('span', { class: 'code' }, x.dept) : t('common.none')),
      td(t('console.keys.name'), null, x.name || t('common.none')),
      td(t('console.keys.created'), null, (x.created_at || '').replace('T', ' ').replace('Z', ' UTC')),
      td(t('console.keys.state'), null, x.revoked_at ? h('span', { class: 'badge badge-revoked' }, t('console.keys.revokedAt', { at: x.revoked_at.slice(0, 10) })) : h('span', { class: 'badge badge-active' }, t('console.keys.active'))),
      td(t('console.history.actions'), null, action),
    );
  });
  return h(
    'div',
    {},
    created,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'keys-title' },
      h('h2', { id: 'keys-title', tabIndex: -1 }, t('console.keys.title')),
      k.message ? notice(k.message.kind, k.message.text) : null,
      k.error ? notice('error', errorText(k.error)) : null,
      k.items
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data-table keys-table' },
              h('caption', { class: 'visually-hidden' }, t('console.keys.title')),
              h('thead', {}, h('tr', {}, ['console.keys.id', 'console.keys.role', 'console.keys.dept', 'console.keys.name', 'console.keys.created', 'console.keys.state', 'console.history.actions'].map((x) => h('th', { scope: 'col' }, t(x))))),
              h('tbody', {}, rows),
            ),
          )
        : notice('loading', t('common.loading')),
    ),
    form,
  );
}

/** The registered departments (GET /api/v1/admin/depts). */
async function loadDepts() {
  const d = S.depts;
  d.busy = true;
  try {
    d.list = (await call('/api/v1/admin/depts')).items;
    d.listError = null;
  } catch (e) {
    d.listError = e;
  }
  d.busy = false;
  if (S.view === 'depts') {
    // The list arrives while the form may be in use: what is typed and the focus stay.
    const id = document.activeElement && document.activeElement.id;
    drawView();
    if (id) document.getElementById(id)?.focus();
  }
}

function deptList() {
  const d = S.depts;
  let body;
  if (d.listError) body = notice('error', errorText(d.listError));
  else if (!d.list) body = notice('loading', t('common.loading'));
  else if (!d.list.length) body = notice('info', t('console.depts.none'));
  else
    body = h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table depts-table' },
        h('caption', { class: 'visually-hidden' }, t('console.depts.list')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('console.depts.uscc')), h('th', { scope: 'col' }, t('console.depts.name')))),
        h('tbody', {}, d.list.map((x) => h('tr', {}, td(t('console.depts.uscc'), 'code', x.uscc), td(t('console.depts.name'), null, x.name)))),
      ),
    );
  return h('section', { class: 'card', 'aria-labelledby': 'dept-list-title' }, h('h2', { id: 'dept-list-title' }, t('console.depts.list')), body);
}

function deptsView() {
  const d = S.depts;
  if (!d.list && !d.busy && !d.listError) loadDepts();
  const uscc = h('input', { id: 'dept-uscc', name: 'uscc', type: 'text', autocomplete: 'off', spellcheck: false, maxLength: 18, class: 'code', value: d.draft.uscc, 'aria-describedby': 'dept-uscc-error', 'aria-invalid': d.fieldError ? 'true' : null });
  const name = h('input', { id: 'dept-name', name: 'name', type: 'text', autocomplete: 'off', maxLength: 100, required: true, value: d.draft.name });
  uscc.addEventListener('input', () => (d.draft.uscc = uscc.value));
  name.addEventListener('input', () => (d.draft.name = name.value));
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'dept-title' },
    h('h2', { id: 'dept-title' }, t('console.depts.title')),
    h('p', { class: 'muted' }, t('console.depts.lead')),
    d.error ? notice('error', errorText(d.error)) : null,
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { htmlFor: 'dept-uscc' }, t('console.depts.uscc')), uscc, h('p', { class: 'field-error', id: 'dept-uscc-error' }, d.fieldError || '')),
      h('div', { class: 'field' }, h('label', { htmlFor: 'dept-name' }, t('console.depts.name')), name),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'dept-add' }, t('console.depts.add'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = checkUscc(uscc.value);
    if (!res.valid) {
      d.fieldError = res.placeholder ? t('check.rule.placeholder') : t(`check.rule.uscc.${res.rule}`);
      d.error = null;
      drawView();
      document.getElementById('dept-uscc')?.focus();
      return;
    }
    d.fieldError = null;
    try {
      const r = await call('/api/v1/admin/depts', { method: 'POST', json: { uscc: res.normalized, name: name.value.trim() }, raw: true });
      const body = await r.json();
      d.added.unshift({ ...body, renamed: r.status === 200 });
      d.error = null;
      d.draft = { uscc: '', name: '' };
      loadDepts();
    } catch (err) {
      d.error = err;
    }
    drawView();
  });
  return h(
    'div',
    {},
    form,
    d.added.length
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'dept-added-title' },
          h('h2', { id: 'dept-added-title' }, t('console.depts.added')),
          h('ul', { class: 'plain-list', role: 'status' }, d.added.map((x) => h('li', {}, h('span', { class: 'code' }, x.uscc), ' ', x.name, ' ', h('span', { class: 'badge' }, t(x.renamed ? 'console.depts.renamed' : 'console.depts.registered'))))),
        )
      : null,
    deptList(),
  );
}

// ---- auditor ----

async function loadAudit() {
  const a = S.audit;
  if (a.loading) return;
  a.loading = true;
  try {
    const page = await call('/api/v1/audit', { params: { limit: 50, cursor: a.next } });
    a.items = a.items.concat(page.items);
    a.next = page.next_cursor;
    a.error = null;
  } catch (e) {
    a.error = e;
  }
  a.loaded = true;
  a.loading = false;
  drawView();
}

function auditView() {
  const a = S.audit;
  if (!a.loaded) setTimeout(loadAudit, 0);
  const verify = h('button', { type: 'button', class: 'btn btn-primary' }, t('console.audit.verify'));
  verify.addEventListener('click', async () => {
    try {
      a.verify = await call('/api/v1/audit/verify');
    } catch (e) {
      a.error = e;
    }
    drawView();
  });
  const more = h('button', { type: 'button', class: 'btn btn-secondary' }, t('common.loadMore'));
  more.addEventListener('click', loadAudit);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, t('console.audit.title')),
    h('div', { class: 'actions' }, verify),
    a.verify ? notice(a.verify.whole ? 'ok' : 'error', t(a.verify.whole ? 'console.audit.whole' : 'console.audit.broken', { n: a.verify.entries, at: a.verify.first_broken ?? '' })) : null,
    a.error ? notice('error', errorText(a.error)) : null,
    a.items.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data-table' },
            h('caption', { class: 'visually-hidden' }, t('console.audit.title')),
            h('thead', {}, h('tr', {}, ['console.audit.seq', 'console.audit.at', 'console.audit.key', 'console.audit.action', 'console.audit.object'].map((k) => h('th', { scope: 'col' }, t(k))))),
            h(
              'tbody',
              {},
              a.items.map((x) =>
                h(
                  'tr',
                  {},
                  td(t('console.audit.seq'), 'num', String(x.seq)),
                  td(t('console.audit.at'), null, x.at),
                  td(t('console.audit.key'), null, `${x.key} (${x.role})`),
                  td(t('console.audit.action'), null, h('span', { class: 'code' }, x.action)),
                  td(t('console.audit.object'), null, x.object),
                ),
              ),
            ),
          ),
        )
      : null,
    a.next ? h('div', { class: 'more-row' }, more) : null,
  );
}

// ---- frame ----

const coverage = makeCoverage({ call, redraw: () => drawView() });
const exchangeDests = makeExchangeDests({ call, redraw: () => drawView() });
const articles = makeArticles({ call, redraw: () => drawView() });
const pending = makePending({ call, redraw: () => drawView() });
const applications = makeApplications({ call, redraw: () => drawView() });
const VIEW_FNS = {
  coverage: () => coverage.view(),
  exchange: () => exchangeDests.view(),
  pending: () => pending.view(),
  articles: () => articles.view(),
  applications: () => applications.view(),
  upload: uploadView,
  history: historyView,
  records: recordsView,
  keys: keysView,
  depts: deptsView,
  audit: auditView,
  claims: () => claimsView({ call, role: S.who.role, redraw: drawView }),
  supervision: () => supervisionView({ call, role: S.who.role, redraw: drawView }),
  prompt: () => promptView(jrpContext()),
  jrpstats: () => statsView(jrpContext()),
  policy: () => policyView(jrpContext()),
  report: () => h('div', { id: 'view-report' }, reportForm({ key: S.key, subject: null, applicant: true, id: 'counter-report' })),
  accounts: () => accountsView(S.accounts, call, drawView),
  account: () => ownAccountView(S.account, call, drawView, signOut),
};

/** What the joint reward and punishment views need: the calls, who signed in, redrawing, moving to another view. */
function jrpContext() {
  return {
    call,
    who: S.who,
    redraw: drawView,
    go: async (view, focusId) => {
      S.view = view;
      await draw();
      document.getElementById(focusId || `view-${view}`)?.focus();
    },
  };
}

/** What a key with no view here is told: a subject has its own page. */
function noViews() {
  if (S.who.keyRole === 'subject') return notice('info', t('console.subjectHere'), h('p', {}, h('a', { href: '/me.html', id: 'to-me' }, t('console.toMe'))));
  return notice('info', t('console.noViews'));
}

let viewBox = null;
function drawView() {
  if (!viewBox || !S.key) return;
  const fn = VIEW_FNS[S.view];
  replace(viewBox, h('div', { id: 'console-alert', role: 'alert' }), fn ? fn() : noViews());
}

function sessionBar() {
  const w = S.who;
  const out = h('button', { type: 'button', class: 'btn btn-secondary', id: 'sign-out' }, t('console.signout'));
  out.addEventListener('click', () => signOut(null));
  const who =
    w.role === 'department'
      ? t('console.who.department', { name: w.deptName || w.dept, code: w.dept })
      : w.role === 'approval'
        ? w.dept
          ? t('console.who.approval', { name: w.deptName || w.dept, code: w.dept })
          : t('console.who.approvalAny')
        : w.role === 'other' && ['approval', 'subject'].includes(w.keyRole)
        ? `${t(`console.role.${w.keyRole}`)} · ${t('console.who.other')}`
        : t(`console.who.${w.role}`);
  return h(
    'div',
    { class: 'session-bar card' },
    h(
      'p',
      {},
      icon('key'),
      h('span', { class: 'who-box' }, h('span', { class: 'who' }, who), h('span', { class: 'muted small block', id: 'who-id' }, S.key === SESSION ? t('account.who', { name: w.name }) : t('console.keyId', { id: keyId(S.key) }))),
    ),
    out,
  );
}

/** The views of the role, with account management for the office and one's own account in a session. */
function viewsOf() {
  const views = (VIEWS[S.who.role] || []).slice();
  if (S.who.role === 'office') views.push('accounts');
  if (S.key === SESSION) views.push('account');
  return views;
}

function viewNav() {
  const views = viewsOf();
  if (!S.view || !views.includes(S.view)) S.view = views[0] || null;
  return h(
    'nav',
    { class: 'console-nav', 'aria-label': t('console.nav') },
    h(
      'ul',
      {},
      views.map((v) => {
        const b = h('button', { type: 'button', class: 'console-tab', 'aria-current': v === S.view ? 'page' : null, id: `view-${v}` }, t(`console.view.${v}`));
        b.addEventListener('click', () => {
          S.view = v;
          draw();
          document.getElementById(`view-${v}`)?.focus();
        });
        return h('li', {}, b);
      }),
    ),
  );
}

async function draw() {
  if (!main) return;
  // A sign-in kept from before approval keys had views here.
  if (S.who && S.who.role === 'other' && VIEWS[S.who.keyRole]) S.who.role = S.who.keyRole;
  if (!S.key || !S.who) {
    viewBox = null;
    replace(main, pageHead(t('console.title'), t('console.lead')), h('div', { class: 'wrap section' }, signInView()));
    return;
  }
  if (S.key === SESSION && !S.resumed) {
    // After a reload: the cookie may still hold a session; its CSRF token is asked for again.
    try {
      await resumeSession();
      S.resumed = true;
    } catch {
      signOut(expiredText());
      return;
    }
  }
  await loadCatalog().catch(() => null);
  viewBox = h('div', { class: 'console-view' });
  replace(
    main,
    pageHead(t('console.title'), null),
    h('div', { class: 'wrap section console' }, h('h2', { id: 'console-title', class: 'visually-hidden', tabIndex: -1 }, t('console.signedIn')), sessionBar(), viewNav(), viewBox),
  );
  drawView();
}

boot({
  page: 'console',
  title: 'console.title',
  render: async (m) => {
    main = m;
    await draw();
  },
});
