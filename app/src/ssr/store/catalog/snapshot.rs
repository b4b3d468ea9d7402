//! A clinic's catalogue and settings as one value, kept between requests while the
//! catalogue's generation stands still.
//!
//! Every booking and every booking page needs the whole of it: over a dozen queries
//! that answer the same way until a clinic changes something. The kept copy is checked
//! against the generation in the database on every use (one indexed read), not against
//! this instance's last poll, so a change made through any instance or any connection
//! is seen by the very next request.

use super::ClinicCatalog;
use crate::{
    domain::{
        booking_policy::BookingPolicy,
        catalog::{Clinic, Slug, WorkingHours},
        display::DisplaySettings,
        ids::ClinicId,
        messaging::ChannelSet,
        people::ProfileFieldRules,
    },
    ssr::store::{Store, StoreError},
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

/// Everything the booking flow reads about one clinic.
#[derive(Clone, Debug)]
pub struct ClinicSnapshot {
    pub clinic: Clinic,
    pub catalog: ClinicCatalog,
    pub policy: BookingPolicy,
    /// The channels the clinic allows, before the deployment's own limits.
    pub channels: ChannelSet,
    pub display: DisplaySettings,
    pub field_rules: ProfileFieldRules,
    pub reminder_offsets: Vec<i64>,
    /// Every provider's weekly hours. Whatever writes them must move the generation on.
    pub working_hours: Vec<WorkingHours>,
}

/// More clinics than this and the kept copies are dropped and rebuilt as asked for.
const CAPACITY: usize = 1024;

#[derive(Default)]
pub(crate) struct SnapshotCache {
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    by_id: HashMap<ClinicId, (i64, Arc<ClinicSnapshot>)>,
    by_slug: HashMap<String, ClinicId>,
}

impl SnapshotCache {
    fn get(&self, id: ClinicId, generation: i64) -> Option<Arc<ClinicSnapshot>> {
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        kept.by_id
            .get(&id)
            .filter(|(at, _)| *at == generation)
            .map(|(_, s)| s.clone())
    }

    fn id_of(&self, slug: &Slug) -> Option<ClinicId> {
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        kept.by_slug.get(slug.as_str()).copied()
    }

    fn put(&self, generation: i64, snapshot: Arc<ClinicSnapshot>) {
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.by_id.len() >= CAPACITY {
            kept.by_id.clear();
            kept.by_slug.clear();
        }
        let id = snapshot.clinic.id;
        kept.by_slug
            .insert(snapshot.clinic.slug.as_str().to_owned(), id);
        kept.by_id.insert(id, (generation, snapshot));
    }
}

impl Store {
    /// The clinic with this address, with its catalogue and settings.
    pub async fn clinic_snapshot_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Arc<ClinicSnapshot>, StoreError> {
        let generation = self.refresh_catalog_generation().await?;
        if let Some(id) = self.snapshots.id_of(slug)
            && let Some(kept) = self.snapshots.get(id, generation)
            && kept.clinic.slug == *slug
        {
            return Ok(kept);
        }
        let clinic = self.clinic_by_slug(slug).await?;
        self.load_snapshot(clinic, generation).await
    }

    /// The clinic with this id, with its catalogue and settings.
    pub async fn clinic_snapshot(&self, id: ClinicId) -> Result<Arc<ClinicSnapshot>, StoreError> {
        let generation = self.refresh_catalog_generation().await?;
        if let Some(kept) = self.snapshots.get(id, generation) {
            return Ok(kept);
        }
        let clinic = self.clinic(id).await?;
        self.load_snapshot(clinic, generation).await
    }

    /// Reads the rest after `generation` was read, so a change committed in between
    /// is either in what was read or has moved the generation past the copy's.
    async fn load_snapshot(
        &self,
        clinic: Clinic,
        generation: i64,
    ) -> Result<Arc<ClinicSnapshot>, StoreError> {
        let id = clinic.id;
        let snapshot = Arc::new(ClinicSnapshot {
            catalog: self.clinic_catalog(id).await?,
            policy: self.clinic_policy(id).await?,
            channels: self.clinic_channels(id).await?,
            display: self.display_settings(id).await?,
            field_rules: self.clinic_field_rules(id).await?,
            reminder_offsets: self.reminder_offsets(id).await?,
            working_hours: self.working_hours(id).await?,
            clinic,
        });
        self.snapshots.put(generation, snapshot.clone());
        Ok(snapshot)
    }
}
