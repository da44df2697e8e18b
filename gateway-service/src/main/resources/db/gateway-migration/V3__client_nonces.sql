-- Client nonces: a device's `send` and `group.create` frames carry a nonce of the device's choosing,
-- so that a resend after a lost answer is answered with the first frame's ids instead of becoming a
-- second message or group. Rows are forgotten after switchboard.gateway.client.nonce-retention
-- (7 days, as long as inbound.client keeps the events); a resend after that is a new write.
CREATE TABLE client_nonces (
  device_account_id TEXT NOT NULL,
  nonce             TEXT NOT NULL,
  -- The frame that used the nonce (`send` or `group.create`): a nonce is used for one write only.
  frame             TEXT NOT NULL,
  conversation_id   TEXT NOT NULL,
  event_id          TEXT NOT NULL,
  message_id        TEXT,
  -- Set once Kafka acknowledged the event. A resend of a nonce that is not published yet publishes
  -- the event again with the same id; the fan-out drops the second copy by its event id.
  published         BOOLEAN NOT NULL DEFAULT false,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (device_account_id, nonce)
);

CREATE INDEX client_nonces_by_age ON client_nonces (created_at);
