// The person's Switchboard devices, each with a button to remove it: in the settings, and when
// this browser cannot become a device because the person has as many as allowed.

import { people } from '../api.js';
import { el, clear, formatDateTime, toast } from '../util.js';

/**
 * Fills `container` with the person's devices, newest first, and keeps it up to date after each
 * removal. This browser's own device (`currentDeviceId`, null when it has none yet) is marked and
 * cannot be removed here.
 */
export async function showDevices(container, { me, currentDeviceId = null }) {
  clear(container).appendChild(el('p', { class: 'muted', text: 'Loading…' }));
  let devices;
  try {
    const list = await people.devices(me);
    devices = (Array.isArray(list) ? list : []).filter((d) => d && d.deviceId);
  } catch (e) {
    clear(container).appendChild(el('p', { class: 'inline-status error', role: 'alert', text: e.readable || e.message || 'Could not load the devices.' }));
    return;
  }
  devices.sort((a, b) => String(b.createdAt || '').localeCompare(String(a.createdAt || '')));
  const status = el('p', { class: 'inline-status', role: 'alert' });
  clear(container).append(
    el(
      'ul',
      { class: 'plain-list', 'data-testid': 'devices' },
      devices.map((d) => {
        const mine = d.deviceId === currentDeviceId;
        const name = d.name || 'Device';
        return el(
          'li',
          { class: 'row', 'data-testid': `device-${d.deviceId}` },
          el(
            'span',
            { class: 'grow' },
            el('span', { text: name }),
            mine ? el('span', { class: 'device-mine', text: 'this browser' }) : null,
            el('span', { class: 'muted small', text: ` · added ${formatDateTime(d.createdAt)}` }),
          ),
          mine
            ? null
            : el('button', {
              type: 'button',
              class: 'ghost small',
              'data-testid': `device-remove-${d.deviceId}`,
              'aria-label': `Remove ${name}, added ${formatDateTime(d.createdAt)}`,
              text: 'Remove',
              onclick: async (event) => {
                if (!confirm(`Remove "${name}"? It stops receiving messages, and its key can no longer open new sealed messages.`)) return;
                event.currentTarget.disabled = true;
                try {
                  await people.removeDevice(me, d.deviceId);
                  toast('Device removed.', 'info', 3000);
                  showDevices(container, { me, currentDeviceId });
                } catch (e) {
                  event.currentTarget.disabled = false;
                  status.textContent = e.readable || e.message || 'The device could not be removed.';
                  status.className = 'inline-status error';
                }
              },
            }),
        );
      }),
    ),
    devices.length ? null : el('p', { class: 'muted', text: 'No devices.' }),
    status,
  );
}
