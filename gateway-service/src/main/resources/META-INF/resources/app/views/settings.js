// Settings: linked accounts and linking another app, cross-app messaging, message controls per
// app, blocks, delivery preference, and the person's devices.

import { people } from '../api.js';
import { showDevices } from './devices.js';
import { el, clear, appBadge, platformLabel, APP_PLATFORMS, PLATFORMS, formatDateTime, toast, parseIds } from '../util.js';

const PLACEMENTS = ['inbox', 'requests', 'refused'];

export class SettingsView {
  constructor(app) {
    this.app = app;
    this.me = app.me();
    this.sections = {
      accounts: el('div'),
      consent: el('div'),
      controls: el('div'),
      blocks: el('div'),
      delivery: el('div'),
      device: el('div'),
    };
    this.pendingLink = null;
    this.node = el(
      'section',
      { class: 'settings', 'aria-label': 'Settings' },
      el(
        'header',
        { class: 'conversation-header' },
        el('button', { type: 'button', class: 'back', 'aria-label': 'Back to conversations', text: '‹', onclick: () => app.back() }),
        el('div', { class: 'conversation-heading' }, el('h2', { class: 'conversation-name', text: 'Settings' })),
      ),
      el(
        'div',
        { class: 'settings-body' },
        card('Linked accounts', this.sections.accounts),
        card('Cross-app messaging', this.sections.consent),
        card('Message controls', this.sections.controls),
        card('Blocked people', this.sections.blocks),
        card('Delivery preference', this.sections.delivery),
        card('Devices', this.sections.device),
      ),
    );
    this.load();
  }

  update() {
    // sections refresh themselves after each change
  }

  async load() {
    for (const section of Object.values(this.sections)) {
      clear(section).appendChild(el('p', { class: 'muted', text: 'Loading…' }));
    }
    this.renderDevice();
    await Promise.all([this.loadPerson(), this.loadLinks(), this.loadControls(), this.loadBlocks()]);
  }

  async loadPerson() {
    try {
      this.person = await people.get(this.me);
      this.app.setPerson(this.person);
    } catch (e) {
      showError(this.sections.consent, e);
      showError(this.sections.delivery, e);
      return;
    }
    this.renderConsent();
    this.renderDelivery();
  }

  // ------------------------------------------------------------ accounts and linking

  async loadLinks() {
    try {
      this.links = await people.links(this.me);
    } catch (e) {
      showError(this.sections.accounts, e);
      return;
    }
    this.renderAccounts();
  }

