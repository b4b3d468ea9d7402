//! Typed identifiers, so a provider id can never be passed where a clinic id is expected.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id (UUIDv7 keeps B-tree inserts local).
            #[cfg(feature = "ssr")]
            pub fn new_v7() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    )*};
}

id_type!(
    ClinicId,
    BranchId,
    CategoryId,
    ServiceId,
    ProviderId,
    WorkingHoursId,
    ExceptionId,
    UserId,
    DependentId,
    IdentityId,
    SessionId,
    PictureId,
    MessageId,
    AppointmentId,
    FileId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = ClinicId(Uuid::from_u128(0x1234));
        assert_eq!(id.to_string().parse::<ClinicId>().ok(), Some(id));
    }

    #[test]
    fn malformed_ids_are_rejected() {
        assert!("not-an-id".parse::<ServiceId>().is_err());
        assert!("".parse::<ServiceId>().is_err());
    }
}
