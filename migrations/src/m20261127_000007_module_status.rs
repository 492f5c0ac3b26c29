//! A module's life: a draft until its authors publish it, archived when it
//! is withdrawn from new learners. Modules that exist already were in front
//! of learners, so they are published.
use sea_orm_migration::prelude::*;

use crate::columns::one_of;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("modules").add_column(one_of("status", &["draft", "published", "archived"]).default("published")).take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("modules").drop_column("status").take()).await
    }
}
