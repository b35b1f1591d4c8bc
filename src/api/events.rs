//! The server's event stream (`GET /api/v1/events`), through the browser's `EventSource`.
//!
//! The browser reconnects by itself after a cut and sends `Last-Event-ID` back, but not after
//! an answer other than 200 (a restart, a proxy's 502): then it closes for good. So the
//! stream also reconnects on its own — a new `EventSource` after a backoff with jitter,
//! resuming from the last event id it kept (`?last_event_id=`, since a new `EventSource`
//! cannot send the header) — and when it has heard nothing, not even the server's heartbeat,
//! for [`SILENCE_MS`] (a dead connection that no one closed).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use parlons_api::{API_PREFIX, Event, HEARTBEAT_EVENT, HEARTBEAT_SECONDS};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

use crate::retry::backoff;

/// Whether the stream is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStatus {
    /// Connecting for the first time.
    Connecting,
    /// Events arrive live.
    Open,
    /// Cut; reconnecting.
    Reconnecting,
    /// The browser is offline.
    Offline,
}

/// How long the stream may stay silent before it is taken for dead: two heartbeats and a
/// margin.
pub const SILENCE_MS: f64 = ((HEARTBEAT_SECONDS * 2 + 5) * 1000) as f64;

/// How often silence is checked.
const WATCH_EVERY_MS: i32 = 5_000;

/// Where the stream stands between callbacks.
struct Connection {
    source: Option<EventSource>,
    /// The id of the last event received: where a new connection resumes.
    last_id: Option<String>,
    /// When something (an event or a heartbeat) last came, in ms since the epoch.
    heard_at: f64,
    /// Failed connections since the last one that opened.
    attempts: u32,
    /// The timer of the next reconnection, if one is planned.
    retry: Option<i32>,
}

/// A listener of `EventSource` messages.
type OnMessage = Closure<dyn FnMut(MessageEvent)>;

/// The browser callbacks of a stream, made once and attached to each `EventSource`.
struct Handlers {
    /// One per event name.
    named: Vec<(&'static str, OnMessage)>,
    heartbeat: OnMessage,
    opened: Closure<dyn FnMut(web_sys::Event)>,
    failed: Closure<dyn FnMut(web_sys::Event)>,
    retry: Closure<dyn FnMut()>,
    watch: Closure<dyn FnMut()>,
    offline: Closure<dyn FnMut(web_sys::Event)>,
    online: Closure<dyn FnMut(web_sys::Event)>,
}

struct Shared {
    connection: RefCell<Connection>,
    handlers: RefCell<Option<Handlers>>,
    on_status: Box<dyn Fn(StreamStatus)>,
}

/// An open event stream; closed when dropped.
pub struct EventStream {
    shared: Rc<Shared>,
    watch_timer: i32,
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Shared {
    /// Opens a new `EventSource`, resuming after the last event received.
    fn connect(self: &Rc<Self>) {
        let url =
            super::http::loaded_by_browser(match self.connection.borrow().last_id.as_deref() {
                Some(id) => format!("{API_PREFIX}/events?last_event_id={id}"),
                None => format!("{API_PREFIX}/events"),
            });
        let Ok(source) = EventSource::new(&url) else { return self.retry_later() };
        if let Some(handlers) = self.handlers.borrow().as_ref() {
            for (name, listener) in &handlers.named {
                let _ = source
                    .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
            let _ = source.add_event_listener_with_callback(
                HEARTBEAT_EVENT,
                handlers.heartbeat.as_ref().unchecked_ref(),
            );
            source.set_onopen(Some(handlers.opened.as_ref().unchecked_ref()));
            source.set_onerror(Some(handlers.failed.as_ref().unchecked_ref()));
        }
        let mut connection = self.connection.borrow_mut();
        if let Some(old) = connection.source.replace(source) {
            old.close();
        }
        connection.heard_at = now();
    }

    /// Plans a new connection after a backoff (1 s, 2 s, 4 s… at most 30 s, with jitter),
    /// unless one is planned already.
    fn retry_later(self: &Rc<Self>) {
        let mut connection = self.connection.borrow_mut();
        if connection.retry.is_some() {
            return;
        }
        connection.attempts += 1;
        let delay = backoff(connection.attempts, js_sys::Math::random());
        let handlers = self.handlers.borrow();
        let (Some(window), Some(handlers)) = (web_sys::window(), handlers.as_ref()) else {
            return;
        };
        connection.retry = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                handlers.retry.as_ref().unchecked_ref(),
                i32::try_from(delay).unwrap_or(i32::MAX),
            )
            .ok();
    }

    /// Gives up the current connection and plans a new one.
    fn reconnect(self: &Rc<Self>) {
        if let Some(old) = self.connection.borrow_mut().source.take() {
            old.close();
        }
        (self.on_status)(StreamStatus::Reconnecting);
        self.retry_later();
    }

    /// Something came: the stream is alive, and an id is where to resume from.
    fn heard(&self, message: &MessageEvent) {
        let mut connection = self.connection.borrow_mut();
        connection.heard_at = now();
        let id = message.last_event_id();
        if !id.is_empty() {
            connection.last_id = Some(id);
        }
    }
}

/// A callback that reaches the stream while it exists.
fn with_shared<A: 'static>(
    shared: &Weak<Shared>,
    run: impl Fn(&Rc<Shared>, A) + 'static,
) -> impl FnMut(A) + 'static {
    let shared = shared.clone();
    move |argument| {
        if let Some(shared) = shared.upgrade() {
            run(&shared, argument);
        }
    }
}

