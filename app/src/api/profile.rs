//! The signed-in person's profile.

use crate::{error::AppError, views::profile::ProfileView};
use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::ssr::{
    context::{respond, saved},
    services::{Ctx, profile},
};

/// The caller's profile; with `clinic`, also what that clinic asks for at booking.
#[server(prefix = "/api", endpoint = "get_profile", input = GetUrl)]
pub async fn get_profile(clinic: Option<String>) -> Result<ProfileView, AppError> {
    respond(async { profile::profile(&Ctx::from_leptos()?, clinic.as_deref()).await }.await)
}

/// Saves the profile. Empty optional fields are cleared and their consent withdrawn.
#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(
    full_name: String,
    gender: Option<String>,
    date_of_birth: Option<String>,
    lang: Option<String>,
    preferred_channel: Option<String>,
) -> Result<(), AppError> {
    respond(saved(
        <UpdateProfile as leptos::server_fn::ServerFn>::PATH,
        async {
            let ctx = Ctx::from_leptos()?;
            profile::update_profile(
                &ctx,
                &profile::ProfileInput {
                    full_name,
                    gender: gender.unwrap_or_default(),
                    date_of_birth: date_of_birth.unwrap_or_default(),
                    lang: lang.unwrap_or_default(),
                    preferred_channel: preferred_channel.unwrap_or_default(),
                },
            )
            .await
        }
        .await,
    ))
}

#[server(prefix = "/api", endpoint = "remove_picture")]
pub async fn remove_picture() -> Result<(), AppError> {
    respond(async { profile::remove_picture(&Ctx::from_leptos()?).await }.await)
}
