// Notification settings (where and what to mail) and the delivery log.
import { get, put } from '../api.js';
import { h, clear, showError, toast, fmtTime } from '../ui.js';

const KINDS = [
  ['alertFiring', 'An alert fires'], ['alertResolved', 'An alert is resolved'],
  ['passwordChanged', 'A root password is changed'], ['serverDeleted', 'A server is deleted'],
  ['operationFailed', 'An operation fails'],
];

export async function renderNotifications({ main }) {
  document.title = 'Notifications — pvepanel';
  const settings = await get('/api/notifications/settings');
  const email = h('input#notify-email', { type: 'email', maxlength: 254, value: settings.email || '', placeholder: settings.effectiveEmail || '', autocomplete: 'email', 'aria-describedby': 'notify-email-hint notify-email-error' });
  const emailError = h('p.field-error#notify-email-error', { role: 'alert' });
  const boxes = Object.fromEntries(KINDS.map(([k]) => [k, h('input', { type: 'checkbox', id: `notify-${k}`, checked: settings[k] !== false })]));
  const form = h('form.card', { novalidate: true, 'aria-labelledby': 'notify-title' },
    h('h2#notify-title', 'Mail me when'),
    h('fieldset', h('legend.sr-only', 'Events'), KINDS.map(([k, label]) => h('label.check', { for: `notify-${k}` }, boxes[k], ` ${label}`))),
    h('div.field', h('label', { for: 'notify-email' }, 'Address'), email,
      h('p.hint#notify-email-hint', `Empty: your account's address${settings.effectiveEmail ? ` (${settings.effectiveEmail})` : ''}.`), emailError),
    h('div.actions', h('button.primary#notify-save', { type: 'submit' }, 'Save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    emailError.textContent = '';
    email.removeAttribute('aria-invalid');
    if (email.value && !email.checkValidity()) {
      emailError.textContent = 'Enter a valid address, or leave it empty.';
      email.setAttribute('aria-invalid', 'true');
      email.focus();
      return;
    }
    const body = { email: email.value.trim() || null };
    for (const [k] of KINDS) body[k] = boxes[k].checked;
    try {
      await put('/api/notifications/settings', body);
      toast('Notification settings saved', 'success');
    } catch (ex) {
      if (ex.field === 'email') { emailError.textContent = ex.detail || ex.title; email.setAttribute('aria-invalid', 'true'); }
      showError(ex, 'Could not save');
    }
  });
  const log = h('div.table-wrap#delivery-log');
  main.append(h('div.page-head', h('h1', 'Notifications')), form, h('section.card', h('h2', 'Sent mail'), log));
  try {
    const page = await get('/api/notifications?size=50');
    const items = page.items || [];
    clear(log).append(items.length
      ? h('table', h('thead', h('tr', ['When', 'What', 'To', 'Subject', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map((n) => h('tr', h('td', fmtTime(n.sentAt || n.createdAt)), h('td', n.kind), h('td', n.recipient), h('td', n.subject), h('td', h(`span.badge.mail-${n.status}`, n.status), n.lastError ? h('div.hint', n.lastError) : null)))))
      : h('p.empty', 'Nothing sent yet.'));
  } catch (ex) {
    clear(log).append(h('p.empty', ex.title));
  }
}
