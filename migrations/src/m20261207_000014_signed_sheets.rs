//! Photos (or scans) of a session's signed sign-in sheet are stored like
//! other files: a document row that names its session.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer_null;

use crate::columns::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("documents").add_column(big_integer_null("session_id")).take()).await?;
        manager.create_index(index("documents", &["session_id"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_documents_session_id").table("documents").to_owned()).await?;
        manager.alter_table(Table::alter().table("documents").drop_column("session_id").take()).await?;
        Ok(())
    }
}
