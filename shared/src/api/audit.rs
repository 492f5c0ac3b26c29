//! The audit log as administrators read it: who changed what, newest first.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api::PersonRef;
use crate::enums::{AuditAction, AuditSubject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `None` for what the system or an anonymous request did (a reset link asked for).
    pub actor: Option<PersonRef>,
    /// What was done: `cohort.update`, `attestation.revoke`…
    pub action: AuditAction,
    pub entity: AuditSubject,
    pub entity_id: String,
    #[cfg_attr(feature = "server", schema(value_type = Option<Object>))]
    pub detail: Option<serde_json::Value>,
}

/// Narrows the log to one kind of record (and one record), or one person's acts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct AuditFilter {
    #[serde(default)]
    pub entity: Option<AuditSubject>,
    #[serde(default)]
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "server", param(min_length = 1, max_length = 40))]
    pub entity_id: Option<String>,
    #[serde(default)]
    pub actor: Option<i64>,
}
