//! The catalogue's generation: a counter in the database that every change to what the
//! public pages show moves on, inside the change's own transaction.
//!
//! Pages every visitor sees alike are kept rendered (the server's page cache) and are
//! reused only while they were rendered at the current generation. An instance learns
//! of its own changes at once and of other instances' by reading the counter
//! ([`Store::refresh_catalog_generation`], polled by a background task), so several
//! instances on one database never show a changed clinic for longer than one poll.

use super::{Store, StoreError, with_pool};
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

/// The newest generation this instance has seen.
#[derive(Debug, Default)]
pub(crate) struct SeenGeneration(AtomicI64);

impl SeenGeneration {
    fn saw(&self, generation: i64) {
        self.0.fetch_max(generation, Ordering::AcqRel);
    }
}

/// Moves the generation on inside a write transaction (either backend) and gives the
/// new value.
macro_rules! bump_catalog_generation {
    ($tx:ident) => {
        sqlx::query_scalar::<_, i64>(
            "UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1 \
             RETURNING generation",
        )
        .fetch_one(&mut *$tx)
        .await?
    };
}
pub(crate) use bump_catalog_generation;

impl Store {
    /// The generation as this instance last saw it; no database round trip.
    pub fn catalog_generation(&self) -> i64 {
        self.generation.0.load(Ordering::Acquire)
    }

    /// Reads the generation from the database, where other instances' changes show.
    pub async fn refresh_catalog_generation(&self) -> Result<i64, StoreError> {
        let current: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT generation FROM catalog_generation WHERE id = 1")
                .fetch_one(pool)
                .await
        })?;
        self.generation.saw(current);
        Ok(self.catalog_generation())
    }

    /// Notes a generation this instance's own write committed.
    pub(crate) fn saw_catalog_generation(&self, generation: i64) {
        self.generation.saw(generation);
    }
}

pub(crate) fn fresh() -> Arc<SeenGeneration> {
    Arc::default()
}
