//! Parlons' load generator (PRODUCT.md section 6, issue 10): seeds a company of thousands of
//! users into a new database (SQLite, or PostgreSQL with `--postgres`), starts the real
//! server binary on it over loopback (or `--instances 2` of it, the generator spreading its
//! requests and streams over them as a load balancer would), and
//! prints acknowledged sends per second with their latency, delivery latency to thousands of
//! open event streams, the server's memory per idle stream and its CPU. It asserts nothing:
//! the figures go to BENCHMARKS.md with the command that printed them.
//!
//! `scripts/bench-server [--postgres] [--instances 2] [--http2] [--streams 5000] [--seconds 5]`
//! builds the release server and this, and runs it. `--http2` speaks HTTP/2 to the server
//! (without TLS, as a load balancer may), the event streams sharing connections.
//! `scripts/bench-server --uploads` measures attachments instead: a 100 MB file up and down.
//!
//! The generator and the server share the machine: on 2 cores, what the generator spends
//! parsing 5,000 streams is taken from the server.

mod seed;
mod server;
mod uploads;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use parlons_api::Document;
use serde_json::json;
use sqlx::Connection;

use crate::seed::{Conversation, World, seed};
use crate::server::{Server, Usage, UsageMeter};

/// What to run against.
struct Args {
    server: PathBuf,
    /// A PostgreSQL server (`postgres://user@host:port`) to make the database on, else SQLite.
    postgres: Option<String>,
    instances: usize,
    http2: bool,
    /// Only the attachments benchmark (a 100 MB file up and down).
    uploads: bool,
    streams: usize,
    seconds: u64,
}

/// Event streams per HTTP/2 connection (hyper's default limit of concurrent streams).
const STREAMS_PER_CONNECTION: usize = 200;

