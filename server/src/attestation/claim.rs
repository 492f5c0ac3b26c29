//! The claim an attestation makes, frozen at issuance and signed with the
//! issuer's Ed25519 key: who, what, how many hours, when, by whom. The signed
//! bytes are the claim's JSON with its fields in this fixed order. It travels in
//! the QR code too, so it is kept short (cohort and region are shown by the
//! verify page, not signed).
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
    /// The module or programme title, French.
    pub title: String,
    pub programme: String,
    pub hours: u32,
    pub issued_on: NaiveDate,
    pub issuer: String,
    /// The code this attestation replaces, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// The issuer key that signs it (version 2 on): an offline verifier picks
    /// it from the published key set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Who signs ("name, title"), when the programme's identity was set
    /// (see `service::issuers`); absent on attestations issued before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
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
            title: "Planification stratégique".into(),
            programme: "Cycle de formation Takwia".into(),
            hours: 18,
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
            issuer: "Programme Takwia".into(),
            supersedes: None,
            kid: None,
            signatory: None,
        };
        let text = String::from_utf8(claim.canonical()).expect("utf-8");
        assert!(text.starts_with("{\"v\":1,\"code\":\"K7QF-9ZC2-HM4T-XW8P\",\"kind\":\"module\""), "{text}");
        let back: Claim = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, claim);
        assert_eq!(back.canonical(), claim.canonical());
    }
}
