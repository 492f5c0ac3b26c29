use serde::{Deserialize, Serialize};

use crate::enums::Category;

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
