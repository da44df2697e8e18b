-- identity-service: people, their accounts on each app, and everything they decided.

CREATE TABLE person (
    id                 uuid        PRIMARY KEY,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- Bumped on every change; consumers of identity.links ignore older versions.
    version            bigint      NOT NULL DEFAULT 0,
    cross_app_enabled  boolean     NOT NULL DEFAULT false,
    delivery_mode      text        NOT NULL DEFAULT 'all'
        CHECK (delivery_mode IN ('all', 'preferred', 'last_used')),
    preferred_platform text        CHECK (preferred_platform IN ('instagram', 'messenger', 'whatsapp', 'switchboard')),
    last_used_platform text        CHECK (last_used_platform IN ('instagram', 'messenger', 'whatsapp', 'switchboard'))
);

-- One account on one app. (platform, account_id) belongs to at most one person.
CREATE TABLE account (
    id         uuid        PRIMARY KEY,
    person_id  uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    platform   text        NOT NULL CHECK (platform IN ('instagram', 'messenger', 'whatsapp', 'switchboard')),
    account_id text        NOT NULL,
    linked_at  timestamptz NOT NULL,
    CONSTRAINT account_unique UNIQUE (platform, account_id)
);
CREATE INDEX account_person ON account (person_id);

-- Other identifiers of an account (a WhatsApp BSUID or phone number beside the wa_id), with
-- history: a superseded identifier keeps its row with valid_to set, so the account stays the
-- same person across a new phone number or a new BSUID.
CREATE TABLE account_alias (
    id         bigserial   PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('wa_id', 'bsuid', 'phone')),
    value      text        NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz
);
CREATE UNIQUE INDEX account_alias_current ON account_alias (kind, value) WHERE valid_to IS NULL;
CREATE INDEX account_alias_account ON account_alias (account_id);

-- A pending proof that the person holds another app's account: a one-time code sent there.
CREATE TABLE link_request (
    id                uuid        PRIMARY KEY,
    person_id         uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    from_account      uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    target_platform   text        NOT NULL,
    target_account_id text        NOT NULL,
    code_hash         bytea       NOT NULL,
    attempts_left     integer     NOT NULL,
    status            text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired', 'exhausted', 'cancelled')),
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL
);
CREATE INDEX link_request_person ON link_request (person_id, created_at);
CREATE INDEX link_request_target ON link_request (target_platform, target_account_id, created_at);

-- Where messages from each source app land: for senders the person knows, and for everyone else.
CREATE TABLE message_control (
    person_id       uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    source_platform text NOT NULL CHECK (source_platform IN ('instagram', 'messenger', 'whatsapp', 'switchboard')),
    known           text NOT NULL CHECK (known IN ('inbox', 'requests', 'refused')),
    unknown         text NOT NULL CHECK (unknown IN ('inbox', 'requests', 'refused')),
    PRIMARY KEY (person_id, source_platform)
);

-- A block applies across every app either person has linked.
CREATE TABLE person_block (
    person_id         uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    blocked_person_id uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (person_id, blocked_person_id),
    CHECK (person_id <> blocked_person_id)
);
CREATE INDEX person_block_blocked ON person_block (blocked_person_id);

-- Switchboard devices; each is also an account (platform 'switchboard').
CREATE TABLE device (
    id         uuid        PRIMARY KEY,
    person_id  uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    account    uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Public keys only: the private halves never leave the devices.
CREATE TABLE device_key (
    key_id     text        PRIMARY KEY,
    device_id  uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    algorithm  text        NOT NULL,
    public_key bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Transactional outbox for identity.links: written in the same transaction as the change,
-- deleted once Kafka acknowledged it. A null payload is a tombstone.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    record_key text        NOT NULL,
    event_id   text,
    payload    jsonb,
    created_at timestamptz NOT NULL
);
