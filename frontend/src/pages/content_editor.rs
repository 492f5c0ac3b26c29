//! Writing a module's content: its titles and summaries in three languages,
//! its hours, its sections in order (Markdown with a live preview rendered by
//! the server's own sanitiser, links — a video shows as a link card —,
//! documents with their size), reordered by buttons a keyboard reaches.
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Lang;
use shared::api::LocalizedText;
use shared::api::content::{DocumentView, MarkdownPreviewRequest, ModuleContent, SectionInput, SectionOrderRequest, SectionView};
use shared::api::programmes::{ModuleView, PatchModuleRequest};
use shared::enums::{Role, SectionKind};
use shared::i18n::{k, t, tf};
use shared::problem::Problem;
use wasm_bindgen::JsCast as _;

use crate::components::{Guard, ProblemNote, dispatch_valid, file_size, loaded, on_answer};
use crate::i18n::{locale, tr};
use crate::translations::{Tri, TriField, WritingLanguage, label};

/// Markdown as learners will read it, asked of the server a moment after the
/// author stops typing.
#[component]
fn Preview(#[prop(into)] markdown: Signal<String>) -> impl IntoView {
    let html = RwSignal::new(String::new());
    let generation = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let text = markdown.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(preview) = crate::endpoints::preview_markdown(&MarkdownPreviewRequest { markdown: text }).await
                        && generation.get_value() == mine
                    {
                        html.set(preview.html);
                    }
                });
            },
            Duration::from_millis(300),
        );
    });
    view! {
        <div class="field">
            <span class="label">{tr(k::CONTENT_PREVIEW)}</span>
            <div class="prose markdown-preview" dir="auto" aria-live="polite" inner_html=move || html.get()></div>
        </div>
    }
}

/// The fields of a section, whichever its kind.
#[derive(Clone, Copy)]
struct SectionDraft {
    kind: RwSignal<SectionKind>,
    title: Tri,
    markdown: Tri,
    url: RwSignal<String>,
    document: RwSignal<Option<i64>>,
    /// The language the author writes the title and text in.
    editing: RwSignal<Lang>,
}

impl SectionDraft {
    fn new(kind: SectionKind, title: Tri, markdown: Tri, url: Option<&str>, document: Option<i64>) -> Self {
        SectionDraft {
            kind: RwSignal::new(kind),
            title,
            markdown,
            url: RwSignal::new(url.unwrap_or_default().to_string()),
            document: RwSignal::new(document),
            editing: RwSignal::new(Lang::Fr),
        }
    }

    fn of(section: &SectionView) -> Self {
        let (title, markdown) = match &section.source {
            Some(source) => (Tri::of(&source.title), source.markdown.as_ref().map(Tri::of).unwrap_or_else(Tri::empty)),
            None => (Tri::new(&section.title, None, None), Tri::empty()),
        };
        SectionDraft::new(section.kind, title, markdown, section.url.as_deref(), section.document.as_ref().map(|d| d.id))
    }

    /// The texts learners read, for the count of what is left to translate.
    fn texts(&self) -> Vec<Tri> {
        if self.kind.get() == SectionKind::Text { vec![self.title, self.markdown] } else { vec![self.title] }
    }

    fn input(&self) -> SectionInput {
        let kind = self.kind.get_untracked();
        let text = kind == SectionKind::Text;
        let some = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|t| !t.is_empty());
        SectionInput {
            kind,
            title: self.title.fr_value(),
            title_ar: self.title.ar_text(),
            title_en: self.title.en_text(),
            markdown: if text { self.markdown.fr_text() } else { None },
            markdown_ar: if text { self.markdown.ar_text() } else { None },
            markdown_en: if text { self.markdown.en_text() } else { None },
            url: if kind == SectionKind::Link { some(self.url) } else { None },
            document_id: if kind == SectionKind::Document { self.document.get_untracked() } else { None },
            position: None,
        }
    }
}

