//! `AppError`: the one error type a browser or API client ever sees.
//!
//! Causes (database, I/O, provider failures) are logged on the server where they happen
//! and become [`AppError::Internal`]; their text never crosses the wire. Expected
//! outcomes a user can act on have their own variant and a localised message.

use crate::i18n::{Lang, strings};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    #[error("too many requests")]
    RateLimited,
    /// Asked too often for the same thing: it works again after this many minutes.
    #[error("too many requests; retry in {minutes} minutes")]
    RetryIn { minutes: i32 },
    /// The request itself was malformed (bad arguments, wrong encoding).
    #[error("bad request")]
    BadRequest,
    /// The browser could not reach the server; only ever built on the client.
    #[error("network error")]
    Network,
    #[error("internal error")]
    Internal,
}

/// Input a user can correct. Each variant has its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(Default, strum::EnumIter))]
#[serde(rename_all = "snake_case")]
pub enum Invalid {
    #[cfg_attr(test, default)]
    Language,
    Phone,
    Email,
    Name,
    Date,
    BirthDateInFuture,
    BirthDateTooOld,
    TooYoungForAccount,
    Gender,
    Channel,
    CodeFormat,
    CodeWrong,
    CodeExpired,
    PrivacyConsentRequired,
    SignInExpired,
    PictureNotImage,
    PictureTooLarge,
    /// A picture whose width times height is above the limit, refused before decoding.
    PictureTooManyPixels,
    LastSignInMethod,
    FieldRule,
    FileType,
    FileTooLarge,
    TooManyFiles,
    /// Files go only with an upcoming or today's appointment that was not cancelled.
    FilesClosed,
    /// A service, branch or provider that is not offered here.
    BookingChoice,
    /// A start time that is not one of the offered times.
    SlotTime,
    /// The clinic requires profile fields the patient has not filled.
    MissingProfileFields,
    NoteTooLong,
    /// The appointment's status does not allow that change.
    AppointmentChange,
    /// Too close to the appointment for the patient to change it.
    PastCutoff,
    /// A booking policy value out of range.
    Policy,
    /// A clinic tried to turn every message channel off.
    NoChannel,
    /// This deployment has no SMS or WhatsApp provider, so codes cannot reach a phone.
    NoPhoneCodes,
    /// This deployment has no email provider, so codes cannot reach an inbox.
    NoEmailCodes,
    /// A date or time too far from today to mean anything here.
    DateOutOfRange,
    /// A slot search over fewer than 1 or more than 62 days.
    SearchDays,
    /// Adding or removing a sign-in method needs a sign-in within the last minutes.
    ReverifyRequired,
    /// A new clinic's name, missing in a language or too long.
    ClinicName,
    /// A clinic address (slug) that is not a-z, 0-9 and single dashes.
    Slug,
    /// A clinic address kept for Calentify's own pages.
    SlugReserved,
    Currency,
    /// A clinic must serve patients in at least one language.
    Languages,
    /// A branch's name, city or address, missing in a language or too long.
    BranchText,
    TimeZone,
    /// Publishing a clinic before it has a branch, a service, a provider or hours.
    PublishNeedsBranch,
    PublishNeedsService,
    PublishNeedsProvider,
    PublishNeedsHours,
}

/// The request clashes with the current state of things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(Default, strum::EnumIter))]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// That sign-in method already belongs to another account.
    #[cfg_attr(test, default)]
    IdentityInUse,
    /// Someone else booked that time first.
    SlotTaken,
    /// The patient already has an appointment overlapping that time.
    PatientBusy,
    /// The patient already holds the clinic's maximum of upcoming appointments.
    TooManyUpcoming,
    /// The dependent has upcoming visits: removing them needs `confirm`, which cancels them.
    DependentHasVisits,
    /// Another clinic already uses that address.
    SlugTaken,
}

