// SPDX-License-Identifier: Apache-2.0
// The cases of joint reward and punishment (奖惩案例, cases.html): what the credit office published of
// the measures the approval departments took (GET /api/v1/cases), oldest first, paged with
// next_cursor. Each case shows whether it rewarded or punished, the measure in words with its legal
// basis and memorandum, the subject (an organisation by name and code, linked to its page; a person is
// never named), the department, the matter (named from GET /api/v1/matters) and the dates.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { actionText, kindText } from './jrp.js';
import { boot, errorText, notice, pageHead } from './layout.js';

const PAGE = 20;
const KINDS = ['reward', 'punish'];

const state = { items: [], next: null, loaded: false, loading: false, error: null };
/** The administrative matters (code -> name), to name a case's matter; null until known. */
let matterNames = null;
let box = null;

/** YYYY-MM-DD of a time the server gives (UTC), in the reader's time zone. */
function day(iso) {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

const fact = (label, value, cls) => (value == null || value === '' ? null : h('div', { class: cls || null }, h('dt', {}, label), h('dd', {}, value)));

function subjectText(c) {
  if (!c.subject_name) return h('span', { class: 'muted' }, t('cases.person'));
  if (c.subject_uscc) return h('a', { href: `/subject.html?id=${encodeURIComponent(c.subject_uscc)}`, class: 'case-subject-link' }, c.subject_name);
  return c.subject_name;
}

function matterText(code) {
  const name = matterNames && matterNames.get(code);
  return name ? t('cases.matterName', { name, code }) : code;
}

function caseCard(c) {
  const kind = KINDS.includes(c.kind) ? c.kind : 'other';
  const titleId = `case-${c.id}-title`;
  const memo = c.memo || {};
  return h(
    'li',
    { class: ['card', 'case', `case-${kind}`], dataset: { case: String(c.id), kind } },
    h(
      'article',
      { 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'case-head' },
        h('span', { class: ['badge', 'badge-action', `badge-action-${kind}`, 'case-kind'] }, kindText(c.kind)),
        h('span', { class: 'case-no muted small' }, t('cases.no', { id: c.id })),
      ),
      h('h2', { class: 'case-title', id: titleId, tabIndex: -1 }, c.title),
      h('p', { class: 'case-summary' }, c.summary),
      h(
        'div',
        { class: ['case-measure', `case-measure-${kind}`] },
        h('span', { class: 'case-measure-label' }, t('cases.measure')),
        h('span', { class: 'case-measure-body' }, h('span', { class: ['badge', 'badge-action', 'case-action'] }, actionText(c.action)), ' ', h('span', { class: 'case-measure-text' }, c.measure)),
      ),
      h(
        'dl',
        { class: 'facts case-facts' },
        fact(t('cases.subject'), subjectText(c), 'case-subject'),
        c.subject_uscc ? fact(t('cases.code'), h('span', { class: 'code' }, c.subject_uscc), 'case-code') : null,
        fact(t('cases.dept'), c.dept_uscc ? h('span', { class: 'code case-dept' }, c.dept_uscc) : null),
        fact(t('cases.matter'), c.matter ? h('span', { class: 'case-matter' }, matterText(c.matter)) : null),
        fact(t('jrp.legalBasis'), h('span', { class: 'jrp-basis case-basis' }, c.legal_basis), 'wide'),
        memo.doc_no || memo.title
          ? fact(
              t('jrp.memo'),
              h('span', { class: 'case-memo' }, memo.doc_no ? h('span', { class: 'case-memo-no' }, memo.doc_no) : null, memo.title ? h('span', { class: 'case-memo-title block' }, t('jrp.memoTitle', { title: memo.title })) : null),
              'wide',
            )
          : null,
        fact(t('cases.outcome'), c.outcome, 'case-outcome'),
        fact(t('cases.appliedAt'), day(c.applied_at), 'case-applied'),
        fact(t('cases.publishedAt'), day(c.published_at), 'case-published'),
      ),
    ),
  );
}

function draw() {
  if (!box) return;
  const parts = [];
  if (state.loaded && !state.error)
    parts.push(h('p', { class: 'result-count', role: 'status', id: 'cases-status', tabIndex: -1 }, state.next ? t('cases.countMore', { n: state.items.length }) : t('cases.count', { n: state.items.length })));
  if (state.error) {
    const again = h('button', { type: 'button', class: 'btn btn-secondary', id: 'cases-retry' }, t('cases.retry'));
    again.addEventListener('click', () => load(true));
    parts.push(notice('error', errorText(state.error), again));
  }
  if (state.loaded && !state.items.length && !state.error) parts.push(notice('info', t('cases.empty')));
  if (state.items.length) parts.push(h('ul', { class: 'case-list', 'aria-label': t('cases.listLabel') }, state.items.map(caseCard)));
  if (state.loading) parts.push(notice('loading', t('common.loading')));
  else if (state.next && !state.error) {
    const more = h('button', { type: 'button', class: 'btn btn-secondary load-more', id: 'cases-more' }, t('common.loadMore'));
    more.addEventListener('click', () => load(true));
    parts.push(h('div', { class: 'more-row' }, more));
  }
  replace(box, parts);
}

/** Loads the next page; more: asked by the reader (加载更多, 重试), who then goes on at what it brought. */
async function load(more = false) {
  if (state.loading) return;
  state.loading = true;
  state.error = null;
  draw();
  // The matters name a case's matter; without them the code shows.
  if (!matterNames) {
    api('/api/v1/matters')
      .then((r) => {
        matterNames = new Map(((r && r.items) || []).map((m) => [m.code, m.name]));
        if (!state.loading) draw();
      })
      .catch(() => null);
  }
  const from = state.items.length;
  try {
    const page = await api('/api/v1/cases', { params: { limit: PAGE, cursor: state.next } });
    state.items = state.items.concat(page.items || []);
    state.next = page.next_cursor || null;
    state.loaded = true;
  } catch (e) {
    state.error = e;
  }
  state.loading = false;
  draw();
  // The button is gone: the focus goes to the first case brought, or to 重试.
  if (more && state.items.length > from) document.getElementById(`case-${state.items[from].id}-title`)?.focus();
  else if (more && state.error) document.getElementById('cases-retry')?.focus();
  else if (more) document.getElementById('cases-status')?.focus();
}

boot({
  page: 'cases',
  title: 'cases.title',
  render: async (main) => {
    box = h('div', { class: 'cases-box' });
    replace(main, pageHead(t('cases.title'), t('cases.lead')), h('div', { class: 'wrap section' }, h('p', { class: 'muted small' }, t('cases.note')), box));
    draw();
    if (!state.loaded && !state.loading && !state.error) await load();
  },
});
