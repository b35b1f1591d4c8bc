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
    let key = JsValue::from_str(key);
    let _ = with_store(IdbTransactionMode::Readwrite, |store| store.put_with_key(file, &key)).await;
}

/// The file kept under `key`, if any.
pub async fn kept(key: &str) -> Option<Blob> {
    let key = JsValue::from_str(key);
    with_store(IdbTransactionMode::Readonly, |store| store.get(&key)).await?.dyn_into().ok()
}

/// Forgets the file kept under `key`.
pub async fn forget(key: &str) {
    let key = JsValue::from_str(key);
    let _ = with_store(IdbTransactionMode::Readwrite, |store| store.delete(&key)).await;
}

/// Makes one request of the store, in a transaction of its own, and answers its result.
/// The connection is closed after it, so that nothing holds the database open (clearing
/// the site's data, or a later version of it, would wait for this page otherwise).
async fn with_store(
    mode: IdbTransactionMode,
    ask: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Option<JsValue> {
    let database = open().await?;
    let request = database
        .transaction_with_str_and_mode(STORE, mode)
        .and_then(|transaction| transaction.object_store(STORE))
        .and_then(|store| ask(&store));
    // Closed once its transaction is over.
    database.close();
    done(&request.ok()?).await.ok()
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
