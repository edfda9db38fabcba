// The live channel (/ws, design §4): one socket per tab. Authenticates with the first frame,
// renews with a new `auth` frame when the token changes, re-subscribes after a reconnect.
import { getToken, onToken } from './auth.js';

const handlers = new Map(); // type -> Set(fn)
const servers = new Map(); // serverId -> refcount
const operations = new Set();
let ws = null;
let authed = false;
let retry = 0;
let pingTimer = null;
let reconnectTimer = null;
let stopped = true;

export function on(type, fn) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(fn);
  return () => handlers.get(type).delete(fn);
}

function emit(type, frame) {
  for (const fn of handlers.get(type) || []) {
    try { fn(frame); } catch (e) { console.error(e); }
  }
  for (const fn of handlers.get('*') || []) {
    try { fn(frame); } catch (e) { console.error(e); }
  }
}

function send(frame) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function state(s) { emit('state', { type: 'state', state: s }); }

/**
 * Connects unless connected or connecting already: the router calls this on every page, and each
 * extra socket would stay open beside the current one (the gateway caps sockets per user).
 */
export function start() {
  if (!stopped && ws) return;
  stopped = false;
  clearTimeout(reconnectTimer);
  connect();
}

export function stop() {
  stopped = true;
  clearTimeout(reconnectTimer);
  clearInterval(pingTimer);
  if (ws) ws.close(1000);
  ws = null;
  authed = false;
  servers.clear();
  operations.clear();
  state('offline');
}

function connect() {
  if (stopped || !getToken()) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const sock = new WebSocket(url);
  ws = sock;
  authed = false;
  state('connecting');
  sock.onopen = () => {
    sock.send(JSON.stringify({ type: 'auth', token: getToken() }));
  };
  sock.onmessage = (e) => {
    let f;
    try { f = JSON.parse(e.data); } catch { return; }
    if (f.type === 'auth:ok') {
      const first = !authed;
      authed = true;
      retry = 0;
      state('live');
      if (first) {
        for (const id of servers.keys()) send({ type: 'subscribe:server', serverId: id });
        for (const id of operations) send({ type: 'subscribe:operation', operationId: id });
      }
    } else if (f.type === 'operation:update' && ['succeeded', 'failed'].includes(f.state)) {
      operations.delete(f.id);
    } else if (f.type === 'error' && f.operationId && f.code !== 'unavailable') {
      operations.delete(f.operationId); // not-found, too-many-operations: asking again is futile
    }
    emit(f.type, f);
  };
  sock.onclose = (e) => {
    if (ws !== sock) return;
    ws = null;
    authed = false;
    clearInterval(pingTimer);
    emit('closed', { type: 'closed', code: e.code, reason: e.reason });
    if (stopped) return;
    if (e.code === 4401) {
      state('signed-out');
      return; // token refused or expired: the app asks for a new one, then calls start()
    }
    state('reconnecting');
    const delay = Math.min(30000, 500 * 2 ** retry++) + Math.random() * 500;
    reconnectTimer = setTimeout(connect, delay);
  };
  clearInterval(pingTimer);
  pingTimer = setInterval(() => send({ type: 'ping' }), 20000);
}

/** Re-authenticates on the open socket (or reconnects) with the current token. */
function renew() {
  if (stopped) return;
  if (!getToken()) { stop(); return; }
  if (ws && ws.readyState === WebSocket.OPEN) send({ type: 'auth', token: getToken() });
  else if (!ws) connect();
}
onToken(renew);

export function subscribeServer(id) {
  id = String(id);
  servers.set(id, (servers.get(id) || 0) + 1);
  if (servers.get(id) === 1 && authed) send({ type: 'subscribe:server', serverId: id });
}

export function unsubscribeServer(id) {
  id = String(id);
  const n = (servers.get(id) || 0) - 1;
  if (n > 0) { servers.set(id, n); return; }
  servers.delete(id);
  if (authed) send({ type: 'unsubscribe:server', serverId: id });
}

export function subscribeOperation(id) {
  if (!id || operations.has(id)) return;
  operations.add(id);
  if (authed) send({ type: 'subscribe:operation', operationId: id });
}

export function isLive() { return authed; }
