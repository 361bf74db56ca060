// SPDX-License-Identifier: Apache-2.0
// The message catalogues (web/i18n/zh.json, web/i18n/en.json) and the page language. Chinese
// first: the language is zh unless the visitor chose English (kept in localStorage) or the address
// says ?lang=en. Every text the pages show comes from t(); data from the API is shown as it is.

export const LANGS = Object.freeze({ zh: 'zh-CN', en: 'en' });
const STORE_KEY = 'xy.lang';

let lang = initialLang();
let messages = {};
const listeners = new Set();
const loaded = new Map();

function stored() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && LANGS[fromUrl]) {
    try {
      localStorage.setItem(STORE_KEY, fromUrl);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    return fromUrl;
  }
  const s = stored();
  return s && LANGS[s] ? s : 'zh';
}

async function fetchCatalogue(l) {
  if (!loaded.has(l)) {
    const url = new URL(`../i18n/${l}.json`, import.meta.url);
    loaded.set(
      l,
      fetch(url, { credentials: 'same-origin' }).then((r) => {
        if (!r.ok) throw new Error(`message catalogue ${l}: HTTP ${r.status}`);
        return r.json();
      }),
    );
  }
  return loaded.get(l);
}

/** Loads the catalogue of the current language and sets <html lang>. */
export async function initI18n() {
  messages = await fetchCatalogue(lang);
  document.documentElement.lang = LANGS[lang];
}

/** The current language: 'zh' or 'en'. */
export function getLang() {
  return lang;
}

/** Switches the language, keeps the choice and tells every listener. */
export async function setLang(l) {
  if (!LANGS[l] || l === lang) return;
  messages = await fetchCatalogue(l);
  lang = l;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    /* not kept */
  }
  document.documentElement.lang = LANGS[l];
  for (const fn of listeners) await fn(l);
}

/** Calls fn(lang) after every language switch. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Whether the catalogue has a message for key. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

/**
 * The message for key with {name} placeholders replaced from vars (numbers formatted for the
 * language). A missing key shows as the key itself, so it is noticed.
 */
export function t(key, vars) {
  const m = has(key) ? messages[key] : key;
  if (!vars) return m;
  return m.replace(/\{(\w+)\}/g, (all, name) => {
    if (!Object.prototype.hasOwnProperty.call(vars, name)) return all;
    const v = vars[name];
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

/** A number formatted for the current language. */
export function formatNumber(n) {
  return new Intl.NumberFormat(LANGS[lang]).format(n);
}
