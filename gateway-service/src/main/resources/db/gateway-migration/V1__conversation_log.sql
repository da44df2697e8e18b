-- The gateway's conversation log. Kafka stays the source of truth: every row here can be rebuilt
-- by replaying the inbound topics from the beginning.

CREATE TABLE conversations (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
  name       TEXT,
  theme      TEXT,
  -- The sequence number of the conversation's latest message; bumped in the same statement that
  -- appends a message, so numbers are dense and ordered per conversation.
  last_seq   BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  person_id       TEXT NOT NULL,
  joined_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, person_id)
);

CREATE INDEX conversation_members_by_person ON conversation_members (person_id);

-- One row per message and conversation, however many devices and apps it reaches.
CREATE TABLE messages (
  conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq              BIGINT NOT NULL,
  event_id         TEXT NOT NULL UNIQUE,
  event_type       TEXT NOT NULL,
  platform         TEXT NOT NULL,
  sender_platform  TEXT NOT NULL,
  sender_account   TEXT NOT NULL,
  sender_person_id TEXT,
  request          BOOLEAN NOT NULL DEFAULT false,
  -- The event's data as published (sealed content stays sealed: ciphertext only).
  data             JSONB NOT NULL,
  -- Set once every outbound record of the message was acknowledged by Kafka; a redelivered event
  -- whose fan-out did not finish fans out again (at least once), one that did is dropped.
  fanned_out       BOOLEAN NOT NULL DEFAULT false,
  appended_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE device_cursors (
  device_account_id TEXT NOT NULL,
  conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  acked_seq         BIGINT NOT NULL DEFAULT 0,
  updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (device_account_id, conversation_id)
);
