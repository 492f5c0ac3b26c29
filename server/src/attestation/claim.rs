//! The claim an attestation makes, frozen at issuance and signed with the
//! issuer's Ed25519 key. The signed bytes are the claim's JSON with its fields
//! in this fixed order, so anyone can rebuild and check them.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Format version.
    pub v: u8,
    pub code: String,
    /// `module` or `programme`.
    pub kind: String,
    pub holder: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder_ar: Option<String>,
    /// The module or programme title, French.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ar: Option<String>,
    pub programme: String,
    pub cohort: String,
    pub region: String,
    pub hours: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attended_hours: Option<u32>,
    pub issued_on: NaiveDate,
    pub issuer: String,
    /// The code this attestation replaces, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

impl Claim {
    /// The exact bytes that are signed.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_form_is_stable() {
        let claim = Claim {
            v: 1,
            code: "K7QF-9ZC2-HM4T-XW8P".into(),
            kind: "module".into(),
            holder: "Aïcha Ould Ahmed".into(),
            holder_ar: None,
            title: "Planification stratégique".into(),
            title_ar: Some("التخطيط الاستراتيجي".into()),
            programme: "Cycle de formation Takwia".into(),
            cohort: "Takwia — Moulay Yaacoub 2026".into(),
            region: "Fès-Meknès".into(),
            hours: 18,
            attended_hours: None,
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
            issuer: "Programme Takwia".into(),
            supersedes: None,
        };
        let text = String::from_utf8(claim.canonical()).expect("utf-8");
        assert!(text.starts_with("{\"v\":1,\"code\":\"K7QF-9ZC2-HM4T-XW8P\",\"kind\":\"module\""), "{text}");
        assert!(!text.contains("holder_ar"), "{text}");
        let back: Claim = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, claim);
        assert_eq!(back.canonical(), claim.canonical());
    }
}
