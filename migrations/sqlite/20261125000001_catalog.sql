-- The catalogue: what each clinic offers, where, by whom and when.
-- Human-readable texts exist in English and Arabic; times of day are minutes since
-- local midnight in the branch's IANA zone; weekdays are ISO (Monday = 1).

CREATE TABLE clinics (
    id              BLOB PRIMARY KEY NOT NULL,
    slug            TEXT NOT NULL UNIQUE,
    name_en         TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    name_ar         TEXT NOT NULL CHECK (length(trim(name_ar)) > 0),
    description_en  TEXT NOT NULL DEFAULT '',
    description_ar  TEXT NOT NULL DEFAULT '',
    default_lang    TEXT NOT NULL CHECK (default_lang IN ('en', 'ar')),
    time_zone       TEXT NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE branches (
    id          BLOB PRIMARY KEY NOT NULL,
    clinic_id   BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    name_en     TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    name_ar     TEXT NOT NULL CHECK (length(trim(name_ar)) > 0),
    city_en     TEXT NOT NULL,
    city_ar     TEXT NOT NULL,
    address_en  TEXT NOT NULL,
    address_ar  TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX branches_clinic ON branches (clinic_id, position);

CREATE TABLE service_categories (
    id          BLOB PRIMARY KEY NOT NULL,
    clinic_id   BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    name_en     TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    name_ar     TEXT NOT NULL CHECK (length(trim(name_ar)) > 0),
    position    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX service_categories_clinic ON service_categories (clinic_id, position);

CREATE TABLE services (
    id                  BLOB PRIMARY KEY NOT NULL,
    clinic_id           BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    category_id         BLOB NOT NULL REFERENCES service_categories (id) ON DELETE RESTRICT,
    name_en             TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    name_ar             TEXT NOT NULL CHECK (length(trim(name_ar)) > 0),
    description_en      TEXT NOT NULL DEFAULT '',
    description_ar      TEXT NOT NULL DEFAULT '',
    duration_min        INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 720),
    buffer_before_min   INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_min BETWEEN 0 AND 240),
    buffer_after_min    INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_min BETWEEN 0 AND 240),
    price_minor         INTEGER CHECK (price_minor IS NULL OR price_minor >= 0),
    currency            TEXT CHECK (currency IS NULL OR length(currency) = 3),
    position            INTEGER NOT NULL DEFAULT 0,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK ((price_minor IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX services_clinic ON services (clinic_id, position);

CREATE TABLE providers (
    id          BLOB PRIMARY KEY NOT NULL,
    clinic_id   BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    name_en     TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    name_ar     TEXT NOT NULL CHECK (length(trim(name_ar)) > 0),
    title_en    TEXT NOT NULL DEFAULT '',
    title_ar    TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX providers_clinic ON providers (clinic_id, position);

CREATE TABLE provider_branches (
    provider_id BLOB NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    branch_id   BLOB NOT NULL REFERENCES branches (id) ON DELETE CASCADE,
    PRIMARY KEY (provider_id, branch_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE provider_services (
    provider_id BLOB NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    service_id  BLOB NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (provider_id, service_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX provider_services_service ON provider_services (service_id);

CREATE TABLE working_hours (
    id           BLOB PRIMARY KEY NOT NULL,
    provider_id  BLOB NOT NULL,
    branch_id    BLOB NOT NULL,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    CHECK (end_minute > start_minute),
    FOREIGN KEY (provider_id, branch_id) REFERENCES provider_branches (provider_id, branch_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX working_hours_provider ON working_hours (provider_id, branch_id);

CREATE TABLE schedule_exceptions (
    id           BLOB PRIMARY KEY NOT NULL,
    clinic_id    BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    provider_id  BLOB REFERENCES providers (id) ON DELETE CASCADE,
    branch_id    BLOB REFERENCES branches (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('time_off', 'holiday', 'extra_hours')),
    first_day    TEXT NOT NULL,
    last_day     TEXT NOT NULL,
    start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute   INTEGER CHECK (end_minute BETWEEN 0 AND 1440),
    reason_en    TEXT NOT NULL DEFAULT '',
    reason_ar    TEXT NOT NULL DEFAULT '',
    CHECK (last_day >= first_day),
    CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
    CHECK (start_minute IS NULL OR end_minute > start_minute)
) STRICT;
CREATE INDEX schedule_exceptions_clinic ON schedule_exceptions (clinic_id, last_day);
