// The WebSocket client of protocol v1: connect, reconnect with backoff, a client-side rate limit,
// and the outbox (writes kept in localStorage until answered, resent with the same nonce).

import { store } from './util.js';

const MAX_FRAME_BYTES = 256 * 1024;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;
// The gateway allows 20 frames/s with a burst of 50: stay well below it.
const BUCKET_CAPACITY = 30;
const BUCKET_PER_SECOND = 15;
const RESEND_AFTER_MS = 20000;

export function socketUrl(deviceId) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/v1?deviceId=${encodeURIComponent(deviceId)}`;
}

/**
 * hooks: getToken() → JWT; onFrame(frame); onOpen(); onStatus(status, detail);
 * onAuthExpired() → Promise<boolean> (true when a fresh token is available);
 * onNotice(text) readable problems (1008, 1009); onUpgradeFailures(count) after failed upgrades.
 */
export class Connection {
  constructor(deviceId, hooks) {
    this.deviceId = deviceId;
    this.hooks = hooks;
    this.ws = null;
    this.status = 'offline';
    this.attempt = 0;
    this.failedUpgrades = 0;
    this.timer = null;
    this.stopped = true;
    this.queue = [];
    this.tokens = BUCKET_CAPACITY;
    this.lastRefill = performance.now();
    this.pumpTimer = null;
    this.lastSent = null;
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.setStatus('offline', 'no network');
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.pumpTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.queue = [];
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      try {
        ws.close(1000);
      } catch {
        // already closed
      }
    }
    this.setStatus('offline');
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN && this.status === 'connected';
  }

  setStatus(status, detail) {
    if (this.status === status && !detail) return;
    this.status = status;
    if (this.hooks.onStatus) this.hooks.onStatus(status, detail);
  }

  reconnectNow() {
    if (this.stopped) return;
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.open();
  }

  open() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const token = this.hooks.getToken();
    if (!token) {
      this.setStatus('offline', 'signed out');
      return;
    }
    if (navigator.onLine === false) {
      this.setStatus('offline', 'no network');
      this.schedule();
      return;
    }
    this.setStatus('reconnecting');
    let ws;
    try {
      ws = new WebSocket(socketUrl(this.deviceId), ['switchboard.v1', `bearer.${token}`]);
    } catch (e) {
      this.schedule();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.attempt = 0;
      this.failedUpgrades = 0;
      this.queue = [];
      this.tokens = BUCKET_CAPACITY;
      this.setStatus('connected');
      if (this.hooks.onOpen) this.hooks.onOpen();
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws || typeof event.data !== 'string') return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame === 'object' && typeof frame.type === 'string') this.hooks.onFrame(frame);
    };
    ws.onerror = () => {
      // the close event follows and decides
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.queue = [];
      if (this.stopped) return;
      this.closed(event.code, event.reason, opened);
    };
  }

  async closed(code, reason, opened) {
    if (!opened) {
      // A refused upgrade (401, 403, 503) shows as 1006 in a browser: right after a device is
      // registered the gateway may not know it yet, so keep trying with backoff.
      this.failedUpgrades += 1;
      if (this.hooks.onUpgradeFailures) {
        const handled = await this.hooks.onUpgradeFailures(this.failedUpgrades);
        if (handled === 'stop' || this.stopped) return;
      }
      this.schedule();
      return;
    }
    if (code === 4001) {
      this.setStatus('reconnecting', 'token expired');
      const fresh = this.hooks.onAuthExpired ? await this.hooks.onAuthExpired() : false;
      if (this.stopped) return;
      if (fresh) this.open();
      else this.setStatus('offline', 'sign in again');
      return;
    }
    if (code === 1008) {
      if (this.hooks.onNotice) this.hooks.onNotice('The server closed the connection: too many frames (rate limit). Reconnecting after a pause.');
      this.schedule(5000);
      return;
    }
    if (code === 1009) {
      if (this.hooks.onNotice) this.hooks.onNotice('The server closed the connection: a message was too big (over 256 KiB). It will not be sent again.');
      if (this.hooks.onTooBig && this.lastSent) this.hooks.onTooBig(this.lastSent);
      this.schedule(1000);
      return;
    }
    if (code === 1001 || code === 1012) {
      // The replica is stopping, or its lease lapsed: reconnect at once (a little spread, so that
      // its clients do not all come back in the same instant) and let the sync catch up.
      this.attempt = 0;
      this.schedule(100 + Math.random() * 400);
      return;
    }
    if (code === 1011 || code === 1013) {
      this.schedule(2000);
      return;
    }
    this.schedule();
  }

  schedule(minDelay = 0) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 10);
    const delay = Math.max(minDelay, base / 2 + Math.random() * (base / 2));
    if (navigator.onLine !== false) this.setStatus('reconnecting');
    this.timer = setTimeout(() => this.open(), delay);
  }

  /** Queues a frame; false when not connected (the caller decides whether that matters). */
  send(frame) {
    if (!this.connected) return false;
    const text = JSON.stringify(frame);
    if (new Blob([text]).size > MAX_FRAME_BYTES) {
      const error = new Error('This message is too big to send (over 256 KiB).');
      error.code = 'too_big';
      throw error;
    }
    this.queue.push({ text, frame });
    this.pump();
    return true;
  }

  pump() {
    clearTimeout(this.pumpTimer);
    const now = performance.now();
    this.tokens = Math.min(BUCKET_CAPACITY, this.tokens + ((now - this.lastRefill) / 1000) * BUCKET_PER_SECOND);
    this.lastRefill = now;
    while (this.queue.length && this.tokens >= 1) {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        this.queue = [];
        return;
      }
      const { text, frame } = this.queue.shift();
      this.tokens -= 1;
      this.lastSent = frame;
      this.ws.send(text);
    }
    if (this.queue.length) {
      this.pumpTimer = setTimeout(() => this.pump(), Math.ceil(1000 / BUCKET_PER_SECOND));
    }
  }
}

/**
 * Writes that carry a nonce (`send`, `group.create`), kept in localStorage until the server
 * answered (`sent`, `group.created`) or refused them for good. Resent with the same nonce after a
 * reconnect, so a resend is never a second message.
 *
 * Item: {nonce, type, conversationId?, text?, replyTo?, sealed?, frame?, state, error?, createdAt}
 * `prepare(item)` → the frame to send (async: sealing fetches keys), kept in the item once built
 * so that every resend carries the same content.
 */
export class Outbox {
  constructor(key, connection, prepare, onChange) {
    this.key = key;
    this.connection = connection;
    this.prepare = prepare;
    this.onChange = onChange;
    this.items = store.get(key, []).filter((i) => i && i.nonce);
    this.inFlight = new Map();
    this.watchdog = setInterval(() => this.resendStale(), 5000);
  }

  save() {
    store.set(this.key, this.items);
    if (this.onChange) this.onChange();
  }

  list(conversationId) {
    return conversationId ? this.items.filter((i) => i.conversationId === conversationId) : this.items;
  }

  find(nonce) {
    return this.items.find((i) => i.nonce === nonce);
  }

  add(item) {
    this.items.push({ state: 'pending', createdAt: new Date().toISOString(), ...item });
    this.save();
    this.flush();
  }

  /** The server answered: the write is done. The next write of its conversation may go. */
  settle(nonce, answer) {
    const item = this.find(nonce);
    this.inFlight.delete(nonce);
    if (!item) return null;
    this.items = this.items.filter((i) => i.nonce !== nonce);
    this.save();
    this.flush();
    return { ...item, answer };
  }

  /** A refusal: `unavailable` is tried again later, anything else needs the person. */
  refused(nonce, code, readable) {
    const item = this.find(nonce);
    this.inFlight.delete(nonce);
    if (!item) return null;
    if (code === 'unavailable') {
      // stays first in its conversation, so the writes after it keep waiting behind it
      const delay = 3000 + Math.random() * 2000;
      item.retryAt = Date.now() + delay;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.flush(), delay + 50);
      return item;
    }
    item.state = 'failed';
    item.error = readable;
    item.errorCode = code;
    this.save();
    this.flush();
    return item;
  }

  retry(nonce) {
    const item = this.find(nonce);
    if (!item) return;
    item.state = 'pending';
    delete item.error;
    delete item.errorCode;
    delete item.retryAt;
    if (item.prepareFailed) {
      delete item.frame;
      delete item.prepareFailed;
    }
    this.save();
    this.flush();
  }

  discard(nonce) {
    this.items = this.items.filter((i) => i.nonce !== nonce);
    this.inFlight.delete(nonce);
    this.save();
    this.flush();
  }

  /** How many writes were not answered yet (pending or failed). */
  unsentCount() {
    return this.items.length;
  }

  /** After a reconnect: everything not answered goes again, with the same nonce. */
  reconnected() {
    this.inFlight.clear();
    for (const item of this.items) delete item.retryAt;
    this.flush();
  }

  resendStale() {
    const now = Date.now();
    let stale = false;
    for (const [nonce, at] of this.inFlight) {
      if (now - at > RESEND_AFTER_MS) {
        this.inFlight.delete(nonce);
        stale = true;
      }
    }
    if (stale) this.flush();
  }

  /**
   * Sends what may go now: at most one write in flight per conversation (the next one goes once
   * the previous one's `sent` or error settled it), so that messages keep their order.
   */
  async flush() {
    if (this.disposed || !this.connection.connected) return;
    const lane = (item) => (item.type === 'send' && item.conversationId ? `c:${item.conversationId}` : `n:${item.nonce}`);
    const busy = new Set();
    for (const item of this.items) if (this.inFlight.has(item.nonce)) busy.add(lane(item));
    const now = Date.now();
    const due = [];
    for (const item of this.items) {
      if (item.state !== 'pending') continue;
      const key = lane(item);
      if (busy.has(key)) continue;
      busy.add(key); // the first pending write of a conversation holds it, even while it waits
      if (item.retryAt && item.retryAt > now) continue;
      due.push(item);
    }
    for (const item of due) {
      if (this.disposed || !this.connection.connected) return;
      if (this.inFlight.has(item.nonce) || !this.find(item.nonce)) continue;
      this.inFlight.set(item.nonce, Date.now());
      delete item.retryAt;
      try {
        if (!item.frame) {
          item.frame = await this.prepare(item);
          this.save();
        }
        if (!this.find(item.nonce) || this.disposed) {
          this.inFlight.delete(item.nonce);
          continue;
        }
        if (!this.connection.send(item.frame)) {
          this.inFlight.delete(item.nonce);
          return;
        }
      } catch (e) {
        this.inFlight.delete(item.nonce);
        item.state = 'failed';
        item.error = (e && (e.readable || e.message)) || 'could not be prepared';
        item.errorCode = (e && e.code) || 'prepare_failed';
        item.prepareFailed = true;
        delete item.frame;
        this.save();
        // the next write of that conversation may go now
        setTimeout(() => this.flush(), 0);
      }
    }
  }

  /** The server closed with 1009 after this frame: it is not sent again. */
  tooBig(frame) {
    if (!frame || !frame.nonce) return;
    const item = this.find(frame.nonce);
    if (!item) return;
    item.state = 'failed';
    item.error = 'too big to send (over 256 KiB)';
    item.errorCode = 'too_big';
    this.inFlight.delete(frame.nonce);
    this.save();
    this.flush();
  }

  dispose() {
    this.disposed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
  }
}
