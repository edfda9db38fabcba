// Running operations per server: started by this tab (202 answers) or seen on the live channel.
// Pages render from here; subscribe with onChange.
import * as live from './live.js';
import { toast, opLabel, opDone } from './ui.js';

const byServer = new Map(); // serverId -> operation (latest)
const listeners = new Set();

export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function changed(serverId) { for (const l of listeners) l(serverId, byServer.get(serverId)); }

export function current(serverId) { return byServer.get(String(serverId)); }

export function isRunning(op) { return !!op && (op.state === 'queued' || op.state === 'running'); }

/** Records an operation answered by a mutation (202) and follows it on the socket. */
export function track(op, serverName) {
  if (!op || !op.id) return;
  const sid = String(op.serverId);
  byServer.set(sid, { ...op, serverName });
  changed(sid);
  if (isRunning(op)) live.subscribeOperation(op.id);
}

function update(f) {
  const sid = String(f.serverId);
  const prev = byServer.get(sid);
  if (prev && prev.id !== f.id && isRunning(prev) && !isRunning(f)) return; // an older one finishing late
  byServer.set(sid, { ...prev, ...f });
  changed(sid);
  if (prev && prev.id === f.id && isRunning(prev) && !isRunning(f)) {
    const name = prev.serverName || `server ${sid}`;
    if (f.state === 'failed') toast(`${opLabel(f.kind)} ${name} failed`, 'error', f.error || undefined);
    else toast(`${name}: ${opDone(f.kind)}`, 'success');
  }
}

live.on('operation:update', update);
