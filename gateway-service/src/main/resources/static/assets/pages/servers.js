// The server list: a card per server, live status and usage over /ws (no polling).
import { get } from '../api.js';
import * as live from '../live.js';
import * as ops from '../ops.js';
import { lifecycle, changePassword, deleteServer } from '../actions.js';
import { h, clear, bar, statusBadge, suspendedBadge, suspendedNote, fmtUptime, opLabel } from '../ui.js';

export function usageFromStatus(s) {
  if (!s || s.dataState !== 'ok') return null;
  return s.usage || s;
}

export async function renderServers({ main, setCleanup }) {
  document.title = 'Your servers — pvepanel';
  const list = h('div.grid#server-list', { 'aria-busy': 'true' });
  main.append(h('div.page-head', h('h1', 'Your servers')), list);
  const servers = await get('/api/server/my-servers');
  list.removeAttribute('aria-busy');
  if (!servers.length) {
    list.append(h('p.card.empty', 'You have no servers yet.'));
    return;
  }
  const cards = new Map();
  for (const s of servers) {
    const card = new ServerCard(s);
    cards.set(String(s.id), card);
    list.append(card.el);
    live.subscribeServer(s.id);
    // one initial read of the latest sample; later figures arrive on the socket
    get(`/api/server/${encodeURIComponent(s.id)}/status`).then((st) => card.update(st)).catch(() => {});
  }
  const offs = [
    live.on('server:update', (f) => cards.get(String(f.serverId))?.update(f)),
    ops.onChange((sid) => cards.get(sid)?.renderOp()),
  ];
  setCleanup(() => {
    offs.forEach((off) => off());
    for (const s of servers) live.unsubscribeServer(s.id);
  });
}

class ServerCard {
  constructor(server) {
    this.server = server;
    this.status = server.status || 'unknown';
    this.usage = null;
    const title = `${server.name}`;
    this.badge = h('span.badge-slot');
    this.meters = h('div.meters');
    this.facts = h('dl.facts');
    this.opBox = h('div.op', { role: 'status', 'aria-live': 'polite' });
    this.note = suspendedNote(server);
    this.buttons = {
      start: h('button.primary', { type: 'button', 'data-action': 'start', 'aria-label': `Start ${title}`, onclick: () => lifecycle(server, 'start') }, 'Start'),
      stop: h('button', { type: 'button', 'data-action': 'stop', 'aria-label': `Stop ${title}`, onclick: () => lifecycle(server, 'stop') }, 'Stop'),
      restart: h('button', { type: 'button', 'data-action': 'restart', 'aria-label': `Restart ${title}`, onclick: () => lifecycle(server, 'restart') }, 'Restart'),
      console: h('a.button', { href: `#/server/${encodeURIComponent(server.id)}/console`, 'data-action': 'console', 'aria-label': `Console of ${title}` }, 'Console'),
      password: h('button', { type: 'button', 'data-action': 'password', 'aria-label': `New root password for ${title}`, onclick: () => changePassword(server) }, 'Password'),
      snapshots: h('a.button', { href: `#/server/${encodeURIComponent(server.id)}/snapshots`, 'data-action': 'snapshots', 'aria-label': `Snapshots of ${title}` }, 'Snapshots'),
      delete: h('button.danger-ghost', { type: 'button', 'data-action': 'delete', 'aria-label': `Delete ${title}`, onclick: () => deleteServer(server) }, 'Delete'),
    };
    this.el = h('article.card.server-card', { 'data-server-id': server.id, 'data-server-name': server.name, 'aria-labelledby': `srv-${server.id}-name` },
      h('header.card-head',
        h('div',
          h('h2', { id: `srv-${server.id}-name` }, h('a', { href: `#/server/${encodeURIComponent(server.id)}` }, server.name)),
          h('div.sub', server.type === 'qemu' ? 'Virtual machine (QEMU)' : 'Container (LXC)')),
        this.badge),
      this.note, this.facts, this.meters, this.opBox,
      h('div.buttons', Object.values(this.buttons)));
    this.render();
    this.renderOp();
  }

  update(f) {
    if (f.status) this.status = f.status;
    if ('usage' in f || 'dataState' in f) this.usage = usageFromStatus(f);
    if (f.status === 'stopped') this.usage = null;
    this.render();
  }

  render() {
    const s = this.server;
    const u = this.usage;
    clear(this.badge).append(statusBadge(this.status), s.suspended ? suspendedBadge() : '');
    clear(this.facts).append(
      h('dt', 'IP'), h('dd', s.ip || '—'),
      h('dt', 'Node'), h('dd', s.node || '—'),
      h('dt', 'Uptime'), h('dd', this.status === 'running' && u ? fmtUptime(u.uptimeSeconds) : '—'));
    clear(this.meters).append(
      bar('CPU', u?.cpuPercent), bar('Memory', u?.memoryPercent), bar('Disk', u?.diskPercent));
    this.renderButtons();
  }

  renderOp() {
    const op = ops.current(this.server.id);
    clear(this.opBox);
    this.el.classList.toggle('busy', ops.isRunning(op));
    if (op && ops.isRunning(op)) {
      this.opBox.append(h('div.progress', { role: 'progressbar', 'aria-label': `${opLabel(op.kind)} ${this.server.name}` }, h('div.indeterminate')),
        h('span', `${opLabel(op.kind)}… (${op.state})`));
    } else if (op && op.state === 'failed') {
      this.opBox.append(h('span.error', `${op.kind} failed${op.error ? `: ${op.error}` : ''}`));
    }
    this.renderButtons();
  }

  renderButtons() {
    const busy = ops.isRunning(ops.current(this.server.id)) || this.server.suspended;
    const st = this.status;
    const b = this.buttons;
    b.start.disabled = busy || st === 'running';
    b.stop.disabled = busy || st === 'stopped';
    b.restart.disabled = busy || st !== 'running';
    b.password.disabled = busy || st !== 'running';
    b.delete.disabled = busy;
  }
}
