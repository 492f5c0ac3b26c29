use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::columns::{LANGS, ROLES, at, at_null, fk, id, index, one_of, reference, reference_null, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("learner_categories")
                    .col(string("code").primary_key())
                    .col(string("label_fr"))
                    .col(string("label_ar"))
                    .col(string("label_en"))
                    .col(integer("position"))
                    .take(),
            )
            .await?;
        let categories = [
            ("association", "Représentant·e d'OSC", "ممثل منظمة مجتمع مدني", "CSO representative", 1),
            ("public_actor", "Acteur public", "فاعل عمومي", "Public actor", 2),
            ("local_media", "Média local", "إعلام محلي", "Local media", 3),
            ("student", "Étudiant·e", "طالب", "Student", 4),
            ("researcher", "Chercheur·e ou universitaire", "باحث أو جامعي", "Researcher or academic", 5),
        ];
        let mut insert = Query::insert();
        insert.into_table("learner_categories").columns(["code", "label_fr", "label_ar", "label_en", "position"]);
        for (code, fr, ar, en, position) in categories {
            insert.values_panic([code.into(), fr.into(), ar.into(), en.into(), position.into()]);
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(
                Table::create()
                    .table("organisations")
                    .col(id())
                    .col(string("name"))
                    .col(one_of("kind", &["association", "partner_institution", "media", "university", "public_body"]))
                    .col(string_null("region"))
                    .col(string_null("commune"))
                    .col(at("created_at"))
                    .take(),
            )
            .await?;
        manager.create_index(unique("organisations", &["name"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("accounts")
                    .col(id())
                    .col(string("email"))
                    .col(string("full_name"))
                    .col(string_null("full_name_ar"))
                    .col(one_of("role", &ROLES))
                    .col(reference_null("organisation_id"))
                    .col(string_null("category"))
                    .col(string_null("position"))
                    .col(string_null("phone"))
                    .col(one_of("language", &LANGS))
                    .col(string_null("password_hash"))
                    .col(boolean("active"))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk("accounts", "organisation_id", "organisations", ForeignKeyAction::Restrict))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_accounts_category")
                            .from("accounts", "category")
                            .to("learner_categories", "code")
                            .on_delete(ForeignKeyAction::Restrict)
                            .take(),
                    )
                    // A partner manager is bound to exactly one organisation.
                    .check(Expr::col("role").ne("partner").or(Expr::col("organisation_id").is_not_null()))
                    .take(),
            )
            .await?;
        manager.create_index(unique("accounts", &["email"])).await?;
        manager.create_index(index("accounts", &["organisation_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    // The SHA-256 of the cookie's token: a leaked table opens no session.
                    .col(string("token_hash").primary_key())
                    .col(reference("account_id"))
                    .col(string("csrf_token"))
                    .col(at("created_at"))
                    .col(at("expires_at"))
                    .col(at("last_seen_at"))
                    .foreign_key(&mut fk("sessions", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("sessions", &["account_id"])).await?;

        manager.create_table(Table::create().table("login_failures").col(id()).col(string("email")).col(string("ip")).col(at("at")).take()).await?;
        manager.create_index(index("login_failures", &["email", "at"])).await?;
        manager.create_index(index("login_failures", &["ip", "at"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("password_tokens")
                    .col(id())
                    .col(reference("account_id"))
                    .col(string("token_hash"))
                    .col(one_of("purpose", &["invitation", "reset"]))
                    .col(at("created_at"))
                    .col(at("expires_at"))
                    .col(at_null("used_at"))
                    .foreign_key(&mut fk("password_tokens", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(unique("password_tokens", &["token_hash"])).await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(id())
                    .col(reference_null("actor_id"))
                    .col(string("action"))
                    .col(string("entity"))
                    .col(string("entity_id"))
                    .col(json_null("detail"))
                    .col(at("at"))
                    .foreign_key(&mut fk("audit_log", "actor_id", "accounts", ForeignKeyAction::SetNull))
                    .take(),
            )
            .await?;
        manager.create_index(index("audit_log", &["entity", "entity_id"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_log", "password_tokens", "login_failures", "sessions", "accounts", "organisations", "learner_categories"] {
            manager.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