impl AppError {
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited | AppError::RetryIn { .. } => 429,
            AppError::BadRequest => 400,
            AppError::Network => 503,
            AppError::Internal => 500,
        }
    }

    /// A message for the person in front of the screen, in their language.
    pub fn message(&self, lang: Lang) -> Cow<'static, str> {
        let t = strings(lang);
        Cow::Borrowed(match self {
            AppError::RetryIn { minutes } => {
                return Cow::Owned(
                    crate::i18n::Formatter::plain(lang)
                        .count(&t.error_retry_in, i64::from(*minutes)),
                );
            }
            AppError::NotFound => t.error_not_found,
            AppError::Unauthenticated => t.error_unauthenticated,
            AppError::Forbidden => t.error_forbidden,
            AppError::Invalid(invalid) => invalid.message(lang),
            AppError::Conflict(Conflict::IdentityInUse) => t.error_identity_in_use,
            AppError::Conflict(Conflict::SlotTaken) => t.booking.error_slot_taken,
            AppError::Conflict(Conflict::PatientBusy) => t.booking.error_patient_busy,
            AppError::Conflict(Conflict::TooManyUpcoming) => t.booking.error_too_many_upcoming,
            AppError::Conflict(Conflict::DependentHasVisits) => {
                t.account.error_dependent_has_visits
            }
            AppError::Conflict(Conflict::SlugTaken) => t.setup.error_slug_taken,
            AppError::RateLimited => t.error_rate_limited,
            AppError::BadRequest => t.error_bad_request,
            AppError::Network => t.error_network,
            AppError::Internal => t.error_internal,
        })
    }
}

impl Invalid {
    pub fn message(self, lang: Lang) -> &'static str {
        let t = strings(lang);
        match self {
            Invalid::Language => t.error_invalid_language,
            Invalid::Phone => t.error_invalid_phone,
            Invalid::Email => t.error_invalid_email,
            Invalid::Name => t.error_invalid_name,
            Invalid::Date => t.error_invalid_date,
            Invalid::BirthDateInFuture => t.error_birth_date_future,
            Invalid::BirthDateTooOld => t.error_birth_date_old,
            Invalid::TooYoungForAccount => t.error_too_young,
            Invalid::Gender => t.error_invalid_gender,
            Invalid::Channel => t.error_invalid_channel,
            Invalid::CodeFormat => t.error_code_format,
            Invalid::CodeWrong => t.error_code_wrong,
            Invalid::CodeExpired => t.error_code_expired,
            Invalid::PrivacyConsentRequired => t.error_privacy_consent,
            Invalid::SignInExpired => t.error_sign_in_expired,
            Invalid::PictureNotImage => t.error_picture_not_image,
            Invalid::PictureTooLarge => t.error_picture_too_large,
            Invalid::PictureTooManyPixels => t.error_picture_too_many_pixels,
            Invalid::LastSignInMethod => t.error_last_sign_in_method,
            Invalid::FieldRule => t.error_bad_request,
            Invalid::FileType => t.error_file_type,
            Invalid::FileTooLarge => t.error_file_too_large,
            Invalid::TooManyFiles => t.error_too_many_files,
            Invalid::FilesClosed => t.booking.error_files_closed,
            Invalid::BookingChoice => t.booking.error_choice,
            Invalid::SlotTime => t.booking.error_slot_time,
            Invalid::MissingProfileFields => t.booking.error_missing_fields,
            Invalid::NoteTooLong => t.booking.error_note_too_long,
            Invalid::AppointmentChange => t.booking.error_change,
            Invalid::PastCutoff => t.booking.error_past_cutoff,
            Invalid::Policy => t.dashboard.error_policy,
            Invalid::NoChannel => t.dashboard.error_no_channel,
            Invalid::NoPhoneCodes => t.error_no_phone_codes,
            Invalid::NoEmailCodes => t.error_no_email_codes,
            Invalid::DateOutOfRange => t.error_date_out_of_range,
            Invalid::SearchDays => t.error_search_days,
            Invalid::ReverifyRequired => t.error_reverify_required,
            Invalid::ClinicName => t.setup.error_clinic_name,
            Invalid::Slug => t.setup.error_slug,
            Invalid::SlugReserved => t.setup.error_slug_reserved,
            Invalid::Currency => t.setup.error_currency,
            Invalid::Languages => t.setup.error_languages,
            Invalid::BranchText => t.setup.error_branch_text,
            Invalid::TimeZone => t.setup.error_time_zone,
            Invalid::PublishNeedsBranch => t.setup.error_publish_branch,
            Invalid::PublishNeedsService => t.setup.error_publish_service,
            Invalid::PublishNeedsProvider => t.setup.error_publish_provider,
            Invalid::PublishNeedsHours => t.setup.error_publish_hours,
        }
    }
}

impl From<crate::domain::dates::DateError> for AppError {
    fn from(e: crate::domain::dates::DateError) -> Self {
        use crate::domain::dates::DateError;
        AppError::Invalid(match e {
            DateError::DateFormat => Invalid::Date,
            DateError::TimeFormat => Invalid::SlotTime,
            DateError::OutOfWindow => Invalid::DateOutOfRange,
            DateError::SearchDays => Invalid::SearchDays,
        })
    }
}

