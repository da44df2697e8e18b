// Boot, sign-in, device set-up, the state, frame handling and routing between the views.

import { configureApi, demo, people } from './api.js';
import { Connection, Outbox } from './connection.js';
import { ConversationLog, derive, EVENT } from './model.js';
import { loadDevice, registerDevice, forgetDevice, registeredRecently, deviceStillExists } from './device.js';
import { showDevices } from './views/devices.js';
import { sealText, rememberPlaintext, forgetPlaintexts } from './sealing.js';
import {
  el, clear, store, toast, errorToast, readableError, newNonce, dmConversationId, decodeJwt, debounce,
  isSwitchboardConversation, isGroupConversation, shortId, platformLabel, PLATFORMS,
} from './util.js';
import { renderSignIn } from './views/signin.js';
import { renderInbox } from './views/inbox.js';
import { ConversationView } from './views/conversation.js';
import { SettingsView } from './views/settings.js';
import { DemoPanel } from './views/demo.js';
import { openNewChat, openNewGroup, openGroupManage } from './views/dialogs.js';

const SESSION_KEY = 'sb.session';
const RANK = { sent: 1, delivered: 2, read: 3 };

const state = {
  session: null, // {personId, token, demo, expiresAt}
  device: null, // {deviceId, keyId, privateKey, publicKeyBase64}
  demoMode: false,
  demoPeople: [],
  people: new Map(), // personId → {personId, name, accounts}
  person: null, // GET /api/v1/people/{me}
  status: 'offline',
  statusDetail: '',
  conversations: new Map(), // conversationId → inbox entry (most recent first)
  inboxLoaded: false,
  logs: new Map(), // conversationId → ConversationLog
  receipts: new Map(), // messageId → {rank, failed, readers}
  sentMessageIds: new Set(),
  localSent: new Map(), // messageId → outbox item answered `sent`, until its log entry arrives
  typing: new Map(), // conversationId → Map(personId → {until, sender})
  blocked: new Set(),
  view: { screen: 'inbox', conversationId: null, folder: 'inbox' },
  demoOpen: false,
};

let connection = null;
let outbox = null;
let refCounter = 0;
const pendingWrites = new Map(); // ref → description
const acked = new Map(); // conversationId → seq the server confirmed (`acked`)
const ackSent = new Map(); // conversationId → seq of an `ack` sent on this connection, not answered yet
let readUpTo = {}; // conversationId → seq of the latest message read, once the server accepted it
const readSent = new Map(); // conversationId → seq of the latest `read` sent on this connection
const pendingReads = new Map(); // ref → {conversationId, seq}
const toDeliver = new Map(); // conversationId → messageIds of others that arrived, not reported yet
const delivered = new Set(); // messageIds reported `delivered` from this page
let deliverTimer = null;
const pendingSyncs = []; // conversationIds with a `sync` sent and no `synced` yet, oldest first
const syncRetries = new Map(); // conversationId → {timer, attempts}
const awaitingCreation = new Map(); // conversationId → until (ms): created here, not in the log yet
let sessionGeneration = 0;
let shell = null;
let mainView = null; // ConversationView | SettingsView
let demoPanel = null;
let renderQueued = false;

const me = () => (state.session ? state.session.personId : null);

// ---------------------------------------------------------------- names and conversation facts

function name(personId) {
  if (!personId) return 'Someone';
  const known = state.people.get(personId);
  if (known && known.name) return known.name;
  for (const summary of state.conversations.values()) {
    const account = (summary.accounts || []).find((a) => a.personId === personId);
    if (account) return `${account.accountId} (${platformLabel(account.platform)})`;
  }
  return shortId(personId);
}

function senderName(sender) {
  if (!sender) return 'Someone';
  if (sender.personId && sender.personId === me()) return 'You';
  if (sender.personId) return name(sender.personId);
  return `${sender.accountId || '?'} (${platformLabel(sender.platform)})`;
}

function dmMembers(conversationId) {
  if (!conversationId.startsWith('sb:dm:')) return [];
  const parts = conversationId.slice('sb:dm:'.length).split(':');
  return parts.length === 2 ? parts : [];
}

function members(conversationId) {
  const result = new Set();
  const summary = state.conversations.get(conversationId);
  if (summary && Array.isArray(summary.members)) summary.members.forEach((m) => result.add(m));
  dmMembers(conversationId).forEach((m) => result.add(m));
  const log = state.logs.get(conversationId);
  if (log && isGroupConversation(conversationId) && log.entries.size) {
    const derived = derive(log, me());
    if (derived.members.size) {
      // the log is newer than the inbox when it holds later changes
      const summarySeq = summary ? Number(summary.lastSeq || 0) : 0;
      if (log.maxSeq >= summarySeq) return [...derived.members];
    }
  }
  return [...result];
}

function otherApp(conversationId) {
  const summary = state.conversations.get(conversationId);
  const accounts = (summary && summary.accounts) || [];
  const others = accounts.filter((a) => a && a.personId !== me());
  const app = others.find((a) => a.platform !== 'switchboard') || others[0];
  if (app && PLATFORMS.includes(app.platform)) return app.platform;
  if (isSwitchboardConversation(conversationId)) return 'switchboard';
  const prefix = String(conversationId).split(':')[0];
  return PLATFORMS.includes(prefix) ? prefix : 'switchboard';
}

function conversationInfo(conversationId) {
  const summary = state.conversations.get(conversationId) || null;
  const log = state.logs.get(conversationId);
  const derived = log ? derive(log, me(), state.blocked) : null;
  const group = (summary && summary.kind === 'group') || isGroupConversation(conversationId);
  let title;
  let theme = (summary && summary.theme) || null;
  if (derived && derived.theme && log.maxSeq >= Number((summary && summary.lastSeq) || 0)) theme = derived.theme;
  if (group) {
    title = (derived && derived.name && log.maxSeq >= Number((summary && summary.lastSeq) || 0) && derived.name)
      || (summary && summary.name) || (derived && derived.name) || 'Group';
  } else {
    const others = members(conversationId).filter((m) => m !== me());
    if (others.length) title = others.map(name).join(', ');
    else {
      const account = ((summary && summary.accounts) || []).find((a) => a.personId !== me());
      title = account ? `${account.accountId} (${platformLabel(account.platform)})` : (summary && summary.name) || conversationId;
    }
  }
  return { conversationId, summary, group, title, theme, app: otherApp(conversationId), members: members(conversationId) };
}

