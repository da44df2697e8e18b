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
  rememberPlaintext(messageId, text);
  return content;
}

export function rememberPlaintext(messageId, text) {
  store.set(`sb.plain.${messageId}`, text);
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
