//! The person behind a session token, read in one statement: nearly every request asks
//! who is calling, and one round trip instead of three (session, account, clinic roles)
//! is felt on every page and every booking.

use super::{User, rows::UserRow};
use crate::{
    domain::{
        ids::{ClinicId, IdentityId, ProviderId, SessionId},
        roles::Role,
    },
    ssr::store::{Membership, SessionRecord, Store, StoreError, with_pool},
};
use chrono::{DateTime, Utc};
use std::sync::LazyLock;
use tracing::instrument;

/// A live session with its account and that account's roles at clinics.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session: SessionRecord,
    pub user: User,
    pub memberships: Vec<Membership>,
}

/// One row per clinic role (one row with no role for a patient).
#[derive(sqlx::FromRow)]
struct SignedInRow {
    #[sqlx(flatten)]
    user: UserRow,
    session_id: SessionId,
    identity_id: Option<IdentityId>,
    session_created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    idle_expires_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    ip: String,
    user_agent: String,
    member_clinic: Option<ClinicId>,
    member_role: Option<String>,
    member_provider: Option<ProviderId>,
}

static QUERY: LazyLock<String> = LazyLock::new(|| {
    let user: Vec<String> = super::rows::USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect();
    format!(
        "SELECT {}, s.id AS session_id, s.identity_id, s.created_at AS session_created_at, \
         s.last_seen_at, s.idle_expires_at, s.expires_at, s.ip, s.user_agent, \
         m.clinic_id AS member_clinic, m.role AS member_role, m.provider_id AS member_provider \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN clinic_members m ON m.user_id = u.id \
         WHERE s.token_hash = $1 AND s.idle_expires_at > $2 AND s.expires_at > $2 \
         ORDER BY m.clinic_id, m.role",
        user.join(", ")
    )
});

impl Store {
    /// The live session a cookie token belongs to, with its person; expired sessions
    /// are not returned.
    #[instrument(skip_all)]
    pub async fn signed_in(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<SignedIn>, StoreError> {
        let rows: Vec<SignedInRow> = with_pool!(self, pool => {
            sqlx::query_as(QUERY.as_str())
                .bind(token_hash)
                .bind(now)
                .fetch_all(pool)
                .await
        })?;
        let mut memberships = Vec::new();
        let mut first = None;
        for row in rows {
            if let (Some(clinic_id), Some(role)) = (row.member_clinic, &row.member_role) {
                memberships.push(Membership {
                    clinic_id,
                    role: Role::parse(role)
                        .ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
                    provider_id: row.member_provider,
                });
            }
            if first.is_none() {
                first = Some(row);
            }
        }
        let Some(row) = first else { return Ok(None) };
        let user: User = row.user.try_into()?;
        Ok(Some(SignedIn {
            session: SessionRecord {
                id: row.session_id,
                user_id: user.id,
                identity_id: row.identity_id,
                created_at: row.session_created_at,
                last_seen_at: row.last_seen_at,
                idle_expires_at: row.idle_expires_at,
                expires_at: row.expires_at,
                ip: row.ip,
                user_agent: row.user_agent,
            },
            user,
            memberships,
        }))
    }
}
