// SPDX-License-Identifier: Apache-2.0
// 我的信用 › 信用修复培训 (me.html#training): the subject's certificates (GET /api/v1/me/training), the
// courses the office published (GET /api/v1/articles?kind=course), and taking one: its materials,
// then its test, answered here and scored on the server (POST /api/v1/training/courses/{id}/attempts);
// a pass shows the certificate's number, which anyone can check.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { errorText, notice } from './layout.js';
import { richText } from './richtext.js';

/**
 * The training view of me.js. call(path, opts): the API with the subject's key; redraw(): draws the
 * view again. Returns { view(), reset() }.
 */
export function makeTraining({ call, redraw }) {
  const fresh = () => ({ certs: null, courses: null, error: null, busy: false, open: null, answers: [], result: null, formError: null });
  let S = fresh();

  async function load() {
    S.busy = true;
    try {
      const [mine, courses] = await Promise.all([call('/api/v1/me/training'), call('/api/v1/articles', { params: { kind: 'course', limit: 100 } })]);
      S.certs = mine.certificates || [];
      S.courses = courses.items || [];
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }

  async function open(id) {
    S.open = { id, doc: null, error: null };
    S.answers = [];
    S.result = null;
    S.formError = null;
    redraw();
    try {
      S.open.doc = await call(`/api/v1/articles/${encodeURIComponent(id)}`);
      S.answers = new Array((S.open.doc.quiz && S.open.doc.quiz.questions.length) || 0).fill(null);
    } catch (e) {
      S.open.error = e;
    }
    redraw();
    document.getElementById('course-title')?.focus();
  }

  async function submit() {
    const missing = S.answers.findIndex((a) => a == null);
    if (missing >= 0) {
      S.formError = t('training.answerAll', { n: missing + 1 });
      redraw();
      document.getElementById(`q-${missing}-0`)?.focus();
      return;
    }
    S.formError = null;
    S.busy = true;
    redraw();
    try {
      S.result = await call(`/api/v1/training/courses/${encodeURIComponent(S.open.id)}/attempts`, { method: 'POST', json: { answers: S.answers } });
      if (S.result.passed) S.certs = null; // asked again below, with the new certificate
    } catch (e) {
      S.formError = errorText(e);
    }
    S.busy = false;
    if (S.certs === null) await load();
    else redraw();
    document.getElementById('training-result')?.focus();
  }

  function certList() {
    if (!S.certs) return null;
    if (!S.certs.length) return h('p', { class: 'muted', id: 'training-no-cert' }, t('training.noCert'));
    return h(
      'ul',
      { class: 'plain-list cert-list', id: 'training-certs' },
      S.certs.map((c) => h('li', { class: 'cert' }, h('strong', { class: 'code cert-no' }, c.number), ' ', h('span', {}, c.course), ' ', h('span', { class: 'muted small' }, t('training.certDate', { date: c.date })))),
    );
  }

  function courseList() {
    if (!S.courses) return null;
    if (!S.courses.length) return notice('info', t('training.noCourses'));
    return h(
      'ul',
      { class: 'plain-list course-list' },
      S.courses.map((c) => {
        const b = h('button', { type: 'button', class: 'btn btn-primary', id: `course-${c.id}` }, t('training.take'));
        b.addEventListener('click', () => open(c.id));
        return h('li', { class: 'course-item' }, h('span', { class: 'course-name' }, c.title), ' ', b);
      }),
    );
  }

  function question(q, i) {
    const name = `q-${i}`;
    return h(
      'fieldset',
      { class: 'quiz-q', id: `quiz-q-${i}` },
      h('legend', {}, t('training.question', { n: i + 1 }), ' ', q.q),
      q.choices.map((c, j) => {
        const input = h('input', { type: 'radio', name, id: `${name}-${j}`, value: String(j), checked: S.answers[i] === j });
        input.addEventListener('change', () => {
          S.answers[i] = j;
        });
        return h('div', { class: 'quiz-choice' }, input, h('label', { htmlFor: `${name}-${j}` }, c));
      }),
    );
  }

  function resultBox() {
    const r = S.result;
    if (!r) return null;
    const again = h('button', { type: 'button', class: 'btn btn-secondary', id: 'training-again' }, t('training.again'));
    again.addEventListener('click', () => open(S.open.id));
    return h(
      'div',
      { class: ['notice', r.passed ? 'notice-ok' : 'notice-warn'], id: 'training-result', tabIndex: -1, role: 'status' },
      h(
        'div',
        {},
        h('p', {}, h('strong', {}, t(r.passed ? 'training.passed' : 'training.failed')), ' ', t('training.score', { right: r.right, total: r.total, mark: r.pass_mark })),
        r.certificate ? h('p', {}, t('training.certIssued'), ' ', h('strong', { class: 'code', id: 'training-cert-no' }, r.certificate.number)) : null,
        r.passed ? h('p', { class: 'small' }, t('training.certNote')) : again,
      ),
    );
  }

  function courseView() {
    const o = S.open;
    const back = h('button', { type: 'button', class: 'btn btn-link', id: 'training-back' }, t('training.back'));
    back.addEventListener('click', () => {
      S.open = null;
      S.result = null;
      redraw();
    });
    if (o.error) return h('section', { class: 'card' }, back, notice('error', errorText(o.error)));
    if (!o.doc) return notice('loading', t('common.loading'));
    const d = o.doc;
    const form = h('form', { class: 'quiz', id: 'quiz-form', novalidate: true }, (d.quiz ? d.quiz.questions : []).map(question), S.formError ? h('p', { class: 'field-error', role: 'alert', id: 'quiz-error' }, S.formError) : null, h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'quiz-submit', disabled: S.busy }, t('training.submit'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    return h(
      'section',
      { class: 'card course', 'aria-labelledby': 'course-title' },
      back,
      h('h2', { id: 'course-title', tabIndex: -1 }, d.title),
      h('div', { class: 'article-body course-material', lang: 'zh-CN' }, richText(d.html)),
      h('h3', { class: 'h-small' }, t('training.test', { mark: d.quiz ? d.quiz.pass_mark : 0 })),
      S.result ? resultBox() : form,
    );
  }

  return {
    reset() {
      S = fresh();
    },
    view() {
      if (!S.certs && !S.courses && !S.error && !S.busy) load();
      const head = h(
        'section',
        { class: 'card', 'aria-labelledby': 'training-title' },
        h('h2', { id: 'training-title', tabIndex: -1 }, t('training.title')),
        h('p', { class: 'muted' }, t('training.lead')),
        h('h3', { class: 'h-small' }, t('training.certs')),
        certList(),
      );
      if (S.error) return [head, notice('error', errorText(S.error))];
      if (S.open) return [head, courseView()];
      return [head, h('section', { class: 'card', 'aria-labelledby': 'courses-title' }, h('h2', { id: 'courses-title' }, t('training.courses')), S.courses ? courseList() : notice('loading', t('common.loading')))];
    },
  };
}
