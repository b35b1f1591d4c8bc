//! How the user's own locale writes times, dates and counts: the browser's `Intl` formatters
//! for the first of the browser's languages (`navigator.languages`) in the language on
//! screen, made once per language rather than once per message.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Lang;

/// The plural category of a count, as far as the app's texts need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// "1 unread", and in French "0 non lu" too.
    One,
    /// Every other count.
    Other,
}

/// Formatters for one locale.
pub struct Locale {
    tag: String,
    time: Function,
    date_time: Function,
    day: Function,
    number: Function,
    plurals: Intl::PluralRules,
}

/// The locale to write in: the first of the browser's languages that is in the language on
/// screen (`fr-CA` for a Quebecer reading French), else that language's usual one.
pub fn pick_tag(lang: Lang, browser: &[String]) -> String {
    let wanted = match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    browser
        .iter()
        .find(|tag| {
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            primary.eq_ignore_ascii_case(wanted)
        })
        .cloned()
        .unwrap_or_else(|| lang.tag().to_owned())
}

/// The browser's languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    navigator.languages().iter().filter_map(|tag| tag.as_string()).collect()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

impl Locale {
    /// The formatters for the language on screen, in the browser's own variant of it.
    pub fn new(lang: Lang) -> Self {
        Self::for_tag(pick_tag(lang, &browser_languages()))
    }

    /// The formatters for one locale tag (`fr-CA`, `en-US`…).
    pub fn for_tag(tag: String) -> Self {
        let locales = Array::of1(&JsValue::from_str(&tag));
        let date_format =
            |pairs: &[(&str, &str)]| Intl::DateTimeFormat::new(&locales, &options(pairs)).format();
        let time = [("hour", "numeric"), ("minute", "2-digit")];
        let date_time = [("day", "numeric"), ("month", "short"), time[0], time[1]];
        Self {
            time: date_format(&time),
            date_time: date_format(&date_time),
            day: date_format(&[("weekday", "long"), ("day", "numeric"), ("month", "long")]),
            number: Intl::NumberFormat::new(&locales, &Object::new()).format(),
            plurals: Intl::PluralRules::new(&locales, &Object::new()),
            tag,
        }
    }

    /// The locale's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// A time of day ("14:05", "2:05 PM").
    pub fn time(&self, at: i64) -> String {
        format_with(&self.time, &date(at))
    }

    /// A day and a time ("3 déc., 14:05").
    pub fn date_time(&self, at: i64) -> String {
        format_with(&self.date_time, &date(at))
    }

    /// A day, written out ("mercredi 3 décembre").
    pub fn day(&self, at: i64) -> String {
        format_with(&self.day, &date(at))
    }

    /// A count, with the locale's digit grouping ("1 234", "1,234").
    pub fn number(&self, n: u32) -> String {
        format_with(&self.number, &JsValue::from(n))
    }

    /// Which plural form a count takes.
    pub fn plural(&self, n: u32) -> Plural {
        match String::from(self.plurals.select(f64::from(n))).as_str() {
            "one" => Plural::One,
            _ => Plural::Other,
        }
    }
}

fn date(at: i64) -> Date {
    Date::new(&JsValue::from_f64(at as f64))
}

fn format_with(format: &Function, value: &JsValue) -> String {
    format.call1(&JsValue::NULL, value).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| (*t).to_owned()).collect()
    }

    #[wasm_bindgen_test]
    fn the_browsers_own_variant_of_the_language_on_screen() {
        assert_eq!(pick_tag(Lang::Fr, &tags(&["en-US", "fr-CA", "fr-FR"])), "fr-CA");
        assert_eq!(pick_tag(Lang::En, &tags(&["en-US", "fr-CA"])), "en-US");
        assert_eq!(pick_tag(Lang::En, &tags(&["de-DE", "FR"])), "en-GB");
        assert_eq!(pick_tag(Lang::Fr, &tags(&["FR"])), "FR");
        assert_eq!(pick_tag(Lang::Fr, &[]), "fr-FR");
    }

    #[wasm_bindgen_test]
    fn plurals_follow_each_language() {
        let (fr, en) = (Locale::for_tag("fr-FR".into()), Locale::for_tag("en-US".into()));
        assert_eq!(
            [fr.plural(0), fr.plural(1), fr.plural(2)],
            [Plural::One, Plural::One, Plural::Other]
        );
        assert_eq!(
            [en.plural(0), en.plural(1), en.plural(2)],
            [Plural::Other, Plural::One, Plural::Other]
        );
        assert_eq!(en.number(1234), "1,234");
        assert_eq!(fr.number(12), "12");
    }

    #[wasm_bindgen_test]
    fn times_follow_the_locale() {
        // 2026-12-01 14:05 in the browser's time zone.
        let at = Date::new_with_year_month_day_hr_min(2026, 11, 1, 14, 5).get_time() as i64;
        assert_eq!(Locale::for_tag("fr-FR".into()).time(at), "14:05");
        let us = Locale::for_tag("en-US".into()).time(at);
        assert!(us.starts_with("2:05") && us.ends_with("PM"), "{us}");
        assert!(Locale::for_tag("fr-FR".into()).day(at).starts_with("mardi 1"));
    }
}