fn args() -> Result<Args, String> {
    let mut args = Args {
        server: PathBuf::new(),
        postgres: None,
        instances: 1,
        http2: false,
        uploads: false,
        streams: 5_000,
        seconds: 5,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        if flag == "--http2" || flag == "--uploads" {
            args.http2 |= flag == "--http2";
            args.uploads |= flag == "--uploads";
            continue;
        }
        let value = given.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--server" => args.server = PathBuf::from(value),
            "--postgres" => args.postgres = Some(value),
            "--instances" => {
                args.instances = value.parse().map_err(|_| "--instances: a number")?;
            }
            "--streams" => args.streams = value.parse().map_err(|_| "--streams: a number")?,
            "--seconds" => args.seconds = value.parse().map_err(|_| "--seconds: a number")?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if args.server.as_os_str().is_empty() {
        return Err("--server <path of the parlons-server binary> is required".into());
    }
    if args.instances != 1 && args.postgres.is_none() {
        return Err("several instances need --postgres (SQLite is one machine's)".into());
    }
    Ok(args)
}

/// A new database: a SQLite file in `dir`, or a new database on the PostgreSQL server.
async fn new_database(
    postgres: Option<&str>,
    dir: &std::path::Path,
) -> Result<String, Box<dyn std::error::Error>> {
    let Some(server) = postgres else {
        return Ok(dir.join("parlons.db").display().to_string());
    };
    let server = server.trim_end_matches('/');
    let name = format!("parlons_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    Ok(format!("{server}/{name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let database = new_database(args.postgres.as_deref(), dir.path()).await?;
    let seeded = Instant::now();
    let world = seed(&database, args.streams.max(2_000)).await?;
    if args.postgres.is_some() {
        // A database in service has statistics (autovacuum gathers them within a minute of
        // such a load); without them the planner joins thousands of rows the slow way.
        let mut connection = sqlx::PgConnection::connect(&database).await?;
        sqlx::query("ANALYZE").execute(&mut connection).await?;
    }
    println!(
        "seeded {} users and {} conversations in {:.1} s",
        world.tokens.len(),
        world.pairs.len() + world.mixed.len() + 2,
        seeded.elapsed().as_secs_f64()
    );
    let mut servers = Vec::new();
    for _ in 0..args.instances {
        servers.push(Server::start(&args.server, dir.path(), &database).await?);
    }
    if args.uploads {
        return uploads::run(&servers[0], &world).await;
    }
    let client = || {
        let builder = reqwest::Client::builder().pool_max_idle_per_host(512);
        if args.http2 { builder.http2_prior_knowledge() } else { builder }.build()
    };
    let http = client()?;
    let stream_http = match args.http2 {
        true => (0..args.streams.div_ceil(STREAMS_PER_CONNECTION))
            .map(|_| client())
            .collect::<Result<_, _>>()?,
        false => vec![http.clone()],
    };
    let bases = servers.iter().map(|server| server.base.clone()).collect();
    let load =
        Load { http, stream_http: Arc::new(stream_http), bases, next: Arc::new(AtomicU64::new(0)) };
    let seconds = Duration::from_secs(args.seconds);

    let database_name = if args.postgres.is_some() { "PostgreSQL" } else { "SQLite" };
    let protocol = if args.http2 { "HTTP/2" } else { "HTTP/1.1" };
    println!(
        "\nacknowledged sends ({database_name}, {} instance(s), {protocol}), {} s each:",
        args.instances, args.seconds
    );
    let routes = (0..32).map(|j| route(&world, &world.pairs[j % 256], 0)).collect();
    let cpu = UsageMeter::start(&servers);
    let answers = load.sends(routes, seconds, true).await;
    report("GET /me (the floor), 32 clients", &answers, seconds, cpu.usage(&servers));
    for concurrency in [1, 32, 256] {
        let routes = (0..concurrency).map(|j| route(&world, &world.pairs[j % 256], 0)).collect();
        let cpu = UsageMeter::start(&servers);
        let acks = load.sends(routes, seconds, false).await;
        report(&format!("2-person, {concurrency:>3} senders"), &acks, seconds, cpu.usage(&servers));
    }
    for concurrency in [1, 32, 256] {
        let routes = (0..concurrency).map(|j| route(&world, &world.fifty, j % 50)).collect();
        let cpu = UsageMeter::start(&servers);
        let acks = load.sends(routes, seconds, false).await;
        report(
            &format!("50-member, {concurrency:>3} senders"),
            &acks,
            seconds,
            cpu.usage(&servers),
        );
    }

    let resident = |servers: &[Server]| servers.iter().map(Server::resident_kib).sum::<u64>();
    let before = resident(&servers);
    let deliveries = Deliveries::default();
    let opened = Instant::now();
    let streams: Vec<_> = (0..args.streams)
        .map(|user| {
            let follow = load.clone().follow(user, world.tokens[user].clone(), deliveries.clone());
            tokio::spawn(follow)
        })
        .collect();
    while deliveries.open.load(Ordering::SeqCst) < args.streams as u64 {
        if opened.elapsed() > Duration::from_secs(120) {
            return Err("the event streams did not all open within 120 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = resident(&servers);
    println!(
        "\n{} idle event streams: server resident memory {} → {} KiB, {:.1} KiB per stream",
        args.streams,
        before,
        after,
        after.saturating_sub(before) as f64 / args.streams as f64
    );

    let spread: Vec<&Conversation> = world.mixed.iter().collect();
    let cpu = UsageMeter::start(&servers);
    let expected = load.paced((&world, args.streams), &spread, 100, seconds * 2, &deliveries).await;
    let label = "100 messages/s over conversations of 2–50";
    deliveries.report(label, expected, cpu.usage(&servers)).await;
    let cpu = UsageMeter::start(&servers);
    let worst = [&world.two_thousand];
    let expected = load.paced((&world, args.streams), &worst, 5, seconds * 2, &deliveries).await;
    let label = "5 messages/s in one 2,000-member conversation";
    deliveries.report(label, expected, cpu.usage(&servers)).await;
    for stream in streams {
        stream.abort();
    }
    Ok(())
}

/// Where one sender sends: the conversation, and its session cookie.
fn route(world: &World, conversation: &Conversation, member: usize) -> (i64, String) {
    (conversation.id, world.tokens[conversation.members[member]].clone())
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let at = ((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1));
    sorted.get(at).map_or(f64::NAN, |d| d.as_secs_f64() * 1_000.0)
}

/// Prints a line of acknowledged requests: their rate and latency, the CPU of each side,
/// and what each request cost the server (CPU time, bytes written to storage), which moves
/// less from run to run than the rate on a shared machine.
fn report(label: &str, acks: &[Duration], seconds: Duration, cores: Usage) {
    let mut sorted = acks.to_vec();
    sorted.sort_unstable();
    let count = acks.len().max(1) as f64;
    println!(
        "  {label}: {:>6.0} acks/s, ack p50 {:>6.1} ms, p99 {:>6.1} ms, {cores}; per ack: \
         server {:.0} µs CPU, {:.1} KiB written",
        acks.len() as f64 / seconds.as_secs_f64(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
        cores.server_time.as_secs_f64() * 1e6 / count,
        cores.server_written as f64 / 1024.0 / count,
    );
}

/// What the open streams received: when each message was sent, and how long each delivery
/// took.
#[derive(Clone, Default)]
struct Deliveries {
    open: Arc<AtomicU64>,
    sent: Arc<Mutex<HashMap<u64, Instant>>>,
    latencies: Arc<Mutex<Vec<Duration>>>,
}

impl Deliveries {
    /// Notes every `bench-m<n>` marker in an event.
    fn received(&self, event: &str) {
        let now = Instant::now();
        for (at, _) in event.match_indices("bench-m") {
            let digits: String = event[at + 7..].chars().take_while(char::is_ascii_digit).collect();
            let Ok(n) = digits.parse::<u64>() else { continue };
            let sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner).get(&n).copied();
            if let Some(sent) = sent {
                let mut latencies = self.latencies.lock().unwrap_or_else(PoisonError::into_inner);
                latencies.push(now - sent);
            }
        }
    }

    /// Waits for the `expected` deliveries (at most 10 s more), prints, and starts afresh.
    async fn report(&self, label: &str, expected: usize, cores: Usage) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.latencies.lock().unwrap_or_else(PoisonError::into_inner).len() < expected
            && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut latencies =
            std::mem::take(&mut *self.latencies.lock().unwrap_or_else(PoisonError::into_inner));
        latencies.sort_unstable();
        println!(
            "delivery, {label}: {} of {expected} received, p50 {:.1} ms, p99 {:.1} ms, {cores}",
            latencies.len(),
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
        );
    }
}

/// The generator's HTTP side.
#[derive(Clone)]
struct Load {
    http: reqwest::Client,
    /// The clients of the event streams: over HTTP/2, one per [`STREAMS_PER_CONNECTION`].
    stream_http: Arc<Vec<reqwest::Client>>,
    /// The instances: message `n` goes to instance `n % len`, user `u`'s stream to `u % len`.
    bases: Vec<String>,
    /// The number of the next message, unique over the run.
    next: Arc<AtomicU64>,
}

impl Load {
    /// Asks who the sender is (`GET /me`: the session's lookup, no write); its answer time.
    /// The floor under every request: what the HTTP layer, the generator and authentication
    /// cost on this machine, without the message.
    async fn me(&self, (_, token): &(i64, String), n: u64) -> Option<Duration> {
        let started = Instant::now();
        let answer = self
            .http
            .get(format!("{}/api/v1/me", self.base(n)))
            .header("cookie", format!("{}={token}", parlons_server::auth::SESSION_COOKIE))
            .send()
            .await
            .ok()?;
        let ok = answer.status().is_success();
        answer.bytes().await.ok()?;
        ok.then(|| started.elapsed())
    }

    /// Sends message number `n`; its acknowledgement time, if it was acknowledged.
    async fn send(&self, (conversation, token): &(i64, String), n: u64) -> Option<Duration> {
        let body = json!({ "idempotency_key": format!("k{n}"), "body": Document::from_plain_text(&format!("bench-m{n}")) });
        let started = Instant::now();
        let answer = self
            .http
            .post(format!("{}/api/v1/conversations/{conversation}/messages", self.base(n)))
            .header("cookie", format!("{}={token}", parlons_server::auth::SESSION_COOKIE))
            .json(&body)
            .send()
            .await
            .ok()?;
        answer.status().is_success().then(|| started.elapsed())
    }

    /// Each route sends one message after another for `length`: the acknowledgement times.
    /// With `only_me`, each asks `GET /me` instead (the floor, see [`Load::me`]).
    async fn sends(
        &self,
        routes: Vec<(i64, String)>,
        length: Duration,
        only_me: bool,
    ) -> Vec<Duration> {
        let deadline = Instant::now() + length;
        let senders = routes.into_iter().map(|route| {
            let load = self.clone();
            tokio::spawn(async move {
                let mut acks = Vec::new();
                while Instant::now() < deadline {
                    let n = load.next.fetch_add(1, Ordering::SeqCst);
                    let ack = match only_me {
                        true => load.me(&route, n).await,
                        false => load.send(&route, n).await,
                    };
                    if let Some(ack) = ack {
                        acks.push(ack);
                    }
                }
                acks
            })
        });
        let mut acks = Vec::new();
        for sender in senders.collect::<Vec<_>>() {
            acks.extend(sender.await.unwrap_or_default());
        }
        acks
    }

    /// Sends `rate` messages a second for `length`, each in the next of `conversations` by
    /// its first member; the number of deliveries to expect (to the members among the first
    /// `streams` users, who have a stream open).
    async fn paced(
        &self,
        (world, streams): (&World, usize),
        conversations: &[&Conversation],
        rate: u32,
        length: Duration,
        deliveries: &Deliveries,
    ) -> usize {
        let mut tick = tokio::time::interval(Duration::from_secs(1) / rate);
        let total = (length.as_secs_f64() * f64::from(rate)) as usize;
        let mut expected = 0;
        let mut sends = Vec::new();
        for k in 0..total {
            tick.tick().await;
            let conversation = conversations[k % conversations.len()];
            expected += conversation.members.iter().filter(|&&m| m < streams).count();
            let route = route(world, conversation, 0);
            let n = self.next.fetch_add(1, Ordering::SeqCst);
            deliveries
                .sent
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(n, Instant::now());
            let load = self.clone();
            // A slow acknowledgement does not slow the pace.
            sends.push(tokio::spawn(async move { load.send(&route, n).await }));
        }
        for send in sends {
            let _ = send.await;
        }
        expected
    }

    /// The instance of message or user number `n`.
    fn base(&self, n: impl TryInto<usize>) -> &str {
        let n = n.try_into().unwrap_or(0);
        &self.bases[n % self.bases.len()]
    }

    /// Follows user `user`'s event stream, noting every delivery.
    async fn follow(self, user: usize, token: String, deliveries: Deliveries) {
        let cookie = format!("{}={token}", parlons_server::auth::SESSION_COOKIE);
        let http = &self.stream_http[(user / STREAMS_PER_CONNECTION) % self.stream_http.len()];
        let Ok(answer) = http
            .get(format!("{}/api/v1/events", self.base(user)))
            .header("cookie", cookie)
            .send()
            .await
        else {
            return;
        };
        deliveries.open.fetch_add(1, Ordering::SeqCst);
        let mut body = answer.bytes_stream();
        let mut buffer = String::new();
        while let Some(Ok(chunk)) = body.next().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(end) = buffer.rfind("\n\n") {
                let events: String = buffer.drain(..end + 2).collect();
                deliveries.received(&events);
            }
        }
    }
}
