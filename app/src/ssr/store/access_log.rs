//! Who viewed or changed which patient record: time, actor, address, device, action.
//! Never the record's content.

use super::{Store, StoreError, with_pool, with_writer};
use crate::domain::{
    access_action::AccessAction,
    ids::{ClinicId, DependentId, UserId},
    roles::Role,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub clinic_id: Option<ClinicId>,
    pub subject_user_id: Option<UserId>,
    pub subject_dependent_id: Option<DependentId>,
    #[sqlx(try_from = "String")]
    pub action: AccessAction,
    pub ip: String,
    pub user_agent: String,
}

/// An access-log entry with what the patient is shown about it: the actor's name and the
/// clinic's names (absent when the actor or clinic no longer exists).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct NamedAccess {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub clinic_id: Option<ClinicId>,
    #[sqlx(try_from = "String")]
    pub action: AccessAction,
    pub actor_name: Option<String>,
    pub clinic_name_en: Option<String>,
    pub clinic_name_ar: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AccessorRoleRow {
    user_id: UserId,
    clinic_id: ClinicId,
    role: String,
}

impl Store {
    pub async fn record_access(&self, e: &AccessEntry) -> Result<(), StoreError> {
        with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO access_log (id, at, actor_id, clinic_id, subject_user_id, subject_dependent_id, \
                 action, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(Uuid::now_v7())
            .bind(e.at)
            .bind(e.actor_id)
            .bind(e.clinic_id)
            .bind(e.subject_user_id)
            .bind(e.subject_dependent_id)
            .bind(e.action.as_str())
            .bind(&e.ip)
            .bind(&e.user_agent)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Everything recorded about one person's record, newest first.
    pub async fn access_to(
        &self,
        subject: UserId,
        limit: i64,
    ) -> Result<Vec<AccessEntry>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT at, actor_id, clinic_id, subject_user_id, subject_dependent_id, action, ip, user_agent \
                 FROM access_log WHERE subject_user_id = $1 ORDER BY at DESC LIMIT $2",
            )
            .bind(subject)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// One person's record accesses, newest first, with the actor's name and the clinic's
    /// names joined in, so "who looked at your record" is one query however long it is.
    pub async fn access_to_named(
        &self,
        subject: UserId,
        limit: i64,
    ) -> Result<Vec<NamedAccess>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.at, a.actor_id, a.clinic_id, a.action, u.full_name AS actor_name, \
                 c.name_en AS clinic_name_en, c.name_ar AS clinic_name_ar \
                 FROM access_log a LEFT JOIN users u ON u.id = a.actor_id \
                 LEFT JOIN clinics c ON c.id = a.clinic_id \
                 WHERE a.subject_user_id = $1 ORDER BY a.at DESC LIMIT $2",
            )
            .bind(subject)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The clinic roles of everyone who looked at one person's record, in one query.
    pub async fn roles_of_accessors(
        &self,
        subject: UserId,
    ) -> Result<Vec<(UserId, ClinicId, Role)>, StoreError> {
        let rows: Vec<AccessorRoleRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT user_id, clinic_id, role FROM clinic_members WHERE user_id IN \
                 (SELECT actor_id FROM access_log WHERE subject_user_id = $1)",
            )
            .bind(subject)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|r| {
                let role = Role::parse(&r.role)
                    .ok_or_else(|| StoreError::Corrupt(format!("role {}", r.role)))?;
                Ok((r.user_id, r.clinic_id, role))
            })
            .collect()
    }
}
