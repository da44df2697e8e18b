-- Conversations across apps: who took part from which app, where replies from an app go back to,
-- and how far each reader got with each message. Like V1, everything here can be rebuilt by
-- replaying the inbound topics.

-- The app accounts that wrote or were written to in a conversation. A member's device that writes
-- into an app conversation reaches the accounts here that are not members' own accounts.
CREATE TABLE conversation_accounts (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  platform        TEXT NOT NULL,
  account_id      TEXT NOT NULL,
  PRIMARY KEY (conversation_id, platform, account_id)
);

-- The conversation a message the gateway sent to an app account came from: when that account
-- answers the gateway's business account, the answer goes into this conversation. The latest
-- conversation wins.
CREATE TABLE bridges (
  platform        TEXT NOT NULL,
  account_id      TEXT NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, account_id)
);

-- Delivery and read states per message and reader, only ever moving forward
-- (delivered = 1 < read = 2).
CREATE TABLE message_receipts (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      TEXT NOT NULL,
  reader          TEXT NOT NULL,
  rank            SMALLINT NOT NULL CHECK (rank IN (1, 2)),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, message_id, reader)
);

-- Edits, unsends, reactions and receipts name their message by its message id.
CREATE INDEX messages_by_message_id ON messages ((data ->> 'messageId'));
