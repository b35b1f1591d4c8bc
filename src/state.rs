//! The app's state: plain data with plain methods ([`inbox`]), wrapped in signals and
//! actions that components read and call ([`session`], [`conversations`], [`search`]).

pub mod admin;
pub mod conversations;
pub mod drafts;
pub mod file_store;
pub mod group_editor;
pub mod inbox;
pub mod kept_list;
pub mod new_conversation;
pub mod notifier;
pub mod outbox;
pub mod panel;
pub mod search;
pub mod sending;
pub mod session;
pub mod uploading;
pub mod uploads;
