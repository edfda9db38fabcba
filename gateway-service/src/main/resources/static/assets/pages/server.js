// One server: status and actions, graphs, console, snapshots, alerts and the audit log.
import { get, post, del } from '../api.js';
import * as live from '../live.js';
import * as ops from '../ops.js';
import { lifecycle, changePassword, deleteServer } from '../actions.js';
import { renderGraphs } from '../charts.js';
import { renderConsole } from '../console.js';
import { usageFromStatus } from './servers.js';
import {
  h, clear, bar, statusBadge, suspendedBadge, suspendedNote, fmtUptime, fmtTime, fmtBytes, fmtRate, opLabel, showError,
  confirmAction, snapshotNameError,
} from '../ui.js';

const TABS = [
  ['overview', 'Overview'], ['console', 'Console'], ['snapshots', 'Snapshots'],
  ['alerts', 'Alerts'], ['activity', 'Activity'],
];

export async function renderServer({ main, setCleanup }, id, tab) {
  let server;
  try {
    server = await get(`/api/server/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e.status === 404) {
      document.title = 'Server not found — pvepanel';
      main.append(h('section.card.empty.not-found', { role: 'alert' },
        h('h1', 'Server not found'),
        h('p', 'This server does not exist or is not in your account.'),
        h('p', h('a', { href: '#/servers' }, 'Back to your servers'))));
      return;
    }
    throw e;
  }
  if (!TABS.some(([k]) => k === tab)) tab = 'overview';
  document.title = `${server.name} — pvepanel`;
  const cleanups = [];
  setCleanup(() => cleanups.forEach((fn) => fn()));

  // ---- header: status, facts, actions, running operation
  let status = server.status || 'unknown';
  let usage = null;
  const badge = h('span.badge-slot');
  const facts = h('dl.facts.wide');
  const meters = h('div.meters');
  const opBox = h('div.op', { role: 'status', 'aria-live': 'polite' });
  const btn = {
    start: h('button.primary', { type: 'button', 'data-action': 'start', onclick: () => lifecycle(server, 'start') }, 'Start'),
    stop: h('button', { type: 'button', 'data-action': 'stop', onclick: () => lifecycle(server, 'stop') }, 'Stop'),
    restart: h('button', { type: 'button', 'data-action': 'restart', onclick: () => lifecycle(server, 'restart') }, 'Restart'),
    password: h('button', { type: 'button', 'data-action': 'password', onclick: () => changePassword(server) }, 'New root password'),
    delete: h('button.danger-ghost', { type: 'button', 'data-action': 'delete', onclick: () => deleteServer(server) }, 'Delete'),
  };
  const renderHead = () => {
    clear(badge).append(statusBadge(status), server.suspended ? suspendedBadge() : '');
    clear(facts).append(
      h('dt', 'Plan'), h('dd', server.planId || '—'),
      h('dt', 'IP'), h('dd', server.ip || '—'),
      h('dt', 'Node'), h('dd', server.node || '—'),
      h('dt', 'Uptime'), h('dd', status === 'running' && usage ? fmtUptime(usage.uptimeSeconds) : '—'),
      h('dt', 'Memory'), h('dd', usage ? `${fmtBytes(usage.memoryUsedBytes)} / ${fmtBytes(usage.memoryTotalBytes)}` : '—'),
      h('dt', 'Network'), h('dd', usage ? `↓ ${fmtRate(usage.netInBytesPerSecond)} ↑ ${fmtRate(usage.netOutBytesPerSecond)}` : '—'));
    clear(meters).append(bar('CPU', usage?.cpuPercent), bar('Memory', usage?.memoryPercent), bar('Disk', usage?.diskPercent));
    const op = ops.current(server.id);
    const running = ops.isRunning(op);
    // a suspended server refuses every action until the provider lifts the suspension
    const busy = running || server.suspended;
    btn.start.disabled = busy || status === 'running';
    btn.stop.disabled = busy || status === 'stopped';
    btn.restart.disabled = busy || status !== 'running';
    btn.password.disabled = busy || status !== 'running';
    btn.delete.disabled = busy;
    clear(opBox);
    if (running) {
      opBox.append(h('div.progress', { role: 'progressbar', 'aria-label': opLabel(op.kind) }, h('div.indeterminate')), h('span', `${opLabel(op.kind)}… (${op.state})`));
    } else if (op && op.state === 'failed') {
      opBox.append(h('span.error', `${op.kind} failed${op.error ? `: ${op.error}` : ''}`));
    }
  };
  const head = h('section.card.server-head', { 'data-server-id': server.id, 'data-server-name': server.name },
    h('div.card-head', h('div', h('p.crumb', h('a', { href: '#/servers' }, '← Servers')), h('h1', server.name), h('div.sub', server.type === 'qemu' ? 'Virtual machine (QEMU)' : 'Container (LXC)')), badge),
    suspendedNote(server), facts, meters, opBox, h('div.buttons', Object.values(btn)));

  const nav = h('nav.tabs', { 'aria-label': 'Server sections' },
    TABS.map(([k, label]) => h('a', { href: `#/server/${encodeURIComponent(server.id)}/${k}`, 'aria-current': k === tab ? 'page' : undefined, 'data-tab': k }, label)));
  const body = h('section.card.tab-body', { 'aria-label': TABS.find(([k]) => k === tab)[1] });
  main.append(head, nav, body);
  renderHead();

  live.subscribeServer(server.id);
  get(`/api/server/${encodeURIComponent(server.id)}/status`).then((st) => {
    if (st.status) status = st.status;
    usage = usageFromStatus(st);
    renderHead();
  }).catch(() => {});
  cleanups.push(
    () => live.unsubscribeServer(server.id),
    live.on('server:update', (f) => {
      if (String(f.serverId) !== String(server.id)) return;
      if (f.status) status = f.status;
      if ('usage' in f || 'dataState' in f) usage = usageFromStatus(f);
      if (f.status === 'stopped') usage = null;
      if (f.status === 'deleted') location.hash = '#/servers';
      renderHead();
    }),
    ops.onChange((sid, op) => {
      if (sid !== String(server.id)) return;
      renderHead();
      if (!ops.isRunning(op) && tab === 'snapshots') snapshotsReload?.();
      if (!ops.isRunning(op) && tab === 'activity') activityReload?.();
    }),
  );

  let snapshotsReload = null;
  let activityReload = null;
  if (tab === 'overview') cleanups.push(renderGraphs(body, server));
  else if (tab === 'console') cleanups.push(renderConsole(body, server));
  else if (tab === 'snapshots') snapshotsReload = renderSnapshots(body, server);
  else if (tab === 'alerts') renderAlerts(body, server);
  else if (tab === 'activity') activityReload = renderActivity(body, server);
}

function renderSnapshots(container, server) {
  const sid = encodeURIComponent(server.id);
  const name = h('input#snap-name', { type: 'text', maxlength: 40, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'snap-name-hint snap-name-error' });
  const desc = h('input#snap-desc', { type: 'text', maxlength: 255, autocomplete: 'off' });
  const nameError = h('p.field-error#snap-name-error', { role: 'alert' });
  const submit = h('button.primary#snap-create', { type: 'submit' }, 'Take snapshot');
  const validate = () => {
    const err = snapshotNameError(name.value.trim());
    nameError.textContent = name.value ? err || '' : '';
    if (err && name.value) name.setAttribute('aria-invalid', 'true'); else name.removeAttribute('aria-invalid');
    return err;
  };
  name.addEventListener('input', validate);
  const form = h('form.snap-form', { novalidate: true, 'aria-label': 'Take a snapshot' },
    h('div.field', h('label', { for: 'snap-name' }, 'Name'), name,
      h('p.hint#snap-name-hint', 'A letter first, then letters, digits, _ or -; up to 40.'), nameError),
    h('div.field', h('label', { for: 'snap-desc' }, 'Description (optional)'), desc),
    h('div.actions', submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = validate() || snapshotNameError(name.value.trim());
    if (err) { nameError.textContent = err; name.setAttribute('aria-invalid', 'true'); name.focus(); return; }
    submit.disabled = true;
    try {
      const op = await post(`/api/server/${sid}/snapshot`, { name: name.value.trim(), description: desc.value.trim() || null });
      ops.track(op, server.name);
      name.value = '';
      desc.value = '';
    } catch (ex) {
      if (ex.field === 'name') { nameError.textContent = ex.detail || ex.title; name.setAttribute('aria-invalid', 'true'); }
      showError(ex, 'Could not take the snapshot');
    } finally {
      submit.disabled = false;
    }
  });
  const table = h('div.table-wrap#snapshot-list');
  container.append(h('h2', 'Snapshots'), form, table);

  async function load() {
    let snaps;
    try {
      snaps = await get(`/api/server/${sid}/snapshots`);
    } catch (e) {
      clear(table).append(h('p.empty', e.title));
      return;
    }
    clear(table);
    if (!snaps.length) { table.append(h('p.empty', 'No snapshots yet.')); return; }
    table.append(h('table', h('caption.sr-only', `Snapshots of ${server.name}`),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Description'), h('th', { scope: 'col' }, 'Taken'), h('th', { scope: 'col' }, h('span.sr-only', 'Actions')))),
      h('tbody', snaps.map((s) => h('tr', { 'data-snapshot': s.name },
        h('td', s.name, s.current ? h('span.badge.status-running', { title: 'The server runs from this snapshot' }, 'current') : null),
        h('td', s.description || ''),
        h('td', fmtTime(s.createdAt)),
        h('td.row-actions',
          h('button', { type: 'button', 'aria-label': `Restore snapshot ${s.name}`, onclick: () => restore(s) }, 'Restore'),
          h('button.danger-ghost', { type: 'button', 'aria-label': `Delete snapshot ${s.name}`, onclick: () => remove(s) }, 'Delete')))))));
  }
  async function restore(s) {
    if (!await confirmAction(`Restore ${s.name}?`, `${server.name} goes back to the state of ${s.name}. Changes made since then are lost.`, `Restore ${s.name}`)) return;
    try { ops.track(await post(`/api/server/${sid}/snapshot/restore`, { snapshotId: s.id }), server.name); } catch (e) { showError(e, 'Could not restore'); }
  }
  async function remove(s) {
    if (!await confirmAction(`Delete snapshot ${s.name}?`, 'The snapshot is removed for good.', `Delete ${s.name}`)) return;
    try { ops.track(await del(`/api/server/${sid}/snapshot/${encodeURIComponent(s.id)}`), server.name); } catch (e) { showError(e, 'Could not delete the snapshot'); }
  }
  load();
  return load;
}

async function renderAlerts(container, server) {
  const box = h('div.table-wrap#server-alerts');
  container.append(h('h2', 'Alerts'), h('p.hint', h('a', { href: '#/alerts' }, 'Manage alert rules')), box);
  try {
    const page = await get(`/api/alerts?serverId=${encodeURIComponent(server.id)}&size=50`);
    box.append(alertsTable(page.items || []));
  } catch (e) {
    box.append(h('p.empty', e.title));
  }
}

export function alertsTable(items) {
  if (!items.length) return h('p.empty', 'No alerts. All quiet.');
  return h('table', h('thead', h('tr', ['State', 'Rule', 'Condition', 'Value', 'Started', 'Ended'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((a) => h('tr',
      h('td', h(`span.badge.alert-${a.state}`, a.state)), h('td', a.ruleName),
      h('td', `${a.metric} ${a.operator || ''} ${a.threshold}`), h('td', a.value === null || a.value === undefined ? '—' : Number(a.value).toFixed(1)),
      h('td', fmtTime(a.startsAt)), h('td', fmtTime(a.endsAt))))));
}

function renderActivity(container, server) {
  const sid = encodeURIComponent(server.id);
  const opsBox = h('div.table-wrap#server-operations');
  const auditBox = h('div.table-wrap#server-audit');
  container.append(h('h2', 'Operations'), opsBox, h('h2', 'Audit log'), auditBox);
  async function load() {
    const [o, a] = await Promise.allSettled([get(`/api/server/${sid}/operations`), get(`/api/server/${sid}/actions`)]);
    clear(opsBox).append(o.status === 'fulfilled'
      ? (o.value.length ? h('table', h('thead', h('tr', ['Operation', 'State', 'Started', 'Finished', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', o.value.map((x) => h('tr', h('td', x.kind), h('td', h(`span.badge.op-${x.state}`, x.state)), h('td', fmtTime(x.startedAt)), h('td', fmtTime(x.finishedAt)), h('td', x.error || '')))))
        : h('p.empty', 'No operations yet.'))
      : h('p.empty', o.reason.title));
    clear(auditBox).append(a.status === 'fulfilled'
      ? (a.value.length ? h('table', h('thead', h('tr', ['When', 'Action', 'Result', 'By', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', a.value.map((x) => h('tr', h('td', fmtTime(x.at)), h('td', x.action), h('td', x.result), h('td', x.actorId), h('td', x.detail || '')))))
        : h('p.empty', 'Nothing recorded yet.'))
      : h('p.empty', a.reason.title));
  }
  load();
  return load;
}
