//! Authoring in the browser: assessments keep every version learners
//! answered (an attempt records the version it answered, and the questions
//! and rubric of old versions stay), choices carry feedback, quizzes may
//! shuffle, and an administrator names the authors of each programme.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, integer, text_null};

use crate::columns::{fk, index, reference};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// SQLite alters one column per statement.
async fn add(manager: &SchemaManager<'_>, table: &'static str, column: ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(column).take()).await
}

async fn drop(manager: &SchemaManager<'_>, table: &'static str, column: &'static str) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).drop_column(column).take()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, "assessments", integer("version").default(1).check(Expr::col("version").gt(0)).take()).await?;
        add(manager, "assessments", boolean("shuffle").default(false).take()).await?;
        add(manager, "quiz_questions", integer("version").default(1).take()).await?;
        add(manager, "quiz_choices", text_null("feedback")).await?;
        add(manager, "rubric_criteria", integer("version").default(1).take()).await?;
        add(manager, "attempts", integer("assessment_version").default(1).take()).await?;
        manager.create_index(index("quiz_questions", &["assessment_id", "version"])).await?;
        manager.create_index(index("rubric_criteria", &["assessment_id", "version"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("programme_authors")
                    .col(reference("programme_id"))
                    .col(reference("account_id"))
                    .primary_key(Index::create().col("programme_id").col("account_id"))
                    .foreign_key(&mut fk("programme_authors", "programme_id", "programmes", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("programme_authors", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("programme_authors", &["account_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("programme_authors").take()).await?;
        manager.drop_index(Index::drop().name("ix_rubric_criteria_assessment_id_version").table("rubric_criteria").to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_quiz_questions_assessment_id_version").table("quiz_questions").to_owned()).await?;
        drop(manager, "attempts", "assessment_version").await?;
        drop(manager, "rubric_criteria", "version").await?;
        drop(manager, "quiz_choices", "feedback").await?;
        drop(manager, "quiz_questions", "version").await?;
        drop(manager, "assessments", "shuffle").await?;
        drop(manager, "assessments", "version").await
    }
}
