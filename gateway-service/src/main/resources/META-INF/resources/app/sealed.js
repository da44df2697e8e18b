// Sealed messages in the browser: HPKE (RFC 9180) single shot, mode_auth, with
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM, exactly as docs/sealed-messages.md
// fixes it byte by byte, on top of WebCrypto only (no library).
//
// Keys are raw 32-byte X25519 keys; as text they are standard base64 with padding. Private keys
// are CryptoKey objects (non-extractable), so they can be kept in IndexedDB but never read back.
// Errors name key ids and message ids, never key bytes, shared secrets or plaintext.

/** The sealing suite, as the content's `algorithm` carries it. */
export const ALGORITHM = 'HPKE-X25519-HKDF-SHA256-AES-128-GCM';

const INFO = ascii('switchboard sealed v1');
const MAX_RECIPIENTS = 1024;
const MAX_KEY_ID_LENGTH = 256;
const KEY_LENGTH = 32; // Npk, Nsk, Nenc, Ndh
const HASH_LENGTH = 32; // Nh
const AEAD_KEY_LENGTH = 16; // Nk
const NONCE_LENGTH = 12; // Nn
const TAG_LENGTH = 16; // Nt
const MODE_AUTH = 0x02;
const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0001;

const EMPTY = new Uint8Array(0);
const HPKE_VERSION = ascii('HPKE-v1');
const KEM_SUITE_ID = concat(ascii('KEM'), i2osp2(KEM_ID));
const HPKE_SUITE_ID = concat(ascii('HPKE'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID));
// RFC 5869: an absent salt is HashLen zero bytes (WebCrypto refuses an empty HMAC key).
const ZERO_SALT = new Uint8Array(HASH_LENGTH);
// PKCS#8 PrivateKeyInfo for X25519 (RFC 8410) up to the 32 raw private key bytes.
const PKCS8_X25519_PREFIX = hex('302e020100300506032b656e04220420');
// The X25519 base point u = 9: X25519(sk, 9) is the public key of sk.
const BASE_POINT = (() => {
  const u = new Uint8Array(KEY_LENGTH);
  u[0] = 9;
  return u;
})();

const X25519 = { name: 'X25519' };
const DB_NAME = 'switchboard';
const DB_STORE = 'device-keys';

/**
 * Makes a new device key pair. The private key is not extractable (it can only derive bits), and
 * the record can be stored as it is with {@link saveDeviceKey}.
 *
 * @returns {Promise<{privateKey: CryptoKey, publicKey: CryptoKey, publicKeyBase64: string}>}
 *   the key pair and the raw public key in standard base64, to register with the identity service
 */
export async function generateDeviceKey() {
  const pair = await subtle().generateKey(X25519, false, ['deriveBits']);
  const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyBase64: toBase64(raw) };
}

/**
 * Imports a raw 32-byte X25519 private key (the scalar, as generated), e.g. of a test vector.
 * WebCrypto imports no raw private keys, so the key is wrapped as PKCS#8 first.
 *
 * @param {string} rawBase64 the raw private key in standard base64
 * @returns {Promise<CryptoKey>} a non-extractable key usable for deriveBits
 * @throws {Error} when the text is not base64 of 32 bytes (the message holds no key bytes)
 */
export async function importPrivateKey(rawBase64) {
  const raw = rawKey(rawBase64, 'private key');
  return importRawPrivateKey(raw);
}

/**
 * Imports a raw 32-byte X25519 public key, as the identity service lists it.
 *
 * @param {string} rawBase64 the raw public key (u-coordinate, little-endian) in standard base64
 * @returns {Promise<CryptoKey>}
 * @throws {Error} when the text is not base64 of 32 bytes
 */
export async function importPublicKey(rawBase64) {
  const raw = rawKey(rawBase64, 'public key');
  return subtle().importKey('raw', raw, X25519, true, []);
}

