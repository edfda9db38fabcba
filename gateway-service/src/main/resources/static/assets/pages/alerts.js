// Alert rules (global ones read-only for customers) and the alert history.
import { get, post, put, del } from '../api.js';
import { claims } from '../auth.js';
import { h, clear, showError, toast, confirmAction } from '../ui.js';
import { alertsTable } from './server.js';

const METRICS = [['cpu', 'CPU %'], ['memory', 'Memory %'], ['disk', 'Disk %'], ['net_in', 'Network in (bytes/s)'], ['net_out', 'Network out (bytes/s)'], ['status_down', 'Server down']];

function isAdmin() {
  const c = claims() || {};
  const roles = [].concat(c.roles || c.role || []);
  return roles.includes('admin');
}

export async function renderAlertRules({ main }) {
  document.title = 'Alert rules — pvepanel';
  const rulesBox = h('div.table-wrap#rule-list');
  const history = h('div.table-wrap#alert-history');
  const servers = await get('/api/server/my-servers').catch(() => []);
  const form = ruleForm(servers, load);
  main.append(h('div.page-head', h('h1', 'Alert rules')),
    h('section.card', h('h2', 'Rules'), rulesBox),
    h('section.card', h('h2', 'New rule'), form),
    h('section.card', h('h2', 'Recent alerts'), history));

  async function load() {
    try {
      const rules = await get('/api/alerts/rules');
      clear(rulesBox).append(rulesTable(rules, servers, load));
    } catch (e) {
      clear(rulesBox).append(h('p.empty', e.title));
    }
    try {
      const page = await get('/api/alerts?size=20');
      clear(history).append(alertsTable(page.items || []));
    } catch (e) {
      clear(history).append(h('p.empty', e.title));
    }
  }
  await load();
}

function rulesTable(rules, servers, reload) {
  if (!rules.length) return h('p.empty', 'No rules yet.');
  const name = (id) => servers.find((s) => String(s.id) === String(id))?.name || id;
  return h('table', h('thead', h('tr', ['Name', 'Condition', 'For', 'Applies to', 'Enabled', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', rules.map((r) => {
      const editable = r.scope !== 'global' || isAdmin();
      const toggle = h('input', { type: 'checkbox', checked: r.enabled, disabled: !editable, 'aria-label': `Rule ${r.name} enabled` });
      toggle.addEventListener('change', async () => {
        const body = { ...r, enabled: toggle.checked };
        for (const k of ['id', 'ownerId', 'createdAt', 'updatedAt']) delete body[k];
        try { await put(`/api/alerts/rules/${encodeURIComponent(r.id)}`, body); toast(`Rule ${r.name} ${toggle.checked ? 'enabled' : 'disabled'}`, 'success'); } catch (e) { toggle.checked = !toggle.checked; showError(e, 'Could not change the rule'); }
      });
      return h('tr', { 'data-rule': r.id },
        h('td', r.name),
        h('td', r.metric === 'status_down' ? 'server down' : `${r.metric} ${r.operator} ${r.threshold}`),
        h('td', `${r.forSeconds ?? 0} s`),
        h('td', r.scope === 'server' ? `server ${name(r.serverId)}` : r.scope === 'global' ? 'all servers (provider)' : 'all my servers'),
        h('td', toggle),
        h('td.row-actions', editable ? h('button.danger-ghost', {
          type: 'button', 'aria-label': `Delete rule ${r.name}`,
          onclick: async () => {
            if (!await confirmAction(`Delete rule ${r.name}?`, 'No more alerts will come from this rule.', 'Delete rule')) return;
            try { await del(`/api/alerts/rules/${encodeURIComponent(r.id)}`); reload(); } catch (e) { showError(e, 'Could not delete the rule'); }
          },
        }, 'Delete') : h('span.hint', 'provider rule')));
    })));
}

function ruleForm(servers, reload) {
  const f = (id, label, input, hint) => h('div.field', h('label', { for: id }, label), input, hint ? h('p.hint', hint) : null, h('p.field-error', { id: `${id}-error`, role: 'alert' }));
  const name = h('input#rule-name', { type: 'text', maxlength: 100, required: true });
  const metric = h('select#rule-metric', METRICS.map(([v, l]) => h('option', { value: v }, l)));
  const operator = h('select#rule-operator', ['>', '>=', '<', '<='].map((o) => h('option', { value: o }, o)));
  const threshold = h('input#rule-threshold', { type: 'number', min: 0, step: 'any', value: 80 });
  const forSeconds = h('input#rule-for', { type: 'number', min: 60, max: 86400, value: 300 });
  const scope = h('select#rule-scope', h('option', { value: 'user' }, 'All my servers'), servers.map((s) => h('option', { value: `server:${s.id}` }, s.name)));
  const sendResolved = h('input#rule-resolved', { type: 'checkbox', checked: true });
  const fields = { name, metric, operator, threshold, forSeconds, scope };
  const form = h('form.rule-form', { novalidate: true, 'aria-label': 'New alert rule' },
    h('div.form-grid',
      f('rule-name', 'Name', name), f('rule-metric', 'Metric', metric), f('rule-operator', 'Operator', operator),
      f('rule-threshold', 'Threshold', threshold, '% for CPU, memory and disk; bytes/s for network'),
      f('rule-for', 'For (seconds)', forSeconds), f('rule-scope', 'Applies to', scope)),
    h('label.check', sendResolved, ' Also tell me when it is resolved'),
    h('div.actions', h('button.primary', { type: 'submit' }, 'Add rule')));
  metric.addEventListener('change', () => {
    const down = metric.value === 'status_down';
    operator.disabled = down;
    threshold.disabled = down;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of Object.values(fields)) el.removeAttribute('aria-invalid');
    if (!name.value.trim()) { mark('name', 'Enter a name.'); return; }
    const down = metric.value === 'status_down';
    const [sc, sid] = scope.value.split(':');
    const body = {
      name: name.value.trim(), metric: metric.value, operator: down ? null : operator.value,
      threshold: down ? null : Number(threshold.value), forSeconds: Number(forSeconds.value),
      sendResolved: sendResolved.checked, enabled: true, scope: sc, serverId: sid || null,
    };
    try {
      await post('/api/alerts/rules', body);
      toast(`Rule ${body.name} added`, 'success');
      name.value = '';
      reload();
    } catch (ex) {
      if (ex.errors?.length) for (const er of ex.errors) mark(er.field, er.message);
      else if (ex.field) mark(ex.field, ex.detail);
      showError(ex, 'Could not add the rule');
    }
  });
  function mark(field, message) {
    const el = fields[field];
    if (!el) return;
    el.setAttribute('aria-invalid', 'true');
    const err = document.getElementById(`${el.id}-error`);
    if (err) err.textContent = message;
    el.focus();
  }
  return form;
}