// ---------------------------------------------------------------- rendering

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function render() {
  if (!shell) return;
  shell.status.textContent = state.status;
  shell.status.className = `status status-${state.status}`;
  shell.status.title = state.statusDetail || state.status;
  shell.root.classList.toggle('show-main', state.view.screen !== 'inbox');
  shell.root.classList.toggle('demo-open', state.demoOpen);
  renderInbox(shell.list, app);
  if (mainView) mainView.update();
  if (demoPanel) demoPanel.setOpen(state.demoOpen);
}

function buildShell() {
  const root = document.getElementById('app');
  clear(root);
  const status = el('span', { class: 'status status-offline', 'data-testid': 'connection-status', role: 'status', 'aria-live': 'polite', text: 'offline' });
  const who = el('span', { class: 'who', text: name(me()) });
  const demoButton = state.demoMode
    ? el('button', { type: 'button', class: 'ghost', 'data-testid': 'demo-toggle', 'aria-label': 'Demo panel', text: 'Demo', onclick: () => { state.demoOpen = !state.demoOpen; store.set('sb.demoOpen', state.demoOpen); render(); } })
    : null;
  const top = el(
    'header',
    { class: 'topbar' },
    el('span', { class: 'brand', text: 'Switchboard' }),
    status,
    el('span', { class: 'spacer' }),
    who,
    el('button', { type: 'button', class: 'ghost', 'data-testid': 'settings', 'aria-label': 'Settings', text: '⚙ Settings', onclick: () => navigate('#/settings') }),
    demoButton,
    el('button', { type: 'button', class: 'ghost', 'aria-label': 'Sign out', text: 'Sign out', onclick: () => signOut({ forget: true }) }),
  );
  const list = el('div', { class: 'inbox' });
  const listPane = el(
    'section',
    { class: 'pane pane-list', 'aria-label': 'Conversations' },
    el(
      'div',
      { class: 'pane-actions' },
      el('button', { type: 'button', class: 'primary', 'data-testid': 'new-chat', text: '+ New chat', onclick: () => openNewChat(app) }),
      el('button', { type: 'button', 'data-testid': 'new-group', text: 'New group', onclick: () => openNewGroup(app) }),
    ),
    list,
  );
  const main = el('section', { class: 'pane pane-main', 'aria-label': 'Conversation' });
  const layout = el('div', { class: 'layout' }, listPane, main);
  const frame = el('div', { class: 'shell' }, top, layout);
  root.appendChild(frame);
  shell = { root: frame, status, list, main, layout, who };
  if (state.demoMode) {
    demoPanel = new DemoPanel(app);
    layout.appendChild(demoPanel.node);
  }
}

function showMain(view) {
  if (mainView && mainView.dispose) mainView.dispose();
  mainView = view;
  clear(shell.main);
  if (view) shell.main.appendChild(view.node);
  else shell.main.appendChild(el('div', { class: 'empty-main' }, el('p', { text: 'Pick a conversation, or start a new chat.' })));
}

// ---------------------------------------------------------------- routing

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  if (!shell) return;
  const hash = location.hash || '#/';
  if (hash.startsWith('#/c/')) {
    let conversationId;
    try {
      conversationId = decodeURIComponent(hash.slice(4));
    } catch {
      conversationId = '';
    }
    if (!conversationId) {
      navigate('#/');
      return;
    }
    if (state.view.screen !== 'conversation' || state.view.conversationId !== conversationId) {
      state.view = { ...state.view, screen: 'conversation', conversationId };
      showMain(new ConversationView(app, conversationId));
      openConversation(conversationId);
    }
  } else if (hash === '#/settings') {
    if (state.view.screen !== 'settings') {
      state.view = { ...state.view, screen: 'settings', conversationId: null };
      showMain(new SettingsView(app));
    }
  } else {
    state.view = { ...state.view, screen: 'inbox', conversationId: null };
    if (!(mainView === null)) showMain(null);
    else if (!shell.main.firstChild) showMain(null);
  }
  render();
}

// ---------------------------------------------------------------- the log and the frames

function logFor(conversationId) {
  let log = state.logs.get(conversationId);
  if (!log) {
    log = new ConversationLog(conversationId);
    state.logs.set(conversationId, log);
  }
  return log;
}

const requestInbox = debounce(() => {
  if (connection && connection.connected) connection.send({ type: 'inbox', ref: 'inbox' });
}, 600);

function sync(conversationId, since) {
  const log = logFor(conversationId);
  if (!connection || !connection.connected) return;
  const retry = syncRetries.get(conversationId);
  if (retry) clearTimeout(retry.timer);
  log.syncing = true;
  const at = pendingSyncs.indexOf(conversationId);
  if (at >= 0) pendingSyncs.splice(at, 1);
  pendingSyncs.push(conversationId);
  connection.send({ type: 'sync', conversationId, since: Math.max(0, since) });
}

/** Syncs again after a pause (an `unavailable` answer, or a group the log does not hold yet). */
function retrySync(conversationId, delayMs) {
  const retry = syncRetries.get(conversationId) || { timer: null, attempts: 0 };
  clearTimeout(retry.timer);
  retry.attempts += 1;
  const delay = Math.min(30000, delayMs * 2 ** Math.min(retry.attempts - 1, 4)) * (0.75 + Math.random() * 0.5);
  retry.timer = setTimeout(() => {
    const log = state.logs.get(conversationId);
    if (!log || log.syncing || !connection || !connection.connected) return;
    sync(conversationId, log.contiguous);
  }, delay);
  syncRetries.set(conversationId, retry);
}

