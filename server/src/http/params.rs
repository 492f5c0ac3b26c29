//! Query parameters several routes share.

#[derive(Debug, Clone, Copy, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
pub struct CohortParam {
    /// The cohort; the learner's first one when absent.
    pub cohort: Option<i64>,
}

#[derive(Debug, Clone, Copy, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
pub struct ModuleParam {
    /// One module only.
    pub module: Option<i64>,
}
