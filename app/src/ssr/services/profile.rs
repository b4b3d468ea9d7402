//! The signed-in person's own profile.

use super::Ctx;
use crate::{
    domain::{
        catalog::Slug,
        lang::Lang,
        messaging::Channel,
        people::{Gender, InvalidBirthDate, age_on, check_birth_date, clean_full_name},
        privacy::PRIVACY_NOTICE_VERSION,
    },
    error::{AppError, Invalid},
    ssr::{
        pictures::{self, PictureError},
        store::ProfileUpdate,
    },
    views::profile::{ClinicRules, ConsentView, ProfileView},
};
use chrono::NaiveDate;

/// What the profile form sends. Empty strings mean "not given".
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub full_name: String,
    pub gender: String,
    pub date_of_birth: String,
    pub lang: String,
    pub preferred_channel: String,
}

pub async fn profile(ctx: &Ctx, clinic_slug: Option<&str>) -> Result<ProfileView, AppError> {
    let caller = ctx.require_caller().await?;
    let store = ctx.store();
    let user = store.user(caller.user_id).await?;
    let clinic = match clinic_slug.filter(|s| !s.is_empty()) {
        None => None,
        Some(slug) => {
            let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
            let clinic = store.clinic_by_slug(&slug).await?;
            super::clinic_setup::visible_to(ctx, &clinic).await?;
            let rules = store.clinic_field_rules(clinic.id).await?;
            Some(ClinicRules {
                slug: clinic.slug.to_string(),
                name: clinic.name,
                rules,
            })
        }
    };
    let consents = store
        .consents(user.id)
        .await?
        .into_iter()
        .map(|c| ConsentView {
            kind: c.kind,
            version: c.version,
            granted: c.granted_at,
            withdrawn: c.withdrawn_at,
        })
        .collect();
    Ok(ProfileView {
        full_name: user.full_name,
        email: user.email.map(|e| e.to_string()),
        phone: user.phone.map(|p| p.to_string()),
        gender: user.gender,
        date_of_birth: user.date_of_birth,
        picture_url: user.picture_id.map(|id| format!("/pictures/{id}")),
        lang: user.lang,
        preferred_channel: user.preferred_channel,
        clinic,
        consents,
    })
}

pub fn parse_birth_date(raw: &str, today: NaiveDate) -> Result<Option<NaiveDate>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date =
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| AppError::Invalid(Invalid::Date))?;
    check_birth_date(date, today).map(Some).map_err(|e| {
        AppError::Invalid(match e {
            InvalidBirthDate::InFuture => Invalid::BirthDateInFuture,
            InvalidBirthDate::TooOld => Invalid::BirthDateTooOld,
        })
    })
}

pub fn parse_gender(raw: &str) -> Result<Option<Gender>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        other => Gender::parse(other)
            .map(Some)
            .ok_or(AppError::Invalid(Invalid::Gender)),
    }
}

/// The site's language changed: a signed-in person's messages follow it from now on,
/// so someone who signed up in English and switched to Arabic reads Arabic confirmations.
pub async fn follow_site_language(ctx: &Ctx, lang: Lang) -> Result<(), AppError> {
    let Some(caller) = ctx.caller().await? else {
        return Ok(());
    };
    ctx.store()
        .set_user_lang(caller.user_id, lang, ctx.now())
        .await?;
    Ok(())
}

pub async fn update_profile(ctx: &Ctx, input: &ProfileInput) -> Result<(), AppError> {
    let caller = ctx.require_caller().await?;
    let today = ctx.now().date_naive();
    let full_name = clean_full_name(&input.full_name).ok_or(AppError::Invalid(Invalid::Name))?;
    let gender = parse_gender(&input.gender)?;
    let date_of_birth = parse_birth_date(&input.date_of_birth, today)?;
    if let Some(dob) = date_of_birth
        && age_on(dob, today) < ctx.state.config.min_account_age
    {
        return Err(AppError::Invalid(Invalid::TooYoungForAccount));
    }
    let lang = match input.lang.trim() {
        "" => ctx.lang(),
        other => Lang::parse(other).ok_or(AppError::Invalid(Invalid::Language))?,
    };
    let preferred_channel = match input.preferred_channel.trim() {
        "" => None,
        other => Some(Channel::parse(other).ok_or(AppError::Invalid(Invalid::Channel))?),
    };
    ctx.store()
        .update_profile(
            caller.user_id,
            &ProfileUpdate {
                full_name,
                gender,
                date_of_birth,
                lang,
                preferred_channel,
                consent_version: PRIVACY_NOTICE_VERSION.to_owned(),
            },
            ctx.now(),
        )
        .await?;
    ctx.log_access(
        Some(caller.user_id),
        None,
        Some(caller.user_id),
        None,
        crate::domain::access_action::AccessAction::ProfileUpdate,
    )
    .await
}

/// Stores an uploaded picture after re-encoding it (off the async runtime, a few at a
/// time; oversized dimensions are refused before decoding).
pub async fn set_picture(ctx: &Ctx, upload: Vec<u8>) -> Result<(), AppError> {
    let caller = ctx.require_caller().await?;
    let encoded = pictures::reencode_queued(upload)
        .await
        .map_err(|e| match e {
            PictureError::NotAnImage => AppError::Invalid(Invalid::PictureNotImage),
            PictureError::TooLarge => AppError::Invalid(Invalid::PictureTooLarge),
            PictureError::TooManyPixels => AppError::Invalid(Invalid::PictureTooManyPixels),
            PictureError::Interrupted => {
                tracing::error!(error = %e, "re-encoding a picture failed");
                AppError::Internal
            }
        })?;
    ctx.store()
        .set_picture(
            caller.user_id,
            "image/jpeg",
            &encoded,
            PRIVACY_NOTICE_VERSION,
            ctx.now(),
        )
        .await?;
    ctx.log_access(
        Some(caller.user_id),
        None,
        Some(caller.user_id),
        None,
        crate::domain::access_action::AccessAction::PictureUpdate,
    )
    .await
}

pub async fn remove_picture(ctx: &Ctx) -> Result<(), AppError> {
    let caller = ctx.require_caller().await?;
    ctx.store()
        .remove_picture(caller.user_id, ctx.now())
        .await?;
    ctx.log_access(
        Some(caller.user_id),
        None,
        Some(caller.user_id),
        None,
        crate::domain::access_action::AccessAction::PictureRemove,
    )
    .await
}
