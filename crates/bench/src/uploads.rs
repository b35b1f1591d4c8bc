//! The attachments benchmark (issue 11): one 100 MB file uploaded with tus in 16 MB requests,
//! sent, and downloaded, over loopback; prints the throughput of each and the server's
//! resident memory while it takes the file.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::json;

use crate::seed::World;
use crate::server::Server;

const SIZE: usize = 100 * 1024 * 1024;
const PIECE: usize = 16 * 1024 * 1024;

/// Runs the benchmark against `server` as the first member of the world's first pair.
pub async fn run(server: &Server, world: &World) -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::Client::new();
    let conversation = &world.pairs[0];
    let (sender, reader) = (conversation.members[0], conversation.members[1]);
    let cookie =
        |user: usize| format!("{}={}", parlons_server::auth::SESSION_COOKIE, world.tokens[user]);
    let base = &server.base;
    let piece: Bytes = (0..PIECE).map(|i| (i % 253) as u8).collect::<Vec<u8>>().into();

    // A small file first, so that what is measured is the big one.
    upload(&http, base, &cookie(sender), piece.slice(..1_000_000)).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = server.resident_kib();
    let highest = Arc::new(AtomicU64::new(before));
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (highest, done, pid) = (highest.clone(), done.clone(), server.pid());
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                highest.fetch_max(crate::server::resident_kib_of(pid), Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };

    let started = Instant::now();
    let id = upload(&http, base, &cookie(sender), piece).await?;
    let uploaded = started.elapsed();
    done.store(true, Ordering::SeqCst);
    watcher.await?;
    let highest = highest.load(Ordering::SeqCst);

    let sent = http
        .post(format!("{base}/api/v1/conversations/{}/messages", conversation.id))
        .header("cookie", cookie(sender))
        .json(&json!({ "idempotency_key": "bench-file", "body": { "blocks": [] }, "attachment_ids": [id] }))
        .send()
        .await?;
    if sent.status() != 201 {
        return Err(format!("sending the file: {}", sent.status()).into());
    }
    let started = Instant::now();
    let download = http
        .get(format!("{base}/api/v1/attachments/{id}"))
        .header("cookie", cookie(reader))
        .send()
        .await?;
    let mut received = 0;
    let mut bytes = download.bytes_stream();
    while let Some(chunk) = bytes.next().await {
        received += chunk?.len();
    }
    let downloaded = started.elapsed();
    if received != SIZE {
        return Err(format!("downloaded {received} bytes of {SIZE}").into());
    }
    let megabytes = SIZE as f64 / 1_048_576.0;
    println!("\none 100 MB attachment over loopback:");
    println!(
        "  upload (tus, 16 MB requests): {:.2} s, {:.0} MB/s; server resident memory {before} → at most {highest} KiB (+{:.1} MB)",
        uploaded.as_secs_f64(),
        megabytes / uploaded.as_secs_f64(),
        highest.saturating_sub(before) as f64 / 1024.0
    );
    println!(
        "  download: {:.2} s, {:.0} MB/s",
        downloaded.as_secs_f64(),
        megabytes / downloaded.as_secs_f64()
    );
    Ok(())
}

/// Uploads `file` as `SIZE` bytes if it is a piece of it, else as itself: its id.
async fn upload(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    piece: Bytes,
) -> Result<i64, Box<dyn std::error::Error>> {
    let length = if piece.len() == PIECE { SIZE } else { piece.len() };
    let created = http
        .post(format!("{base}/api/v1/uploads"))
        .header("cookie", cookie)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", length.to_string())
        .send()
        .await?;
    let location = created.headers().get("location").ok_or("no Location")?.to_str()?.to_owned();
    let mut offset = 0;
    while offset < length {
        let part = piece.slice(..(length - offset).min(piece.len()));
        let sent = http
            .patch(format!("{base}{location}"))
            .header("cookie", cookie)
            .header("tus-resumable", "1.0.0")
            .header("upload-offset", offset.to_string())
            .header("content-type", "application/offset+octet-stream")
            .body(part.clone())
            .send()
            .await?;
        if sent.status() != 204 {
            return Err(format!("uploading: {}", sent.status()).into());
        }
        offset += part.len();
    }
    Ok(location.rsplit('/').next().ok_or("no id")?.parse()?)
}
