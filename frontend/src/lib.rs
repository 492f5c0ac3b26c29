//! The Cursus browser app, as four bundles sharing this library: the entry
//! screens (`entry`: sign in, choose a password, accept an invitation — the
//! first load of a phone), the learner's map and modules (`cursus`), the
//! learner's other screens (`account`: attestations, evaluations, profile,
//! workshops, catalogue) and the staff app (`staff`: trainers, partner
//! managers, administrators), each loaded only on its own screens. Both talk to the JSON API through one typed client (`api`) that
//! uses the `shared` crate's types and validation rules.
// Leptos components take their props by value, and `view!` clones what its
// closures capture: these two lints mistake both for waste.
#![allow(clippy::needless_pass_by_value, clippy::redundant_clone)]
pub mod api;
pub mod components;
pub mod endpoints;
pub mod i18n;
mod kept_files;
pub mod layout;
pub mod outbox;
pub mod pages;
pub mod session;
pub mod translations;

/// Starts a bundle: the words of the interface language first (a screen of
/// blank labels would be worse than the moment they take), then the app.
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    wasm_bindgen_futures::spawn_local(async move {
        if !i18n::load(i18n::initial()).await {
            // Offline in a language never opened on this device: any other
            // kept catalogue serves (`shared::i18n::t` falls back to it).
            for lang in shared::Lang::ALL {
                if i18n::load(lang).await {
                    break;
                }
            }
        }
        leptos::mount::mount_to_body(app);
        if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
    });
}

/// Which bundle a screen lives in. Moving between bundles is a full page load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// Signing in, choosing a password, accepting an invitation: the first load.
    Entry,
    /// The learner's map and modules (and the public pages): what a signed-in
    /// phone loads first, and what works offline.
    Public,
    /// The learner's other screens: attestations, evaluations, profile,
    /// workshops, the catalogue.
    Account,
    Staff,
}

pub fn bundle_of(path: &str) -> Bundle {
    if shared::is_staff_screen(path) {
        Bundle::Staff
    } else if shared::is_entry_screen(path) {
        Bundle::Entry
    } else if shared::is_account_screen(path) {
        Bundle::Account
    } else {
        Bundle::Public
    }
}
