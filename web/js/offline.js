// SPDX-License-Identifier: Apache-2.0
// The page the service worker (sw.js) shows when there is no network and no kept copy of the page
// asked for: says so, and offers to try again. Credit data are never shown from a cache.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { boot, pageHead } from './layout.js';

boot({
  page: null,
  title: 'offline.title',
  render(main) {
    const retry = h('button', { type: 'button', class: 'btn btn-primary', id: 'offline-retry' }, t('offline.retry'));
    retry.addEventListener('click', () => window.location.reload());
    replace(main, pageHead(t('offline.title'), t('offline.lead')), h('div', { class: 'wrap section' }, h('p', {}, t('offline.why')), retry));
  },
});
