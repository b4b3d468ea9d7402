//! The signed-in person making a request, and what their roles let them do.

use super::store::{Membership, User};
use crate::domain::{
    ids::{ClinicId, ProviderId, SessionId, UserId},
    roles::Role,
};
use std::sync::Arc;

/// The signed-in person making the request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: UserId,
    pub session_id: SessionId,
    /// When this session's sign-in proved a method; changing sign-in methods needs it
    /// to be recent ([`crate::domain::identity::proof_is_recent`]).
    pub signed_in_at: chrono::DateTime<chrono::Utc>,
    /// The account as read with the session: services that need the profile (booking
    /// checks required fields, messages use the name and contacts) read it from here.
    pub user: Arc<User>,
    pub memberships: Vec<Membership>,
}

impl Caller {
    pub fn has_role(&self, clinic: ClinicId, allowed: &[Role]) -> bool {
        self.memberships
            .iter()
            .any(|m| m.clinic_id == clinic && allowed.contains(&m.role))
    }

    /// Any role at the clinic: staff see that clinic's patients (need-to-know).
    pub fn is_staff_of(&self, clinic: ClinicId) -> bool {
        self.memberships.iter().any(|m| m.clinic_id == clinic)
    }

    pub fn manages(&self, clinic: ClinicId) -> bool {
        self.memberships
            .iter()
            .any(|m| m.clinic_id == clinic && m.role.manages_clinic())
    }

    /// The provider record this person is at the clinic, if they are a provider there.
    pub fn provider_at(&self, clinic: ClinicId) -> Option<ProviderId> {
        self.memberships
            .iter()
            .find(|m| m.clinic_id == clinic && m.role == Role::Provider)
            .and_then(|m| m.provider_id)
    }
}
