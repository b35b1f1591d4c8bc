//! Attachments (issue 11): tus uploads, sending files with a message, reading them, and who
//! may. The 100 MB upload through the real server, with its memory measured, is in
//! `tests/uploads.rs`.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use bytes::Bytes;
use serde_json::{Value, json};

use crate::support::{BRUNO, CHLOE, DAVID, GABRIELLE, TestApp, png, text};

/// Bruno's conversation with David, and both their cookies.
async fn bruno_and_david(app: &TestApp) -> (i64, String, String) {
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let conversation = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    (conversation, bruno, david)
}

/// Sends a message with these files: the answer.
async fn send_files(
    app: &TestApp,
    cookie: &str,
    conversation: i64,
    key: &str,
    files: &[i64],
) -> crate::support::Answer {
    let body = json!({ "idempotency_key": key, "body": text(""), "attachment_ids": files });
    app.post(&format!("/api/v1/conversations/{conversation}/messages"), cookie, body).await
}

async fn download(
    app: &TestApp,
    cookie: &str,
    id: i64,
    range: Option<&str>,
) -> crate::support::Raw {
    let headers: Vec<(&str, &str)> = range.map(|r| ("range", r)).into_iter().collect();
    app.raw(
        Method::GET,
        &format!("/api/v1/attachments/{id}"),
        Some(cookie),
        &headers,
        Body::empty(),
    )
    .await
}

