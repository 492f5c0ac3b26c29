//! Rules of in-person sessions: when a learner may check in, whether they
//! came late, the rotating code a trainer shows, and what share of a module's
//! sessions (or hours) a learner attended.
use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use shared::enums::{AttendanceBasis, AttendanceStatus};

/// A code lives for one window; the one of the window before is still taken,
/// so a code scanned just before it changes goes through.
pub const CODE_WINDOW_SECONDS: i64 = 30;
/// Check-in opens this long before the start (people arrive early) and
/// closes at the session's end.
pub const OPENS_BEFORE_MINUTES: i64 = 30;
/// Checking in later than this after the start records "late".
pub const LATE_AFTER_MINUTES: i64 = 15;

pub fn window_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(CODE_WINDOW_SECONDS)
}

/// When the code of `at`'s window gives way to the next one.
pub fn window_end(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp((window_of(at) + 1) * CODE_WINDOW_SECONDS, 0).unwrap_or(at)
}

/// The code of one session for one window: eight characters of base32 (no
/// 0/1/8/9 to confuse with letters when read aloud or typed).
pub fn code(secret: &str, session_id: i64, window: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("check-in:{session_id}:{window}").as_bytes());
    let digest = mac.finalize().into_bytes();
    data_encoding::BASE32_NOPAD.encode(&digest[..5])
}

/// Whether `given` is the session's code now or in the window just before.
pub fn code_is_current(secret: &str, session_id: i64, given: &str, now: DateTime<Utc>) -> bool {
    let given = given.trim().to_ascii_uppercase();
    let window = window_of(now);
    [window, window - 1].iter().any(|w| crate::secrets::constant_time_eq(&code(secret, session_id, *w), &given))
}

/// A session's check-in window.
pub fn is_open(starts_at: DateTime<Utc>, duration_minutes: u32, now: DateTime<Utc>) -> bool {
    let opens = starts_at - TimeDelta::minutes(OPENS_BEFORE_MINUTES);
    let closes = starts_at + TimeDelta::minutes(i64::from(duration_minutes));
    opens <= now && now <= closes
}

