-- A patient's upcoming visits at one clinic are counted inside every booking (the
-- clinic's cap). Without this index the count walked all of the clinic's future visits.
CREATE INDEX appointments_patient_clinic_time ON appointments (patient_key, clinic_id, starts_at);