#[component]
fn SectionFields(prefix: String, draft: SectionDraft, documents: Vec<DocumentView>, problem: RwSignal<Option<Problem>>) -> impl IntoView {
    let lang = locale().0;
    let id = move |name: &str| format!("{prefix}-{name}");
    let error = move |field: &'static str| move || problem.get().and_then(|p| p.field_message(field).map(str::to_string));
    let (kind_id, title_id, body_id, url_id, doc_id) = (id("kind"), id("title"), id("body"), id("url"), id("document"));
    let editing = draft.editing;
    view! {
        <div class="field">
            <label for=kind_id.clone()>{tr(k::CONTENT_KIND)}</label>
            <select id=kind_id on:change=move |ev| draft.kind.set(SectionKind::parse(&event_target_value(&ev)).unwrap_or(SectionKind::Text))>
                {[SectionKind::Text, SectionKind::Link, SectionKind::Document].into_iter().map(|kind| view! {
                    <option value=kind.as_str() selected=move || draft.kind.get() == kind>{tr(kind.label_key())}</option>
                }).collect_view()}
            </select>
        </div>
        <WritingLanguage id=id("writing") editing=editing texts=Signal::derive(move || draft.texts())/>
        <TriField id=title_id label=label(k::CONTENT_SECTION_TITLE) text=draft.title editing=editing error=Signal::derive(error("title"))/>
        <Show when=move || draft.kind.get() == SectionKind::Text>
            <TriField id=body_id.clone() label=label(k::CONTENT_BODY) text=draft.markdown editing=editing rows=6 error=Signal::derive(error("markdown"))/>
            // What learners reading that language get: the French while no translation is written.
            <Preview markdown=Signal::derive(move || {
                let text = draft.markdown.signal(editing.get()).get();
                if text.trim().is_empty() { draft.markdown.fr.get() } else { text }
            })/>
        </Show>
        <Show when=move || draft.kind.get() == SectionKind::Link>
            <div class="field">
                <label for=url_id.clone()>{tr(k::CONTENT_URL)}</label>
                <input id=url_id.clone() type="url" dir="ltr" prop:value=draft.url on:input=move |ev| draft.url.set(event_target_value(&ev))/>
                <p class="error">{error("url")}</p>
                {move || shared::video::provider(draft.url.get().trim()).map(|p| view! {
                    <p class="video-card">"▶ "{tf(lang.get(), k::CONTENT_VIDEO_CARD, &[("provider", p)])}</p>
                })}
            </div>
        </Show>
        <Show when=move || draft.kind.get() == SectionKind::Document>
            <div class="field">
                <label for=doc_id.clone()>{tr(k::CONTENT_DOCUMENT)}</label>
                <select id=doc_id.clone() on:change=move |ev| draft.document.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr(k::CONTENT_CHOOSE_DOCUMENT)}</option>
                    {documents.iter().map(|d| { let id = d.id; view! {
                        <option value=d.id selected=move || draft.document.get() == Some(id)>{format!("{} ({})", d.name, file_size(d.size_bytes, lang.get_untracked()))}</option>
                    } }).collect_view()}
                </select>
                <p class="error">{error("document_id")}</p>
            </div>
        </Show>
    }
}

/// Which button gets the focus once the sections are drawn again.
#[derive(Clone, Copy)]
struct FocusAfterReload(RwSignal<Option<String>>);

#[component]
fn SectionCard(content: ModuleContent, index: usize, documents: Vec<DocumentView>, reload: Callback<()>) -> impl IntoView {
    let lang = locale().0;
    let section = content.sections[index].clone();
    let draft = SectionDraft::of(&section);
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let id = section.id;
    let module = content.module_id;
    let save = Action::new_local(move |input: &SectionInput| {
        let input = input.clone();
        async move { crate::endpoints::update_section(id, &input).await.map(|_| ()) }
    });
    let remove = Action::new_local(move |_: &()| async move { crate::endpoints::delete_section(id).await });
    let order: Vec<i64> = content.sections.iter().map(|s| s.id).collect();
    let reorder = Action::new_local(move |ids: &Vec<i64>| {
        let request = SectionOrderRequest { section_ids: ids.clone() };
        async move { crate::endpoints::reorder_sections(module, &request).await.map(|_| ()) }
    });
    on_answer(save, problem, move |()| saved.set(true));
    on_answer(reorder, problem, move |()| reload.run(()));
    on_answer(remove, problem, move |()| reload.run(()));
    let name = tf(lang.get_untracked(), k::CONTENT_SECTION_N, &[("n", &(index + 1).to_string())]);
    // Moving reloads the list: the button pressed gets the focus back in the
    // section's new place, so a keyboard can keep moving it.
    let focus = use_context::<FocusAfterReload>().map(|f| f.0);
    let (up_id, down_id) = (format!("up-s{id}"), format!("down-s{id}"));
    let wanted = (up_id.clone(), down_id.clone());
    Effect::new(move |_| {
        let Some(focus) = focus else { return };
        if let Some(target) = focus.get_untracked().filter(|t| *t == wanted.0 || *t == wanted.1) {
            focus.set(None);
            request_animation_frame(move || {
                if let Some(button) = document().get_element_by_id(&target).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = button.focus();
                }
            });
        }
    });
    let moved = move |step: isize| {
        let mut ids = order.clone();
        if let Some(to) = index.checked_add_signed(step).filter(|to| *to < ids.len()) {
            ids.swap(index, to);
            if let Some(focus) = focus {
                focus.set(Some(if step < 0 { format!("up-s{id}") } else { format!("down-s{id}") }));
            }
            reorder.dispatch(ids);
        }
    };
    let (up, down) = (moved.clone(), moved);
    let label = move |key| format!("{} — {name}", t(lang.get_untracked(), key));
    view! {
        <fieldset class="card question-editor">
            <legend>{move || tf(lang.get(), k::CONTENT_SECTION_N, &[("n", &(index + 1).to_string())])}</legend>
            <span class="row-tools">
                <button type="button" class="secondary" id=up_id aria-label=label(k::AUTHOR_MOVE_UP) on:click=move |_| up(-1)>"↑"</button>
                <button type="button" class="secondary" id=down_id aria-label=label(k::AUTHOR_MOVE_DOWN) on:click=move |_| down(1)>"↓"</button>
                <button type="button" class="secondary" aria-label=label(k::CONTENT_DELETE) on:click=move |_| { remove.dispatch(()); }>{tr(k::CONTENT_DELETE)}</button>
            </span>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                saved.set(false);
                dispatch_valid(save, problem, draft.input());
            }>
                <SectionFields prefix=format!("s{id}") draft=draft documents=documents problem=problem/>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
                <button type="submit" class="primary">{tr(k::UI_SAVE)}</button>
            </form>
        </fieldset>
    }
}

