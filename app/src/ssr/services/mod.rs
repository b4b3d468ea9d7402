//! Services: load, apply the domain rule, write in one transaction, map errors.
//!
//! They take an explicit [`Ctx`] rather than reading leptos context, so the same code
//! serves server functions and plain axum routes (OAuth callbacks, uploads).

pub mod access;
pub mod appointment_lists;
pub mod booking;
pub mod catalog;
pub mod clinic_admin;
pub mod clinic_setup;
pub mod dependents;
pub mod display;
pub mod files;
pub mod me;
pub mod messages;
pub mod methods;
pub mod otp;
pub mod profile;
pub mod replies;
pub mod sessions;
pub mod sign_in;

use super::{
    auth,
    caller::Caller,
    context::{RequestInfo, request_headers, request_info, state},
    state::AppState,
    store::{AccessEntry, Store},
};
use crate::{
    domain::ids::{ClinicId, DependentId, UserId},
    error::AppError,
    i18n::Lang,
};
use chrono::{DateTime, Utc};

/// Everything a service needs to know about the request it serves.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub headers: http::HeaderMap,
    pub info: RequestInfo,
}

impl Ctx {
    /// The context of the server function or page being run.
    pub fn from_leptos() -> Result<Ctx, AppError> {
        Ok(Ctx {
            state: state()?,
            headers: request_headers(),
            info: request_info(),
        })
    }

    /// The context of a plain axum handler.
    pub fn from_parts(state: AppState, headers: http::HeaderMap, info: RequestInfo) -> Ctx {
        Ctx {
            state,
            headers,
            info,
        }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    pub fn lang(&self) -> Lang {
        super::context::lang_from_headers(&self.headers)
    }

    /// Where to continue after signing in: `candidate` when it stays on this site
    /// (see [`crate::domain::return_to`]), else the account page.
    pub fn return_path(&self, candidate: Option<&str>) -> String {
        crate::domain::return_to::resolve_return_to(&self.state.config.public_url, candidate)
    }

    pub async fn caller(&self) -> Result<Option<Caller>, AppError> {
        auth::caller_from(&self.state, &self.headers, &self.info).await
    }

    /// The signed-in caller, or `Unauthenticated`.
    pub async fn require_caller(&self) -> Result<Caller, AppError> {
        self.caller().await?.ok_or(AppError::Unauthenticated)
    }

    /// Records who viewed or changed a patient record (never its content).
    pub async fn log_access(
        &self,
        actor: Option<UserId>,
        clinic: Option<ClinicId>,
        subject: Option<UserId>,
        dependent: Option<DependentId>,
        action: crate::domain::access_action::AccessAction,
    ) -> Result<(), AppError> {
        self.store()
            .record_access(&AccessEntry {
                at: self.now(),
                actor_id: actor,
                clinic_id: clinic,
                subject_user_id: subject,
                subject_dependent_id: dependent,
                action,
                ip: self.info.client_ip.clone(),
                user_agent: self.info.user_agent.clone(),
            })
            .await?;
        Ok(())
    }
}
