//! The export: two days, and the JSON file of everything between them, downloaded by the
//! browser straight to disk as the server streams it.

use leptos::prelude::*;
use parlons_api::Timestamp;

use super::text::AdminKey;
use crate::api;
use crate::i18n::tr;
use crate::paths;

/// The export's page.
#[component]
pub fn ExportPage() -> impl IntoView {
    let today = js_sys::Date::new_0();
    let from = RwSignal::new(day_text(today.get_full_year(), today.get_month() + 1, 1));
    let to =
        RwSignal::new(day_text(today.get_full_year(), today.get_month() + 1, today.get_date()));
    let started = RwSignal::new(false);
    let period = move || period(&from.get(), &to.get());
    view! {
        <section class="admin-card" aria-labelledby="export-title">
            <h1 id="export-title">{tr(AdminKey::ExportTitle)}</h1>
            <p class="admin-intro">{tr(AdminKey::ExportIntro)}</p>
            <div class="period">
                <label>
                    {tr(AdminKey::FromDay)}
                    <input type="date" name="from" prop:value=move || from.get() on:input=move |ev| { started.set(false); from.set(event_target_value(&ev)) } />
                </label>
                <label>
                    {tr(AdminKey::ToDay)}
                    <input type="date" name="to" prop:value=move || to.get() on:input=move |ev| { started.set(false); to.set(event_target_value(&ev)) } />
                </label>
            </div>
            {move || match period() {
                Some((start, end)) => view! {
                    <a class="primary-button" href=api::export_address(start, end) download="" on:click=move |_| started.set(true)>
                        {tr(AdminKey::Download)}
                    </a>
                }
                .into_any(),
                None => view! { <p class="form-error" role="alert">{tr(AdminKey::PeriodBackwards)}</p> }.into_any(),
            }}
            {move || started.get().then(|| view! {
                <p class="save-status" role="status">
                    {tr(AdminKey::ExportStarted)} " " <a href=paths::ADMIN_AUDIT_LOG>{tr(AdminKey::AuditTab)}</a>
                </p>
            })}
        </section>
    }
}

/// A day as `<input type="date">` writes it: `2026-12-04`.
fn day_text(year: u32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The period from the start of the first day to the end of the last (both local days, the
/// last included), if both are days and the first is not after the last.
fn period(first: &str, last: &str) -> Option<(Timestamp, Timestamp)> {
    let start = local_midnight(first, 0)?;
    let end = local_midnight(last, 1)?;
    (start < end).then_some((Timestamp(start), Timestamp(end)))
}

/// The local midnight starting `day` (`2026-12-04`) plus `later` days, in milliseconds.
fn local_midnight(day: &str, later: u32) -> Option<i64> {
    let mut parts = day.splitn(3, '-').map(|part| part.parse::<u32>().ok());
    let (year, month, date) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&date) {
        return None;
    }
    let at = js_sys::Date::new_with_year_month_day(year, month as i32 - 1, (date + later) as i32);
    let ms = at.get_time();
    ms.is_finite().then_some(ms as i64)
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn the_period_runs_from_the_first_midnight_to_the_one_after_the_last_day() {
        let (start, end) = period("2026-12-01", "2026-12-04").unwrap();
        let day = 24 * 3600 * 1000;
        assert_eq!(end.0 - start.0, 4 * day, "four whole days, the last included");
        let start_date = js_sys::Date::new(&(start.0 as f64).into());
        assert_eq!((start_date.get_date(), start_date.get_hours()), (1, 0), "local midnight");
        let (_, month_end) = period("2026-12-31", "2026-12-31").unwrap();
        assert_eq!(js_sys::Date::new(&(month_end.0 as f64).into()).get_full_year(), 2027);
        assert_eq!(period("2026-12-05", "2026-12-04"), None, "backwards");
        assert_eq!(period("", "2026-12-04"), None);
        assert_eq!(period("2026-13-01", "2026-12-04"), None);
        assert_eq!(day_text(2026, 3, 7), "2026-03-07");
    }
}
