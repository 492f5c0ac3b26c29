//! When a revocation may still be undone. Undoing is for a mistake noticed
//! soon (the wrong learner, a fraud suspicion cleared); a revocation that has
//! stood for weeks has been read by employers, and only a reissue — a new
//! code, the old one still saying revoked — makes the training count again.
use chrono::{DateTime, TimeDelta, Utc};

/// What stands in the way of undoing a revocation, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undo {
    Allowed {
        until: DateTime<Utc>,
    },
    /// The period is over.
    Final,
    /// A reissued attestation replaced it: two would stand for one training.
    Replaced,
}

pub fn undo(revoked_at: DateTime<Utc>, period_days: u32, reissued: bool, now: DateTime<Utc>) -> Undo {
    if reissued {
        return Undo::Replaced;
    }
    let until = revoked_at + TimeDelta::days(i64::from(period_days));
    if now < until { Undo::Allowed { until } } else { Undo::Final }
}

/// A public note as stored: trimmed, and none rather than an empty one.
pub fn public_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 12, day).and_then(|d| d.and_hms_opt(hour, 0, 0)).map(|d| d.and_utc()).expect("a date")
    }

    #[test]
    fn a_revocation_can_be_undone_within_the_period_only() {
        let revoked = at(1, 10);
        assert_eq!(undo(revoked, 7, false, at(8, 9)), Undo::Allowed { until: at(8, 10) });
        assert_eq!(undo(revoked, 7, false, at(8, 10)), Undo::Final, "the period's end is excluded");
        assert_eq!(undo(revoked, 0, false, revoked), Undo::Final, "a period of zero days: never");
    }

    #[test]
    fn a_reissued_attestation_is_not_restored_beside_its_successor() {
        assert_eq!(undo(at(1, 10), 30, true, at(1, 11)), Undo::Replaced);
    }

    #[test]
    fn a_blank_note_is_no_note() {
        assert_eq!(public_note(Some("  ")), None);
        assert_eq!(public_note(Some(" Erreur de saisie ")), Some("Erreur de saisie".into()));
        assert_eq!(public_note(None), None);
    }
}
