//! Who is logged in.

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{CompanyId, ConversationSummary, LoginRequest, Me};

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

/// The conversation list asked for at start, beside who is logged in.
type FirstList = Shared<LocalBoxFuture<'static, Result<Vec<ConversationSummary>, ApiError>>>;

/// The session, shared with every component through context.
#[derive(Clone, Copy)]
pub struct Session {
    status: RwSignal<SessionStatus>,
    /// `status`, changing only when who is logged in does: not when the company's settings
    /// change what they may do (`Me`'s flags), which the screens follow without being
    /// built again.
    screen: Memo<SessionStatus>,
    first_list: StoredValue<Option<FirstList>, LocalStorage>,
}

impl Session {
    fn new(first_list: Option<FirstList>) -> Self {
        let status = RwSignal::new(SessionStatus::Checking);
        let screen = Memo::new_with_compare(
            move |_| status.get(),
            |before, after| before.map(without_flags) != after.map(without_flags),
        );
        let session = Session { status, screen, first_list: StoredValue::new_local(first_list) };
        provide_context(session);
        session.check();
        session
    }
}

/// The status, but for what the company's settings allow the user.
fn without_flags(status: &SessionStatus) -> SessionStatus {
    match status {
        SessionStatus::LoggedIn(me) => {
            SessionStatus::LoggedIn(Me { edit_delete: false, manage_groups: false, ..me.clone() })
        }
        other => other.clone(),
    }
}

/// Creates the session state, provides it to the component tree, and asks the server who
/// is logged in and, at the same time, the conversation list: a cold start waits for one
/// round trip instead of two (and `index.html` preloads both while the app downloads).
pub fn provide_session() -> Session {
    let first_list: FirstList = api::conversations().boxed_local().shared();
    // Asked now, so that the answer (or the page's preload of it) is used now, not later.
    spawn_local(first_list.clone().map(|_| ()));
    Session::new(Some(first_list))
}

/// Like [`provide_session`], for pages that do not show the conversations (the admin
/// pages): asks only who is logged in.
pub fn provide_session_only() -> Session {
    Session::new(None)
}

/// The session provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// The current status; a change of what the user may do alone does not count (see
    /// [`Session::allows`]).
    pub fn status(&self) -> Signal<SessionStatus> {
        self.screen.into()
    }

    /// Whether the logged-in user may do what `flag` says (`Me::edit_delete`…), live: the
    /// company's settings change it while the app is open.
    pub fn allows(&self, flag: fn(&Me) -> bool) -> Signal<bool> {
        let status = self.status;
        Memo::new(move |_| status.with(|s| matches!(s, SessionStatus::LoggedIn(me) if flag(me))))
            .into()
    }

    /// The logged-in user, if any (not tracked).
    pub fn me(&self) -> Option<Me> {
        match self.status.get_untracked() {
            SessionStatus::LoggedIn(me) => Some(me),
            _ => None,
        }
    }

    /// The conversation list asked for at start, once: `None` afterwards, or if it was asked
    /// before logging in (it could only say "log in first").
    pub async fn take_first_list(&self) -> Option<Result<Vec<ConversationSummary>, ApiError>> {
        let first = self.first_list.try_update_value(Option::take).flatten()?;
        let answer = first.await;
        (!answer.as_ref().is_err_and(ApiError::is_unauthenticated)).then_some(answer)
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

    /// Asks the server again who is logged in (what they may do changed), staying on the page
    /// meanwhile.
    pub fn refresh(&self) {
        let status = self.status;
        spawn_local(async move {
            match api::me().await {
                Ok(me) => status.set(SessionStatus::LoggedIn(me)),
                Err(error) if error.is_unauthenticated() => status.set(SessionStatus::LoggedOut),
                Err(_) => {}
            }
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
