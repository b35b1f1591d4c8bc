//! Who is logged in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{CompanyId, LoginRequest, Me};

use crate::api::{self, ApiError};

/// Where the app stands with the server's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// Asking the server who is logged in.
    Checking,
    /// Nobody: show the login page.
    LoggedOut,
    /// This user.
    LoggedIn(Me),
    /// The server could not say (network); offer to retry.
    Unreachable,
}

/// The session, shared with every component through context.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    status: RwSignal<SessionStatus>,
}

/// Creates the session state, provides it to the component tree, and asks the server who
/// is logged in.
pub fn provide_session() -> Session {
    let session = Session { status: RwSignal::new(SessionStatus::Checking) };
    provide_context(session);
    session.check();
    session
}

/// The session provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// The current status.
    pub fn status(&self) -> Signal<SessionStatus> {
        self.status.into()
    }

    /// The logged-in user, if any (not tracked).
    pub fn me(&self) -> Option<Me> {
        match self.status.get_untracked() {
            SessionStatus::LoggedIn(me) => Some(me),
            _ => None,
        }
    }

    /// Asks the server who is logged in.
    pub fn check(&self) {
        let status = self.status;
        status.set(SessionStatus::Checking);
        spawn_local(async move {
            status.set(match api::me().await {
                Ok(me) => SessionStatus::LoggedIn(me),
                Err(error) if error.is_unauthenticated() => SessionStatus::LoggedOut,
                Err(_) => SessionStatus::Unreachable,
            });
        });
    }

    /// Logs in; on success the status becomes [`SessionStatus::LoggedIn`].
    pub async fn log_in(&self, request: LoginRequest) -> Result<(), ApiError> {
        let me = api::login(&request).await?;
        self.status.set(SessionStatus::LoggedIn(me));
        Ok(())
    }

    /// Shows another of the user's companies; on failure, stays where it is.
    pub fn switch_company(&self, company: CompanyId) {
        let status = self.status;
        spawn_local(async move {
            if let Ok(me) = api::switch_company(company).await {
                status.set(SessionStatus::LoggedIn(me));
            }
        });
    }

    /// Logs out, whatever the server says (a session it no longer knows is over too).
    pub fn log_out(&self) {
        let status = self.status;
        spawn_local(async move {
            let _ = api::logout().await;
            status.set(SessionStatus::LoggedOut);
        });
    }

    /// Asks the server whether the session still holds, staying on the page meanwhile; logs
    /// out only if the server says it is over.
    pub fn verify(&self) {
        let status = self.status;
        spawn_local(async move {
            if api::me().await.is_err_and(|error| error.is_unauthenticated()) {
                status.set(SessionStatus::LoggedOut);
            }
        });
    }

    /// The server said the session is over (expired, logged out in another tab).
    pub fn expired(&self) {
        self.status.set(SessionStatus::LoggedOut);
    }
}
