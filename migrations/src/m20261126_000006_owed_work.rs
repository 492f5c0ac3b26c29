//! Background work found in time proportional to the work owed, not to
//! history: a completion says whether its attestation is still owed
//! (`attestation_due`, cleared in the transaction that issues it), and partial
//! indexes hold only what is owed, so an idle pass is a few index probes
//! however many completions and attestations years of programmes have left.
//! Also the indexes the verification and reissue look-ups lacked, and a
//! version number per programme that lets every process cache its structure.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column) in [("completions", "completion_id"), ("programme_completions", "programme_completion_id")] {
            manager.alter_table(Table::alter().table(table).add_column(boolean("attestation_due").default(true)).take()).await?;
            db.execute_unprepared(&format!(
                "UPDATE {table} SET attestation_due = FALSE WHERE EXISTS (SELECT 1 FROM attestations a WHERE a.{column} = {table}.id)"
            ))
            .await?;
            db.execute_unprepared(&format!("CREATE INDEX ix_{table}_due ON {table} (id) WHERE attestation_due")).await?;
        }
        db.execute_unprepared("CREATE INDEX ix_attestations_without_pdf ON attestations (id) WHERE pdf_key IS NULL").await?;
        for column in ["completion_id", "programme_completion_id", "supersedes_id", "pdf_sha256"] {
            manager
                .create_index(Index::create().name(format!("ix_attestations_{column}")).table("attestations").col(Alias::new(column)).take())
                .await?;
        }
        manager.alter_table(Table::alter().table("programmes").add_column(integer("version").default(1)).take()).await?;
        // A learner's own record is read by learner (their map, every page).
        manager.create_index(Index::create().name("ix_attempts_account_id").table("attempts").col(Alias::new("account_id")).take()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_attempts_account_id").table("attempts").to_owned()).await?;
        manager.alter_table(Table::alter().table("programmes").drop_column("version").take()).await?;
        for column in ["completion_id", "programme_completion_id", "supersedes_id", "pdf_sha256"] {
            manager.drop_index(Index::drop().name(format!("ix_attestations_{column}")).table("attestations").to_owned()).await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX ix_attestations_without_pdf").await?;
        for table in ["completions", "programme_completions"] {
            db.execute_unprepared(&format!("DROP INDEX ix_{table}_due")).await?;
            manager.alter_table(Table::alter().table(table).drop_column("attestation_due").take()).await?;
        }
        Ok(())
    }
}
