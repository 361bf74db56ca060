// SPDX-License-Identifier: Apache-2.0
// Credit reports in the portal and the console: a form that asks for the authorised edition (the
// subject's own in 我的信用, a walk-in applicant's at the office's counter) and saves the PDF, and
// the download link of a public edition. The report is numbered, signed and registered by the server.
import { api } from './api.js';
import { h, icon, replace } from './dom.js';
import { t } from './i18n.js';
import { notice } from './layout.js';

/** Saves a blob under a file name, as a download. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}

/**
 * A card that issues an authorised report: key (the caller's API key), subject (its code, or null to
 * ask for it), applicant (true: the office at its counter names the walk-in applicant), id (prefix of
 * the elements' ids).
 */
export function reportForm({ key, subject, applicant, id }) {
  const status = h('div', { id: `${id}-status`, role: 'status' });
  const code = subject ? null : h('input', { id: `${id}-subject`, type: 'text', class: 'code', required: true, autocomplete: 'off', maxLength: 64 });
  const who = applicant ? h('input', { id: `${id}-applicant`, type: 'text', required: true, maxLength: 60, autocomplete: 'off' }) : null;
  const purpose = h('input', { id: `${id}-purpose`, type: 'text', required: true, maxLength: 100, autocomplete: 'off' });
  const button = h('button', { type: 'submit', class: 'btn', id: `${id}-issue` }, icon('download'), t('report.issue'));
  const form = h(
    'form',
    { class: 'form-grid report-form', id: `${id}-form`, noValidate: true },
    code ? h('div', { class: 'field' }, h('label', { htmlFor: `${id}-subject` }, t('report.subject')), code) : null,
    who ? h('div', { class: 'field' }, h('label', { htmlFor: `${id}-applicant` }, t('report.applicant')), who, h('p', { class: 'hint' }, t('report.applicantHint'))) : null,
    h('div', { class: 'field' }, h('label', { htmlFor: `${id}-purpose` }, t('report.purpose')), purpose, h('p', { class: 'hint' }, t('report.purposeHint'))),
    h('div', { class: 'form-actions' }, button),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const subj = subject || code.value.trim();
    if (!subj || !purpose.value.trim() || (who && !who.value.trim())) {
      replace(status, notice('error', t('report.missing')));
      return;
    }
    button.disabled = true;
    replace(status, notice('loading', t('report.issuing')));
    try {
      const resp = await api('/api/v1/reports', {
        method: 'POST',
        key,
        accept: 'application/pdf',
        raw: true,
        json: { subject: subj, edition: 'authorised', purpose: purpose.value.trim(), ...(who ? { applicant: who.value.trim() } : {}) },
      });
      const blob = await resp.blob();
      saveBlob(blob, `${t('report.fileName')}-${subj}.pdf`);
      replace(status, notice('ok', t('report.done')));
    } catch (err) {
      replace(status, notice('error', err.detail || err.message));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card report-card', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, t('report.title')), h('p', { class: 'muted' }, t(applicant ? 'report.leadOffice' : 'report.leadMine')), form, status);
}
