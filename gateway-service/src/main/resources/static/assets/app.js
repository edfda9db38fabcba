// The dashboard's entry: token, router, live channel.
import * as auth from './auth.js';
import * as live from './live.js';
import { onUnauthorized } from './api.js';
import { h, clear, toast } from './ui.js';
import { renderServers } from './pages/servers.js';
import { renderServer } from './pages/server.js';
import { renderAlertRules } from './pages/alerts.js';
import { renderNotifications } from './pages/notifications.js';

const main = document.getElementById('main');
let cleanup = null;

function loginPage(reason) {
  document.title = 'Sign in — pvepanel';
  const input = h('textarea#token-input', {
    rows: 4, spellcheck: 'false', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help token-error', placeholder: 'eyJhbGciOi…',
  });
  const error = h('p.field-error#token-error', { role: 'alert' }, reason || '');
  const form = h('form.card.login', { 'aria-labelledby': 'login-title', novalidate: true },
    h('h1#login-title', 'Sign in to your servers'),
    h('p#token-help', 'Open the panel from your hosting account, or paste an access token (the local run prints them).'),
    h('label', { for: 'token-input' }, 'Access token'),
    input, error,
    h('div.actions', h('button.primary#login-submit', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = input.value.trim();
    const problem = auth.tokenProblem(t);
    if (problem) {
      error.textContent = problem;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.value = '';
    if (!location.hash || location.hash === '#/login') history.replaceState(null, '', '#/servers');
    auth.setToken(t); // the token listener below renders the page
  });
  return form;
}

function setChrome(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('session').hidden = !signedIn;
}

function highlightNav(name) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  clear(main);
  hideBanner();
  if (!auth.getToken()) {
    setChrome(false);
    live.stop();
    main.append(loginPage());
    return;
  }
  setChrome(true);
  live.start();
  const hash = location.hash || '#/servers';
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = parts[0] || 'servers';
  highlightNav(page === 'server' ? 'servers' : page);
  const ctx = { main, setCleanup: (fn) => { cleanup = fn; } };
  try {
    if (page === 'servers' || page === 'login') await renderServers(ctx);
    else if (page === 'server' && parts[1]) await renderServer(ctx, parts[1], parts[2] || 'overview');
    else if (page === 'alerts') await renderAlertRules(ctx);
    else if (page === 'notifications') await renderNotifications(ctx, parts[1] === 'confirm' ? parts[2] : null);
    else main.append(h('section.card.empty', h('h1', 'Page not found'), h('p', h('a', { href: '#/servers' }, 'Back to your servers'))));
  } catch (e) {
    console.error(e);
    main.append(h('section.card.empty', { role: 'alert' }, h('h1', e.title || 'Could not load this page'), e.detail ? h('p', e.detail) : null));
  }
  main.focus({ preventScroll: true });
}

// ---- token renewal (design §4): token:expiring -> ask the host or show a prompt; new token -> auth frame
const banner = document.getElementById('banner');
function hideBanner() { banner.hidden = true; clear(banner); }

function renewPrompt(message) {
  clear(banner);
  const input = h('input#renew-token', { type: 'password', autocomplete: 'off', 'aria-label': 'New access token', placeholder: 'Paste a new token' });
  const form = h('form.renew', h('span', message), input, h('button.primary', { type: 'submit' }, 'Renew'),
    h('button.ghost', { type: 'button', onclick: hideBanner }, 'Later'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = input.value.trim();
    const problem = auth.tokenProblem(t);
    if (problem) { toast(problem); return; }
    const old = auth.claims();
    const next = auth.decode(t);
    if (old && next && String(old.sub ?? old.id) !== String(next.sub ?? next.id)) {
      toast('That token belongs to another account.', 'error', 'Sign out first to switch accounts.');
      return;
    }
    input.value = '';
    auth.setToken(t);
    hideBanner();
    toast('Session renewed', 'success');
  });
  banner.append(form);
  banner.hidden = false;
}

live.on('token:expiring', () => {
  if (!auth.requestTokenFromHost()) renewPrompt('Your session ends in a minute. Paste a new token to stay signed in.');
});
live.on('error', (f) => {
  if (f.code === 'token-expired' || f.code === 'invalid-token' || f.code === 'auth-timeout') {
    if (auth.hasHost()) auth.requestTokenFromHost();
  }
  if (f.code === 'user-mismatch') toast('That token belongs to another account.');
});
live.on('closed', (f) => {
  if (f.code === 4401) {
    auth.setToken(null);
    route().then(() => {
      const err = document.getElementById('token-error');
      if (err) err.textContent = 'Your session has ended. Sign in again.';
    });
  }
});
let auths = 0;
live.on('auth:ok', () => {
  // each accepted auth frame (first one and renewals), for people and tests to see
  document.getElementById('live-state').dataset.auths = String(++auths);
});
live.on('state', (s) => {
  const el = document.getElementById('live-state');
  el.textContent = s.state;
  el.dataset.state = s.state;
});
onUnauthorized(() => {
  if (auth.requestTokenFromHost()) return;
  renewPrompt('Your session is no longer valid. Paste a new token.');
});

document.getElementById('logout').addEventListener('click', () => {
  live.stop();
  history.replaceState(null, '', '#/login');
  auth.setToken(null);
  route();
});

auth.init();
let hadToken = !!auth.getToken();
auth.onToken((t) => {
  // a token arriving from the host while the login page is shown
  if (t && !hadToken) route();
  hadToken = !!t;
});
window.addEventListener('hashchange', route);
route();
