//! The assessment builder's form as signals: every learner-facing text in
//! the three languages, and the definition the API takes, read from it.
use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use shared::Lang;
use shared::api::assessments::{AssessmentDefinition, ChoiceDefinition, CriterionDefinition, LevelDefinition, QuestionDefinition};
use shared::enums::AssessmentKind;

use crate::translations::Tri;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// A key that names a row across redraws (focus, `<For>`-like identity).
pub(crate) fn key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone, Copy)]
pub struct ChoiceDraft {
    pub key: u64,
    pub label: Tri,
    pub correct: RwSignal<bool>,
    pub feedback: Tri,
}

#[derive(Clone, Copy)]
pub struct QuestionDraft {
    pub key: u64,
    pub prompt: Tri,
    pub points: RwSignal<String>,
    pub multiple: RwSignal<bool>,
    pub choices: RwSignal<Vec<ChoiceDraft>>,
}

#[derive(Clone, Copy)]
pub struct LevelDraft {
    pub key: u64,
    pub title: Tri,
    pub points: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub struct CriterionDraft {
    pub key: u64,
    pub title: Tri,
    pub description: Tri,
    pub levels: RwSignal<Vec<LevelDraft>>,
}

impl ChoiceDraft {
    fn of(c: &ChoiceDefinition) -> Self {
        ChoiceDraft {
            key: key(),
            label: Tri::new(&c.label, c.label_ar.as_deref(), c.label_en.as_deref()),
            correct: RwSignal::new(c.correct),
            feedback: Tri::optional(c.feedback.as_deref(), c.feedback_ar.as_deref(), c.feedback_en.as_deref()),
        }
    }

    pub fn empty() -> Self {
        ChoiceDraft { key: key(), label: Tri::empty(), correct: RwSignal::new(false), feedback: Tri::empty() }
    }

    fn definition(&self) -> ChoiceDefinition {
        ChoiceDefinition {
            label: self.label.fr_value().trim().to_string(),
            label_ar: self.label.ar_text(),
            label_en: self.label.en_text(),
            correct: self.correct.get(),
            feedback: self.feedback.fr_text(),
            feedback_ar: self.feedback.ar_text(),
            feedback_en: self.feedback.en_text(),
        }
    }
}

impl QuestionDraft {
    pub fn of(q: &QuestionDefinition) -> Self {
        QuestionDraft {
            key: key(),
            prompt: Tri::new(&q.prompt, q.prompt_ar.as_deref(), q.prompt_en.as_deref()),
            points: RwSignal::new(q.points.to_string()),
            multiple: RwSignal::new(q.is_multiple()),
            choices: RwSignal::new(q.choices.iter().map(ChoiceDraft::of).collect()),
        }
    }

    /// The question as the API takes it (read reactively).
    pub fn definition(&self) -> QuestionDefinition {
        QuestionDefinition {
            prompt: self.prompt.fr_value().trim().to_string(),
            prompt_ar: self.prompt.ar_text(),
            prompt_en: self.prompt.en_text(),
            points: number(self.points),
            multiple: self.multiple.get().then_some(true),
            choices: self.choices.get().iter().map(ChoiceDraft::definition).collect(),
        }
    }

    pub fn empty() -> Self {
        QuestionDraft {
            key: key(),
            prompt: Tri::empty(),
            points: RwSignal::new("1".into()),
            multiple: RwSignal::new(false),
            choices: RwSignal::new(vec![ChoiceDraft::empty(), ChoiceDraft::empty()]),
        }
    }
}

impl LevelDraft {
    pub fn empty(points: u32) -> Self {
        LevelDraft { key: key(), title: Tri::empty(), points: RwSignal::new(points.to_string()) }
    }

    fn of(l: &LevelDefinition) -> Self {
        LevelDraft {
            key: key(),
            title: Tri::new(&l.title, l.title_ar.as_deref(), l.title_en.as_deref()),
            points: RwSignal::new(l.points.to_string()),
        }
    }
}

impl CriterionDraft {
    fn of(c: &CriterionDefinition) -> Self {
        CriterionDraft {
            key: key(),
            title: Tri::new(&c.title, c.title_ar.as_deref(), c.title_en.as_deref()),
            description: Tri::optional(c.description.as_deref(), c.description_ar.as_deref(), c.description_en.as_deref()),
            levels: RwSignal::new(c.levels.iter().map(LevelDraft::of).collect()),
        }
    }

