//! The curriculum file format (`assets/curricula/*.toml`) and its checks.
//!
//! A file describes one programme: its families, its modules with
//! prerequisites, and each module's starting content and assessment. Parsing
//! and checking are pure; `store::curriculum` writes a checked file.
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use shared::api::LocalizedText;
use shared::api::assessments::{AssessmentDefinition, CriterionDefinition, QuestionDefinition};
use shared::api::evaluations::EvaluationDefinition;
use shared::enums::{AssessmentKind, ModuleStatus};
use validator::Validate as _;

use crate::domain::prerequisites::{Graph, Group};
use crate::domain::publication::{self, AssessmentShape, Gap};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CurriculumFile {
    pub code: String,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<LocalizedText>,
    pub issuer: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bilingual_attestations: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub families: Vec<FamilySpec>,
    pub modules: Vec<ModuleSpec>,
    /// The programme's own evaluations (before its first module, at its end).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<EvaluationDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    pub code: String,
    pub title: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleSpec {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<LocalizedText>,
    pub hours: u32,
    /// A file's modules are published unless it says otherwise (a file is
    /// checked whole before it loads); a reload leaves the status alone
    /// unless the file names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ModuleStatus>,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u32,
    /// Shorthand for one group requiring all of these modules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Further groups, for "N of this set".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<GroupSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentSpec>,
    /// The module's evaluations (knowledge test before and after it, questionnaire at its end).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<EvaluationDefinition>,
}

pub fn default_pass_mark() -> u32 {
    60
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub modules: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_required: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: String,
    /// Arabic and English versions; French is required and the fallback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A document, by its path relative to the curriculum file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

/// A module's assessment in a file: the API's definition, its pass mark
/// said once on the module.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSpec {
    pub kind: AssessmentKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub accepts_file: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_types: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub shuffle: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionDefinition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric: Vec<CriterionDefinition>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl AssessmentSpec {
    pub fn definition(&self, pass_mark: u32) -> AssessmentDefinition {
        AssessmentDefinition {
            kind: self.kind,
            title: self.title.clone(),
            title_ar: self.title_ar.clone(),
            title_en: self.title_en.clone(),
            instructions: self.instructions.clone(),
            instructions_ar: self.instructions_ar.clone(),
            instructions_en: self.instructions_en.clone(),
            pass_mark,
            max_attempts: self.max_attempts,
            accepts_file: self.accepts_file,
            accepted_types: self.accepted_types.clone(),
            shuffle: self.shuffle,
            questions: self.questions.clone(),
            rubric: self.rubric.clone(),
        }
    }

    /// The file's form of a definition, and the pass mark the module carries.
    pub fn of(definition: AssessmentDefinition) -> (AssessmentSpec, u32) {
        let spec = AssessmentSpec {
            kind: definition.kind,
            title: definition.title,
            title_ar: definition.title_ar,
            title_en: definition.title_en,
            instructions: definition.instructions,
            instructions_ar: definition.instructions_ar,
            instructions_en: definition.instructions_en,
            max_attempts: definition.max_attempts,
            accepts_file: definition.accepts_file,
            accepted_types: definition.accepted_types,
            shuffle: definition.shuffle,
            questions: definition.questions,
            rubric: definition.rubric,
        };
        (spec, definition.pass_mark)
    }
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

/// Parses and checks a curriculum file; every problem found is reported, each
/// naming what is wrong.
pub fn parse(text: &str) -> Result<CurriculumFile, Vec<String>> {
    let file: CurriculumFile = toml::from_str(text).map_err(|e| vec![e.to_string().trim().to_string()])?;
    let problems = check(&file);
    if problems.is_empty() { Ok(file) } else { Err(problems) }
}

/// A programme as a file `parse` reads back to the same programme.
pub fn to_toml(file: &CurriculumFile) -> anyhow::Result<String> {
    let body = toml::to_string_pretty(file)?;
    Ok(format!("# Exported by `cursus curriculum export {}`; `cursus curriculum load` reads it back.\n\n{body}", file.code))
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
        for section in &module.sections {
            if let Some(path) = &section.document {
                let relative = std::path::Path::new(path).components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if !relative || path.is_empty() {
                    problems.push(format!("{here}: document `{path}` must be a path inside the curriculum's folder"));
                }
                if section.body.is_some() || section.url.is_some() {
                    problems.push(format!("{here}: section `{}` is a document and cannot also have a body or url", section.title));
                }
            }
        }
        // A module learners will see must be completable; a draft may be
        // unfinished (its authors complete it in the browser, then publish).
        let published = module.status.is_none_or(|s| s == ModuleStatus::Published);
        match &module.assessment {
            Some(assessment) => problems.extend(check_assessment(&here, module.pass_mark, assessment, published)),
            None if published => problems.push(format!("{here}: {}", Gap::NoAssessment)),
            None => {}
        }
    }
    if let Some(cycle) = graph.find_cycle(None) {
        problems.push(format!("prerequisite cycle: {}", cycle.join(" → ")));
    }
    problems.extend(check_evaluations("the programme", &file.evaluations));
    for module in &file.modules {
        problems.extend(check_evaluations(&format!("module `{}`", module.code), &module.evaluations));
    }
    problems
}

/// The rules the API holds authors to, and one evaluation of each kind per place.
fn check_evaluations(here: &str, evaluations: &[EvaluationDefinition]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut kinds = HashSet::new();
    for e in evaluations {
        if !kinds.insert(e.kind) {
            problems.push(format!("{here}: more than one {} evaluation", e.kind));
        }
        if let Err(errors) = e.validate() {
            problems.extend(
                shared::validation::field_errors(&errors, shared::lang::Lang::En)
                    .into_iter()
                    .map(|f| format!("{here}: evaluation {}: {}", f.field, f.message)),
            );
        }
        for (field, code) in crate::domain::evaluation::check(e) {
            let message = shared::i18n::Key::by_name(&format!("validation.{code}")).map_or(code, |k| shared::i18n::t(shared::lang::Lang::En, k));
            problems.push(format!("{here}: evaluation {field}: {message}"));
        }
    }
    problems
}

fn check_assessment(here: &str, pass_mark: u32, assessment: &AssessmentSpec, published: bool) -> Vec<String> {
    let definition = assessment.definition(pass_mark);
    let gaps = if published { publication::assessment_gaps(&AssessmentShape::of(&definition)) } else { Vec::new() };
    let mut problems: Vec<String> = gaps.into_iter().filter(|g| *g != Gap::PassMarkOutOfRange).map(|g| format!("{here}: {g}")).collect();
    // The limits the API holds authors to hold in a file too (the pass mark is checked above).
    if let Err(errors) = definition.validate() {
        problems.extend(
            shared::validation::field_errors(&errors, shared::lang::Lang::En)
                .into_iter()
                .filter(|e| e.field != "pass_mark")
                .map(|e| format!("{here}: assessment.{}: {}", e.field, e.message)),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code = \"T\"\nissuer = \"X\"\ntitle = { fr = \"T\" }\n";

    fn module(code: &str, requires: &[&str]) -> String {
        let reqs: Vec<String> = requires.iter().map(|r| format!("\"{r}\"")).collect();
        format!("[[modules]]\ncode = \"{code}\"\nhours = 4\ntitle = {{ fr = \"{code}\" }}\nstatus = \"draft\"\nrequires = [{}]\n", reqs.join(", "))
    }

    #[test]
    fn a_published_module_must_be_completable_a_draft_may_be_unfinished() {
        let published =
            format!("{HEADER}[[modules]]\ncode = \"A\"\nhours = 4\ntitle = {{ fr = \"A\" }}\n[modules.assessment]\nkind = \"quiz\"\ntitle = \"Q\"\n");
        assert_eq!(parse(&published).expect_err("incomplete"), vec!["module `A`: a quiz needs questions".to_string()]);
        let bare = format!("{HEADER}[[modules]]\ncode = \"A\"\nhours = 4\ntitle = {{ fr = \"A\" }}\n");
        assert!(parse(&bare).expect_err("no assessment")[0].contains("needs an assessment"));
        assert!(parse(&published.replace("hours = 4", "hours = 4\nstatus = \"draft\"")).is_ok());
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
