-- A sign-in code message keeps its code only while it may still go out: whatever ends
-- it (sent, failed, cancelled, replaced, expired unsent, interrupted) empties the
-- payload, so no code is ever readable in the message log afterwards.
CREATE TRIGGER outbox_code_redacted_when_settled
AFTER UPDATE OF status ON outbox
FOR EACH ROW
WHEN NEW.kind = 'sign_in_code' AND NEW.status NOT IN ('pending', 'sending') AND NEW.payload <> '{}'
BEGIN
    UPDATE outbox SET payload = '{}' WHERE id = NEW.id;
END;

UPDATE outbox SET payload = '{}'
WHERE kind = 'sign_in_code' AND status NOT IN ('pending', 'sending');

-- Unsent code messages are found by age (`created_at`) when they expire.
CREATE INDEX outbox_pending_codes ON outbox (kind, status, created_at);

-- The deployment-wide hourly count of phone codes.
CREATE INDEX otp_codes_created ON otp_codes (created_at);
