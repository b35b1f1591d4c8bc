//! Identifier newtypes: an id of one kind can never be passed where another is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

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
