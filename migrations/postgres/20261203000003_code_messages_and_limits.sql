-- A sign-in code message keeps its code only while it may still go out: whatever ends
-- it (sent, failed, cancelled, replaced, expired unsent, interrupted) empties the
-- payload, so no code is ever readable in the message log afterwards.
CREATE FUNCTION outbox_redact_settled_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.payload := '{}';
    RETURN NEW;
END
$$;

CREATE TRIGGER outbox_code_redacted_when_settled
BEFORE INSERT OR UPDATE ON outbox
FOR EACH ROW
WHEN (NEW.kind = 'sign_in_code' AND NEW.status NOT IN ('pending', 'sending'))
EXECUTE FUNCTION outbox_redact_settled_code();

UPDATE outbox SET payload = '{}'
WHERE kind = 'sign_in_code' AND status NOT IN ('pending', 'sending');

-- Unsent code messages are found by age (`created_at`) when they expire.
CREATE INDEX outbox_pending_codes ON outbox (kind, status, created_at);

-- The deployment-wide hourly count of phone codes.
CREATE INDEX otp_codes_created ON otp_codes (created_at);