/**
 * Seals a plaintext from this device to each recipient device, one envelope each, in the order
 * given. The sending device gets no envelope unless it is listed.
 *
 * @param {string} messageId the id the message event will carry; envelopes open only under it
 * @param {{keyId: string, privateKey: CryptoKey, publicKeyBase64: string}} sender this device's
 *   key id, private key and matching public key (WebCrypto cannot compute it from the private key)
 * @param {Array<{keyId: string, publicKeyBase64: string}>} recipients 1 to 1024 recipient device
 *   keys, no key id twice
 * @param {Uint8Array} plaintextBytes the bytes to seal
 * @param {{ephemeralPrivateKeys?: string[]}} [options] for test vectors only: one raw ephemeral
 *   private key (standard base64) per recipient, in order. Never for real messages.
 * @returns {Promise<{kind: 'sealed', algorithm: string, senderDeviceKeyId: string,
 *   envelopes: Array<{recipientDeviceKeyId: string, encapsulatedKey: string,
 *   ciphertext: string}>}>} the sealed content, as the message event carries it
 * @throws {Error} when an argument is malformed or a recipient key is unusable
 */
export async function seal(messageId, sender, recipients, plaintextBytes, options = {}) {
  if (!sender || typeof sender !== 'object') {
    throw new TypeError('seal needs the sender device key');
  }
  requireKeyId(sender.keyId, 'sender device key id');
  requirePrivateKey(sender.privateKey, `sender device key '${sender.keyId}'`);
  if (!Array.isArray(recipients) || recipients.length < 1 || recipients.length > MAX_RECIPIENTS) {
    throw new TypeError(`sealed content needs 1 to ${MAX_RECIPIENTS} recipient devices`);
  }
  if (!(plaintextBytes instanceof Uint8Array)) {
    throw new TypeError('the plaintext must be a Uint8Array');
  }
  const ephemeralKeys = options && options.ephemeralPrivateKeys;
  if (ephemeralKeys !== undefined && ephemeralKeys !== null) {
    if (!Array.isArray(ephemeralKeys) || ephemeralKeys.length !== recipients.length) {
      throw new TypeError('ephemeralPrivateKeys needs one key per recipient');
    }
  }
  const pkS = rawKey(sender.publicKeyBase64, `public key of device key '${sender.keyId}'`);
  const seen = new Set();
  const pkRs = recipients.map((recipient) => {
    if (!recipient || typeof recipient !== 'object') {
      throw new TypeError('a recipient device key is missing');
    }
    requireKeyId(recipient.keyId, 'recipient device key id');
    if (seen.has(recipient.keyId)) {
      throw new Error(`recipient device key '${recipient.keyId}' is listed twice`);
    }
    seen.add(recipient.keyId);
    return rawKey(recipient.publicKeyBase64, `public key of device key '${recipient.keyId}'`);
  });
  const plaintext = plaintextBytes.slice();

  const envelopes = [];
  for (let i = 0; i < recipients.length; i++) {
    const recipient = recipients[i];
    const aad = aadOf(messageId, sender.keyId, recipient.keyId);
    const ephemeral = ephemeralKeys
      ? await ephemeralFromRaw(rawKey(ephemeralKeys[i], 'ephemeral private key'))
      : await freshEphemeral();
    let sharedSecret;
    try {
      sharedSecret = await authEncap(ephemeral, pkRs[i], sender.privateKey, pkS);
    } catch (e) {
      throw new Error(`recipient device key '${recipient.keyId}': ${e.message}`);
    }
    const { key, baseNonce } = await keySchedule(MODE_AUTH, sharedSecret, INFO);
    sharedSecret.fill(0);
    const aesKey = await subtle().importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
    key.fill(0);
    const ciphertext = new Uint8Array(
      await subtle().encrypt(
        { name: 'AES-GCM', iv: baseNonce, additionalData: aad, tagLength: TAG_LENGTH * 8 },
        aesKey,
        plaintext,
      ),
    );
    envelopes.push({
      recipientDeviceKeyId: recipient.keyId,
      encapsulatedKey: toBase64(ephemeral.enc),
      ciphertext: toBase64(ciphertext),
    });
  }
  plaintext.fill(0);
  return { kind: 'sealed', algorithm: ALGORITHM, senderDeviceKeyId: sender.keyId, envelopes };
}

/**
 * Opens the envelope addressed to this device's key id and checks that the sender's device key
 * sealed it for this message id. The caller looks the sender's public key up by the content's
 * `senderDeviceKeyId`.
 *
 * @param {string} messageId the `messageId` of the event the content came in
 * @param {{algorithm: string, senderDeviceKeyId: string, envelopes: Array}} content the sealed
 *   content
 * @param {{keyId: string, privateKey: CryptoKey}} recipient this device's key id and private key
 * @param {string} senderPublicKeyBase64 the raw public key of the content's sender device key, in
 *   standard base64
 * @returns {Promise<Uint8Array>} the plaintext
 * @throws {Error} `sealed message does not open: ...` naming key ids and the message id, never
 *   key material or plaintext
 */
