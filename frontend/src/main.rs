//! The Cursus browser app. Client-side rendered Leptos, talking to the JSON API
//! through one typed client (`api`) that uses the `shared` crate's types and
//! validation rules.
mod api;
mod app;
mod i18n;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