#[component]
fn NewSection(module: i64, documents: Vec<DocumentView>, reload: Callback<()>) -> impl IntoView {
    let draft = SectionDraft::new(SectionKind::Text, Tri::empty(), Tri::empty(), None, None);
    let problem = RwSignal::new(None::<Problem>);
    let add = Action::new_local(move |input: &SectionInput| {
        let input = input.clone();
        async move { crate::endpoints::create_section(module, &input).await }
    });
    on_answer(add, problem, move |_| reload.run(()));
    view! {
        <section class="card" aria-labelledby="new-section-heading">
            <h2 id="new-section-heading">{tr(k::CONTENT_NEW_SECTION)}</h2>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                dispatch_valid(add, problem, draft.input());
            }>
                <SectionFields prefix="new-section".into() draft=draft documents=documents problem=problem/>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" class="primary">{tr(k::CONTENT_ADD_SECTION)}</button>
            </form>
        </section>
    }
}

#[component]
fn Documents(module: i64, documents: Vec<DocumentView>, reload: Callback<()>) -> impl IntoView {
    let lang = locale().0;
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let problem = RwSignal::new(None::<Problem>);
    let upload = Action::new_local(move |_: &()| {
        let file = input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0));
        async move {
            let form = web_sys::FormData::new().map_err(|_| Problem::new(shared::ErrorCode::MalformedRequest, crate::i18n::current()))?;
            if let Some(file) = file {
                let _ = form.append_with_blob_and_filename("file", &file, &file.name());
            }
            crate::endpoints::upload_document(module, &form).await
        }
    });
    on_answer(upload, problem, move |_| reload.run(()));
    view! {
        <section class="card" aria-labelledby="documents-title">
            <h2 id="documents-title">{tr(k::CONTENT_DOCUMENTS)}</h2>
            <ul>{documents.iter().map(|d| view! {
                <li><a href=d.url.clone() rel="external" download="">{d.name.clone()}</a>" ("{file_size(d.size_bytes, lang.get_untracked())}")"</li>
            }).collect_view()}</ul>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); upload.dispatch(()); }>
                <div class="field">
                    <label for="document-file">{tr(k::CONTENT_UPLOAD)}</label>
                    <input id="document-file" type="file" node_ref=input accept=".pdf,.docx,.pptx,.xlsx,.odt,.odp,.ods,.doc,.ppt,.xls,.png,.jpg,.jpeg,.txt"/>
                </div>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" disabled=move || upload.pending().get()>{tr(k::CONTENT_UPLOAD_BUTTON)}</button>
            </form>
        </section>
    }
}