export async function open(messageId, content, recipient, senderPublicKeyBase64) {
  if (!content || typeof content !== 'object') {
    throw doesNotOpen('there is no sealed content');
  }
  if (!recipient || typeof recipient !== 'object' || !isKeyId(recipient.keyId)) {
    throw doesNotOpen('the recipient device key id is missing');
  }
  const keyId = recipient.keyId;
  if (content.algorithm !== ALGORITHM) {
    throw doesNotOpen(`the content is sealed with another algorithm than ${ALGORITHM}`);
  }
  if (!Array.isArray(content.envelopes)) {
    throw doesNotOpen('the content has no envelopes');
  }
  const matching = content.envelopes.filter(
    (envelope) => envelope && envelope.recipientDeviceKeyId === keyId,
  );
  if (matching.length === 0) {
    throw doesNotOpen(`the content has no envelope for device key '${keyId}'`);
  }
  if (matching.length > 1) {
    throw doesNotOpen(`the content has more than one envelope for device key '${keyId}'`);
  }
  const envelope = matching[0];
  const what = `the envelope for device key '${keyId}' of message '${messageId}'`;
  if (!isPrivateKey(recipient.privateKey)) {
    throw doesNotOpen(`${what}: the recipient private key is not an X25519 CryptoKey`);
  }
  let aad;
  let pkS;
  try {
    aad = aadOf(messageId, content.senderDeviceKeyId, keyId);
    pkS = rawKey(senderPublicKeyBase64, 'sender public key');
  } catch (e) {
    throw doesNotOpen(`${what}: ${e.message}`);
  }
  const enc = decodeBase64(envelope.encapsulatedKey);
  if (!enc || enc.length !== KEY_LENGTH) {
    throw doesNotOpen(`${what}: the encapsulated key is not base64 of ${KEY_LENGTH} bytes`);
  }
  const ciphertext = decodeBase64(envelope.ciphertext);
  if (!ciphertext || ciphertext.length < TAG_LENGTH) {
    throw doesNotOpen(`${what}: the ciphertext is not base64 of at least ${TAG_LENGTH} bytes`);
  }

  let sharedSecret;
  try {
    sharedSecret = await authDecap(enc, recipient.privateKey, pkS);
  } catch (e) {
    throw doesNotOpen(`${what}: ${e.message}`);
  }
  const { key, baseNonce } = await keySchedule(MODE_AUTH, sharedSecret, INFO);
  sharedSecret.fill(0);
  const aesKey = await subtle().importKey('raw', key, { name: 'AES-GCM' }, false, ['decrypt']);
  key.fill(0);
  try {
    return new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: baseNonce, additionalData: aad, tagLength: TAG_LENGTH * 8 },
        aesKey,
        ciphertext,
      ),
    );
  } catch {
    throw doesNotOpen(`${what}: it does not authenticate under these keys and this message id`);
  }
}

/**
 * Keeps a device key record (CryptoKey objects and any other cloneable fields, e.g. the key id)
 * for a person in IndexedDB: database `switchboard`, store `device-keys`, key `personId`.
 *
 * @param {string} personId the person the device key belongs to
 * @param {object} record what {@link generateDeviceKey} returned, plus whatever else to keep
 * @returns {Promise<void>}
 */
export async function saveDeviceKey(personId, record) {
  if (typeof personId !== 'string' || personId === '') {
    throw new TypeError('saveDeviceKey needs a person id');
  }
  const db = await openDatabase();
  try {
    await request(db, 'readwrite', (store) => store.put(record, personId));
  } finally {
    db.close();
  }
}

/**
 * Reads back the device key record kept for a person by {@link saveDeviceKey}.
 *
 * @param {string} personId the person the device key belongs to
 * @returns {Promise<object|null>} the record, or null when none is kept
 */
export async function loadDeviceKey(personId) {
  if (typeof personId !== 'string' || personId === '') {
    throw new TypeError('loadDeviceKey needs a person id');
  }
  const db = await openDatabase();
  try {
    const record = await request(db, 'readonly', (store) => store.get(personId));
    return record === undefined ? null : record;
  } finally {
    db.close();
  }
}

