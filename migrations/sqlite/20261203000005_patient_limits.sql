-- How many upcoming (active, not yet started) appointments one patient may hold at a
-- clinic at once; counted per person booked, so a guardian and each dependent have their own.
ALTER TABLE clinics ADD COLUMN max_upcoming_per_patient INTEGER NOT NULL DEFAULT 6
    CHECK (max_upcoming_per_patient BETWEEN 1 AND 50);

-- A removed dependent is hidden from their guardian and can no longer be booked for; the
-- row stays so the clinic's records of past and cancelled visits keep their patient.
ALTER TABLE dependents ADD COLUMN removed_at TEXT;