#[component]
fn ModuleDetails(module: ModuleView) -> impl IntoView {
    let text = |s: &Option<String>| RwSignal::new(s.clone().unwrap_or_default());
    let (fr, ar, en) = (RwSignal::new(module.title.fr.clone()), text(&module.title.ar), text(&module.title.en));
    let (sfr, sar, sen) = (RwSignal::new(module.summary.fr.clone()), text(&module.summary.ar), text(&module.summary.en));
    let hours = RwSignal::new(module.hours.to_string());
    let family = RwSignal::new(module.family.clone().unwrap_or_default());
    let programme_id = module.programme_id;
    let families = LocalResource::new(move || async move { crate::endpoints::programme(programme_id).await.map(|p| p.families).unwrap_or_default() });
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let id = module.id;
    let save = Action::new_local(move |request: &PatchModuleRequest| {
        let request = request.clone();
        async move { crate::endpoints::patch_module(id, &request).await }
    });
    on_answer(save, problem, move |_| saved.set(true));
    let optional = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|t| !t.is_empty());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let request = PatchModuleRequest {
            title: Some(LocalizedText { fr: fr.get_untracked().trim().to_string(), ar: optional(ar), en: optional(en) }),
            summary: Some(LocalizedText { fr: sfr.get_untracked().trim().to_string(), ar: optional(sar), en: optional(sen) }),
            family: Some(family.get_untracked()).filter(|f| !f.is_empty()),
            hours: Some(hours.get_untracked().trim().parse().unwrap_or(0)),
            pass_mark: None,
            position: None,
        };
        dispatch_valid(save, problem, request);
    };
    let field = move |id: &'static str, label, value: RwSignal<String>, dir: &'static str, area: bool| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                {if area {
                    view! { <textarea id=id dir=dir rows="2" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
                } else {
                    view! { <input id=id type="text" dir=dir prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/> }.into_any()
                }}
                <p class="error">{move || problem.get().and_then(|p| p.field_message(if id == "module-title-fr" { "title.fr" } else { "" }).map(str::to_string))}</p>
            </div>
        }
    };
    view! {
        <details class="card editor">
            <summary>{tr(k::CONTENT_MODULE_DETAILS)}</summary>
            <form novalidate class="grid-form" on:submit=on_submit>
                {field("module-title-fr", k::UI_TITLE_FR, fr, "auto", false)}
                {field("module-title-ar", k::UI_TITLE_AR, ar, "rtl", false)}
                {field("module-title-en", k::UI_TITLE_EN, en, "ltr", false)}
                {field("module-summary-fr", k::CONTENT_SUMMARY_FR, sfr, "auto", true)}
                {field("module-summary-ar", k::CONTENT_SUMMARY_AR, sar, "rtl", true)}
                {field("module-summary-en", k::CONTENT_SUMMARY_EN, sen, "ltr", true)}
                <crate::components::TextField id="module-hours" field="hours" label=k::UI_HOURS_LABEL value=hours problem=problem kind="number" required=true/>
                {move || families.get().filter(|list| !list.is_empty()).map(|list| view! {
                    <div class="field">
                        <label for="module-family">{tr(k::CONTENT_FAMILY)}</label>
                        <select id="module-family" on:change=move |ev| family.set(event_target_value(&ev))>
                            <Show when=move || family.get_untracked().is_empty()><option value="">"—"</option></Show>
                            {list.into_iter().map(|f| { let code = f.code.clone(); view! {
                                <option value=f.code.clone() selected=move || family.get() == code>{f.code.clone()}" — "{move || f.title.get(locale().0.get()).to_string()}</option>
                            } }).collect_view()}
                        </select>
                    </div>
                })}
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
                <button type="submit" class="primary">{tr(k::UI_SAVE)}</button>
            </form>
        </details>
    }
}

#[component]
fn ContentEditor() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let lang = locale().0;
    let module = LocalResource::new(move || crate::endpoints::module(id));
    let content = LocalResource::new(move || crate::endpoints::module_content(id));
    let reload = Callback::new(move |_| content.refetch());
    provide_context(FocusAfterReload(RwSignal::new(None)));
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(module.get(), move |m: ModuleView| view! {
                <section class="card">
                    <p><a class="back" href=format!("/programmes/{}", m.programme_id)>{tr(k::UI_NAV_PROGRAMMES)}</a></p>
                    <h1>{let code = m.code.clone(); move || tf(lang.get(), k::CONTENT_PAGE_TITLE, &[("code", &code)])}</h1>
                    <p>{tr(k::CONTENT_INTRO)}</p>
                </section>
                <ModuleDetails module=m/>
            })}
            {move || loaded(content.get(), move |c: ModuleContent| {
                let documents = c.documents.clone();
                view! {
                    {(0..c.sections.len()).map(|index| view! { <SectionCard content=c.clone() index=index documents=documents.clone() reload=reload/> }).collect_view()}
                    <NewSection module=id documents=documents.clone() reload=reload/>
                    <Documents module=id documents=documents reload=reload/>
                }
            })}
        </Transition>
    }
}

/// Administrators and the trainers named authors (the API decides which).
#[component]
pub fn ContentEditorPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Trainer]><ContentEditor/></Guard> }
}
