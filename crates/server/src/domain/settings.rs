//! The company settings of the Conversations tool: company admins only.

use parlons_api::{AuditAction, CompanySettings, Event, MAX_WIDGET_ORIGINS, widget_origin};

use super::Appended;
use super::access_changes::AccessBefore;
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

fn admin_only(session: &Session) -> Result<(), AppError> {
    if session.is_admin {
        Ok(())
    } else {
        Err(AppError::forbidden("Only company admins manage the Conversations settings."))
    }
}

/// The company's settings.
pub async fn get(state: &AppState, session: &Session) -> Result<CompanySettings, AppError> {
    admin_only(session)?;
    Ok(state.store.company_settings(session.company).await?)
}

/// Replaces the company's settings; they apply to the very next request and event.
pub async fn put(
    state: &AppState,
    session: &Session,
    settings: CompanySettings,
) -> Result<CompanySettings, AppError> {
    admin_only(session)?;
    let settings = checked(settings)?;
    // Everyone of the company may gain or lose conversations (who may use Conversations,
    // item conversations on or off…): their open clients are told at once.
    let people = state.store.company_members(session.company, false).await?;
    let former = state.store.company_settings(session.company).await?;
    let mut tx = state.store.begin().await?;
    let people: Vec<_> = people.iter().map(|p| p.id).collect();
    let before = AccessBefore::note(&mut tx, session.company, &people).await?;
    tx.save_company_settings(session.company, &settings).await?;
    let now = state.clock.now();
    // What `GET /me` says follows these two: open apps ask it again.
    let mut appended = Appended::default();
    if former.edit_delete != settings.edit_delete
        || former.group_managers != settings.group_managers
    {
        appended.push(&mut tx, &people, session.company, None, &Event::MeChanged {}, now).await?;
    }
    tx.insert_audit(session.company, session.user, &AuditAction::SettingsChanged { settings }, now)
        .await?;
    before.commit_with(state, tx, appended).await?;
    Ok(state.store.company_settings(session.company).await?)
}

/// The settings with their widget origins written as browsers send them, each once; refused
/// if one is not an origin or there are too many.
fn checked(mut settings: CompanySettings) -> Result<CompanySettings, AppError> {
    let mut origins = Vec::with_capacity(settings.widget_origins.len());
    for (i, text) in settings.widget_origins.iter().enumerate() {
        let Some(origin) = widget_origin(text) else {
            let message = format!(
                "\"{text}\" is not an origin: write it as https://tool.example.com (a port if \
                 needed, no path)."
            );
            return Err(
                AppError::invalid(message).at(format!("widget_origins[{i}]"), "not_an_origin")
            );
        };
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    if origins.len() > MAX_WIDGET_ORIGINS {
        let message = format!("At most {MAX_WIDGET_ORIGINS} sites may embed the widget.");
        return Err(AppError::invalid(message).at("widget_origins", "too_many"));
    }
    settings.widget_origins = origins;
    Ok(settings)
}
