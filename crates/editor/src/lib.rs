//! The rich-text editor's model, after ProseMirror's split: a document ([`Doc`]), a state
//! with its selection ([`EditorState`]) changed only by commands that history can undo, and
//! conversions to and from the wire's [`parlons_api::Document`]. The browser view (in the
//! SPA's `src/editor/`) renders the state and turns keys, toolbar clicks and pastes into
//! these commands; nothing here knows about the DOM, so every rule is tested natively.
//!
//! The document is a list of lines, as people type it: a paragraph, a list item at a depth,
//! a quoted line or a line of code. Consecutive lines of one kind become one block of the
//! wire's tree ([`convert`]).

pub mod convert;
mod doc;
pub mod markdown;
pub mod paste;
mod state;

pub use doc::{Doc, Line, LineKind, Marks, Piece, Pos, Selection};
pub use state::{Command, EditorState};
