//! The programme's indicators, as donors ask for them: who was enrolled,
//! trained (finished at least one module) and certified (a programme
//! certificate), how many completions, attestations and hours — each broken
//! down by sex, age band, category, region, organisation, cohort and
//! programme. The store reads the facts; the counting is here, pure.
use std::collections::{BTreeMap, HashMap, HashSet};

use shared::api::reports::{Figures, NOT_STATED};
use shared::enums::{Category, Dimension, Sex};

/// What a person's profile says, as the breakdowns read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub category: Option<Category>,
    /// The person's own, else their organisation's.
    pub region: Option<String>,
    pub organisation: Option<String>,
}

/// What one person did in one cohort within the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fact {
    pub account_id: i64,
    pub cohort_id: i64,
    /// The enrolment was made within the period.
    pub enrolled: bool,
    pub completions: u64,
    pub attestations: u64,
    pub certificates: u64,
    /// The nominal hours of the modules completed.
    pub hours: u64,
    /// Minutes of the sessions the person attended.
    pub attended_minutes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortLabel {
    pub cohort: String,
    pub programme: String,
}

/// Age bands by their lower bounds, in years: `[15, 25, 35, 50]` gives
/// 15–24, 25–34, 35–49 and 50+, and "under 15" for anyone younger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeBands(Vec<u32>);

pub const DEFAULT_AGE_BANDS: [u32; 4] = [15, 25, 35, 50];

impl Default for AgeBands {
    fn default() -> AgeBands {
        AgeBands(DEFAULT_AGE_BANDS.to_vec())
    }
}

impl AgeBands {
    /// Bounds strictly increasing, between 1 and 120, at most 12 of them.
    pub fn new(bounds: Vec<u32>) -> Option<AgeBands> {
        let increasing = bounds.windows(2).all(|w| w[0] < w[1]);
        let plausible = bounds.iter().all(|b| (1..=120).contains(b));
        (!bounds.is_empty() && bounds.len() <= 12 && increasing && plausible).then_some(AgeBands(bounds))
    }

    pub fn bounds(&self) -> &[u32] {
        &self.0
    }

    /// The band of someone `age` years old: "15–24", "50+", "<15".
    pub fn band(&self, age: i32) -> String {
        let Some(first) = self.0.first() else { return NOT_STATED.to_string() };
        let age = u32::try_from(age).unwrap_or(0);
        if age < *first {
            return format!("<{first}");
        }
        let i = self.0.iter().rposition(|b| *b <= age).unwrap_or(0);
        match self.0.get(i + 1) {
            Some(next) => format!("{}–{}", self.0[i], next - 1),
            None => format!("{}+", self.0[i]),
        }
    }

    /// Every band in order, youngest first, for tables that show empty rows too.
    pub fn labels(&self) -> Vec<String> {
        let mut labels = Vec::with_capacity(self.0.len() + 1);
        if let Some(first) = self.0.first() {
            labels.push(format!("<{first}"));
        }
        for (i, lower) in self.0.iter().enumerate() {
            labels.push(match self.0.get(i + 1) {
                Some(next) => format!("{lower}–{}", next - 1),
                None => format!("{lower}+"),
            });
        }
        labels
    }
}

/// People counted once per group however many facts they have there.
#[derive(Default)]
struct Tally {
    enrolled: HashSet<i64>,
    trained: HashSet<i64>,
    certified: HashSet<i64>,
    attendees: HashSet<i64>,
    completions: u64,
    attestations: u64,
    hours: u64,
    attended_minutes: u64,
}

impl Tally {
    fn add(&mut self, fact: &Fact) {
        let id = fact.account_id;
        if fact.enrolled {
            self.enrolled.insert(id);
        }
        if fact.completions > 0 {
            self.trained.insert(id);
        }
        if fact.certificates > 0 {
            self.certified.insert(id);
        }
        if fact.attended_minutes > 0 {
            self.attendees.insert(id);
        }
        self.completions += fact.completions;
        self.attestations += fact.attestations;
        self.hours += fact.hours;
        self.attended_minutes += fact.attended_minutes;
    }

