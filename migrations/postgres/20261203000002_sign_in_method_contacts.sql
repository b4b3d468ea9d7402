-- The email address or phone number a sign-in method proved (a code we sent, or an email
-- the provider asserted verified). Linking is offered only to a contact that backs a
-- current method, and removing a method clears what it put on the account.
ALTER TABLE identities ADD COLUMN contact TEXT;
UPDATE identities SET contact = subject WHERE provider IN ('phone', 'email');
CREATE INDEX identities_contact ON identities (contact);

-- A contact left on an account by a method removed before this rule held is dropped:
-- phone numbers only ever come from phone codes, and email addresses are dropped only on
-- accounts without a provider method (whose verified email we cannot tell apart).
UPDATE users SET phone = NULL WHERE phone IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM identities i WHERE i.user_id = users.id AND i.contact = users.phone);
UPDATE users SET email = NULL WHERE email IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = users.id AND i.contact = users.email)
    AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = users.id AND i.provider IN ('google', 'facebook'));

-- The sign-in method a session was created through: removing the method ends it, and
-- its start is the proof of recent sign-in that changing methods requires.
ALTER TABLE sessions ADD COLUMN identity_id UUID REFERENCES identities (id) ON DELETE CASCADE;
CREATE INDEX sessions_identity ON sessions (identity_id);
