use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::columns::{at, fk, id, index, one_of, reference, reference_null, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Per-field French (required), Arabic and English text.
fn localized(table: &mut TableCreateStatement, name: &str) {
    table.col(text(format!("{name}_fr")));
    table.col(text_null(format!("{name}_ar")));
    table.col(text_null(format!("{name}_en")));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut programmes = Table::create();
        programmes.table("programmes").col(id()).col(string("code"));
        localized(&mut programmes, "title");
        localized(&mut programmes, "summary");
        programmes.col(string("issuer")).col(boolean("bilingual_attestations")).col(at("created_at")).col(at("updated_at"));
        manager.create_table(programmes).await?;
        manager.create_index(unique("programmes", &["code"])).await?;

        let mut families = Table::create();
        families.table("module_families").col(id()).col(reference("programme_id")).col(string("code"));
        localized(&mut families, "title");
        families.foreign_key(&mut fk("module_families", "programme_id", "programmes", ForeignKeyAction::Cascade));
        manager.create_table(families).await?;
        manager.create_index(unique("module_families", &["programme_id", "code"])).await?;

        let mut modules = Table::create();
        modules.table("modules").col(id()).col(reference("programme_id")).col(string("code")).col(reference_null("family_id"));
        localized(&mut modules, "title");
        localized(&mut modules, "summary");
        modules
            .col(integer("hours").check(Expr::col("hours").gt(0)))
            .col(integer("position"))
            .col(integer("pass_mark").check(Expr::col("pass_mark").between(1, 100)))
            .col(at("created_at"))
            .col(at("updated_at"))
            .foreign_key(&mut fk("modules", "programme_id", "programmes", ForeignKeyAction::Cascade))
            .foreign_key(&mut fk("modules", "family_id", "module_families", ForeignKeyAction::SetNull));
        manager.create_table(modules).await?;
        manager.create_index(unique("modules", &["programme_id", "code"])).await?;

        // A module's prerequisites are groups; each group is satisfied when
        // `min_required` of its members are completed (NULL: all of them).
        manager
            .create_table(
                Table::create()
                    .table("prerequisite_groups")
                    .col(id())
                    .col(reference("module_id"))
                    .col(integer_null("min_required").check(Expr::col("min_required").gt(0)))
                    .col(integer("position"))
                    .foreign_key(&mut fk("prerequisite_groups", "module_id", "modules", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("prerequisite_groups", &["module_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("prerequisite_members")
                    .col(reference("group_id"))
                    .col(reference("required_module_id"))
                    .primary_key(Index::create().col("group_id").col("required_module_id"))
                    .foreign_key(&mut fk("prerequisite_members", "group_id", "prerequisite_groups", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("prerequisite_members", "required_module_id", "modules", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("documents")
                    .col(id())
                    .col(reference_null("module_id"))
                    .col(string("original_name"))
                    // A name the server generated; never a path supplied by a user.
                    .col(string("stored_name"))
                    .col(string("content_type"))
                    .col(big_integer("size_bytes"))
                    .col(string("sha256"))
                    .col(reference_null("uploaded_by"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("documents", "module_id", "modules", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("documents", "uploaded_by", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(unique("documents", &["stored_name"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("module_sections")
                    .col(id())
                    .col(reference("module_id"))
                    .col(integer("position"))
                    .col(one_of("kind", &["text", "link", "document"]))
                    .col(string("title"))
                    .col(text_null("body_markdown"))
                    .col(string_null("url"))
                    .col(reference_null("document_id"))
                    .foreign_key(&mut fk("module_sections", "module_id", "modules", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("module_sections", "document_id", "documents", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(index("module_sections", &["module_id", "position"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("assessments")
                    .col(id())
                    .col(reference("module_id"))
                    .col(one_of("kind", &["quiz", "assignment"]))
                    .col(string("title"))
                    .col(text_null("instructions"))
                    .col(integer("pass_mark").check(Expr::col("pass_mark").between(1, 100)))
                    .col(integer_null("max_attempts").check(Expr::col("max_attempts").gt(0)))
                    .col(boolean("accepts_file"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("assessments", "module_id", "modules", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(unique("assessments", &["module_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("quiz_questions")
                    .col(id())
                    .col(reference("assessment_id"))
                    .col(integer("position"))
                    .col(one_of("kind", &["single", "multiple"]))
                    .col(text("prompt"))
                    .col(integer("points").check(Expr::col("points").gt(0)))
                    .foreign_key(&mut fk("quiz_questions", "assessment_id", "assessments", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("quiz_questions", &["assessment_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("quiz_choices")
                    .col(id())
                    .col(reference("question_id"))
                    .col(integer("position"))
                    .col(text("label"))
                    .col(boolean("correct"))
                    .foreign_key(&mut fk("quiz_choices", "question_id", "quiz_questions", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("quiz_choices", &["question_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("rubric_criteria")
                    .col(id())
                    .col(reference("assessment_id"))
                    .col(integer("position"))
                    .col(string("title"))
                    .col(text_null("description"))
                    .foreign_key(&mut fk("rubric_criteria", "assessment_id", "assessments", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("rubric_criteria", &["assessment_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("rubric_levels")
                    .col(id())
                    .col(reference("criterion_id"))
                    .col(integer("position"))
                    .col(string("title"))
                    .col(integer("points").check(Expr::col("points").gte(0)))
                    .foreign_key(&mut fk("rubric_levels", "criterion_id", "rubric_criteria", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("rubric_levels", &["criterion_id"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "rubric_levels",
            "rubric_criteria",
            "quiz_choices",
            "quiz_questions",
            "assessments",
            "module_sections",
            "documents",
            "prerequisite_members",
            "prerequisite_groups",
            "modules",
            "module_families",
            "programmes",
        ] {
            manager.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