function syncSettled(conversationId) {
  const at = pendingSyncs.indexOf(conversationId);
  if (at >= 0) pendingSyncs.splice(at, 1);
}

function isOpen(conversationId) {
  return state.view.screen === 'conversation' && state.view.conversationId === conversationId && !document.hidden;
}

/** The conversation the view shows, hidden tab or not. */
function viewedConversation() {
  return state.view.screen === 'conversation' ? state.view.conversationId : null;
}

/** A conversation started here that the server does not hold yet: nothing to sync. */
function localOnly(conversationId) {
  const summary = state.conversations.get(conversationId);
  const log = state.logs.get(conversationId);
  return !!(summary && summary.local && !Number(summary.lastSeq || 0) && (!log || log.maxSeq === 0));
}

function openConversation(conversationId) {
  const log = logFor(conversationId);
  const summary = state.conversations.get(conversationId);
  if (summary && !document.hidden) summary.unread = 0;
  if (localOnly(conversationId)) {
    // its first entry arrives as a pushed `message` frame once it exists
    log.synced = true;
    return;
  }
  const known = Math.max(log.maxSeq, Number((summary && summary.lastSeq) || 0));
  if (!log.syncing && (!log.synced || log.contiguous < known)) sync(conversationId, log.contiguous);
  else ackAndRead(conversationId);
}

function ackAndRead(conversationId) {
  if (!isOpen(conversationId) || !connection || !connection.connected) return;
  const log = state.logs.get(conversationId);
  if (!log || log.contiguous < 1) return;
  if (Math.max(acked.get(conversationId) || 0, ackSent.get(conversationId) || 0) < log.contiguous) {
    // recorded once the server answers `acked`
    if (connection.send({ type: 'ack', conversationId, seq: log.contiguous })) ackSent.set(conversationId, log.contiguous);
  }
  const summary = state.conversations.get(conversationId);
  if (summary) summary.unread = 0;
  const derived = derive(log, me(), state.blocked);
  const since = Math.max(readUpTo[conversationId] || 0, readSent.get(conversationId) || 0);
  const unreadFromOthers = derived.items.filter((m) => m.kind === 'message' && !m.mine && !m.deleted && m.messageId && m.seq > since);
  if (unreadFromOthers.length) {
    // The latest few only: read receipts are one frame each and the gateway rate-limits frames.
    // The position moves once the server accepted them; after a reconnect they go again.
    for (const message of unreadFromOthers.slice(-10)) {
      const ref = `r${(refCounter += 1)}`;
      if (!connection.send({ type: 'read', conversationId, messageId: message.messageId, ref })) return;
      pendingReads.set(ref, { conversationId, seq: message.seq });
    }
    readSent.set(conversationId, unreadFromOthers[unreadFromOthers.length - 1].seq);
  }
}

/**
 * Reports others' messages that reached this device as `delivered`, a moment after they came, one
 * frame per conversation and at most ten frames a second, well inside the gateway's rate limit
 * (best effort: `read` says more).
 */
function deliverLater(frame) {
  const summary = state.conversations.get(frame.conversationId);
  const cursor = Math.max(acked.get(frame.conversationId) || 0, Number(summary && summary.ackedSeq) || 0);
  const seen = Math.max(readUpTo[frame.conversationId] || 0, cursor);
  if (Number(frame.seq) <= seen || delivered.has(frame.messageId)) return;
  if (!toDeliver.has(frame.conversationId)) toDeliver.set(frame.conversationId, new Set());
  toDeliver.get(frame.conversationId).add(frame.messageId);
  if (!deliverTimer) deliverTimer = setTimeout(sendDelivered, 300);
}

function sendDelivered() {
  deliverTimer = null;
  if (!connection || !connection.connected) {
    deliverTimer = setTimeout(sendDelivered, 1000); // after the reconnect
    return;
  }
  let frames = 0;
  for (const [conversationId, ids] of toDeliver) {
    if (frames === 10) break;
    toDeliver.delete(conversationId);
    const messageIds = [...ids].slice(-100); // only ids not reported yet are queued
    frames += 1;
    if (!connection.send({ type: 'delivered', conversationId, messageIds, ref: 'delivered' })) {
      toDeliver.set(conversationId, new Set(messageIds)); // not sent: again with the next round
      break;
    }
    messageIds.forEach((id) => delivered.add(id));
  }
  if (toDeliver.size) deliverTimer = setTimeout(sendDelivered, 1000);
}

function readDone(ref) {
  const read = pendingReads.get(ref);
  if (!read) return false;
  pendingReads.delete(ref);
  if ((readUpTo[read.conversationId] || 0) < read.seq) {
    readUpTo[read.conversationId] = read.seq;
    store.set(`sb.read.${me()}`, readUpTo);
  }
  return true;
}

function onAcked(frame) {
  if (!frame.conversationId) return;
  const seq = Number(frame.seq) || 0;
  if ((acked.get(frame.conversationId) || 0) < seq) acked.set(frame.conversationId, seq);
  if ((ackSent.get(frame.conversationId) || 0) <= seq) ackSent.delete(frame.conversationId);
}

function onFrame(frame) {
  switch (frame.type) {
    case 'message':
      onMessage(frame);
      break;
    case 'synced':
      onSynced(frame);
      break;
    case 'inbox':
      onInbox(frame);
      break;
    case 'sent':
      onSent(frame);
      break;
    case 'group.created':
      onGroupCreated(frame);
      break;
    case 'accepted':
      if (frame.ref && !readDone(frame.ref)) pendingWrites.delete(frame.ref);
      break;
    case 'acked':
      onAcked(frame);
      break;
    case 'error':
      onError(frame);
      break;
    case 'receipt':
      onReceipt(frame);
      break;
    case 'typing':
      onTyping(frame);
      break;
    default:
      break; // frames this client does not know
  }
  scheduleRender();
}

