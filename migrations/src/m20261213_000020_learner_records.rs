//! A version number per learner's record, raised by the database itself
//! whenever one of their completions, attempts or programme certificates is
//! written, so that every process may keep a learner's computed map and know
//! for certain, from one small row, whether it still holds. Triggers rather
//! than code: a write path that forgot to raise the number would serve a
//! learner a stale map, and the bulk paths (imports, seeding, the workers)
//! write these tables too.
//!
//! No foreign key to `accounts`: when an account is deleted its rows go by
//! cascade, whose triggers would then write a row for an account that no
//! longer exists. An orphan number is harmless; a number is never lowered,
//! so a process never mistakes an old map for a current one.
//!
//! Also the covering indexes the record's own query reads: a learner's
//! completions and attempts lie together in one index page each, instead of
//! one table page per row scattered across years of history.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each table, with the columns the map reads: other updates (the worker
/// clearing `attestation_due`, say) leave the number alone.
const TABLES: [(&str, &str); 3] = [
    ("completions", "account_id, module_id, completed_at"),
    ("attempts", "account_id, assessment_id, status, score_percent"),
    ("programme_completions", "account_id, programme_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("CREATE TABLE learner_records (account_id BIGINT NOT NULL PRIMARY KEY, version BIGINT NOT NULL)").await?;
        let bump = |who: &str| {
            format!(
                "INSERT INTO learner_records (account_id, version) VALUES ({who}.account_id, 1) \
                 ON CONFLICT (account_id) DO UPDATE SET version = learner_records.version + 1"
            )
        };
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION learner_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN \
                       IF TG_OP = 'DELETE' THEN {}; ELSE {}; END IF; \
                       IF TG_OP = 'UPDATE' AND OLD.account_id <> NEW.account_id THEN {}; END IF; \
                       RETURN NULL; \
                     END $$",
                    bump("OLD"),
                    bump("NEW"),
                    bump("OLD")
                ))
                .await?;
                for (table, columns) in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER tr_{table}_record AFTER INSERT OR UPDATE OF {columns} OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION learner_record_changed()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (table, columns) in TABLES {
                    for (name, event, who) in [
                        ("insert", "INSERT".to_string(), "NEW"),
                        ("update", format!("UPDATE OF {columns}"), "NEW"),
                        ("delete", "DELETE".to_string(), "OLD"),
                    ] {
                        let extra = if name == "update" { format!("{}; ", bump("OLD")) } else { String::new() };
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER tr_{table}_record_{name} AFTER {event} ON {table} FOR EACH ROW BEGIN {extra}{}; END",
                            bump(who)
                        ))
                        .await?;
                    }
                }
            }
        }
        db.execute_unprepared("CREATE INDEX ix_completions_record ON completions (account_id, module_id, completed_at)").await?;
        db.execute_unprepared("CREATE INDEX ix_attempts_record ON attempts (account_id, assessment_id, status, score_percent)").await?;
        db.execute_unprepared("DROP INDEX ix_attempts_account_id").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("CREATE INDEX ix_attempts_account_id ON attempts (account_id)").await?;
        db.execute_unprepared("DROP INDEX ix_attempts_record").await?;
        db.execute_unprepared("DROP INDEX ix_completions_record").await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for (table, _) in TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER tr_{table}_record ON {table}")).await?;
                }
                db.execute_unprepared("DROP FUNCTION learner_record_changed()").await?;
            }
            _ => {
                for (table, _) in TABLES {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER tr_{table}_record_{event}")).await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE learner_records").await?;
        Ok(())
    }
}
