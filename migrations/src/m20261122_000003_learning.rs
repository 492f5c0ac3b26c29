use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::columns::{at, fk, id, index, one_of, reference, reference_null, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("cohorts")
                    .col(id())
                    .col(reference("programme_id"))
                    .col(string("name"))
                    .col(string("region"))
                    .col(string_null("learning_hub"))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    .col(integer("capacity").check(Expr::col("capacity").gt(0)))
                    .col(boolean("self_enrolment_open"))
                    .col(integer_null("min_attendance_percent"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("cohorts", "programme_id", "programmes", ForeignKeyAction::Restrict))
                    .check(Expr::col("ends_on").gte(Expr::col("starts_on")))
                    .take(),
            )
            .await?;
        manager.create_index(index("cohorts", &["programme_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("cohort_trainers")
                    .col(reference("cohort_id"))
                    .col(reference("account_id"))
                    .primary_key(Index::create().col("cohort_id").col("account_id"))
                    .foreign_key(&mut fk("cohort_trainers", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("cohort_trainers", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("cohort_trainers", &["account_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("cohort_sessions")
                    .col(id())
                    .col(reference("cohort_id"))
                    .col(reference_null("module_id"))
                    .col(string("title"))
                    .col(at("starts_at"))
                    .col(integer("duration_minutes").check(Expr::col("duration_minutes").gt(0)))
                    .col(string_null("location"))
                    .foreign_key(&mut fk("cohort_sessions", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("cohort_sessions", "module_id", "modules", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(index("cohort_sessions", &["cohort_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("attendances")
                    .col(reference("session_id"))
                    .col(reference("account_id"))
                    .col(boolean("present"))
                    .col(reference_null("recorded_by"))
                    .col(at("recorded_at"))
                    .primary_key(Index::create().col("session_id").col("account_id"))
                    .foreign_key(&mut fk("attendances", "session_id", "cohort_sessions", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("attendances", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("attendances", "recorded_by", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("enrolments")
                    .col(id())
                    .col(reference("cohort_id"))
                    .col(reference("account_id"))
                    .col(one_of("source", &["self", "partner", "admin"]))
                    .col(reference_null("enrolled_by"))
                    .col(one_of("status", &["active", "withdrawn", "completed"]))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("enrolments", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("enrolments", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("enrolments", "enrolled_by", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("enrolments", &["cohort_id", "account_id"])).await?;
        manager.create_index(index("enrolments", &["account_id"])).await?;

        // Quiz answers and assignment submissions alike. `number` is unique per
        // learner and assessment so two racing submissions cannot both be
        // "attempt 3".
        manager
            .create_table(
                Table::create()
                    .table("attempts")
                    .col(id())
                    .col(reference("assessment_id"))
                    .col(reference("account_id"))
                    .col(reference("cohort_id"))
                    .col(integer("number"))
                    .col(one_of("status", &["submitted", "graded"]))
                    .col(json_null("answers"))
                    .col(text_null("text_answer"))
                    .col(reference_null("document_id"))
                    .col(integer_null("score_percent"))
                    .col(boolean_null("passed"))
                    .col(at("submitted_at"))
                    .foreign_key(&mut fk("attempts", "assessment_id", "assessments", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("attempts", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("attempts", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("attempts", "document_id", "documents", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("attempts", &["assessment_id", "account_id", "number"])).await?;
        manager.create_index(index("attempts", &["cohort_id", "status", "submitted_at"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("grades")
                    .col(id())
                    .col(reference("attempt_id"))
                    .col(reference_null("grader_id"))
                    .col(integer("score_percent").check(Expr::col("score_percent").between(0, 100)))
                    .col(text_null("feedback"))
                    .col(json_null("rubric"))
                    .col(boolean("allow_resubmission"))
                    .col(at("graded_at"))
                    .foreign_key(&mut fk("grades", "attempt_id", "attempts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("grades", "grader_id", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("grades", &["attempt_id"])).await?;

        // Exactly one completion per learner and module: the constraint decides
        // when submissions race, not a check-then-insert.
        manager
            .create_table(
                Table::create()
                    .table("completions")
                    .col(id())
                    .col(reference("account_id"))
                    .col(reference("module_id"))
                    .col(reference("cohort_id"))
                    .col(reference_null("attempt_id"))
                    .col(reference_null("recorded_by"))
                    .col(at("completed_at"))
                    .foreign_key(&mut fk("completions", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("completions", "module_id", "modules", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("completions", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("completions", "attempt_id", "attempts", ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk("completions", "recorded_by", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("completions", &["account_id", "module_id"])).await?;
        manager.create_index(index("completions", &["cohort_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("programme_completions")
                    .col(id())
                    .col(reference("account_id"))
                    .col(reference("programme_id"))
                    .col(reference("cohort_id"))
                    .col(at("completed_at"))
                    .foreign_key(&mut fk("programme_completions", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("programme_completions", "programme_id", "programmes", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("programme_completions", "cohort_id", "cohorts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(unique("programme_completions", &["account_id", "programme_id"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "programme_completions",
            "completions",
            "grades",
            "attempts",
            "enrolments",
            "attendances",
            "cohort_sessions",
            "cohort_trainers",
            "cohorts",
        ] {
            manager.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
