//! Parlons' load generator (PRODUCT.md section 6, issue 10): seeds a company of thousands of
//! users into a new SQLite database, starts the real server binary on it over loopback, and
//! prints acknowledged sends per second with their latency, delivery latency to thousands of
//! open event streams, the server's memory per idle stream and its CPU. It asserts nothing:
//! the figures go to BENCHMARKS.md with the command that printed them.
//!
//! `scripts/bench-server [--streams 5000] [--seconds 5]` builds the release server and this,
//! and runs it.
//!
//! The generator and the server share the machine: on 2 cores, what the generator spends
//! parsing 5,000 streams is taken from the server.

mod seed;
mod server;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use parlons_api::Document;
use serde_json::json;

use crate::seed::{Conversation, World, seed};
use crate::server::{CpuMeter, Server};

/// What to run against.
struct Args {
    server: PathBuf,
    streams: usize,
    seconds: u64,
}

fn args() -> Result<Args, String> {
    let mut args = Args { server: PathBuf::new(), streams: 5_000, seconds: 5 };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--server" => args.server = PathBuf::from(value),
            "--streams" => args.streams = value.parse().map_err(|_| "--streams: a number")?,
            "--seconds" => args.seconds = value.parse().map_err(|_| "--seconds: a number")?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if args.server.as_os_str().is_empty() {
        return Err("--server <path of the parlons-server binary> is required".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let seeded = Instant::now();
    let world = seed(&dir.path().join("parlons.db"), args.streams.max(2_000)).await?;
    println!(
        "seeded {} users and {} conversations in {:.1} s",
        world.tokens.len(),
        world.pairs.len() + world.mixed.len() + 2,
        seeded.elapsed().as_secs_f64()
    );
    let server = Server::start(&args.server, dir.path()).await?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(512).build()?;
    let load = Load { http, base: server.base.clone(), next: Arc::new(AtomicU64::new(0)) };
    let seconds = Duration::from_secs(args.seconds);

    println!("\nacknowledged sends (SQLite, one instance), {} s each:", args.seconds);
    for concurrency in [1, 32, 256] {
        let routes = (0..concurrency).map(|j| route(&world, &world.pairs[j % 256], 0)).collect();
        let cpu = CpuMeter::start(&server);
        let acks = load.sends(routes, seconds).await;
        report(&format!("2-person, {concurrency:>3} senders"), &acks, seconds, cpu.cores(&server));
    }
    for concurrency in [1, 32, 256] {
        let routes = (0..concurrency).map(|j| route(&world, &world.fifty, j % 50)).collect();
        let cpu = CpuMeter::start(&server);
        let acks = load.sends(routes, seconds).await;
        report(&format!("50-member, {concurrency:>3} senders"), &acks, seconds, cpu.cores(&server));
    }

    let before = server.resident_kib();
    let deliveries = Deliveries::default();
    let opened = Instant::now();
    let streams: Vec<_> = (0..args.streams)
        .map(|user| {
            tokio::spawn(load.clone().follow(world.tokens[user].clone(), deliveries.clone()))
        })
        .collect();
    while deliveries.open.load(Ordering::SeqCst) < args.streams as u64 {
        if opened.elapsed() > Duration::from_secs(120) {
            return Err("the event streams did not all open within 120 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = server.resident_kib();
    println!(
        "\n{} idle event streams: server resident memory {} → {} KiB, {:.1} KiB per stream",
        args.streams,
        before,
        after,
        after.saturating_sub(before) as f64 / args.streams as f64
    );

    let spread: Vec<&Conversation> = world.mixed.iter().collect();
    let cpu = CpuMeter::start(&server);
    let expected = load.paced((&world, args.streams), &spread, 100, seconds * 2, &deliveries).await;
    deliveries
        .report("100 messages/s over conversations of 2–50", expected, cpu.cores(&server))
        .await;
    let cpu = CpuMeter::start(&server);
    let worst = [&world.two_thousand];
    let expected = load.paced((&world, args.streams), &worst, 5, seconds * 2, &deliveries).await;
    deliveries
        .report("5 messages/s in one 2,000-member conversation", expected, cpu.cores(&server))
        .await;
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

fn report(label: &str, acks: &[Duration], seconds: Duration, cores: f64) {
    let mut sorted = acks.to_vec();
    sorted.sort_unstable();
    println!(
        "  {label}: {:>6.0} acks/s, ack p50 {:>6.1} ms, p99 {:>6.1} ms, server CPU {cores:.2} cores",
        acks.len() as f64 / seconds.as_secs_f64(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
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
    async fn report(&self, label: &str, expected: usize, cores: f64) {
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
            "delivery, {label}: {} of {expected} received, p50 {:.1} ms, p99 {:.1} ms, server CPU {cores:.2} cores",
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
    base: String,
    /// The number of the next message, unique over the run.
    next: Arc<AtomicU64>,
}

impl Load {
    /// Sends message number `n`; its acknowledgement time, if it was acknowledged.
    async fn send(&self, (conversation, token): &(i64, String), n: u64) -> Option<Duration> {
        let body = json!({ "idempotency_key": format!("k{n}"), "body": Document::from_plain_text(&format!("bench-m{n}")) });
        let started = Instant::now();
        let answer = self
            .http
            .post(format!("{}/api/v1/conversations/{conversation}/messages", self.base))
            .header("cookie", format!("{}={token}", parlons_server::auth::SESSION_COOKIE))
            .json(&body)
            .send()
            .await
            .ok()?;
        answer.status().is_success().then(|| started.elapsed())
    }

    /// Each route sends one message after another for `length`: the acknowledgement times.
    async fn sends(&self, routes: Vec<(i64, String)>, length: Duration) -> Vec<Duration> {
        let deadline = Instant::now() + length;
        let senders = routes.into_iter().map(|route| {
            let load = self.clone();
            tokio::spawn(async move {
                let mut acks = Vec::new();
                while Instant::now() < deadline {
                    let n = load.next.fetch_add(1, Ordering::SeqCst);
                    if let Some(ack) = load.send(&route, n).await {
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

    /// Follows one user's event stream, noting every delivery.
    async fn follow(self, token: String, deliveries: Deliveries) {
        let cookie = format!("{}={token}", parlons_server::auth::SESSION_COOKIE);
        let Ok(answer) = self
            .http
            .get(format!("{}/api/v1/events", self.base))
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
