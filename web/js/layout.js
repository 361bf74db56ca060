// SPDX-License-Identifier: Apache-2.0
// The frame every page shares: skip link, header with the site name and language switch, the main
// navigation (a menu button on narrow screens), the footer; and boot(), which loads the messages,
// draws the frame and the page, and draws both again when the language changes.
import { h, icon, replace } from './dom.js';
import { reasonText } from './format.js';
import { getLang, initI18n, onLangChange, setLang, t } from './i18n.js';

const NAV = [
  ['home', '/', 'nav.home'],
  ['search', '/search.html', 'nav.search'],
  ['publicity', '/publicity.html', 'nav.publicity'],
  ['red', '/lists.html?type=red', 'nav.red'],
  ['black', '/lists.html?type=black', 'nav.black'],
  ['watch', '/lists.html?type=watch', 'nav.watch'],
  ['commitments', '/commitments.html', 'nav.commitments'],
  ['cases', '/cases.html', 'nav.cases'],
  ['articles', '/articles.html', 'nav.articles'],
  ['check', '/check.html', 'nav.check'],
  ['me', '/me.html', 'nav.me'],
  ['console', '/console.html', 'nav.console'],
];

function header(current) {
  const other = getLang() === 'zh' ? 'en' : 'zh';
  const list = h(
    'ul',
    { class: 'nav-list', id: 'nav-list' },
    NAV.map(([id, href, key]) =>
      h('li', {}, h('a', { href, 'aria-current': id === current ? 'page' : null }, t(key))),
    ),
  );
  const toggle = h(
    'button',
    { type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav-list' },
    icon('menu'),
    h('span', {}, t('nav.menu')),
  );
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    list.classList.toggle('open', open);
  });
  const langButton = h(
    'button',
    { type: 'button', class: 'lang-switch', lang: other === 'zh' ? 'zh-CN' : 'en', id: 'lang-switch' },
    icon('globe'),
    h('span', {}, t('lang.switch')),
  );
  langButton.addEventListener('click', () => setLang(other));
  return [
    h('a', { class: 'skip-link', href: '#main' }, t('nav.skip')),
    h(
      'header',
      { class: 'site-header' },
      h('div', { class: 'topbar' }, h('div', { class: 'wrap topbar-inner' }, h('span', {}, t('site.topbar')), langButton)),
      h(
        'div',
        { class: 'brand' },
        h(
          'div',
          { class: 'wrap brand-inner' },
          h(
            'a',
            { class: 'brand-link', href: '/' },
            h('img', { src: '/img/logo.svg', alt: '', width: 48, height: 48 }),
            h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('site.name')), h('span', { class: 'brand-sub' }, t('site.subtitle'))),
          ),
        ),
      ),
      h('nav', { class: 'mainnav', 'aria-label': t('nav.label') }, h('div', { class: 'wrap' }, toggle, list)),
    ),
  ];
}

function footer() {
  return h(
    'footer',
    { class: 'site-footer' },
    h(
      'div',
      { class: 'wrap footer-inner' },
      h('p', {}, t('footer.owner')),
      h('p', {}, t('footer.data')),
      h(
        'p',
        { class: 'footer-links' },
        h('a', { href: '/check.html' }, t('nav.check')),
        ' · ',
        h('a', { href: '/me.html' }, t('nav.me')),
        ' · ',
        h('a', { href: '/console.html' }, t('nav.console')),
        ' · ',
        h('a', { href: '/api/v1/catalog' }, t('footer.catalog')),
      ),
    ),
  );
}

/**
 * Starts a page: page (nav id), title (a message key or a function giving the title), render(main)
 * draws the page's content (again on each language switch; keep state outside it).
 */
export async function boot({ page, title, render }) {
  await initI18n();
  const top = document.getElementById('app-header') || document.body.insertBefore(h('div', { id: 'app-header' }), document.body.firstChild);
  const main = document.getElementById('main');
  const bottom = document.getElementById('app-footer') || document.body.appendChild(h('div', { id: 'app-footer' }));
  const draw = async () => {
    replace(top, header(page));
    replace(bottom, footer());
    setTitle(typeof title === 'function' ? title() : t(title));
    await render(main);
  };
  onLangChange(async () => {
    await draw();
    const sw = document.getElementById('lang-switch');
    if (sw) sw.focus();
  });
  await draw();
  document.body.classList.add('ready');
  registerWorker();
}

/** Installs the service worker (sw.js: the installable app and its offline page). A browser without
 * one, or one that refuses it (a private window), gets the same site without the offline page. */
function registerWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** Sets the document title: "PAGE - 信用武汉". */
export function setTitle(pageTitle) {
  document.title = pageTitle ? `${pageTitle} - ${t('site.name')}` : `${t('site.name')} - ${t('site.subtitle')}`;
}

/** A standard page heading block with an optional lead text. */
export function pageHead(title, lead, ...extra) {
  return h('div', { class: 'page-head' }, h('div', { class: 'wrap' }, h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null, extra));
}

/** A status line for loading, empty and error states (announced to screen readers). */
export function notice(kind, text, ...more) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, kind === 'error' ? icon('warn') : null, h('div', {}, h('p', {}, text), more));
}

/** The text of an error for people: the status meaning and the server's detail, in the reader's language
 * when the detail is bilingual (中文 (English)). */
export function errorText(e) {
  if (!e) return t('error.generic');
  if (e.status === 0) return t('error.network');
  const base = t(`error.http.${e.status}`) !== `error.http.${e.status}` ? t(`error.http.${e.status}`) : t('error.generic');
  return e.detail ? `${base} (${reasonText(e.detail)})` : base;
}
