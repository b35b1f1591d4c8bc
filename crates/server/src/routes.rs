//! The HTTP API under `/api/v1`: each route parses its request, calls one rule of
//! [`crate::domain`] and answers. Everything but `POST /session` and `GET /openapi.json`
//! requires a session (or, for `/integration`, the company's bearer token).
//!
//! Routes are registered through `utoipa-axum`, so the router and the OpenAPI document served
//! at `/api/v1/openapi.json` are one and the same list.

mod admin;
mod attachments;
mod conversations;
mod events;
mod extract;
mod integration;
mod notifications;
mod projects;
mod search;
mod session;
mod uploads;
mod widget;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::AppError;

/// The document's frame; the paths come from the routes themselves.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Parlons API",
        description = "Project messaging: conversations, messages, live events, the integration API. \
                       Errors are always `{\"error\": {\"code\", \"message\"}}`."
    ),
    servers((url = "/api/v1")),
    // What the event stream's messages carry as `data`.
    components(schemas(parlons_api::Event, parlons_api::AuditActionKind)),
    tags(
        (name = "session", description = "Logging in and out"),
        (name = "projects", description = "Projects and their Directory"),
        (name = "conversations", description = "Conversations, messages and each reader's state"),
        (name = "events", description = "The live event stream (Server-Sent Events)"),
        (name = "attachments", description = "Uploading files (tus 1.0) and reading them"),
        (name = "notifications", description = "What each user wants to be notified of"),
        (name = "search", description = "Searching readable messages"),
        (name = "admin", description = "Company admins: settings, export, audit log"),
        (name = "integration", description = "The host product's API (bearer token)")
    )
)]
struct ApiDoc;

/// Every API route with its OpenAPI description, relative to `/api/v1`.
pub fn documented() -> OpenApiRouter<AppState> {
    answers().merge(events::router()).merge(files())
}

/// The routes of files' bytes: uploads and downloads, streamed as they are (never
/// compressed: a download's length and ranges are the file's own).
fn files() -> OpenApiRouter<AppState> {
    uploads::router().merge(attachments::router())
}

/// Every API route but the event stream: those that answer and are done.
fn answers() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(session::router())
        .merge(projects::router())
        .merge(conversations::router())
        .merge(notifications::router())
        .merge(search::router())
        .merge(admin::router())
        .merge(integration::router())
        .merge(widget::router())
}

/// The API router, with `GET /openapi.json` describing it.
///
/// Answers are compressed as they go. The event stream is left out of the compression layer:
/// its body is never compressed (it must flush each event), and the layer's wrapper alone
/// cost 5.6 KiB per open stream (BENCHMARKS.md, issue 10).
pub fn router() -> Router<AppState> {
    let document = Arc::new(with_common_refusals(headers_never_null(documented().into_openapi())));
    let (answers, _) = answers().split_for_parts();
    let (stream, _) = events::router().split_for_parts();
    let (files, _) = files().split_for_parts();
    answers
        .route("/openapi.json", get(move || async move { axum::Json(document.as_ref().clone()) }))
        .layer(CompressionLayer::new())
        .merge(stream)
        .merge(files)
        .fallback(not_found)
}

/// Adds to every operation the refusals any route may answer, unless it documents its own:
/// 400 for a request that cannot be read (a path, query, header or body that does not
/// parse); for those that change something, 403 for a browser's request on another site's
/// behalf (`security::refuse_cross_site_writes`); for those with a JSON body, 422 for one
/// whose values do not fit.
fn with_common_refusals(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let refusal = |description: &str| {
        let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
        ResponseBuilder::new().description(description).content("application/json", body).build()
    };
    let unreadable =
        refusal("The request could not be read: a malformed path, query, header or body.");
    let cross_site = refusal("Not allowed, or sent by a browser on another site's behalf.");
    let unfit = refusal("The body's values do not fit its schema, or break a rule.");
    for item in document.paths.paths.values_mut() {
        let reads = [&mut item.get, &mut item.head, &mut item.options];
        let writes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for (operation, changes) in
            reads.into_iter().map(|o| (o, false)).chain(writes.into_iter().map(|o| (o, true)))
        {
            let Some(operation) = operation else { continue };
            let responses = &mut operation.responses.responses;
            responses.entry("400".to_owned()).or_insert_with(|| unreadable.clone().into());
            if changes {
                responses.entry("403".to_owned()).or_insert_with(|| cross_site.clone().into());
            }
            if operation.request_body.is_some() {
                responses.entry("422".to_owned()).or_insert_with(|| unfit.clone().into());
            }
        }
    }
    document
}

/// A header is absent or has a value, never `null`: utoipa documents an optional header
/// (`Option<T>`) as nullable, which would say `Last-Event-ID: null` is one to send.
fn headers_never_null(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{SchemaType, Type};
    use utoipa::openapi::{RefOr, Schema};
    let operations = document.paths.paths.values_mut().flat_map(|item| {
        [&mut item.get, &mut item.head, &mut item.post, &mut item.put, &mut item.patch]
            .into_iter()
            .chain([&mut item.delete, &mut item.options])
            .flatten()
    });
    let headers = operations
        .flat_map(|operation| operation.parameters.iter_mut().flatten())
        .filter(|parameter| parameter.parameter_in == ParameterIn::Header);
    for header in headers {
        let Some(RefOr::T(Schema::Object(schema))) = &mut header.schema else { continue };
        if let SchemaType::Array(types) = &schema.schema_type
            && let [only] = types.iter().filter(|t| **t != Type::Null).collect::<Vec<_>>()[..]
        {
            schema.schema_type = SchemaType::Type(only.clone());
        }
    }
    document
}

async fn not_found() -> AppError {
    AppError::NotFound("API route")
}
