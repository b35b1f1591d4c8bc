//! The routed views.

pub mod conversations_page;
pub mod login_page;
pub mod new_conversation_page;