    fn figures(&self) -> Figures {
        let count = |set: &HashSet<i64>| u64::try_from(set.len()).unwrap_or(u64::MAX);
        Figures {
            enrolled: count(&self.enrolled),
            trained: count(&self.trained),
            certified: count(&self.certified),
            attendees: count(&self.attendees),
            completions: self.completions,
            attestations: self.attestations,
            hours: self.hours,
            attended_hours: self.attended_minutes.div_ceil(60),
        }
    }

    fn is_empty(&self) -> bool {
        self.enrolled.is_empty() && self.trained.is_empty() && self.certified.is_empty() && self.attendees.is_empty() && self.attestations == 0
    }
}

/// The inputs of a count: the people, their facts, the cohorts' names, and
/// the year ages are reckoned in (the end of the period).
pub struct Facts<'a> {
    pub people: &'a HashMap<i64, Person>,
    pub facts: &'a [Fact],
    pub cohorts: &'a HashMap<i64, CohortLabel>,
    pub bands: &'a AgeBands,
    pub age_in: i32,
}

impl Facts<'_> {
    /// The group a fact falls in along `dimension`.
    pub fn key(&self, dimension: Dimension, fact: &Fact) -> String {
        let person = self.people.get(&fact.account_id);
        let stated = |value: Option<String>| value.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| NOT_STATED.to_string());
        match dimension {
            Dimension::Sex => person.map_or(Sex::NotStated, |p| p.sex).as_str().to_string(),
            Dimension::AgeBand => stated(person.and_then(|p| p.birth_year).map(|year| self.bands.band(self.age_in - year))),
            Dimension::Category => stated(person.and_then(|p| p.category).map(|c| c.as_str().to_string())),
            Dimension::Region => stated(person.and_then(|p| p.region.clone())),
            Dimension::Organisation => stated(person.and_then(|p| p.organisation.clone())),
            Dimension::Cohort => stated(self.cohorts.get(&fact.cohort_id).map(|c| c.cohort.clone())),
            Dimension::Programme => stated(self.cohorts.get(&fact.cohort_id).map(|c| c.programme.clone())),
        }
    }

    pub fn total(&self) -> Figures {
        let mut tally = Tally::default();
        self.facts.iter().for_each(|f| tally.add(f));
        tally.figures()
    }

    /// Every group of a closed vocabulary (sex, age band, category), in its
    /// own order; none for open ones (region, organisation…).
    pub fn closed_groups(&self, dimension: Dimension) -> Option<Vec<String>> {
        match dimension {
            Dimension::Sex => Some(Sex::ALL.iter().map(|s| s.as_str().to_string()).collect()),
            Dimension::AgeBand => Some(self.bands.labels().into_iter().chain([NOT_STATED.to_string()]).collect()),
            Dimension::Category => Some(Category::ALL.iter().map(|c| c.as_str().to_string()).chain([NOT_STATED.to_string()]).collect()),
            _ => None,
        }
    }

    /// The groups of one breakdown: closed vocabularies (sex, age band,
    /// category) in their own order with empty groups shown, open ones
    /// (region, organisation…) by name; "not stated" last.
    pub fn breakdown(&self, dimension: Dimension) -> Vec<(String, Figures)> {
        let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
        for fact in self.facts {
            groups.entry(self.key(dimension, fact)).or_default().add(fact);
        }
        match self.closed_groups(dimension) {
            Some(order) => order.into_iter().map(|key| (key.clone(), groups.remove(&key).unwrap_or_default().figures())).collect(),
            None => {
                let unstated = groups.remove(NOT_STATED);
                let mut rows: Vec<(String, Figures)> = groups.into_iter().filter(|(_, t)| !t.is_empty()).map(|(k, t)| (k, t.figures())).collect();
                rows.extend(unstated.filter(|t| !t.is_empty()).map(|t| (NOT_STATED.to_string(), t.figures())));
                rows
            }
        }
    }
}

