//! Who may do what at a clinic.

use serde::{Deserialize, Serialize};

/// A person's role at one clinic. A person may hold roles at several clinics and still
/// book as a patient anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Receptionist,
    Provider,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Receptionist, Role::Provider];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Receptionist => "receptionist",
            Role::Provider => "provider",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Changing clinic settings (hours, services, booking rules, staff).
    pub fn manages_clinic(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

/// How much of one appointment a member of its clinic may see and change. The one
/// need-to-know rule behind every appointment, note and file a clinic's staff open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentAccess {
    /// The front desk's share: time, place, service, status, the patient's name and
    /// contacts, the messages sent about it; may move, confirm, check in and cancel it.
    /// Never the clinical note or the files.
    Scheduling,
    /// Everything, the clinical note and the files included.
    Clinical,
}

impl AppointmentAccess {
    pub fn sees_clinical(self) -> bool {
        self == AppointmentAccess::Clinical
    }
}

impl Role {
    /// What this role gives on one appointment of the clinic. `is_its_provider`: the
    /// person is the provider the appointment is with. `None`: to them it does not exist.
    pub fn appointment_access(self, is_its_provider: bool) -> Option<AppointmentAccess> {
        match self {
            Role::Owner | Role::Admin => Some(AppointmentAccess::Clinical),
            Role::Receptionist => Some(AppointmentAccess::Scheduling),
            Role::Provider => is_its_provider.then_some(AppointmentAccess::Clinical),
        }
    }

    /// Whether this role's day list is the whole clinic's (else the person's own column).
    fn sees_whole_day(self) -> bool {
        matches!(self, Role::Owner | Role::Admin | Role::Receptionist)
    }
}

/// The widest access any of a person's roles at the appointment's clinic gives.
pub fn staff_access(
    roles: impl IntoIterator<Item = Role>,
    is_its_provider: bool,
) -> Option<AppointmentAccess> {
    roles
        .into_iter()
        .filter_map(|r| r.appointment_access(is_its_provider))
        .max()
}

/// Whose appointments a member's list of the clinic's day holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayScope {
    /// Every provider's column.
    Clinic,
    /// Only the column of the provider the person is.
    OwnColumn,
}

/// The day list a person with `roles` at a clinic sees; `None` without any role there.
pub fn day_scope(roles: impl IntoIterator<Item = Role>) -> Option<DayScope> {
    roles
        .into_iter()
        .map(|r| {
            if r.sees_whole_day() {
                DayScope::Clinic
            } else {
                DayScope::OwnColumn
            }
        })
        .reduce(|a, b| {
            if a == DayScope::Clinic || b == DayScope::Clinic {
                DayScope::Clinic
            } else {
                DayScope::OwnColumn
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_and_admins_see_every_appointment_in_full() {
        for role in [Role::Owner, Role::Admin] {
            for own in [false, true] {
                assert_eq!(
                    role.appointment_access(own),
                    Some(AppointmentAccess::Clinical)
                );
            }
        }
    }

    #[test]
    fn receptionists_never_see_notes_or_files() {
        for own in [false, true] {
            let access = Role::Receptionist.appointment_access(own);
            assert_eq!(access, Some(AppointmentAccess::Scheduling));
            assert!(!access.is_some_and(AppointmentAccess::sees_clinical));
        }
    }

    #[test]
    fn providers_see_only_their_own_appointments() {
        assert_eq!(
            Role::Provider.appointment_access(true),
            Some(AppointmentAccess::Clinical)
        );
        assert_eq!(Role::Provider.appointment_access(false), None);
    }

    #[test]
    fn several_roles_give_the_widest_access_and_no_role_gives_none() {
        assert_eq!(staff_access([], true), None);
        assert_eq!(
            staff_access([Role::Receptionist, Role::Provider], false),
            Some(AppointmentAccess::Scheduling)
        );
        assert_eq!(
            staff_access([Role::Receptionist, Role::Provider], true),
            Some(AppointmentAccess::Clinical)
        );
        // Every combination of roles: the answer is the best single role's.
        for mask in 0u8..16 {
            let roles: Vec<Role> = Role::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, r)| r)
                .collect();
            for own in [false, true] {
                let best = roles.iter().filter_map(|r| r.appointment_access(own)).max();
                assert_eq!(staff_access(roles.clone(), own), best, "{roles:?} {own}");
            }
        }
    }

    #[test]
    fn only_providers_without_another_role_see_just_their_column() {
        assert_eq!(day_scope([]), None);
        assert_eq!(day_scope([Role::Provider]), Some(DayScope::OwnColumn));
        for role in [Role::Owner, Role::Admin, Role::Receptionist] {
            assert_eq!(day_scope([role]), Some(DayScope::Clinic));
            assert_eq!(day_scope([Role::Provider, role]), Some(DayScope::Clinic));
        }
    }
}
