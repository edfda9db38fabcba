// The bearer token: pasted on the login page, or handed over by the hosting site (a `#token=`
// fragment when it opens the dashboard, or a postMessage from the page that embeds/opened it).
// Kept in memory and in sessionStorage (this tab only; gone when the tab closes), never in the
// HTML, a cookie or localStorage.

const KEY = 'pvepanel.token';
let token = null;
const listeners = new Set();

export function decode(jwt) {
  try {
    const part = jwt.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(decodeURIComponent(escape(json)));
  } catch {
    return null;
  }
}

/** A problem with the token as a string, or null if it looks usable. */
export function tokenProblem(jwt) {
  if (!jwt || jwt.split('.').length !== 3) return 'That is not a token (expected three dot-separated parts).';
  const claims = decode(jwt);
  if (!claims) return 'The token cannot be read.';
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return 'This token has expired.';
  return null;
}

export function getToken() {
  return token;
}

export function claims() {
  return token ? decode(token) : null;
}

export function setToken(jwt) {
  token = jwt || null;
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch { /* storage disabled: memory only */ }
  for (const l of listeners) l(token);
}

export function onToken(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function allowedOrigins() {
  const meta = document.querySelector('meta[name="pvepanel-token-origins"]');
  return (meta?.content || '').split(/\s+/).filter(Boolean);
}

function host() {
  if (window.parent && window.parent !== window) return window.parent;
  if (window.opener) return window.opener;
  return null;
}

/** True when a hosting site could give us a token (embedded, or opened by it, and allowed). */
export function hasHost() {
  return !!host() && allowedOrigins().length > 0;
}

/** Asks the hosting site for a fresh token; it answers with {type:'pvepanel:token', token}. */
export function requestTokenFromHost() {
  const target = host();
  if (!target) return false;
  for (const origin of allowedOrigins()) {
    try { target.postMessage({ type: 'pvepanel:token-request' }, origin); } catch { /* ignore */ }
  }
  return allowedOrigins().length > 0;
}

export function init() {
  // 1. #token=... from the hosting site's link: taken and removed from the address bar at once.
  const m = /^#token=([^&]+)(?:&next=(.*))?$/.exec(location.hash);
  if (m) {
    const next = m[2] ? decodeURIComponent(m[2]) : '#/servers';
    history.replaceState(null, '', location.pathname + location.search + (next.startsWith('#/') ? next : '#/servers'));
    if (!tokenProblem(decodeURIComponent(m[1]))) setToken(decodeURIComponent(m[1]));
  }
  // 2. this tab's earlier token.
  if (!token) {
    try {
      const saved = sessionStorage.getItem(KEY);
      if (saved && !tokenProblem(saved)) token = saved;
      else if (saved) sessionStorage.removeItem(KEY);
    } catch { /* ignore */ }
  }
  // 3. postMessage from an allowed origin of the hosting site, now or later (renewals).
  window.addEventListener('message', (e) => {
    if (!allowedOrigins().includes(e.origin)) return;
    const d = e.data;
    if (d && d.type === 'pvepanel:token' && typeof d.token === 'string' && !tokenProblem(d.token)) {
      setToken(d.token);
    }
  });
  if (!token) requestTokenFromHost();
}
