//! The files attached and not uploaded yet, kept in the browser's IndexedDB (which stores a
//! `File` on disk, however large, without reading it into memory), so that an upload resumes
//! after a reload. `localStorage` only holds text, and the Cache API exists only on HTTPS.
//!
//! Storage may be missing (a private window, a full disk): every operation then does nothing
//! or finds nothing, and an upload whose file was not kept is reported lost after a reload.

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "parlons-files";
const STORE: &str = "files";

/// Keeps a file under `key`, replacing any kept there.
pub async fn keep(key: &str, file: &Blob) {
    if let Some(store) = store(IdbTransactionMode::Readwrite).await
        && let Ok(request) = store.put_with_key(file, &JsValue::from_str(key))
    {
        let _ = done(&request).await;
    }
}

/// The file kept under `key`, if any.
pub async fn kept(key: &str) -> Option<Blob> {
    let store = store(IdbTransactionMode::Readonly).await?;
    let request = store.get(&JsValue::from_str(key)).ok()?;
    done(&request).await.ok()?.dyn_into().ok()
}

/// Forgets the file kept under `key`.
pub async fn forget(key: &str) {
    if let Some(store) = store(IdbTransactionMode::Readwrite).await
        && let Ok(request) = store.delete(&JsValue::from_str(key))
    {
        let _ = done(&request).await;
    }
}

/// The object store, in a transaction of its own.
async fn store(mode: IdbTransactionMode) -> Option<IdbObjectStore> {
    let database = open().await?;
    database.transaction_with_str_and_mode(STORE, mode).ok()?.object_store(STORE).ok()
}

async fn open() -> Option<IdbDatabase> {
    let factory = web_sys::window()?.indexed_db().ok()??;
    let request = factory.open_with_u32(DATABASE, 1).ok()?;
    // The first time: the database is created, with its one store.
    let on_upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(database) = request.result().ok().and_then(|r| r.dyn_into().ok()) {
                let _ = IdbDatabase::create_object_store(&database, STORE);
            }
        })
    };
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let database = done(&request).await;
    request.set_onupgradeneeded(None);
    database.ok()?.dyn_into().ok()
}

/// The result of a request, once it succeeded.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) = settle.ok_or(JsValue::NULL)?;
    let on_success = Closure::<dyn FnMut()>::new(move || {
        let _ = resolve.call0(&JsValue::NULL);
    });
    let on_error = Closure::<dyn FnMut()>::new(move || {
        let _ = reject.call0(&JsValue::NULL);
    });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let settled = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    settled.and_then(|_| request.result())
}
