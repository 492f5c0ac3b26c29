//! The issuer's Ed25519 signing key, and the registry of its public keys.
//!
//! The private key comes from configuration shared by every host
//! (`CURSUS_ISSUER_KEY`, the PEM itself, or `CURSUS_ISSUER_KEY_FILE`, a path);
//! a single host without either gets one created in its data directory on
//! first run. Each public key is stored in the database under its key id, every
//! attestation records the id of the key that signed it, and
//! `/.well-known/cursus-issuer.json` publishes them all: rotating the key
//! (`cursus keys rotate`) never breaks an earlier attestation.
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

pub const ALGORITHM: &str = "Ed25519";

/// Where the private key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The PEM text itself (`CURSUS_ISSUER_KEY`, e.g. from a secret manager).
    Pem(String),
    /// A PEM file every host can read (`CURSUS_ISSUER_KEY_FILE`); it must exist.
    File(PathBuf),
    /// `issuer-ed25519.pem` in this host's data directory, created on first run.
    DataDir(PathBuf),
}

impl KeySource {
    /// The file that holds the key, if it is one.
    pub fn file(&self) -> Option<PathBuf> {
        match self {
            KeySource::Pem(_) => None,
            KeySource::File(path) => Some(path.clone()),
            KeySource::DataDir(dir) => Some(dir.join("issuer-ed25519.pem")),
        }
    }
}

pub struct IssuerKey {
    signing: SigningKey,
}

impl IssuerKey {
    pub fn load(source: &KeySource) -> anyhow::Result<IssuerKey> {
        match source {
            KeySource::Pem(pem) => IssuerKey::from_pem(pem).context("CURSUS_ISSUER_KEY"),
            KeySource::File(path) => {
                let pem = std::fs::read_to_string(path).with_context(|| format!("cannot read the issuer key {}", path.display()))?;
                IssuerKey::from_pem(&pem).with_context(|| path.display().to_string())
            }
            KeySource::DataDir(dir) => {
                let path = dir.join("issuer-ed25519.pem");
                if path.exists() {
                    return IssuerKey::load(&KeySource::File(path));
                }
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
                let key = IssuerKey::generate();
                write_private(&path, key.private_pem()?.as_bytes())?;
                tracing::info!(path = %path.display(), key_id = %key.key_id(), "created the issuer's signing key");
                Ok(key)
            }
        }
    }

    pub fn generate() -> IssuerKey {
        IssuerKey { signing: SigningKey::generate(&mut rand::rngs::OsRng) }
    }

    pub fn from_pem(pem: &str) -> anyhow::Result<IssuerKey> {
        let signing = SigningKey::from_pkcs8_pem(pem.trim()).map_err(|e| anyhow::anyhow!("not an Ed25519 private key in PEM (PKCS#8): {e}"))?;
        Ok(IssuerKey { signing })
    }

    pub fn private_pem(&self) -> anyhow::Result<String> {
        Ok(self.signing.to_pkcs8_pem(LineEnding::LF).map_err(|e| anyhow::anyhow!("encoding the key: {e}"))?.to_string())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.sign(message).to_bytes())
    }

    /// The raw 64-byte signature, for binary formats.
    pub fn signing_bytes(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// For signing formats another library assembles (JOSE).
    pub fn signing_key(&self) -> &SigningKey {
        &self.signing
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public key, base64url (32 bytes).
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.verifying_key().to_bytes())
    }

    /// A short identifier of the key: the first bytes of its public key's hash.
    pub fn key_id(&self) -> String {
        key_id_of(&self.public_key()).unwrap_or_default()
    }
}

/// The key id of a base64url public key.
pub fn key_id_of(public_key: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(public_key).ok()?;
    Some(crate::secrets::sha256_hex(&bytes).get(..16)?.to_string())
}

/// The PEM (SubjectPublicKeyInfo) form of a base64url public key.
pub fn public_key_pem(public_key: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(public_key).ok()?;
    let key = VerifyingKey::from_bytes(&<[u8; 32]>::try_from(bytes.as_slice()).ok()?).ok()?;
    key.to_public_key_pem(LineEnding::LF).ok()
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

/// Writes a private key readable by its owner only; never overwrites one.
#[cfg(unix)]
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
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
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot create {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_and_signatures_verify() {
        let dir = tempfile::tempdir().expect("dir");
        let key = IssuerKey::load(&KeySource::DataDir(dir.path().to_path_buf())).expect("created");
        let again = IssuerKey::load(&KeySource::DataDir(dir.path().to_path_buf())).expect("loaded");
        assert_eq!(key.public_key(), again.public_key());
        let signature = key.sign(b"claim");
        assert!(verify(&key.public_key(), b"claim", &signature));
        assert!(!verify(&key.public_key(), b"claim!", &signature));
        assert!(!verify(&key.public_key(), b"claim", "garbage"));
        assert_eq!(key.key_id().len(), 16);
        assert!(public_key_pem(&key.public_key()).is_some_and(|pem| pem.starts_with("-----BEGIN PUBLIC KEY-----")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join("issuer-ed25519.pem")).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn every_host_given_the_same_secret_signs_with_the_same_key() {
        let pem = IssuerKey::generate().private_pem().expect("pem");
        let a = IssuerKey::load(&KeySource::Pem(pem.clone())).expect("a");
        let b = IssuerKey::load(&KeySource::Pem(pem)).expect("b");
        assert_eq!(a.key_id(), b.key_id());
        assert!(IssuerKey::load(&KeySource::Pem("not a key".into())).is_err());
        assert!(IssuerKey::load(&KeySource::File("/nonexistent/key.pem".into())).is_err(), "a configured file must exist");
    }
}
