// The in-page console through the gateway's relay (/ws/console/{session}): xterm.js for LXC
// (termproxy framing), noVNC for QEMU (RFB). The session is one-time, short-lived and bound to
// the user: it is opened with POST, and the socket's first frame carries the user's token.
import { post } from './api.js';
import { getToken } from './auth.js';
import { h, clear, showError } from './ui.js';

const vendor = (p) => new URL(`../vendor/${p}`, import.meta.url).href;
let xtermCss = false;

function wsUrl(url, sessionId) {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
  if (!url) return `${base}/ws/console/${encodeURIComponent(sessionId)}`;
  if (/^wss?:\/\//.test(url)) return url;
  if (/^https?:\/\//.test(url)) return url.replace(/^http/, 'ws');
  return base + (url.startsWith('/') ? url : `/${url}`);
}

export function renderConsole(container, server) {
  const status = h('p.console-status', { role: 'status', 'aria-live': 'polite' }, 'Not connected.');
  const screen = h('div.console-screen', { 'aria-label': `Console of ${server.name}` });
  const connect = h('button.primary#console-connect', { type: 'button' }, 'Connect');
  const disconnect = h('button#console-disconnect', { type: 'button', disabled: true }, 'Disconnect');
  const extra = h('span.console-extra');
  container.append(
    h('div.graph-head', h('h2', 'Console'), h('div.buttons', connect, disconnect, extra)),
    status, screen);
  let session = null;

  const close = () => {
    if (session) session.close();
    session = null;
    connect.disabled = false;
    disconnect.disabled = true;
    clear(extra);
  };

  connect.addEventListener('click', async () => {
    connect.disabled = true;
    status.textContent = 'Opening a console session…';
    let s;
    try {
      s = await post(`/api/server/${encodeURIComponent(server.id)}/console`);
    } catch (e) {
      status.textContent = e.title || 'Could not open the console.';
      showError(e, 'Console');
      connect.disabled = false;
      return;
    }
    clear(screen);
    disconnect.disabled = false;
    const onEnd = (msg) => {
      status.textContent = msg;
      connect.disabled = false;
      disconnect.disabled = true;
      clear(extra);
      session = null;
    };
    try {
      session = s.console === 'novnc'
        ? await openVnc(screen, wsUrl(s.url, s.sessionId), s.vncPassword, status, onEnd, extra)
        : await openXterm(screen, wsUrl(s.url, s.sessionId), status, onEnd);
    } catch (e) {
      console.error(e);
      onEnd('The console library could not be loaded.');
    }
    s = null; // the session (and VNC password) is not kept
  });
  disconnect.addEventListener('click', () => { close(); status.textContent = 'Disconnected.'; });
  return close;
}

// The gateway's console socket: the first frame authenticates (the session id alone is not enough).
function consoleSocket(url) {
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'auth', token: getToken() })));
  return ws;
}

const CLOSE_REASONS = {
  4401: 'Sign in again to open the console.',
  4403: 'The server was deleted or is no longer yours.',
  4408: 'The console was closed after a while without activity. Connect again.',
  4409: 'The console reached its time limit. Connect again.',
  4404: 'The console session expired or was already used. Connect again.',
  4502: 'The server\'s console could not be reached.',
  4503: 'The panel is busy; try again in a moment.',
};

async function openXterm(screen, url, status, onEnd) {
  if (!xtermCss) {
    document.head.append(h('link', { rel: 'stylesheet', href: vendor('xterm/xterm.css') }));
    xtermCss = true;
  }
  const [{ Terminal }, { FitAddon }] = await Promise.all([
    import(vendor('xterm/xterm.mjs')), import(vendor('xterm/addon-fit.mjs'))]);
  const term = new Terminal({ cursorBlink: true, convertEol: false, fontSize: 14, scrollback: 2000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', theme: { background: '#0f172a' } });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(screen);
  try { fit.fit(); } catch { /* hidden */ }
  const ws = consoleSocket(url);
  ws.binaryType = 'arraybuffer';
  const enc = new TextEncoder();
  let keepAlive = null;
  let ended = false;
  const resize = () => {
    try { fit.fit(); } catch { /* ignore */ }
    if (ws.readyState === WebSocket.OPEN) ws.send(`1:${term.cols}:${term.rows}:`);
  };
  status.textContent = 'Connecting…';
  ws.onopen = () => {
    status.textContent = 'Connected.';
    ws.send(`1:${term.cols}:${term.rows}:`);
    keepAlive = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('2'), 30000);
    term.focus();
  };
  ws.onmessage = (e) => term.write(typeof e.data === 'string' ? e.data : new Uint8Array(e.data));
  ws.onclose = (e) => {
    clearInterval(keepAlive);
    window.removeEventListener('resize', resize);
    if (!ended) onEnd(CLOSE_REASONS[e.code] || 'The console was closed.');
    ended = true;
  };
  const dataSub = term.onData((d) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(`0:${enc.encode(d).length}:${d}`);
  });
  window.addEventListener('resize', resize);
  return {
    close() {
      ended = true;
      clearInterval(keepAlive);
      window.removeEventListener('resize', resize);
      dataSub.dispose();
      try { ws.close(1000); } catch { /* ignore */ }
      term.dispose();
    },
  };
}

async function openVnc(screen, url, password, status, onEnd, extra) {
  const { default: RFB } = await import(vendor('novnc/core/rfb.js'));
  status.textContent = 'Connecting…';
  const rfb = new RFB(screen, consoleSocket(url), { credentials: { password: password || '' } });
  rfb.scaleViewport = true;
  rfb.resizeSession = false;
  let ended = false;
  rfb.addEventListener('connect', () => { status.textContent = 'Connected.'; rfb.focus(); });
  rfb.addEventListener('disconnect', (e) => {
    if (!ended) onEnd(e.detail.clean ? 'The console was closed.' : 'The console connection was lost.');
    ended = true;
  });
  rfb.addEventListener('credentialsrequired', () => rfb.sendCredentials({ password: password || '' }));
  rfb.addEventListener('securityfailure', (e) => { status.textContent = `Console refused: ${e.detail.reason || 'security failure'}`; });
  extra.append(h('button', { type: 'button', 'aria-label': 'Send Ctrl+Alt+Del', onclick: () => rfb.sendCtrlAltDel() }, 'Ctrl+Alt+Del'));
  return { close() { ended = true; try { rfb.disconnect(); } catch { /* ignore */ } } };
}
