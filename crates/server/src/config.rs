//! Command-line and environment settings of `parlons-server`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The Parlons reference server: the API, the event stream and the SPA on one port.
#[derive(Debug, Clone, Parser)]
#[command(name = "parlons-server", version)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PARLONS_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Directory for the SQLite database and attachments (created if missing).
    #[arg(long, env = "PARLONS_DATA", default_value = "./data")]
    pub data: PathBuf,
    /// The database, when not the SQLite file `parlons.db` in `--data`:
    /// `postgres://user:password@host:port/name` for PostgreSQL, which several instances of
    /// the server may share; or `sqlite://path`.
    #[arg(long, env = "PARLONS_DATABASE_URL")]
    pub database: Option<String>,
    /// Where attached files are kept, when not the directory `attachments` in `--data`: a
    /// directory, or `s3://bucket[/prefix]` for an S3-compatible bucket (configured by the
    /// usual `AWS_*` variables, `AWS_ENDPOINT` for a service other than Amazon's), which
    /// several instances of the server may share.
    #[arg(long, env = "PARLONS_ATTACHMENTS")]
    pub attachments: Option<String>,
    /// Directory of the built SPA (`trunk build` output).
    #[arg(long, env = "PARLONS_DIST", default_value = "./dist")]
    pub dist: PathBuf,
    /// Load the demo data set into an empty database, and print the demo logins.
    #[arg(long, env = "PARLONS_DEMO")]
    pub demo: bool,
    /// With `--demo`, also serve the demo host page (an RFI page of a construction tool with
    /// the item panel in its sidebar) on this second address, a second origin.
    #[arg(long, env = "PARLONS_DEMO_HOST")]
    pub demo_host: Option<SocketAddr>,
    /// Mark session cookies `Secure`; set it whenever the server is reached over HTTPS.
    #[arg(long, env = "PARLONS_SECURE_COOKIES")]
    pub secure_cookies: bool,
}
