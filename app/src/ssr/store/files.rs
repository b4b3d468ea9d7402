//! Files attached to appointments, stored encrypted.

use super::{Backend, Store, StoreError, found, with_pool, with_tx};
use crate::{
    domain::{
        booking::AppointmentStatus,
        ids::{AppointmentId, FileId, UserId},
    },
    ssr::vault::Sealed,
};
use chrono::{DateTime, Utc};

pub struct NewFile<'a> {
    pub id: FileId,
    pub appointment_id: AppointmentId,
    pub uploaded_by: UserId,
    pub content_type: &'a str,
    pub size_bytes: i32,
    /// Content and name are sealed with the same key; each nonce is unique.
    pub content: &'a Sealed,
    pub name: &'a Sealed,
    pub max_per_appointment: i64,
    /// The appointment must start at or after this instant (today's start in its zone).
    pub not_before: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Why an appointment took no file; checked in the inserting transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRefusal {
    /// It already has its share of files.
    TooMany,
    /// It was cancelled, or is over (before today).
    Closed,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileRow {
    pub id: FileId,
    pub appointment_id: AppointmentId,
    pub uploaded_by: UserId,
    pub content_type: String,
    pub size_bytes: i32,
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub name_ciphertext: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Stores a file unless the appointment already has `max_per_appointment` files, was
    /// cancelled or is over. The appointment's row is locked first (PostgreSQL; SQLite's
    /// `BEGIN IMMEDIATE` serialises writers anyway), so concurrent uploads to one
    /// appointment count one after another and never pass the limit together, and a
    /// cancellation cannot slip between the check and the insert.
    pub async fn insert_file(
        &self,
        f: &NewFile<'_>,
    ) -> Result<Result<(), FileRefusal>, StoreError> {
        // The name's nonce is stored in front of its ciphertext.
        let mut name = f.name.nonce.clone();
        name.extend_from_slice(&f.name.ciphertext);
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let lock_sql = format!("SELECT status, starts_at FROM appointments WHERE id = $1{lock}");
        with_tx!(self, tx => {
            let appointment: Option<(String, DateTime<Utc>)> = sqlx::query_as(&lock_sql)
                .bind(f.appointment_id)
                .fetch_optional(&mut *tx)
                .await?;
            let (status, starts_at) = found(appointment)?;
            if status == AppointmentStatus::Cancelled.as_str() || starts_at < f.not_before {
                return Ok(Err(FileRefusal::Closed));
            }
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_files WHERE appointment_id = $1")
                .bind(f.appointment_id)
                .fetch_one(&mut *tx)
                .await?;
            if count >= f.max_per_appointment {
                return Ok(Err(FileRefusal::TooMany));
            }
            sqlx::query(
                "INSERT INTO appointment_files (id, appointment_id, uploaded_by, content_type, size_bytes, key_id, \
                 nonce, name_ciphertext, ciphertext, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(f.id)
            .bind(f.appointment_id)
            .bind(f.uploaded_by)
            .bind(f.content_type)
            .bind(f.size_bytes)
            .bind(&f.content.key_id)
            .bind(&f.content.nonce)
            .bind(&name)
            .bind(&f.content.ciphertext)
            .bind(f.now)
            .execute(&mut *tx)
            .await?;
            Ok(Ok(()))
        })
    }

    pub async fn file(&self, id: FileId) -> Result<FileRow, StoreError> {
        let row = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, appointment_id, uploaded_by, content_type, size_bytes, key_id, nonce, name_ciphertext, \
                 ciphertext, created_at FROM appointment_files WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        found(row)
    }

    /// The files of an appointment, without their contents.
    pub async fn files_of(&self, appointment: AppointmentId) -> Result<Vec<FileMeta>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, content_type, size_bytes, key_id, name_ciphertext, created_at \
                 FROM appointment_files WHERE appointment_id = $1 ORDER BY created_at",
            )
            .bind(appointment)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileMeta {
    pub id: FileId,
    pub content_type: String,
    pub size_bytes: i32,
    pub key_id: String,
    pub name_ciphertext: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

/// Splits a stored name back into nonce and ciphertext.
pub fn sealed_name(key_id: &str, stored: &[u8]) -> Option<Sealed> {
    (stored.len() > 12).then(|| Sealed {
        key_id: key_id.to_owned(),
        nonce: stored[..12].to_vec(),
        ciphertext: stored[12..].to_vec(),
    })
}
