-- How a clinic wants numbers and dates shown to its Arabic-speaking patients. A clinic
-- without a row shows Western digits and the Gregorian date alone.
CREATE TABLE clinic_display (
    clinic_id           BLOB PRIMARY KEY NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    arabic_indic_digits INTEGER NOT NULL DEFAULT 0 CHECK (arabic_indic_digits IN (0, 1)),
    hijri_date          INTEGER NOT NULL DEFAULT 0 CHECK (hijri_date IN (0, 1))
);
