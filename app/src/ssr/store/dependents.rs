//! People a guardian books for. Every query is scoped by the guardian, so one account
//! can never read or change another's dependents. A removed dependent keeps its row
//! (`removed_at`): the clinic's records of their visits still name the patient, while the
//! guardian no longer sees, edits or books for them.

use super::{Store, StoreError, found, with_pool, with_writer};
use crate::domain::{
    ids::{DependentId, UserId},
    people::Gender,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Dependent {
    pub id: DependentId,
    pub guardian_id: UserId,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Option<Gender>,
}

#[derive(Clone, Debug)]
pub struct DependentInput {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Option<Gender>,
}

#[derive(sqlx::FromRow)]
struct DependentRow {
    id: DependentId,
    guardian_id: UserId,
    full_name: String,
    date_of_birth: NaiveDate,
    gender: Option<String>,
}

impl TryFrom<DependentRow> for Dependent {
    type Error = StoreError;
    fn try_from(r: DependentRow) -> Result<Self, StoreError> {
        Ok(Dependent {
            id: r.id,
            guardian_id: r.guardian_id,
            full_name: r.full_name,
            date_of_birth: r.date_of_birth,
            gender: r
                .gender
                .map(|g| {
                    Gender::parse(&g).ok_or_else(|| StoreError::Corrupt(format!("gender {g}")))
                })
                .transpose()?,
        })
    }
}

impl Store {
    pub async fn dependents_of(&self, guardian: UserId) -> Result<Vec<Dependent>, StoreError> {
        let rows: Vec<DependentRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, guardian_id, full_name, date_of_birth, gender FROM dependents \
                 WHERE guardian_id = $1 AND removed_at IS NULL ORDER BY date_of_birth, full_name",
            )
            .bind(guardian)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter().map(Dependent::try_from).collect()
    }

    /// Names of all of a guardian's dependents, removed ones included, for the lists of
    /// visits booked for them.
    pub async fn dependent_names(
        &self,
        guardian: UserId,
    ) -> Result<HashMap<DependentId, String>, StoreError> {
        let rows: Vec<(DependentId, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, full_name FROM dependents WHERE guardian_id = $1")
                .bind(guardian)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().collect())
    }

    /// One current (not removed) dependent of `guardian`, else `NotFound`: the only
    /// ones that can be booked for or changed.
    pub async fn current_dependent(
        &self,
        guardian: UserId,
        id: DependentId,
    ) -> Result<Dependent, StoreError> {
        let row: Option<DependentRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, guardian_id, full_name, date_of_birth, gender FROM dependents \
                 WHERE id = $1 AND guardian_id = $2 AND removed_at IS NULL",
            )
            .bind(id)
            .bind(guardian)
            .fetch_optional(pool)
            .await
        })?;
        found(row)?.try_into()
    }

    /// One dependent, only if it belongs to `guardian` (else `NotFound`); removed ones
    /// too, for the records of their past visits.
    pub async fn dependent(
        &self,
        guardian: UserId,
        id: DependentId,
    ) -> Result<Dependent, StoreError> {
        let row: Option<DependentRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, guardian_id, full_name, date_of_birth, gender FROM dependents \
                 WHERE id = $1 AND guardian_id = $2",
            )
            .bind(id)
            .bind(guardian)
            .fetch_optional(pool)
            .await
        })?;
        found(row)?.try_into()
    }

    pub async fn add_dependent(
        &self,
        guardian: UserId,
        input: &DependentInput,
        now: DateTime<Utc>,
    ) -> Result<DependentId, StoreError> {
        let id = DependentId(Uuid::now_v7());
        with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO dependents (id, guardian_id, full_name, date_of_birth, gender, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(id)
            .bind(guardian)
            .bind(&input.full_name)
            .bind(input.date_of_birth)
            .bind(input.gender.map(Gender::as_str))
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(id)
    }

    pub async fn update_dependent(
        &self,
        guardian: UserId,
        id: DependentId,
        input: &DependentInput,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = with_writer!(self, pool => {
            sqlx::query(
                "UPDATE dependents SET full_name = $1, date_of_birth = $2, gender = $3, updated_at = $4 \
                 WHERE id = $5 AND guardian_id = $6 AND removed_at IS NULL",
            )
            .bind(&input.full_name)
            .bind(input.date_of_birth)
            .bind(input.gender.map(Gender::as_str))
            .bind(now)
            .bind(id)
            .bind(guardian)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Marks a dependent removed. Their upcoming visits must have been cancelled first
    /// (see `services::dependents::remove`); past ones stay on the clinic's records.
    pub async fn remove_dependent(
        &self,
        guardian: UserId,
        id: DependentId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = with_writer!(self, pool => {
            sqlx::query(
                "UPDATE dependents SET removed_at = $1, updated_at = $1 \
                 WHERE id = $2 AND guardian_id = $3 AND removed_at IS NULL",
            )
                .bind(now)
                .bind(id)
                .bind(guardian)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}
