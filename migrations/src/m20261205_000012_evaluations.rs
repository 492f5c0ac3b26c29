//! Training evaluation: a knowledge test taken before and after a module or
//! a programme, and an end-of-training satisfaction questionnaire.
//!
//! An evaluation's questions are one document (`definition`, JSON written by
//! `shared::api::evaluations::EvaluationDefinition`): they are read and
//! replaced whole, like a form. Who answered is a *receipt*; what they
//! answered is a *response*, which holds the account only when the
//! evaluation is not anonymous. A receipt has no time and a response only a
//! day, so that nothing in the two tables ties an anonymous answer to its
//! author. A completion waiting for a required evaluation is `held` (and not
//! owed an attestation) until the answer releases it.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, date, integer, integer_null, text};

use crate::columns::{at, fk, id, index, one_of, reference, reference_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const KINDS: [&str; 2] = ["satisfaction", "knowledge"];
pub const PHASES: [&str; 2] = ["before", "after"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("evaluations")
                    .col(id())
                    .col(reference("programme_id"))
                    // None: the evaluation of the whole programme.
                    .col(reference_null("module_id"))
                    .col(one_of("kind", &KINDS))
                    .col(boolean("required").default(false))
                    .col(boolean("anonymous").default(false))
                    .col(text("definition"))
                    .col(integer("version").default(1))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("evaluations", "programme_id", "programmes", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("evaluations", "module_id", "modules", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        let db = manager.get_connection();
        // One evaluation of each kind per module, and per programme (NULL module).
        db.execute_unprepared("CREATE UNIQUE INDEX ux_evaluations_scope ON evaluations (programme_id, COALESCE(module_id, 0), kind)").await?;
        manager.create_index(index("evaluations", &["module_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("evaluation_receipts")
                    .col(reference("evaluation_id"))
                    .col(reference("account_id"))
                    .col(one_of("phase", &PHASES))
                    .col(reference("cohort_id"))
                    .primary_key(Index::create().col("evaluation_id").col("account_id").col("phase"))
                    .foreign_key(&mut fk("evaluation_receipts", "evaluation_id", "evaluations", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("evaluation_receipts", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("evaluation_responses")
                    .col(id())
                    .col(reference("evaluation_id"))
                    .col(reference("cohort_id"))
                    // None for an anonymous questionnaire.
                    .col(reference_null("account_id"))
                    .col(one_of("phase", &PHASES))
                    .col(integer("version"))
                    .col(text("answers"))
                    // A knowledge test's score, in percent.
                    .col(integer_null("score_percent"))
                    .col(date("submitted_on"))
                    .foreign_key(&mut fk("evaluation_responses", "evaluation_id", "evaluations", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("evaluation_responses", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("evaluation_responses", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("evaluation_responses", &["evaluation_id", "cohort_id"])).await?;

        for table in ["completions", "programme_completions"] {
            manager.alter_table(Table::alter().table(table).add_column(boolean("held").default(false)).take()).await?;
            db.execute_unprepared(&format!("CREATE INDEX ix_{table}_held ON {table} (id) WHERE held")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in ["completions", "programme_completions"] {
            db.execute_unprepared(&format!("DROP INDEX ix_{table}_held")).await?;
            manager.alter_table(Table::alter().table(table).drop_column("held").take()).await?;
        }
        for table in ["evaluation_responses", "evaluation_receipts", "evaluations"] {
            manager.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
