-- The channels a clinic lets its messages use, in the order WhatsApp, SMS, email
-- (comma-separated); never empty, so a clinic can always reach its patients.
ALTER TABLE clinics ADD COLUMN channels TEXT NOT NULL DEFAULT 'whatsapp,sms,email'
    CHECK (channels <> '');

-- Codes sent to an address before its owner had an account join their log once they
-- prove the address is theirs; found by recipient.
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
