// The demo panel: what the platform simulator's Instagram, Messenger and WhatsApp users received
// (Send API calls) and sent (webhooks), and a form to write as one of them.

import { demo } from '../api.js';
import { el, clear, appBadge, platformLabel, APP_PLATFORMS, formatDateTime, toast } from '../util.js';

const POLL_MS = 2000;
const KEEP = 200;

function millis(time) {
  if (typeof time === 'number') return time;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function callText(call) {
  const body = call.body || {};
  if (body.message && typeof body.message.text === 'string') return body.message.text;
  if (body.text && typeof body.text.body === 'string') return body.text.body;
  if (body.sender_action) return `[${body.sender_action}]`;
  if (body.status) return `[${body.status}]`;
  if (body.type) return `[${body.type}]`;
  return '[call]';
}

function callRecipient(call) {
  const body = call.body || {};
  return call.recipient || (body.recipient && body.recipient.id) || body.to || '?';
}

export class DemoPanel {
  constructor(app) {
    this.app = app;
    this.calls = new Map(); // seq → call
    this.webhooks = new Map(); // seq → webhook
    this.sinceCalls = 0;
    this.sinceWebhooks = 0;
    this.users = [];
    this.business = null;
    this.columns = {};
    for (const platform of APP_PLATFORMS) this.columns[platform] = el('ol', { class: 'demo-feed', 'aria-label': `${platformLabel(platform)} activity` });

    this.platform = el('select', { id: 'demo-platform', 'data-testid': 'demo-platform' }, APP_PLATFORMS.map((p) => el('option', { value: p, text: platformLabel(p) })));
    this.user = el('input', { id: 'demo-user', 'data-testid': 'demo-user', type: 'text', list: 'demo-users', autocomplete: 'off', spellcheck: 'false', placeholder: 'user id' });
    this.userList = el('datalist', { id: 'demo-users' });
    this.text = el('input', { id: 'demo-text', 'data-testid': 'demo-text', type: 'text', autocomplete: 'off', placeholder: 'Hi!' });
    this.status = el('p', { class: 'inline-status small', role: 'status' });
    this.platform.addEventListener('change', () => this.renderUsers());
    this.user.addEventListener('focus', () => this.loadUsers());

    const form = el(
      'form',
      { class: 'form demo-form', onsubmit: (event) => this.send(event) },
      el('h3', { text: 'Write as an app user' }),
      el('label', { for: 'demo-platform', text: 'App' }),
      this.platform,
      el('label', { for: 'demo-user', text: 'User id' }),
      this.user,
      this.userList,
      el('label', { for: 'demo-text', text: 'Text' }),
      this.text,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'demo-send', text: 'Send as this user' }),
      this.status,
    );

    this.body = el(
      'div',
      { class: 'demo-body' },
      form,
      APP_PLATFORMS.map((p) =>
        el('section', { class: 'demo-column' }, el('h3', {}, appBadge(p, { 'data-testid': null }), ' users'), this.columns[p]),
      ),
    );
    this.toggle = el('button', { type: 'button', class: 'ghost', 'aria-expanded': 'false', 'aria-controls': 'demo-body', text: 'Hide', onclick: () => app.closeDemo() });
    this.body.id = 'demo-body';
    this.node = el(
      'aside',
      { class: 'demo-panel', 'data-testid': 'demo-panel', 'aria-label': 'Demo panel' },
      el('header', { class: 'demo-head' }, el('h2', { text: 'Demo: the apps\u2019 side' }), this.toggle),
      this.body,
    );
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.poll();
    this.loadUsers();
  }

  setOpen(open) {
    this.node.classList.toggle('open', open);
    this.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  dispose() {
    clearInterval(this.timer);
  }

  async loadUsers() {
    try {
      const users = await demo.users();
      this.users = Array.isArray(users) ? users : [];
      this.renderUsers();
    } catch {
      // typed ids still work
    }
  }

  renderUsers() {
    clear(this.userList);
    const platform = this.platform.value;
    const ids = [...new Set(this.users.filter((u) => u.platform === platform).map((u) => u.userId))];
    ids.forEach((id) => this.userList.appendChild(el('option', { value: id })));
  }

  async businessId(platform) {
    if (!this.business) this.business = await demo.businessAccounts();
    return this.business && this.business[platform];
  }

  async send(event) {
    event.preventDefault();
    const platform = this.platform.value;
    const userId = this.user.value.trim();
    const text = this.text.value;
    if (!userId || !text.trim()) {
      this.status.textContent = 'Enter a user id and a text.';
      return;
    }
    try {
      const businessId = await this.businessId(platform);
      if (!businessId) throw Object.assign(new Error(`No business account for ${platformLabel(platform)}.`), { readable: `No business account for ${platformLabel(platform)}.` });
      const answer = await demo.sendWebhook(platform, { businessId, userId, events: [{ kind: 'text', text }] });
      const statuses = answer && Array.isArray(answer.status) ? answer.status : [];
      const bad = statuses.find((s) => Number(s) >= 300);
      this.status.textContent = bad ? `The adapter answered ${bad}.` : 'Sent.';
      this.status.className = `inline-status small ${bad ? 'error' : 'ok'}`;
      if (!bad) this.text.value = '';
      this.poll();
    } catch (e) {
      const message = e.readable || e.message || 'Could not send.';
      this.status.textContent = message;
      this.status.className = 'inline-status small error';
      toast(`Demo send: ${message}`, 'error');
    }
  }

  async poll() {
    if (document.hidden || this.polling) return;
    this.polling = true;
    try {
      const [calls, webhooks] = await Promise.all([
        demo.calls(this.sinceCalls).catch(() => null),
        demo.webhooks(this.sinceWebhooks).catch(() => null),
      ]);
      let changed = false;
      for (const call of Array.isArray(calls) ? calls : []) {
        if (!call || this.calls.has(call.seq)) continue;
        this.calls.set(call.seq, call);
        this.sinceCalls = Math.max(this.sinceCalls, millis(call.time));
        changed = true;
      }
      for (const hook of Array.isArray(webhooks) ? webhooks : []) {
        if (!hook || this.webhooks.has(hook.seq)) continue;
        this.webhooks.set(hook.seq, hook);
        this.sinceWebhooks = Math.max(this.sinceWebhooks, millis(hook.time));
        changed = true;
      }
      trim(this.calls);
      trim(this.webhooks);
      if (changed) this.render();
    } finally {
      this.polling = false;
    }
  }

  render() {
    const rows = { instagram: [], messenger: [], whatsapp: [] };
    for (const call of this.calls.values()) {
      if (!rows[call.platform]) continue;
      rows[call.platform].push({ at: millis(call.time), kind: 'received', user: callRecipient(call), text: callText(call), status: call.status });
    }
    for (const hook of this.webhooks.values()) {
      if (!rows[hook.platform]) continue;
      const texts = (hook.events || []).map((e) => (e && e.kind === 'text' ? e.text : `[${(e && e.kind) || 'event'}]`));
      const statuses = Array.isArray(hook.status) ? hook.status : [hook.status];
      rows[hook.platform].push({ at: millis(hook.time), kind: 'sent', user: hook.userId, text: texts.join(' · '), status: statuses.filter((s) => s !== undefined && s !== null).join(',') });
    }
    for (const platform of APP_PLATFORMS) {
      const feed = clear(this.columns[platform]);
      const list = rows[platform].sort((a, b) => a.at - b.at).slice(-50);
      if (!list.length) feed.appendChild(el('li', { class: 'muted small', text: 'Nothing yet.' }));
      for (const row of list) {
        const failed = row.status && String(row.status).split(',').some((s) => Number(s) >= 300);
        feed.appendChild(
          el(
            'li',
            { class: `demo-row demo-${row.kind}${failed ? ' demo-failed' : ''}`, 'data-testid': `demo-${row.kind}` },
            el('span', { class: 'demo-dir', text: row.kind === 'received' ? `→ ${row.user} received` : `← ${row.user} sent` }),
            el('span', { class: 'demo-text', text: row.text }),
            el('span', { class: 'muted small', text: `${formatDateTime(row.at)}${row.status ? ` · ${row.status}` : ''}` }),
          ),
        );
      }
      feed.scrollTop = feed.scrollHeight;
    }
  }
}

function trim(map) {
  if (map.size <= KEEP) return;
  const keys = [...map.keys()].sort((a, b) => a - b);
  for (const key of keys.slice(0, map.size - KEEP)) map.delete(key);
}
