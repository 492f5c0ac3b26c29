//! Files (attestation PDFs, assignment submissions, module documents) go
//! through one interface, addressed by key (`attestations/AB12-….pdf`,
//! `uploads/3f9c…`): a directory by default (the data directory), or an
//! S3-compatible object store shared by every server process in production
//! (`CURSUS_STORAGE_URL=s3://bucket/prefix`). The database stores keys, never
//! paths on one machine's disk.
use std::sync::Arc;

use anyhow::Context as _;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};

/// Where files live, from the settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorageSettings {
    /// `s3://bucket[/prefix]`; unset: the data directory.
    pub url: Option<String>,
    /// An S3-compatible endpoint other than AWS (`http://127.0.0.1:9000`).
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// What the logs and `cursus --help` call it.
    pub description: String,
}

impl Storage {
    pub fn open(settings: &StorageSettings, data_dir: &std::path::Path) -> anyhow::Result<Storage> {
        match settings.url.as_deref().filter(|u| !u.trim().is_empty()) {
            None => Storage::directory(data_dir),
            Some(url) if url.starts_with("s3://") => {
                let mut builder = AmazonS3Builder::from_env().with_url(url);
                if let Some(endpoint) = &settings.endpoint {
                    builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
                }
                if let Some(region) = &settings.region {
                    builder = builder.with_region(region);
                }
                if let Some(key) = &settings.access_key_id {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &settings.secret_access_key {
                    builder = builder.with_secret_access_key(secret);
                }
                let store = builder.build().with_context(|| format!("CURSUS_STORAGE_URL {url}"))?;
                Ok(Storage { store: Arc::new(store), description: url.to_string() })
            }
            Some(other) => anyhow::bail!("CURSUS_STORAGE_URL must be s3://bucket[/prefix], not {other}"),
        }
    }

    /// Files under a directory of this machine (one server process, or a
    /// directory every process mounts).
    pub fn directory(dir: &std::path::Path) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir).with_context(|| format!("storage in {}", dir.display()))?;
        Ok(Storage { store: Arc::new(store), description: dir.display().to_string() })
    }

    fn path(key: &str) -> anyhow::Result<Path> {
        Path::parse(key).with_context(|| format!("not a storage key: {key}"))
    }

    /// Writes a file. Keys are generated and never reused, so nobody's copy is
    /// ever overwritten.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store.put(&Storage::path(key)?, PutPayload::from(bytes)).await.with_context(|| format!("storing {key}"))?;
        Ok(())
    }

    /// A file's bytes; `None` when there is no such file.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        match self.store.get(&Storage::path(key)?).await {
            Ok(found) => Ok(Some(found.bytes().await.with_context(|| format!("reading {key}"))?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(anyhow::Error::new(e).context(format!("reading {key}"))),
        }
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&Storage::path(key)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(anyhow::Error::new(e).context(format!("deleting {key}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_directory_store_keeps_files_by_key() {
        let dir = tempfile::tempdir().expect("dir");
        let storage = Storage::directory(dir.path()).expect("storage");
        storage.put("attestations/A-1.pdf", b"%PDF-1.7".to_vec()).await.expect("put");
        assert!(dir.path().join("attestations/A-1.pdf").exists());
        assert_eq!(storage.get("attestations/A-1.pdf").await.expect("get").as_deref(), Some(&b"%PDF-1.7"[..]));
        assert_eq!(storage.get("attestations/missing.pdf").await.expect("get"), None);
        storage.delete("attestations/A-1.pdf").await.expect("delete");
        storage.delete("attestations/A-1.pdf").await.expect("deleting twice is fine");
        assert!(Storage::open(&StorageSettings { url: Some("ftp://x".into()), ..Default::default() }, dir.path()).is_err());
    }
}
