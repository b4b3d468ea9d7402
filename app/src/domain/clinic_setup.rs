//! A clinic that registers itself: the deployment's sign-up rule, the checks on what the
//! owner types, and the steps from an empty clinic to one patients can book. Plain rules,
//! no I/O, so the form, the server and the tests agree on them.

use super::{
    catalog::Slug,
    contact::{PhoneNumber, Region},
    lang::Lang,
    money::Currency,
    text::Localized,
    timezone::TimeZone,
};
use serde::{Deserialize, Serialize};

/// Who may register a clinic on this deployment (`CALENTIFY_CLINIC_SIGNUP`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClinicSignup {
    /// Anyone signed in; the clinic is shown to patients once its owner publishes it.
    #[default]
    Open,
    /// Anyone signed in, but patients see the clinic only after an operator approves it.
    Approval,
    /// Only operators register clinics.
    Closed,
}

impl ClinicSignup {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "open" => Some(Self::Open),
            "approval" => Some(Self::Approval),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }

    pub fn may_register(self, is_operator: bool) -> bool {
        is_operator || self != Self::Closed
    }

    /// An operator's own clinic needs nobody's approval.
    pub fn needs_approval(self, is_operator: bool) -> bool {
        self == Self::Approval && !is_operator
    }
}

/// The languages a clinic serves its patients in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServedLanguages {
    English,
    Arabic,
    Both,
}

impl ServedLanguages {
    /// From the ticked boxes; at least one.
    pub fn from_ticks(english: bool, arabic: bool) -> Option<Self> {
        match (english, arabic) {
            (true, true) => Some(Self::Both),
            (true, false) => Some(Self::English),
            (false, true) => Some(Self::Arabic),
            (false, false) => None,
        }
    }

    /// As stored: `en`, `ar` or `en,ar`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Arabic => "ar",
            Self::Both => "en,ar",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::English, Self::Arabic, Self::Both]
            .into_iter()
            .find(|l| l.as_str() == raw)
    }

    pub fn serves(self, lang: Lang) -> bool {
        matches!(
            (self, lang),
            (Self::Both, _) | (Self::English, Lang::En) | (Self::Arabic, Lang::Ar)
        )
    }

    /// The language a patient who has not chosen one is addressed in.
    pub fn default_lang(self) -> Lang {
        match self {
            Self::Arabic => Lang::Ar,
            Self::English | Self::Both => Lang::En,
        }
    }
}

/// Addresses that name pages of our own, or that would mislead patients, are never a
/// clinic's.
const RESERVED_SLUGS: [&str; 16] = [
    "admin",
    "api",
    "account",
    "appointments",
    "book",
    "calentify",
    "clinics",
    "dashboard",
    "dev",
    "help",
    "new",
    "operator",
    "pkg",
    "privacy",
    "sign-in",
    "support",
];

/// What is wrong with a new clinic's form, one field at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("the clinic needs a name in English and in Arabic, up to 120 characters")]
    ClinicName,
    #[error("the address may use a-z, 0-9 and single dashes, 2-63 characters")]
    Slug,
    #[error("that address is kept for Calentify's own pages")]
    SlugReserved,
    #[error("not a three-letter currency code")]
    Currency,
    #[error("the clinic must serve patients in at least one language")]
    Languages,
    #[error("the branch needs a name, a city and an address in both languages")]
    BranchText,
    #[error("not a phone number")]
    Phone,
    #[error("not an IANA time zone")]
    TimeZone,
}

/// A new clinic's form as typed.
#[derive(Clone, Debug, Default)]
pub struct ClinicForm {
    pub name_en: String,
    pub name_ar: String,
    pub slug: String,
    pub currency: String,
    pub english: bool,
    pub arabic: bool,
    pub branch_name_en: String,
    pub branch_name_ar: String,
    pub city_en: String,
    pub city_ar: String,
    pub address_en: String,
    pub address_ar: String,
    pub phone: String,
    pub time_zone: String,
}

