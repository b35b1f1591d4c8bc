//! Telling the user of new messages: a banner top right while the page is visible, a browser
//! notification (Web Notifications API) while it is hidden. The server decides which
//! messages notify whom (`notify` on `message.created`); this only shows them, and keeps the
//! user's preferences and the browser's permission.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{ConversationId, Message, MessageId, NotificationPreferences, UserId};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Notification, NotificationOptions, NotificationPermission, VisibilityState};

use super::conversations::Conversations;
use super::inbox::Inbox;
use crate::api::{self, ApiError};
use crate::format::conversation_title;
use crate::i18n::{I18n, Key, use_i18n};

/// At most this many banners show at once (the oldest goes).
const MAX_BANNERS: usize = 3;

/// How long a banner stays unless dismissed.
const BANNER_MS: i32 = 6_000;

/// One banner: who wrote, where, and the first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// The message (or 0 for the example).
    pub id: MessageId,
    /// Where it was written; `None` for the example, which opens nothing.
    pub conversation: Option<ConversationId>,
    /// Who wrote it.
    pub author: String,
    /// The conversation's title.
    pub place: String,
    /// The first line of its text.
    pub first_line: String,
}

/// What the browser lets the app do about desktop notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Not asked yet: the user may turn them on.
    Ask,
    /// Granted.
    Granted,
    /// Refused: only the browser's settings can allow them again.
    Blocked,
    /// The browser has no Web Notifications.
    Unsupported,
}

/// The banners, the permission and the preferences, shared through context.
#[derive(Clone, Copy)]
pub struct Notifier {
    banners: RwSignal<Vec<Banner>>,
    permission: RwSignal<Permission>,
    preferences: RwSignal<Option<Result<NotificationPreferences, ApiError>>>,
    saved: RwSignal<bool>,
    open: Callback<ConversationId>,
    i18n: I18n,
}

fn permission_now() -> Permission {
    let supported = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false));
    if !supported {
        return Permission::Unsupported;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Permission::Granted,
        NotificationPermission::Denied => Permission::Blocked,
        _ => Permission::Ask,
    }
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == VisibilityState::Visible)
}

/// The first line of a text, at most 140 characters.
pub fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    match line.char_indices().nth(140) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_owned(),
    }
}

/// Starts telling the user of new messages; `open` puts a conversation on screen.
pub fn provide_notifier(
    conversations: Conversations,
    me: UserId,
    open: Callback<ConversationId>,
) -> Notifier {
    let notifier = Notifier {
        banners: RwSignal::new(Vec::new()),
        permission: RwSignal::new(permission_now()),
        preferences: RwSignal::new(None),
        saved: RwSignal::new(false),
        open,
        i18n: use_i18n(),
    };
    provide_context(notifier);
    let incoming = conversations.incoming();
    let inbox = conversations.inbox();
    // A conversation put on screen has nothing left to announce.
    let on_screen = Memo::new(move |_| inbox.with(Inbox::open_id));
    Effect::new(move |_| {
        if let Some(open) = on_screen.get() {
            notifier.banners.update(|banners| banners.retain(|b| b.conversation != Some(open)));
        }
    });
    Effect::new(move |_| {
        let Some(message) = incoming.get() else { return };
        let (place, on_screen) = inbox.with_untracked(|inbox| {
            let place = inbox
                .conversation(message.conversation_id)
                .map(|c| conversation_title(c, me, notifier.i18n.lang()))
                .unwrap_or_default();
            (place, inbox.open_id() == Some(message.conversation_id))
        });
        notifier.tell(&message, place, on_screen);
    });
    notifier
}

/// The notifier provided by [`provide_notifier`].
pub fn use_notifier() -> Notifier {
    expect_context::<Notifier>()
}

impl Notifier {
    fn tell(&self, message: &Message, place: String, on_screen: bool) {
        let banner = Banner {
            id: message.id,
            conversation: Some(message.conversation_id),
            author: message.author.name.clone(),
            place,
            first_line: first_line(&message.body.to_plain_text()),
        };
        if page_visible() {
            // Already in front of the person: nothing to tell.
            if !on_screen {
                self.show_banner(banner);
            }
        } else {
            self.show_desktop(&banner);
        }
    }

    /// The banners on screen, oldest first.
    pub fn banners(&self) -> ReadSignal<Vec<Banner>> {
        self.banners.read_only()
    }

    fn show_banner(&self, banner: Banner) {
        let id = banner.id;
        self.banners.update(|banners| {
            banners.retain(|b| b.id != id);
            banners.push(banner);
            let extra = banners.len().saturating_sub(MAX_BANNERS);
            banners.drain(..extra);
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), std::time::Duration::from_millis(BANNER_MS as u64));
    }

