//! Open Badges 3.0: an attestation as an `OpenBadgeCredential` (W3C
//! Verifiable Credentials 2.0 data model) secured as a VC-JWT (EdDSA with the
//! issuer's key), its revocation published as a Bitstring Status List, and
//! the credential baked into a PNG badge.
//!
//! The credential is made when asked for, from the attestation's record: it
//! states the same facts as the printed claim, and its status is read from
//! the list at the time of checking, so a revocation (or its undoing) needs
//! nothing rewritten.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::pkcs8::EncodePrivateKey as _;
use jsonwebtoken::jwk::{AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, OctetKeyPairParameters, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use shared::enums::AttestationKind;

use crate::attestation::keys::IssuerKey;

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// Defines `1EdTechJsonSchemaValidator2019`, the type of `credentialSchema`.
pub const OB_EXTENSIONS_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
pub const OB_SCHEMA: &str = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
/// The media type of a credential secured with JOSE (VC-JOSE-COSE).
pub const VC_JWT: &str = "application/vc+jwt";

/// Bits in one status list: the spec's minimum (16 KB), so that a list does
/// not tell which of its few thousand credentials are in use.
pub const STATUS_LIST_BITS: i64 = 131_072;
const STATUS_LIST_BYTES: usize = 16_384;
const _: () = assert!(matches!(STATUS_LIST_BYTES.checked_mul(8), Some(131_072)));

/// The plain badge image, baked with each credential.
pub const BADGE_PNG: &[u8] = include_bytes!("badge.png");

/// Where a credential's status sits: list `list`, bit `index` (the
/// attestation's id spread over lists of `STATUS_LIST_BITS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusSlot {
    pub list: i64,
    pub index: i64,
}

impl StatusSlot {
    pub fn of(attestation_id: i64) -> StatusSlot {
        StatusSlot { list: attestation_id.div_euclid(STATUS_LIST_BITS), index: attestation_id.rem_euclid(STATUS_LIST_BITS) }
    }

    /// The ids a list covers.
    pub fn ids_of(list: i64) -> std::ops::Range<i64> {
        list * STATUS_LIST_BITS..(list + 1) * STATUS_LIST_BITS
    }
}

/// The issuing body as a verifier meets it: one profile per programme, since
/// each programme names its own issuer (signed by the installation's key).
pub struct Issuer<'a> {
    pub base_url: &'a str,
    pub programme_id: i64,
    pub name: &'a str,
}

impl Issuer<'_> {
    pub fn id(&self) -> String {
        format!("{}/api/v1/badges/issuers/{}", self.base_url, self.programme_id)
    }

    pub fn status_list_url(&self, list: i64) -> String {
        format!("{}/status/{list}", self.id())
    }

    /// The OB 3.0 `Profile`, embedded in each credential and served at its id.
    pub fn profile(&self) -> Value {
        json!({
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": self.id(),
            "type": ["Profile"],
            "name": self.name,
            "url": self.base_url,
        })
    }

    fn embedded(&self) -> Value {
        json!({ "id": self.id(), "type": ["Profile"], "name": self.name, "url": self.base_url })
    }
}

/// What a credential states, read from the attestation's record.
pub struct Facts<'a> {
    pub attestation_id: i64,
    pub code: &'a str,
    pub kind: AttestationKind,
    pub holder: &'a str,
    /// The holder's e-mail, published only as a salted hash.
    pub email: Option<&'a str>,
    pub title: &'a str,
    /// The module's or programme's code (`humanCode`).
    pub human_code: &'a str,
    pub summary: &'a str,
    pub hours: i32,
    pub programme_title: &'a str,
    pub issued_at: DateTime<Utc>,
    /// The sentence saying what was required ("criteria").
    pub criteria: String,
}

/// The credential's id: the page where anyone checks the code.
pub fn credential_id(base_url: &str, code: &str) -> String {
    format!("{base_url}/verify/{code}")
}

/// The unsigned `OpenBadgeCredential`, with the registered JWT claims OB 3.0
/// requires beside it (`iss`, `jti`, `nbf`; no `sub`: learners have no
/// identifier of their own, they are named by `identifier`).
pub fn credential(issuer: &Issuer, facts: &Facts) -> Value {
    let base = issuer.base_url;
    let id = credential_id(base, facts.code);
    let slot = StatusSlot::of(facts.attestation_id);
    let list = issuer.status_list_url(slot.list);
    let (achievement_type, path) = match facts.kind {
        AttestationKind::Module => ("Course", "modules"),
        AttestationKind::Programme => ("Certificate", "programmes"),
    };
    let mut identifier = vec![json!({ "type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": facts.holder })];
    if let Some(email) = facts.email {
        // The salt is the code: public like the credential, different for each.
        identifier.push(json!({
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": true,
            "identityHash": format!("sha256${}", crate::secrets::sha256_hex(format!("{}{}", email.trim().to_lowercase(), facts.code).as_bytes())),
            "salt": facts.code,
        }));
    }
    let issued = facts.issued_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.title,
        "description": format!("{} — {}", facts.programme_title, facts.title),
        "issuer": issuer.embedded(),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifier,
            "achievement": {
                "id": format!("{}/{path}/{}", issuer.id(), facts.human_code),
                "type": ["Achievement"],
                "achievementType": achievement_type,
                "name": facts.title,
                "description": if facts.summary.trim().is_empty() { facts.title } else { facts.summary },
                "criteria": { "narrative": facts.criteria },
                "humanCode": facts.human_code,
                "inLanguage": "fr",
                "image": { "id": image_url(base), "type": "Image" },
                "creator": issuer.embedded(),
            },
        },
        "credentialStatus": {
            "id": format!("{list}#{}", slot.index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": slot.index.to_string(),
            "statusListCredential": list,
        },
        "credentialSchema": [{ "id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019" }],
        "iss": issuer.id(),
        "jti": id,
        "nbf": facts.issued_at.timestamp(),
    })
}

