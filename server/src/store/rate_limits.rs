//! Rate limits shared by every server process: hits are counted in the
//! database per fixed window, so a client cannot multiply its allowance by
//! reaching several processes behind a load balancer.
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement};

use crate::clock::now;

/// The start of the window of `width` seconds that holds `at`.
fn window_start(at: DateTime<Utc>, width: i64) -> DateTime<Utc> {
    let width = width.max(1);
    let start = at.timestamp().div_euclid(width) * width;
    DateTime::from_timestamp(start, 0).unwrap_or(at)
}

/// Counts one hit of `subject` in `bucket`. `Ok(())` when it is within
/// `limit` hits per `width` seconds, else the seconds until the window ends.
pub async fn hit(db: &impl ConnectionTrait, bucket: &str, subject: &str, limit: u32, width: i64) -> Result<Result<(), u64>, DbErr> {
    let at = now();
    let start = window_start(at, width);
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "INSERT INTO rate_hits (bucket, subject, window_start, hits) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_hits.hits + 1 RETURNING hits"
        }
        _ => {
            "INSERT INTO rate_hits (bucket, subject, window_start, hits) VALUES (?, ?, ?, 1) \
             ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_hits.hits + 1 RETURNING hits"
        }
    };
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [bucket.into(), subject.into(), start.into()])).await?;
    let hits: i32 = row.map(|r| r.try_get("", "hits")).transpose()?.unwrap_or(1);
    if u32::try_from(hits).unwrap_or(u32::MAX) <= limit {
        return Ok(Ok(()));
    }
    let ends = start + TimeDelta::seconds(width);
    Ok(Err(u64::try_from((ends - at).num_seconds()).unwrap_or(0).max(1)))
}

/// Forgets windows that ended before `before`.
pub async fn purge(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => "DELETE FROM rate_hits WHERE window_start < $1",
        _ => "DELETE FROM rate_hits WHERE window_start < ?",
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [before.into()])).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned() {
        let at = DateTime::from_timestamp(1_700_000_123, 0).expect("time");
        assert_eq!(window_start(at, 60).timestamp(), 1_700_000_100);
        assert_eq!(window_start(at, 1).timestamp(), 1_700_000_123);
    }
}
