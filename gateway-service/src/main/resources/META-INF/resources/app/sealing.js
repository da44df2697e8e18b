// Sealing and opening of messages on top of sealed.js: device keys of people (cached), my own
// plaintext of sealed messages this device wrote (it gets no envelope of its own), and opening.

import { people } from './api.js';
import { store } from './util.js';

let sealedModule = null;

/** sealed.js, loaded on first use so that the rest of the app works without it. */
export async function sealedApi() {
  if (!sealedModule) {
    sealedModule = import('./sealed.js').catch((e) => {
      sealedModule = null;
      const error = new Error('End-to-end encryption is not available in this browser.');
      error.code = 'sealing_unavailable';
      error.cause = e;
      throw error;
    });
  }
  return sealedModule;
}

const keyCache = new Map(); // personId → {at, keys}
const KEY_TTL_MS = 60000;

/** A person's current X25519 device keys: [{keyId, deviceId, algorithm, publicKey}]. */
export async function deviceKeys(personId, { fresh = false } = {}) {
  const cached = keyCache.get(personId);
  if (!fresh && cached && Date.now() - cached.at < KEY_TTL_MS) return cached.keys;
  const all = await people.deviceKeys(personId);
  const keys = (Array.isArray(all) ? all : []).filter((k) => k && k.algorithm === 'X25519' && k.publicKey && k.keyId);
  keyCache.set(personId, { at: Date.now(), keys });
  return keys;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Sealed content for the members of a conversation: every X25519 key of every member, my own
 * other devices included, this device excluded. Plaintext: the UTF-8 bytes of the text.
 */
export async function sealText(messageId, text, memberPersonIds, me, device) {
  if (!device || !device.privateKey || !device.keyId) {
    const error = new Error('This device has no key to seal with.');
    error.code = 'no_device_key';
    throw error;
  }
  const api = await sealedApi();
  const persons = [...new Set([me, ...memberPersonIds])];
  const recipients = [];
  for (const personId of persons) {
    const keys = await deviceKeys(personId, { fresh: true });
    for (const key of keys) {
      if (key.keyId === device.keyId || key.deviceId === device.deviceId) continue;
      recipients.push({ keyId: key.keyId, publicKeyBase64: key.publicKey });
    }
  }
  if (!recipients.length) {
    // Nobody else has a device key: seal to this device alone, so that the message stays
    // readable here and the gateway reports that the recipient has no end-to-end endpoint.
    recipients.push({ keyId: device.keyId, publicKeyBase64: device.publicKeyBase64 });
  }
  const content = await api.seal(
    messageId,
    { keyId: device.keyId, privateKey: device.privateKey, publicKeyBase64: device.publicKeyBase64 },
    recipients,
    encoder.encode(text),
  );
  rememberPlaintext(messageId, text, me);
  return content;
}

// My own plaintext of sealed messages, kept for the most recent PLAIN_LIMIT messages only; the
// index (oldest first) names each message and the person it belongs to, so that signing out
// removes that person's.
const PLAIN_PREFIX = 'sb.plain.';
const PLAIN_INDEX = 'sb.plainIndex';
const PLAIN_LIMIT = 500;

function plainIndex() {
  const index = store.get(PLAIN_INDEX, []);
  return Array.isArray(index) ? index.filter((e) => e && typeof e.m === 'string') : [];
}

export function rememberPlaintext(messageId, text, owner = null) {
  let index = plainIndex().filter((e) => e.m !== messageId);
  index.push({ m: messageId, p: owner });
  while (index.length > PLAIN_LIMIT) store.remove(PLAIN_PREFIX + index.shift().m);
  store.set(PLAIN_PREFIX + messageId, text);
  store.set(PLAIN_INDEX, index);
}

/** Removes the plaintext of a person's messages (and of messages this device id wrote). */
export function forgetPlaintexts(personId, deviceId) {
  const mine = (messageId) => deviceId && messageId.startsWith(`sb.${deviceId}.`);
  const keep = [];
  for (const entry of plainIndex()) {
    if (entry.p === personId || mine(entry.m)) store.remove(PLAIN_PREFIX + entry.m);
    else keep.push(entry);
  }
  // entries stored before the index existed
  const indexed = new Set(keep.map((e) => e.m));
  for (const key of store.keys(PLAIN_PREFIX)) {
    const messageId = key.slice(PLAIN_PREFIX.length);
    if (!indexed.has(messageId)) store.remove(key);
  }
  store.set(PLAIN_INDEX, keep.length ? keep : null);
}

export function ownPlaintext(messageId) {
  return store.get(`sb.plain.${messageId}`, null);
}

const opened = new Map(); // cacheKey → {text} | {error} | 'pending'

/**
 * The text of sealed content, or undefined while it is being opened (onDone is called then).
 * Result: {text} or {error}.
 */
export function openedText(cacheKey, messageId, content, senderPersonId, device, onDone) {
  const known = opened.get(cacheKey);
  if (known && known !== 'pending') return known;
  if (known === 'pending') return undefined;
  opened.set(cacheKey, 'pending');
  openContent(messageId, content, senderPersonId, device)
    .then((text) => opened.set(cacheKey, { text }))
    .catch((e) => opened.set(cacheKey, { error: (e && e.message) || 'does not open' }))
    .finally(() => onDone && onDone());
  return undefined;
}

async function openContent(messageId, content, senderPersonId, device) {
  if (!device || !device.privateKey) throw new Error('no key on this device');
  if (!senderPersonId) throw new Error('unknown sender');
  const api = await sealedApi();
  let keys = await deviceKeys(senderPersonId);
  let senderKey = keys.find((k) => k.keyId === content.senderDeviceKeyId);
  if (!senderKey) {
    keys = await deviceKeys(senderPersonId, { fresh: true });
    senderKey = keys.find((k) => k.keyId === content.senderDeviceKeyId);
  }
  if (!senderKey) throw new Error("the sender's key is not known");
  const bytes = await api.open(messageId, content, { keyId: device.keyId, privateKey: device.privateKey }, senderKey.publicKey);
  return decoder.decode(bytes);
}