#[tokio::test]
async fn a_file_uploaded_with_tus_is_sent_and_read_by_the_other_participant() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;

    let options = app.raw(Method::OPTIONS, "/api/v1/uploads", None, &[], Body::empty()).await;
    assert_eq!(options.status, StatusCode::NO_CONTENT);
    assert_eq!(options.header("tus-version"), "1.0.0");
    assert_eq!(options.header("tus-max-size"), "104857600");
    assert_eq!(options.header("tus-extension"), "creation,termination,expiration");
    assert_eq!(options.header("tus-resumable"), "1.0.0");

    let content = "Compte rendu de chantier, semaine 48.\n".repeat(100);
    let upload = app.create_upload(&bruno, "compte-rendu S48.txt", content.len()).await;
    let tus = [("tus-resumable", "1.0.0")];
    let state = app.raw(Method::HEAD, &upload, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(state.status, StatusCode::OK);
    assert_eq!(state.header("upload-offset"), "0");
    assert_eq!(state.header("upload-length"), content.len().to_string());
    assert_eq!(state.header("cache-control"), "no-store");
    assert!(state.header("upload-expires").ends_with(" GMT"), "{}", state.header("upload-expires"));

    let first = app.append(&bruno, &upload, 0, &content.as_bytes()[..1000]).await;
    assert_eq!(first.status, StatusCode::NO_CONTENT, "{}", first.text());
    assert_eq!(first.header("upload-offset"), "1000");
    // Resending from an offset that is not where the upload stands: refused, nothing stored.
    let stale = app.append(&bruno, &upload, 0, &content.as_bytes()[..1000]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text());
    assert_eq!(stale.header("tus-resumable"), "1.0.0", "errors speak tus too");
    let rest = app.append(&bruno, &upload, 1000, &content.as_bytes()[1000..]).await;
    assert_eq!(rest.status, StatusCode::NO_CONTENT, "{}", rest.text());
    assert_eq!(rest.header("upload-offset"), content.len().to_string());

    let id: i64 = upload.rsplit('/').next().unwrap().parse().unwrap();
    let sent = send_files(&app, &bruno, conversation, "with-file", &[id]).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let file = &sent.body["attachments"][0];
    assert_eq!(file["name"], "compte-rendu S48.txt");
    assert_eq!(file["size"], content.len());
    assert_eq!(file["content_type"], "text/plain");
    assert_eq!(file["preview"], false);

    // David sees it in the conversation, and downloads it.
    let page = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &david).await;
    let listed = page.body["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(listed["attachments"][0]["id"], id);
    let got = download(&app, &david, id, None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.text(), content);
    assert_eq!(got.header("content-type"), "text/plain");
    assert_eq!(got.header("content-length"), content.len().to_string());
    assert_eq!(
        got.header("content-disposition"),
        "attachment; filename=\"compte-rendu S48.txt\"; filename*=UTF-8''compte-rendu%20S48.txt"
    );
    assert_eq!(got.header("x-content-type-options"), "nosniff");
    assert_eq!(got.header("accept-ranges"), "bytes");

    // Ranges.
    let part = download(&app, &david, id, Some("bytes=5-9")).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.text(), &content[5..10]);
    assert_eq!(part.header("content-range"), format!("bytes 5-9/{}", content.len()));
    let tail = download(&app, &david, id, Some("bytes=-6")).await;
    assert_eq!(tail.text(), &content[content.len() - 6..]);
    let beyond = download(&app, &david, id, Some("bytes=99999-")).await;
    assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(beyond.header("content-range"), format!("bytes */{}", content.len()));

    // Sent: no longer an upload, and cannot be sent again.
    let again = app.raw(Method::HEAD, &upload, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let twice = send_files(&app, &bruno, conversation, "same-file-again", &[id]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(twice.body["error"]["reason"], "not_ready");
}

#[tokio::test]
async fn an_uploaded_html_page_is_only_ever_a_download() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;
    let page = b"<!DOCTYPE html><html><script>fetch('/api/v1/me')</script></html>";
    let id = app.upload(&bruno, "facture.pdf.html", page).await;
    let sent = send_files(&app, &bruno, conversation, "html", &[id]).await;
    assert_eq!(sent.body["attachments"][0]["content_type"], "text/html", "sniffed, not declared");
    let got = download(&app, &david, id, None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(got.header("content-disposition").starts_with("attachment;"));
    assert_eq!(got.header("x-content-type-options"), "nosniff");
    let policy = got.header("content-security-policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("sandbox"), "{policy}");
    let preview = app.get(&format!("/api/v1/attachments/{id}/preview"), &david).await;
    assert_eq!(preview.status, StatusCode::NOT_FOUND, "no preview of a page");
}

#[tokio::test]
async fn files_are_read_only_by_who_may_read_their_conversation() {
    let app = TestApp::new().await;
    let (conversation, bruno, _) = bruno_and_david(&app).await;
    let id = app.upload(&bruno, "devis.txt", b"Devis plomberie: 12 400 EUR").await;
    let sent = send_files(&app, &bruno, conversation, "devis", &[id]).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);

    let missing = download(&app, &bruno, 987_654, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // Chloé is in Bruno's company but not in this conversation; Gabrielle is in another.
    for outsider in [CHLOE, GABRIELLE] {
        let cookie = app.login(outsider).await;
        let got = download(&app, &cookie, id, None).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND, "{outsider}");
        assert_eq!(got.bytes, missing.bytes, "{outsider}: exactly like a file that does not exist");
    }
    let anonymous =
        app.raw(Method::GET, &format!("/api/v1/attachments/{id}"), None, &[], Body::empty()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_upload_is_its_uploaders_alone() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;
    let upload = app.create_upload(&bruno, "plan.txt", 4).await;
    let tus = [("tus-resumable", "1.0.0")];
    let state = app.raw(Method::HEAD, &upload, Some(&david), &tus, Body::empty()).await;
    assert_eq!(state.status, StatusCode::NOT_FOUND);
    let appended = app.append(&david, &upload, 0, b"evil").await;
    assert_eq!(appended.status, StatusCode::NOT_FOUND);
    let ended = app.raw(Method::DELETE, &upload, Some(&david), &tus, Body::empty()).await;
    assert_eq!(ended.status, StatusCode::NOT_FOUND);

    // Unfinished: cannot be sent, by its uploader or anyone else.
    let id: i64 = upload.rsplit('/').next().unwrap().parse().unwrap();
    let early = send_files(&app, &bruno, conversation, "early", &[id]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.body["error"]["field"], "attachment_ids");
    assert_eq!(app.append(&bruno, &upload, 0, b"plan").await.status, StatusCode::NO_CONTENT);
    let stolen = send_files(&app, &david, conversation, "stolen", &[id]).await;
    assert_eq!(stolen.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A refused message left nothing behind: the file is still Bruno's to send.
    let page = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &bruno).await;
    assert!(!page.body.to_string().contains("stolen"));
    assert_eq!(
        send_files(&app, &bruno, conversation, "mine", &[id]).await.status,
        StatusCode::CREATED
    );

    // Terminated: gone.
    let other = app.create_upload(&bruno, "brouillon.txt", 3).await;
    let ended = app.raw(Method::DELETE, &other, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT);
    let state = app.raw(Method::HEAD, &other, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(state.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn over_100_mb_is_refused_before_a_byte_and_extra_bytes_are_refused() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let headers = [("tus-resumable", "1.0.0"), ("upload-length", "104857601")];
    let refused =
        app.raw(Method::POST, "/api/v1/uploads", Some(&bruno), &headers, Body::empty()).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    let error: Value = serde_json::from_slice(&refused.bytes).unwrap();
    assert_eq!(
        error["error"]["message"],
        "This file is larger than 100 MB, the most one may attach."
    );
    assert_eq!(error["error"]["reason"], "too_large");
    let exactly = [("tus-resumable", "1.0.0"), ("upload-length", "104857600")];
    let allowed =
        app.raw(Method::POST, "/api/v1/uploads", Some(&bruno), &exactly, Body::empty()).await;
    assert_eq!(allowed.status, StatusCode::CREATED);

    let upload = app.create_upload(&bruno, "court.txt", 4).await;
    let longer = app.append(&bruno, &upload, 0, b"longer than four").await;
    assert_eq!(longer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", longer.text());
    let tus = [("tus-resumable", "1.0.0")];
    let state = app.raw(Method::HEAD, &upload, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(state.header("upload-offset"), "0", "nothing of it was kept");

    let old = [("tus-resumable", "0.2.2"), ("upload-length", "4")];
    let version = app.raw(Method::POST, "/api/v1/uploads", Some(&bruno), &old, Body::empty()).await;
    assert_eq!(version.status, StatusCode::PRECONDITION_FAILED, "another version of tus");
    let none = [("upload-length", "4")];
    let missing =
        app.raw(Method::POST, "/api/v1/uploads", Some(&bruno), &none, Body::empty()).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "not a tus request");
    let untyped = app
        .raw(
            Method::PATCH,
            &upload,
            Some(&bruno),
            &[("tus-resumable", "1.0.0"), ("upload-offset", "0")],
            Body::from("four"),
        )
        .await;
    assert_eq!(untyped.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_request_cut_short_keeps_what_arrived_and_the_upload_resumes() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;
    let content: Vec<u8> = (0..200_000_u32).map(|i| (i % 251) as u8).collect();
    let upload = app.create_upload(&bruno, "mesures.bin", content.len()).await;
    // The connection drops after 120,000 bytes.
    let arrived = Bytes::copy_from_slice(&content[..120_000]);
    let cut = futures_util::stream::iter([
        Ok(arrived),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut")),
    ]);
    let headers = [
        ("tus-resumable", "1.0.0"),
        ("upload-offset", "0"),
        ("content-type", "application/offset+octet-stream"),
    ];
    app.raw(Method::PATCH, &upload, Some(&bruno), &headers, Body::from_stream(cut)).await;
    let tus = [("tus-resumable", "1.0.0")];
    let state = app.raw(Method::HEAD, &upload, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(state.header("upload-offset"), "120000");
    let rest = app.append(&bruno, &upload, 120_000, &content[120_000..]).await;
    assert_eq!(rest.status, StatusCode::NO_CONTENT, "{}", rest.text());

    let id: i64 = upload.rsplit('/').next().unwrap().parse().unwrap();
    let sent = send_files(&app, &bruno, conversation, "resumed", &[id]).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert_eq!(sent.body["attachments"][0]["content_type"], "application/octet-stream");
    let got = download(&app, &david, id, None).await;
    assert_eq!(got.bytes.as_ref(), content.as_slice(), "the pieces make the file, in order");
}

#[tokio::test]
async fn an_image_gets_a_preview_and_a_decompression_bomb_is_never_decoded() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;
    let photo = app.upload(&bruno, "façade.png", &png(1600, 1200)).await;
    let pdf = app.upload(&bruno, "CCTP lot 3.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n").await;
    let sent = send_files(&app, &bruno, conversation, "photo", &[photo, pdf]).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let files = sent.body["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 2, "in the order sent");
    assert_eq!(files[0]["content_type"], "image/png");
    assert_eq!(files[0]["image"], json!({ "width": 1600, "height": 1200 }));
    assert_eq!(files[0]["preview"], true);
    assert_eq!(files[1]["content_type"], "application/pdf");
    assert_eq!(files[1]["preview"], false);

    let preview = app
        .raw(
            Method::GET,
            &format!("/api/v1/attachments/{photo}/preview"),
            Some(&david),
            &[],
            Body::empty(),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.header("content-type"), "image/jpeg");
    assert!(preview.header("content-disposition").starts_with("inline;"));
    assert_eq!(preview.header("x-content-type-options"), "nosniff");
    let small = image::load_from_memory(&preview.bytes).unwrap();
    assert_eq!((small.width(), small.height()), (480, 360));

    // 8,000 × 8,000 pixels of nothing: 60 KB that would decode to 64 MB. More pixels than
    // the server decodes: it stays a plain file, read but never decoded.
    let bomb = {
        use image::ImageEncoder;
        use image::codecs::png::{CompressionType, FilterType, PngEncoder};
        let mut bytes = Vec::new();
        let encoder =
            PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, FilterType::NoFilter);
        let pixels = vec![0_u8; 8_000 * 8_000];
        encoder.write_image(&pixels, 8_000, 8_000, image::ExtendedColorType::L8).unwrap();
        bytes
    };
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    let id = app.upload(&bruno, "bombe.png", &bomb).await;
    let sent = send_files(&app, &bruno, conversation, "bomb", &[id]).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let file = &sent.body["attachments"][0];
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["preview"], false);
    assert!(file.get("image").is_none(), "{file}");
}

#[tokio::test]
async fn a_deleted_messages_files_are_no_longer_served() {
    let app = TestApp::new().await;
    let (conversation, bruno, david) = bruno_and_david(&app).await;
    let id = app.upload(&bruno, "photo.png", &png(20, 20)).await;
    let sent = send_files(&app, &bruno, conversation, "to-delete", &[id]).await;
    let message = sent.body["id"].as_i64().unwrap();
    assert_eq!(download(&app, &david, id, None).await.status, StatusCode::OK);
    let deleted = app.delete(&format!("/api/v1/messages/{message}"), &bruno).await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert_eq!(deleted.body["attachments"], Value::Null, "{}", deleted.body);
    assert_eq!(download(&app, &david, id, None).await.status, StatusCode::NOT_FOUND);
    let preview = app.get(&format!("/api/v1/attachments/{id}/preview"), &david).await;
    assert_eq!(preview.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn uploads_never_sent_expire_with_their_bytes() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let upload = app.create_upload(&bruno, "oublié.txt", 10).await;
    assert_eq!(app.append(&bruno, &upload, 0, b"abcde").await.status, StatusCode::NO_CONTENT);
    let kept = parlons_server::domain::attachments::sweep_expired(&app.state).await.unwrap();
    assert_eq!(kept, 0, "not expired yet");
    app.clock.advance(25 * 60 * 60 * 1000);
    let swept = parlons_server::domain::attachments::sweep_expired(&app.state).await.unwrap();
    assert_eq!(swept, 1);
    let tus = [("tus-resumable", "1.0.0")];
    let state = app.raw(Method::HEAD, &upload, Some(&bruno), &tus, Body::empty()).await;
    assert_eq!(state.status, StatusCode::NOT_FOUND);
    let id = upload.rsplit('/').next().unwrap();
    let pieces = app.files_dir().join("uploads").join(id);
    let left = std::fs::read_dir(&pieces).map(|dir| dir.count()).unwrap_or(0);
    assert_eq!(left, 0, "its bytes are deleted too");
}

#[tokio::test]
async fn the_export_lists_attachments() {
    let app = TestApp::new().await;
    let (conversation, bruno, _) = bruno_and_david(&app).await;
    let id = app.upload(&bruno, "planning.txt", b"lundi: coffrage").await;
    assert_eq!(
        send_files(&app, &bruno, conversation, "exported", &[id]).await.status,
        StatusCode::CREATED
    );
    let alice = app.login(crate::support::ALICE).await;
    let export = app.get("/api/v1/admin/export?from=0&to=9999999999999", &alice).await;
    assert_eq!(export.status, StatusCode::OK);
    let messages = export.body["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["messages"].as_array().unwrap());
    let files: Vec<&Value> =
        messages.map(|m| &m["attachments"]).filter(|a| a != &&json!([])).collect();
    assert_eq!(
        files,
        [&json!([{ "name": "planning.txt", "size": 15, "content_type": "text/plain" }])]
    );
}

#[tokio::test]
async fn an_empty_file_is_uploaded_at_once_and_sent() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let file = app.upload(&bruno, "vide.txt", b"").await;
    let send = json!({ "idempotency_key": "empty", "body": text(""), "attachment_ids": [file] });
    let sent = app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, send).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert_eq!(sent.body["attachments"][0]["size"], 0);
    let path = format!("/api/v1/attachments/{file}");
    let download = app.raw(Method::GET, &path, Some(&bruno), &[], Body::empty()).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.bytes.is_empty());
}

#[tokio::test]
async fn the_openapi_document_gives_the_real_limits_of_an_upload() {
    let app = TestApp::new().await;
    let document = app.call(Method::GET, "/api/v1/openapi.json", None, None).await.body;
    let parameters = document["paths"]["/uploads"]["post"]["parameters"].as_array().unwrap();
    let length = parameters.iter().find(|p| p["name"] == "Upload-Length").unwrap();
    assert_eq!(length["schema"]["maximum"], parlons_api::MAX_ATTACHMENT_BYTES);
    assert_eq!(length["required"], true);
    // Upload-Metadata: the documented form is exactly what the server takes.
    let metadata = parameters.iter().find(|p| p["name"] == "Upload-Metadata").unwrap();
    let form = regex::Regex::new(metadata["schema"]["pattern"].as_str().unwrap()).unwrap();
    let bruno = app.login(BRUNO).await;
    for sample in [
        "filename Y291cnQudHh0",
        "filename",
        " a YQ== , b,c YWI= ",
        "filename /w==",
        "",
        "=P &i&2",
        "filename Y",
        "file name YQ==",
        "filename YQ==,,",
        "a  YQ==",
        "a V5C=",
    ] {
        let headers =
            [("tus-resumable", "1.0.0"), ("upload-length", "4"), ("upload-metadata", sample)];
        let answer =
            app.raw(Method::POST, "/api/v1/uploads", Some(&bruno), &headers, Body::empty());
        let taken = answer.await.status == StatusCode::CREATED;
        assert_eq!(form.is_match(sample), taken, "Upload-Metadata: {sample:?}");
    }
    // An optional header is absent or has a value: never `null`.
    let events = document["paths"]["/events"]["get"]["parameters"].as_array().unwrap();
    let last = events.iter().find(|p| p["name"] == "Last-Event-ID").unwrap();
    assert_eq!(last["schema"]["type"], "integer", "{last}");
    assert_eq!(last["required"], false);
}