pub fn image_url(base_url: &str) -> String {
    format!("{base_url}/api/v1/badges/image.png")
}

/// The status list credential for `list`: a bit set for every attestation of
/// the issuer in that range which no longer stands (revoked or superseded).
/// Valid for a day from `now`, so that a stale copy is not believed forever.
pub fn status_list(issuer: &Issuer, list: i64, not_standing: &[i64], now: DateTime<Utc>) -> Value {
    let url = issuer.status_list_url(list);
    let from = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let until = (now + chrono::TimeDelta::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id(),
        "validFrom": from,
        "validUntil": until,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(not_standing.iter().map(|id| StatusSlot::of(*id).index)),
        },
        "iss": issuer.id(),
        "jti": url,
        "nbf": now.timestamp(),
        "exp": (now + chrono::TimeDelta::days(1)).timestamp(),
    })
}

/// Multibase base64url (`u`) of the GZIP of the bitstring, bit 0 being the
/// left-most bit of the first byte (Bitstring Status List v1.0, §4.1).
pub fn encoded_list(set: impl IntoIterator<Item = i64>) -> String {
    use std::io::Write as _;
    let mut bits = vec![0u8; STATUS_LIST_BYTES];
    for index in set {
        if let Some(byte) = usize::try_from(index / 8).ok().and_then(|i| bits.get_mut(i)) {
            *byte |= 0x80 >> (index % 8);
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(&bits);
    format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap_or_default()))
}

/// The public key as a JWK (`OKP`, Ed25519), under the registry's key id.
pub fn jwk(key_id: &str, public_key: &str) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::EdDSA),
            key_id: Some(key_id.to_string()),
            ..CommonParameters::default()
        },
        algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
            key_type: Default::default(),
            curve: EllipticCurve::Ed25519,
            x: public_key.to_string(),
        }),
    }
}

/// Every key of the registry, for `/.well-known/jwks.json`.
pub fn jwk_set(keys: impl IntoIterator<Item = (String, String)>) -> JwkSet {
    JwkSet { keys: keys.into_iter().map(|(id, public)| jwk(&id, &public)).collect() }
}

/// A compact JWS (EdDSA) of `payload`, naming the key by its registry id and
/// carrying it as `jwk` so a wallet can check it before fetching the set.
pub fn sign(key: &IssuerKey, payload: &Value) -> anyhow::Result<String> {
    let der = key.signing_key().to_pkcs8_der().map_err(|e| anyhow::anyhow!("encoding the key: {e}"))?;
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some("JWT".into());
    header.kid = Some(key.key_id());
    header.jwk = Some(jwk(&key.key_id(), &key.public_key()));
    Ok(jsonwebtoken::encode(&header, payload, &EncodingKey::from_ed_der(der.as_bytes()))?)
}

/// The credential as a JSON document: VC 2.0's enveloped form of a VC-JWT.
pub fn enveloped(jwt: &str) -> Value {
    json!({
        "@context": VC_CONTEXT,
        "id": format!("data:{VC_JWT},{jwt}"),
        "type": "EnvelopedVerifiableCredential",
    })
}

/// `png` with the credential in an `iTXt` chunk named `openbadgecredential`
/// (Open Badges 3.0 baking), placed right after `IHDR` so that a reader
/// stopping at the image data still finds it; `None` if `png` is not a PNG.
pub fn bake(png: &[u8], jwt: &str) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    // The signature, then IHDR: length, type, 13 bytes of data, CRC.
    const AFTER_IHDR: usize = 8 + 4 + 4 + 13 + 4;
    if !png.starts_with(SIGNATURE) || png.get(12..16) != Some(b"IHDR".as_slice()) || png.len() < AFTER_IHDR {
        return None;
    }
    // keyword, NUL, compression flag 0, method 0, empty language, NUL, empty translation, NUL, text
    let mut data = b"openbadgecredential\0\0\0\0\0".to_vec();
    data.extend_from_slice(jwt.as_bytes());
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(b"iTXt");
    hasher.update(&data);
    let mut baked = Vec::with_capacity(png.len() + data.len() + 12);
    baked.extend_from_slice(&png[..AFTER_IHDR]);
    baked.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
    baked.extend_from_slice(b"iTXt");
    baked.extend_from_slice(&data);
    baked.extend_from_slice(&hasher.finalize().to_be_bytes());
    baked.extend_from_slice(&png[AFTER_IHDR..]);
    Some(baked)
}

