-- Delivery receipts from the messaging providers: each (provider message, status) once,
-- however many times and in whatever order the callbacks arrive.
CREATE TABLE message_events (
    id                   UUID PRIMARY KEY,
    message_id           UUID NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    provider_message_id  TEXT NOT NULL,
    status               TEXT NOT NULL,
    error_code           TEXT,
    at                   TIMESTAMPTZ NOT NULL,
    UNIQUE (provider_message_id, status)
);
CREATE INDEX message_events_message ON message_events (message_id, at);

-- Inbound replies, once per provider message id (retries and other instances ignored).
CREATE TABLE inbound_messages (
    provider_message_id  TEXT PRIMARY KEY,
    received_at          TIMESTAMPTZ NOT NULL
);

-- A STOP reply: no more reminders to that number on that channel.
CREATE TABLE reminder_opt_outs (
    recipient  TEXT NOT NULL,
    channel    TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (recipient, channel)
);
