// Server actions shared by the list and the server page: lifecycle, password, delete.
import { post, del } from './api.js';
import * as ops from './ops.js';
import { h, dialog, confirmAction, showError, toast } from './ui.js';

const CONFIRM = {
  stop: ['Stop', 'Stopping cuts the power: unsaved data in the server may be lost.'],
  restart: ['Restart', 'Running programs are stopped and the server boots again.'],
};

export async function lifecycle(server, action) {
  if (CONFIRM[action]) {
    const [label, text] = CONFIRM[action];
    const ok = await confirmAction(`${label} ${server.name}?`, text, `${label} ${server.name}`);
    if (!ok) return;
  }
  try {
    const op = await post(`/api/server/${encodeURIComponent(server.id)}/${action}`);
    ops.track(op, server.name);
  } catch (e) {
    showError(e, `Could not ${action} ${server.name}`);
  }
}

export async function deleteServer(server) {
  const ok = await confirmAction(`Delete ${server.name}?`,
    'The server is stopped and deleted with all its data and snapshots.', `Delete ${server.name}`,
    { typeToConfirm: server.name });
  if (!ok) return;
  try {
    const op = await del(`/api/server/${encodeURIComponent(server.id)}`);
    ops.track(op, server.name);
  } catch (e) {
    showError(e, `Could not delete ${server.name}`);
  }
}

/** Resets the root password and shows it once. It is never stored: closing the dialog drops it. */
export async function changePassword(server) {
  const ok = await confirmAction(`New root password for ${server.name}?`,
    'A new random password replaces the current one. It is shown once, right after this.',
    'Set a new password', { danger: false });
  if (!ok) return;
  let creds;
  try {
    creds = await post(`/api/server/${encodeURIComponent(server.id)}/change-password`);
  } catch (e) {
    showError(e, 'Could not change the password');
    return;
  }
  await dialog('Your new root password', (body, done) => {
    const user = h('input#pw-user', { type: 'text', readonly: true, value: creds.username });
    const pw = h('input#pw-value.mono', { type: 'text', readonly: true, value: creds.password, autocomplete: 'off', spellcheck: 'false' });
    creds = null;
    const copy = h('button.primary#pw-copy', { type: 'button', autofocus: true, 'aria-label': 'Copy password to clipboard' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(pw.value);
      } catch {
        pw.select();
        document.execCommand('copy');
      }
      copy.textContent = 'Copied';
    });
    body.append(
      h('p.warn', { role: 'note' }, 'Save it now: it is shown only this once and stored nowhere.'),
      h('label', { for: 'pw-user' }, 'User'), user,
      h('label', { for: 'pw-value' }, 'Password'), h('div.inline', pw, copy),
      h('div.actions', h('button#pw-done', { type: 'button', onclick: () => { pw.value = ''; done(true); } }, 'I have saved it')));
  });
  toast(`Root password of ${server.name} changed`, 'success');
}