/// Small cells, for figures that leave the organisation: a count of one to
/// four people could single someone out, so it is shown as "<5".
pub fn masked(count: u64) -> String {
    if (1..5).contains(&count) { "<5".to_string() } else { count.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(sex: Sex, birth_year: Option<i32>, region: &str) -> Person {
        Person { sex, birth_year, category: Some(Category::PublicActor), region: Some(region.to_string()), organisation: Some("ENA".to_string()) }
    }

    #[test]
    fn age_bands_cover_every_age() {
        let bands = AgeBands::default();
        assert_eq!(bands.labels(), ["<15", "15–24", "25–34", "35–49", "50+"]);
        assert_eq!(
            [14, 15, 24, 25, 34, 35, 49, 50, 90].map(|a| bands.band(a)),
            ["<15", "15–24", "15–24", "25–34", "25–34", "35–49", "35–49", "50+", "50+"]
        );
        let custom = AgeBands::new(vec![18, 30]).expect("valid");
        assert_eq!(custom.labels(), ["<18", "18–29", "30+"]);
        assert_eq!(AgeBands::new(vec![30, 18]), None);
        assert_eq!(AgeBands::new(vec![]), None);
        assert_eq!(AgeBands::new(vec![0, 10]), None);
    }

    #[test]
    fn people_are_counted_once_per_group_and_figures_by_what_they_did() {
        let people = HashMap::from([
            (1, person(Sex::Female, Some(2000), "Fès-Meknès")),
            (2, person(Sex::Female, Some(1990), "Fès-Meknès")),
            (3, person(Sex::Male, Some(1970), "Tunis")),
            (4, Person { sex: Sex::NotStated, birth_year: None, category: None, region: None, organisation: None }),
        ]);
        let cohorts = HashMap::from([
            (10, CohortLabel { cohort: "Fès 2026".into(), programme: "Takwia".into() }),
            (11, CohortLabel { cohort: "Tunis 2026".into(), programme: "PASC".into() }),
        ]);
        let facts = vec![
            // Person 1 in two cohorts: one person, two completions.
            Fact { account_id: 1, cohort_id: 10, enrolled: true, completions: 2, attestations: 2, hours: 20, ..Fact::default() },
            Fact { account_id: 1, cohort_id: 11, enrolled: true, completions: 1, attestations: 1, certificates: 1, hours: 8, attended_minutes: 90 },
            Fact { account_id: 2, cohort_id: 10, enrolled: true, ..Fact::default() },
            // Enrolled before the period, trained within it.
            Fact {
                account_id: 3,
                cohort_id: 11,
                enrolled: false,
                completions: 1,
                attestations: 1,
                hours: 10,
                attended_minutes: 30,
                ..Fact::default()
            },
            Fact { account_id: 4, cohort_id: 11, enrolled: true, ..Fact::default() },
        ];
        let bands = AgeBands::default();
        let all = Facts { people: &people, facts: &facts, cohorts: &cohorts, bands: &bands, age_in: 2026 };
        let total = all.total();
        assert_eq!(
            total,
            Figures { enrolled: 3, trained: 2, certified: 1, attendees: 2, completions: 4, attestations: 4, hours: 38, attended_hours: 2 }
        );
        let by_sex = all.breakdown(Dimension::Sex);
        assert_eq!(
            by_sex.iter().map(|(k, f)| (k.as_str(), f.enrolled, f.trained)).collect::<Vec<_>>(),
            [("female", 2, 1), ("male", 0, 1), ("not_stated", 1, 0)]
        );
        let by_age = all.breakdown(Dimension::AgeBand);
        assert_eq!(
            by_age.iter().map(|(k, f)| (k.as_str(), f.enrolled)).collect::<Vec<_>>(),
            [("<15", 0), ("15–24", 0), ("25–34", 1), ("35–49", 1), ("50+", 0), ("not_stated", 1)]
        );
        let by_region = all.breakdown(Dimension::Region);
        assert_eq!(by_region.iter().map(|(k, f)| (k.as_str(), f.trained)).collect::<Vec<_>>(), [("Fès-Meknès", 1), ("Tunis", 1), ("not_stated", 0)]);
        let by_cohort = all.breakdown(Dimension::Cohort);
        assert_eq!(
            by_cohort.iter().map(|(k, f)| (k.as_str(), f.enrolled, f.completions)).collect::<Vec<_>>(),
            [("Fès 2026", 2, 2), ("Tunis 2026", 2, 2)]
        );
    }

    #[test]
    fn one_to_four_is_a_small_cell() {
        assert_eq!([0, 1, 4, 5, 120].map(masked), ["0", "<5", "<5", "5", "120"]);
    }
}
