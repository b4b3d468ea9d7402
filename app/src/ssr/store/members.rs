//! Clinic staff and their roles.

use super::{Store, StoreError, with_pool, with_writer};
use crate::domain::{
    ids::{ClinicId, ProviderId, UserId},
    roles::Role,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub clinic_id: ClinicId,
    pub role: Role,
    /// For the provider role: which provider record this person is.
    pub provider_id: Option<ProviderId>,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    clinic_id: ClinicId,
    role: String,
    provider_id: Option<ProviderId>,
}

/// A clinic someone works at, as the header names it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StaffClinicRow {
    pub id: ClinicId,
    pub slug: String,
    pub name_en: String,
    pub name_ar: String,
}

impl Store {
    /// The clinics `user` has any role at, read in one query.
    pub async fn clinics_of_member(&self, user: UserId) -> Result<Vec<StaffClinicRow>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.id, c.slug, c.name_en, c.name_ar FROM clinics c WHERE c.id IN \
                 (SELECT clinic_id FROM clinic_members WHERE user_id = $1)",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, StoreError> {
        let rows: Vec<MembershipRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT clinic_id, role, provider_id FROM clinic_members WHERE user_id = $1 ORDER BY clinic_id, role")
                .bind(user)
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(Membership {
                    clinic_id: r.clinic_id,
                    role: Role::parse(&r.role)
                        .ok_or_else(|| StoreError::Corrupt(format!("role {}", r.role)))?,
                    provider_id: r.provider_id,
                })
            })
            .collect()
    }

    pub async fn add_member(
        &self,
        clinic: ClinicId,
        user: UserId,
        role: Role,
        provider: Option<ProviderId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO clinic_members (clinic_id, user_id, role, provider_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(clinic)
            .bind(user)
            .bind(role.as_str())
            .bind(provider)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }
}
