//! The company settings of the Conversations tool: company admins only.

use parlons_api::CompanySettings;

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
    // Everyone of the company may gain or lose conversations (who may use Conversations,
    // item conversations on or off…): their open clients are told at once.
    let people = state.store.company_members(session.company, false).await?;
    let mut tx = state.store.begin().await?;
    let people: Vec<_> = people.iter().map(|p| p.id).collect();
    let before = AccessBefore::note(&mut tx, session.company, &people).await?;
    tx.save_company_settings(session.company, &settings).await?;
    before.commit(state, tx).await?;
    Ok(state.store.company_settings(session.company).await?)
}
