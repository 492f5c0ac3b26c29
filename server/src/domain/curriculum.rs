//! The curriculum file format (`assets/curricula/*.toml`) and its checks.
//!
//! A file describes one programme: its families, its modules with
//! prerequisites, and each module's starting content and assessment. Parsing
//! and checking are pure; `store::curriculum` writes a checked file.
use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use shared::api::LocalizedText;
use shared::enums::AssessmentKind;

use crate::domain::prerequisites::{Graph, Group};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurriculumFile {
    pub code: String,
    pub title: LocalizedText,
    #[serde(default)]
    pub summary: Option<LocalizedText>,
    pub issuer: String,
    #[serde(default)]
    pub bilingual_attestations: bool,
    #[serde(default)]
    pub families: Vec<FamilySpec>,
    pub modules: Vec<ModuleSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    pub code: String,
    pub title: LocalizedText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleSpec {
    pub code: String,
    #[serde(default)]
    pub family: Option<String>,
    pub title: LocalizedText,
    #[serde(default)]
    pub summary: Option<LocalizedText>,
    pub hours: u32,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u32,
    /// Shorthand for one group requiring all of these modules.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Further groups, for "N of this set".
    #[serde(default)]
    pub prerequisites: Vec<GroupSpec>,
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    #[serde(default)]
    pub assessment: Option<AssessmentSpec>,
}

fn default_pass_mark() -> u32 {
    60
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub modules: Vec<String>,
    #[serde(default)]
    pub min_required: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSpec {
    pub kind: AssessmentKind,
    pub title: String,
    #[serde(default)]
    pub instructions: Option<String>,
    #[serde(default)]
    pub max_attempts: Option<u32>,
    #[serde(default)]
    pub accepts_file: bool,
    #[serde(default)]
    pub questions: Vec<QuestionSpec>,
    #[serde(default)]
    pub rubric: Vec<CriterionSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    pub choices: Vec<ChoiceSpec>,
}

fn default_points() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceSpec {
    pub label: String,
    #[serde(default)]
    pub correct: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionSpec {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub levels: Vec<LevelSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    pub title: String,
    pub points: u32,
}

impl ModuleSpec {
    /// All prerequisite groups, the `requires` shorthand first.
    pub fn groups(&self) -> Vec<Group<String>> {
        let mut groups = Vec::new();
        if !self.requires.is_empty() {
            groups.push(Group { members: self.requires.clone(), min_required: None });
        }
        groups.extend(self.prerequisites.iter().map(|g| Group { members: g.modules.clone(), min_required: g.min_required }));
        groups
    }
}

impl QuestionSpec {
    /// Several correct choices make a multiple-choice question.
    pub fn is_multiple(&self) -> bool {
        self.choices.iter().filter(|c| c.correct).count() > 1
    }
}

/// Parses and checks a curriculum file; every problem found is reported, each
/// naming what is wrong.
pub fn parse(text: &str) -> Result<CurriculumFile, Vec<String>> {
    let file: CurriculumFile = toml::from_str(text).map_err(|e| vec![e.to_string().trim().to_string()])?;
    let problems = check(&file);
    if problems.is_empty() { Ok(file) } else { Err(problems) }
}

pub fn check(file: &CurriculumFile) -> Vec<String> {
    let mut problems = Vec::new();
    if shared::validation::code_format(&file.code).is_err() {
        problems.push(format!("invalid programme code `{}`", file.code));
    }
    let mut families = HashSet::new();
    for family in &file.families {
        if !families.insert(family.code.as_str()) {
            problems.push(format!("duplicate family code `{}`", family.code));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for module in &file.modules {
        *seen.entry(module.code.as_str()).or_default() += 1;
    }
    let mut duplicates: Vec<&str> = seen.iter().filter(|(_, n)| **n > 1).map(|(c, _)| *c).collect();
    duplicates.sort_unstable();
    for code in duplicates {
        problems.push(format!("duplicate module code `{code}`"));
    }
    let mut graph = Graph::new();
    for module in &file.modules {
        let here = format!("module `{}`", module.code);
        if shared::validation::code_format(&module.code).is_err() {
            problems.push(format!("{here}: invalid code"));
        }
        if let Some(family) = &module.family
            && !families.contains(family.as_str())
        {
            problems.push(format!("{here}: unknown family `{family}`"));
        }
        if module.hours == 0 {
            problems.push(format!("{here}: hours must be at least 1"));
        }
        if !(1..=100).contains(&module.pass_mark) {
            problems.push(format!("{here}: pass_mark must be between 1 and 100"));
        }
        let groups = module.groups();
        for group in &groups {
            for member in &group.members {
                if !seen.contains_key(member.as_str()) {
                    problems.push(format!("{here}: unknown module `{member}` in its prerequisites"));
                }
            }
            if let Some(n) = group.min_required
                && (n == 0 || shared::num::index(n) > group.members.len())
            {
                problems.push(format!("{here}: min_required {n} does not fit a group of {}", group.members.len()));
            }
        }
        graph.set_requirements(module.code.clone(), &groups);
        if let Some(assessment) = &module.assessment {
            problems.extend(check_assessment(&here, assessment));
        }
    }
    if let Some(cycle) = graph.find_cycle(None) {
        problems.push(format!("prerequisite cycle: {}", cycle.join(" → ")));
    }
    problems
}

fn check_assessment(here: &str, assessment: &AssessmentSpec) -> Vec<String> {
    let mut problems = Vec::new();
    match assessment.kind {
        AssessmentKind::Quiz => {
            if assessment.questions.is_empty() {
                problems.push(format!("{here}: a quiz needs questions"));
            }
            for (i, q) in assessment.questions.iter().enumerate() {
                if q.choices.len() < 2 {
                    problems.push(format!("{here}: question {} needs at least two choices", i + 1));
                }
                if !q.choices.iter().any(|c| c.correct) {
                    problems.push(format!("{here}: question {} has no correct choice", i + 1));
                }
            }
        }
        AssessmentKind::Assignment => {
            if assessment.rubric.is_empty() {
                problems.push(format!("{here}: an assignment needs a rubric"));
            }
            for criterion in &assessment.rubric {
                if criterion.levels.is_empty() {
                    problems.push(format!("{here}: criterion `{}` has no levels", criterion.title));
                }
            }
        }
    }
    if assessment.max_attempts == Some(0) {
        problems.push(format!("{here}: max_attempts must be at least 1"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code = \"T\"\nissuer = \"X\"\ntitle = { fr = \"T\" }\n";

    fn module(code: &str, requires: &[&str]) -> String {
        let reqs: Vec<String> = requires.iter().map(|r| format!("\"{r}\"")).collect();
        format!("[[modules]]\ncode = \"{code}\"\nhours = 4\ntitle = {{ fr = \"{code}\" }}\nrequires = [{}]\n", reqs.join(", "))
    }

    #[test]
    fn a_cycle_is_refused_and_named() {
        let text = format!("{HEADER}{}{}{}", module("A", &["C"]), module("B", &["A"]), module("C", &["B"]));
        let problems = parse(&text).expect_err("cycle");
        assert_eq!(problems, vec!["prerequisite cycle: A → C → B → A".to_string()]);
    }

    #[test]
    fn unknown_references_and_duplicates_are_named() {
        let text = format!("{HEADER}{}{}{}", module("A", &[]), module("A", &[]), module("B", &["Z"]));
        let problems = parse(&text).expect_err("invalid");
        assert!(problems.contains(&"duplicate module code `A`".to_string()), "{problems:?}");
        assert!(problems.contains(&"module `B`: unknown module `Z` in its prerequisites".to_string()), "{problems:?}");
    }

    #[test]
    fn shipped_curricula_are_valid() {
        for name in ["takwia.toml", "pasc.toml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/curricula").join(name);
            let text = std::fs::read_to_string(&path).expect("shipped file exists");
            let file = parse(&text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
            assert!(file.modules.iter().all(|m| m.assessment.is_some()), "{name}: every module is assessed");
            if name == "takwia.toml" {
                assert_eq!(file.modules.len(), 16);
                assert_eq!(file.families.len(), 2);
            }
        }
    }
}
