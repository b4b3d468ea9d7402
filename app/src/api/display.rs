//! A clinic's display settings: Arabic-Indic digits and the Hijri date.

use crate::{domain::display::DisplaySettings, error::AppError};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

/// What the settings page shows of the display settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisplaySettingsView {
    pub settings: DisplaySettings,
    /// Whether the caller may change them (owner or admin).
    pub can_edit: bool,
}

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::{respond, saved},
    services::{Ctx, display},
};

/// The clinic's display settings; any member of its staff may read them.
#[server(prefix = "/api", endpoint = "get_display_settings", input = GetUrl)]
pub async fn get_display_settings(slug: String) -> Result<DisplaySettingsView, AppError> {
    respond(
        async {
            let (settings, can_edit) = display::settings(&Ctx::from_leptos()?, &slug).await?;
            Ok(DisplaySettingsView { settings, can_edit })
        }
        .await,
    )
}

/// Turns Arabic-Indic digits and the Hijri date on (a ticked box sends `on`) or off.
/// Owners and admins only.
#[server(prefix = "/api", endpoint = "update_display_settings")]
pub async fn update_display_settings(
    slug: String,
    arabic_indic_digits: Option<String>,
    hijri_date: Option<String>,
) -> Result<(), AppError> {
    respond(saved(
        <UpdateDisplaySettings as leptos::server_fn::ServerFn>::PATH,
        async {
            display::update(
                &Ctx::from_leptos()?,
                &slug,
                arabic_indic_digits.as_deref(),
                hijri_date.as_deref(),
            )
            .await
        }
        .await,
    ))
}
