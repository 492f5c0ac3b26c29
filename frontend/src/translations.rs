//! Writing a learner-facing text in French (required) and, optionally, in
//! Arabic and English. An editor chooses the language it writes in; every
//! field then shows that language's text, and a translation left empty says
//! so beside the field (learners will read the French), never silently.
use leptos::prelude::*;
use shared::Lang;
use shared::api::LocalizedText;
use shared::i18n::{Key, k, tf};

use crate::i18n::{locale, tr};

/// A text as an author writes it, in the three languages.
#[derive(Clone, Copy)]
pub struct Tri {
    pub fr: RwSignal<String>,
    pub ar: RwSignal<String>,
    pub en: RwSignal<String>,
}

// Tracked reads: a preview built from a draft follows the typing.
fn trimmed(s: RwSignal<String>) -> Option<String> {
    Some(s.get().trim().to_string()).filter(|t| !t.is_empty())
}

impl Tri {
    pub fn new(fr: &str, ar: Option<&str>, en: Option<&str>) -> Tri {
        Tri {
            fr: RwSignal::new(fr.to_string()),
            ar: RwSignal::new(ar.unwrap_or_default().to_string()),
            en: RwSignal::new(en.unwrap_or_default().to_string()),
        }
    }

    pub fn of(text: &LocalizedText) -> Tri {
        Tri::new(&text.fr, text.ar.as_deref(), text.en.as_deref())
    }

    pub fn optional(fr: Option<&str>, ar: Option<&str>, en: Option<&str>) -> Tri {
        Tri::new(fr.unwrap_or_default(), ar, en)
    }

    pub fn empty() -> Tri {
        Tri::new("", None, None)
    }

    pub fn signal(&self, lang: Lang) -> RwSignal<String> {
        match lang {
            Lang::Fr => self.fr,
            Lang::Ar => self.ar,
            Lang::En => self.en,
        }
    }

    /// The French as typed (the shared rules judge it, blank or not).
    pub fn fr_value(&self) -> String {
        self.fr.get()
    }

    /// The French, trimmed; none when blank.
    pub fn fr_text(&self) -> Option<String> {
        trimmed(self.fr)
    }

    pub fn ar_text(&self) -> Option<String> {
        trimmed(self.ar)
    }

    pub fn en_text(&self) -> Option<String> {
        trimmed(self.en)
    }

    /// Whether learners reading `lang` would get the French instead (tracked).
    pub fn missing(&self, lang: Lang) -> bool {
        lang != Lang::Fr && !self.fr.get().trim().is_empty() && self.signal(lang).get().trim().is_empty()
    }
}

/// How many of `texts` lack their `lang` version.
pub fn missing_count(texts: &[Tri], lang: Lang) -> usize {
    texts.iter().filter(|t| t.missing(lang)).count()
}

/// The choice of the language an editor writes in, with how much is left to
/// translate in each.
#[component]
pub fn WritingLanguage(id: String, editing: RwSignal<Lang>, texts: Signal<Vec<Tri>>) -> impl IntoView {
    let lang = locale().0;
    let option = move |l: Lang| {
        let name_attr = id.clone();
        let name = match l {
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
            Lang::En => "English",
        };
        view! {
            <label class="writing-language-option" lang=l.code()>
                <input type="radio" name=name_attr checked=move || editing.get() == l on:change=move |_| editing.set(l)/>
                {name}
                {move || (l != Lang::Fr).then(|| {
                    let n = missing_count(&texts.get(), l);
                    let note = if n == 0 { shared::i18n::t(lang.get(), k::TRANSLATION_COMPLETE).to_string() } else { tf(lang.get(), k::TRANSLATION_MISSING, &[("n", &n.to_string())]) };
                    view! { <span class=if n == 0 { "badge ok" } else { "badge warn" } lang=lang.get().code()>{note}</span> }
                })}
            </label>
        }
    };
    view! {
        <fieldset class="writing-language">
            <legend>{tr(k::TRANSLATION_WRITING_LANGUAGE)}</legend>
            {option(Lang::Fr)}
            {option(Lang::Ar)}
            {option(Lang::En)}
            <p class="hint">{tr(k::TRANSLATION_WRITING_HINT)}</p>
        </fieldset>
    }
}

/// A field bound to the language being written; an empty translation shows
/// the French as its placeholder and says that learners will read it. An
/// `error` (the field's problem, if any) is shown under it and marks it invalid.
#[component]
pub fn TriField(
    id: String,
    #[prop(into)] label: Signal<String>,
    text: Tri,
    editing: RwSignal<Lang>,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let value = move || text.signal(editing.get()).get();
    let set = move |ev| text.signal(editing.get_untracked()).set(event_target_value(&ev));
    let placeholder = move || (editing.get() != Lang::Fr).then(|| text.fr.get());
    let dir = move || editing.get().dir();
    let code = move || editing.get().code();
    let (note_id, error_id) = (format!("{id}-untranslated"), format!("{id}-error"));
    let shows_error = error.is_some();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let invalid = move || error.get().is_some().to_string();
    let described = {
        let (note, problem) = (note_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> =
                [text.missing(editing.get()).then_some(note.as_str()), error.get().map(|_| problem.as_str())].into_iter().flatten().collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = match rows {
        Some(rows) => view! {
            <textarea id=id.clone() rows=rows lang=code dir=dir placeholder=placeholder prop:value=value on:input=set
                aria-invalid=invalid aria-describedby=described></textarea>
        }
        .into_any(),
        None => view! {
            <input id=id.clone() type="text" lang=code dir=dir placeholder=placeholder prop:value=value on:input=set
                aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            {input}
            <Show when=move || text.missing(editing.get())>
                <p class="untranslated" id=note_id.clone()>{tr(k::TRANSLATION_UNTRANSLATED)}</p>
            </Show>
            {shows_error.then(|| view! { <p class="error" id=error_id>{move || error.get()}</p> })}
        </div>
    }
}

/// A label that follows the interface language.
pub fn label(key: Key) -> Signal<String> {
    let lang = locale().0;
    Signal::derive(move || shared::i18n::t(lang.get(), key).to_string())
}

/// Marks, for authors, a text a learner reads in French for want of a
/// translation.
#[component]
pub fn ShownInFrench(untranslated: bool) -> impl IntoView {
    untranslated.then(|| view! { <span class="badge warn">{tr(k::TRANSLATION_SHOWN_IN_FRENCH)}</span> })
}
