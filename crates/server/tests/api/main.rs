//! The reference backend's API, driven over HTTP: in-process through `app()`, and on a real
//! port for the event stream.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on the unexpected"
)]

#[path = "../common/mod.rs"]
mod common;
mod support;

mod admin;
mod attachments;
mod audiences;
mod auth;
mod connections;
mod delivery;
mod direct;
mod events;
mod hardening;
mod matrix;
mod messages;
mod rules;
mod spa;
mod widget;
mod world;
mod writes;
