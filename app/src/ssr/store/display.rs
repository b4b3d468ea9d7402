//! A clinic's display settings (Arabic-Indic digits, the Hijri date), in their own table
//! so a clinic without a row keeps the defaults.

use super::{Store, StoreError, bump_catalog_generation, with_pool, with_tx};
use crate::domain::{catalog::Slug, display::DisplaySettings, ids::ClinicId};
use tracing::instrument;

#[derive(sqlx::FromRow)]
struct DisplayRow {
    arabic_indic_digits: bool,
    hijri_date: bool,
}

impl From<DisplayRow> for DisplaySettings {
    fn from(r: DisplayRow) -> Self {
        DisplaySettings {
            arabic_indic_digits: r.arabic_indic_digits,
            hijri_date: r.hijri_date,
        }
    }
}

impl Store {
    /// The clinic's display settings; the defaults when it never set them.
    #[instrument(skip_all, fields(clinic = %clinic))]
    pub async fn display_settings(&self, clinic: ClinicId) -> Result<DisplaySettings, StoreError> {
        let row: Option<DisplayRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT arabic_indic_digits, hijri_date FROM clinic_display WHERE clinic_id = $1",
            )
            .bind(clinic)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(DisplaySettings::from).unwrap_or_default())
    }

    /// The display settings of the clinic with this address; the defaults when it never
    /// set them or no longer exists (a message about it is still worth sending).
    #[instrument(skip_all)]
    pub async fn display_settings_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<DisplaySettings, StoreError> {
        let row: Option<DisplayRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT d.arabic_indic_digits, d.hijri_date FROM clinic_display d \
                 JOIN clinics c ON c.id = d.clinic_id WHERE c.slug = $1",
            )
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(DisplaySettings::from).unwrap_or_default())
    }

    #[instrument(skip_all, fields(clinic = %clinic))]
    pub async fn set_display_settings(
        &self,
        clinic: ClinicId,
        settings: DisplaySettings,
    ) -> Result<(), StoreError> {
        let generation = with_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO clinic_display (clinic_id, arabic_indic_digits, hijri_date) \
                 VALUES ($1, $2, $3) ON CONFLICT (clinic_id) DO UPDATE SET \
                 arabic_indic_digits = excluded.arabic_indic_digits, \
                 hijri_date = excluded.hijri_date",
            )
            .bind(clinic)
            .bind(settings.arabic_indic_digits)
            .bind(settings.hijri_date)
            .execute(&mut *tx)
            .await?;
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }
}
