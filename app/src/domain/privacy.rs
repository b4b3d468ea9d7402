//! The privacy notice people agree to when they create an account.

/// Version of the privacy notice shown at `/privacy`. Consents record the version they
/// were given for, so a later change of the text can ask people again.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11-25";
