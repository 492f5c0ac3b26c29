//! Open Badges status lists: the attestations of a programme that no longer
//! stand, found without reading the valid ones (they are nearly all of them).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("CREATE INDEX ix_attestations_not_standing ON attestations (programme_id, id) WHERE status <> 'valid'")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX ix_attestations_not_standing").await?;
        Ok(())
    }
}