/// A clinic ready to be written, every field checked.
#[derive(Clone, Debug, PartialEq)]
pub struct NewClinic {
    pub name: Localized,
    pub slug: Slug,
    pub currency: Currency,
    pub languages: ServedLanguages,
    pub branch: NewBranch,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewBranch {
    pub name: Localized,
    pub city: Localized,
    pub address: Localized,
    pub phone: PhoneNumber,
    pub time_zone: TimeZone,
}

const MAX_NAME: usize = 120;
const MAX_ADDRESS: usize = 300;

/// A slug as the owner types it: trimmed and lower-cased, then checked.
pub fn parse_slug(raw: &str) -> Result<Slug, SetupError> {
    let slug = Slug::parse(&raw.trim().to_lowercase()).map_err(|_| SetupError::Slug)?;
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(SetupError::SlugReserved);
    }
    Ok(slug)
}

fn text_pair(en: &str, ar: &str, max: usize, error: SetupError) -> Result<Localized, SetupError> {
    let (en, ar) = (en.trim(), ar.trim());
    let fits =
        |s: &str| !s.is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control);
    if fits(en) && fits(ar) {
        Ok(Localized::new(en.to_owned(), ar.to_owned()))
    } else {
        Err(error)
    }
}

impl ClinicForm {
    /// Checks every field in the order the form shows them; the first bad one is named.
    pub fn parse(&self, region: Option<Region>) -> Result<NewClinic, SetupError> {
        let name = text_pair(
            &self.name_en,
            &self.name_ar,
            MAX_NAME,
            SetupError::ClinicName,
        )?;
        let slug = parse_slug(&self.slug)?;
        let currency = Currency::parse(&self.currency).map_err(|_| SetupError::Currency)?;
        let languages =
            ServedLanguages::from_ticks(self.english, self.arabic).ok_or(SetupError::Languages)?;
        let branch = NewBranch {
            name: text_pair(
                &self.branch_name_en,
                &self.branch_name_ar,
                MAX_NAME,
                SetupError::BranchText,
            )?,
            city: text_pair(
                &self.city_en,
                &self.city_ar,
                MAX_NAME,
                SetupError::BranchText,
            )?,
            address: text_pair(
                &self.address_en,
                &self.address_ar,
                MAX_ADDRESS,
                SetupError::BranchText,
            )?,
            phone: PhoneNumber::parse(&self.phone, region).map_err(|_| SetupError::Phone)?,
            time_zone: TimeZone::parse(self.time_zone.trim()).map_err(|_| SetupError::TimeZone)?,
        };
        Ok(NewClinic {
            name,
            slug,
            currency,
            languages,
            branch,
        })
    }
}

/// The steps from a new clinic to a published one, in the order the dashboard shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    Branch,
    Service,
    Provider,
    Hours,
    Publish,
}

impl SetupStep {
    pub const ALL: [SetupStep; 5] = [
        SetupStep::Branch,
        SetupStep::Service,
        SetupStep::Provider,
        SetupStep::Hours,
        SetupStep::Publish,
    ];
}

/// What the database knows about a clinic's setup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupFacts {
    pub branches: i64,
    /// Active services patients may book.
    pub services: i64,
    /// Active providers who give at least one active service at one of the branches.
    pub providers: i64,
    /// Whether some provider has weekly hours at a branch and gives an active service:
    /// the least a patient needs to find a time.
    pub bookable: bool,
    pub published: bool,
    pub approved: bool,
}

/// Why a clinic cannot be published yet: the first step left undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nothing can be booked yet: {0:?} is not done")]
pub struct NotBookable(pub SetupStep);

impl SetupFacts {
    pub fn done(&self, step: SetupStep) -> bool {
        match step {
            SetupStep::Branch => self.branches > 0,
            SetupStep::Service => self.services > 0,
            SetupStep::Provider => self.providers > 0,
            SetupStep::Hours => self.bookable,
            SetupStep::Publish => self.published,
        }
    }

    /// Publishing needs every step before it: a published clinic with nothing to book
    /// would only disappoint its first patient.
    pub fn check_publishable(&self) -> Result<(), NotBookable> {
        match SetupStep::ALL
            .into_iter()
            .take_while(|s| *s != SetupStep::Publish)
            .find(|s| !self.done(*s))
        {
            Some(step) => Err(NotBookable(step)),
            None => Ok(()),
        }
    }

