use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::enums::{Category, Dimension, Sex};
use crate::i18n::{k, t};
use crate::lang::Lang;

/// A count for one category of learners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    /// `None` for people without a category.
    pub category: Option<Category>,
    pub learners: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RegionFigures {
    pub region: String,
    pub learners: u64,
    pub modules_completed: u64,
    pub attestations: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CohortFigures {
    pub cohort_id: i64,
    pub name: String,
    pub region: String,
    pub learners: u64,
    pub modules_completed: u64,
    pub attestations: u64,
}

/// The programme's "En chiffres": people trained by category, modules
/// completed, attestations issued, by region and by cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Summary {
    /// Distinct people enrolled in at least one cohort.
    pub learners: u64,
    pub by_category: Vec<CategoryCount>,
    pub modules_completed: u64,
    /// Valid module attestations.
    pub attestations: u64,
    /// Valid programme certificates.
    pub certificates: u64,
    pub by_region: Vec<RegionFigures>,
    pub by_cohort: Vec<CohortFigures>,
}

/// The figures of one group (or of everyone): people enrolled, trained
/// (finished at least one module) and certified (a programme certificate)
/// in the period, and what they did in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Figures {
    /// People whose enrolment was made in the period.
    pub enrolled: u64,
    /// People who completed at least one module in the period.
    pub trained: u64,
    /// People issued a programme certificate in the period (still valid).
    pub certified: u64,
    /// People present at one workshop session at least.
    pub attendees: u64,
    pub completions: u64,
    /// Module attestations issued in the period (still valid).
    pub attestations: u64,
    /// The nominal hours of the modules completed.
    pub hours: u64,
    /// Hours of the workshop sessions attended, rounded up.
    pub attended_hours: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Group {
    /// A vocabulary code (`female`, `public_actor`), an age band (`15–24`,
    /// `50+`, `<15`), a name (region, organisation, cohort, programme), or
    /// `not_stated`.
    pub key: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Breakdown {
    pub dimension: Dimension,
    pub groups: Vec<Group>,
}

/// Which people and which period the indicators count; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct IndicatorQuery {
    /// First day of the period (included).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day of the period (included).
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub programme_id: Option<i64>,
    #[serde(default)]
    pub cohort_id: Option<i64>,
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// The person's region (their own, else their organisation's).
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "server", param(min_length = 1, max_length = 100))]
    pub region: Option<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Lower bounds of the age bands, increasing: `15,25,35,50` (the default)
    /// gives 15–24, 25–34, 35–49, 50+. Ages are reckoned at the end of the period.
    #[serde(default)]
    #[validate(length(min = 1, max = 60), custom(function = "crate::validation::age_bands"))]
    #[cfg_attr(feature = "server", param(min_length = 1, max_length = 60, pattern = r"^[0-9]{1,3}(,[0-9]{1,3})*$"))]
    pub age_bands: Option<String>,
    /// Exports only: a count of one to four is written "<5" (always, for a
    /// partner manager; on request, for an administrator preparing a donor's file).
    #[serde(default)]
    pub masked: Option<bool>,
}

/// The indicators for a period: the totals and every breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Indicators {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub age_bands: Vec<u32>,
    pub total: Figures,
    pub breakdowns: Vec<Breakdown>,
}

/// The group of people whose profile does not say (sex, age, category, region…).
pub const NOT_STATED: &str = "not_stated";

/// A group's name in the reader's language: a vocabulary's label, "not
/// stated", or the key itself (an age band, a region's or a cohort's name).
pub fn group_label(dimension: Dimension, key: &str, lang: Lang) -> String {
    if key == NOT_STATED {
        return t(lang, k::INDICATORS_NOT_STATED).to_string();
    }
    match dimension {
        Dimension::Sex => Sex::parse(key).map_or_else(|| key.to_string(), |s| t(lang, s.label_key()).to_string()),
        Dimension::Category => Category::parse(key).map_or_else(|| key.to_string(), |c| t(lang, c.label_key()).to_string()),
        _ => key.to_string(),
    }
}
