//! Workshops as trainers run them: a learner at a session is present, late,
//! excused or absent (not just present or not), may have checked in by QR,
//! and a cohort's minimum attendance is a share of sessions or of hours.
//! Each session has the secret its rotating check-in codes are derived from,
//! and an account may have a calendar feed (its token stored hashed).
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, string, string_null};

use crate::columns::{at, fk, one_of, reference, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const STATUSES: [&str; 4] = ["present", "late", "excused", "absent"];
pub const BASES: [&str; 2] = ["sessions", "hours"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // One column per statement: SQLite alters a table one column at a time.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let alter = |table: &'static str, column: ColumnDef| Table::alter().table(table).add_column(column).take();
        manager.alter_table(alter("attendances", one_of("status", &STATUSES).default("absent").take())).await?;
        manager.alter_table(alter("attendances", boolean("by_self").default(false).take())).await?;
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE attendances SET status = CASE WHEN present THEN 'present' ELSE 'absent' END").await?;
        manager.alter_table(Table::alter().table("attendances").drop_column("present").take()).await?;
        manager.alter_table(alter("cohorts", one_of("attendance_basis", &BASES).default("sessions").take())).await?;
        manager.alter_table(alter("cohort_sessions", string_null("checkin_secret"))).await?;
        manager
            .create_table(
                Table::create()
                    .table("calendar_feeds")
                    .col(reference("account_id").primary_key())
                    .col(string("token_hash"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk("calendar_feeds", "account_id", "accounts", ForeignKeyAction::Cascade))
                    .take(),
            )
            .await?;
        manager.create_index(unique("calendar_feeds", &["token_hash"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("calendar_feeds").take()).await?;
        manager.alter_table(Table::alter().table("cohort_sessions").drop_column("checkin_secret").take()).await?;
        manager.alter_table(Table::alter().table("cohorts").drop_column("attendance_basis").take()).await?;
        manager.alter_table(Table::alter().table("attendances").add_column(boolean("present").default(false).take()).take()).await?;
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE attendances SET present = status IN ('present', 'late')").await?;
        manager.alter_table(Table::alter().table("attendances").drop_column("by_self").take()).await?;
        manager.alter_table(Table::alter().table("attendances").drop_column("status").take()).await?;
        Ok(())
    }
}
