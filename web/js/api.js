// SPDX-License-Identifier: Apache-2.0
// Calls to the xinyong HTTP API (docs/api/openapi.yaml). A key, when given, goes in the
// Authorization header as a bearer token, never in the address. Errors are RFC 9457 problem
// documents; they become ApiError with the status and the server's detail.

export class ApiError extends Error {
  constructor(status, title, detail, retryAfter) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title || '';
    this.detail = detail || '';
    this.retryAfter = retryAfter || 0;
  }
}

/**
 * The key that stands for a staff session: requests made with it carry the HttpOnly session cookie
 * (same origin only) and, unless they are GET, the session's CSRF token, instead of a bearer key.
 */
export const SESSION = 'session';
let csrfToken = '';

/** The CSRF token of the signed-in session ('' when none). */
export function setCsrf(token) {
  csrfToken = token || '';
}

/** The address of an API path with its query (null and '' values left out). */
export function apiUrl(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v != null && v !== '') url.searchParams.set(k, String(v));
  }
  return url.pathname + url.search;
}

async function problem(resp) {
  let title = resp.statusText;
  let detail = '';
  try {
    const body = await resp.json();
    title = body.title || title;
    detail = body.detail || '';
  } catch {
    /* not a problem document */
  }
  return new ApiError(resp.status, title, detail, Number(resp.headers.get('Retry-After')) || 0);
}

/**
 * Calls the API and returns the parsed JSON (null for 204).
 * opts: method, params (query), key (API key), json (a body to send as JSON), or body (a Blob or
 * text sent as it is) with contentType, accept, signal, raw (return the Response instead).
 */
export async function api(path, opts = {}) {
  const headers = { Accept: opts.accept || 'application/json' };
  const viaSession = opts.key === SESSION;
  if (viaSession) {
    if ((opts.method || 'GET') !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  } else if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/octet-stream';
    body = opts.body;
  }
  let resp;
  try {
    resp = await fetch(apiUrl(path, opts.params), {
      method: opts.method || 'GET',
      headers,
      body,
      signal: opts.signal,
      credentials: viaSession || opts.session ? 'same-origin' : 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', String(e && e.message ? e.message : e));
  }
  if (!resp.ok) throw await problem(resp);
  if (opts.raw) return resp;
  if (resp.status === 204) return null;
  return resp.json();
}

/**
 * Sends a batch file with XMLHttpRequest, for its upload progress.
 * onProgress(loaded, total) while uploading; onUploaded() when the body is sent and the server
 * checks it. Resolves with the BatchResult; rejects with ApiError.
 */
export function uploadBatch({ key, cls, format, file, contentType, onProgress, onUploaded }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/api/v1/batches', { class: cls, format }));
    if (key === SESSION) {
      xhr.withCredentials = true;
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    } else xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    xhr.setRequestHeader('Content-Type', contentType || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => {
      if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    });
    xhr.upload.addEventListener('load', () => onUploaded && onUploaded());
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new ApiError(xhr.status, (body && body.title) || xhr.statusText, body && body.detail));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', '')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', '')));
    xhr.send(file);
  });
}
