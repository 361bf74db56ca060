// SPDX-License-Identifier: Apache-2.0
// The published information catalogue (GET /api/v1/catalog): field names and code-list texts come
// from it, so the pages say what the platform stores. Chinese names are the catalogue's own;
// English ones come from the message catalogue (field.KEY, code.KEY.CODE), else the Chinese stays.
import { api } from './api.js';
import { getLang, has, t } from './i18n.js';

let pending = null;
let catalog = null;

/** Loads the catalogue once per page. */
export function loadCatalog() {
  if (!pending) {
    pending = api('/api/v1/catalog')
      .then((c) => {
        catalog = c;
        return c;
      })
      .catch((e) => {
        pending = null;
        throw e;
      });
  }
  return pending;
}

/** The classes, in catalogue order ([] before loadCatalog() resolves). */
export function classes() {
  return catalog ? catalog.classes : [];
}

function classOf(cls) {
  return classes().find((c) => c.class === cls) || null;
}

function fieldOf(cls, keyOrCode) {
  const c = classOf(cls);
  if (!c) return null;
  return c.fields.find((f) => f.key === keyOrCode || f.code === keyOrCode) || null;
}

/** The short name of a class, from the message catalogue (class.CLASS), else the catalogue's. */
export function className(cls) {
  if (has(`class.${cls}`)) return t(`class.${cls}`);
  const c = classOf(cls);
  if (!c) return cls;
  return getLang() === 'en' ? c.name_en : c.name_zh;
}

/** The name of a field of a class, by its English key or its code. */
export function fieldName(cls, keyOrCode) {
  const f = fieldOf(cls, keyOrCode);
  const key = f ? f.key : keyOrCode;
  if (getLang() === 'en' && has(`field.${key}`)) return t(`field.${key}`);
  if (f) return f.name_zh;
  return has(`field.${key}`) ? t(`field.${key}`) : keyOrCode;
}

/** The field code (e.g. CF_WSH) of a field key, or ''. */
export function fieldCode(cls, key) {
  const f = fieldOf(cls, key);
  return f ? f.code : '';
}

/** The text of a code-list value ("01;03" for multi-valued fields gives "警告、罚款"). */
export function codeText(cls, key, value) {
  if (value == null || value === '') return '';
  const f = fieldOf(cls, key);
  const one = (code) => {
    if (getLang() === 'en' && has(`code.${key}.${code}`)) return t(`code.${key}.${code}`);
    const c = f && f.codes ? f.codes.find((x) => x.code === code) : null;
    return c ? c.text : code;
  };
  if (f && f.type === 'codes') return String(value).split(';').map(one).join(getLang() === 'en' ? ', ' : '、');
  return one(String(value));
}
