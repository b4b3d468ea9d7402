//! Who viewed or changed which patient record: time, actor, address, device, action.
//! Never the record's content.

use super::{Store, StoreError, with_pool};
use crate::domain::ids::{ClinicId, DependentId, UserId};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub clinic_id: Option<ClinicId>,
    pub subject_user_id: Option<UserId>,
    pub subject_dependent_id: Option<DependentId>,
    pub action: String,
    pub ip: String,
    pub user_agent: String,
}

impl Store {
    pub async fn record_access(&self, e: &AccessEntry) -> Result<(), StoreError> {
        with_pool!(self, pool => {
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
            .bind(&e.action)
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
}
