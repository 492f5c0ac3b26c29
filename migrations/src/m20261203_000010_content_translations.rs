//! Every string a learner reads in a module may be written in Arabic and
//! English beside the French, which stays required and is the fallback.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each table's translatable columns; every one gains `_ar` and `_en`.
const COLUMNS: &[(&str, &[&str])] = &[
    ("module_sections", &["title", "body_markdown"]),
    ("assessments", &["title", "instructions"]),
    ("quiz_questions", &["prompt"]),
    ("quiz_choices", &["label", "feedback"]),
    ("rubric_criteria", &["title", "description"]),
    ("rubric_levels", &["title"]),
];

fn translated() -> impl Iterator<Item = (&'static str, String)> {
    COLUMNS
        .iter()
        .flat_map(|(table, columns)| columns.iter().flat_map(move |c| ["ar", "en"].into_iter().map(move |lang| (*table, format!("{c}_{lang}")))))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // One column per statement: SQLite alters a table one column at a time.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in translated() {
            manager.alter_table(Table::alter().table(table).add_column(text_null(column)).take()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in translated() {
            manager.alter_table(Table::alter().table(table).drop_column(column).take()).await?;
        }
        Ok(())
    }
}
