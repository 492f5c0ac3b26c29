//! The files of assignments sent without a connection, kept on the device in
//! IndexedDB (local storage holds only text, and too little of it) under the
//! submission's key, until the outbox has delivered them.
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "cursus";
const FILES: &str = "files";

/// The result of `request` once it has succeeded.
async fn answered(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window().ok_or(JsValue::NULL)?.indexed_db()?.ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DATABASE, 1)?;
    // Handlers are the promise's own functions: no Rust closure outlives the call.
    let opened = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onupgradeneeded(Some(&resolve));
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let event: web_sys::Event = JsFuture::from(opened).await?.unchecked_into();
    if event.type_() == "upgradeneeded" {
        // The first time on this device: the store is made (the upgrade is
        // still running: a promise's continuation runs before it ends), then
        // the database opens.
        request.result()?.unchecked_into::<IdbDatabase>().create_object_store(FILES)?;
        return Ok(answered(&request).await?.unchecked_into());
    }
    Ok(request.result()?.unchecked_into())
}

/// Runs `change` in a write transaction and waits until it is on disk.
async fn write(change: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>) -> Result<(), JsValue> {
    let database = open().await?;
    let transaction = database.transaction_with_str_and_mode(FILES, IdbTransactionMode::Readwrite)?;
    let written = js_sys::Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    change(&transaction.object_store(FILES)?)?;
    JsFuture::from(written).await?;
    database.close();
    Ok(())
}

/// Keeps `file` under `key`; an error when the device cannot (private
/// browsing, no space left).
pub async fn keep(key: &str, file: &web_sys::Blob) -> Result<(), JsValue> {
    write(|files| files.put_with_key(file, &JsValue::from_str(key))).await
}

/// The file kept under `key`, `None` when it is not here any more; an error
/// when IndexedDB cannot be read just now (the file may well be there).
pub async fn kept(key: &str) -> Result<Option<web_sys::Blob>, JsValue> {
    let database = open().await?;
    let request = database.transaction_with_str(FILES)?.object_store(FILES)?.get(&JsValue::from_str(key))?;
    let found = answered(&request).await;
    database.close();
    Ok(found?.dyn_into::<web_sys::Blob>().ok())
}

/// Forgets the file kept under `key` (delivered or refused).
pub async fn forget(key: &str) {
    let _ = write(|files| files.delete(&JsValue::from_str(key))).await;
}
