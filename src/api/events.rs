//! The server's event stream (`GET /api/v1/events`), through the browser's `EventSource`,
//! which reconnects by itself and sends back `Last-Event-ID`, so nothing is missed.

use parlons_api::{API_PREFIX, Event};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

/// Whether the stream is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStatus {
    /// Connecting for the first time.
    Connecting,
    /// Events arrive live.
    Open,
    /// Cut; the browser is reconnecting.
    Reconnecting,
    /// The browser is offline.
    Offline,
}

/// An open event stream; closed when dropped.
pub struct EventStream {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _status: [Closure<dyn FnMut(web_sys::Event)>; 4],
}

impl EventStream {
    /// Connects, calling `on_event` with each event and `on_status` when the connection
    /// opens or is cut. `None` if the browser refuses to open it.
    pub fn connect(
        on_event: impl Fn(Event) + Clone + 'static,
        on_status: impl Fn(StreamStatus) + Clone + 'static,
    ) -> Option<Self> {
        let source = EventSource::new(&format!("{API_PREFIX}/events")).ok()?;
        let listeners = Event::NAMES
            .iter()
            .map(|name| {
                let on_event = on_event.clone();
                let listener =
                    Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
                        let data = message.data().as_string().unwrap_or_default();
                        let mut data = serde_json::Deserializer::from_str(&data);
                        match Event::deserialize_named(name, &mut data) {
                            Ok(event) => on_event(event),
                            Err(error) => leptos::logging::warn!(
                                "unreadable {name} event (line {}, column {})",
                                error.line(),
                                error.column()
                            ),
                        }
                    });
                let _ = source
                    .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
                listener
            })
            .collect();
        let status = |status: StreamStatus| {
            let on_status = on_status.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_status(status))
        };
        let opened = status(StreamStatus::Open);
        let cut = status(StreamStatus::Reconnecting);
        source.set_onopen(Some(opened.as_ref().unchecked_ref()));
        source.set_onerror(Some(cut.as_ref().unchecked_ref()));
        // The browser knows at once when it goes offline; a stream may take long to notice.
        // Back online, the stream is either still open or reconnecting by itself.
        let window = web_sys::window()?;
        let offline = status(StreamStatus::Offline);
        let online = {
            let (on_status, source) = (on_status.clone(), source.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                let open = source.ready_state() == EventSource::OPEN;
                on_status(if open { StreamStatus::Open } else { StreamStatus::Reconnecting });
            })
        };
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        Some(Self { source, _listeners: listeners, _status: [opened, cut, offline, online] })
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
        if let Some(window) = web_sys::window() {
            let [_, _, offline, online] = &self._status;
            let _ = window
                .remove_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
            let _ = window
                .remove_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        }
    }
}
