//! An attempt sent from a phone that lost its connection is sent again with
//! the key the device chose for it; the database keeps one attempt per
//! learner and key, so a replay never counts twice nor burns an attempt.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("attempts").add_column(string_null("client_key")).take()).await?;
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX ux_attempts_client_key ON attempts (account_id, client_key) WHERE client_key IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX ux_attempts_client_key").await?;
        manager.alter_table(Table::alter().table("attempts").drop_column("client_key").take()).await?;
        Ok(())
    }
}
