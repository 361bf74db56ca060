// SPDX-License-Identifier: Apache-2.0
// One article (article.html?id=): its title, kind and date, its text as the server rendered it from
// Markdown (richtext.js), its attachments as downloads; a training course points to 我的信用, where it
// is taken.
import { api, apiUrl } from './api.js';
import { bytes } from './format.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, errorText, notice, pageHead, setTitle } from './layout.js';
import { richText } from './richtext.js';

const id = new URLSearchParams(location.search).get('id') || '';
let doc = null;
let failure = null;

function files(a) {
  if (!a.files || !a.files.length) return null;
  return h(
    'section',
    { class: 'article-files', 'aria-labelledby': 'article-files-title' },
    h('h2', { id: 'article-files-title', class: 'h-small' }, t('article.files')),
    h(
      'ul',
      { class: 'plain-list file-list' },
      a.files.map((f) =>
        h('li', { class: 'file-item' }, icon('doc'), ' ', h('a', { href: apiUrl(`/api/v1/articles/${encodeURIComponent(a.id)}/files/${f.seq}`), download: f.name, class: 'article-file' }, f.name), h('span', { class: 'muted small' }, ` (${bytes(f.size)})`)),
      ),
    ),
  );
}

function view(a) {
  const course = a.kind === 'course';
  return [
    pageHead(a.title, null, h('p', { class: 'article-meta' }, h('span', { class: ['badge', `badge-kind-${a.kind}`] }, t(`articles.kind.${a.kind}`)), ' ', h('span', {}, a.publish_date ? t('articles.published', { date: a.publish_date }) : null))),
    h(
      'div',
      { class: 'wrap section' },
      h('p', { class: 'crumbs' }, h('a', { href: `/articles.html?kind=${encodeURIComponent(a.kind)}` }, t('article.back', { kind: t(`articles.kind.${a.kind}`) }))),
      a.summary ? h('p', { class: 'lead article-lead' }, a.summary) : null,
      h('div', { class: 'card article-body', id: 'article-body', lang: 'zh-CN' }, richText(a.html)),
      files(a),
      course ? h('div', { class: 'notice notice-info article-course', role: 'note' }, h('div', {}, h('p', {}, t('article.course', { n: (a.quiz && a.quiz.questions && a.quiz.questions.length) || 0, mark: (a.quiz && a.quiz.pass_mark) || 0 })), h('p', {}, h('a', { class: 'btn btn-primary', href: `/me.html#training`, id: 'take-course' }, t('article.takeCourse'))))) : null,
    ),
  ];
}

boot({
  page: 'articles',
  title: () => (doc ? doc.title : t('articles.title')),
  render: async (main) => {
    if (!doc && !failure) {
      try {
        if (!/^[1-9][0-9]{0,17}$/.test(id)) throw Object.assign(new Error('bad id'), { status: 404 });
        doc = await api(`/api/v1/articles/${id}`);
      } catch (e) {
        failure = e;
      }
    }
    if (doc) {
      setTitle(doc.title);
      replace(main, view(doc));
    } else {
      replace(main, pageHead(t('articles.title'), null), h('div', { class: 'wrap section' }, notice('error', failure && failure.status === 404 ? t('article.notFound') : errorText(failure)), h('p', {}, h('a', { href: '/articles.html' }, t('article.toList')))));
    }
  },
});
