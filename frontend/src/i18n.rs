//! The interface language: kept in `localStorage`, reflected on `<html lang dir>`
//! (Arabic is right-to-left), and used by every label through `tr`.
use leptos::prelude::*;
use shared::Lang;
use shared::i18n::{Key, t};

const STORAGE_KEY: &str = "cursus.lang";

#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn initial() -> Lang {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()).and_then(|l| Lang::from_code(&l)))
        .unwrap_or_default()
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
