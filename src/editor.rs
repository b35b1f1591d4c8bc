//! The rich-text editor of the composer, the thread, the edit box and "+ Créer".
//!
//! The model — document, selection, commands, undo, Markdown shortcuts, paste reduction —
//! is the `parlons-editor` crate, plain Rust tested natively. Here is what needs a browser:
//! the component that renders the state and reads input back as commands ([`view`]), the
//! mapping between the model's positions and the DOM's ([`dom`]), and what keys mean
//! ([`keys`]).

pub mod dom;
pub mod keys;
mod link_dialog;
mod mention_picker;
mod toolbar;
pub mod view;

pub use keys::SendKey;
pub use view::Editor;