impl EventStream {
    /// Connects, calling `on_event` with each event and `on_status` when the connection
    /// opens or is cut. `None` without a browser window.
    pub fn connect(
        on_event: impl Fn(Event) + Clone + 'static,
        on_status: impl Fn(StreamStatus) + 'static,
    ) -> Option<Self> {
        let window = web_sys::window()?;
        let shared = Rc::new(Shared {
            connection: RefCell::new(Connection {
                source: None,
                last_id: None,
                heard_at: now(),
                attempts: 0,
                retry: None,
            }),
            handlers: RefCell::new(None),
            on_status: Box::new(on_status),
        });
        let weak = Rc::downgrade(&shared);
        let named = Event::NAMES
            .iter()
            .map(|name| {
                let on_event = on_event.clone();
                let listener = with_shared(&weak, move |shared, message: MessageEvent| {
                    shared.heard(&message);
                    let data = message.data().as_string().unwrap_or_default();
                    let read = |data| Event::deserialize_named(name, data);
                    match crate::json::decode_with(&data, read) {
                        Ok(event) => on_event(event),
                        Err(error) => {
                            leptos::logging::warn!("unreadable {name} event: {}", error.0)
                        }
                    }
                });
                (*name, OnMessage::new(listener))
            })
            .collect();
        // The first heartbeat of a stream carries its position: kept like an event's id.
        let heartbeat = with_shared(&weak, |shared, message: MessageEvent| shared.heard(&message));
        let opened = with_shared(&weak, |shared, _: web_sys::Event| {
            {
                let mut connection = shared.connection.borrow_mut();
                connection.attempts = 0;
                connection.heard_at = now();
            }
            (shared.on_status)(StreamStatus::Open);
        });
        // The browser retries by itself while the source is "connecting"; once "closed" (an
        // answer other than 200), only a new source will.
        let failed = with_shared(&weak, |shared, _: web_sys::Event| {
            let closed = shared
                .connection
                .borrow()
                .source
                .as_ref()
                .is_none_or(|s| s.ready_state() == EventSource::CLOSED);
            if closed {
                shared.reconnect();
            } else {
                (shared.on_status)(StreamStatus::Reconnecting);
            }
        });
        let mut retry = with_shared(&weak, |shared, ()| {
            shared.connection.borrow_mut().retry = None;
            shared.connect();
        });
        let mut watch = with_shared(&weak, |shared, ()| {
            let silent = now() - shared.connection.borrow().heard_at > SILENCE_MS;
            let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
            if silent && online && shared.connection.borrow().retry.is_none() {
                shared.reconnect();
            }
        });
        // The browser knows at once when it goes offline; a stream may take long to notice.
        let offline = with_shared(&weak, |shared, _: web_sys::Event| {
            (shared.on_status)(StreamStatus::Offline);
        });
        // Back online: the stream is either still open, or reconnects now rather than after
        // its backoff.
        let online = with_shared(&weak, |shared, _: web_sys::Event| {
            let open = shared
                .connection
                .borrow()
                .source
                .as_ref()
                .is_some_and(|s| s.ready_state() == EventSource::OPEN);
            if open {
                (shared.on_status)(StreamStatus::Open);
                return;
            }
            (shared.on_status)(StreamStatus::Reconnecting);
            let planned = shared.connection.borrow_mut().retry.take();
            if let (Some(timer), Some(window)) = (planned, web_sys::window()) {
                window.clear_timeout_with_handle(timer);
            }
            shared.connect();
        });
        let handlers = Handlers {
            named,
            heartbeat: Closure::new(heartbeat),
            opened: Closure::new(opened),
            failed: Closure::new(failed),
            retry: Closure::new(move || retry(())),
            watch: Closure::new(move || watch(())),
            offline: Closure::new(offline),
            online: Closure::new(online),
        };
        let _ = window
            .add_event_listener_with_callback("offline", handlers.offline.as_ref().unchecked_ref());
        let _ = window
            .add_event_listener_with_callback("online", handlers.online.as_ref().unchecked_ref());
        let watch_timer = window
            .set_interval_with_callback_and_timeout_and_arguments_0(
                handlers.watch.as_ref().unchecked_ref(),
                WATCH_EVERY_MS,
            )
            .unwrap_or_default();
        *shared.handlers.borrow_mut() = Some(handlers);
        shared.connect();
        Some(Self { shared, watch_timer })
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        let mut connection = self.shared.connection.borrow_mut();
        if let Some(source) = connection.source.take() {
            source.close();
        }
        let Some(window) = web_sys::window() else { return };
        window.clear_interval_with_handle(self.watch_timer);
        if let Some(timer) = connection.retry.take() {
            window.clear_timeout_with_handle(timer);
        }
        if let Some(handlers) = self.shared.handlers.borrow().as_ref() {
            let _ = window.remove_event_listener_with_callback(
                "offline",
                handlers.offline.as_ref().unchecked_ref(),
            );
            let _ = window.remove_event_listener_with_callback(
                "online",
                handlers.online.as_ref().unchecked_ref(),
            );
        }
    }
}
