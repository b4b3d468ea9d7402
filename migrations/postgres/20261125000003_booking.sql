-- Appointments, their history, and the files and notes patients attach.
--
-- No double booking, enforced by the database: exclusion constraints forbid two active
-- appointments of one provider whose reserved times overlap, and two active appointments
-- of one patient at the same time — whatever the application does, and however many
-- server instances race.

CREATE EXTENSION IF NOT EXISTS btree_gist;

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
    id               UUID PRIMARY KEY,
    clinic_id        UUID NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    branch_id        UUID NOT NULL REFERENCES branches (id),
    provider_id      UUID NOT NULL REFERENCES providers (id),
    service_id       UUID NOT NULL REFERENCES services (id),
    booked_by        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dependent_id     UUID REFERENCES dependents (id) ON DELETE CASCADE,
    patient_key      UUID NOT NULL,
    starts_at        TIMESTAMPTZ NOT NULL,
    ends_at          TIMESTAMPTZ NOT NULL,
    reserved_from    TIMESTAMPTZ NOT NULL,
    reserved_until   TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show')),
    cancelled_by     TEXT CHECK (cancelled_by IN ('patient', 'clinic', 'system')),
    cancel_reason    TEXT,
    idempotency_key  TEXT,
    note_key_id      TEXT,
    note_nonce       BYTEA,
    note_ciphertext  BYTEA,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (reserved_from <= starts_at AND reserved_until >= ends_at),
    UNIQUE (booked_by, idempotency_key),
    CONSTRAINT appointments_no_provider_overlap EXCLUDE USING gist (
        provider_id WITH =,
        tstzrange(reserved_from, reserved_until, '[)') WITH &&
    ) WHERE (status IN ('booked', 'confirmed', 'checked_in')),
    CONSTRAINT appointments_no_patient_overlap EXCLUDE USING gist (
        patient_key WITH =,
        tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (status IN ('booked', 'confirmed', 'checked_in'))
);
CREATE INDEX appointments_clinic_time ON appointments (clinic_id, starts_at);
CREATE INDEX appointments_booked_by ON appointments (booked_by, starts_at);

CREATE TABLE appointment_events (
    id              UUID PRIMARY KEY,
    appointment_id  UUID NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    at              TIMESTAMPTZ NOT NULL,
    actor_id        UUID,
    actor_kind      TEXT NOT NULL CHECK (actor_kind IN ('patient', 'clinic', 'system')),
    action          TEXT NOT NULL,
    from_status     TEXT,
    to_status       TEXT,
    old_starts_at   TIMESTAMPTZ,
    new_starts_at   TIMESTAMPTZ,
    reason          TEXT
);
CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, at);

CREATE TABLE appointment_files (
    id              UUID PRIMARY KEY,
    appointment_id  UUID NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    uploaded_by     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes      INTEGER NOT NULL CHECK (size_bytes > 0),
    key_id          TEXT NOT NULL,
    nonce           BYTEA NOT NULL,
    name_ciphertext BYTEA NOT NULL,
    ciphertext      BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX appointment_files_appointment ON appointment_files (appointment_id);

ALTER TABLE outbox ADD COLUMN appointment_id UUID;
CREATE INDEX outbox_appointment ON outbox (appointment_id);
