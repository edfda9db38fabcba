// Notification settings (where and what to mail) and the delivery log.
import { get, post, put } from '../api.js';
import { h, clear, showError, toast, fmtTime } from '../ui.js';

const KINDS = [
  ['alertFiring', 'An alert fires'], ['alertResolved', 'An alert is resolved'],
  ['passwordChanged', 'A root password is changed'], ['serverDeleted', 'A server is deleted'],
  ['operationFailed', 'An operation fails'],
];

// A newly chosen address is 'pending' until the code mailed to it is entered here (or its link,
// #/notifications/confirm/<code>, lands here with the code filled in); until then mail goes to the
// previous confirmed address or the account's own.
export async function renderNotifications({ main }, codeFromLink) {
  document.title = 'Notifications — pvepanel';
  if (codeFromLink) history.replaceState(null, '', '#/notifications'); // the code leaves the address bar
  const settings = await get('/api/notifications/settings');
  const rerender = async () => { clear(main); await renderNotifications({ main }); };
  const email = h('input#notify-email', { type: 'email', maxlength: 254, value: settings.email || '', placeholder: settings.effectiveEmail || '', autocomplete: 'email', 'aria-describedby': 'notify-email-hint notify-email-error' });
  const emailError = h('p.field-error#notify-email-error', { role: 'alert' });
  const boxes = Object.fromEntries(KINDS.map(([k]) => [k, h('input', { type: 'checkbox', id: `notify-${k}`, checked: settings[k] !== false })]));
  const form = h('form.card', { novalidate: true, 'aria-labelledby': 'notify-title' },
    h('h2#notify-title', 'Mail me when'),
    h('fieldset', h('legend.sr-only', 'Events'), KINDS.map(([k, label]) => h('label.check', { for: `notify-${k}` }, boxes[k], ` ${label}`))),
    h('div.field', h('label', { for: 'notify-email' }, 'Address'), email,
      h('p.hint#notify-email-hint', `Empty: your account's address${settings.effectiveEmail ? ` (${settings.effectiveEmail})` : ''}.`), emailError,
      addressState(settings)),
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
      const saved = await put('/api/notifications/settings', body);
      toast(saved.emailState === 'pending'
        ? `Notification settings saved. Enter the code mailed to ${saved.email} to confirm it.`
        : 'Notification settings saved', 'success');
      await rerender();
    } catch (ex) {
      if (ex.field === 'email') { emailError.textContent = ex.detail || ex.title; email.setAttribute('aria-invalid', 'true'); }
      showError(ex, 'Could not save');
    }
  });
  const log = h('div.table-wrap#delivery-log');
  main.append(h('div.page-head', h('h1', 'Notifications')), form);
  if (settings.emailState === 'pending') main.append(confirmForm(settings, codeFromLink, rerender));
  main.append(h('section.card', h('h2', 'Sent mail'), log));
  try {
    const page = await get('/api/notifications?size=50');
    const items = page.items || [];
    clear(log).append(items.length
      ? h('table', h('thead', h('tr', ['When', 'What', 'To', 'Subject', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map((n) => h('tr', h('td', fmtTime(n.sentAt || n.createdAt)), h('td', n.kind), h('td', n.recipient), h('td', n.subject),
          h('td', h(`span.badge.mail-${n.status}`, n.status),
            n.status === 'deferred' ? h('div.hint', `${n.deferredReason || 'waiting'} (${fmtTime(n.nextAttemptAt)})`) : null,
            n.lastError ? h('div.hint', n.lastError) : null)))))
      : h('p.empty', 'Nothing sent yet.'));
  } catch (ex) {
    clear(log).append(h('p.empty', ex.title));
  }
}

function addressState(settings) {
  if (!settings.email) return null;
  return settings.emailState === 'pending'
    ? h('p.hint#notify-email-state', h('span.badge.mail-pending', 'pending'),
      ` ${settings.email} gets no mail until you confirm it; until then mail goes to ${settings.effectiveEmail || 'your account\'s address'}.`)
    : h('p.hint#notify-email-state', h('span.badge.mail-sent', 'confirmed'), ` ${settings.email}`);
}

function confirmForm(settings, codeFromLink, rerender) {
  const code = h('input#notify-code', { type: 'text', maxlength: 64, autocomplete: 'one-time-code', value: codeFromLink || '', 'aria-describedby': 'notify-code-error' });
  const codeError = h('p.field-error#notify-code-error', { role: 'alert' });
  const resend = h('button#notify-resend', { type: 'button' }, 'Send a new code');
  const form = h('form.card#notify-confirm', { novalidate: true, 'aria-labelledby': 'notify-confirm-title' },
    h('h2#notify-confirm-title', 'Confirm your address'),
    h('p', `A code was mailed to ${settings.email}${settings.confirmationSentAt ? ` at ${fmtTime(settings.confirmationSentAt)}` : ''}.`),
    h('div.field', h('label', { for: 'notify-code' }, 'Code'), code, codeError),
    h('div.actions', h('button.primary#notify-confirm-btn', { type: 'submit' }, 'Confirm'), resend));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    codeError.textContent = '';
    code.removeAttribute('aria-invalid');
    try {
      await post('/api/notifications/settings/confirm', { code: code.value.trim() });
      toast('Address confirmed', 'success');
      await rerender();
    } catch (ex) {
      if (ex.field === 'code') { codeError.textContent = ex.detail || ex.title; code.setAttribute('aria-invalid', 'true'); }
      showError(ex, 'Could not confirm');
    }
  });
  resend.addEventListener('click', async () => {
    try {
      await post('/api/notifications/settings/confirm/resend');
      toast(`A new code was mailed to ${settings.email}`, 'success');
      await rerender();
    } catch (ex) {
      showError(ex, 'Could not send a new code');
    }
  });
  return form;
}