function onMessage(frame) {
  if (!frame.conversationId) return;
  const log = logFor(frame.conversationId);
  if (!log.add(frame)) return;
  if (awaitingCreation.has(frame.conversationId)) {
    // a conversation created here is in the log now: read it from the start
    awaitingCreation.delete(frame.conversationId);
    const retry = syncRetries.get(frame.conversationId);
    if (retry) clearTimeout(retry.timer);
    syncRetries.delete(frame.conversationId);
    if (!log.syncing && log.contiguous < log.maxSeq) sync(frame.conversationId, log.contiguous);
    else log.synced = log.synced || log.contiguous === log.maxSeq;
  }
  const summary = state.conversations.get(frame.conversationId);
  const fromOther = !(frame.sender && frame.sender.personId === me());
  if (!summary) {
    requestInbox();
  } else if (Number(frame.seq) > Number(summary.lastSeq || 0)) {
    summary.lastSeq = frame.seq;
    summary.lastAt = frame.receivedAt || summary.lastAt;
    if (fromOther && frame.eventType === EVENT.created && !isOpen(frame.conversationId)) summary.unread = (summary.unread || 0) + 1;
    requestInbox();
  }
  if (frame.eventType === EVENT.created && frame.messageId && state.device) {
    const prefix = `sb.${state.device.deviceId}.`;
    if (frame.messageId.startsWith(prefix) && outbox) {
      // the `sent` answer may have been lost with a dropped connection
      if (outbox.find(frame.messageId.slice(prefix.length))) outbox.settle(frame.messageId.slice(prefix.length));
      state.sentMessageIds.add(frame.messageId);
    }
    state.localSent.delete(frame.messageId);
    const typers = state.typing.get(frame.conversationId);
    if (typers && frame.sender && frame.sender.personId) typers.delete(frame.sender.personId);
  }
  if (fromOther && frame.eventType === EVENT.created && frame.messageId) deliverLater(frame);
  if (!log.syncing && log.synced && log.contiguous < log.maxSeq && viewedConversation() === frame.conversationId) {
    // a gap below a pushed entry of the conversation on screen: fill it
    sync(frame.conversationId, log.contiguous);
    return;
  }
  if (!log.syncing) ackAndRead(frame.conversationId);
}

function onSynced(frame) {
  if (!frame.conversationId) return;
  const log = logFor(frame.conversationId);
  syncSettled(frame.conversationId);
  const retry = syncRetries.get(frame.conversationId);
  if (retry) clearTimeout(retry.timer);
  syncRetries.delete(frame.conversationId);
  awaitingCreation.delete(frame.conversationId);
  if (frame.more) {
    sync(frame.conversationId, Number(frame.until) || log.contiguous);
    return;
  }
  log.syncing = false;
  log.synced = true;
  if (log.contiguous < Number(frame.lastSeq || 0) && Number(frame.until) >= Number(frame.lastSeq || 0)) {
    // entries missing below `until` (should not happen): ask again from the gap
    sync(frame.conversationId, log.contiguous);
    return;
  }
  ackAndRead(frame.conversationId);
}

function onInbox(frame) {
  const list = Array.isArray(frame.conversations) ? frame.conversations : [];
  const next = new Map();
  for (const c of list) {
    if (!c || !c.conversationId) continue;
    if (isOpen(c.conversationId)) c.unread = 0;
    next.set(c.conversationId, c);
  }
  // conversations started here that the server does not list yet stay
  for (const [id, c] of state.conversations) if (c.local && !next.has(id)) next.set(id, c);
  state.conversations = next;
  state.inboxLoaded = true;
  if (shell) shell.who.textContent = name(me());
  // the inbox may know of entries of the conversation on screen that this device has not seen
  const viewed = viewedConversation();
  const log = viewed ? state.logs.get(viewed) : null;
  const summary = viewed ? next.get(viewed) : null;
  if (log && summary && !log.syncing && log.contiguous < Number(summary.lastSeq || 0)) sync(viewed, log.contiguous);
}

function onSent(frame) {
  if (frame.messageId) state.sentMessageIds.add(frame.messageId);
  const item = outbox && frame.nonce ? outbox.settle(frame.nonce, frame) : null;
  if (item && item.type === 'send' && frame.messageId) {
    const log = state.logs.get(item.conversationId);
    const logged = log && [...log.entries.values()].some((e) => e.messageId === frame.messageId);
    if (!logged) state.localSent.set(frame.messageId, { ...item, messageId: frame.messageId });
  }
}

function onGroupCreated(frame) {
  const item = outbox && frame.nonce ? outbox.settle(frame.nonce, frame) : null;
  if (!frame.conversationId) return;
  if (!state.conversations.has(frame.conversationId) && item && item.frame) {
    state.conversations.set(frame.conversationId, {
      conversationId: frame.conversationId,
      kind: 'group',
      name: item.frame.name || null,
      theme: item.frame.theme || null,
      members: [me(), ...(item.frame.members || [])],
      accounts: [],
      lastSeq: 0,
      unread: 0,
      lastAt: new Date().toISOString(),
      local: true,
    });
  }
  requestInbox();
  const log = logFor(frame.conversationId);
  if (log.maxSeq === 0) {
    // The group takes reads and writes once the fan-out stored its creation; that arrives as its
    // first `message` frame. Should that frame be missed, sync again after a pause.
    awaitingCreation.set(frame.conversationId, Date.now() + 60000);
    log.synced = true;
    retrySync(frame.conversationId, 3000);
  }
  if (item) {
    toast('Group created.', 'info', 3000);
    navigate(`#/c/${encodeURIComponent(frame.conversationId)}`);
  }
}

