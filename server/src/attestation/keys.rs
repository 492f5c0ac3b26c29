//! The issuer's Ed25519 key: created on first run in the data directory
//! (readable by its owner only), its public half published at
//! `/.well-known/cursus-issuer.json` so anyone can check a signature.
use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

pub struct IssuerKey {
    signing: SigningKey,
}

impl IssuerKey {
    /// Loads `dir/issuer-ed25519.pem`, creating it the first time.
    pub fn load_or_create(dir: &Path) -> anyhow::Result<IssuerKey> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("issuer-ed25519.pem");
        if path.exists() {
            let pem = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let signing = SigningKey::from_pkcs8_pem(&pem).map_err(|e| anyhow::anyhow!("{}: not an Ed25519 key: {e}", path.display()))?;
            return Ok(IssuerKey { signing });
        }
        let signing = SigningKey::generate(&mut rand::rngs::OsRng);
        let pem = signing.to_pkcs8_pem(LineEnding::LF).map_err(|e| anyhow::anyhow!("encoding the key: {e}"))?;
        write_private(&path, pem.as_bytes())?;
        tracing::info!(path = %path.display(), "created the issuer's signing key");
        Ok(IssuerKey { signing })
    }

    pub fn sign(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.sign(message).to_bytes())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public key, base64url (32 bytes).
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.verifying_key().to_bytes())
    }

    pub fn public_key_pem(&self) -> String {
        self.verifying_key().to_public_key_pem(LineEnding::LF).unwrap_or_default()
    }

    /// A short identifier of the key (the first bytes of its hash).
    pub fn key_id(&self) -> String {
        crate::secrets::sha256_hex(&self.verifying_key().to_bytes())[..16].to_string()
    }
}

/// Checks a base64url signature of `message` against a base64url public key.
pub fn verify(public_key: &str, message: &[u8], signature: &str) -> bool {
    let Ok(key_bytes) = URL_SAFE_NO_PAD.decode(public_key) else { return false };
    let Ok(key_array) = <[u8; 32]>::try_from(key_bytes.as_slice()) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key_array) else { return false };
    let Ok(sig_bytes) = URL_SAFE_NO_PAD.decode(signature) else { return false };
    let Ok(sig_array) = <[u8; 64]>::try_from(sig_bytes.as_slice()) else { return false };
    key.verify(message, &Signature::from_bytes(&sig_array)).is_ok()
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot create {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_and_signatures_verify() {
        let dir = tempfile::tempdir().expect("dir");
        let key = IssuerKey::load_or_create(dir.path()).expect("created");
        let again = IssuerKey::load_or_create(dir.path()).expect("loaded");
        assert_eq!(key.public_key(), again.public_key());
        let signature = key.sign(b"claim");
        assert!(verify(&key.public_key(), b"claim", &signature));
        assert!(!verify(&key.public_key(), b"claim!", &signature));
        assert!(!verify(&key.public_key(), b"claim", "garbage"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join("issuer-ed25519.pem")).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
