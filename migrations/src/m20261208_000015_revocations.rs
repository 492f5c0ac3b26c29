//! Revocation as a process: the reason stays internal and a separate note may
//! be shown to the public; an attestation has at most one successor, whether it
//! replaced a valid one or a revoked one (the database refuses a second); and
//! one *valid* attestation per completion, so that a revoked one can be
//! replaced by a reissue (racing issuers still collide on it).
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("attestations").add_column(text_null("revoked_note")).take()).await?;
        manager.drop_index(Index::drop().name("ix_attestations_supersedes_id").table("attestations").to_owned()).await?;
        manager
            .create_index(
                Index::create().name("ux_attestations_supersedes_id").table("attestations").col(Alias::new("supersedes_id")).unique().take(),
            )
            .await?;
        live_indexes(manager, ("live", "valid"), "status = 'valid'").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_attestations_supersedes_id").table("attestations").to_owned()).await?;
        manager
            .create_index(Index::create().name("ix_attestations_supersedes_id").table("attestations").col(Alias::new("supersedes_id")).take())
            .await?;
        manager.alter_table(Table::alter().table("attestations").drop_column("revoked_note").take()).await?;
        live_indexes(manager, ("valid", "live"), "status <> 'superseded'").await
    }
}

/// Replaces the partial unique indexes `ux_attestations_{from}_…` by
/// `ux_attestations_{to}_…` holding rows where `condition`.
async fn live_indexes(manager: &SchemaManager<'_>, (from, to): (&str, &str), condition: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for (suffix, column) in [("completion", "completion_id"), ("programme", "programme_completion_id")] {
        db.execute_unprepared(&format!("DROP INDEX ux_attestations_{from}_{suffix}")).await?;
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX ux_attestations_{to}_{suffix} ON attestations ({column}) WHERE {column} IS NOT NULL AND {condition}"
        ))
        .await?;
    }
    Ok(())
}
