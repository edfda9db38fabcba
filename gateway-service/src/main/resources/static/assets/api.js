// fetch() against the gateway with the bearer token; errors become ApiError carrying the
// problem+json fields (title, detail, field, errors, status).
import { getToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || null;
    this.field = problem.field || null;
    this.errors = problem.errors || [];
    this.type = problem.type || null;
  }
}

let unauthorized = () => {};
export function onUnauthorized(fn) { unauthorized = fn; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { title: 'The panel cannot be reached', detail: 'Check your connection and try again.' });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? data : { title: res.statusText || `HTTP ${res.status}` };
    if (res.status === 429 && !problem.detail) {
      problem.detail = `Too many requests; try again in ${res.headers.get('Retry-After') || 'a few'} seconds.`;
    }
    const err = new ApiError(res.status, problem);
    if (res.status === 401) unauthorized(err);
    throw err;
  }
  return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b ?? {});
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);
