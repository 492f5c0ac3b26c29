//! What several server processes on several machines must share, and one
//! source for the pass mark:
//! - the pass mark lives on the assessment only (the module's copy, which
//!   `PATCH /modules/{id}` and curriculum files wrote while grading read the
//!   assessment's, is moved there and dropped);
//! - the issuer's public keys, by key id, so every process verifies every
//!   attestation, whichever key signed it; each attestation names its key;
//! - files are named by a storage key, not by a path on one machine's disk;
//! - rate limits are counted in the database, not in a process's memory.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

use crate::columns::{at, at_null, fk, id, reference, reference_null, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A stored absolute path (`/srv/cursus/data/attestations/X.pdf`) becomes the
/// storage key of the same file (`attestations/X.pdf`).
fn key_of(path: &str, folder: &str) -> Option<String> {
    if !path.starts_with('/') && !path.contains(":\\") {
        return None;
    }
    let name = path.rsplit(['/', '\\']).next().filter(|n| !n.is_empty())?;
    Some(format!("{folder}/{name}"))
}

async fn paths_to_keys(manager: &SchemaManager<'_>, table: &str, column: &str, folder: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows =
        db.query_all_raw(Statement::from_string(backend, format!("SELECT id, {column} AS path FROM {table} WHERE {column} IS NOT NULL"))).await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let path: String = row.try_get("", "path")?;
        if let Some(key) = key_of(&path, folder) {
            let update =
                Query::update().table(Alias::new(table)).value(Alias::new(column), key).and_where(Expr::col(Alias::new("id")).eq(id)).to_owned();
            manager.exec_stmt(update).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Grading always read the assessment's mark; administrators set the
        // module's (the only one the API and the curriculum files wrote), so
        // theirs is the mark they meant. Grades already given keep their result.
        db.execute_unprepared("UPDATE assessments SET pass_mark = (SELECT m.pass_mark FROM modules m WHERE m.id = assessments.module_id)").await?;
        manager.alter_table(Table::alter().table("modules").drop_column("pass_mark").take()).await?;

        manager
            .create_table(
                Table::create()
                    .table("issuer_keys")
                    .col(string("key_id").primary_key())
                    .col(string("algorithm"))
                    // base64url of the raw 32-byte Ed25519 public key
                    .col(string("public_key"))
                    .col(at("created_at"))
                    .col(at_null("retired_at"))
                    .take(),
            )
            .await?;
        manager.alter_table(Table::alter().table("attestations").add_column(string_null("key_id")).take()).await?;

        manager.alter_table(Table::alter().table("attestations").rename_column("pdf_path", "pdf_key").take()).await?;
        paths_to_keys(manager, "attestations", "pdf_key", "attestations").await?;
        manager.alter_table(Table::alter().table("outbox_mails").rename_column("attachment_path", "attachment_key").take()).await?;
        paths_to_keys(manager, "outbox_mails", "attachment_key", "attestations").await?;

        manager
            .create_table(
                Table::create()
                    .table("rate_hits")
                    .col(string("bucket"))
                    .col(string("subject"))
                    .col(at("window_start"))
                    .col(integer("hits"))
                    .primary_key(Index::create().col("bucket").col("subject").col("window_start"))
                    .take(),
            )
            .await?;
        manager.create_index(Index::create().name("ix_rate_hits_window_start").table("rate_hits").col("window_start").take()).await?;

        // A partner manager asked to enrol someone of another organisation:
        // the person decides, by a single-use link.
        manager
            .create_table(
                Table::create()
                    .table("join_requests")
                    .col(id())
                    .col(reference("account_id"))
                    .col(reference("cohort_id"))
                    .col(reference_null("requested_by"))
                    .col(string("token_hash"))
                    .col(at("created_at"))
                    .col(at("expires_at"))
                    .col(at_null("used_at"))
                    .foreign_key(&mut fk("join_requests", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("join_requests", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("join_requests", "requested_by", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("join_requests", &["token_hash"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("join_requests").take()).await?;
        manager.drop_table(Table::drop().table("rate_hits").take()).await?;
        manager.alter_table(Table::alter().table("outbox_mails").rename_column("attachment_key", "attachment_path").take()).await?;
        manager.alter_table(Table::alter().table("attestations").rename_column("pdf_key", "pdf_path").take()).await?;
        manager.alter_table(Table::alter().table("attestations").drop_column("key_id").take()).await?;
        manager.drop_table(Table::drop().table("issuer_keys").take()).await?;
        manager.alter_table(Table::alter().table("modules").add_column(integer("pass_mark").default(70)).take()).await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE modules SET pass_mark = COALESCE((SELECT a.pass_mark FROM assessments a WHERE a.module_id = modules.id), 70)")
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::key_of;

    #[test]
    fn absolute_paths_become_keys_and_keys_stay() {
        assert_eq!(key_of("/srv/cursus/data/attestations/AB12-x.pdf", "attestations").as_deref(), Some("attestations/AB12-x.pdf"));
        assert_eq!(key_of("attestations/AB12-x.pdf", "attestations"), None);
    }
}
