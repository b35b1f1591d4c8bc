//! Each user's notification preferences in the session's company.

use parlons_api::NotificationPreferences;

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

/// The user's preferences (every new message until changed).
pub async fn get(state: &AppState, session: &Session) -> Result<NotificationPreferences, AppError> {
    Ok(state.store.notification_preferences(session.company, session.user).await?)
}

/// Replaces the user's preferences; they apply to the next message.
pub async fn put(
    state: &AppState,
    session: &Session,
    preferences: NotificationPreferences,
) -> Result<NotificationPreferences, AppError> {
    let mut tx = state.store.begin().await?;
    tx.save_notification_preferences(session.company, session.user, &preferences).await?;
    tx.commit().await?;
    get(state, session).await
}