function onError(frame) {
  const readable = readableError(frame.code, frame.message);
  if (frame.ref === 'typing' || frame.ref === 'delivered') return; // best effort
  if (frame.ref === 'inbox') {
    if (frame.code === 'unavailable') setTimeout(requestInbox, 3000 + Math.random() * 2000);
    return;
  }
  if (frame.nonce && outbox && outbox.find(frame.nonce)) {
    outbox.refused(frame.nonce, frame.code, readable);
    toast(frame.code === 'unavailable' ? readable : `Not sent: ${readable}`, frame.code === 'unavailable' ? 'info' : 'error');
    return;
  }
  if (frame.ref && pendingReads.has(frame.ref)) {
    // a message that is not there to read will never be: move past it; anything else goes again
    const read = pendingReads.get(frame.ref);
    if (frame.code === 'unknown_message') readDone(frame.ref);
    else {
      pendingReads.delete(frame.ref);
      if ((readSent.get(read.conversationId) || 0) >= read.seq) readSent.delete(read.conversationId);
    }
    return;
  }
  if (!frame.ref && !frame.nonce && pendingSyncs.length && onSyncError(frame)) return;
  const description = frame.ref ? pendingWrites.get(frame.ref) : null;
  if (frame.ref) pendingWrites.delete(frame.ref);
  if (frame.ref === 'read' && frame.code === 'unknown_message') return;
  toast(description ? `${description} failed: ${readable}` : readable, 'error');
}

/**
 * An error without nonce or ref, while a `sync` waits: the answer to the oldest one (errors of
 * `sync` name no conversation). True when handled.
 */
function onSyncError(frame) {
  if (!['not_a_member', 'unavailable'].includes(frame.code)) return false;
  const conversationId = pendingSyncs.shift();
  const log = logFor(conversationId);
  log.syncing = false;
  if (frame.code === 'unavailable') {
    retrySync(conversationId, 2000);
    return true;
  }
  const waiting = awaitingCreation.get(conversationId);
  if (waiting && waiting > Date.now()) {
    // a group created here that the log does not hold yet
    log.synced = true;
    retrySync(conversationId, 2000);
    return true;
  }
  awaitingCreation.delete(conversationId);
  log.synced = true;
  const notYet = localOnly(conversationId) || (dmMembers(conversationId).includes(me()) && log.maxSeq === 0);
  if (notYet) return true; // a direct chat without a message yet: its first message creates it
  return false; // shown: the person is not (or no longer) a member
}

function onReceipt(frame) {
  const ids = Array.isArray(frame.messageIds) ? frame.messageIds : [];
  for (const messageId of ids) {
    const receipt = state.receipts.get(messageId) || { rank: 0, failed: null, readers: new Set() };
    if (frame.status === 'failed') {
      receipt.failed = { code: frame.errorCode || null, reason: frame.errorReason || null };
    } else if (RANK[frame.status]) {
      receipt.rank = Math.max(receipt.rank, RANK[frame.status]);
      if (frame.reader && frame.reader.personId) receipt.readers.add(frame.reader.personId);
    }
    state.receipts.set(messageId, receipt);
  }
}

function onTyping(frame) {
  const personId = frame.sender && frame.sender.personId;
  if (!frame.conversationId || !personId || personId === me()) return;
  if (!state.typing.has(frame.conversationId)) state.typing.set(frame.conversationId, new Map());
  const typers = state.typing.get(frame.conversationId);
  if (frame.typing) {
    const until = frame.expiresAt ? Date.parse(frame.expiresAt) : Date.now() + 6000;
    typers.set(personId, { until: Number.isNaN(until) ? Date.now() + 6000 : until, sender: frame.sender });
    setTimeout(scheduleRender, Math.max(0, (Number.isNaN(until) ? Date.now() + 6000 : until) - Date.now()) + 50);
  } else typers.delete(personId);
}

function typingPeople(conversationId) {
  const typers = state.typing.get(conversationId);
  if (!typers) return [];
  const now = Date.now();
  const result = [];
  for (const [personId, t] of typers) {
    if (t.until < now) typers.delete(personId);
    else result.push(personId);
  }
  return result;
}

/** The delivery state of one of my messages: sent | delivered | read | failed. */
function messageState(messageId) {
  const receipt = state.receipts.get(messageId);
  if (!receipt) return { state: 'sent' };
  if (receipt.failed && receipt.rank < RANK.delivered) return { state: 'failed', failed: receipt.failed };
  if (receipt.rank >= RANK.read) return { state: 'read' };
  if (receipt.rank >= RANK.delivered) return { state: 'delivered' };
  return { state: 'sent' };
}

// ---------------------------------------------------------------- writes

function write(frame, description) {
  if (!connection || !connection.connected) {
    toast(`${description}: you are offline. Try again once connected.`, 'error');
    return false;
  }
  const ref = `w${(refCounter += 1)}`;
  pendingWrites.set(ref, description);
  try {
    if (!connection.send({ ...frame, ref })) {
      pendingWrites.delete(ref);
      toast(`${description}: you are offline. Try again once connected.`, 'error');
      return false;
    }
  } catch (e) {
    pendingWrites.delete(ref);
    errorToast(e, description);
    return false;
  }
  return true;
}

function isSealed(conversationId) {
  return isSwitchboardConversation(conversationId) && store.get(`sb.sealed.${conversationId}`, false) === true;
}

function setSealed(conversationId, on) {
  store.set(`sb.sealed.${conversationId}`, on ? true : null);
  scheduleRender();
}

function ensureLocalConversation(conversationId) {
  if (state.conversations.has(conversationId)) return;
  const dm = dmMembers(conversationId);
  state.conversations.set(conversationId, {
    conversationId,
    kind: isGroupConversation(conversationId) ? 'group' : 'direct',
    name: null,
    theme: null,
    lastSeq: 0,
    ackedSeq: 0,
    unread: 0,
    request: false,
    lastAt: new Date().toISOString(),
    members: dm,
    accounts: [],
    local: true,
  });
}

/** true when the message is in the outbox (it is sent from there, now or once connected). */
function sendText(conversationId, text, replyTo) {
  if (!outbox || !state.device) {
    toast('Not ready to send yet: try again in a moment.', 'error');
    return false;
  }
  const nonce = newNonce();
  const messageId = `sb.${state.device.deviceId}.${nonce}`;
  const sealed = isSealed(conversationId);
  if (sealed) rememberPlaintext(messageId, text, me());
  ensureLocalConversation(conversationId);
  outbox.add({ nonce, type: 'send', conversationId, text, replyTo: replyTo || null, sealed, messageId });
  scheduleRender();
  return true;
}

