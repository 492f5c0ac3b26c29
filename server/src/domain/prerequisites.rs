//! The prerequisite graph lives in `shared`: the browser names a cycle while
//! an author edits, by the same rule the server applies when saving.
pub use shared::prerequisites::*;
