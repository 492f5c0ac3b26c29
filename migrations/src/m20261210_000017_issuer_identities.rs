//! The issuer's identity per programme, set in the browser: the issuing body in
//! Arabic (the French name stays `programmes.issuer`), the signatory, the place
//! of issue, a signature and a stamp. Each save is a new row, never changed
//! afterwards, and an attestation names the row it was issued under: a PDF
//! made again later shows the signatory who signed it, not today's.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, string_null};

use crate::columns::{at, fk, id, index, reference, reference_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("issuer_identities")
                    .col(id())
                    .col(reference("programme_id"))
                    .col(string_null("body_ar"))
                    .col(string("signatory_name"))
                    .col(string_null("signatory_name_ar"))
                    .col(string("signatory_title"))
                    .col(string_null("signatory_title_ar"))
                    .col(string_null("place"))
                    .col(string_null("place_ar"))
                    .col(string_null("signature_key"))
                    .col(string_null("stamp_key"))
                    .col(at("created_at"))
                    .col(reference_null("created_by"))
                    .foreign_key(&mut fk("issuer_identities", "programme_id", "programmes", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(index("issuer_identities", &["programme_id", "id"])).await?;
        manager.alter_table(Table::alter().table("attestations").add_column(reference_null("issuer_identity_id")).take()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("attestations").drop_column("issuer_identity_id").take()).await?;
        manager.drop_table(Table::drop().table("issuer_identities").take()).await?;
        Ok(())
    }
}
