// One conversation: messages by seq with replies, reactions, edits, unsends, receipts, typing,
// sealed content, group changes as system lines, and the composer (draft kept in localStorage).

import { el, clear, appBadge, formatTime, failureText, isSwitchboardConversation, isHexColor } from '../util.js';
import { ownPlaintext, openedText } from '../sealing.js';

const EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 5000;

export class ConversationView {
  constructor(app, conversationId) {
    this.app = app;
    this.conversationId = conversationId;
    this.pickerFor = null;
    this.replyTo = null;
    this.editing = null; // the message being edited
    this.firstRender = true;
    this.typingSentAt = 0;
    this.typingActive = false;
    this.typingTimer = null;

    this.title = el('h2', { class: 'conversation-name' });
    this.subtitle = el('div', { class: 'conversation-sub' });
    this.headerActions = el('div', { class: 'header-actions' });
    this.header = el(
      'header',
      { class: 'conversation-header' },
      el('button', { type: 'button', class: 'back', 'aria-label': 'Back to conversations', text: '‹', onclick: () => app.back() }),
      el('div', { class: 'conversation-heading' }, this.title, this.subtitle),
      this.headerActions,
    );
    this.banner = el('div', { class: 'banner', hidden: true });
    this.list = el('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
    this.typing = el('div', { class: 'typing', 'data-testid': 'typing', 'aria-live': 'polite' });
    this.context = el('div', { class: 'composer-context', hidden: true });

    this.input = el('textarea', {
      id: 'composer-input',
      class: 'composer-input',
      'data-testid': 'composer',
      rows: 1,
      placeholder: 'Message',
      'aria-label': 'Message',
    });
    this.input.value = app.draft(conversationId) || '';
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === 'Escape' && (this.editing || this.replyTo)) {
        this.cancelContext();
      }
    });
    this.input.addEventListener('blur', () => this.stopTyping());
    this.sendButton = el('button', { type: 'submit', class: 'primary send', 'data-testid': 'send', text: 'Send' });
    this.form = el(
      'form',
      {
        class: 'composer',
        onsubmit: (event) => {
          event.preventDefault();
          this.submit();
        },
      },
      el('label', { for: 'composer-input', class: 'visually-hidden', text: 'Message' }),
      this.input,
      this.sendButton,
    );

    this.node = el('section', { class: 'conversation' }, this.header, this.banner, this.list, this.typing, this.context, this.form);
    this.update();
    this.autosize();
  }

  dispose() {
    this.stopTyping();
    clearTimeout(this.typingTimer);
  }

  // ------------------------------------------------------------ composer

  onInput() {
    // while editing, the composer holds the edited message: the draft stays as it was
    if (!this.editing) this.app.saveDraft(this.conversationId, this.input.value);
    this.autosize();
    if (this.editing) return;
    const now = Date.now();
    if (this.input.value.trim()) {
      if (!this.typingActive || now - this.typingSentAt > TYPING_REPEAT_MS) {
        this.typingActive = true;
        this.typingSentAt = now;
        this.app.sendTyping(this.conversationId, true);
      }
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
    } else this.stopTyping();
  }

  stopTyping() {
    clearTimeout(this.typingTimer);
    if (this.typingActive) {
      this.typingActive = false;
      this.app.sendTyping(this.conversationId, false);
    }
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
  }

  submit() {
    const text = this.input.value.trim();
    if (!text || this.savingEdit) return;
    if (this.editing) {
      const message = this.editing;
      this.savingEdit = true;
      this.sendButton.disabled = true;
      // Edit mode ends, and the draft comes back, only once the edit was handed to the
      // connection: offline or when sealing fails, the edited text stays in the composer.
      Promise.resolve(this.app.editMessage(this.conversationId, message, text))
        .catch(() => false)
        .then((ok) => {
          this.savingEdit = false;
          this.sendButton.disabled = false;
          if (!ok || this.editing !== message) return;
          this.editing = null;
          this.input.value = this.app.draft(this.conversationId) || '';
          this.autosize();
          this.renderContext();
          this.app.scheduleRender();
        });
      this.stopTyping();
      this.input.focus();
      return;
    }
    if (!this.app.sendText(this.conversationId, text, this.replyTo)) return;
    this.replyTo = null;
    this.input.value = '';
    this.app.saveDraft(this.conversationId, '');
    this.stopTyping();
    this.autosize();
    this.renderContext();
    this.stickToBottom = true;
    this.app.scheduleRender();
    this.input.focus();
  }

  startReply(message) {
    this.editing = null;
    this.replyTo = message.messageId;
    this.renderContext();
    this.input.focus();
  }

  startEdit(message, text) {
    this.replyTo = null;
    this.editing = message;
    this.input.value = text || '';
    this.autosize();
    this.renderContext();
    this.input.focus();
  }

  cancelContext() {
    if (this.editing) this.input.value = this.app.draft(this.conversationId) || '';
    this.editing = null;
    this.replyTo = null;
    this.autosize();
    this.renderContext();
  }

  renderContext() {
    clear(this.context);
    let label = null;
    if (this.editing) label = 'Editing your message';
    else if (this.replyTo) {
      const derived = this.app.derive(this.conversationId);
      const message = derived.byMessageId.get(this.replyTo);
      label = `Replying to ${message ? this.app.senderName(message.sender) : 'a message'}`;
      if (message) {
        const snippet = this.plainText(message);
        if (snippet) label += `: ${snippet.slice(0, 80)}`;
      }
    }
    this.context.hidden = !label;
    this.sendButton.textContent = this.editing ? 'Save' : 'Send';
    if (label) {
      this.context.appendChild(el('span', { class: 'context-text', text: label }));
      this.context.appendChild(el('button', { type: 'button', class: 'ghost small', text: 'Cancel', onclick: () => this.cancelContext() }));
    }
  }

  // ------------------------------------------------------------ rendering

  update() {
    const app = this.app;
    const info = app.conversationInfo(this.conversationId);
    this.info = info;
    if (isHexColor(info.theme)) this.node.style.setProperty('--theme', info.theme);
    else this.node.style.removeProperty('--theme');

    this.title.textContent = info.title;
    clear(this.subtitle);
    this.subtitle.appendChild(appBadge(info.app));
    if (info.group) this.subtitle.appendChild(el('span', { class: 'muted small', text: `${info.members.length} members` }));

    clear(this.headerActions);
    if (isSwitchboardConversation(this.conversationId)) {
      const on = app.isSealed(this.conversationId);
      const canSeal = !!(app.state.device && app.state.device.privateKey);
      this.headerActions.appendChild(
        el('button', {
          type: 'button',
          class: `seal-toggle${on ? ' on' : ''}`,
          'data-testid': 'seal-toggle',
          'aria-pressed': on ? 'true' : 'false',
          'aria-label': 'End-to-end encrypted',
          title: canSeal ? (on ? 'End-to-end encrypted: on' : 'End-to-end encrypted: off') : 'This device has no key: end-to-end encryption is not available',
          disabled: !canSeal && !on,
          onclick: () => app.setSealed(this.conversationId, !on),
        },
        el('span', { class: 'seal-icon', 'aria-hidden': 'true', text: on ? '🔒' : '🔓' }),
        el('span', { class: 'seal-label', text: on ? ' Encrypted' : ' Encrypt' })),
      );
    }
    if (info.group) {
      this.headerActions.appendChild(
        el('button', { type: 'button', class: 'ghost', 'data-testid': 'group-settings', text: 'Group', onclick: () => app.openGroupManage(this.conversationId) }),
      );
    }

    const summary = info.summary;
    this.banner.hidden = !(summary && summary.request);
    clear(this.banner);
    if (summary && summary.request) {
      this.banner.appendChild(el('span', { text: 'Message request: this person is not in your inbox. Message controls in Settings decide where such messages go.' }));
    }

    this.renderMessages();
    this.renderTyping();
    if (this.firstRender) this.renderContext();
  }

  renderTyping() {
    const names = this.app.typingPeople(this.conversationId).map((p) => this.app.name(p));
    this.typing.textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
    this.typing.classList.toggle('visible', names.length > 0);
  }

  renderMessages() {
    const app = this.app;
    const list = this.list;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    const log = app.state.logs.get(this.conversationId);
    const derived = app.derive(this.conversationId);
    this.derived = derived;

    const focusedKey = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    clear(list);
    if (log && log.syncing && derived.items.length === 0) {
      list.appendChild(el('li', { class: 'muted pad', text: 'Loading messages…' }));
    }
    for (const item of derived.items) {
      if (item.kind === 'system') list.appendChild(this.systemLine(item));
      else list.appendChild(this.bubble(item, derived));
    }
    const logged = new Set(derived.byMessageId.keys());
    for (const item of app.localSent(this.conversationId)) {
      if (!logged.has(item.messageId)) list.appendChild(this.pendingBubble(item, derived, app.messageState(item.messageId).state));
    }
    for (const item of app.outboxItems(this.conversationId)) {
      if (item.type === 'send' && !logged.has(item.messageId)) list.appendChild(this.pendingBubble(item, derived, item.state === 'failed' ? 'failed' : 'sending'));
    }
    if (!list.firstChild) {
      list.appendChild(el('li', { class: 'muted pad empty-conversation', text: log && log.synced ? 'No messages yet. Say hello!' : 'No messages yet.' }));
    }
    if (focusedKey) {
      const again = list.querySelector(`[data-focus-key="${CSS.escape(focusedKey)}"]`);
      if (again) again.focus();
    }
    if (this.firstRender || atBottom || this.stickToBottom) {
      list.scrollTop = list.scrollHeight;
      this.stickToBottom = false;
    }
    if (log && log.synced) this.firstRender = false;
  }

  systemLine(item) {
    const app = this.app;
    const actor = app.senderName(item.actor);
    const names = (item.memberPersonIds || []).map((p) => (p === app.me() ? 'you' : app.name(p))).join(', ');
    let text;
    let swatch = null;
    switch (item.change) {
      case 'created':
        text = `${actor} created the group${item.name ? ` “${item.name}”` : ''}`;
        break;
      case 'members_added':
        text = `${actor} added ${names}`;
        break;
      case 'members_removed':
        text = item.memberPersonIds.length === 1 && item.actor && item.memberPersonIds[0] === item.actor.personId ? `${actor} left the group` : `${actor} removed ${names}`;
        break;
      case 'renamed':
        text = `${actor} renamed the group to “${item.name || ''}”`;
        break;
      case 'theme_changed':
        text = `${actor} changed the theme to ${item.theme || ''}`;
        if (isHexColor(item.theme)) swatch = el('span', { class: 'swatch', style: { background: item.theme }, 'aria-hidden': 'true' });
        break;
      default:
        text = `${actor} changed the conversation`;
    }
    return el('li', { class: 'system-line', 'data-seq': String(item.seq), 'data-testid': 'system-line' }, el('span', { text }), swatch);
  }

  /** The readable text of a message (for quotes and editing), or null. */
  plainText(message) {
    if (message.deleted) return 'message unsent';
    const content = message.content || {};
    if (content.kind === 'sealed') {
      const own = message.mine ? ownPlaintext(message.messageId) : null;
      if (own !== null) return own;
      const opened = openedText(message.contentEventId, message.messageId, content, message.sender.personId, this.app.state.device, () => this.app.scheduleRender());
      return opened && opened.text !== undefined ? opened.text : null;
    }
    if (typeof content.text === 'string' && content.text) return content.text;
    if (Array.isArray(content.attachments) && content.attachments.length) return `📎 ${content.attachments.length} attachment(s)`;
    return '';
  }

  contentNode(message) {
    const content = message.content || {};
    if (message.deleted) return el('p', { class: 'text unsent', text: 'message unsent' });
    const parts = [];
    if (content.kind === 'sealed') {
      const own = message.mine ? ownPlaintext(message.messageId) : null;
      let text = own;
      let failed = false;
      if (text === null) {
        const opened = openedText(message.contentEventId, message.messageId, content, message.sender.personId, this.app.state.device, () => this.app.scheduleRender());
        if (opened === undefined) text = 'opening…';
        else if (opened.error !== undefined) failed = true;
        else text = opened.text;
      }
      parts.push(
        el(
          'p',
          { class: `text sealed${failed ? ' sealed-failed' : ''}`, 'data-testid': 'sealed' },
          el('span', { class: 'lock', title: 'End-to-end encrypted', text: '🔒 ' }),
          failed ? 'cannot be opened on this device' : text,
        ),
      );
    } else {
      if (typeof content.text === 'string' && content.text) parts.push(el('p', { class: 'text', text: content.text }));
      for (const attachment of Array.isArray(content.attachments) ? content.attachments : []) {
        const kind = attachment && (attachment.type || attachment.kind || attachment.mimeType);
        parts.push(el('p', { class: 'attachment', text: `📎 ${kind || 'attachment'}` }));
      }
      if (content.storyReply) parts.push(el('p', { class: 'muted small', text: '↪ replied to a story' }));
      if (!parts.length) parts.push(el('p', { class: 'text muted', text: '(empty message)' }));
    }
    return parts;
  }

  quoteNode(replyTo, derived) {
    if (!replyTo) return null;
    const quoted = derived.byMessageId.get(replyTo);
    const text = quoted ? this.plainText(quoted) : null;
    return el(
      'blockquote',
      { class: 'quote', 'data-testid': 'reply-quote' },
      el('span', { class: 'quote-author', text: quoted ? this.app.senderName(quoted.sender) : 'Reply' }),
      el('span', { class: 'quote-text', text: quoted ? (text === null ? '🔒' : text || '…') : 'to a message not loaded' }),
    );
  }

  bubble(message, derived) {
    const app = this.app;
    const own = message.mine;
    const delivery = own ? app.messageState(message.messageId) : null;
    const attrs = {
      class: `message${own ? ' own' : ''}${message.deleted ? ' deleted' : ''}`,
      'data-testid': 'message',
      'data-seq': String(message.seq),
      'data-message-id': message.messageId || '',
    };
    if (own) attrs['data-state'] = delivery.state;

    const head = own
      ? null
      : el('div', { class: 'message-head' }, el('span', { class: 'sender', text: app.senderName(message.sender) }), appBadge(message.platform));

    const meta = el(
      'div',
      { class: 'message-meta' },
      message.content && message.content.fallback === true && !message.deleted
        ? el('span', { class: 'fallback', 'data-testid': 'fallback', title: 'Sent as text because the app cannot show the original', text: 'text fallback' })
        : null,
      message.edited && !message.deleted ? el('span', { class: 'edited', text: 'edited' }) : null,
      el('time', { datetime: message.at || '', text: formatTime(message.at) }),
      own ? stateMark(delivery.state) : null,
    );

    const failure = own && delivery.state === 'failed'
      ? el('p', { class: 'failure', role: 'note', 'data-testid': 'failure', text: failureText(delivery.failed.code, delivery.failed.reason) })
      : null;

    const bubble = el('div', { class: 'bubble' }, this.quoteNode(message.replyTo, derived), this.contentNode(message), meta);

    const reactions = this.reactionsNode(message);
    const actions = message.deleted ? null : this.actionsNode(message);
    const picker = this.pickerFor === message.messageId && !message.deleted ? this.pickerNode(message) : null;

    return el('li', attrs, head, bubble, failure, reactions, actions, picker);
  }

  pendingBubble(item, derived, state) {
    const attrs = {
      class: `message own pending${state === 'failed' ? ' failed' : ''}`,
      'data-testid': 'message',
      'data-message-id': item.messageId || '',
      'data-state': state,
    };
    const sealed = item.sealed
      ? [el('span', { class: 'lock', title: 'End-to-end encrypted', text: '🔒 ' }), item.text]
      : [item.text];
    const meta = el('div', { class: 'message-meta' }, el('span', { text: state === 'sending' ? 'sending…' : '' }), stateMark(state));
    const actions =
      state === 'failed'
        ? el(
            'div',
            { class: 'message-actions visible' },
            el('button', { type: 'button', class: 'small', text: 'Try again', onclick: () => this.app.retryOutbox(item.nonce) }),
            el('button', { type: 'button', class: 'small ghost', text: 'Discard', onclick: () => this.app.discardOutbox(item.nonce) }),
          )
        : null;
    return el(
      'li',
      attrs,
      el('div', { class: 'bubble' }, this.quoteNode(item.replyTo, derived), el('p', { class: 'text' }, ...sealed), meta),
      state === 'failed' ? el('p', { class: 'failure', role: 'note', 'data-testid': 'failure', text: `not sent: ${item.error || 'refused'}` }) : null,
      actions,
    );
  }

  reactionsNode(message) {
    if (!message.reactions.size) return null;
    const me = this.app.me();
    const chips = [];
    for (const [emoji, who] of message.reactions) {
      const mine = [...who.values()].some((s) => s && s.personId === me);
      const names = [...who.values()].map((s) => this.app.senderName(s)).join(', ');
      chips.push(
        el('button', {
          type: 'button',
          class: `chip${mine ? ' mine' : ''}`,
          'aria-pressed': mine ? 'true' : 'false',
          'aria-label': `${emoji} ${who.size}: ${names}${mine ? ' (yours: click to remove)' : ''}`,
          title: names,
          text: `${emoji} ${who.size}`,
          'data-focus-key': `chip:${message.messageId}:${emoji}`,
          onclick: () => this.app.react(this.conversationId, message.messageId, emoji, mine),
        }),
      );
    }
    return el('div', { class: 'reactions', 'data-testid': 'reactions' }, chips);
  }

  actionsNode(message) {
    if (!message.messageId) return null;
    const buttons = [
      el('button', {
        type: 'button',
        class: 'icon',
        'data-testid': 'react',
        'aria-label': 'React',
        'aria-expanded': this.pickerFor === message.messageId ? 'true' : 'false',
        'data-focus-key': `react:${message.messageId}`,
        text: '☺',
        onclick: () => {
          this.pickerFor = this.pickerFor === message.messageId ? null : message.messageId;
          this.renderMessages();
        },
      }),
      el('button', { type: 'button', class: 'icon', 'data-testid': 'reply', 'aria-label': 'Reply', text: '↩', onclick: () => this.startReply(message) }),
    ];
    if (message.mine) {
      buttons.push(
        el('button', {
          type: 'button',
          class: 'icon',
          'data-testid': 'edit',
          'aria-label': 'Edit',
          text: '✎',
          onclick: () => {
            const text = this.plainText(message);
            if (message.content && message.content.kind === 'sealed' && text === null) {
              this.startEdit(message, '');
            } else this.startEdit(message, text);
          },
        }),
        el('button', {
          type: 'button',
          class: 'icon',
          'data-testid': 'unsend',
          'aria-label': 'Unsend',
          text: '🗑',
          onclick: () => {
            if (confirm('Unsend this message for everyone?')) this.app.unsend(this.conversationId, message.messageId);
          },
        }),
      );
    }
    return el('div', { class: 'message-actions' }, buttons);
  }

  pickerNode(message) {
    const me = this.app.me();
    return el(
      'div',
      { class: 'picker', role: 'group', 'aria-label': 'Pick a reaction' },
      EMOJIS.map((emoji) => {
        const who = message.reactions.get(emoji);
        const mine = !!who && [...who.values()].some((s) => s && s.personId === me);
        return el('button', {
          type: 'button',
          class: `emoji${mine ? ' mine' : ''}`,
          'data-testid': 'react-emoji',
          'aria-label': mine ? `Remove ${emoji}` : `React ${emoji}`,
          'aria-pressed': mine ? 'true' : 'false',
          text: emoji,
          onclick: () => {
            this.pickerFor = null;
            this.app.react(this.conversationId, message.messageId, emoji, mine);
            this.renderMessages();
          },
        });
      }),
    );
  }
}

function stateMark(state) {
  const marks = { sending: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };
  const labels = { sending: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'not delivered' };
  return el('span', { class: `state state-${state}`, title: labels[state] || state, 'aria-label': labels[state] || state, text: marks[state] || '' });
}
