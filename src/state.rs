//! The app's state: plain data with plain methods ([`inbox`]), wrapped in signals and
//! actions that components read and call ([`session`], [`conversations`], [`search`]).

pub mod conversations;
pub mod group_editor;
pub mod inbox;
pub mod search;
pub mod session;
