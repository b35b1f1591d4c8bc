//! How things are written on screen: names, initials, times.

use js_sys::JsString;
use parlons_api::{ConversationSummary, Timestamp, UserId};

use crate::i18n::{I18n, Key, Lang};

/// What a conversation is called in the sidebar and its header: its subject, or else the
/// names of the other people in it.
pub fn conversation_title(conversation: &ConversationSummary, me: UserId, lang: Lang) -> String {
    if let Some(subject) = conversation.subject.as_deref().filter(|s| !s.trim().is_empty()) {
        return subject.to_owned();
    }
    if let Some(item) = &conversation.item {
        return format!("{} {} · {}", tool_name(&item.tool), item.number, item.title);
    }
    let others: Vec<&str> =
        conversation.participants.iter().filter(|p| p.id != me).map(|p| p.name.as_str()).collect();
    if others.is_empty() { Key::OnlyYou.text(lang).to_owned() } else { others.join(", ") }
}

/// Lower case without accents, for matching what people type ("ecole" finds "École",
/// "nunez" finds "Núñez").
///
/// The browser's Unicode does the work (its lower case, then the canonical decomposition,
/// whose combining accents are dropped): every accent of every script is folded, and the
/// app carries no case tables of its own (they were 7 KB of its download).
pub fn folded(text: &str) -> String {
    let decomposed: String = JsString::from(text).to_lower_case().normalize("NFD").into();
    decomposed.chars().filter(|c| !COMBINING_ACCENTS.contains(c)).collect()
}

/// Unicode's "Combining Diacritical Marks" block: the accents a decomposition separates.
const COMBINING_ACCENTS: std::ops::RangeInclusive<char> = '\u{300}'..='\u{36f}';

/// Upper case, by the browser's Unicode (see [`folded`]).
fn upper(text: &str) -> String {
    JsString::from(text).to_upper_case().into()
}

/// How a tool of the host product is named ("rfi" → "RFI").
pub fn tool_name(tool: &str) -> String {
    match tool {
        "rfi" => "RFI".to_owned(),
        "submittal" => "Submittal".to_owned(),
        other => {
            let first = other.chars().next().map_or(0, char::len_utf8);
            upper(&other[..first]) + &other[first..]
        }
    }
}

/// Up to two initials of a name, for avatars ("Chloé Bernard" → "CB").
pub fn initials(name: &str) -> String {
    let firsts: String =
        name.split_whitespace().filter_map(|word| word.chars().next()).take(2).collect();
    upper(&firsts)
}

/// A stable colour index (0..8) for a person, so their avatar keeps its colour.
pub fn avatar_hue(user: UserId) -> u8 {
    (user.0.rem_euclid(8)) as u8
}

/// A message's time in the user's locale: the time alone today, else the day too (tracked).
pub fn message_time(at: Timestamp, now: Timestamp, i18n: &I18n) -> String {
    i18n.with_locale(|locale| match same_day(at, now) {
        true => locale.time(at.0),
        false => locale.date_time(at.0),
    })
}

/// Whether two instants fall on the same day where the browser is.
pub fn same_day(a: Timestamp, b: Timestamp) -> bool {
    let (a, b) = (js_sys::Date::new(&(a.0 as f64).into()), js_sys::Date::new(&(b.0 as f64).into()));
    a.get_full_year() == b.get_full_year()
        && a.get_month() == b.get_month()
        && a.get_date() == b.get_date()
}

/// A day separator's label: "Today", "Yesterday", else the weekday and date (tracked).
pub fn day_label(day: Timestamp, now: Timestamp, i18n: &I18n) -> String {
    if same_day(day, now) {
        return i18n.t(Key::Today).to_owned();
    }
    if same_day(day, Timestamp(now.0 - 24 * 3600 * 1000)) {
        return i18n.t(Key::Yesterday).to_owned();
    }
    i18n.with_locale(|locale| locale.day(day.0))
}

