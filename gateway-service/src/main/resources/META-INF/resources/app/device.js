// This browser's Switchboard device for a person: loaded from IndexedDB (via sealed.js) or
// localStorage, or generated and registered with identity-service.

import { people } from './api.js';
import { sealedApi } from './sealing.js';
import { store } from './util.js';

const metaKey = (personId) => `sb.device.${personId}`;

/** The device known for this person in this browser, or null. */
export async function loadDevice(personId) {
  let record = null;
  try {
    const api = await sealedApi();
    record = await api.loadDeviceKey(personId);
  } catch {
    record = null;
  }
  const meta = store.get(metaKey(personId));
  if (record && record.deviceId) {
    if (!meta || meta.deviceId !== record.deviceId) {
      store.set(metaKey(personId), { deviceId: record.deviceId, keyId: record.keyId, publicKeyBase64: record.publicKeyBase64 });
    }
    return record;
  }
  if (meta && meta.deviceId) {
    // The key store was cleared: the device still connects, but cannot seal or open.
    return { deviceId: meta.deviceId, keyId: meta.keyId, publicKeyBase64: meta.publicKeyBase64, privateKey: null };
  }
  return null;
}

/**
 * What this browser is called among the person's devices, e.g. "Web browser (Firefox, Windows)":
 * enough to tell devices apart when one must be removed.
 */
export function browserDeviceName(userAgent = navigator.userAgent) {
  const ua = userAgent || '';
  const browser = /Edg\//.test(ua) ? 'Edge'
    : /OPR\//.test(ua) ? 'Opera'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : null;
  const system = /Android/.test(ua) ? 'Android'
    : /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Linux/.test(ua) ? 'Linux'
    : null;
  const about = [browser, system].filter(Boolean).join(', ');
  return about ? `Web browser (${about})` : 'Web browser';
}

/** A new X25519 key on this device, its public half registered under the browser's name. */
export async function registerDevice(personId) {
  const api = await sealedApi();
  const key = await api.generateDeviceKey();
  const answer = await people.registerDevice(personId, browserDeviceName(), key.publicKeyBase64);
  const registered = (answer && Array.isArray(answer.keys) && answer.keys[0]) || {};
  const record = {
    deviceId: answer.deviceId,
    keyId: registered.keyId,
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    publicKeyBase64: key.publicKeyBase64,
    createdAt: answer.createdAt,
  };
  try {
    await api.saveDeviceKey(personId, record);
  } catch {
    // IndexedDB unavailable: the device works for this session; sealing until reload
  }
  store.set(metaKey(personId), { deviceId: record.deviceId, keyId: record.keyId, publicKeyBase64: record.publicKeyBase64, registeredAt: Date.now() });
  return record;
}

export function forgetDevice(personId) {
  store.remove(metaKey(personId));
}

export function registeredRecently(personId) {
  const meta = store.get(metaKey(personId));
  return !!(meta && meta.registeredAt && Date.now() - meta.registeredAt < 120000);
}

/** Whether identity-service still lists this device for the person (null when it cannot tell). */
export async function deviceStillExists(personId, deviceId) {
  try {
    const list = await people.devices(personId);
    if (!Array.isArray(list)) return null;
    return list.some((d) => d && (d.deviceId === deviceId || (d.account && d.account.accountId === deviceId)));
  } catch {
    return null;
  }
}
