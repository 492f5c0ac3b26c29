//! The issuer's keys: registering the one this process signs with, rotating
//! it, and publishing them all.
use shared::api::attestations::{IssuerKeySet, PublishedKey};

use crate::attestation::keys::{ALGORITHM, IssuerKey, KeySource, public_key_pem, write_private};
use crate::db::Db;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::issuer_keys;

/// Registers the public half of `key` (idempotent across processes), and
/// attributes to it the attestations signed before keys had ids.
pub async fn register(db: &Db, key: &IssuerKey) -> anyhow::Result<()> {
    let tx = db.begin_write().await?;
    issuer_keys::register(&tx, &key.key_id(), ALGORITHM, &key.public_key()).await?;
    let claimed = issuer_keys::claim_unattributed(&tx, &key.key_id()).await?;
    tx.commit().await?;
    if claimed > 0 {
        tracing::info!(key_id = %key.key_id(), attestations = claimed, "attributed earlier attestations to the issuer key");
    }
    Ok(())
}

/// What `cursus keys rotate` did.
pub struct Rotation {
    pub key_id: String,
    /// Where the new private key was written; `None` when the key comes from
    /// `CURSUS_ISSUER_KEY` and the operator must install it themself.
    pub written_to: Option<std::path::PathBuf>,
    pub private_pem: String,
}

/// Makes a new signing key: its public half is registered at once (so every
/// process verifies what it signs), earlier keys are marked retired but keep
/// verifying. A key file is replaced, the old one kept beside it.
pub async fn rotate(db: &Db, source: &KeySource) -> anyhow::Result<Rotation> {
    let key = IssuerKey::generate();
    let private_pem = key.private_pem()?;
    let written_to = match source.file() {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            if path.exists() {
                let old = IssuerKey::load(&KeySource::File(path.clone()))?;
                let kept = path.with_extension(format!("{}.pem", old.key_id()));
                std::fs::rename(&path, &kept)?;
            }
            write_private(&path, private_pem.as_bytes())?;
            Some(path)
        }
        None => None,
    };
    let tx = db.begin_write().await?;
    issuer_keys::register(&tx, &key.key_id(), ALGORITHM, &key.public_key()).await?;
    issuer_keys::retire_all_but(&tx, &key.key_id()).await?;
    tx.commit().await?;
    Ok(Rotation { key_id: key.key_id(), written_to, private_pem })
}

/// Every public key, for `/.well-known/cursus-issuer.json`.
pub async fn published(state: &AppState) -> ApiResult<IssuerKeySet> {
    let keys = issuer_keys::all(state.db.conn()).await?;
    let current = state.issuer_key.key_id();
    Ok(IssuerKeySet {
        issuer: state.settings.issuer.name.clone(),
        algorithm: ALGORITHM.to_string(),
        key_id: current.clone(),
        public_key: state.issuer_key.public_key(),
        keys: keys
            .into_iter()
            .map(|k| PublishedKey {
                public_key_pem: public_key_pem(&k.public_key).unwrap_or_default(),
                current: k.key_id == current,
                key_id: k.key_id,
                algorithm: k.algorithm,
                public_key: k.public_key,
                created_at: k.created_at,
                retired_at: k.retired_at,
            })
            .collect(),
        signed_message: "the claim exactly as given by GET /api/v1/verify/{code} (`claim`), UTF-8".into(),
        signature_encoding: "base64url, no padding".into(),
        qr_code: "{base}/V/{seal}: the seal is base32 (RFC 4648, no padding) of a CBOR array [3, code, kind (0 module, 1 programme), holder (cut to 60 bytes, ending with …), module or programme code, hours, issued_on as YYYYMMDD, kid as 8 bytes] followed by the 64-byte Ed25519 signature of those CBOR bytes by the key `kid`. QR codes printed before version 3: {base}/verify/{code}#{base64url(claim)}.{signature}".into(),
    })
}
