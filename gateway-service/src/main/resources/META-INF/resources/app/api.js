// fetch wrappers for the gateway's HTTP endpoints. Every non-2xx answer becomes an ApiError with
// the body's `code` and a readable `message`; network failures become ApiError('network').

import { readableError } from './util.js';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code || (status ? `http_${status}` : 'network');
    this.details = details;
    this.readable = readableError(this.code, message);
    if (this.code === 'invalid_code' && details && details.attemptsLeft !== undefined) {
      this.readable += ` ${details.attemptsLeft} attempt(s) left.`;
    }
  }
}

let tokenProvider = () => null;
let unauthorizedHandler = null;

/** getToken() → current JWT; onUnauthorized() → a fresh token or null (tried once per call). */
export function configureApi(getToken, onUnauthorized) {
  tokenProvider = getToken;
  unauthorizedHandler = onUnauthorized;
}

async function request(method, path, body, { auth = true, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? tokenProvider() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.status === 401 && auth && !retried && unauthorizedHandler) {
    const fresh = await unauthorizedHandler().catch(() => null);
    if (fresh) return request(method, path, body, { auth, retried: true });
  }
  const text = await response.text().catch(() => '');
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const code = json && typeof json.error === 'string' ? json.error : null;
    const message = json && typeof json.message === 'string' ? json.message : null;
    throw new ApiError(response.status, code || `http_${response.status}`, message || defaultMessage(response.status), json && json.details);
  }
  return json;
}

function defaultMessage(status) {
  if (status === 401) return 'Your session is no longer valid: sign in again.';
  if (status === 403) return 'You may not do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests: wait a while and try again.';
  if (status >= 500) return 'The service is unavailable right now.';
  return `The request was refused (HTTP ${status}).`;
}

const enc = encodeURIComponent;
const person = (id) => `/api/v1/people/${enc(id)}`;

// Demo mode (404 when off).
export const demo = {
  people: () => request('GET', '/demo/people', undefined, { auth: false }),
  token: (personId) => request('POST', '/demo/token', { personId }, { auth: false }),
  calls: (since) => request('GET', `/demo/simulator/calls?since=${enc(since)}`, undefined, { auth: false }),
  webhooks: (since) => request('GET', `/demo/simulator/webhooks?since=${enc(since)}`, undefined, { auth: false }),
  users: () => request('GET', '/demo/simulator/users', undefined, { auth: false }),
  sendWebhook: (platform, body) => request('POST', `/demo/simulator/webhooks/${enc(platform)}`, body, { auth: false }),
  businessAccounts: () => request('GET', '/demo/business-accounts', undefined, { auth: false }),
};

// identity-service through the gateway.
export const people = {
  get: (me) => request('GET', person(me)),
  setConsent: (me, crossAppEnabled) => request('PUT', `${person(me)}/consent`, { crossAppEnabled }),
  controls: (me) => request('GET', `${person(me)}/controls`),
  setControl: (me, sourcePlatform, known, unknown) =>
    request('PUT', `${person(me)}/controls/${enc(sourcePlatform)}`, { known, unknown }),
  blocks: (me) => request('GET', `${person(me)}/blocks`),
  block: (me, other) => request('PUT', `${person(me)}/blocks/${enc(other)}`),
  unblock: (me, other) => request('DELETE', `${person(me)}/blocks/${enc(other)}`),
  setDelivery: (me, mode, preferredPlatform) =>
    request('PUT', `${person(me)}/delivery`, mode === 'preferred' ? { mode, preferredPlatform } : { mode }),
  startLink: (me, from, target) => request('POST', `${person(me)}/links`, { from, target }),
  confirmLink: (me, linkId, code) => request('POST', `${person(me)}/links/${enc(linkId)}/confirm`, { code }),
  links: (me) => request('GET', `${person(me)}/links`),
  unlink: (me, platform, accountId) => request('DELETE', `${person(me)}/accounts/${enc(platform)}/${enc(accountId)}`),
  devices: (me) => request('GET', `${person(me)}/devices`),
  removeDevice: (me, deviceId) => request('DELETE', `${person(me)}/devices/${enc(deviceId)}`),
  registerDevice: (me, name, publicKeyBase64) =>
    request('POST', `${person(me)}/devices`, { name, keys: [{ algorithm: 'X25519', publicKey: publicKeyBase64 }] }),
  deviceKeys: (anyPerson) => request('GET', `${person(anyPerson)}/device-keys`),
};
