//! The appointment row as the database holds it, and its conversion at the store's edge.

use super::AppointmentRow;
use crate::{
    domain::{
        booking::AppointmentStatus,
        ids::{AppointmentId, BranchId, ClinicId, DependentId, ProviderId, ServiceId, UserId},
    },
    ssr::store::StoreError,
};
use chrono::{DateTime, Utc};

pub(super) const APPOINTMENT_COLUMNS: &str = "id, clinic_id, branch_id, provider_id, service_id, booked_by, dependent_id, \
     starts_at, ends_at, reserved_from, reserved_until, status, cancelled_by, cancel_reason, note_key_id, note_nonce, \
     note_ciphertext, created_at";

#[derive(sqlx::FromRow)]
pub(super) struct AppointmentRecord {
    id: AppointmentId,
    clinic_id: ClinicId,
    branch_id: BranchId,
    provider_id: ProviderId,
    service_id: ServiceId,
    booked_by: UserId,
    dependent_id: Option<DependentId>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reserved_from: DateTime<Utc>,
    reserved_until: DateTime<Utc>,
    status: String,
    cancelled_by: Option<String>,
    cancel_reason: Option<String>,
    note_key_id: Option<String>,
    note_nonce: Option<Vec<u8>>,
    note_ciphertext: Option<Vec<u8>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<AppointmentRecord> for AppointmentRow {
    type Error = StoreError;
    fn try_from(r: AppointmentRecord) -> Result<Self, StoreError> {
        let status = AppointmentStatus::parse(&r.status).ok_or_else(|| {
            StoreError::corrupt(format!("appointment {} status {:?}", r.id, r.status))
        })?;
        Ok(AppointmentRow {
            id: r.id,
            clinic_id: r.clinic_id,
            branch_id: r.branch_id,
            provider_id: r.provider_id,
            service_id: r.service_id,
            booked_by: r.booked_by,
            dependent_id: r.dependent_id,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            reserved_from: r.reserved_from,
            reserved_until: r.reserved_until,
            status,
            cancelled_by: r.cancelled_by,
            cancel_reason: r.cancel_reason,
            note_key_id: r.note_key_id,
            note_nonce: r.note_nonce,
            note_ciphertext: r.note_ciphertext,
            created_at: r.created_at,
        })
    }
}

/// Converts a list of rows, failing on the first that does not convert.
pub(super) fn appointments(
    rows: Vec<AppointmentRecord>,
) -> Result<Vec<AppointmentRow>, StoreError> {
    rows.into_iter().map(AppointmentRow::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn record(status: &str) -> AppointmentRecord {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        AppointmentRecord {
            id: AppointmentId(Uuid::from_u128(1)),
            clinic_id: ClinicId(Uuid::from_u128(2)),
            branch_id: BranchId(Uuid::from_u128(3)),
            provider_id: ProviderId(Uuid::from_u128(4)),
            service_id: ServiceId(Uuid::from_u128(5)),
            booked_by: UserId(Uuid::from_u128(6)),
            dependent_id: None,
            starts_at: at,
            ends_at: at,
            reserved_from: at,
            reserved_until: at,
            status: status.to_owned(),
            cancelled_by: None,
            cancel_reason: None,
            note_key_id: None,
            note_nonce: None,
            note_ciphertext: None,
            created_at: at,
        }
    }

    #[test]
    fn every_stored_status_reads_back_as_its_variant() {
        for status in AppointmentStatus::ALL {
            let row = AppointmentRow::try_from(record(status.as_str())).unwrap();
            assert_eq!(row.status, status);
        }
    }

    #[test]
    fn an_unknown_status_is_a_corrupt_row_not_a_default() {
        let err = AppointmentRow::try_from(record("Booked")).unwrap_err();
        assert!(
            matches!(&err, StoreError::Corrupt(what) if what.contains("status")),
            "{err}"
        );
        assert!(appointments(vec![record("booked"), record("")]).is_err());
    }
}
