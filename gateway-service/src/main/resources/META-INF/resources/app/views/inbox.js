// The unified inbox: conversations of every app, with the other side's app, unread count and last
// activity; message requests in a folder of their own.

import { el, clear, appBadge, formatTime, isHexColor } from '../util.js';

export function renderInbox(container, app) {
  const { state } = app;
  const all = [...state.conversations.values()];
  const requests = all.filter((c) => c.request === true);
  const inbox = all.filter((c) => c.request !== true);
  const folder = state.view.folder === 'requests' ? 'requests' : 'inbox';
  const shown = folder === 'requests' ? requests : inbox;
  const requestUnread = requests.reduce((n, c) => n + (Number(c.unread) || 0), 0);

  clear(container);
  container.appendChild(
    el(
      'div',
      { class: 'tabs', role: 'tablist', 'aria-label': 'Folders' },
      el('button', {
        type: 'button',
        role: 'tab',
        class: 'tab',
        'aria-selected': folder === 'inbox' ? 'true' : 'false',
        'data-testid': 'inbox-tab',
        text: 'Inbox',
        onclick: () => app.setFolder('inbox'),
      }),
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'aria-selected': folder === 'requests' ? 'true' : 'false',
          'data-testid': 'requests-tab',
          onclick: () => app.setFolder('requests'),
        },
        'Message requests',
        requests.length ? el('span', { class: 'count', text: String(requestUnread || requests.length) }) : null,
      ),
    ),
  );

  if (!state.inboxLoaded && !shown.length) {
    container.appendChild(el('p', { class: 'muted pad', text: state.status === 'connected' ? 'Loading conversations…' : 'Conversations show once connected.' }));
    return;
  }
  if (!shown.length) {
    container.appendChild(
      el('p', { class: 'muted pad', text: folder === 'requests' ? 'No message requests.' : 'No conversations yet. Start a new chat.' }),
    );
    return;
  }

  const list = el('ul', { class: 'conversation-list' });
  for (const summary of shown) {
    const info = app.conversationInfo(summary.conversationId);
    const unread = Number(summary.unread) || 0;
    const active = state.view.screen === 'conversation' && state.view.conversationId === summary.conversationId;
    list.appendChild(
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            class: `conversation-item${active ? ' active' : ''}${unread ? ' has-unread' : ''}`,
            'data-testid': `conversation-${summary.conversationId}`,
            'aria-current': active ? 'true' : null,
            onclick: () => app.openConversation(summary.conversationId),
          },
          el('span', {
            class: 'avatar',
            'aria-hidden': 'true',
            style: isHexColor(info.theme) ? { background: info.theme } : null,
            text: info.group ? '#' : (info.title.trim()[0] || '?').toUpperCase(),
          }),
          el(
            'span',
            { class: 'conversation-text' },
            el('span', { class: 'conversation-title', text: info.title }),
            el(
              'span',
              { class: 'conversation-meta' },
              appBadge(info.app),
              info.group ? el('span', { class: 'muted small', text: `${info.members.length} members` }) : null,
              app.isSealed(summary.conversationId) ? el('span', { class: 'small', title: 'End-to-end encrypted', text: '🔒' }) : null,
            ),
          ),
          el(
            'span',
            { class: 'conversation-side' },
            el('time', { class: 'muted small', datetime: summary.lastAt || '', text: formatTime(summary.lastAt) }),
            unread ? el('span', { class: 'unread', 'data-testid': 'unread', 'aria-label': `${unread} unread`, text: String(unread) }) : null,
          ),
        ),
      ),
    );
  }
  container.appendChild(list);
}