async function prepare(item) {
  if (item.type !== 'send') return item.frame;
  const content = item.sealed
    ? await sealText(item.messageId, item.text, members(item.conversationId).filter((m) => m !== me()), me(), state.device)
    : { kind: 'plain', text: item.text };
  const frame = { type: 'send', nonce: item.nonce, conversationId: item.conversationId, content };
  if (item.replyTo) frame.replyTo = item.replyTo;
  return frame;
}

/** true once the edit was handed to the connection; false leaves it to the person. */
async function editMessage(conversationId, message, text) {
  if (!connection || !connection.connected) {
    toast('Edit: you are offline. Try again once connected.', 'error');
    return false;
  }
  let content = { kind: 'plain', text };
  if (message.content && message.content.kind === 'sealed') {
    try {
      content = await sealText(message.messageId, text, members(conversationId).filter((m) => m !== me()), me(), state.device);
    } catch (e) {
      errorToast(e, 'Edit');
      return false;
    }
  }
  return write({ type: 'edit', conversationId, messageId: message.messageId, content }, 'Edit');
}

function unsend(conversationId, messageId) {
  write({ type: 'unsend', conversationId, messageId }, 'Unsend');
}

function react(conversationId, messageId, reaction, remove) {
  const frame = { type: 'react', conversationId, messageId, reaction };
  if (remove) frame.remove = true;
  write(frame, remove ? 'Removing the reaction' : 'Reaction');
}

function sendTyping(conversationId, typing) {
  if (!connection || !connection.connected) return;
  const log = state.logs.get(conversationId);
  const summary = state.conversations.get(conversationId);
  const exists = (log && log.maxSeq > 0) || (summary && !summary.local);
  if (!exists) return; // members only: a conversation not created yet has none
  try {
    connection.send({ type: 'typing', conversationId, typing, ref: 'typing' });
  } catch {
    // best effort
  }
}

function createGroup({ name: groupName, theme, memberIds }) {
  if (!outbox) return;
  const nonce = newNonce();
  const frame = { type: 'group.create', nonce, members: memberIds };
  if (groupName) frame.name = groupName;
  if (theme) frame.theme = theme;
  outbox.add({ nonce, type: 'group.create', frame });
  if (!connection || !connection.connected) toast('Offline: the group will be created once connected.', 'info');
}

function groupChange(type, conversationId, fields, description) {
  return write({ type, conversationId, ...fields }, description);
}

function startChat(otherPersonId) {
  const other = String(otherPersonId || '').trim();
  if (!other) return;
  if (other === me()) {
    toast('That is you: pick someone else.', 'error');
    return;
  }
  const conversationId = dmConversationId(me(), other);
  ensureLocalConversation(conversationId);
  navigate(`#/c/${encodeURIComponent(conversationId)}`);
}

// ---------------------------------------------------------------- drafts

function draft(conversationId) {
  return store.get(`sb.draft.${me()}.${conversationId}`, '');
}

function saveDraft(conversationId, text) {
  store.set(`sb.draft.${me()}.${conversationId}`, text ? text : null);
}

// ---------------------------------------------------------------- sign-in and session

function saveSession(session) {
  state.session = session;
  store.set(SESSION_KEY, session);
}

async function renewToken() {
  if (!state.session) return null;
  if (!state.session.demo) {
    toast('Your session expired: sign in again.', 'error', 0);
    return null;
  }
  try {
    const answer = await demo.token(state.session.personId);
    saveSession({ ...state.session, token: answer.token, expiresAt: answer.expiresAt });
    return answer.token;
  } catch (e) {
    errorToast(e, 'Renewing the session');
    return null;
  }
}

function tokenExpired(token) {
  const claims = decodeJwt(token);
  return !!(claims && typeof claims.exp === 'number' && claims.exp * 1000 < Date.now() + 5000);
}

async function loadDemo() {
  try {
    const list = await demo.people();
    if (Array.isArray(list)) {
      state.demoMode = true;
      state.demoPeople = list;
      for (const p of list) if (p && p.personId) state.people.set(p.personId, p);
    }
  } catch {
    state.demoMode = false;
  }
}

function showSignIn(message) {
  shell = null;
  const root = document.getElementById('app');
  renderSignIn(root, {
    demoPeople: state.demoMode ? state.demoPeople : [],
    message,
    onDemo: async (personId) => {
      try {
        const answer = await demo.token(personId);
        await startSession({ personId, token: answer.token, demo: true, expiresAt: answer.expiresAt });
      } catch (e) {
        showSignIn(e.readable || readableError(e.code, e.message));
      }
    },
    onToken: async (token, personId) => {
      const claims = decodeJwt(token);
      const id = personId || (claims && claims.sub);
      if (!id) {
        showSignIn('Enter your person id (the token does not name one).');
        return;
      }
      if (tokenExpired(token)) {
        showSignIn('This token has expired.');
        return;
      }
      await startSession({ personId: id, token, demo: false, expiresAt: claims && claims.exp ? new Date(claims.exp * 1000).toISOString() : null });
    },
  });
}

/**
 * This browser cannot become one of the person's devices while they have as many as allowed: they
 * remove one they no longer use, right here, and continue. The session stays, so a reload comes
 * back to this screen.
 */
function showTooManyDevices(session, generation) {
  const root = document.getElementById('app');
  const list = el('div', {});
  const proceed = el('button', {
    type: 'button',
    class: 'primary',
    'data-testid': 'devices-continue',
    text: 'Continue',
    onclick: () => {
      if (generation === sessionGeneration) startSession(session);
    },
  });
  clear(root).appendChild(
    el(
      'main',
      { class: 'signin', 'data-testid': 'too-many-devices' },
      el('h1', { class: 'signin-title' }, el('span', { class: 'brand', text: 'Switchboard' })),
      el(
        'section',
        { class: 'card', 'aria-labelledby': 'too-many-devices-title' },
        el('h2', { id: 'too-many-devices-title', text: 'This browser cannot be added yet' }),
        el('p', { text: 'You have as many Switchboard devices as a person may have. Remove one you no longer use, then continue.' }),
        list,
        el(
          'div',
          { class: 'row' },
          proceed,
          el('button', {
            type: 'button',
            class: 'ghost',
            text: 'Sign out',
            onclick: () => {
              sessionGeneration += 1;
              endSession();
              showSignIn();
            },
          }),
        ),
      ),
    ),
  );
  showDevices(list, { me: session.personId });
}

