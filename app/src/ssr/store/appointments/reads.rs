//! Reading appointments: one, a list for a patient or a clinic day, and the busy
//! intervals availability needs.

use super::{
    ACTIVE_STATUSES, AppointmentRow, BusyRow, EventColumns, EventRow,
    rows::{APPOINTMENT_COLUMNS, AppointmentRecord, appointments},
};
use crate::{
    domain::{
        availability::{LONGEST_RESERVATION_MIN, LONGEST_VISIT_MIN},
        ids::{AppointmentId, ClinicId, ProviderId, UserId},
    },
    ssr::store::{Backend, Store, StoreError, found, with_pool},
};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

impl Store {
    pub async fn appointment(&self, id: AppointmentId) -> Result<AppointmentRow, StoreError> {
        let row: Option<AppointmentRecord> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        found(row)?.try_into()
    }

    pub async fn appointment_events(&self, id: AppointmentId) -> Result<Vec<EventRow>, StoreError> {
        let rows: Vec<EventColumns> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT at, actor_id, actor_kind, action, from_status, to_status, old_starts_at, new_starts_at, reason \
                 FROM appointment_events WHERE appointment_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter().map(EventRow::try_from).collect()
    }

    /// Reserved intervals of a clinic's active appointments overlapping `[from, to)`.
    pub async fn busy_intervals(
        &self,
        clinic: ClinicId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BusyRow>, StoreError> {
        // A reservation reaches at most one buffer past its visit on either side, so the
        // start bounds below only narrow the index range; the reserved bounds decide.
        let buffer = Duration::minutes(LONGEST_RESERVATION_MIN - LONGEST_VISIT_MIN);
        let earliest_start = from - Duration::minutes(LONGEST_RESERVATION_MIN);
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT id, provider_id, reserved_from, reserved_until FROM appointments WHERE clinic_id = $1 \
                 AND starts_at > $4 AND starts_at < $5 \
                 AND status IN {ACTIVE_STATUSES} AND reserved_until > $2 AND reserved_from < $3 \
                 ORDER BY provider_id, reserved_from"
            ))
            .bind(clinic)
            .bind(from)
            .bind(to)
            .bind(earliest_start)
            .bind(to + buffer)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Reserved intervals of these providers' active appointments overlapping
    /// `[from, to)`: what availability needs for one offer, read along the providers'
    /// index however busy the rest of the clinic is.
    pub async fn busy_intervals_of(
        &self,
        providers: &[ProviderId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BusyRow>, StoreError> {
        if providers.is_empty() {
            return Ok(Vec::new());
        }
        let earliest = from - Duration::minutes(LONGEST_RESERVATION_MIN);
        let list = (0..providers.len())
            .map(|i| format!("${}", i + 4))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT id, provider_id, reserved_from, reserved_until FROM appointments \
             WHERE provider_id IN ({list}) AND reserved_from > $1 AND reserved_from < $3 \
             AND reserved_until > $2 AND status IN {ACTIVE_STATUSES} \
             ORDER BY provider_id, reserved_from"
        );
        let rows = with_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(earliest).bind(from).bind(to);
            for p in providers {
                query = query.bind(*p);
            }
            query.fetch_all(pool).await
        })?;
        Ok(rows)
    }

    /// How many active appointments each provider has on `[from, to)`, to spread
    /// "any provider" bookings fairly.
    pub async fn provider_load(
        &self,
        clinic: ClinicId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(ProviderId, i64)>, StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT provider_id, COUNT(*) FROM appointments WHERE clinic_id = $1 AND status IN {ACTIVE_STATUSES} \
                 AND starts_at >= $2 AND starts_at < $3 GROUP BY provider_id"
            ))
            .bind(clinic)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The appointments an account holder booked (for themselves or their dependents).
    pub async fn appointments_booked_by(
        &self,
        user: UserId,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows: Vec<AppointmentRecord> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE booked_by = $1 ORDER BY starts_at"
            ))
            .bind(user)
            .fetch_all(pool)
            .await
        })?;
        appointments(rows)
    }

    /// One person's visits still to come (booked or confirmed, starting after `now`) that
    /// `booked_by` made, in time order.
    pub async fn upcoming_for_patient(
        &self,
        booked_by: UserId,
        patient_key: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows: Vec<AppointmentRecord> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE booked_by = $1 AND patient_key = $2 \
                 AND status IN ('booked', 'confirmed') AND starts_at > $3 ORDER BY starts_at"
            ))
            .bind(booked_by)
            .bind(patient_key)
            .bind(now)
            .fetch_all(pool)
            .await
        })?;
        appointments(rows)
    }

    /// A clinic's appointments starting in `[from, to)`, optionally one provider's.
    pub async fn clinic_appointments(
        &self,
        clinic: ClinicId,
        provider: Option<ProviderId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<AppointmentRow>, StoreError> {
        let rows: Vec<AppointmentRecord> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE clinic_id = $1 \
                 AND ($2 IS NULL OR provider_id = $2) AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at"
            ))
            .bind(clinic)
            .bind(provider)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;
        appointments(rows)
    }

    /// Whether a person (account holder or dependent) has any appointment at a clinic:
    /// the need-to-know test for that clinic's staff.
    pub async fn is_patient_of(
        &self,
        clinic: ClinicId,
        patient_key: Uuid,
    ) -> Result<bool, StoreError> {
        let n: Option<i32> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT 1 FROM appointments WHERE clinic_id = $1 AND (patient_key = $2 OR booked_by = $2) LIMIT 1")
                .bind(clinic)
                .bind(patient_key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(n.is_some())
    }

    pub fn is_postgres(&self) -> bool {
        self.backend() == Backend::Postgres
    }
}
