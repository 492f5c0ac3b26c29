//! The evaluation editor's form as signals, and the definition the API
//! takes, read from it.
use leptos::prelude::*;
use shared::Lang;
use shared::api::evaluations::{EvaluationDefinition, ItemDefinition, LabelDefinition};
use shared::enums::{EvaluationKind, ItemKind};

use crate::pages::assessment_draft::{QuestionDraft, key};
use crate::translations::Tri;

#[derive(Clone, Copy)]
pub struct LabelDraft {
    pub key: u64,
    pub label: Tri,
}

#[derive(Clone, Copy)]
pub struct ItemDraft {
    pub key: u64,
    pub kind: RwSignal<ItemKind>,
    pub prompt: Tri,
    pub optional: RwSignal<bool>,
    pub choices: RwSignal<Vec<LabelDraft>>,
}

#[derive(Clone, Copy)]
pub struct EvaluationDraft {
    pub kind: EvaluationKind,
    pub title: Tri,
    pub required: RwSignal<bool>,
    pub anonymous: RwSignal<bool>,
    pub items: RwSignal<Vec<ItemDraft>>,
    pub questions: RwSignal<Vec<QuestionDraft>>,
    pub questions_after: RwSignal<Vec<QuestionDraft>>,
    pub editing: RwSignal<Lang>,
}

impl LabelDraft {
    pub fn empty() -> Self {
        LabelDraft { key: key(), label: Tri::empty() }
    }
}

impl ItemDraft {
    fn of(item: &ItemDefinition) -> Self {
        ItemDraft {
            key: key(),
            kind: RwSignal::new(item.kind),
            prompt: Tri::new(&item.prompt, item.prompt_ar.as_deref(), item.prompt_en.as_deref()),
            optional: RwSignal::new(item.optional),
            choices: RwSignal::new(
                item.choices
                    .iter()
                    .map(|c| LabelDraft { key: key(), label: Tri::new(&c.label, c.label_ar.as_deref(), c.label_en.as_deref()) })
                    .collect(),
            ),
        }
    }

    pub fn empty() -> Self {
        ItemDraft {
            key: key(),
            kind: RwSignal::new(ItemKind::Likert),
            prompt: Tri::empty(),
            optional: RwSignal::new(false),
            choices: RwSignal::new(Vec::new()),
        }
    }

    fn definition(&self) -> ItemDefinition {
        let kind = self.kind.get();
        ItemDefinition {
            kind,
            prompt: self.prompt.fr_value().trim().to_string(),
            prompt_ar: self.prompt.ar_text(),
            prompt_en: self.prompt.en_text(),
            // Choices typed and then left by a change of kind are not sent.
            choices: if kind == ItemKind::Choice {
                self.choices
                    .get()
                    .iter()
                    .map(|c| LabelDefinition {
                        label: c.label.fr_value().trim().to_string(),
                        label_ar: c.label.ar_text(),
                        label_en: c.label.en_text(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            optional: self.optional.get(),
        }
    }
}

impl EvaluationDraft {
    pub fn of(d: &EvaluationDefinition) -> Self {
        EvaluationDraft {
            kind: d.kind,
            title: Tri::new(&d.title, d.title_ar.as_deref(), d.title_en.as_deref()),
            required: RwSignal::new(d.required),
            anonymous: RwSignal::new(d.anonymous),
            items: RwSignal::new(d.items.iter().map(ItemDraft::of).collect()),
            questions: RwSignal::new(d.questions.iter().map(QuestionDraft::of).collect()),
            questions_after: RwSignal::new(d.questions_after.iter().map(QuestionDraft::of).collect()),
            editing: RwSignal::new(Lang::Fr),
        }
    }

    /// A new knowledge test: one question with two choices to fill in.
    pub fn knowledge() -> Self {
        let draft = EvaluationDraft::of(&EvaluationDefinition {
            kind: EvaluationKind::Knowledge,
            title: String::new(),
            title_ar: None,
            title_en: None,
            required: false,
            anonymous: false,
            items: Vec::new(),
            questions: Vec::new(),
            questions_after: Vec::new(),
        });
        draft.questions.set(vec![QuestionDraft::empty()]);
        draft
    }

    /// Every text a learner reads (tracked).
    pub fn texts(&self) -> Vec<Tri> {
        let mut texts = vec![self.title];
        for item in self.items.get() {
            texts.push(item.prompt);
            if item.kind.get() == ItemKind::Choice {
                texts.extend(item.choices.get().iter().map(|c| c.label));
            }
        }
        for q in self.questions.get().into_iter().chain(self.questions_after.get()) {
            texts.push(q.prompt);
            texts.extend(q.choices.get().iter().map(|c| c.label));
        }
        texts
    }

    pub fn definition(&self) -> EvaluationDefinition {
        let knowledge = self.kind == EvaluationKind::Knowledge;
        EvaluationDefinition {
            kind: self.kind,
            title: self.title.fr_value().trim().to_string(),
            title_ar: self.title.ar_text(),
            title_en: self.title.en_text(),
            required: self.required.get(),
            anonymous: !knowledge && self.anonymous.get(),
            items: if knowledge { Vec::new() } else { self.items.get().iter().map(ItemDraft::definition).collect() },
            questions: if knowledge { self.questions.get().iter().map(QuestionDraft::definition).collect() } else { Vec::new() },
            questions_after: if knowledge { self.questions_after.get().iter().map(QuestionDraft::definition).collect() } else { Vec::new() },
        }
    }
}
