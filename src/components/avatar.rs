//! A person's initials in a coloured disc.

use leptos::prelude::*;
use parlons_api::UserId;

use crate::format::{avatar_hue, initials};

/// A person's avatar: their initials on a colour that stays theirs.
#[component]
pub fn Avatar(
    /// Whose avatar.
    user: UserId,
    /// Their name.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let class = format!("avatar hue-{}", avatar_hue(user));
    view! { <span class=class aria-hidden="true">{initials(&name)}</span> }
}
