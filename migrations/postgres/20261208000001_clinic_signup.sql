-- Clinics that set themselves up. A clinic is shown to patients only once its owner has
-- published it and, where the deployment asks for it, an operator has approved it; a
-- new clinic starts unpublished. The clinics that existed before are both.
ALTER TABLE clinics ADD COLUMN currency TEXT NOT NULL DEFAULT 'SAR'
    CHECK (length(currency) = 3 AND currency = upper(currency));
-- The languages the clinic serves its patients in: 'en', 'ar' or 'en,ar'.
ALTER TABLE clinics ADD COLUMN languages TEXT NOT NULL DEFAULT 'en,ar'
    CHECK (languages IN ('en', 'ar', 'en,ar'));
ALTER TABLE clinics ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE clinics ADD COLUMN approved_at TIMESTAMPTZ;
UPDATE clinics SET published_at = created_at, approved_at = created_at;
-- The operator's list of clinics waiting for approval.
CREATE INDEX clinics_pending ON clinics (created_at) WHERE approved_at IS NULL;
