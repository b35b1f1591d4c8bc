//! JSON in and out of the app: the browser parses and prints it (`JSON.parse`,
//! `JSON.stringify`) and `serde-wasm-bindgen` converts between its values and Rust's, so the
//! download carries no JSON reader or writer of its own (PRODUCT.md section 6: serde_json's
//! were about 10 KB of it).

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Why JSON could not be read or written: a short description (the browser's own message
/// for text that is not JSON, serde's for JSON of the wrong shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

/// Reads `text` as a `T`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    decode_with(text, T::deserialize)
}

/// Reads `text` with a deserializing function of one's own (e.g. an event by its name).
pub fn decode_with<T>(
    text: &str,
    read: impl FnOnce(serde_wasm_bindgen::Deserializer) -> Result<T, serde_wasm_bindgen::Error>,
) -> Result<T, JsonError> {
    let value = js_sys::JSON::parse(text).map_err(|error| JsonError(described(&error)))?;
    read(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(|error| JsonError(error.to_string()))
}

/// Writes `value` as JSON text, as serde_json would: objects for maps, `null` for `None`.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|error| JsonError(error.to_string()))?;
    let text = js_sys::JSON::stringify(&value).map_err(|error| JsonError(described(&error)))?;
    Ok(text.into())
}

fn described(error: &JsValue) -> String {
    js_sys::Error::from(error.clone()).message().into()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use parlons_api::{Document, Message};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{decode, encode};

    #[wasm_bindgen_test]
    fn values_go_out_and_back_as_serde_json_writes_them() {
        let message = crate::fixtures::message(7, 3, parlons_api::UserId(2), 1_700_000_000_000);
        let text = encode(&message).unwrap();
        assert!(text.contains(r#""parent_id":null"#), "{text}");
        assert!(text.contains(r#""created_at":1700000000000"#), "{text}");
        assert_eq!(decode::<Message>(&text), Ok(message));
        let map: BTreeMap<String, u32> = [("a".to_owned(), 1)].into();
        assert_eq!(encode(&map).unwrap(), r#"{"a":1}"#);
        assert_eq!(
            decode::<Document>(&encode(&Document::from_plain_text("é")).unwrap()).ok(),
            Some(Document::from_plain_text("é"))
        );
    }

    #[wasm_bindgen_test]
    fn what_is_not_json_or_not_the_shape_is_an_error() {
        assert!(decode::<Message>("{not json").is_err());
        assert!(decode::<Message>(r#"{"id":"seven"}"#).is_err());
    }
}
