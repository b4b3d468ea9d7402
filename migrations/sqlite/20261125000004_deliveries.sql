-- Delivery receipts from the messaging providers: each (provider message, status) once,
-- however many times and in whatever order the callbacks arrive.
CREATE TABLE message_events (
    id                   BLOB PRIMARY KEY NOT NULL,
    message_id           BLOB NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    provider_message_id  TEXT NOT NULL,
    status               TEXT NOT NULL,
    error_code           TEXT,
    at                   TEXT NOT NULL,
    UNIQUE (provider_message_id, status)
) STRICT;
CREATE INDEX message_events_message ON message_events (message_id, at);

-- Inbound replies, once per provider message id (retries and other instances ignored).
CREATE TABLE inbound_messages (
    provider_message_id  TEXT PRIMARY KEY NOT NULL,
    received_at          TEXT NOT NULL
) STRICT;

-- A STOP reply: no more reminders to that number on that channel.
CREATE TABLE reminder_opt_outs (
    recipient  TEXT NOT NULL,
    channel    TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (recipient, channel)
) STRICT;