/// A file's size as people read it: bytes, then KB and MB by 1,024, one decimal under ten,
/// in the language's units and decimal sign ("3.4 MB", "3,4 Mo").
pub fn file_size(bytes: u64, lang: Lang) -> String {
    let (units, decimal) = match lang {
        Lang::En => (["B", "KB", "MB"], '.'),
        Lang::Fr => (["o", "Ko", "Mo"], ','),
    };
    let mut unit = 0;
    let mut scale = 1;
    while bytes >= scale * 1024 && unit < units.len() - 1 {
        scale *= 1024;
        unit += 1;
    }
    // In tenths, rounded, with integers only (formatting floats would add their code to
    // the download).
    let tenths = (bytes * 10 + scale / 2) / scale;
    let number = if unit > 0 && tenths < 100 {
        format!("{}{decimal}{}", tenths / 10, tenths % 10)
    } else {
        ((bytes + scale / 2) / scale).to_string()
    };
    format!("{number} {}", units[unit])
}

/// A file's kind on its card: its extension in capitals (up to four letters), else what its
/// media type says.
pub fn file_kind(name: &str, content_type: &str) -> String {
    let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or_default();
    if (1..=4).contains(&extension.len()) && extension.chars().all(|c| c.is_ascii_alphanumeric()) {
        return extension.to_ascii_uppercase();
    }
    match content_type.split('/').next() {
        Some("image") => "IMG",
        Some("text") => "TXT",
        _ => "FILE",
    }
    .to_owned()
}

/// The current time by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

#[cfg(test)]
mod tests {
    use parlons_api::ConversationKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn sizes_are_written_in_each_language() {
        assert_eq!(file_size(512, Lang::En), "512 B");
        assert_eq!(file_size(512, Lang::Fr), "512 o");
        assert_eq!(file_size(12 * 1024 + 300, Lang::En), "12 KB");
        assert_eq!(file_size(3_565_158, Lang::En), "3.4 MB");
        assert_eq!(file_size(3_565_158, Lang::Fr), "3,4 Mo");
        assert_eq!(file_size(104_857_600, Lang::Fr), "100 Mo");
    }

    #[wasm_bindgen_test]
    fn a_file_is_known_by_its_extension_or_its_type() {
        assert_eq!(file_kind("CCTP lot 3.pdf", "application/pdf"), "PDF");
        assert_eq!(file_kind("planning.xlsx", "application/zip"), "XLSX");
        assert_eq!(file_kind("photo", "image/png"), "IMG");
        assert_eq!(file_kind("notes.backup-old", "text/plain"), "TXT");
        assert_eq!(file_kind("data", "application/octet-stream"), "FILE");
    }

    #[wasm_bindgen_test]
    fn a_direct_message_is_named_after_the_others() {
        let people = [(1, "Bruno Martin"), (2, "Chloé Bernard"), (3, "Emma Petit")];
        let conversation = crate::fixtures::conversation(1, ConversationKind::Direct, &people);
        assert_eq!(
            conversation_title(&conversation, UserId(2), Lang::En),
            "Bruno Martin, Emma Petit"
        );
        let subject = ConversationSummary { subject: Some("Planning".to_owned()), ..conversation };
        assert_eq!(conversation_title(&subject, UserId(2), Lang::En), "Planning");
    }

    #[wasm_bindgen_test]
    fn initials_take_two_words() {
        assert_eq!(initials("chloé bernard"), "CB");
        assert_eq!(initials("Jean Paul Sartre"), "JP");
        assert_eq!(initials("Émile"), "É");
        assert_eq!(initials("élodie"), "É");
    }

    #[wasm_bindgen_test]
    fn folding_drops_case_and_every_accent() {
        assert_eq!(folded("École"), "ecole");
        assert_eq!(folded("Núñez ÇA Ÿ"), "nunez ca y");
        assert_eq!(folded("Ångström Øst"), "angstrom øst");
        assert_eq!(folded("İ"), "i");
        assert_eq!(folded("Δ"), "δ");
    }

    #[wasm_bindgen_test]
    fn a_tool_is_named_with_a_capital() {
        assert_eq!(tool_name("rfi"), "RFI");
        assert_eq!(tool_name("punch_list"), "Punch_list");
        assert_eq!(tool_name("étude"), "Étude");
        assert_eq!(tool_name(""), "");
    }
}
