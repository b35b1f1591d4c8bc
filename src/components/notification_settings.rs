//! The notification settings, from the user menu: desktop notifications (asked only from
//! the person's click here, with the way back when the browser blocks them), what to be
//! notified of (stored by the server), and an example.

use leptos::prelude::*;
use parlons_api::NotificationPreferences;

use super::dialog::Dialog;
use crate::i18n::{Key, tr, use_i18n};
use crate::state::notifier::{Permission, use_notifier};

/// One kind's switch among the preferences.
type Flag = fn(&mut NotificationPreferences) -> &mut bool;

/// The "Notifications" dialog.
#[component]
pub fn NotificationSettings(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notifier = use_notifier();
    notifier.load_preferences();
    let permission = notifier.permission();
    let (preferences, saved) = (notifier.preferences(), notifier.saved());
    let desktop = move || {
        match permission.get() {
        Permission::Ask => view! {
            <p class="dialog-note">{tr(Key::DesktopNotificationsWhy)}</p>
            <button type="button" class="primary-button" on:click=move |_| notifier.ask_permission()>
                {tr(Key::DesktopNotificationsAsk)}
            </button>
        }
        .into_any(),
        Permission::Granted => view! { <p class="dialog-note">{tr(Key::DesktopNotificationsOn)}</p> }.into_any(),
        Permission::Blocked => view! { <p class="dialog-note" role="note">{tr(Key::DesktopNotificationsBlocked)}</p> }.into_any(),
        Permission::Unsupported => view! { <p class="dialog-note">{tr(Key::DesktopNotificationsUnsupported)}</p> }.into_any(),
    }
    };
    let choices = move || {
        let current = match preferences.get()? {
            Ok(current) => current,
            Err(error) => {
                return Some(
                    view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> }
                        .into_any(),
                );
            }
        };
        let save = move |change: &dyn Fn(&mut NotificationPreferences)| {
            let mut next = current;
            change(&mut next);
            notifier.save_preferences(next);
        };
        let kinds: [(Key, Flag); 5] = [
            (Key::NotifyDirect, |p| &mut p.direct_messages),
            (Key::NotifyGroups, |p| &mut p.group_messages),
            (Key::NotifyItems, |p| &mut p.item_messages),
            (Key::NotifyMentions, |p| &mut p.mentions),
            (Key::NotifyProjects, |p| &mut p.project_messages),
        ];
        let boxes = kinds.map(|(label, flag)| {
            let on = *flag(&mut current.clone());
            view! {
                <label class="check-option">
                    <input type="checkbox" prop:checked=on disabled=current.everything on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        save(&|p| *flag(p) = checked);
                    } />
                    <span>{tr(label)}</span>
                </label>
            }
        });
        Some(view! {
            <fieldset class="notification-choices">
                <legend>{tr(Key::NotificationPreferences)}</legend>
                <label class="check-option">
                    <input type="radio" name="notify" prop:checked=current.everything on:change=move |_| save(&|p| p.everything = true) />
                    <span>{tr(Key::NotificationsEverything)}</span>
                </label>
                <label class="check-option">
                    <input type="radio" name="notify" prop:checked=!current.everything on:change=move |_| save(&|p| p.everything = false) />
                    <span>{tr(Key::NotificationsCustom)}</span>
                </label>
                <div class="notification-kinds">{boxes}</div>
                <p class="field-hint">{tr(Key::NotificationsWhom)}</p>
            </fieldset>
        }
        .into_any())
    };
    view! {
        <Dialog label=Signal::derive(move || i18n.t(Key::Notifications).to_owned()) class="members-dialog notification-dialog" on_close=on_close>
            <header class="dialog-header">
                <h2>{tr(Key::Notifications)}</h2>
                <button type="button" class="icon-button" aria-label=tr(Key::Close) autofocus on:click=move |_| on_close.run(())>"×"</button>
            </header>
            <section class="notification-desktop" aria-label=tr(Key::DesktopNotifications)>
                <h3>{tr(Key::DesktopNotifications)}</h3>
                {desktop}
            </section>
            {choices}
            <p class="field-hint" role="status">{move || saved.get().then(tr(Key::Saved))}</p>
            <button type="button" class="secondary-button" on:click=move |_| notifier.show_example()>
                {tr(Key::ShowExample)}
            </button>
        </Dialog>
    }
}
