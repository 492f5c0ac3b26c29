//! Programme structures (modules, families, prerequisite groups, assessments),
//! kept in memory by each process. Every read that uses one already knows the
//! programme's current version number (the learner's own query reads it), and
//! every change to a structure bumps that number in the database, so a
//! process never serves a structure another process has changed.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::{ConnectionTrait, DbErr};

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
