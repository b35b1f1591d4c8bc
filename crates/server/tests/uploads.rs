//! A 100 MB attachment through the real server over loopback (issue 11): uploaded with tus in
//! pieces, cut in the middle and resumed, sent, downloaded whole and by range, with the
//! server's resident memory measured all along. The upload is streamed to storage: memory
//! must not grow with the file.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on the unexpected"
)]

#[expect(dead_code, reason = "this test reads no event stream")]
mod common;
#[path = "common/server.rs"]
mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::COOKIE;
use serde_json::{Value, json};
use server::{Server, log_in, resident_kib};
use sha2::{Digest, Sha256};

const SIZE: u64 = 100 * 1024 * 1024;
/// Bytes per tus `PATCH`.
const PIECE: u64 = 16 * 1024 * 1024;
/// Bytes per chunk of a request's body.
const CHUNK: u64 = 256 * 1024;
/// The most the server's resident memory may grow while it takes and serves the file.
const MOST_GROWTH_KIB: u64 = 8 * 1024;

/// The file's bytes from `start` to `end`: a pattern that never repeats within a chunk, so
/// that a piece out of place changes the file's digest.
fn bytes_of(start: u64, end: u64) -> Bytes {
    (start..end).map(|i| ((i / 7) ^ (i >> 13)) as u8).collect::<Vec<u8>>().into()
}

/// A request body of the file from `start` to `end`, made as it is sent; with `cut_after`,
/// the body fails there, as a dropped connection does.
fn body(start: u64, end: u64, cut_after: Option<u64>) -> reqwest::Body {
    let chunks = (start..end).step_by(CHUNK as usize).map(move |at| {
        if cut_after.is_some_and(|cut| at >= start + cut) {
            return Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut"));
        }
        Ok(bytes_of(at, (at + CHUNK).min(end)))
    });
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn a_100_mb_file_streams_through_in_bounded_memory_and_resumes_after_a_cut() {
    let server = Server::start().await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
    server.wait_ready(&http).await;
    let base = &server.base;
    // Logged in first: checking a password takes Argon2's 19 MiB for a moment.
    let cookie = log_in(&http, base, "bruno@durand-construction.example").await;
    let david = log_in(&http, base, "david@roux-plomberie.example").await;
    let tus = |request: reqwest::RequestBuilder| {
        request.header(COOKIE, &cookie).header("tus-resumable", "1.0.0")
    };

    // Warm up: a small file through every path, so that what is measured is the big one.
    let warm = create(&http, base, &cookie, 1_000_000).await;
    let patch = tus(http.patch(&warm))
        .header("upload-offset", "0")
        .header("content-type", "application/offset+octet-stream")
        .body(body(0, 1_000_000, None));
    assert_eq!(patch.send().await.unwrap().status(), 204);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.pid();
    let before = resident_kib(pid).unwrap();

    // Watch the server's memory while it works.
    let highest = Arc::new(AtomicU64::new(before));
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (highest, done) = (highest.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                if let Some(kib) = resident_kib(pid) {
                    highest.fetch_max(kib, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };

    let upload = create(&http, base, &cookie, SIZE).await;
    let mut offset = 0;
    let mut cut_once = false;
    while offset < SIZE {
        let end = (offset + PIECE).min(SIZE);
        // The third piece's connection drops after 5 MB.
        let cut = (offset >= 2 * PIECE && !cut_once).then_some(5 * 1024 * 1024);
        cut_once |= cut.is_some();
        let sent = tus(http.patch(&upload))
            .header("upload-offset", offset.to_string())
            .header("content-type", "application/offset+octet-stream")
            .body(body(offset, end, cut))
            .send()
            .await;
        if cut.is_some() {
            assert!(sent.is_err() || !sent.unwrap().status().is_success());
            // Where does it stand? Resume from there.
            let state = tus(http.head(&upload)).send().await.unwrap();
            let stood: u64 = state.headers()["upload-offset"].to_str().unwrap().parse().unwrap();
            assert!(stood >= offset && stood <= offset + 5 * 1024 * 1024, "{stood}");
            offset = stood;
            continue;
        }
        let sent = sent.unwrap();
        assert_eq!(sent.status(), 204, "{}", sent.text().await.unwrap());
        offset = sent.headers()["upload-offset"].to_str().unwrap().parse().unwrap();
        assert_eq!(offset, end);
    }
    assert!(cut_once);

    // Sent with a message, downloaded whole by David.
    let id: i64 = upload.rsplit('/').next().unwrap().parse().unwrap();
    let conversation = conversation_with_david(&http, base, &cookie).await;
    let sent = http
        .post(format!("{base}/api/v1/conversations/{conversation}/messages"))
        .header(COOKIE, &cookie)
        .json(&json!({ "idempotency_key": "big-file", "body": { "blocks": [] }, "attachment_ids": [id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let message: Value = sent.json().await.unwrap();
    assert_eq!(message["attachments"][0]["size"], SIZE);

    let download = http
        .get(format!("{base}/api/v1/attachments/{id}"))
        .header(COOKIE, &david)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    let mut digest = Sha256::new();
    let mut received = 0_u64;
    let mut stream = download.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        received += chunk.len() as u64;
        digest.update(&chunk);
    }
    assert_eq!(received, SIZE);
    let mut expected = Sha256::new();
    for at in (0..SIZE).step_by(CHUNK as usize) {
        expected.update(bytes_of(at, (at + CHUNK).min(SIZE)));
    }
    assert_eq!(digest.finalize(), expected.finalize(), "the file downloaded is the file uploaded");

    let part = http
        .get(format!("{base}/api/v1/attachments/{id}"))
        .header(COOKIE, &david)
        .header("range", "bytes=73400320-73400329")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap(), bytes_of(73_400_320, 73_400_330));

    done.store(true, Ordering::SeqCst);
    watcher.await.unwrap();
    let highest = highest.load(Ordering::SeqCst);
    let growth = highest.saturating_sub(before);
    println!(
        "100 MB upload, resumed once, and its download: server resident memory {before} KiB \
         before, {highest} KiB at most ({growth} KiB more)"
    );
    assert!(
        growth <= MOST_GROWTH_KIB,
        "the server's memory grew by {growth} KiB while taking a 100 MB file"
    );

    // Over 100 MB: refused before a byte.
    let over = tus(http.post(format!("{base}/api/v1/uploads")))
        .header("upload-length", (SIZE + 1).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 413);
}

/// Creates an upload of `length` bytes: its URL.
async fn create(http: &reqwest::Client, base: &str, cookie: &str, length: u64) -> String {
    let created = http
        .post(format!("{base}/api/v1/uploads"))
        .header(COOKIE, cookie)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", length.to_string())
        .header("upload-metadata", "filename bWFxdWV0dGUuYmlu")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    format!("{base}{}", created.headers()["location"].to_str().unwrap())
}

async fn conversation_with_david(http: &reqwest::Client, base: &str, cookie: &str) -> i64 {
    let list: Value = http
        .get(format!("{base}/api/v1/conversations"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    common::conversation_with(&list, &["Bruno Martin", "David Roux"], None).unwrap()
}
