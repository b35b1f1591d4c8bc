//! Identifier newtypes: an id of one kind can never be passed where another is expected.

use serde::de::{Error, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

macro_rules! id_newtype {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(#[serde(deserialize_with = "integer")] pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_newtype! {
    /// A company (an account: a construction firm, an accounting firm).
    CompanyId,
    /// A person; the same person may belong to several companies.
    UserId,
    /// A project of a company (a construction project, a client file).
    ProjectId,
    /// A conversation of any kind.
    ConversationId,
    /// A message; ids grow with time within the whole server, so they also order messages.
    MessageId,
    /// An item of the host product (an RFI, a submittal...).
    ItemId,
    /// A distribution group of a project's Directory.
    DistributionGroupId,
    /// A file attached (or being uploaded to attach) to a message.
    AttachmentId,
}

/// Reads an id: an integer, which JSON Schema (and so the OpenAPI document) lets a client
/// write with a zero fraction (`12.0`) too.
fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct Integer;

    impl Visitor<'_> for Integer {
        type Value = i64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer")
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<i64, E> {
            // Within ±2^63, where an f64 without fraction is an exact i64.
            let whole = value.fract() == 0.0 && value.abs() < 9_223_372_036_854_775_808.0;
            match whole {
                true => Ok(value as i64),
                false => Err(E::invalid_value(Unexpected::Float(value), &self)),
            }
        }
    }

    deserializer.deserialize_i64(Integer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_may_be_written_with_a_zero_fraction_but_not_a_fraction() {
        let read = |json: &str| serde_json::from_str::<UserId>(json).map_err(|e| e.to_string());
        assert_eq!(read("12"), Ok(UserId(12)));
        assert_eq!(read("12.0"), Ok(UserId(12)));
        assert_eq!(read("-3.0"), Ok(UserId(-3)));
        assert!(read("12.5").is_err());
        assert!(read("1e30").is_err());
        assert!(read("9223372036854775808").is_err());
        assert!(read("\"12\"").is_err());
        assert_eq!(serde_json::to_string(&UserId(12)).ok(), Some("12".to_owned()));
    }
}
