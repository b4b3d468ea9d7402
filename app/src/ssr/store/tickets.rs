//! Single-use steps of a sign-in (OAuth state, pending sign-up, pending link).

use super::{Store, StoreError, with_pool, with_writer};
use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketPurpose {
    OAuth,
    SignUp,
    Link,
}

impl TicketPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TicketPurpose::OAuth => "oauth",
            TicketPurpose::SignUp => "signup",
            TicketPurpose::Link => "link",
        }
    }
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    binding_hash: Option<Vec<u8>>,
    payload: String,
}

impl Store {
    pub async fn insert_ticket(
        &self,
        token_hash: &[u8],
        purpose: TicketPurpose,
        binding_hash: Option<&[u8]>,
        payload: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, pool => {
            sqlx::query(
                "INSERT INTO auth_tickets (token_hash, purpose, binding_hash, payload, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(binding_hash)
            .bind(payload)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Takes a live ticket out of the store: whoever takes it first gets it, so a
    /// replayed callback or a double submit finds nothing.
    pub async fn take_ticket(
        &self,
        token_hash: &[u8],
        purpose: TicketPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<(Option<Vec<u8>>, String)>, StoreError> {
        let row: Option<TicketRow> = with_writer!(self, pool => {
            sqlx::query_as(
                "DELETE FROM auth_tickets WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3 \
                 RETURNING binding_hash, payload",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(|r| (r.binding_hash, r.payload)))
    }

    /// Reads a live ticket without taking it (to show a confirmation page).
    pub async fn peek_ticket(
        &self,
        token_hash: &[u8],
        purpose: TicketPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let payload: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT payload FROM auth_tickets WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3")
                .bind(token_hash)
                .bind(purpose.as_str())
                .bind(now)
                .fetch_optional(pool)
                .await
        })?;
        Ok(payload)
    }
}
