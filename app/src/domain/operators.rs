//! The people who run this deployment (`CALENTIFY_OPERATORS`): they approve new clinics
//! and may register one when sign-up is closed. Named by a contact, because a contact is
//! what a sign-in proves; an account id would not exist yet on a fresh deployment.

use super::contact::{Email, PhoneNumber, Region};

/// The operators' contacts, each parsed the way sign-in parses it, so `A@X.com` and
/// `a@x.com` (or a number typed with spaces) name the same person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Operators {
    emails: Vec<Email>,
    phones: Vec<PhoneNumber>,
}

/// An entry that is neither an email address nor a phone number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entry {position} is neither an email address nor a phone number with its country code")]
pub struct InvalidOperator {
    /// 1-based, so the message points at the entry without repeating a contact.
    pub position: usize,
}

impl Operators {
    /// A comma-separated list; empty entries are skipped. Phone numbers need their
    /// country code unless `region` is given.
    pub fn parse(raw: &str, region: Option<Region>) -> Result<Self, InvalidOperator> {
        let mut out = Self::default();
        for (i, entry) in raw.split(',').map(str::trim).enumerate() {
            if entry.is_empty() {
                continue;
            }
            if entry.contains('@') {
                let email = Email::parse(entry).map_err(|_| InvalidOperator { position: i + 1 })?;
                out.emails.push(email);
            } else {
                let phone = PhoneNumber::parse(entry, region)
                    .map_err(|_| InvalidOperator { position: i + 1 })?;
                out.phones.push(phone);
            }
        }
        Ok(out)
    }

    /// Whether an account with these proven contacts is an operator.
    pub fn includes(&self, email: Option<&Email>, phone: Option<&PhoneNumber>) -> bool {
        email.is_some_and(|e| self.emails.contains(e))
            || phone.is_some_and(|p| self.phones.contains(p))
    }

    pub fn is_empty(&self) -> bool {
        self.emails.is_empty() && self.phones.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones_match_however_they_were_typed() {
        let ops = Operators::parse(" Ops@Calentify.example , +966 50 111 2222,", None).unwrap();
        let email = Email::parse("ops@calentify.example").unwrap();
        let phone = PhoneNumber::parse("+966501112222", None).unwrap();
        let other = Email::parse("someone@calentify.example").unwrap();
        assert!(ops.includes(Some(&email), None));
        assert!(ops.includes(Some(&other), Some(&phone)));
        assert!(!ops.includes(Some(&other), None));
        assert!(!ops.includes(None, None));
    }

    #[test]
    fn a_bad_entry_is_named_by_its_position() {
        assert_eq!(
            Operators::parse("ops@calentify.example, not a contact", None),
            Err(InvalidOperator { position: 2 })
        );
        assert!(Operators::parse("", None).unwrap().is_empty());
    }
}