function showBusy(text) {
  const root = document.getElementById('app');
  clear(root);
  root.appendChild(el('div', { class: 'busy', role: 'status' }, el('div', { class: 'spinner', 'aria-hidden': 'true' }), el('p', { text })));
}

async function startSession(session) {
  // One session at a time: a second sign-in (or a sign-in while one is still starting) replaces
  // the first, and the old connection and outbox are closed before new ones open.
  const generation = (sessionGeneration += 1);
  stopConnection();
  saveSession(session);
  if (tokenExpired(session.token)) {
    const fresh = await renewToken();
    if (generation !== sessionGeneration) return;
    if (!fresh) {
      endSession();
      showSignIn('Your session expired: sign in again.');
      return;
    }
  }
  showBusy('Setting up this browser as a Switchboard device…');
  let device;
  try {
    device = await loadDevice(session.personId);
    if (generation !== sessionGeneration) return;
    if (!device) device = await registerDevice(session.personId);
  } catch (e) {
    if (generation !== sessionGeneration) return;
    if (e.code === 'too_many_devices') {
      showTooManyDevices(session, generation);
      return;
    }
    const text = e.readable || e.message || 'The device could not be registered.';
    endSession();
    showSignIn(`Could not set up this device: ${text}`);
    return;
  }
  if (generation !== sessionGeneration) return;
  state.device = device;
  readUpTo = store.get(`sb.read.${session.personId}`, {}) || {};
  state.demoOpen = store.get('sb.demoOpen', window.innerWidth >= 1200);
  state.view = { screen: 'inbox', conversationId: null, folder: 'inbox' };
  if (mainView && mainView.dispose) mainView.dispose();
  if (demoPanel) demoPanel.dispose();
  mainView = null;
  demoPanel = null;
  buildShell();
  startConnection();
  window.removeEventListener('hashchange', route);
  window.addEventListener('hashchange', route);
  route();
  loadPerson();
}

async function loadPerson() {
  try {
    state.person = await people.get(me());
  } catch (e) {
    if (e.code !== 'network') errorToast(e, 'Loading your profile');
  }
  try {
    const blocks = await people.blocks(me());
    state.blocked = new Set((blocks || []).map((b) => b.personId));
  } catch {
    // shown in settings when it matters
  }
  scheduleRender();
}

function startConnection() {
  const deviceId = state.device.deviceId;
  connection = new Connection(deviceId, {
    getToken: () => (state.session ? state.session.token : null),
    onFrame,
    onOpen: () => {
      // a new connection: nothing sent on the old one is waiting for an answer any more
      pendingSyncs.length = 0;
      ackSent.clear();
      readSent.clear();
      pendingReads.clear();
      connection.send({ type: 'inbox', ref: 'inbox' });
      const viewed = viewedConversation();
      for (const log of state.logs.values()) {
        log.syncing = false;
        if (log.conversationId === viewed) continue;
        if (log.synced && !localOnly(log.conversationId)) sync(log.conversationId, log.contiguous);
      }
      // the conversation on screen (hidden tab or not) gets the whole open: sync, ack and read
      if (viewed) openConversation(viewed);
      // groups created here whose first entry may have been missed while disconnected
      for (const id of awaitingCreation.keys()) retrySync(id, 1000);
      outbox.reconnected();
    },
    onStatus: (status, detail) => {
      state.status = status;
      state.statusDetail = detail || '';
      if (status === 'offline' && detail === 'sign in again') {
        toast('Your session expired: sign in again.', 'error', 0);
        signOut();
        return;
      }
      scheduleRender();
    },
    onAuthExpired: async () => !!(await renewToken()),
    onNotice: (text) => toast(text, 'error', 10000),
    onTooBig: (frame) => outbox && outbox.tooBig(frame),
    onUpgradeFailures: async (count) => {
      if (!state.session) return 'stop';
      if (tokenExpired(state.session.token)) {
        if (!(await renewToken())) {
          signOut();
          return 'stop';
        }
        return 'retry';
      }
      if (count % 6 === 0 && !registeredRecently(me())) {
        const exists = await deviceStillExists(me(), deviceId);
        if (exists === false) {
          toast('This browser\'s device is no longer registered: registering it again.', 'info');
          forgetDevice(me());
          const generation = sessionGeneration;
          try {
            const device = await registerDevice(me());
            if (generation !== sessionGeneration || !state.session) return 'stop';
            state.device = device;
          } catch (e) {
            errorToast(e, 'Registering this device');
            return 'retry';
          }
          restartConnection();
          return 'stop';
        }
      }
      return 'retry';
    },
  });
  outbox = new Outbox(`sb.outbox.${me()}.${deviceId}`, connection, prepare, scheduleRender);
  connection.start();
}

/**
 * A new device (registered again): its own connection and outbox. The old device's unsent
 * writes cannot go as they were (a message id names its device), so they move to the new outbox
 * as failed, with new nonces, for the person to try again.
 */