/// LinkedIn's "Add licence or certification" form, filled in.
pub fn linkedin_url(title: &str, issuer: &str, issued_at: DateTime<Utc>, verify_url: &str, code: &str) -> String {
    use chrono::Datelike as _;
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("startTask", "CERTIFICATION_NAME")
        .append_pair("name", title)
        .append_pair("organizationName", issuer)
        .append_pair("issueYear", &issued_at.year().to_string())
        .append_pair("issueMonth", &issued_at.month().to_string())
        .append_pair("certUrl", verify_url)
        .append_pair("certId", code)
        .finish();
    format!("https://www.linkedin.com/profile/add?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn facts() -> Facts<'static> {
        Facts {
            attestation_id: 131_075,
            code: "ABCD-EFGH-JKLM-NPQR",
            kind: AttestationKind::Module,
            holder: "Fatima Zahra El Idrissi",
            email: Some("Fatima@Example.org"),
            title: "Gouvernance associative",
            human_code: "TK-01",
            summary: "",
            hours: 16,
            programme_title: "Takwia",
            issued_at: DateTime::parse_from_rfc3339("2026-11-02T09:30:00Z").expect("date").with_timezone(&Utc),
            criteria: "Module suivi".into(),
        }
    }

    #[test]
    fn a_credential_names_its_status_slot_and_hides_the_email() {
        let issuer = Issuer { base_url: "https://cursus.example", programme_id: 3, name: "Programme Takwia" };
        let c = credential(&issuer, &facts());
        assert_eq!(c["iss"], "https://cursus.example/api/v1/badges/issuers/3");
        assert_eq!(c["credentialStatus"]["statusListCredential"], "https://cursus.example/api/v1/badges/issuers/3/status/1");
        assert_eq!(c["credentialStatus"]["statusListIndex"], "3");
        assert_eq!(c["nbf"], 1_793_611_800);
        assert_eq!(c["validFrom"], "2026-11-02T09:30:00Z");
        assert!(!c.to_string().to_lowercase().contains("fatima@example.org"));
        let expected = crate::secrets::sha256_hex(b"fatima@example.orgABCD-EFGH-JKLM-NPQR");
        assert_eq!(c["credentialSubject"]["identifier"][1]["identityHash"], format!("sha256${expected}"));
        assert_eq!(c["credentialSubject"]["achievement"]["id"], "https://cursus.example/api/v1/badges/issuers/3/modules/TK-01");
    }

    #[test]
    fn the_encoded_list_sets_the_left_most_bit_first() {
        let encoded = encoded_list([0, 9, STATUS_LIST_BITS - 1, STATUS_LIST_BITS]);
        let gz = URL_SAFE_NO_PAD.decode(encoded.strip_prefix('u').expect("multibase u")).expect("base64url");
        let mut bits = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut bits).expect("gzip");
        assert_eq!(bits.len(), 16_384);
        assert_eq!((bits[0], bits[1], bits[16_383]), (0x80, 0x40, 0x01));
        assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 3, "an index outside the list is ignored");
    }

    #[test]
    fn baking_adds_one_text_chunk_a_png_reader_finds() {
        let baked = bake(BADGE_PNG, "header.payload.signature").expect("a PNG");
        let decoder = png::Decoder::new(std::io::Cursor::new(baked));
        let reader = decoder.read_info().expect("still a PNG");
        let text = &reader.info().utf8_text;
        assert_eq!(text.len(), 1);
        assert_eq!((text[0].keyword.as_str(), text[0].get_text().expect("text").as_str()), ("openbadgecredential", "header.payload.signature"));
        assert!(bake(b"GIF89a", "x").is_none());
    }

    #[test]
    fn the_signed_credential_verifies_with_the_issuer_key() {
        let key = IssuerKey::generate();
        let jwt = sign(&key, &json!({ "iss": "x", "name": "Gouvernance" })).expect("signed");
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).expect("b64")).expect("json");
        assert_eq!((header["alg"].as_str(), header["kid"].as_str()), (Some("EdDSA"), Some(key.key_id().as_str())));
        assert_eq!(header["jwk"]["x"], key.public_key());
        assert!(crate::attestation::keys::verify(&key.public_key(), format!("{}.{}", parts[0], parts[1]).as_bytes(), parts[2]));
    }

    #[test]
    fn linkedin_receives_the_title_and_the_code() {
        let url = linkedin_url("Gouvernance & éthique", "Programme Takwia", facts().issued_at, "https://c.example/verify/ABCD", "ABCD");
        assert!(url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Gouvernance+%26+%C3%A9thique"), "{url}");
        assert!(url.contains("issueYear=2026&issueMonth=11") && url.contains("certId=ABCD"), "{url}");
    }
}
