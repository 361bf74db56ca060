// SPDX-License-Identifier: Apache-2.0
// An article's text as the server rendered it from Markdown (cmark, raw HTML refused there), put on
// the page without innerHTML: the HTML is parsed by DOMParser (which runs nothing) and rebuilt with
// h() from a short list of elements and attributes, so that even a server bug could not bring a
// script, a style, an event attribute or a javascript: link onto the portal. Headings move one level
// down: the page's own title is the only h1.
import { h } from './dom.js';

const KEEP = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'hr', 'br', 'del', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const HEADING = /^h([1-6])$/;
const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

function rebuild(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = node.tagName.toLowerCase();
  const kids = Array.from(node.childNodes, rebuild);
  const m = HEADING.exec(tag);
  if (m) return h(`h${Math.min(Number(m[1]) + 1, 6)}`, {}, kids);
  if (tag === 'a') {
    const href = (node.getAttribute('href') || '').trim();
    if (!SAFE_URL.test(href)) return h('span', {}, kids);
    const external = /^https?:/i.test(href);
    return h('a', { href, rel: external ? 'noopener noreferrer' : null, target: external ? '_blank' : null }, kids);
  }
  if (tag === 'ol') return h('ol', { start: /^[0-9]{1,6}$/.test(node.getAttribute('start') || '') ? node.getAttribute('start') : null }, kids);
  if (KEEP.has(tag)) return h(tag, {}, kids);
  // Anything else (an image, a tag the list does not name): its text only.
  return kids;
}

/** The nodes of html (a string from the server), rebuilt from the allowed elements only. */
export function richText(html) {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html || ''}`, 'text/html');
  return Array.from(doc.body.childNodes, rebuild);
}
