//! Loading the curriculum files shipped under `assets/curricula/`.
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::db::Db;
use crate::domain::curriculum;
use crate::store::curriculum::{SyncError, SyncReport, sync};
use crate::store::programmes;

/// The `*.toml` files of a folder, in name order.
pub fn files_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the curricula folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads one file; the error names the file and every problem in it.
pub async fn load_file(db: &Db, path: &Path, only_if_missing: bool) -> anyhow::Result<Option<SyncReport>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = curriculum::parse(&text).map_err(|problems| anyhow::anyhow!("{}: {}", path.display(), problems.join("; ")))?;
    if only_if_missing && programmes::by_code(db.conn(), &file.code).await?.is_some() {
        return Ok(None);
    }
    match sync(db, &file).await {
        Ok(report) => Ok(Some(report)),
        Err(SyncError::Invalid(problem)) => Err(anyhow::anyhow!("{}: {problem}", path.display())),
        Err(SyncError::Db(e)) => Err(anyhow::Error::new(e).context(format!("loading {}", path.display()))),
    }
}

/// Loads the shipped programmes that the database does not have yet (first run).
pub async fn load_missing(db: &Db, dir: &Path) -> anyhow::Result<Vec<SyncReport>> {
    let mut reports = Vec::new();
    for path in files_in(dir)? {
        if let Some(report) = load_file(db, &path, true).await? {
            reports.push(report);
        }
    }
    Ok(reports)
}
