//! The building blocks of the views, one component per file.

pub mod app_header;
pub mod attachments;
pub mod avatar;
pub mod banners;
pub mod composer;
pub mod conversation_actions;
pub mod conversation_pane;
pub mod dialog;
pub mod file_drop;
pub mod group_members;
pub mod inline_error;
pub mod message_list;
pub mod message_row;
pub mod message_window;
pub mod notification_settings;
pub mod outgoing;
pub mod quick_switcher;
pub mod rich_text;
pub mod search_panel;
pub mod session_wait;
pub mod sidebar;
pub mod thread_panel;
pub mod upload_list;
