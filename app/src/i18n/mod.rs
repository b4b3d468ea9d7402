//! Every user-facing text, in English and Arabic.
//!
//! Each language is one value of [`Strings`]; a text missing in either language is a
//! compile error, not a blank on screen. Texts that take values are plain functions.

mod account;
mod ar;
mod booking;
mod dashboard;
mod en;
mod locale;
pub mod privacy;

pub use account::AccountStrings;
pub use booking::BookingStrings;
pub use dashboard::DashboardStrings;

pub use crate::domain::lang::{Direction, Lang};
pub use locale::{Locale, use_locale};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Ar => &ar::STRINGS,
    }
}

pub struct Strings {
    pub account: &'static AccountStrings,
    pub dashboard: &'static DashboardStrings,
    pub booking: &'static BookingStrings,
    // Shell and navigation
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_home: &'static str,
    pub nav_main_label: &'static str,
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
    pub branch_count: fn(usize) -> String,

    // Clinic page
    pub clinic_services_heading: &'static str,
    pub clinic_branches_heading: &'static str,
    pub clinic_providers_heading: &'static str,
    pub clinic_filter_label: &'static str,
    pub clinic_filter_all: &'static str,
    pub clinic_no_services: &'static str,
    pub minutes: fn(i32) -> String,
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
    pub error_last_sign_in_method: &'static str,
    pub error_reverify_required: &'static str,
    pub error_file_type: &'static str,
    pub error_file_too_large: &'static str,
    pub error_too_many_files: &'static str,
    pub error_cross_site: &'static str,
    pub error_internal: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_non_blank_text_for_each_key() {
        for lang in Lang::ALL {
            let s = strings(lang);
            for text in [
                s.app_name,
                s.tagline,
                s.home_title,
                s.clinic_services_heading,
                s.not_found_title,
                s.error_internal,
            ] {
                assert!(!text.trim().is_empty(), "blank text in {lang}");
            }
            assert!(!(s.minutes)(30).is_empty());
        }
    }

    #[test]
    fn arabic_texts_are_arabic() {
        let ar = strings(Lang::Ar);
        let has_arabic = |t: &str| t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        assert!(has_arabic(ar.home_title));
        assert!(has_arabic(ar.not_found_title));
        assert!(has_arabic(&(ar.minutes)(15)));
    }
}
