//! The Cursus browser app, as three bundles sharing this library: the entry
//! screens (`entry`: sign in, choose a password, accept an invitation — the
//! first load of a phone), the learner app (`cursus`) and the staff app
//! (`staff`: trainers, partner managers, administrators), each loaded only on
//! its own screens. Both talk to the JSON API through one typed client (`api`) that
//! uses the `shared` crate's types and validation rules.
// Leptos components take their props by value, and `view!` clones what its
// closures capture: these two lints mistake both for waste.
#![allow(clippy::needless_pass_by_value, clippy::redundant_clone)]
pub mod api;
pub mod components;
pub mod endpoints;
pub mod i18n;
pub mod layout;
pub mod outbox;
pub mod pages;
pub mod session;
pub mod translations;

/// Which bundle a screen lives in. Moving between bundles is a full page load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// Signing in, choosing a password, accepting an invitation: the first load.
    Entry,
    Public,
    Staff,
}

pub fn bundle_of(path: &str) -> Bundle {
    if shared::is_staff_screen(path) {
        Bundle::Staff
    } else if shared::is_entry_screen(path) {
        Bundle::Entry
    } else {
        Bundle::Public
    }
}
