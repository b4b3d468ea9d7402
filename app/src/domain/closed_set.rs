//! `closed_set!`: an enum whose values the database stores by name.
//!
//! Message kinds, message statuses, history entries and access-log actions are each a
//! closed set: the code names every value, stores each under a fixed name, and reads a
//! stored name back strictly (an unknown name is an error, never a default). The macro
//! writes that contract once: the enum with its serde names, `ALL`, `as_str`, `FromStr`,
//! `Display`, and equality with the stored name (so a test reads `status == "sent"`).

/// ```ignore
/// closed_set! {
///     /// Docs of the enum.
///     pub enum Colour / UnknownColour("colour") {
///         Red = "red",
///         Green = "green",
///     }
/// }
/// ```
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident / $error:ident($what:literal) {
            $( $(#[$variant_meta:meta])* $variant:ident = $stored:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $stored)] $variant, )+
        }

        #[doc = concat!("A stored name that is no ", $what, ".")]
        #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
        #[error("unknown {what}: {0:?}", what = $what)]
        pub struct $error(pub String);

        impl $name {
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];

            /// The name the database stores it under.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $stored, )+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $error(s.to_owned()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

pub(crate) use closed_set;

#[cfg(test)]
mod tests {
    closed_set! {
        pub enum Colour / UnknownColour("colour") {
            Red = "red",
            DeepGreen = "deep.green",
        }
    }

    #[test]
    fn a_closed_set_reads_back_its_stored_names_and_nothing_else() {
        assert_eq!(Colour::ALL.len(), 2);
        for c in Colour::ALL {
            assert_eq!(c.as_str().parse::<Colour>(), Ok(c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::from(c.as_str()))
            );
        }
        assert_eq!(
            "blue".parse::<Colour>(),
            Err(UnknownColour("blue".to_owned()))
        );
        assert!(Colour::DeepGreen == "deep.green");
        assert_eq!(
            UnknownColour("x".into()).to_string(),
            "unknown colour: \"x\""
        );
    }
}
