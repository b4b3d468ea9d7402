//! The ids the demo catalogue and its schedules share.

use crate::domain::ids::{BranchId, CategoryId, ClinicId};
use uuid::Uuid;

/// The ids the parts of the demo catalogue refer to each other by.
pub(super) struct Ids {
    pub(super) clinic: ClinicId,
    pub(super) riyadh: BranchId,
    pub(super) cairo: BranchId,
    pub(super) general: CategoryId,
    pub(super) dental: CategoryId,
    pub(super) skin: CategoryId,
}

impl Ids {
    pub(super) fn new() -> Self {
        Self {
            clinic: ClinicId(Uuid::now_v7()),
            riyadh: BranchId(Uuid::now_v7()),
            cairo: BranchId(Uuid::now_v7()),
            general: CategoryId(Uuid::now_v7()),
            dental: CategoryId(Uuid::now_v7()),
            skin: CategoryId(Uuid::now_v7()),
        }
    }
}
