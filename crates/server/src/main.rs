//! `parlons-server`: serves the API, the event stream and the built SPA on one port.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use parlons_server::clock::{Clock, SystemClock};
use parlons_server::config::Config;
use parlons_server::domain::attachments;
use parlons_server::domain::login_limits::LoginLimits;
use parlons_server::events::{self, EventHub};
use parlons_server::files::Files;
use parlons_server::store::Store;
use parlons_server::{AppState, app, demo, demo_host};
use tracing_subscriber::EnvFilter;

/// How often the event log forgets what it no longer has to keep.
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Applies the event log's retention now and every [`PRUNE_EVERY`].
async fn prune_event_log(store: Store, clock: Arc<dyn Clock>) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        match events::prune(&store, clock.now()).await {
            Ok(0) => {}
            Ok(pruned) => tracing::info!(pruned, "old events pruned from the log"),
            Err(error) => tracing::warn!(%error, "pruning the event log failed"),
        }
    }
}

/// How often uploads never sent are looked for, to be forgotten.
const SWEEP_UPLOADS_EVERY: Duration = Duration::from_secs(10 * 60);

/// Forgets uploads whose time is up, now and every [`SWEEP_UPLOADS_EVERY`].
async fn sweep_uploads(state: AppState) {
    let mut every = tokio::time::interval(SWEEP_UPLOADS_EVERY);
    loop {
        every.tick().await;
        match attachments::sweep_expired(&state).await {
            Ok(0) => {}
            Ok(swept) => tracing::info!(swept, "expired uploads forgotten"),
            Err(error) => tracing::warn!(%error, "forgetting expired uploads failed"),
        }
    }
}

/// How long open connections (event streams never end by themselves) get to close on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .init();
    match run(Config::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "parlons-server stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data)?;
    let store = match &config.database {
        Some(url) => Store::connect(url).await?,
        None => Store::open(&config.data.join("parlons.db")).await?,
    };
    tracing::info!(dialect = ?store.dialect(), "database open");
    let attachments = match &config.attachments {
        Some(location) => location.clone(),
        None => config.data.join("attachments").display().to_string(),
    };
    let files = Files::open(&attachments)?;
    let clock = Arc::new(SystemClock);

    if config.demo {
        if demo::load_if_empty(&store, clock.now()).await? {
            tracing::info!("demo data loaded");
        }
        print_demo_logins();
    }
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %config.dist.display(),
            "no built SPA here (run `trunk build --release`); the API works without it"
        );
    }

    let state = AppState {
        store,
        files,
        receiving: Default::default(),
        hub: EventHub::default(),
        login_limits: LoginLimits::new(clock.clone()),
        clock,
        secure_cookies: config.secure_cookies,
        heartbeat: None,
    };
    tokio::spawn(prune_event_log(state.store.clone(), state.clock.clone()));
    tokio::spawn(sweep_uploads(state.clone()));
    tokio::spawn(events::relay_other_instances(state.store.clone(), state.hub.clone()));
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!("Parlons is ready: open http://{addr}/");
    println!("\n  Parlons is ready: open http://{addr}/\n");

    if let (true, Some(host_addr)) = (config.demo, config.demo_host) {
        let host_listener = tokio::net::TcpListener::bind(host_addr).await?;
        let origin = format!("http://{}", host_listener.local_addr()?);
        demo_host::allow(&state, &origin).await?;
        let page = demo_host::router(state.clone(), format!("http://{addr}"));
        tokio::spawn(async move {
            if let Err(error) = axum::serve(host_listener, page).await {
                tracing::warn!(%error, "the demo host page stopped");
            }
        });
        tracing::info!("demo host page: {origin}/");
        println!("  The demo host page (an RFI of a construction tool, Parlons' panel in its");
        println!("  sidebar), on another origin: open {origin}/\n");
    }

    let (stop, stopped) = tokio::sync::watch::channel(false);
    // `into_make_service`: each connection gets a clone of the router (an `Arc`). Served as
    // a `Router` itself, axum rebuilds the whole route table for every connection: 57 KiB
    // per open connection instead of 4 (BENCHMARKS.md, issue 10).
    // With each connection's peer address, which the login limits count by.
    let service = app(state, &config.dist).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, service).with_graceful_shutdown({
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    });
    tokio::select! {
        result = server => result?,
        () = async {
            shutdown_signal().await;
            tracing::info!("shutting down");
            let _ = stop.send(true);
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {}
    }
    Ok(())
}

fn print_demo_logins() {
    println!("\n  Demo logins (password for all: {}):", demo::DEMO_PASSWORD);
    let mut company = "";
    for login in demo::logins() {
        if login.company != company {
            company = login.company;
            println!("\n  {company}");
        }
        println!("    {:<38} {:<20} {}", login.email, login.name, login.role);
    }
    println!();
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = interrupt => {}
                _ = terminate.recv() => {}
            },
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