function restartConnection() {
  const oldKey = outbox ? outbox.key : null;
  const leftOver = outbox ? outbox.items.map((i) => ({ ...i })) : [];
  stopConnection();
  startConnection();
  if (oldKey && oldKey !== outbox.key) store.remove(oldKey);
  if (!leftOver.length) return;
  for (const item of leftOver) {
    const nonce = newNonce();
    const moved = { ...item, nonce, state: 'failed', errorCode: 'device_replaced', error: 'this browser was registered again as a new device' };
    delete moved.retryAt;
    if (item.type === 'send') {
      moved.messageId = `sb.${state.device.deviceId}.${nonce}`;
      if (item.sealed && item.text) rememberPlaintext(moved.messageId, item.text, me());
      delete moved.frame; // built again (sealed again) when tried again
      delete moved.prepareFailed;
    } else if (item.frame) {
      moved.frame = { ...item.frame, nonce };
    }
    outbox.items.push(moved);
  }
  outbox.save();
  const count = leftOver.length;
  toast(`${count} unsent ${count === 1 ? 'message' : 'messages'} could not be sent from the old device: ${count === 1 ? 'it is' : 'they are'} marked as not sent, use Try again.`, 'error', 0);
}

function stopConnection() {
  if (connection) connection.stop();
  if (outbox) outbox.dispose();
  connection = null;
  outbox = null;
  pendingSyncs.length = 0;
  for (const retry of syncRetries.values()) clearTimeout(retry.timer);
  syncRetries.clear();
  ackSent.clear();
  readSent.clear();
  pendingReads.clear();
}

function endSession() {
  stopConnection();
  store.remove(SESSION_KEY);
  state.session = null;
  state.device = null;
}

/** Removes what this browser keeps of a person: drafts, outbox, read positions, own plaintext. */
function forgetPerson(personId, deviceId) {
  if (!personId) return;
  for (const key of store.keys(`sb.draft.${personId}.`, `sb.outbox.${personId}.`)) store.remove(key);
  store.remove(`sb.read.${personId}`);
  forgetPlaintexts(personId, deviceId);
  const session = store.get(SESSION_KEY);
  if (!session || session.personId === personId) store.remove(SESSION_KEY);
}

/**
 * Signs out. The person's sign-out (`forget`) removes what this browser keeps of them, after a
 * warning when unsent messages would go with it; a session that ended by itself keeps it.
 */
function signOut({ forget = false } = {}) {
  if (forget && outbox) {
    const unsent = outbox.unsentCount();
    if (unsent && !window.confirm(`${unsent} ${unsent === 1 ? 'message has' : 'messages have'} not been sent yet. Signing out deletes ${unsent === 1 ? 'it' : 'them'} from this browser. Sign out anyway?`)) return;
  }
  const personId = me();
  const deviceId = state.device ? state.device.deviceId : null;
  sessionGeneration += 1;
  window.removeEventListener('hashchange', route);
  if (mainView && mainView.dispose) mainView.dispose();
  if (demoPanel) demoPanel.dispose();
  mainView = null;
  demoPanel = null;
  endSession();
  if (forget) forgetPerson(personId, deviceId);
  state.conversations = new Map();
  state.logs = new Map();
  state.receipts = new Map();
  state.typing = new Map();
  state.sentMessageIds = new Set();
  state.localSent = new Map();
  state.inboxLoaded = false;
  state.person = null;
  state.status = 'offline';
  state.view = { screen: 'inbox', conversationId: null, folder: 'inbox' };
  acked.clear();
  awaitingCreation.clear();
  readUpTo = {};
  pendingWrites.clear();
  toDeliver.clear();
  delivered.clear();
  clearTimeout(deliverTimer);
  deliverTimer = null;
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showSignIn();
}

// ---------------------------------------------------------------- the interface the views use

const app = {
  state,
  me,
  name,
  senderName,
  members,
  conversationInfo,
  typingPeople,
  messageState,
  logFor,
  derive: (conversationId) => derive(state.logs.get(conversationId), me(), state.blocked),
  outboxItems: (conversationId) => (outbox ? outbox.list(conversationId) : []),
  localSent: (conversationId) => [...state.localSent.values()].filter((i) => i.conversationId === conversationId),
  retryOutbox: (nonce) => outbox && outbox.retry(nonce),
  discardOutbox: (nonce) => outbox && outbox.discard(nonce),
  navigate,
  back: () => navigate('#/'),
  openConversation: (id) => navigate(`#/c/${encodeURIComponent(id)}`),
  setFolder: (folder) => {
    state.view.folder = folder;
    render();
  },
  startChat,
  sendText,
  editMessage,
  unsend,
  react,
  sendTyping,
  isSealed,
  setSealed,
  createGroup,
  groupChange,
  openGroupManage: (conversationId) => openGroupManage(app, conversationId),
  draft,
  saveDraft,
  scheduleRender,
  setPerson: (person) => {
    state.person = person;
    scheduleRender();
  },
  setBlocked: (ids) => {
    state.blocked = new Set(ids);
    scheduleRender();
  },
  closeDemo: () => {
    state.demoOpen = false;
    store.set('sb.demoOpen', false);
    render();
  },
};

document.addEventListener('visibilitychange', () => {
  const viewed = viewedConversation();
  if (!document.hidden && viewed && state.session) openConversation(viewed);
});

// For debugging from the console: non-secret state only (no token, no keys).
Object.defineProperty(window, 'switchboard', {
  value: Object.freeze({
    get state() {
      return {
        personId: me(),
        deviceId: state.device ? state.device.deviceId : null,
        demo: !!(state.session && state.session.demo),
        status: state.status,
        view: { ...state.view },
        conversations: [...state.conversations.keys()],
        logs: [...state.logs.values()].map((l) => ({ conversationId: l.conversationId, contiguous: l.contiguous, maxSeq: l.maxSeq, synced: l.synced, syncing: l.syncing })),
        outbox: outbox ? outbox.items.map((i) => ({ nonce: i.nonce, type: i.type, conversationId: i.conversationId || null, state: i.state })) : [],
      };
    },
  }),
  configurable: true,
});

let booted = false;

async function boot() {
  if (booted) return;
  booted = true;
  configureApi(() => (state.session ? state.session.token : null), renewToken);
  showBusy('Loading…');
  await loadDemo();
  const session = store.get(SESSION_KEY);
  if (session && session.personId && session.token) await startSession(session);
  else showSignIn();
}

boot().catch((e) => {
  showSignIn(`Something went wrong while starting: ${(e && e.message) || e}`);
});
