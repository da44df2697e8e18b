// Turns a conversation's log entries (message frames, one per seq) into what the view shows:
// messages with their edits, unsends and reactions applied, and group changes as system lines.

export const EVENT = {
  created: 'switchboard.message.created.v1',
  edited: 'switchboard.message.edited.v1',
  deleted: 'switchboard.message.deleted.v1',
  reactionAdded: 'switchboard.reaction.added.v1',
  reactionRemoved: 'switchboard.reaction.removed.v1',
  changed: 'switchboard.conversation.changed.v1',
};

export function reactorKey(sender) {
  if (!sender) return '?';
  return sender.personId ? `p:${sender.personId}` : `a:${sender.platform}:${sender.accountId}`;
}

/** A conversation's log: entries by seq, the highest seq known without a gap from 1. */
export class ConversationLog {
  constructor(conversationId) {
    this.conversationId = conversationId;
    this.entries = new Map();
    this.contiguous = 0;
    this.maxSeq = 0;
    this.synced = false;
    this.syncing = false;
    this.version = 0;
  }

  /** Keeps one copy per seq; true when the entry is new. */
  add(frame) {
    const seq = Number(frame.seq);
    if (!Number.isInteger(seq) || seq < 1 || this.entries.has(seq)) return false;
    this.entries.set(seq, frame);
    this.maxSeq = Math.max(this.maxSeq, seq);
    while (this.entries.has(this.contiguous + 1)) this.contiguous += 1;
    this.version += 1;
    return true;
  }

  sorted() {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }
}

/**
 * items: [{kind:'message', ...} | {kind:'system', ...}] in seq order, byMessageId.
 * hidden: a Set of person ids whose entries are not shown (blocked people in groups).
 */
export function derive(log, me, hidden = new Set()) {
  const items = [];
  const byMessageId = new Map();
  let name = null;
  let theme = null;
  const members = new Set();
  if (!log) return { items, byMessageId, name, theme, members };
  for (const entry of log.sorted()) {
    const senderPerson = entry.sender && entry.sender.personId;
    switch (entry.eventType) {
      case EVENT.created: {
        if (entry.messageId && byMessageId.has(entry.messageId)) break; // a repeat by message id
        if (senderPerson && hidden.has(senderPerson) && senderPerson !== me) break;
        const message = {
          kind: 'message',
          seq: entry.seq,
          eventId: entry.eventId,
          messageId: entry.messageId,
          sender: entry.sender || {},
          platform: entry.platform || (entry.sender && entry.sender.platform),
          content: entry.content || {},
          contentEventId: entry.eventId,
          replyTo: entry.replyTo || null,
          request: !!entry.request,
          at: entry.sentAt || entry.receivedAt,
          mine: !!senderPerson && senderPerson === me,
          edited: false,
          deleted: false,
          reactions: new Map(), // emoji → Map(reactorKey → sender)
        };
        items.push(message);
        if (entry.messageId) byMessageId.set(entry.messageId, message);
        break;
      }
      case EVENT.edited: {
        const message = byMessageId.get(entry.messageId);
        if (message && !message.deleted) {
          message.content = entry.content || message.content;
          message.contentEventId = entry.eventId;
          message.edited = true;
          message.editedAt = entry.editedAt;
        }
        break;
      }
      case EVENT.deleted: {
        const message = byMessageId.get(entry.messageId);
        if (message) {
          message.deleted = true;
          message.reactions.clear();
        }
        break;
      }
      case EVENT.reactionAdded: {
        const message = byMessageId.get(entry.messageId);
        if (message && !message.deleted && entry.reaction) {
          const key = reactorKey(entry.sender);
          if (!message.reactions.has(entry.reaction)) message.reactions.set(entry.reaction, new Map());
          message.reactions.get(entry.reaction).set(key, entry.sender);
        }
        break;
      }
      case EVENT.reactionRemoved: {
        const message = byMessageId.get(entry.messageId);
        if (message) {
          const key = reactorKey(entry.sender);
          for (const [emoji, who] of message.reactions) {
            if (entry.reaction && emoji !== entry.reaction) continue;
            who.delete(key);
            if (who.size === 0) message.reactions.delete(emoji);
          }
        }
        break;
      }
      case EVENT.changed: {
        const ids = Array.isArray(entry.memberPersonIds) ? entry.memberPersonIds : [];
        if (entry.change === 'created') {
          ids.forEach((id) => members.add(id));
          if (entry.name) name = entry.name;
          if (entry.theme) theme = entry.theme;
        } else if (entry.change === 'members_added') ids.forEach((id) => members.add(id));
        else if (entry.change === 'members_removed') ids.forEach((id) => members.delete(id));
        else if (entry.change === 'renamed' && entry.name) name = entry.name;
        else if (entry.change === 'theme_changed' && entry.theme) theme = entry.theme;
        items.push({
          kind: 'system',
          seq: entry.seq,
          change: entry.change,
          actor: (entry.sender && entry.sender.personId ? entry.sender : entry.actor || entry.sender) || {},
          memberPersonIds: ids,
          name: entry.name,
          theme: entry.theme,
          at: entry.changedAt || entry.receivedAt,
        });
        break;
      }
      default:
        // an entry type this client does not know: skipped (its seq is still acknowledged)
        break;
    }
  }
  return { items, byMessageId, name, theme, members };
}
