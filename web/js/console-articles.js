// SPDX-License-Identifier: Apache-2.0
// The console's 文章管理 view for the credit office: every article with its state (GET
// /api/v1/articles with the office's key), a form that writes one in Markdown (POST, or PUT to edit;
// a course with its test as JSON), publish from a day and withdraw, and attachments (PDF, DOCX, XLSX).
// The server checks everything; this view says what it answered.
import { h, replace, td } from './dom.js';
import { t } from './i18n.js';
import { errorText, notice } from './layout.js';

const KINDS = ['policy', 'news', 'case', 'course'];
const TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const blank = () => ({ id: 0, kind: 'policy', title: '', summary: '', publish_date: '', body: '', quiz: '' });

function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** call(path, opts): the API with the office's key; redraw(): draws the view again. Returns { view(), reset() }. */
export function makeArticles({ call, redraw }) {
  const fresh = () => ({ items: null, error: null, busy: false, draft: blank(), message: null, formError: null });
  let S = fresh();

  async function load() {
    S.busy = true;
    try {
      S.items = (await call('/api/v1/articles', { params: { limit: 100 } })).items || [];
      S.error = null;
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }

  async function edit(id) {
    try {
      const a = await call(`/api/v1/articles/${id}`);
      S.draft = { id: a.id, kind: a.kind, title: a.title, summary: a.summary || '', publish_date: a.publish_date || '', body: a.body || '', quiz: a.quiz_answers ? JSON.stringify(a.quiz_answers, null, 2) : '', files: a.files || [], state: a.state };
      S.formError = null;
      S.message = null;
    } catch (e) {
      S.formError = errorText(e);
    }
    redraw();
    document.getElementById('art-title')?.focus();
  }

  async function save() {
    const d = S.draft;
    const doc = { kind: d.kind, title: d.title.trim(), body: d.body };
    if (d.summary.trim()) doc.summary = d.summary.trim();
    if (d.publish_date) doc.publish_date = d.publish_date;
    if (d.kind === 'course') {
      try {
        doc.quiz = JSON.parse(d.quiz || 'null');
      } catch (e) {
        S.formError = t('console.articles.quizJson', { why: e.message });
        redraw();
        document.getElementById('art-quiz')?.focus();
        return;
      }
    }
    try {
      const a = await call(d.id ? `/api/v1/admin/articles/${d.id}` : '/api/v1/admin/articles', { method: d.id ? 'PUT' : 'POST', json: doc });
      S.message = t(d.id ? 'console.articles.saved' : 'console.articles.added', { id: a.id });
      S.formError = null;
      S.draft = { ...d, id: a.id, files: a.files || [], state: a.state };
      await load();
    } catch (e) {
      S.formError = errorText(e);
      redraw();
    }
    document.getElementById(S.formError ? 'art-error' : 'art-message')?.focus();
  }

  async function setState(id, action) {
    try {
      const params = action === 'publish' && S.draft.id === id && S.draft.publish_date ? { date: S.draft.publish_date } : undefined;
      const a = await call(`/api/v1/admin/articles/${id}/${action}`, { method: 'POST', params });
      S.message = t(`console.articles.${action}ed`, { id, date: a.publish_date || '' });
      if (S.draft.id === id) Object.assign(S.draft, { state: a.state, publish_date: a.publish_date || '' });
      await load();
    } catch (e) {
      S.message = null;
      S.formError = errorText(e);
      redraw();
    }
  }

  async function attach(file) {
    const ext = (file.name.split('.').pop() || '').toLowerCase();
    if (!TYPES[ext]) {
      S.formError = t('console.articles.fileType');
      redraw();
      return;
    }
    try {
      const a = await call(`/api/v1/admin/articles/${S.draft.id}/files`, { method: 'POST', json: { name: file.name, media_type: TYPES[ext], data: await base64(file) } });
      S.draft.files = a.files || [];
      S.message = t('console.articles.attached', { name: file.name });
      S.formError = null;
      await load();
    } catch (e) {
      S.formError = errorText(e);
      redraw();
    }
  }

  function field(id, label, input, hint) {
    return h('div', { class: 'field field-wide' }, h('label', { htmlFor: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
  }

  function bind(el, key) {
    el.addEventListener('input', () => {
      S.draft[key] = el.value;
    });
    return el;
  }

  function form() {
    const d = S.draft;
    const kind = h('select', { id: 'art-kind', name: 'kind' }, KINDS.map((k) => h('option', { value: k, selected: k === d.kind }, t(`articles.kind.${k}`))));
    kind.addEventListener('change', () => {
      d.kind = kind.value;
      redraw();
    });
    const f = h(
      'form',
      { class: 'card', 'aria-labelledby': 'art-form-title', id: 'art-form' },
      h('h2', { id: 'art-form-title' }, d.id ? t('console.articles.editTitle', { id: d.id }) : t('console.articles.newTitle')),
      S.message ? h('p', { class: 'notice notice-ok', id: 'art-message', tabIndex: -1, role: 'status' }, S.message) : null,
      S.formError ? h('p', { class: 'notice notice-error', id: 'art-error', tabIndex: -1, role: 'alert' }, S.formError) : null,
      h(
        'div',
        { class: 'form-grid' },
        h('div', { class: 'field' }, h('label', { htmlFor: 'art-kind' }, t('console.articles.kind')), kind),
        h('div', { class: 'field' }, h('label', { htmlFor: 'art-date' }, t('console.articles.date')), bind(h('input', { id: 'art-date', type: 'date', value: d.publish_date }), 'publish_date')),
        field('art-title', t('console.articles.titleField'), bind(h('input', { id: 'art-title', type: 'text', maxLength: 100, required: true, value: d.title }), 'title')),
        field('art-summary', t('console.articles.summary'), bind(h('input', { id: 'art-summary', type: 'text', maxLength: 300, value: d.summary }), 'summary')),
        field('art-body', t('console.articles.body'), bind(h('textarea', { id: 'art-body', rows: 12, required: true, value: d.body, class: 'code' }), 'body'), t('console.articles.bodyHint')),
        d.kind === 'course' ? field('art-quiz', t('console.articles.quiz'), bind(h('textarea', { id: 'art-quiz', rows: 8, value: d.quiz, class: 'code', spellcheck: false }), 'quiz'), t('console.articles.quizHint')) : null,
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'art-save' }, t(d.id ? 'console.articles.save' : 'console.articles.add')),
        d.id ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'art-new', on: { click: () => ((S.draft = blank()), (S.message = null), (S.formError = null), redraw()) } }, t('console.articles.new')) : null,
      ),
    );
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    if (!d.id) return f;
    const input = h('input', { type: 'file', id: 'art-file', accept: '.pdf,.docx,.xlsx' });
    input.addEventListener('change', () => input.files[0] && attach(input.files[0]));
    return h(
      'div',
      {},
      f,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'art-files-title' },
        h('h2', { id: 'art-files-title' }, t('console.articles.files')),
        (d.files || []).length ? h('ul', { class: 'plain-list', id: 'art-file-list' }, d.files.map((x) => h('li', {}, `${x.seq}. ${x.name}`))) : h('p', { class: 'muted' }, t('console.articles.noFiles')),
        h('div', { class: 'field' }, h('label', { htmlFor: 'art-file' }, t('console.articles.attach')), input, h('p', { class: 'hint' }, t('console.articles.fileHint'))),
      ),
    );
  }

  function table() {
    if (S.error) return notice('error', errorText(S.error));
    if (!S.items) return notice('loading', t('common.loading'));
    if (!S.items.length) return notice('info', t('articles.empty'));
    const btn = (id, label, fn) => h('button', { type: 'button', class: 'btn btn-link', id, on: { click: fn } }, label);
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table', id: 'art-table' },
        h('caption', { class: 'visually-hidden' }, t('console.articles.listTitle')),
        h('thead', {}, h('tr', {}, ['id', 'kind', 'titleField', 'date', 'state', 'actions'].map((k) => h('th', { scope: 'col' }, t(`console.articles.col.${k}`))))),
        h(
          'tbody',
          {},
          S.items.map((a) =>
            h(
              'tr',
              { dataset: { article: String(a.id) } },
              td(t('console.articles.col.id'), null, String(a.id)),
              td(t('console.articles.col.kind'), null, t(`articles.kind.${a.kind}`)),
              td(t('console.articles.col.titleField'), null, a.title),
              td(t('console.articles.col.date'), 'nowrap', a.publish_date || '—'),
              td(t('console.articles.col.state'), null, h('span', { class: ['badge', `badge-art-${a.state}`] }, t(`console.articles.state.${a.state}`))),
              td(
                t('console.articles.col.actions'),
                'nowrap',
                btn(`art-edit-${a.id}`, t('console.articles.edit'), () => edit(a.id)),
                a.state !== 'published' ? btn(`art-publish-${a.id}`, t('console.articles.publish'), () => setState(a.id, 'publish')) : null,
                a.state === 'published' ? btn(`art-withdraw-${a.id}`, t('console.articles.withdraw'), () => setState(a.id, 'withdraw')) : null,
              ),
            ),
          ),
        ),
      ),
    );
  }

  return {
    reset() {
      S = fresh();
    },
    view() {
      if (!S.items && !S.error && !S.busy) load();
      const list = h('section', { class: 'card', 'aria-labelledby': 'art-list-title' }, h('h2', { id: 'art-list-title' }, t('console.articles.listTitle')), h('p', { class: 'muted' }, t('console.articles.lead')), table());
      const box = h('div', {});
      replace(box, list, form());
      return box;
    },
  };
}
