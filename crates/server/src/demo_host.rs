//! The demo's host page (`--demo-host`): an RFI page of a construction tool, on a second
//! origin, with Parlons' item panel in its sidebar and a badge on its own Conversations
//! icon — what a host product does, end to end: its server asks for a widget ticket, its page
//! adds the loader's one `<script>` (`public/parlons-widget.js`).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use parlons_api::CompanySettings;
use serde::Deserialize;

use crate::AppState;
use crate::domain::widget::ticket_for;
use crate::error::AppError;
use crate::store::TicketRecord;

/// The company, project and item the page shows, by the demo's host ids.
const COMPANY: &str = "Durand Construction";
const PROJECT: &str = "2024-017";
const ITEM: &str = "rfi-12";
/// Whom the page may be viewed as (their e-mail is their host id in the demo).
const VIEWERS: [&str; 3] = [
    "bruno@durand-construction.example",
    "chloe@durand-construction.example",
    "david@roux-plomberie.example",
];

/// Lets the page's origin embed the panel: adds it to the demo company's widget origins.
pub async fn allow(state: &AppState, origin: &str) -> Result<(), AppError> {
    let (company, _) = demo_ids(state, VIEWERS[0]).await?;
    let mut settings: CompanySettings = state.store.company_settings(company).await?;
    if !settings.widget_origins.iter().any(|o| o == origin) {
        settings.widget_origins.push(origin.to_owned());
        let mut tx = state.store.begin().await?;
        tx.save_company_settings(company, &settings).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The page's routes; `app` is where Parlons is (`http://127.0.0.1:8080`).
pub fn router(state: AppState, app: String) -> Router {
    Router::new()
        .route("/", get(move |state, query| page(state, query, app.clone())))
        .route(
            "/host.css",
            get(|| async {
                ([(CONTENT_TYPE, "text/css")], include_str!("../../../public/demo-host/host.css"))
            }),
        )
        .route(
            "/host.js",
            get(|| async {
                (
                    [(CONTENT_TYPE, "text/javascript")],
                    include_str!("../../../public/demo-host/host.js"),
                )
            }),
        )
        .with_state(state)
}

#[derive(Deserialize)]
struct Viewer {
    /// Whose page it is, by e-mail (Bruno's if none).
    #[serde(rename = "as")]
    email: Option<String>,
    /// The sidebar's tab shown (`files`: the attachments, the panel out of sight), as the
    /// host renders it: the loader sees from the start whether the panel can be seen.
    tab: Option<String>,
}

/// The demo company and this user of it.
async fn demo_ids(
    state: &AppState,
    email: &str,
) -> Result<(parlons_api::CompanyId, parlons_api::UserId), AppError> {
    let missing = || AppError::NotFound("demo data");
    let mut tx = state.store.begin().await?;
    let user = tx.user_by_email(email).await?.ok_or_else(missing)?;
    tx.commit().await?;
    let memberships = state.store.memberships(user).await?;
    let company = memberships.iter().find(|c| c.name == COMPANY).ok_or_else(missing)?;
    Ok((company.id, user))
}

async fn page(
    State(state): State<AppState>,
    Query(viewer): Query<Viewer>,
    app: String,
) -> impl IntoResponse {
    match render(&state, viewer, &app).await {
        Ok(html) => Html(html).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn render(state: &AppState, viewer: Viewer, app: &str) -> Result<String, AppError> {
    let email =
        viewer.email.filter(|e| VIEWERS.contains(&e.as_str())).unwrap_or(VIEWERS[0].to_owned());
    let (company, user) = demo_ids(state, &email).await?;
    let mut tx = state.store.begin().await?;
    let item =
        tx.item_by_external_ids(company, PROJECT, ITEM).await?.ok_or(AppError::NotFound("item"))?;
    tx.commit().await?;
    let summary = state.store.item_summary(item).await?.ok_or(AppError::NotFound("item"))?;
    let ticket = ticket_for(state, TicketRecord { company, user, item }).await?;
    let mut names = Vec::new();
    for email in VIEWERS {
        let (_, id) = demo_ids(state, email).await?;
        let name = state.store.user_profile(id).await?.map(|(name, _)| name).unwrap_or_default();
        names.push((email, name));
    }
    let viewers: String = names
        .iter()
        .map(|(e, name)| {
            let current = if *e == email { " aria-current=\"true\"" } else { "" };
            format!("<a href=\"/?as={}\"{current}>{}</a>", escape(e), escape(name))
        })
        .collect();
    let files = viewer.tab.as_deref() == Some("files");
    let hidden = |hide: bool| if hide { " hidden" } else { "" };
    Ok(format!(
        include_str!("../../../public/demo-host/page.html"),
        files_shown = files,
        conversations_shown = !files,
        files_hidden = hidden(!files),
        conversations_hidden = hidden(files),
        viewers = viewers,
        number = escape(&summary.number),
        title = escape(&summary.title),
        app = escape(app),
        project = PROJECT,
        item = ITEM,
        ticket = escape(&ticket.ticket),
    ))
}

/// Text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
