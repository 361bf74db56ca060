// SPDX-License-Identifier: Apache-2.0
// The code checker: paste unified social credit codes, ID numbers or organisation codes, one a
// line; each is judged valid or not, and why, by the rules of DOMAIN.md §1-2 (idcheck.js, the
// same rules as `xinyong id check`). Nothing is sent to the server. ID numbers are shown masked.
import { h, icon, replace, td } from './dom.js';
import { regionName } from './format.js';
import { getLang, t } from './i18n.js';
import { checkId, decomposeUscc, mask, splitValues } from './idcheck.js';
import { boot, notice, pageHead } from './layout.js';

const MAX_VALUES = 500;
const state = { text: '', kind: 'any', results: null, truncated: false };

function shown(value, res) {
  // A personal ID number never appears in full: the value as typed is masked when it is, or
  // could be, one.
  return res.kind === 'ric' ? mask(value) : value;
}

function reason(res) {
  if (res.valid) {
    if (res.kind === 'ric' && res.upgraded) return t('check.ok.upgraded', { code: mask(res.upgraded) });
    return t('check.ok');
  }
  if (res.placeholder) return t('check.rule.placeholder');
  const base = t(`check.rule.${res.kind}.${res.rule}`);
  // The expected check character helps fix a typo in a code; for an ID number it is not shown.
  if (res.rule === 'checksum' && res.expected && res.kind !== 'ric') return `${base} ${t('check.expected', { pos: res.position, want: res.expected })}`;
  return base;
}

function details(res) {
  if (!res.valid) return null;
  if (res.kind === 'uscc') {
    const p = decomposeUscc(res.normalized);
    const n = (x) => (x ? (getLang() === 'en' ? x.en : x.zh) : t('common.unknown'));
    return h(
      'dl',
      { class: 'mini-facts' },
      h('div', {}, h('dt', {}, t('code.part.authority')), h('dd', {}, `${p.authority} ${n(p.authorityName)}`)),
      h('div', {}, h('dt', {}, t('code.part.category')), h('dd', {}, `${p.category} ${n(p.categoryName)}`)),
      h('div', {}, h('dt', {}, t('code.part.region')), h('dd', {}, regionName(p.region).includes(p.region) ? regionName(p.region) : `${regionName(p.region)} (${p.region})`)),
      h('div', {}, h('dt', {}, t('code.part.orgcode')), h('dd', {}, `${p.orgcode.slice(0, 8)}-${p.orgcode.slice(8)}`)),
    );
  }
  if (res.kind === 'ric') {
    const p = res.normalized.slice(0, 2);
    return h('dl', { class: 'mini-facts' }, h('div', {}, h('dt', {}, t('check.province')), h('dd', {}, regionName(`${p}0000`).replace(/ \(\d+\)$/, ''))));
  }
  return h('dl', { class: 'mini-facts' }, h('div', {}, h('dt', {}, t('check.printForm')), h('dd', {}, `${res.normalized.slice(0, 8)}-${res.normalized.slice(8)}`)));
}

function note(res) {
  if (res.inference === 'ambiguous') return t('check.note.ambiguous', { kinds: res.validKinds.map((k) => t(`check.kind.${k}`)).join(getLang() === 'en' ? ', ' : '、') });
  if (res.inference === 'guessed') return t('check.note.guessed', { kind: t(`check.kind.${res.kind}`) });
  return '';
}

let resultsBox = null;
function drawResults() {
  if (!resultsBox) return;
  if (!state.results) {
    replace(resultsBox);
    return;
  }
  if (state.results.length === 0) {
    replace(resultsBox, notice('info', t('check.nothing')));
    return;
  }
  const ok = state.results.filter((r) => r.res.valid).length;
  replace(
    resultsBox,
    h('p', { class: 'result-count', role: 'status' }, t('check.summary', { n: state.results.length, ok, bad: state.results.length - ok })),
    state.truncated ? notice('info', t('check.truncated', { n: MAX_VALUES })) : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table check-table' },
        h('caption', { class: 'visually-hidden' }, t('check.results')),
        h('thead', {}, h('tr', {}, ['check.col.value', 'check.col.result', 'check.col.kind', 'check.col.reason'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          {},
          state.results.map(({ value, res }) =>
            h(
              'tr',
              { class: res.valid ? 'ok' : 'bad' },
              td(t('check.col.value'), 'nowrap', h('span', { class: 'code' }, shown(value, res))),
              td(t('check.col.result'), null, h('span', { class: `verdict ${res.valid ? 'verdict-ok' : 'verdict-bad'}` }, icon(res.valid ? 'check' : 'cross'), t(res.valid ? 'check.valid' : 'check.invalid'))),
              td(t('check.col.kind'), 'col-kind', t(`check.kind.${res.kind}`)),
              td(t('check.col.reason'), null, h('p', { class: 'reason' }, reason(res)), note(res) ? h('p', { class: 'muted small' }, note(res)) : null, details(res)),
            ),
          ),
        ),
      ),
    ),
  );
}

function run() {
  const values = splitValues(state.text);
  state.truncated = values.length > MAX_VALUES;
  state.results = values.slice(0, MAX_VALUES).map((value) => ({ value, res: checkId(value, state.kind) }));
  drawResults();
}

boot({
  page: 'check',
  title: 'check.title',
  render: async (main) => {
    const area = h('textarea', { id: 'codes', name: 'codes', rows: 6, spellcheck: false, autocomplete: 'off', 'aria-describedby': 'codes-hint', value: state.text, placeholder: t('check.placeholder') });
    area.addEventListener('input', () => {
      state.text = area.value;
    });
    const kind = h(
      'select',
      { id: 'kind', name: 'kind' },
      ['any', 'uscc', 'ric', 'orgcode'].map((k) => h('option', { value: k }, t(`check.kind.${k}`))),
    );
    kind.value = state.kind;
    kind.addEventListener('change', () => {
      state.kind = kind.value;
    });
    const form = h(
      'form',
      { class: 'card check-form' },
      h('div', { class: 'field' }, h('label', { htmlFor: 'codes' }, t('check.label')), area, h('p', { id: 'codes-hint', class: 'hint' }, t('check.hint'))),
      h(
        'div',
        { class: 'form-row' },
        h('div', { class: 'field field-inline' }, h('label', { htmlFor: 'kind' }, t('check.kind')), kind),
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('check.button')),
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'check-clear' }, t('check.clear')),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      run();
    });
    form.querySelector('#check-clear').addEventListener('click', () => {
      state.text = '';
      state.results = null;
      area.value = '';
      drawResults();
      area.focus();
    });
    resultsBox = h('div', { class: 'check-results', 'aria-live': 'polite' });
    replace(
      main,
      pageHead(t('check.title'), t('check.lead')),
      h(
        'div',
        { class: 'wrap section' },
        form,
        resultsBox,
        h(
          'section',
          { class: 'card rules', 'aria-labelledby': 'rules-title' },
          h('h2', { id: 'rules-title' }, t('check.rules.title')),
          h('ul', {}, ['uscc', 'ric', 'orgcode'].map((k) => h('li', {}, h('strong', {}, t(`check.kind.${k}`)), ' ', t(`check.rules.${k}`)))),
        ),
      ),
    );
    if (state.results) run();
  },
});