  renderAccounts() {
    const section = clear(this.sections.accounts);
    const accounts = (this.links && this.links.accounts) || (this.person && this.person.accounts) || [];
    const pending = (this.links && this.links.pending) || [];
    const status = el('p', { class: 'inline-status', role: 'alert' });

    section.appendChild(
      el(
        'ul',
        { class: 'plain-list', 'data-testid': 'linked-accounts' },
        accounts.map((a) =>
          el(
            'li',
            { class: 'row' },
            appBadge(a.platform, { 'data-testid': null }),
            el('span', { class: 'grow mono', text: a.accountId }),
            el('button', {
              type: 'button',
              class: 'ghost small',
              'aria-label': `Unlink ${platformLabel(a.platform)} account ${a.accountId}`,
              text: 'Unlink',
              onclick: async () => {
                if (!confirm(`Unlink ${platformLabel(a.platform)} account ${a.accountId}?`)) return;
                try {
                  await people.unlink(this.me, a.platform, a.accountId);
                  toast('Account unlinked.', 'info', 3000);
                  this.loadLinks();
                } catch (e) {
                  setStatus(status, e);
                }
              },
            }),
          ),
        ),
      ),
    );
    if (!accounts.length) section.appendChild(el('p', { class: 'muted', text: 'No linked accounts.' }));

    // link another app's account
    const fromSelect = el(
      'select',
      { id: 'link-from' },
      accounts.map((a) => el('option', { value: `${a.platform}\u0000${a.accountId}`, text: `${platformLabel(a.platform)}: ${a.accountId}` })),
    );
    const platformSelect = el('select', { id: 'link-platform', 'data-testid': 'link-platform' }, APP_PLATFORMS.map((p) => el('option', { value: p, text: platformLabel(p) })));
    const accountInput = el('input', { id: 'link-account', 'data-testid': 'link-account', type: 'text', required: true, autocomplete: 'off', placeholder: 'the account id on that app' });
    const startForm = el(
      'form',
      {
        class: 'form',
        onsubmit: async (event) => {
          event.preventDefault();
          const [fromPlatform, fromAccount] = fromSelect.value.split('\u0000');
          const target = { platform: platformSelect.value, accountId: accountInput.value.trim() };
          if (!target.accountId || !fromPlatform) return;
          try {
            const link = await people.startLink(this.me, { platform: fromPlatform, accountId: fromAccount }, target);
            this.pendingLink = link;
            accountInput.value = '';
            toast(`A code was sent to your ${platformLabel(target.platform)} account ${target.accountId}.`, 'info');
            this.loadLinks();
          } catch (e) {
            setStatus(status, e);
          }
        },
      },
      el('h4', { text: 'Link another app' }),
      el('label', { for: 'link-from', text: 'From your account' }),
      fromSelect,
      el('label', { for: 'link-platform', text: 'App' }),
      platformSelect,
      el('label', { for: 'link-account', text: 'Account id' }),
      accountInput,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'link-start', text: 'Send a code' }),
    );
    section.appendChild(startForm);

    const shownPending = [...pending];
    if (this.pendingLink && !shownPending.some((p) => p.linkId === this.pendingLink.linkId)) shownPending.unshift(this.pendingLink);
    for (const link of shownPending) section.appendChild(this.confirmForm(link));
    section.appendChild(status);
  }

  confirmForm(link) {
    const id = `link-code-${link.linkId}`;
    const status = el('p', { class: 'inline-status', role: 'alert' });
    const codeInput = el('input', { id, 'data-testid': 'link-code', type: 'text', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: 6, required: true, autocomplete: 'one-time-code' });
    const target = link.target || {};
    const attempts = el('p', { class: 'muted small', 'data-testid': 'attempts-left', text: attemptsText(link) });
    return el(
      'form',
      {
        class: 'form pending-link',
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const person = await people.confirmLink(this.me, link.linkId, codeInput.value.trim());
            this.pendingLink = null;
            if (person) this.app.setPerson(person);
            toast(`${platformLabel(target.platform)} account ${target.accountId} linked.`, 'info');
            this.loadLinks();
          } catch (e) {
            setStatus(status, e);
            if (e.details && e.details.attemptsLeft !== undefined) link.attemptsLeft = e.details.attemptsLeft;
            attempts.textContent = attemptsText(link);
          }
        },
      },
      el('h4', {}, 'Confirm ', appBadge(target.platform, { 'data-testid': null }), ` ${target.accountId || ''}`),
      el('p', { class: 'muted small', text: `Expires ${formatDateTime(link.expiresAt)}` }),
      el('label', { for: id, text: 'Six-digit code' }),
      codeInput,
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'link-confirm', text: 'Confirm' }),
      attempts,
      status,
    );
  }

  // ------------------------------------------------------------ consent

  renderConsent() {
    const section = clear(this.sections.consent);
    const status = el('p', { class: 'inline-status', role: 'alert' });
    const box = el('input', {
      type: 'checkbox',
      id: 'cross-app',
      'data-testid': 'cross-app',
      checked: !!this.person.crossAppEnabled,
      onchange: async () => {
        box.disabled = true;
        try {
          this.person = await people.setConsent(this.me, box.checked);
          this.app.setPerson(this.person);
          toast(box.checked ? 'Cross-app messaging is on.' : 'Cross-app messaging is off.', 'info', 3000);
        } catch (e) {
          box.checked = !box.checked;
          setStatus(status, e);
        }
        box.disabled = false;
      },
    });
    section.append(
      el('div', { class: 'row' }, box, el('label', { for: 'cross-app', text: 'Let messages cross between my apps (Instagram, Messenger, WhatsApp, Switchboard)' })),
      status,
    );
  }

  // ------------------------------------------------------------ message controls

  async loadControls() {
    let controls;
    try {
      controls = await people.controls(this.me);
    } catch (e) {
      showError(this.sections.controls, e);
      return;
    }
    const byPlatform = new Map();
    if (Array.isArray(controls)) controls.forEach((c) => c && byPlatform.set(c.sourcePlatform, c));
    else if (controls && typeof controls === 'object') {
      Object.entries(controls).forEach(([p, c]) => byPlatform.set(p, { sourcePlatform: p, ...c }));
    }
    const section = clear(this.sections.controls);
    section.appendChild(el('p', { class: 'muted small', text: 'Where messages land, per app they were written on: from people you already talk to (known) and from others (unknown).' }));
    const table = el('div', { class: 'controls-grid', role: 'group' }, el('span'), el('strong', { text: 'Known' }), el('strong', { text: 'Unknown' }));
    const platforms = [...new Set([...PLATFORMS, ...byPlatform.keys()])];
    for (const platform of platforms) {
      const control = byPlatform.get(platform) || { sourcePlatform: platform, known: 'inbox', unknown: 'requests' };
      const status = el('span', { class: 'inline-status small', role: 'alert' });
      const known = placementSelect(`control-${platform}-known`, control.known);
      const unknown = placementSelect(`control-${platform}-unknown`, control.unknown);
      const save = async () => {
        try {
          await people.setControl(this.me, platform, known.value, unknown.value);
          status.textContent = 'saved';
          status.className = 'inline-status small ok';
        } catch (e) {
          setStatus(status, e);
        }
      };
      known.addEventListener('change', save);
      unknown.addEventListener('change', save);
      table.append(
        el('span', { class: 'row' }, appBadge(platform, { 'data-testid': null }), status),
        el('span', {}, el('label', { for: known.id, class: 'visually-hidden', text: `${platformLabel(platform)}, known senders` }), known),
        el('span', {}, el('label', { for: unknown.id, class: 'visually-hidden', text: `${platformLabel(platform)}, unknown senders` }), unknown),
      );
    }
    section.appendChild(table);
  }

  // ------------------------------------------------------------ blocks

  async loadBlocks() {
    let blocks;
    try {
      blocks = await people.blocks(this.me);
    } catch (e) {
      showError(this.sections.blocks, e);
      return;
    }
    blocks = Array.isArray(blocks) ? blocks : [];
    this.app.setBlocked(blocks.map((b) => b.personId));
    const section = clear(this.sections.blocks);
    const status = el('p', { class: 'inline-status', role: 'alert' });
    section.appendChild(
      blocks.length
        ? el(
            'ul',
            { class: 'plain-list', 'data-testid': 'blocks' },
            blocks.map((b) =>
              el(
                'li',
                { class: 'row' },
                el('span', { class: 'grow', text: this.app.name(b.personId) }),
                el('span', { class: 'muted small', text: formatDateTime(b.createdAt) }),
                el('button', {
                  type: 'button',
                  class: 'ghost small',
                  'aria-label': `Unblock ${this.app.name(b.personId)}`,
                  text: 'Unblock',
                  onclick: async () => {
                    try {
                      await people.unblock(this.me, b.personId);
                      this.loadBlocks();
                    } catch (e) {
                      setStatus(status, e);
                    }
                  },
                }),
              ),
            ),
          )
        : el('p', { class: 'muted', text: 'You block nobody.' }),
    );
    const input = el('input', { id: 'block-person', 'data-testid': 'block-person', type: 'text', list: 'block-people', autocomplete: 'off', placeholder: 'person id' });
    const options = el(
      'datalist',
      { id: 'block-people' },
      this.app.state.demoPeople.filter((p) => p.personId !== this.me).map((p) => el('option', { value: p.personId, text: p.name })),
    );
    section.appendChild(
      el(
        'form',
        {
          class: 'form inline-form',
          onsubmit: async (event) => {
            event.preventDefault();
            const ids = parseIds(input.value);
            if (!ids.length) return;
            try {
              for (const id of ids) await people.block(this.me, id);
              input.value = '';
              this.loadBlocks();
            } catch (e) {
              setStatus(status, e);
            }
          },
        },
        el('label', { for: 'block-person', text: 'Block a person' }),
        input,
        options,
        el('button', { type: 'submit', 'data-testid': 'block-submit', text: 'Block' }),
      ),
    );
    section.appendChild(status);
  }

  // ------------------------------------------------------------ delivery

  renderDelivery() {
    const section = clear(this.sections.delivery);
    const status = el('p', { class: 'inline-status', role: 'alert' });
    const delivery = this.person.delivery || { mode: 'all' };
    const modes = [
      ['all', 'All my apps'],
      ['preferred', 'My preferred app'],
      ['last_used', 'The app I used last'],
    ];
    const radios = modes.map(([mode, label]) =>
      el(
        'div',
        { class: 'row' },
        el('input', { type: 'radio', name: 'delivery-mode', id: `delivery-${mode}`, value: mode, checked: delivery.mode === mode }),
        el('label', { for: `delivery-${mode}`, text: label }),
      ),
    );
    const preferred = el(
      'select',
      { id: 'delivery-platform' },
      APP_PLATFORMS.map((p) => el('option', { value: p, text: platformLabel(p), selected: delivery.preferredPlatform === p })),
    );
    section.appendChild(
      el(
        'form',
        {
          class: 'form',
          onsubmit: async (event) => {
            event.preventDefault();
            const chosen = section.querySelector('input[name="delivery-mode"]:checked');
            if (!chosen) return;
            try {
              this.person = await people.setDelivery(this.me, chosen.value, preferred.value);
              this.app.setPerson(this.person);
              status.textContent = 'Saved.';
              status.className = 'inline-status ok';
            } catch (e) {
              setStatus(status, e);
            }
          },
        },
        el('p', { class: 'muted small', text: 'Where messages to you go on your apps (Switchboard devices always get them).' }),
        radios,
        el('label', { for: 'delivery-platform', text: 'Preferred app' }),
        preferred,
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'delivery-save', text: 'Save' }),
        status,
      ),
    );
  }

  renderDevice() {
    const device = this.app.state.device || {};
    const list = el('div', {});
    clear(this.sections.device).append(
      el('p', {}, 'This browser: ', el('span', { class: 'mono', text: device.deviceId || '?' }), ', key ', el('span', { class: 'mono', text: device.keyId || '?' })),
      el('p', { class: 'muted small', text: device.privateKey ? 'End-to-end encryption is available on this device.' : 'This device has no private key: sealed messages cannot be sent or opened here.' }),
      el('p', { class: 'muted small', text: 'Remove the devices you no longer use: a person may have only so many, and each one gets your messages.' }),
      list,
    );
    showDevices(list, { me: this.me, currentDeviceId: device.deviceId || null });
  }
}

function attemptsText(link) {
  return link.attemptsLeft !== undefined && link.attemptsLeft !== null ? `${link.attemptsLeft} attempt(s) left` : '';
}

function card(title, body) {
  return el('section', { class: 'card' }, el('h3', { text: title }), body);
}

function placementSelect(id, value) {
  return el('select', { id }, PLACEMENTS.map((p) => el('option', { value: p, text: p, selected: value === p })));
}

function setStatus(node, error) {
  node.textContent = error.readable || error.message || 'Something went wrong.';
  node.className = node.className.replace(/\bok\b/, '').trim() + ' error';
}

function showError(section, error) {
  clear(section).appendChild(el('p', { class: 'inline-status error', role: 'alert', text: error.readable || error.message || 'Could not load.' }));
}
