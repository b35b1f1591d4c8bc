//! A failed request's error, shown where the request was made, with "Try again".

use leptos::prelude::*;

use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::{Place, use_conversations_if_any};

/// The failure at a place, if the last request made there failed; nothing otherwise (and
/// nothing outside the workspace, as in isolated tests).
#[component]
pub fn InlineError(
    /// Where.
    place: Place,
    /// Whether "Try again" repeats the request (a composer offers its text back instead).
    #[prop(default = true)]
    retry: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let conversations = use_conversations_if_any();
    let error = Memo::new(move |_| conversations?.failure(place).map(|f| f.error));
    move || {
        let (conversations, error) = (conversations?, error.get()?);
        Some(view! {
            <p class="inline-error" role="alert">
                <span>{move || error.describe(&i18n)}</span>
                {retry.then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| conversations.retry(place)>
                        {tr(Key::TryAgain)}
                    </button>
                })}
            </p>
        })
    }
}
