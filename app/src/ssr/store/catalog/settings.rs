//! A clinic's settings: what it asks of patients, its booking policy, reminder offsets
//! and message channels.

use super::rows::corrupt;
use crate::{
    domain::{
        booking_policy::BookingPolicy,
        ids::ClinicId,
        messaging::ChannelSet,
        people::{FieldRequirement, ProfileFieldRules},
    },
    ssr::store::{Store, StoreError, bump_catalog_generation, found, with_pool, with_tx},
};

impl Store {
    /// What the clinic asks for when someone books with it.
    pub async fn clinic_field_rules(
        &self,
        clinic: ClinicId,
    ) -> Result<ProfileFieldRules, StoreError> {
        let row: Option<(String, String, String, i32)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT gender_field, birth_date_field, picture_field, min_patient_age FROM clinics WHERE id = $1")
                .bind(clinic)
                .fetch_optional(pool)
                .await
        })?;
        let (gender, dob, picture, min_patient_age) = found(row)?;
        let parse = |s: &str| {
            FieldRequirement::parse(s).ok_or_else(|| StoreError::corrupt(format!("field rule {s}")))
        };
        Ok(ProfileFieldRules {
            gender: parse(&gender)?,
            date_of_birth: parse(&dob)?,
            picture: parse(&picture)?,
            min_patient_age,
        })
    }

    pub async fn set_clinic_field_rules(
        &self,
        clinic: ClinicId,
        rules: &ProfileFieldRules,
    ) -> Result<(), StoreError> {
        let generation = with_tx!(self, tx => {
            sqlx::query(
                "UPDATE clinics SET gender_field = $1, birth_date_field = $2, picture_field = $3,                  min_patient_age = $4 WHERE id = $5",
            )
            .bind(rules.gender.as_str())
            .bind(rules.date_of_birth.as_str())
            .bind(rules.picture.as_str())
            .bind(rules.min_patient_age)
            .bind(clinic)
            .execute(&mut *tx)
            .await?;
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }

    /// The clinic's booking policy; a stored value out of its range is corrupt data.
    pub async fn clinic_policy(&self, clinic: ClinicId) -> Result<BookingPolicy, StoreError> {
        let row: Option<(i32, i32, i32, i32)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT min_notice_min, horizon_days, slot_step_min, cancel_cutoff_min FROM clinics WHERE id = $1",
            )
            .bind(clinic)
            .fetch_optional(pool)
            .await
        })?;
        let (notice, horizon, step, cutoff) = found(row)?;
        BookingPolicy::new(notice, horizon, step, cutoff).map_err(corrupt)
    }

    /// How many upcoming appointments one patient may hold at the clinic.
    pub async fn max_upcoming_per_patient(&self, clinic: ClinicId) -> Result<i32, StoreError> {
        let row: Option<i32> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT max_upcoming_per_patient FROM clinics WHERE id = $1")
                .bind(clinic)
                .fetch_optional(pool)
                .await
        })?;
        found(row)
    }

    /// The booking policy and reminder offsets together, in one statement; `max_upcoming`
    /// (per patient) changes only when given.
    pub async fn set_booking_policy(
        &self,
        clinic: ClinicId,
        policy: &BookingPolicy,
        offsets: &[i64],
        max_upcoming: Option<i32>,
    ) -> Result<(), StoreError> {
        let raw = offsets_text(offsets);
        let generation = with_tx!(self, tx => {
            sqlx::query(
                "UPDATE clinics SET min_notice_min = $1, horizon_days = $2, slot_step_min = $3, \
                 cancel_cutoff_min = $4, reminder_offsets_min = $5, \
                 max_upcoming_per_patient = COALESCE($7, max_upcoming_per_patient) WHERE id = $6",
            )
            .bind(policy.min_notice_min())
            .bind(policy.horizon_days())
            .bind(policy.slot_step_min())
            .bind(policy.cancel_cutoff_min())
            .bind(&raw)
            .bind(clinic)
            .bind(max_upcoming)
            .execute(&mut *tx)
            .await?;
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }

    /// Minutes before a visit at which reminders go out.
    pub async fn reminder_offsets(&self, clinic: ClinicId) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .clinic_setting(clinic, "reminder_offsets_min")
            .await?
            .split(',')
            .filter_map(|m| m.trim().parse::<i64>().ok())
            .filter(|m| *m > 0)
            .collect())
    }

    pub async fn set_reminder_offsets(
        &self,
        clinic: ClinicId,
        offsets: &[i64],
    ) -> Result<(), StoreError> {
        self.set_clinic_setting(clinic, "reminder_offsets_min", offsets_text(offsets))
            .await
    }

    /// The channels the clinic lets its messages use.
    pub async fn clinic_channels(&self, clinic: ClinicId) -> Result<ChannelSet, StoreError> {
        Ok(ChannelSet::from_list(
            &self.clinic_setting(clinic, "channels").await?,
        ))
    }

    pub async fn set_clinic_channels(
        &self,
        clinic: ClinicId,
        channels: ChannelSet,
    ) -> Result<(), StoreError> {
        self.set_clinic_setting(clinic, "channels", channels.to_list())
            .await
    }

    /// One text setting of a clinic; `column` is always one of ours, never input.
    async fn clinic_setting(
        &self,
        clinic: ClinicId,
        column: &'static str,
    ) -> Result<String, StoreError> {
        let sql = format!("SELECT {column} FROM clinics WHERE id = $1");
        let raw: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar(&sql).bind(clinic).fetch_optional(pool).await
        })?;
        found(raw)
    }

    async fn set_clinic_setting(
        &self,
        clinic: ClinicId,
        column: &'static str,
        value: String,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE clinics SET {column} = $1 WHERE id = $2");
        let generation = with_tx!(self, tx => {
            sqlx::query(&sql).bind(&value).bind(clinic).execute(&mut *tx).await?;
            Ok(bump_catalog_generation!(tx))
        })?;
        self.saw_catalog_generation(generation);
        Ok(())
    }
}

/// Reminder offsets as the `clinics.reminder_offsets_min` column stores them: `1440,120`.
fn offsets_text(offsets: &[i64]) -> String {
    offsets
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
