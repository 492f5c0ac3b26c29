//! The interface language: kept in `localStorage`, reflected on `<html lang dir>`
//! (Arabic is right-to-left), and used by every label through `tr`.
use leptos::prelude::*;
use shared::Lang;
use shared::i18n::{Key, WordList, t};

const STORAGE_KEY: &str = "cursus.lang";

#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The language a page opens in: the one chosen on this device, else the
/// browser's, else French.
pub(crate) fn initial() -> Lang {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()).and_then(|l| Lang::from_code(&l)))
        .unwrap_or_default()
}

/// Downloads and installs the words of `lang` (one language's list, the one
/// this page names — the learner's or the staff's — written beside this
/// build's bundles and kept by the service worker), unless they are here
/// already. False when they cannot be had (offline and never opened in that
/// language): the page keeps the words it has.
pub async fn load(lang: Lang) -> bool {
    if shared::i18n::is_installed(lang) {
        return true;
    }
    let meta = |name: &str| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("meta[name={name}]")).ok().flatten())
            .and_then(|meta| meta.get_attribute("content"))
    };
    let Some(build) = meta("cursus-build") else { return false };
    let list = meta("cursus-words").and_then(|name| WordList::from_name(&name)).unwrap_or(WordList::Staff);
    let url = format!("/pkg/{build}/i18n/{}", list.file(lang));
    let Ok(response) = gloo_net::http::Request::get(&url).send().await else { return false };
    if !response.ok() {
        return false;
    }
    match response.text().await {
        Ok(json) => shared::i18n::install(lang, &json).is_ok(),
        Err(_) => false,
    }
}

/// Switches the interface to `lang` once its words are here.
pub fn switch_to(lang: Lang) {
    let locale = locale().0;
    wasm_bindgen_futures::spawn_local(async move {
        if load(lang).await {
            locale.set(lang);
        } else {
            // The list shows the language still in use.
            locale.update(|_| {});
        }
    });
}

pub fn provide_locale() -> Locale {
    let locale = Locale(RwSignal::new(initial()));
    Effect::new(move |_| {
        let lang = locale.0.get();
        crate::api::set_lang(lang);
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", lang.code());
            let _ = html.set_attribute("dir", lang.dir());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.code());
        }
    });
    provide_context(locale);
    locale
}

pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale(RwSignal::new(Lang::Fr)))
}

/// A reactive label: re-renders when the language changes.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = locale().0;
    move || t(lang.get(), key)
}

pub fn current() -> Lang {
    locale().0.get_untracked()
}

/// The interface language, tracked, and set for the next requests: a
/// resource that calls it is fetched again, in the new language, when the
/// learner switches (content comes translated from the server).
pub fn request_lang() -> Lang {
    let lang = locale().0.get();
    crate::api::set_lang(lang);
    lang
}

/// "il y a 2 jours", "قبل يومين", "2 days ago": how long ago `at` (ms since
/// 1970) was, worded by the browser's CLDR data (Arabic's six plural forms
/// included) rather than by hand.
pub fn ago(lang: Lang, at: f64) -> String {
    let seconds = (js_sys::Date::now() - at).max(0.0) / 1000.0;
    let (value, unit) = if seconds < 60.0 {
        (0.0, "second")
    } else if seconds < 3600.0 {
        ((seconds / 60.0).floor(), "minute")
    } else if seconds < 86_400.0 {
        ((seconds / 3600.0).floor(), "hour")
    } else {
        ((seconds / 86_400.0).floor(), "day")
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &wasm_bindgen::JsValue::from("numeric"), &wasm_bindgen::JsValue::from("auto"));
    let format = js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::of1(&wasm_bindgen::JsValue::from(lang.code())), &options);
    String::from(format.format(-value, unit))
}

/// A name or title typed by someone, set apart from the sentence around it
/// (Unicode first-strong isolate): a French title inside an Arabic sentence
/// keeps its own direction and its punctuation stays where it belongs.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}