    /// Patients see the clinic: published and, where asked for, approved.
    pub fn listed(&self) -> bool {
        self.published && self.approved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> ClinicForm {
        ClinicForm {
            name_en: "Nile Family Clinic".into(),
            name_ar: "عيادة النيل للأسرة".into(),
            slug: " Nile-Family ".into(),
            currency: "egp".into(),
            english: true,
            arabic: true,
            branch_name_en: "Zamalek".into(),
            branch_name_ar: "الزمالك".into(),
            city_en: "Cairo".into(),
            city_ar: "القاهرة".into(),
            address_en: "12 Brazil Street".into(),
            address_ar: "١٢ شارع البرازيل".into(),
            phone: "+20 2 27350000".into(),
            time_zone: "Africa/Cairo".into(),
        }
    }

    #[test]
    fn a_complete_form_becomes_a_clinic_with_normalised_fields() {
        let clinic = form().parse(None).expect("valid form");
        assert_eq!(clinic.slug.as_str(), "nile-family");
        assert_eq!(clinic.currency.code(), "EGP");
        assert_eq!(clinic.languages, ServedLanguages::Both);
        assert_eq!(clinic.branch.time_zone.name(), "Africa/Cairo");
        assert_eq!(clinic.branch.phone.as_str(), "+20227350000");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut ClinicForm);
        let cases: [(Spoil, SetupError); 9] = [
            (|f| f.name_ar = "  ".into(), SetupError::ClinicName),
            (|f| f.name_en = "x".repeat(121), SetupError::ClinicName),
            (|f| f.slug = "nile family".into(), SetupError::Slug),
            (|f| f.slug = "dashboard".into(), SetupError::SlugReserved),
            (|f| f.currency = "EURO".into(), SetupError::Currency),
            (
                |f| (f.english, f.arabic) = (false, false),
                SetupError::Languages,
            ),
            (|f| f.address_ar = String::new(), SetupError::BranchText),
            (|f| f.phone = "call us".into(), SetupError::Phone),
            (
                |f| f.time_zone = "Mars/Olympus".into(),
                SetupError::TimeZone,
            ),
        ];
        for (spoil, want) in cases {
            let mut f = form();
            spoil(&mut f);
            assert_eq!(f.parse(None), Err(want));
        }
    }

    #[test]
    fn closed_sign_up_leaves_registration_to_operators() {
        assert!(!ClinicSignup::Closed.may_register(false));
        assert!(ClinicSignup::Closed.may_register(true));
        assert!(ClinicSignup::Approval.needs_approval(false));
        assert!(!ClinicSignup::Approval.needs_approval(true));
        assert!(!ClinicSignup::Open.needs_approval(false));
        assert_eq!(
            ClinicSignup::parse("approval"),
            Some(ClinicSignup::Approval)
        );
        assert_eq!(ClinicSignup::parse("maybe"), None);
    }

    #[test]
    fn publishing_names_the_first_missing_step() {
        let mut facts = SetupFacts::default();
        assert_eq!(
            facts.check_publishable(),
            Err(NotBookable(SetupStep::Branch))
        );
        facts.branches = 1;
        facts.services = 2;
        assert_eq!(
            facts.check_publishable(),
            Err(NotBookable(SetupStep::Provider))
        );
        facts.providers = 1;
        assert_eq!(
            facts.check_publishable(),
            Err(NotBookable(SetupStep::Hours))
        );
        facts.bookable = true;
        assert_eq!(facts.check_publishable(), Ok(()));
        assert!(!facts.listed());
    }

    proptest! {
        /// Whatever is typed, an accepted slug is one a URL can carry unchanged and never
        /// one of our own pages.
        #[test]
        fn accepted_slugs_are_url_safe_and_not_reserved(raw in "[ -~]{0,70}") {
            if let Ok(slug) = parse_slug(&raw) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!RESERVED_SLUGS.contains(&slug.as_str()));
            }
        }

        #[test]
        fn served_languages_round_trip(en: bool, ar: bool) {
            if let Some(l) = ServedLanguages::from_ticks(en, ar) {
                prop_assert_eq!(ServedLanguages::parse(l.as_str()), Some(l));
                prop_assert_eq!(l.serves(Lang::En), en);
                prop_assert_eq!(l.serves(Lang::Ar), ar);
            } else {
                prop_assert!(!en && !ar);
            }
        }
    }
}
