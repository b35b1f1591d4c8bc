//! The reference backend's API, driven over HTTP: in-process through `app()`, and on a real
//! port for the event stream.

mod support;

mod auth;
mod direct;
mod events;
mod messages;
