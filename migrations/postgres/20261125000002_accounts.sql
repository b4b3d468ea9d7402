-- People and how they sign in: accounts, sign-in methods, sessions, one-time codes,
-- dependents, clinic roles, consents, the access log and the message outbox.

CREATE TABLE users (
    id                UUID PRIMARY KEY,
    full_name         TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    -- Verified contact details; each belongs to one account at most.
    email             TEXT UNIQUE,
    phone             TEXT UNIQUE,
    gender            TEXT CHECK (gender IN ('female', 'male')),
    date_of_birth     DATE,
    picture_id        UUID,
    lang              TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'ar')),
    preferred_channel TEXT CHECK (preferred_channel IN ('sms', 'whatsapp', 'email')),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- Profile pictures, re-encoded by us: never the uploaded bytes.
CREATE TABLE pictures (
    id            UUID PRIMARY KEY,
    owner_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_type  TEXT NOT NULL,
    bytes         BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX pictures_owner ON pictures (owner_id);

-- Ways to sign in. Google is keyed by (issuer, subject), never by email.
CREATE TABLE identities (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      TEXT NOT NULL CHECK (provider IN ('google', 'facebook', 'phone', 'email')),
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (provider, issuer, subject)
);
CREATE INDEX identities_user ON identities (user_id);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    id               UUID PRIMARY KEY,
    token_hash       BYTEA NOT NULL UNIQUE,
    user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       TIMESTAMPTZ NOT NULL,
    last_seen_at     TIMESTAMPTZ NOT NULL,
    idle_expires_at  TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    ip               TEXT NOT NULL DEFAULT '',
    user_agent       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (idle_expires_at);

-- Short-lived, single-use steps of a sign-in: OAuth state, pending sign-up, pending link.
CREATE TABLE auth_tickets (
    token_hash    BYTEA PRIMARY KEY,
    purpose       TEXT NOT NULL CHECK (purpose IN ('oauth', 'signup', 'link')),
    binding_hash  BYTEA,
    payload       TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_tickets_expiry ON auth_tickets (expires_at);

-- One-time codes: only a keyed hash of the code is stored.
CREATE TABLE otp_codes (
    id            UUID PRIMARY KEY,
    destination   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email')),
    code_hash     BYTEA NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    requester     BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    consumed_at   TIMESTAMPTZ
);
CREATE INDEX otp_codes_destination ON otp_codes (destination, created_at);
CREATE INDEX otp_codes_requester ON otp_codes (requester, created_at);

-- Children and others a guardian books for. They never hold an account themselves.
CREATE TABLE dependents (
    id             UUID PRIMARY KEY,
    guardian_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name      TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    date_of_birth  DATE NOT NULL,
    gender         TEXT CHECK (gender IN ('female', 'male')),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX dependents_guardian ON dependents (guardian_id);

CREATE TABLE clinic_members (
    clinic_id    UUID NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'receptionist', 'provider')),
    provider_id  UUID REFERENCES providers (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (clinic_id, user_id, role)
);
CREATE INDEX clinic_members_user ON clinic_members (user_id);

-- What each clinic asks for when someone books with it.
ALTER TABLE clinics ADD COLUMN gender_field TEXT NOT NULL DEFAULT 'optional'
    CHECK (gender_field IN ('required', 'optional', 'hidden'));
ALTER TABLE clinics ADD COLUMN birth_date_field TEXT NOT NULL DEFAULT 'optional'
    CHECK (birth_date_field IN ('required', 'optional', 'hidden'));
ALTER TABLE clinics ADD COLUMN picture_field TEXT NOT NULL DEFAULT 'hidden'
    CHECK (picture_field IN ('required', 'optional', 'hidden'));
ALTER TABLE clinics ADD COLUMN min_patient_age INTEGER NOT NULL DEFAULT 16
    CHECK (min_patient_age BETWEEN 0 AND 21);

-- Consents with the version of the text agreed to; withdrawal keeps the record.
CREATE TABLE consents (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('privacy_notice', 'gender', 'date_of_birth', 'picture')),
    version       TEXT NOT NULL,
    granted_at    TIMESTAMPTZ NOT NULL,
    withdrawn_at  TIMESTAMPTZ
);
CREATE INDEX consents_user ON consents (user_id, kind);

-- Who looked at or changed whose record. Never the record's content.
CREATE TABLE access_log (
    id                    UUID PRIMARY KEY,
    at                    TIMESTAMPTZ NOT NULL,
    actor_id              UUID,
    clinic_id             UUID,
    subject_user_id       UUID,
    subject_dependent_id  UUID,
    action                TEXT NOT NULL,
    ip                    TEXT NOT NULL DEFAULT '',
    user_agent            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_subject ON access_log (subject_user_id, at);
CREATE INDEX access_log_clinic ON access_log (clinic_id, at);

-- Outgoing messages, written in the same transaction as the change that causes them.
CREATE TABLE outbox (
    id                   UUID PRIMARY KEY,
    idempotency_key      TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL,
    channel              TEXT NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email')),
    recipient            TEXT NOT NULL,
    lang                 TEXT NOT NULL CHECK (lang IN ('en', 'ar')),
    payload              TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'cancelled', 'unknown')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    due_at               TIMESTAMPTZ NOT NULL,
    lease_until          TIMESTAMPTZ,
    provider             TEXT,
    provider_message_id  TEXT,
    last_error           TEXT,
    user_id              UUID,
    clinic_id            UUID,
    created_at           TIMESTAMPTZ NOT NULL,
    sent_at              TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_user ON outbox (user_id, created_at);
CREATE INDEX outbox_provider_id ON outbox (provider_message_id);
