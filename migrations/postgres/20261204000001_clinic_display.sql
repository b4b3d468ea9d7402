-- How a clinic wants numbers and dates shown to its Arabic-speaking patients. A clinic
-- without a row shows Western digits and the Gregorian date alone.
CREATE TABLE clinic_display (
    clinic_id           UUID PRIMARY KEY REFERENCES clinics (id) ON DELETE CASCADE,
    arabic_indic_digits BOOLEAN NOT NULL DEFAULT FALSE,
    hijri_date          BOOLEAN NOT NULL DEFAULT FALSE
);
