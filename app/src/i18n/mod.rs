//! Every user-facing text, in English and Arabic.
//!
//! Each language is one value of [`Strings`]; a text missing in either language is a
//! compile error, not a blank on screen. Texts that take values are plain functions.

/// Declares a table of texts. Tests read every entry through the generated
/// `entries`, so a new key is checked in both languages without being listed anywhere.
macro_rules! texts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        #[cfg(test)]
        impl $name {
            /// Every text with its key; texts that take values are called with samples.
            pub(crate) fn entries(&self) -> Vec<(String, String)> {
                let mut out = Vec::new();
                $( $crate::i18n::samples::Sample::collect(&self.$field, stringify!($field), &mut out); )*
                out
            }
        }

        #[cfg(test)]
        impl $crate::i18n::samples::Sample for &'static $name {
            fn collect(&self, key: &str, out: &mut Vec<(String, String)>) {
                for (k, v) in self.entries() {
                    out.push((format!("{key}.{k}"), v));
                }
            }
        }
    };
}

mod account;
mod ar;
mod booking;
pub mod calendar;
mod dashboard;
mod en;
pub mod format;
mod locale;
pub mod messages;
mod plural;
pub mod privacy;
#[cfg(test)]
mod samples;
mod setup;

pub use account::AccountStrings;
pub use booking::BookingStrings;
pub use calendar::CalendarStrings;
pub use dashboard::DashboardStrings;
pub use format::Formatter;
pub use messages::MessageStrings;
pub use plural::Plural;
pub use setup::SetupStrings;

pub use crate::domain::lang::{Direction, Lang};
pub use locale::{Locale, use_locale};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Ar => &ar::STRINGS,
    }
}

texts! {
pub struct Strings {
    pub account: &'static AccountStrings,
    pub dashboard: &'static DashboardStrings,
    pub booking: &'static BookingStrings,
    pub calendar: &'static CalendarStrings,
    pub messages: &'static MessageStrings,
    pub setup: &'static SetupStrings,
    // Shell and navigation
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_home: &'static str,
    pub nav_main_label: &'static str,
    /// The button that opens the navigation on narrow screens.
    pub nav_menu: &'static str,
    // The offline notice (a page kept by the service worker)
    pub offline_title: &'static str,
    pub offline_as_of: &'static str,
    pub offline_actions: &'static str,
    pub switch_language_label: &'static str,
    pub footer_privacy: &'static str,
    pub footer_rights: &'static str,
    pub loading: &'static str,

    // Home
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_clinics_heading: &'static str,
    pub home_no_clinics: &'static str,
    pub home_open_clinic: &'static str,
    pub branch_count: Plural,

    // Clinic page
    pub clinic_services_heading: &'static str,
    pub clinic_branches_heading: &'static str,
    pub clinic_providers_heading: &'static str,
    pub clinic_filter_label: &'static str,
    pub clinic_filter_all: &'static str,
    pub clinic_no_services: &'static str,
    pub minutes: Plural,
    pub price_on_request: &'static str,
    pub branch_phone: &'static str,
    pub branch_time_zone: fn(&str) -> String,

    // Errors
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_not_found: &'static str,
    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_invalid_language: &'static str,
    pub error_bad_request: &'static str,
    pub error_rate_limited: &'static str,
    pub error_network: &'static str,
    pub error_identity_in_use: &'static str,
    pub error_invalid_phone: &'static str,
    pub error_invalid_email: &'static str,
    pub error_invalid_name: &'static str,
    pub error_invalid_date: &'static str,
    pub error_date_out_of_range: &'static str,
    pub error_search_days: &'static str,
    pub error_birth_date_future: &'static str,
    pub error_birth_date_old: &'static str,
    pub error_too_young: &'static str,
    pub error_invalid_gender: &'static str,
    pub error_invalid_channel: &'static str,
    pub error_no_phone_codes: &'static str,
    pub error_no_email_codes: &'static str,
    pub error_code_format: &'static str,
    pub error_code_wrong: &'static str,
    pub error_code_expired: &'static str,
    pub error_privacy_consent: &'static str,
    pub error_sign_in_expired: &'static str,
    pub error_picture_not_image: &'static str,
    pub error_picture_too_large: &'static str,
    pub error_picture_too_many_pixels: &'static str,
    pub error_last_sign_in_method: &'static str,
    pub error_reverify_required: &'static str,
    pub error_file_type: &'static str,
    pub error_file_too_large: &'static str,
    pub error_too_many_files: &'static str,
    pub error_cross_site: &'static str,
    pub error_internal: &'static str,
    pub error_retry_in: Plural,
}
}

#[cfg(test)]
mod tests {
    use super::*;
    use samples::{has_arabic, placeholders};

    fn entries(lang: Lang) -> Vec<(String, String)> {
        let mut all = strings(lang).entries();
        for (k, v) in privacy::notice(lang).entries() {
            all.push((format!("privacy.{k}"), v));
        }
        all
    }

    /// Texts that read the same in both languages on purpose: names of products, and
    /// patterns that only put values in order.
    const SAME_IN_BOTH: &[&str] = &[
        // Brand names are written as their owners write them.
        "account.method_name(google)",
        "account.method_name(facebook)",
        "app_name",
        "booking.outlook_calendar",
        "calendar.day_month",
        "calendar.full_date",
        "calendar.with_hijri",
        "messages.in_zone",
    ];

    #[test]
    fn every_key_has_a_non_blank_text_in_every_language() {
        for lang in Lang::ALL {
            let all = entries(lang);
            assert!(all.len() > 300, "nested tables are walked: {}", all.len());
            for (key, text) in all {
                assert!(!text.trim().is_empty(), "{key} is blank in {lang}");
            }
        }
    }

    #[test]
    fn every_arabic_text_is_arabic_and_differs_from_the_english() {
        let en = entries(Lang::En);
        let ar = entries(Lang::Ar);
        assert_eq!(en.len(), ar.len());
        let mut untranslated = Vec::new();
        for ((key, e), (ar_key, a)) in en.iter().zip(&ar) {
            assert_eq!(key, ar_key);
            if !SAME_IN_BOTH.contains(&key.as_str()) && (!has_arabic(a) || e == a) {
                untranslated.push(format!("{key}: {a}"));
            }
        }
        assert!(untranslated.is_empty(), "not Arabic: {untranslated:#?}");
    }

    #[test]
    fn texts_with_values_show_the_same_values_in_both_languages() {
        let en = entries(Lang::En);
        let ar = entries(Lang::Ar);
        for ((key, e), (_, a)) in en.iter().zip(&ar) {
            assert_eq!(placeholders(e), placeholders(a), "{key}: {e} / {a}");
            for text in [e, a] {
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{key}: unfilled {text}"
                );
            }
        }
    }
}
