//! What each process keeps in memory, always under a version number the
//! database holds: programme structures, and learners' maps.
//!
//! Programme structures (modules, families, prerequisite groups, assessments),
//! kept in memory by each process. Every read that uses one already knows the
//! programme's current version number (the learner's own query reads it), and
//! every change to a structure bumps that number in the database, so a
//! process never serves a structure another process has changed.
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, RwLock};

use actix_web::web::Bytes;
use lru::LruCache;
use sea_orm::{ConnectionTrait, DbErr};

use crate::store::learners::Enrolled;
use crate::store::programmes::{self, Structure};

#[derive(Default)]
pub struct Structures {
    by_programme: RwLock<HashMap<i64, Arc<Structure>>>,
}

impl Structures {
    /// The structure of `programme_id` at `version`: from memory when this
    /// process has it, else read (and kept).
    pub async fn get(&self, db: &impl ConnectionTrait, programme_id: i64, version: i32) -> Result<Option<Arc<Structure>>, DbErr> {
        let cached = self.by_programme.read().ok().and_then(|m| m.get(&programme_id).filter(|s| s.programme.version == version).cloned());
        if let Some(structure) = cached {
            return Ok(Some(structure));
        }
        let Some(structure) = programmes::structure(db, programme_id).await? else { return Ok(None) };
        let structure = Arc::new(structure);
        if let Ok(mut map) = self.by_programme.write() {
            map.insert(programme_id, structure.clone());
        }
        Ok(Some(structure))
    }
}

/// How many learners' maps a process keeps: about 6 KB each for a 16-module
/// programme, so at most ~25 MB, and room for every learner of a busy hour.
const MAPS_KEPT: usize = 4096;

struct KeptMap {
    enrolled: Enrolled,
    record_version: i64,
    json: Bytes,
}

/// Learners' maps as sent (JSON), kept by each process under what they were
/// computed from: the cohort and the programme's structure version (in
/// `Enrolled`) and the learner's record version, which the database raises
/// at every write the map reads (migration 000020's triggers). A kept map is
/// served only when all of these are still what the database says, so no
/// process serves a map another has made stale.
pub struct Maps {
    kept: Mutex<LruCache<(i64, i64), KeptMap>>,
}

impl Default for Maps {
    fn default() -> Self {
        Maps { kept: Mutex::new(LruCache::new(NonZeroUsize::new(MAPS_KEPT).unwrap_or(NonZeroUsize::MIN))) }
    }
}

impl Maps {
    pub fn get(&self, account_id: i64, enrolled: &Enrolled, record_version: i64) -> Option<Bytes> {
        let mut kept = self.kept.lock().ok()?;
        kept.get(&(account_id, enrolled.cohort_id)).filter(|k| k.record_version == record_version && k.enrolled == *enrolled).map(|k| k.json.clone())
    }

    pub fn keep(&self, account_id: i64, enrolled: &Enrolled, record_version: i64, json: Bytes) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.put((account_id, enrolled.cohort_id), KeptMap { enrolled: enrolled.clone(), record_version, json });
        }
    }
}
