// Small DOM helpers: element creation without innerHTML, toasts, dialogs, formatters.

/** h('div.card#id', {attrs}, children...) */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9-]+)((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement(m ? m[1] : tag);
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function toast(message, kind = 'error', detail) {
  const box = document.getElementById('toasts');
  const close = h('button.ghost', { type: 'button', 'aria-label': 'Dismiss' }, '×');
  const t = h(`div.toast.${kind}`, { role: kind === 'error' ? 'alert' : 'status' },
    h('div', h('strong', message), detail ? h('div.detail', detail) : null), close);
  close.addEventListener('click', () => t.remove());
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 12000 : 4000);
  while (box.children.length > 3) box.firstChild.remove();
}

/** Shows an API error (problem+json title/detail) as a toast. */
export function showError(err, context) {
  const title = err && err.title ? err.title : (err && err.message) || 'Something went wrong';
  const detail = err && err.detail && err.detail !== title ? err.detail : null;
  toast(context ? `${context}: ${title}` : title, 'error', detail);
}

/** A modal dialog; returns a promise of the value passed to done(). */
export function dialog(title, build, { wide = false } = {}) {
  const dlg = document.getElementById('dialog');
  clear(dlg);
  dlg.classList.toggle('wide', wide);
  return new Promise((resolve) => {
    let result;
    const done = (v) => { result = v; dlg.close(); };
    const body = h('div.dialog-body');
    dlg.append(h('h2#dialog-title', title), body);
    build(body, done);
    const onClose = () => {
      dlg.removeEventListener('close', onClose);
      clear(dlg); // nothing shown in it (e.g. a password) stays in the DOM
      resolve(result);
    };
    dlg.addEventListener('close', onClose);
    dlg.showModal();
    const first = dlg.querySelector('[autofocus], input, button.primary, button');
    if (first) first.focus();
  });
}

/** Confirmation for destructive actions. Resolves true when confirmed. */
export function confirmAction(title, message, confirmLabel, { danger = true, typeToConfirm } = {}) {
  return dialog(title, (body, done) => {
    body.append(h('p', message));
    let input;
    const ok = h(`button.${danger ? 'danger' : 'primary'}`, { type: 'button' }, confirmLabel);
    if (typeToConfirm) {
      input = h('input', { type: 'text', id: 'confirm-text', autocomplete: 'off', 'aria-describedby': 'confirm-hint' });
      body.append(h('label', { for: 'confirm-text' }, `Type ${typeToConfirm} to confirm`), input,
        h('p.hint#confirm-hint', 'This cannot be undone.'));
      ok.disabled = true;
      input.addEventListener('input', () => { ok.disabled = input.value !== typeToConfirm; });
    }
    ok.addEventListener('click', () => done(true));
    body.append(h('div.actions', h('button.ghost', { type: 'button', onclick: () => done(false) }, 'Cancel'), ok));
  });
}

export function fmtBytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtRate(n) {
  return n === null || n === undefined ? '—' : `${fmtBytes(n)}/s`;
}

export function fmtPercent(n) {
  return n === null || n === undefined ? '—' : `${Number(n).toFixed(n < 10 ? 1 : 0)} %`;
}

export function fmtUptime(s) {
  if (s === null || s === undefined) return '—';
  s = Math.floor(s);
  const d = Math.floor(s / 86400);
  const hr = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${hr}h`;
  if (hr > 0) return `${hr}h ${m}m`;
  return `${m}m ${s % 60}s`;
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export const OP_LABELS = {
  start: 'Starting', stop: 'Stopping', shutdown: 'Shutting down', restart: 'Restarting',
  reboot: 'Rebooting', suspend: 'Suspending', resume: 'Resuming', snapshot: 'Taking snapshot',
  'snapshot-create': 'Taking snapshot', 'snapshot-restore': 'Restoring snapshot',
  'snapshot-delete': 'Deleting snapshot', delete: 'Deleting', create: 'Creating',
  'password-change': 'Changing the root password of',
};

const OP_DONE = {
  start: 'started', stop: 'stopped', shutdown: 'shut down', restart: 'restarted', reboot: 'rebooted',
  suspend: 'suspended', resume: 'resumed', 'snapshot-create': 'snapshot taken',
  'snapshot-restore': 'snapshot restored', 'snapshot-delete': 'snapshot deleted', delete: 'deleted',
  create: 'created', 'password-change': 'root password changed',
};

const norm = (kind) => String(kind || '').replace(/[._]/g, '-');

export function opLabel(kind) {
  return OP_LABELS[norm(kind)] || kind;
}

export function opDone(kind) {
  return OP_DONE[norm(kind)] || `${kind} done`;
}

/** Proxmox' snapshot name rule (and the panel's reserved names). Returns an error or null. */
export function snapshotNameError(name) {
  if (!name) return 'Enter a name.';
  if (name.length > 40) return 'At most 40 characters.';
  if (!/^[a-zA-Z][a-zA-Z0-9_-]+$/.test(name)) {
    return 'Start with a letter, then at least one letter, digit, _ or - (no spaces).';
  }
  if (['current', 'vzdump', 'pending'].includes(name.toLowerCase())) return `"${name}" is reserved.`;
  return null;
}

export function statusBadge(status) {
  const s = status || 'unknown';
  return h(`span.badge.status-${s}`, { 'data-status': s }, s);
}

/** The badge of a server the provider suspended (billing). */
export function suspendedBadge() {
  return h('span.badge.suspended', { 'data-suspended': 'true' }, 'suspended');
}

/**
 * What a customer reads on a server the provider suspended: every action is refused until the
 * provider lifts it; a terminated one says when it goes. Nothing for other servers.
 */
export function suspendedNote(server) {
  if (!server.suspended) return '';
  const reason = server.suspendedReason && server.suspendedReason !== 'terminated' ? `: ${server.suspendedReason}` : '';
  const text = server.terminateAt
    ? `Terminated by your provider; it will be deleted on ${fmtTime(server.terminateAt)} unless your provider restores it.`
    : `Suspended by your provider${reason}. Contact your provider to lift the suspension; until then every action is refused.`;
  return h('p.suspended-note', { role: 'note' }, text);
}

export function bar(label, percent) {
  const p = percent === null || percent === undefined ? null : Math.max(0, Math.min(100, percent));
  const fill = h('div.fill');
  fill.style.width = `${p ?? 0}%`;
  if (p !== null && p >= 90) fill.classList.add('hot');
  else if (p !== null && p >= 75) fill.classList.add('warm');
  return h('div.meter', h('div.meter-head', h('span', label), h('span.val', fmtPercent(p))),
    h('div.track', {
      role: 'progressbar', 'aria-label': `${label} usage`, 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': p === null ? undefined : Math.round(p), 'aria-valuetext': p === null ? 'no data' : undefined,
    }, fill));
}
