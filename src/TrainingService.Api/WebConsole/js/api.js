// The public API as the console calls it: the key from session storage as X-Api-Key on every call, problem details
// turned into ApiError (status, title, detail, errors keyed by JSON path).
const keyStorage = 'trainingservice.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(keyStorage); },
  signIn(key) { sessionStorage.setItem(keyStorage, key); },
  signOut() { sessionStorage.removeItem(keyStorage); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function problemOf(response) {
  const text = await response.text();
  try { return JSON.parse(text); } catch { return { title: `HTTP ${response.status}`, detail: text.slice(0, 300) }; }
}

export async function request(method, path, body, { signal, key = session.key } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers['X-Api-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (response.status === 401) window.dispatchEvent(new CustomEvent('console:unauthorized'));
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.blob();
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

export const query = (values) => {
  const parts = Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return parts.length ? '?' + new URLSearchParams(parts).toString() : '';
};

/// Uploads a file as multipart form data with XMLHttpRequest, whose upload events report progress (fetch has none).
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-Api-Key', session.key ?? '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = { title: `HTTP ${xhr.status}` }; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body); else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: 'The upload failed: no answer from the server.' })));
    xhr.send(formData);
  });
}

/// Downloads a response body as a file: the key goes in a header, so a plain link cannot carry it.
export async function download(path, fileName) {
  const blob = await get(path);
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