// --- IndexedDB ---

function openDatabase(version) {
  return new Promise((resolve, reject) => {
    const idb = globalThis.indexedDB;
    if (!idb) {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = version === undefined ? idb.open(DB_NAME) : idb.open(DB_NAME, version);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(DB_STORE)) {
        db.createObjectStore(DB_STORE);
      }
    };
    let blocked = false;
    req.onblocked = () => {
      blocked = true;
      reject(new Error('the switchboard database is being upgraded in another tab'));
    };
    req.onerror = () => reject(req.error || new Error('the switchboard database cannot be opened'));
    req.onsuccess = () => {
      const db = req.result;
      if (blocked) {
        db.close();
        return;
      }
      if (db.objectStoreNames.contains(DB_STORE)) {
        resolve(db);
        return;
      }
      // The database exists without the store: add it in a new version.
      const next = db.version + 1;
      db.close();
      openDatabase(next).then(resolve, reject);
    };
  });
}

function request(db, mode, operation) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(DB_STORE, mode);
    const req = operation(tx.objectStore(DB_STORE));
    let result;
    req.onsuccess = () => {
      result = req.result;
    };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error || new Error('the device key store failed'));
    tx.onabort = () => reject(tx.error || new Error('the device key store failed'));
  });
}

// --- KEM: DHKEM(X25519, HKDF-SHA256), RFC 9180 section 4.1 ---

async function freshEphemeral() {
  const pair = await subtle().generateKey(X25519, false, ['deriveBits']);
  const enc = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, enc };
}

async function ephemeralFromRaw(raw) {
  const privateKey = await importRawPrivateKey(raw);
  raw.fill(0);
  const enc = await dh(privateKey, BASE_POINT);
  return { privateKey, enc };
}

async function authEncap(ephemeral, pkR, skS, pkS) {
  const dhE = await dh(ephemeral.privateKey, pkR, 'the recipient public key');
  const dhS = await dh(skS, pkR, 'the recipient public key');
  const dhBoth = concat(dhE, dhS);
  dhE.fill(0);
  dhS.fill(0);
  const kemContext = concat(ephemeral.enc, pkR, pkS);
  return extractAndExpand(dhBoth, kemContext);
}

async function authDecap(enc, skR, pkS) {
  const dhE = await dh(skR, enc, 'the encapsulated key');
  const dhS = await dh(skR, pkS, 'the sender public key');
  const dhBoth = concat(dhE, dhS);
  dhE.fill(0);
  dhS.fill(0);
  const pkR = await dh(skR, BASE_POINT);
  const kemContext = concat(enc, pkR, pkS);
  return extractAndExpand(dhBoth, kemContext);
}

async function extractAndExpand(dhBytes, kemContext) {
  const eaePrk = await labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', dhBytes);
  dhBytes.fill(0);
  const sharedSecret = await labeledExpand(
    KEM_SUITE_ID,
    eaePrk,
    'shared_secret',
    kemContext,
    HASH_LENGTH,
  );
  eaePrk.fill(0);
  return sharedSecret;
}

/** X25519(privateKey, publicKeyBytes); an all-zero result (small-order point) is refused. */
async function dh(privateKey, publicKeyBytes, which = 'a public key') {
  let bits;
  try {
    const publicKey = await subtle().importKey('raw', publicKeyBytes, X25519, true, []);
    bits = new Uint8Array(
      await subtle().deriveBits({ name: 'X25519', public: publicKey }, privateKey, KEY_LENGTH * 8),
    );
  } catch {
    throw new Error(`${which} is not a usable X25519 key`);
  }
  if (bits.every((b) => b === 0)) {
    throw new Error(`${which} is not a usable X25519 key (it has small order)`);
  }
  return bits;
}

// --- Key schedule, RFC 9180 section 5.1, mode_auth: no PSK, so psk and psk_id are empty ---

