// Small helpers shared by the views: DOM building (text only, never HTML), names, storage, toasts.

export const PLATFORMS = ['instagram', 'messenger', 'whatsapp', 'switchboard'];
export const APP_PLATFORMS = ['instagram', 'messenger', 'whatsapp'];
export const PLATFORM_LABELS = {
  instagram: 'Instagram',
  messenger: 'Messenger',
  whatsapp: 'WhatsApp',
  switchboard: 'Switchboard',
};

/**
 * Builds an element. attrs: plain attributes, plus `class`, `dataset`, `on<event>` handlers,
 * `text` (textContent) and boolean properties (`disabled`, `checked`, `hidden`, `value`).
 * Children are nodes or strings (strings become text nodes, never markup).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (['disabled', 'checked', 'hidden', 'value', 'selected', 'required', 'multiple'].includes(key)) {
      node[key] = value;
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function platformLabel(platform) {
  return PLATFORM_LABELS[platform] || platform || 'Unknown app';
}

export function appBadge(platform, extra = {}) {
  const p = PLATFORMS.includes(platform) ? platform : 'switchboard';
  return el('span', {
    class: `app-badge app-${p}`,
    'data-testid': 'app-badge',
    'data-platform': p,
    title: platformLabel(p),
    text: platformLabel(p),
    ...extra,
  });
}

/** A person as a button: an avatar with their initial, their name (or id), a badge per app account. */
export function personButton(person, testId, onclick) {
  const initial = (String(person.name || '?').trim()[0] || '?').toUpperCase();
  return el(
    'button',
    { type: 'button', class: 'person-button', 'data-testid': testId, onclick },
    el('span', { class: 'avatar', 'aria-hidden': 'true', text: initial }),
    el('span', { class: 'person-name', text: person.name || person.personId }),
    el('span', { class: 'badges' }, (person.accounts || []).map((a) => appBadge(a.platform, { 'data-testid': null, title: `${a.accountId}` }))),
  );
}

export function shortId(id) {
  return id ? String(id).slice(0, 8) : '?';
}

export function dmConversationId(a, b) {
  return 'sb:dm:' + [String(a), String(b)].sort().join(':');
}

export function isSwitchboardConversation(id) {
  return typeof id === 'string' && (id.startsWith('sb:dm:') || id.startsWith('sb:group:'));
}

export function isGroupConversation(id) {
  return typeof id === 'string' && id.startsWith('sb:group:');
}

export function newNonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const store = {
  get(key, fallback = null) {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },
  /** false when the value could not be stored (storage full or disabled). */
  set(key, value) {
    try {
      if (value === undefined || value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      // storage full or disabled: the app keeps working from memory, and says so once
      if (!storageWarned) {
        storageWarned = true;
        toast('This browser could not save data (storage full or disabled): drafts and unsent messages may not survive a reload.', 'error', 12000);
      }
      return false;
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // ignore
    }
  },
  /** Every stored key that starts with one of the prefixes. */
  keys(...prefixes) {
    const result = [];
    try {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key !== null && prefixes.some((p) => key.startsWith(p))) result.push(key);
      }
    } catch {
      // storage disabled
    }
    return result;
  },
};

let storageWarned = false;

export function formatTime(value) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  if (d.toDateString() === now.toDateString()) {
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

export function formatDateTime(value) {
  if (!value) return '';
  const d = new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Readable sentences for error codes of the WebSocket protocol and the HTTP APIs. */
const ERROR_TEXT = {
  malformed_frame: 'The app sent something the server could not read.',
  invalid_field: 'Some input was not accepted',
  unknown_type: 'The server does not know this action.',
  not_a_member: 'You are not a member of this conversation (or it does not exist yet).',
  seq_out_of_range: 'The conversation is not that long yet.',
  unknown_message: 'That message is not (yet) in this conversation.',
  not_yours: 'Only the person who wrote a message can change or unsend it.',
  not_a_group: 'This is not a group.',
  unknown_person: 'Someone in the list is not known to Switchboard.',
  too_many_members: 'The group would be too large.',
  nonce_reused: 'This message was already used for something else.',
  unavailable: 'The service is busy right now; trying again.',
  unauthorized: 'Your session is no longer valid: sign in again.',
  forbidden: 'You may not do that.',
  not_found: 'Not found.',
  invalid_request: 'Some input was not accepted',
  invalid_code: 'That code is not right.',
  code_expired: 'The code expired: start the link again.',
  too_many_attempts: 'Too many attempts: wait a while and try again.',
  rate_limited: 'Too many requests: wait a while and try again.',
  already_linked: 'That account is already linked.',
  account_taken: 'That account belongs to someone else.',
  link_already_confirmed: 'That link was already confirmed.',
  last_account: 'This is your last account: it cannot be removed.',
  too_many_blocks: 'You block too many people already.',
  preference_not_linked: 'You have no account on that app.',
  too_many_devices: 'You have too many devices: remove one first.',
  network: 'The server could not be reached.',
};

export function readableError(code, message) {
  const base = ERROR_TEXT[code];
  if (base && message && (code === 'invalid_field' || code === 'invalid_request')) {
    return `${base}: ${message}`;
  }
  if (base) return base;
  if (message) return message;
  return code ? `Something went wrong (${code}).` : 'Something went wrong.';
}

/** Receipt failure codes in words. */
export function failureText(errorCode, errorReason) {
  if (errorCode === 'recipient-has-no-e2e-endpoint') {
    return 'not delivered: the recipient has no end-to-end encrypted app';
  }
  if (errorReason) return `not delivered: ${errorReason}`;
  return errorCode ? `not delivered (${errorCode})` : 'not delivered';
}

let toastRoot = null;

export function toast(message, kind = 'error', timeoutMs = 6000) {
  if (!toastRoot) toastRoot = document.getElementById('toasts');
  if (!toastRoot) return;
  const item = el(
    'div',
    { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('span', { class: 'toast-text', text: message }),
    el('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', text: '×', onclick: () => item.remove() }),
  );
  toastRoot.appendChild(item);
  while (toastRoot.children.length > 5) toastRoot.removeChild(toastRoot.firstChild);
  if (timeoutMs) setTimeout(() => item.remove(), timeoutMs);
}

export function errorToast(error, prefix = '') {
  const text = error && error.readable ? error.readable : readableError(error && error.code, error && error.message);
  toast(prefix ? `${prefix}: ${text}` : text, 'error');
}

export function decodeJwt(token) {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(decodeURIComponent(escape(json)));
  } catch {
    return null;
  }
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function isHexColor(value) {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);
}

export function parseIds(text) {
  return String(text || '')
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