/// What a learner checking in at `now` is recorded as.
pub fn arrival(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> AttendanceStatus {
    if now > starts_at + TimeDelta::minutes(LATE_AFTER_MINUTES) { AttendanceStatus::Late } else { AttendanceStatus::Present }
}

/// One session of a module as it stands for one learner.
#[derive(Debug, Clone, Copy)]
pub struct Seat {
    pub minutes: u32,
    pub status: Option<AttendanceStatus>,
}

/// Share of a module's sessions, or of their hours, a learner attended:
/// (attended, out of). Present and late count as attended; an excused session
/// leaves the count; a session not recorded (or still to come) counts against.
pub fn share(seats: &[Seat], basis: AttendanceBasis) -> (u64, u64) {
    let weight = |seat: &Seat| match basis {
        AttendanceBasis::Sessions => 1,
        AttendanceBasis::Hours => u64::from(seat.minutes),
    };
    let counted = seats.iter().filter(|s| s.status.is_none_or(AttendanceStatus::counts));
    let attended = counted.clone().filter(|s| s.status.is_some_and(AttendanceStatus::attended)).map(weight).sum();
    (attended, counted.map(weight).sum())
}

/// Whether a learner attended enough to complete the module. No minimum, or no
/// session held for the module (or all excused), asks nothing.
pub fn attended_enough(min_percent: Option<u32>, basis: AttendanceBasis, seats: &[Seat]) -> bool {
    let Some(min) = min_percent else { return true };
    let (attended, out_of) = share(seats, basis);
    out_of == 0 || attended * 100 >= u64::from(min) * out_of
}

/// A learner's seats at the given sessions ((id, minutes)), from what is
/// recorded for them (session → status).
pub fn seats_of(sessions: &[(i64, u32)], recorded: Option<&HashMap<i64, AttendanceStatus>>) -> Vec<Seat> {
    sessions.iter().map(|(id, minutes)| Seat { minutes: *minutes, status: recorded.and_then(|r| r.get(id).copied()) }).collect()
}

/// The share as a whole percentage (100 when nothing counts).
pub fn percent(seats: &[Seat], basis: AttendanceBasis) -> u32 {
    let (attended, out_of) = share(seats, basis);
    (attended * 100).checked_div(out_of).map_or(100, |p| u32::try_from(p).unwrap_or(100))
}

/// Whole hours attended, as the attestation prints them.
pub fn hours(seats: &[Seat]) -> u32 {
    seats.iter().filter(|s| s.status.is_some_and(AttendanceStatus::attended)).map(|s| s.minutes).sum::<u32>() / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceStatus::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a time")
    }

    fn seat(minutes: u32, status: Option<AttendanceStatus>) -> Seat {
        Seat { minutes, status }
    }

    #[test]
    fn a_code_is_taken_in_its_window_and_the_next_only() {
        let start = at("2026-12-04T09:00:00Z");
        let now = code("s3cret", 7, window_of(start));
        assert_eq!(now.len(), 8);
        assert!(code_is_current("s3cret", 7, &now, start));
        assert!(code_is_current("s3cret", 7, &now.to_lowercase(), start + TimeDelta::seconds(45)), "case and the next window");
        assert!(!code_is_current("s3cret", 7, &now, start + TimeDelta::seconds(61)), "two windows later");
        assert!(!code_is_current("s3cret", 8, &now, start), "another session");
        assert!(!code_is_current("other", 7, &now, start), "another secret");
        assert!(window_end(start) > start && window_end(start) <= start + TimeDelta::seconds(CODE_WINDOW_SECONDS));
    }

    #[test]
    fn check_in_opens_half_an_hour_early_closes_at_the_end_and_marks_lateness() {
        let start = at("2026-12-04T09:00:00Z");
        assert!(!is_open(start, 120, start - TimeDelta::minutes(31)));
        assert!(is_open(start, 120, start - TimeDelta::minutes(30)));
        assert!(is_open(start, 120, start + TimeDelta::minutes(120)));
        assert!(!is_open(start, 120, start + TimeDelta::minutes(121)));
        assert_eq!(arrival(start, start + TimeDelta::minutes(15)), Present);
        assert_eq!(arrival(start, start + TimeDelta::minutes(16)), Late);
    }

    #[test]
    fn the_share_counts_late_as_attended_and_leaves_excused_out() {
        let seats = [seat(180, Some(Present)), seat(60, Some(Late)), seat(120, Some(Excused)), seat(240, Some(Absent)), seat(60, None)];
        assert_eq!(share(&seats, AttendanceBasis::Sessions), (2, 4));
        assert_eq!(share(&seats, AttendanceBasis::Hours), (240, 540));
        assert!(attended_enough(Some(50), AttendanceBasis::Sessions, &seats));
        assert!(!attended_enough(Some(50), AttendanceBasis::Hours, &seats));
        assert!(attended_enough(None, AttendanceBasis::Hours, &seats));
        assert!(attended_enough(Some(100), AttendanceBasis::Sessions, &[]), "no session asks nothing");
        assert!(attended_enough(Some(100), AttendanceBasis::Sessions, &[seat(60, Some(Excused))]));
        assert_eq!(hours(&seats), 4);
        assert_eq!(percent(&seats, AttendanceBasis::Sessions), 50);
        assert_eq!(percent(&seats, AttendanceBasis::Hours), 44);
        let recorded: HashMap<i64, AttendanceStatus> = [(2, Late)].into();
        let seats = seats_of(&[(1, 60), (2, 90)], Some(&recorded));
        assert_eq!((seats[0].status, seats[1].status, seats[1].minutes), (None, Some(Late), 90));
        assert_eq!(percent(&seats, AttendanceBasis::Hours), 60);
    }
}
