//! The mail outbox. Mail is written here in the same transaction as the change
//! that causes it, and a worker delivers it: an SMTP outage delays mail and
//! loses none. Several processes may share the table: each claims a batch
//! under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so no mail is sent
//! twice by two of them.
use chrono::{DateTime, Utc};
use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseBackend, QuerySelect, Statement};

use shared::enums::OutboxStatus;
use shared::num::i64_of;

use crate::clock::now;
use crate::entities::outbox_mail;
use crate::wake::{self, Work};

#[derive(Debug, Clone)]
pub struct NewMail {
    /// Makes enqueueing idempotent: a second mail with the same key is dropped.
    pub dedupe_key: Option<String>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    /// The storage key of a PDF to attach.
    pub attachment_key: Option<String>,
    pub attachment_name: Option<String>,
}

fn active(mail: NewMail, at: DateTime<Utc>) -> outbox_mail::ActiveModel {
    outbox_mail::ActiveModel {
        dedupe_key: Set(mail.dedupe_key),
        to_address: Set(mail.to_address),
        to_name: Set(mail.to_name),
        subject: Set(mail.subject),
        body_text: Set(mail.body_text),
        body_html: Set(mail.body_html),
        attachment_key: Set(mail.attachment_key),
        attachment_name: Set(mail.attachment_name),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(at),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(at),
        sent_at: Set(None),
        ..Default::default()
    }
}

/// Queues mails (in chunks, for bulk imports); duplicates by key are
/// dropped. Every process's mail worker is told when the transaction commits.
pub async fn enqueue(db: &impl ConnectionTrait, mails: Vec<NewMail>) -> Result<(), DbErr> {
    if mails.is_empty() {
        return Ok(());
    }
    wake::announce(db, Work::Mail).await?;
    let at = now();
    let mut rows = mails.into_iter().map(|m| active(m, at)).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        outbox_mail::Entity::insert_many(chunk)
            .on_conflict(OnConflict::column(outbox_mail::Column::DedupeKey).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Claims up to `batch` due mails for `instance` until `lease_until`.
pub async fn claim(db: &impl ConnectionTrait, instance: &str, batch: u64, lease_until: DateTime<Utc>) -> Result<Vec<outbox_mail::Model>, DbErr> {
    let backend = db.get_database_backend();
    let at = now();
    let (sql, lock) = match backend {
        DatabaseBackend::Postgres => ("$1", " FOR UPDATE SKIP LOCKED"),
        _ => ("?", ""),
    };
    let placeholder = |n: usize| if sql == "$1" { format!("${n}") } else { "?".to_string() };
    let statement = format!(
        "UPDATE outbox_mails SET locked_by = {p1}, locked_until = {p2} WHERE id IN (\
         SELECT id FROM outbox_mails WHERE status = '{pending}' AND next_attempt_at <= {p3} \
         AND (locked_until IS NULL OR locked_until < {p4}) ORDER BY id LIMIT {p5}{lock}) RETURNING id",
        p1 = placeholder(1),
        p2 = placeholder(2),
        p3 = placeholder(3),
        p4 = placeholder(4),
        p5 = placeholder(5),
        pending = OutboxStatus::Pending.as_str(),
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            statement,
            [instance.into(), lease_until.into(), at.into(), at.into(), i64_of(batch).into()],
        ))
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.try_get::<i64>("", "id").ok()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    outbox_mail::Entity::find().filter(outbox_mail::Column::Id.is_in(ids)).all(db).await
}

pub async fn mark_sent(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    outbox_mail::Entity::update_many()
        .col_expr(outbox_mail::Column::Status, Expr::value(OutboxStatus::Sent))
        .col_expr(outbox_mail::Column::SentAt, Expr::value(now()))
        .col_expr(outbox_mail::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_mail::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_mail::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed delivery: retried at `next_attempt_at`, or given up.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i64,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    give_up: bool,
    error: &str,
) -> Result<(), DbErr> {
    outbox_mail::Entity::update_many()
        .col_expr(outbox_mail::Column::Status, Expr::value(if give_up { OutboxStatus::Failed } else { OutboxStatus::Pending }))
        .col_expr(outbox_mail::Column::Attempts, Expr::value(attempts))
        .col_expr(outbox_mail::Column::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(outbox_mail::Column::LastError, Expr::value(error.chars().take(1000).collect::<String>()))
        .col_expr(outbox_mail::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_mail::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_mail::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// When the earliest queued mail falls due (a retry's backoff), if any is queued.
pub async fn next_due(db: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, DbErr> {
    outbox_mail::Entity::find()
        .filter(outbox_mail::Column::Status.eq(OutboxStatus::Pending))
        .select_only()
        .column_as(outbox_mail::Column::NextAttemptAt.min(), "next")
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await
        .map(Option::flatten)
}

pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    outbox_mail::Entity::find().filter(outbox_mail::Column::Status.eq(OutboxStatus::Pending)).count(db).await
}
