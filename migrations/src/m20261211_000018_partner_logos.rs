//! A partner institution's logo, printed on the attestations of the people it
//! enrolled; each attestation keeps the logo it was issued with (a file key,
//! never overwritten), so a later change of logo leaves it as it was.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("organisations").add_column(string_null("logo_key")).take()).await?;
        manager.alter_table(Table::alter().table("attestations").add_column(string_null("partner_logo_key")).take()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("attestations").drop_column("partner_logo_key").take()).await?;
        manager.alter_table(Table::alter().table("organisations").drop_column("logo_key").take()).await?;
        Ok(())
    }
}
