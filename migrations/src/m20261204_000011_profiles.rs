//! A learner's profile, as donors' indicators disaggregate it: sex, year of
//! birth, where they live, disability. Every field is optional ("not stated"
//! is a value, not a gap), and region and commune fall back to the
//! organisation's when the person gave none.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer_null, string_null};

use crate::columns::one_of;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const SEXES: [&str; 3] = ["female", "male", "not_stated"];
pub const DISABILITY: [&str; 3] = ["yes", "no", "not_stated"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // One column per statement: SQLite alters a table one column at a time.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            one_of("sex", &SEXES).default("not_stated").take(),
            integer_null("birth_year"),
            string_null("region"),
            string_null("commune"),
            one_of("disability", &DISABILITY).default("not_stated").take(),
        ];
        for column in columns {
            manager.alter_table(Table::alter().table("accounts").add_column(column).take()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["sex", "birth_year", "region", "commune", "disability"] {
            manager.alter_table(Table::alter().table("accounts").drop_column(column).take()).await?;
        }
        Ok(())
    }
}
