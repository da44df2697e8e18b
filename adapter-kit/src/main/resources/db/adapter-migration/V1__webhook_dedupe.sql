-- adapter-kit: which platform events the adapters already took, so a redelivered webhook is not
-- published twice. Shared by every adapter replica; lives in the adapters' own schema.

CREATE TABLE webhook_dedupe (
    -- The deterministic mesh event id (EventIds.forPlatformEvent).
    event_id     text        PRIMARY KEY,
    -- Set by the request that claimed the event; a claim never published goes stale and can be
    -- claimed again after the claim timeout.
    claimed_at   timestamptz NOT NULL,
    -- Set once Kafka acknowledged the event; from then on it is a duplicate until it expires.
    published_at timestamptz,
    -- claimed_at plus the platform's retry window; the cleanup deletes the row after it.
    expires_at   timestamptz NOT NULL
);
CREATE INDEX webhook_dedupe_expires ON webhook_dedupe (expires_at);
