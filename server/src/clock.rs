//! Time, rounded to the microsecond so a value written to PostgreSQL or SQLite
//! reads back equal.
use chrono::{DateTime, DurationRound, TimeDelta, Utc};

pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(now)
}
