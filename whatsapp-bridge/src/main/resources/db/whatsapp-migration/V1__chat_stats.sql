-- whatsapp-bridge: messages per chat, for operators. Counts and times only: no content, no
-- names, no member lists. Kept by its own Flyway history in this schema, apart from the adapters'
-- shared dedupe schema.

CREATE TABLE chat_stats (
    -- The conversation id: whatsapp:<phone-number-id>:<user> or whatsapp:group:<group-id>.
    chat_id         text        PRIMARY KEY,
    -- Messages published to inbound.whatsapp, each counted once (redeliveries are not published).
    messages        bigint      NOT NULL CHECK (messages >= 0),
    -- WhatsApp's time of the latest counted message.
    last_message_at timestamptz NOT NULL
);