impl From<crate::domain::clinic_setup::SetupError> for Invalid {
    fn from(e: crate::domain::clinic_setup::SetupError) -> Self {
        use crate::domain::clinic_setup::SetupError;
        match e {
            SetupError::ClinicName => Invalid::ClinicName,
            SetupError::Slug => Invalid::Slug,
            SetupError::SlugReserved => Invalid::SlugReserved,
            SetupError::Currency => Invalid::Currency,
            SetupError::Languages => Invalid::Languages,
            SetupError::BranchText => Invalid::BranchText,
            SetupError::Phone => Invalid::Phone,
            SetupError::TimeZone => Invalid::TimeZone,
        }
    }
}

impl From<crate::domain::clinic_setup::NotBookable> for Invalid {
    fn from(e: crate::domain::clinic_setup::NotBookable) -> Self {
        use crate::domain::clinic_setup::SetupStep;
        match e.0 {
            SetupStep::Branch => Invalid::PublishNeedsBranch,
            SetupStep::Service => Invalid::PublishNeedsService,
            SetupStep::Provider => Invalid::PublishNeedsProvider,
            SetupStep::Hours | SetupStep::Publish => Invalid::PublishNeedsHours,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::Response(_)
            | ServerFnErrorErr::MiddlewareError(_) => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_round_trip_as_json_without_internal_detail() {
        let json = serde_json::to_string(&AppError::Invalid(Invalid::Language)).unwrap_or_default();
        assert_eq!(json, r#"{"error":"invalid","detail":"language"}"#);
        let back: AppError = serde_json::from_str(&json).unwrap_or(AppError::Internal);
        assert_eq!(back, AppError::Invalid(Invalid::Language));
        assert_eq!(
            serde_json::to_string(&AppError::Internal).unwrap_or_default(),
            r#"{"error":"internal"}"#
        );
    }

    /// Every error a client can receive: generated from the enums, so a new variant
    /// is covered without anyone listing it.
    fn every_error() -> Vec<AppError> {
        use strum::IntoEnumIterator;
        AppError::iter()
            .flat_map(|e| match e {
                AppError::Invalid(_) => Invalid::iter().map(AppError::Invalid).collect(),
                AppError::Conflict(_) => Conflict::iter().map(AppError::Conflict).collect(),
                AppError::RetryIn { .. } => vec![
                    AppError::RetryIn { minutes: 1 },
                    AppError::RetryIn { minutes: 7 },
                    AppError::RetryIn { minutes: 60 },
                ],
                other => vec![other],
            })
            .collect()
    }

    fn has_arabic(text: &str) -> bool {
        text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let all = every_error();
        assert!(all.len() > 40, "the generated list covers nested variants");
        for e in &all {
            let (en, ar) = (e.message(Lang::En), e.message(Lang::Ar));
            assert!(!en.trim().is_empty() && !ar.trim().is_empty(), "{e:?}");
            assert_ne!(en, ar, "{e:?} is not translated");
            assert!(has_arabic(&ar), "{e:?}: {ar}");
            assert!(!has_arabic(&en), "{e:?}: {en}");
            assert!((400..600).contains(&e.status()), "{e:?}");
            let json = serde_json::to_string(e).unwrap();
            assert_eq!(&serde_json::from_str::<AppError>(&json).unwrap(), e);
        }
    }

    #[test]
    fn each_input_error_names_its_own_problem() {
        // `FieldRule` is a generic refusal that shares the bad-request text on purpose.
        for lang in Lang::ALL {
            let mut seen = std::collections::HashMap::new();
            for e in every_error() {
                if e == AppError::Invalid(Invalid::FieldRule) {
                    continue;
                }
                if let Some(before) = seen.insert(e.message(lang), e.clone()) {
                    assert!(
                        matches!(
                            (&before, &e),
                            (AppError::RetryIn { .. }, AppError::RetryIn { .. })
                        ),
                        "{before:?} and {e:?} say the same in {lang}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_wait_names_its_minutes_in_both_languages() {
        for minutes in [1, 2, 7, 11, 60] {
            let e = AppError::RetryIn { minutes };
            assert!(e.message(Lang::En).contains(&minutes.to_string()));
            let ar = e.message(Lang::Ar);
            let arabic_digits: String = minutes
                .to_string()
                .chars()
                .map(|d| char::from_u32('٠' as u32 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
                .collect();
            assert!(
                ar.contains(&minutes.to_string()) || ar.contains(&arabic_digits),
                "{ar}"
            );
        }
    }
}