    /// Removes a banner.
    pub fn dismiss(&self, id: MessageId) {
        self.banners.try_update(|banners| banners.retain(|b| b.id != id));
    }

    /// Opens the conversation of a banner, and removes it.
    pub fn open(&self, banner: &Banner) {
        self.dismiss(banner.id);
        if let Some(conversation) = banner.conversation {
            self.open.run(conversation);
        }
    }

    /// A browser notification, one per conversation (`tag`: a newer one replaces it), shown by
    /// one tab only: the first to claim the message in the browser's storage.
    fn show_desktop(&self, banner: &Banner) {
        if self.permission.get_untracked() != Permission::Granted || !claim(banner.id) {
            return;
        }
        let options = NotificationOptions::new();
        options.set_body(&banner.first_line);
        let tag = match banner.conversation {
            Some(conversation) => format!("parlons-conversation-{conversation}"),
            None => "parlons-example".to_owned(),
        };
        options.set_tag(&tag);
        let title = format!("{} · {}", banner.author, banner.place);
        let Ok(notification) = Notification::new_with_options(&title, &options) else { return };
        let (this, conversation) = (*self, banner.conversation);
        let shown = notification.clone();
        let on_click = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.focus();
            }
            if let Some(conversation) = conversation {
                this.open.run(conversation);
            }
            shown.close();
        });
        notification.set_onclick(Some(on_click.unchecked_ref()));
    }

    /// What the browser lets the app do.
    pub fn permission(&self) -> ReadSignal<Permission> {
        self.permission.read_only()
    }

    /// Asks the browser for permission; only ever from the person's own click.
    pub fn ask_permission(&self) {
        let this = *self;
        let Ok(asked) = Notification::request_permission() else { return };
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(asked).await;
            this.permission.set(permission_now());
        });
    }

    /// Shows what a notification looks like: a banner, and a desktop notification if allowed.
    pub fn show_example(&self) {
        let i18n = self.i18n;
        let banner = Banner {
            id: MessageId(0),
            conversation: None,
            author: i18n.t(Key::ExampleAuthor).to_owned(),
            place: i18n.t(Key::ExamplePlace).to_owned(),
            first_line: i18n.t(Key::ExampleText).to_owned(),
        };
        if self.permission.get_untracked() == Permission::Granted {
            self.show_desktop(&banner);
        }
        self.show_banner(banner);
    }

    /// The user's preferences, once loaded ([`Notifier::load_preferences`]).
    pub fn preferences(&self) -> ReadSignal<Option<Result<NotificationPreferences, ApiError>>> {
        self.preferences.read_only()
    }

    /// Whether the last change was saved.
    pub fn saved(&self) -> ReadSignal<bool> {
        self.saved.read_only()
    }

    /// Loads the user's preferences from the server.
    pub fn load_preferences(&self) {
        let this = *self;
        this.saved.set(false);
        spawn_local(async move {
            this.preferences.set(Some(api::notification_preferences().await));
        });
    }

    /// Saves new preferences; the server's answer is what shows.
    pub fn save_preferences(&self, preferences: NotificationPreferences) {
        let this = *self;
        this.saved.set(false);
        spawn_local(async move {
            let answer = api::save_notification_preferences(&preferences).await;
            this.saved.set(answer.is_ok());
            this.preferences.set(Some(answer));
        });
    }
}

/// Whether this tab is the first to show this message: tabs of the same browser share the
/// newest message notified (messages are numbered in the order they are sent, and each tab
/// gets them in that order), so the others stay silent. The example is always this tab's.
fn claim(message: MessageId) -> bool {
    const KEY: &str = "parlons.notified";
    if message == MessageId(0) {
        return true;
    }
    let Some(storage) = super::kept_list::storage() else {
        return true;
    };
    let newest = storage.get_item(KEY).ok().flatten().and_then(|v| v.parse::<i64>().ok());
    if newest.is_some_and(|newest| newest >= message.0) {
        return false;
    }
    let _ = storage.set_item(KEY, &message.0.to_string());
    true
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn a_banner_says_the_first_line_that_has_text() {
        assert_eq!(first_line("\n  \nBonjour,\nla suite"), "Bonjour,");
        let long = "a".repeat(200);
        assert_eq!(first_line(&long).chars().count(), 141);
        assert_eq!(first_line(""), "");
    }

    #[wasm_bindgen_test]
    fn only_one_tab_claims_a_message() {
        let id = MessageId(987_654_321);
        assert!(claim(id));
        assert!(!claim(id), "another tab already showed it");
        assert!(!claim(MessageId(5)), "nor an older one");
        assert!(claim(MessageId(987_654_322)));
        assert!(claim(MessageId(0)) && claim(MessageId(0)), "the example is every tab's");
    }
}
