//! Services: load, apply the domain rule, write in one transaction, map errors.
//!
//! They take an explicit [`Ctx`] rather than reading leptos context, so the same code
//! serves server functions and plain axum routes (OAuth callbacks, uploads).

pub mod access;
pub mod booking;
pub mod clinic_admin;
pub mod dependents;
pub mod files;
pub mod messages;
pub mod otp;
pub mod profile;
pub mod replies;
pub mod sign_in;

use super::{
    auth::{self, Caller},
    context::{AppState, RequestInfo, request_headers, request_info, state},
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
        action: &str,
    ) -> Result<(), AppError> {
        self.store()
            .record_access(&AccessEntry {
                at: self.now(),
                actor_id: actor,
                clinic_id: clinic,
                subject_user_id: subject,
                subject_dependent_id: dependent,
                action: action.to_owned(),
                ip: self.info.client_ip.clone(),
                user_agent: self.info.user_agent.clone(),
            })
            .await?;
        Ok(())
    }
}

/// A local path to continue to after signing in; anything else (another site, a
/// protocol-relative `//host`) falls back to the account page.
pub fn safe_return_path(candidate: Option<&str>) -> String {
    match candidate {
        Some(p)
            if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.len() < 512 =>
        {
            p.to_owned()
        }
        _ => "/account".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_return_path(Some("/c/nakheel/book")), "/c/nakheel/book");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_return_path(Some(bad)), "/account", "{bad}");
        }
        assert_eq!(safe_return_path(None), "/account");
    }
}
