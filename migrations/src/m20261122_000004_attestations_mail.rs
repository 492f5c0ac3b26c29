use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::columns::{at, at_null, fk, id, index, one_of, reference, reference_null, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The claim is frozen at issuance (name, title, hours as printed); the
        // record is never deleted: revocation and supersession are statuses.
        manager
            .create_table(
                Table::create()
                    .table("attestations")
                    .col(id())
                    .col(string("code"))
                    .col(one_of("kind", &["module", "programme"]))
                    .col(reference("account_id"))
                    .col(reference("programme_id"))
                    .col(reference_null("module_id"))
                    .col(reference("cohort_id"))
                    .col(reference_null("completion_id"))
                    .col(reference_null("programme_completion_id"))
                    .col(string("holder_name"))
                    .col(string_null("holder_name_ar"))
                    .col(string("title_fr"))
                    .col(string_null("title_ar"))
                    .col(string("cohort_name"))
                    .col(string("region"))
                    .col(integer("hours"))
                    .col(integer_null("attended_hours"))
                    .col(date("issued_on"))
                    .col(string("issuer"))
                    .col(boolean("bilingual"))
                    .col(one_of("status", &["valid", "revoked", "superseded"]))
                    .col(at_null("revoked_at"))
                    .col(text_null("revoked_reason"))
                    .col(reference_null("revoked_by"))
                    .col(reference_null("supersedes_id"))
                    .col(text("claim"))
                    .col(string("signature"))
                    .col(string_null("pdf_path"))
                    .col(string_null("pdf_sha256"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("attestations", "account_id", "accounts", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "programme_id", "programmes", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "module_id", "modules", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "cohort_id", "cohorts", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "completion_id", "completions", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "programme_completion_id", "programme_completions", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("attestations", "revoked_by", "accounts", ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk("attestations", "supersedes_id", "attestations", ForeignKeyAction::Restrict))
                    .check(Expr::col("completion_id").is_not_null().or(Expr::col("programme_completion_id").is_not_null()))
                    .take(),
            )
            .await?;
        manager.create_index(unique("attestations", &["code"])).await?;
        manager.create_index(index("attestations", &["account_id"])).await?;
        manager.create_index(index("attestations", &["cohort_id", "module_id"])).await?;
        // One live attestation per completion: superseded ones step aside, so a
        // reissue can add the new one; racing issuers collide here.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_attestations_live_completion ON attestations (completion_id) \
             WHERE completion_id IS NOT NULL AND status <> 'superseded'",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_attestations_live_programme ON attestations (programme_completion_id) \
             WHERE programme_completion_id IS NOT NULL AND status <> 'superseded'",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("outbox_mails")
                    .col(id())
                    // Makes "enqueue this mail" idempotent (e.g. `attestation:42`).
                    .col(string_null("dedupe_key"))
                    .col(string("to_address"))
                    .col(string("to_name"))
                    .col(string("subject"))
                    .col(text("body_text"))
                    .col(text_null("body_html"))
                    .col(string_null("attachment_path"))
                    .col(string_null("attachment_name"))
                    .col(one_of("status", &["pending", "sent", "failed"]))
                    .col(integer("attempts"))
                    .col(at("next_attempt_at"))
                    .col(string_null("locked_by"))
                    .col(at_null("locked_until"))
                    .col(text_null("last_error"))
                    .col(at("created_at"))
                    .col(at_null("sent_at"))
                    .take(),
            )
            .await?;
        manager.create_index(unique("outbox_mails", &["dedupe_key"])).await?;
        manager.create_index(index("outbox_mails", &["status", "next_attempt_at"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("outbox_mails").take()).await?;
        manager.drop_table(Table::drop().table("attestations").take()).await?;
        Ok(())
    }
}
