// SPDX-License-Identifier: Apache-2.0
// The console's 培训覆盖率 view for the credit office (GET /api/v1/admin/training/coverage): the
// subjects on the black and watch lists, those of them with a repair-training certificate, and the
// rate against the demonstration-city target of 50 % (DOMAIN.md section 7).
import { h } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { errorText, notice } from './layout.js';

/** call(path): the API with the office's key; redraw(): draws the view again. Returns { view(), reset() }. */
export function makeCoverage({ call, redraw }) {
  let S = { data: null, error: null, busy: false };
  async function load() {
    S.busy = true;
    try {
      S.data = await call('/api/v1/admin/training/coverage');
    } catch (e) {
      S.error = e;
    }
    S.busy = false;
    redraw();
  }
  return {
    reset() {
      S = { data: null, error: null, busy: false };
    },
    view() {
      if (!S.data && !S.error && !S.busy) load();
      const d = S.data;
      const body = S.error
        ? notice('error', errorText(S.error))
        : !d
          ? notice('loading', t('common.loading'))
          : [
              h(
                'dl',
                { class: 'facts coverage-facts' },
                h('div', {}, h('dt', {}, t('coverage.listed')), h('dd', { id: 'coverage-listed' }, formatNumber(d.listed))),
                h('div', {}, h('dt', {}, t('coverage.trained')), h('dd', { id: 'coverage-trained' }, formatNumber(d.trained))),
                h('div', {}, h('dt', {}, t('coverage.rate')), h('dd', { id: 'coverage-rate' }, h('strong', {}, `${d.rate}%`), ' ', h('span', { class: ['badge', d.met ? 'badge-active' : 'badge-overdue'] }, t(d.met ? 'coverage.met' : 'coverage.notMet', { target: d.target })))),
              ),
              h('p', { class: 'muted small' }, t('coverage.note')),
            ];
      return h('section', { class: 'card', 'aria-labelledby': 'coverage-title' }, h('h2', { id: 'coverage-title', tabIndex: -1 }, t('coverage.title')), h('p', { class: 'muted' }, t('coverage.lead')), body);
    },
  };
}