async function keySchedule(mode, sharedSecret, info) {
  const pskIdHash = await labeledExtract(HPKE_SUITE_ID, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = await labeledExtract(HPKE_SUITE_ID, EMPTY, 'info_hash', info);
  const context = concat(Uint8Array.of(mode), pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE_ID, sharedSecret, 'secret', EMPTY);
  const key = await labeledExpand(HPKE_SUITE_ID, secret, 'key', context, AEAD_KEY_LENGTH);
  const baseNonce = await labeledExpand(HPKE_SUITE_ID, secret, 'base_nonce', context, NONCE_LENGTH);
  secret.fill(0);
  return { key, baseNonce };
}

function labeledExtract(suiteId, salt, label, ikm) {
  return hkdfExtract(salt, concat(HPKE_VERSION, suiteId, ascii(label), ikm));
}

function labeledExpand(suiteId, prk, label, info, length) {
  const labeledInfo = concat(i2osp2(length), HPKE_VERSION, suiteId, ascii(label), info);
  return hkdfExpand(prk, labeledInfo, length);
}

// --- HKDF-SHA256 (RFC 5869) as two separate steps, on HMAC ---

function hkdfExtract(salt, ikm) {
  return hmac(salt.length === 0 ? ZERO_SALT : salt, ikm);
}

async function hkdfExpand(prk, info, length) {
  if (length > 255 * HASH_LENGTH) {
    throw new Error('HKDF-Expand cannot give that many bytes');
  }
  const okm = new Uint8Array(length);
  let previous = EMPTY;
  for (let i = 1, filled = 0; filled < length; i++) {
    const block = await hmac(prk, concat(previous, info, Uint8Array.of(i)));
    okm.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
    filled += block.length;
    previous.fill(0);
    previous = block;
  }
  previous.fill(0);
  return okm;
}

async function hmac(key, data) {
  const hmacKey = await subtle().importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await subtle().sign('HMAC', hmacKey, data));
}

// --- aad: three fields, each a 4-byte big-endian length and that many bytes of UTF-8 ---

function aadOf(messageId, senderDeviceKeyId, recipientDeviceKeyId) {
  return concat(
    aadField('message id', messageId),
    aadField('sender device key id', senderDeviceKeyId),
    aadField('recipient device key id', recipientDeviceKeyId),
  );
}

function aadField(name, value) {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`the ${name} must not be empty`);
  }
  if (!isWellFormed(value)) {
    throw new Error(`the ${name} is not valid Unicode`);
  }
  const bytes = new TextEncoder().encode(value);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, bytes.length, false);
  return concat(length, bytes);
}

/** True when the string has no unpaired surrogate (TextEncoder would silently replace one). */
function isWellFormed(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) {
        return false;
      }
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

// --- Keys, checks and bytes ---

function subtle() {
  const s = globalThis.crypto && globalThis.crypto.subtle;
  if (!s) {
    throw new Error('WebCrypto is not available (a secure context is needed)');
  }
  return s;
}

function importRawPrivateKey(raw) {
  const pkcs8 = concat(PKCS8_X25519_PREFIX, raw);
  return subtle()
    .importKey('pkcs8', pkcs8, X25519, false, ['deriveBits'])
    .finally(() => pkcs8.fill(0));
}

/** Decodes a raw 32-byte key from base64; the error names the key, never its bytes. */
function rawKey(base64, what) {
  const raw = decodeBase64(base64);
  if (!raw) {
    throw new Error(`the ${what} is not standard base64`);
  }
  if (raw.length !== KEY_LENGTH) {
    throw new Error(
      `the ${what} must be a raw ${KEY_LENGTH}-byte X25519 key, was ${raw.length} bytes`,
    );
  }
  return raw;
}

function isKeyId(keyId) {
  return typeof keyId === 'string' && keyId !== '' && keyId.length <= MAX_KEY_ID_LENGTH;
}

function requireKeyId(keyId, what) {
  if (!isKeyId(keyId)) {
    throw new TypeError(`the ${what} must be 1 to ${MAX_KEY_ID_LENGTH} characters`);
  }
}

function isPrivateKey(key) {
  return (
    typeof CryptoKey !== 'undefined' &&
    key instanceof CryptoKey &&
    key.type === 'private' &&
    key.algorithm.name === 'X25519'
  );
}

function requirePrivateKey(key, what) {
  if (!isPrivateKey(key)) {
    throw new TypeError(`the private key of ${what} must be an X25519 CryptoKey`);
  }
}

function doesNotOpen(reason) {
  return new Error(`sealed message does not open: ${reason}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Standard base64 (padding optional) to bytes, or null when the text is not base64. */
function decodeBase64(text) {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    return null;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function i2osp2(n) {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

function ascii(text) {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function hex(text) {
  return Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16));
}