    pub fn empty() -> Self {
        CriterionDraft {
            key: key(),
            title: Tri::empty(),
            description: Tri::empty(),
            levels: RwSignal::new(vec![LevelDraft::empty(0), LevelDraft::empty(1)]),
        }
    }
}

/// The whole form's state.
#[derive(Clone, Copy)]
pub struct Draft {
    pub kind: RwSignal<AssessmentKind>,
    pub title: Tri,
    pub instructions: Tri,
    pub pass_mark: RwSignal<String>,
    pub max_attempts: RwSignal<String>,
    pub shuffle: RwSignal<bool>,
    pub accepts_file: RwSignal<bool>,
    pub accepted_types: RwSignal<std::collections::BTreeSet<String>>,
    pub questions: RwSignal<Vec<QuestionDraft>>,
    pub rubric: RwSignal<Vec<CriterionDraft>>,
    /// The language the author writes the texts in.
    pub editing: RwSignal<Lang>,
}

fn text(s: RwSignal<String>) -> Option<String> {
    Some(s.get().trim().to_string()).filter(|t| !t.is_empty())
}

/// An unreadable number is sent as 0 so that the shared rules name the field.
fn number(s: RwSignal<String>) -> u32 {
    s.get().trim().parse().unwrap_or(0)
}

impl Draft {
    pub fn of(d: &AssessmentDefinition) -> Self {
        Draft {
            kind: RwSignal::new(d.kind),
            title: Tri::new(&d.title, d.title_ar.as_deref(), d.title_en.as_deref()),
            instructions: Tri::optional(d.instructions.as_deref(), d.instructions_ar.as_deref(), d.instructions_en.as_deref()),
            pass_mark: RwSignal::new(d.pass_mark.to_string()),
            max_attempts: RwSignal::new(d.max_attempts.map(|n| n.to_string()).unwrap_or_default()),
            shuffle: RwSignal::new(d.shuffle),
            accepts_file: RwSignal::new(d.accepts_file),
            accepted_types: RwSignal::new(d.accepted_types.iter().cloned().collect()),
            questions: RwSignal::new(d.questions.iter().map(QuestionDraft::of).collect()),
            rubric: RwSignal::new(d.rubric.iter().map(CriterionDraft::of).collect()),
            editing: RwSignal::new(Lang::Fr),
        }
    }

    /// Every text a learner of this kind of assessment reads (tracked).
    pub fn texts(&self) -> Vec<Tri> {
        let mut texts = vec![self.title, self.instructions];
        if self.kind.get() == AssessmentKind::Quiz {
            for q in self.questions.get() {
                texts.push(q.prompt);
                texts.extend(q.choices.get().iter().flat_map(|c| [c.label, c.feedback]));
            }
        } else {
            for c in self.rubric.get() {
                texts.extend([c.title, c.description]);
                texts.extend(c.levels.get().iter().map(|l| l.title));
            }
        }
        texts
    }

    /// What the form says, as the API takes it (read reactively: the preview follows).
    pub fn definition(&self) -> AssessmentDefinition {
        let quiz = self.kind.get() == AssessmentKind::Quiz;
        AssessmentDefinition {
            kind: self.kind.get(),
            title: self.title.fr_value().trim().to_string(),
            title_ar: self.title.ar_text(),
            title_en: self.title.en_text(),
            instructions: self.instructions.fr_text(),
            instructions_ar: self.instructions.ar_text(),
            instructions_en: self.instructions.en_text(),
            pass_mark: number(self.pass_mark),
            max_attempts: text(self.max_attempts).map(|n| n.parse().unwrap_or(0)),
            accepts_file: !quiz && self.accepts_file.get(),
            accepted_types: if !quiz && self.accepts_file.get() { self.accepted_types.get().into_iter().collect() } else { Vec::new() },
            shuffle: quiz && self.shuffle.get(),
            questions: if quiz { self.questions.get().iter().map(QuestionDraft::definition).collect() } else { Vec::new() },
            rubric: if quiz {
                Vec::new()
            } else {
                self.rubric
                    .get()
                    .iter()
                    .map(|c| CriterionDefinition {
                        title: c.title.fr_value().trim().to_string(),
                        title_ar: c.title.ar_text(),
                        title_en: c.title.en_text(),
                        description: c.description.fr_text(),
                        description_ar: c.description.ar_text(),
                        description_en: c.description.en_text(),
                        levels: c
                            .levels
                            .get()
                            .iter()
                            .map(|l| LevelDefinition {
                                title: l.title.fr_value().trim().to_string(),
                                title_ar: l.title.ar_text(),
                                title_en: l.title.en_text(),
                                points: number(l.points),
                            })
                            .collect(),
                    })
                    .collect()
            },
        }
    }
}

/// A new quiz: one question with two choices to fill in.
pub fn blank() -> Draft {
    let draft = Draft::of(&AssessmentDefinition {
        kind: AssessmentKind::Quiz,
        title: String::new(),
        title_ar: None,
        title_en: None,
        instructions: None,
        instructions_ar: None,
        instructions_en: None,
        pass_mark: 60,
        max_attempts: None,
        accepts_file: false,
        accepted_types: Vec::new(),
        shuffle: false,
        questions: Vec::new(),
        rubric: Vec::new(),
    });
    draft.questions.set(vec![QuestionDraft::empty()]);
    draft
}
