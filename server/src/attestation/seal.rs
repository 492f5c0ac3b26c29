//! What the printed QR code carries: a compact claim and its Ed25519 signature,
//! small enough to scan from a photocopy. The claim is a CBOR array (RFC 8949)
//! so any CBOR library reads it; claim and signature travel in base32
//! (RFC 4648, no padding), whose letters and digits the QR code stores in its
//! alphanumeric mode (5.5 bits a character instead of 8). The JSON claim of
//! 300 bytes and more that the first attestations carried made QR codes of
//! version 18 to 22 that no 150-dpi scan could read; this one is version 10
//! for a usual name.
//!
//! `{base}/V/{seal}`: a phone opens the verify page of the code the seal
//! names; a verifier without a connection checks the seal against the
//! published key set. The code is not repeated in the address, and the key
//! id travels as its 8 bytes: each character saved makes the modules larger.
use chrono::{Datelike as _, NaiveDate};
use data_encoding::BASE32_NOPAD;
use shared::enums::AttestationKind;

use crate::attestation::keys::IssuerKey;

pub const VERSION: u8 = 3;

/// The most bytes of the holder's name the seal carries. A usual name fits
/// whole; a name of ten parts would push the QR code to a version whose
/// modules a 150-dpi scan no longer separates, so it is cut at a character
/// boundary and ends with "…" (the verify page shows it whole).
pub const HOLDER_BYTES: usize = 60;

/// The holder's name as the seal carries it.
pub fn holder_of(name: &str) -> String {
    if name.len() <= HOLDER_BYTES {
        return name.to_string();
    }
    let room = HOLDER_BYTES - '…'.len_utf8();
    let end = name.char_indices().map(|(i, _)| i).take_while(|&i| i <= room).last().unwrap_or(0);
    format!("{}…", name[..end].trim_end())
}

/// The facts a verifier compares with the printed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub v: u8,
    /// The verification code without its dashes.
    pub code: String,
    pub kind: AttestationKind,
    pub holder: String,
    /// The module's code (`TK-01`) or the programme's (`TAKWIA`).
    pub what: String,
    pub hours: u32,
    pub issued_on: NaiveDate,
    /// The signing key's id in `/.well-known/cursus-issuer.json` (16
    /// hexadecimal digits; a byte string of 8 in the CBOR).
    pub kid: String,
}

/// The array as written: `[v, code, kind (0 module, 1 programme), holder,
/// what, hours, issued_on as the integer YYYYMMDD, kid as bytes]`.
type Wire = (u8, String, u8, String, String, u32, u32, serde_bytes::ByteBuf);

impl Seal {
    /// The exact bytes that are signed.
    pub fn cbor(&self) -> Vec<u8> {
        let kind = match self.kind {
            AttestationKind::Module => 0,
            AttestationKind::Programme => 1,
        };
        let d = self.issued_on;
        let date = u32::try_from(d.year()).unwrap_or(0) * 10_000 + d.month() * 100 + d.day();
        let kid = serde_bytes::ByteBuf::from(hex::decode(&self.kid).unwrap_or_default());
        let wire: Wire = (self.v, self.code.clone(), kind, self.holder.clone(), self.what.clone(), self.hours, date, kid);
        let mut bytes = Vec::with_capacity(96);
        // Writing into a Vec cannot fail.
        let _ = ciborium::into_writer(&wire, &mut bytes);
        bytes
    }

    fn from_cbor(bytes: &[u8]) -> Option<Seal> {
        let (v, code, kind, holder, what, hours, date, kid): Wire = ciborium::from_reader(bytes).ok()?;
        let kind = match kind {
            0 => AttestationKind::Module,
            1 => AttestationKind::Programme,
            _ => return None,
        };
        let issued_on = NaiveDate::from_ymd_opt(i32::try_from(date / 10_000).ok()?, (date / 100) % 100, date % 100)?;
        Some(Seal { v, code, kind, holder, what, hours, issued_on, kid: hex::encode(kid) })
    }

    /// The seal as printed: base32 of the CBOR bytes followed by their
    /// 64-byte signature.
    pub fn sign(&self, key: &IssuerKey) -> String {
        let mut bytes = self.cbor();
        bytes.extend_from_slice(&key.signing_bytes(&bytes));
        BASE32_NOPAD.encode(&bytes)
    }
}

/// A scanned seal taken apart: the claim, the signed bytes and the signature
/// (base64url, as the key registry checks it). `None` when it is not one.
pub fn open(text: &str) -> Option<(Seal, Vec<u8>, String)> {
    use base64::Engine as _;
    let bytes = BASE32_NOPAD.decode(text.trim().to_ascii_uppercase().as_bytes()).ok()?;
    let split = bytes.len().checked_sub(64)?;
    let (message, signature) = bytes.split_at(split);
    let seal = Seal::from_cbor(message)?;
    Some((seal, message.to_vec(), base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature)))
}

/// The QR code's text. The address is kept as configured (a path may be
/// case-sensitive); what follows it is upper case, for the alphanumeric mode.
pub fn qr_text(base: &str, seal: &str) -> (String, String) {
    (base.trim_end_matches('/').to_string(), format!("/V/{seal}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(holder: &str) -> Seal {
        Seal {
            v: VERSION,
            code: "K7QF9ZC2HM4TXW8P".into(),
            kind: AttestationKind::Module,
            holder: holder.into(),
            what: "TK-01".into(),
            hours: 18,
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
            kid: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn a_signed_seal_opens_to_the_same_facts_and_verifies() {
        let key = IssuerKey::generate();
        let original = seal("Aïcha Ould-Ahmed d'Almeida");
        let text = original.sign(&key);
        assert!(text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "{text}");
        let Some((back, message, signature)) = open(&text) else { panic!("the seal opens") };
        assert_eq!(back, original);
        assert!(crate::attestation::keys::verify(&key.public_key(), &message, &signature));
        // The CBOR starts with an array of eight items (0x88) and ends with
        // the key id as a byte string of 8 (0x48).
        assert_eq!(message.first(), Some(&0x88));
        assert_eq!(message.get(message.len() - 9), Some(&0x48));
    }

    #[test]
    fn a_changed_character_breaks_the_signature_or_the_seal() {
        let key = IssuerKey::generate();
        let text = seal("أمينة بن علي").sign(&key);
        let mut changed = text.into_bytes();
        changed[12] = if changed[12] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap_or_default();
        let verified = open(&changed).is_some_and(|(_, m, s)| crate::attestation::keys::verify(&key.public_key(), &m, &s));
        assert!(!verified);
        assert!(open("NOT A SEAL").is_none());
        assert!(open("").is_none());
    }

    #[test]
    fn a_long_name_is_cut_at_a_character_and_marked() {
        assert_eq!(holder_of("Yacine Benali"), "Yacine Benali");
        let arabic = "محمد الأمين ولد الشيخ أحمد ولد سيدي محمد ولد عبد الله";
        let cut = holder_of(arabic);
        assert!(cut.len() <= HOLDER_BYTES && cut.ends_with('…'), "{cut}");
        assert!(arabic.starts_with(cut.trim_end_matches('…')));
    }

    #[test]
    fn the_address_keeps_its_case_and_the_rest_is_alphanumeric() {
        let (address, rest) = qr_text("https://Example.org/Cursus/", "ABC234");
        assert_eq!(address, "https://Example.org/Cursus");
        assert_eq!(rest, "/V/ABC234");
    }
}
