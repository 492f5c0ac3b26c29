//! Whether a cohort takes more people: the one rule behind enrolling one by
//! one, by file, by join link, and what the catalogue tells a learner.
use chrono::NaiveDate;
use shared::enums::Availability;

/// A cohort is over once its last day has passed; until then it takes people.
pub fn has_ended(today: NaiveDate, ends_on: NaiveDate) -> bool {
    today > ends_on
}

pub fn places_left(capacity: u64, enrolled: u64) -> u64 {
    capacity.saturating_sub(enrolled)
}

/// What the catalogue says of a cohort to one learner.
pub fn availability(today: NaiveDate, ends_on: NaiveDate, capacity: u64, enrolled: u64, already_in: bool) -> Availability {
    if already_in {
        Availability::Enrolled
    } else if has_ended(today, ends_on) {
        Availability::Ended
    } else if places_left(capacity, enrolled) == 0 {
        Availability::Full
    } else {
        Availability::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn a_learner_is_told_why_a_cohort_takes_nobody() {
        assert_eq!(availability(day(10), day(10), 5, 4, false), Availability::Open, "the last day still counts");
        assert_eq!(availability(day(11), day(10), 5, 0, false), Availability::Ended);
        assert_eq!(availability(day(1), day(10), 5, 5, false), Availability::Full);
        assert_eq!(availability(day(1), day(10), 5, 9, false), Availability::Full, "over capacity after a change");
        assert_eq!(availability(day(11), day(10), 5, 5, true), Availability::Enrolled);
        assert_eq!(places_left(3, 7), 0);
    }
}
