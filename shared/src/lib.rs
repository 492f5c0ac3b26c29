//! The Cursus crate shared by the server and the browser app: request and
//! response types, validation rules, closed vocabularies and translations.
//! Server-only derives (OpenAPI schemas) sit behind the `server` feature so the
//! WebAssembly bundle stays small.
pub mod api;
pub mod enums;
pub mod i18n;
pub mod lang;
pub mod num;
pub mod plural;
pub mod prerequisites;
pub mod problem;
pub mod validation;
pub mod video;

pub use lang::Lang;
pub use problem::{ErrorCode, FieldError, Problem, RowError};

/// The screens of the browser app's staff bundle: the server answers these
/// paths with `staff.html`, so learners on phones never download them.
pub const STAFF_PREFIXES: [&str; 10] =
    ["/cohorts", "/grading", "/submissions", "/sessions", "/people", "/import", "/programmes", "/authoring", "/dashboard", "/audit"];

/// The screens of someone not signed in yet, in a bundle of their own: the
/// first load of a phone on mobile data carries only these.
pub const ENTRY_SCREENS: [&str; 3] = ["/login", "/set-password", "/join"];

/// The learner's screens outside the map and the modules (attestations,
/// evaluations, profile, workshops, the catalogue), in a bundle of their own:
/// what a signed-in phone loads first is the map and the modules only.
pub const ACCOUNT_PREFIXES: [&str; 6] = ["/attestations", "/evaluations", "/profile", "/my-sessions", "/check-in", "/catalogue"];

/// Whether a path (query and fragment ignored) is one of the learner's
/// account screens.
pub fn is_account_screen(path: &str) -> bool {
    under(path, &ACCOUNT_PREFIXES)
}

fn under(path: &str, prefixes: &[&str]) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    prefixes.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

/// Whether a path (query and fragment ignored) is an entry screen.
pub fn is_entry_screen(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    ENTRY_SCREENS.contains(&path)
}

/// Whether a path (query and fragment ignored) is a staff screen.
pub fn is_staff_screen(path: &str) -> bool {
    under(path, &STAFF_PREFIXES)
}

#[cfg(test)]
mod tests {
    use super::is_staff_screen;

    #[test]
    fn staff_screens_are_told_apart_from_the_learners() {
        assert!(is_staff_screen("/cohorts"));
        assert!(is_staff_screen("/cohorts/3?tab=x"));
        assert!(is_staff_screen("/audit#top"));
        assert!(is_staff_screen("/authoring/modules/4"));
        assert!(super::is_entry_screen("/login"));
        assert!(super::is_entry_screen("/set-password?token=x"));
        assert!(!super::is_entry_screen("/learn"));
        assert!(!is_staff_screen("/cohortsx"));
        assert!(!is_staff_screen("/learn"));
        assert!(!is_staff_screen("/verify/ABCD"));
        assert!(!is_staff_screen("/"));
        assert!(super::is_account_screen("/attestations"));
        assert!(super::is_account_screen("/check-in/4/ABC"));
        assert!(super::is_account_screen("/evaluations/2?from=module"));
        assert!(!super::is_account_screen("/learn"));
        assert!(!super::is_account_screen("/modules/3"));
        assert!(!super::is_account_screen("/attestationsx"));
    }
}
