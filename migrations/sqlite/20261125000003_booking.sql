-- Appointments, their history, and the files and notes patients attach.
--
-- No double booking: on SQLite every booking runs inside BEGIN IMMEDIATE (one writer at
-- a time) and checks for overlaps before inserting; PostgreSQL enforces the same rule
-- with exclusion constraints (see the PostgreSQL migration).

ALTER TABLE clinics ADD COLUMN min_notice_min INTEGER NOT NULL DEFAULT 60
    CHECK (min_notice_min BETWEEN 0 AND 20160);
ALTER TABLE clinics ADD COLUMN horizon_days INTEGER NOT NULL DEFAULT 60
    CHECK (horizon_days BETWEEN 1 AND 365);
ALTER TABLE clinics ADD COLUMN slot_step_min INTEGER NOT NULL DEFAULT 15
    CHECK (slot_step_min BETWEEN 5 AND 120);
ALTER TABLE clinics ADD COLUMN cancel_cutoff_min INTEGER NOT NULL DEFAULT 1440
    CHECK (cancel_cutoff_min BETWEEN 0 AND 20160);
-- When reminders go out, in minutes before the visit (comma-separated).
ALTER TABLE clinics ADD COLUMN reminder_offsets_min TEXT NOT NULL DEFAULT '1440,120';

CREATE TABLE appointments (
    id               BLOB PRIMARY KEY NOT NULL,
    clinic_id        BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    branch_id        BLOB NOT NULL REFERENCES branches (id),
    provider_id      BLOB NOT NULL REFERENCES providers (id),
    service_id       BLOB NOT NULL REFERENCES services (id),
    -- The account holder who booked; the patient is them or one of their dependents.
    booked_by        BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dependent_id     BLOB REFERENCES dependents (id) ON DELETE CASCADE,
    -- Who the slot belongs to, for the "one person, one place at a time" rule.
    patient_key      BLOB NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    -- The provider's time this visit takes, buffers included.
    reserved_from    TEXT NOT NULL,
    reserved_until   TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show')),
    cancelled_by     TEXT CHECK (cancelled_by IN ('patient', 'clinic', 'system')),
    cancel_reason    TEXT,
    idempotency_key  TEXT,
    note_key_id      TEXT,
    note_nonce       BLOB,
    note_ciphertext  BLOB,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (reserved_from <= starts_at AND reserved_until >= ends_at),
    UNIQUE (booked_by, idempotency_key)
) STRICT;
CREATE INDEX appointments_provider_time ON appointments (provider_id, reserved_from);
CREATE INDEX appointments_patient_time ON appointments (patient_key, starts_at);
CREATE INDEX appointments_clinic_time ON appointments (clinic_id, starts_at);
CREATE INDEX appointments_booked_by ON appointments (booked_by, starts_at);

-- Every change: who, when, what. Rescheduling keeps the old time here.
CREATE TABLE appointment_events (
    id              BLOB PRIMARY KEY NOT NULL,
    appointment_id  BLOB NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    actor_id        BLOB,
    actor_kind      TEXT NOT NULL CHECK (actor_kind IN ('patient', 'clinic', 'system')),
    action          TEXT NOT NULL,
    from_status     TEXT,
    to_status       TEXT,
    old_starts_at   TEXT,
    new_starts_at   TEXT,
    reason          TEXT
) STRICT;
CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, at);

-- Files patients attach: encrypted at rest (AES-256-GCM) with the key named by key_id.
CREATE TABLE appointment_files (
    id              BLOB PRIMARY KEY NOT NULL,
    appointment_id  BLOB NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    uploaded_by     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes      INTEGER NOT NULL CHECK (size_bytes > 0),
    key_id          TEXT NOT NULL,
    nonce           BLOB NOT NULL,
    name_ciphertext BLOB NOT NULL,
    ciphertext      BLOB NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX appointment_files_appointment ON appointment_files (appointment_id);

ALTER TABLE outbox ADD COLUMN appointment_id BLOB;
CREATE INDEX outbox_appointment ON outbox (appointment_id);
