//! Answers submitted without a connection. Each submission gets a key when the
//! learner first presses "Envoyer"; if the network fails it waits on the device
//! (per account, in local storage) and is sent again with the same key when the
//! connection returns — the server records one attempt per key, so a replay
//! after a lost answer never counts twice nor uses up an attempt. An
//! assignment's file waits beside it, in IndexedDB (`kept_files`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::api::assessments::{AttemptRequest, AttemptView};
use shared::problem::Problem;

/// A submission kept on the device until the server has answered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub key: String,
    pub assessment: i64,
    /// The assessment's title, to name it in messages on any screen.
    pub title: String,
    pub request: AttemptRequest,
    /// The name of the assignment's file, kept on the device under `key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// What became of a submission that waited on the device.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivered {
    Recorded(Pending, AttemptView),
    Refused(Pending, Problem),
}

impl Delivered {
    pub fn assessment(&self) -> i64 {
        match self {
            Delivered::Recorded(p, _) | Delivered::Refused(p, _) => p.assessment,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Outbox {
    pub waiting: RwSignal<Vec<Pending>>,
    pub delivered: RwSignal<Vec<Delivered>>,
    /// Assessments whose waiting submission was answered, until their screen
    /// has read them again.
    pub settled: RwSignal<Vec<i64>>,
    sending: RwSignal<bool>,
    account: RwSignal<Option<i64>>,
}

/// The learner app's screens, with what waits to be sent above them. Only the
/// learner bundle carries it (the entry and staff bundles have no answers to keep).
#[component]
pub fn WithOutbox(children: Children) -> impl IntoView {
    provide_outbox();
    view! { <OutboxNotes/>{children()} }
}

/// Set up once per page: what waits is sent now and whenever the browser
/// says it is back online.
fn provide_outbox() {
    let outbox = empty();
    provide_context(outbox);
    let session = crate::session::session();
    // The queue belongs to whoever is signed in on this device.
    Effect::new(move |_| {
        let account = session.account.get().map(|a| a.id);
        outbox.account.set(account);
        outbox.waiting.set(account.map(load).unwrap_or_default());
        outbox.flush();
    });
    let online = window_event_listener(leptos::ev::online, move |_| outbox.flush());
    on_cleanup(move || online.remove());
}

pub fn outbox() -> Outbox {
    use_context::<Outbox>().unwrap_or_else(empty)
}

fn empty() -> Outbox {
    Outbox {
        waiting: RwSignal::new(Vec::new()),
        delivered: RwSignal::new(Vec::new()),
        settled: RwSignal::new(Vec::new()),
        sending: RwSignal::new(false),
        account: RwSignal::new(None),
    }
}

impl Outbox {
    /// Sends a submission; without a connection it is kept and the learner
    /// is told it waits (the `Err` is then the offline problem).
    pub async fn submit(self, assessment: i64, title: String, request: AttemptRequest) -> Result<AttemptView, Problem> {
        let pending = Pending { key: new_key(), assessment, title, request, file: None };
        let answer = crate::endpoints::submit_once(assessment, &pending.request, &pending.key).await;
        if let Err(problem) = &answer
            && crate::api::is_offline(problem)
        {
            self.wait(pending);
        }
        answer
    }

    /// Sends an assignment with its file, the same way; the file waits on the
    /// device with it. A device that cannot keep the file says so rather than
    /// pretend it will be sent.
    pub async fn submit_file(self, assessment: i64, title: String, text: Option<String>, file: web_sys::File) -> Result<AttemptView, Problem> {
        let request = AttemptRequest { answers: Vec::new(), text };
        let pending = Pending { key: new_key(), assessment, title, request, file: Some(file.name()) };
        let answer = send(&pending, &file).await;
        if let Err(problem) = &answer
            && crate::api::is_offline(problem)
        {
            if crate::kept_files::keep(&pending.key, &file).await.is_err() {
                let mut problem = problem.clone();
                problem.detail = Some(shared::i18n::t(crate::i18n::current(), shared::i18n::k::LEARNING_FILE_NOT_KEPT).to_string());
                return Err(problem);
            }
            self.wait(pending);
        }
        answer
    }

    fn wait(self, pending: Pending) {
        self.waiting.update(|all| all.push(pending));
        self.save();
    }

    pub fn waits_for(self, assessment: i64) -> bool {
        self.waiting.with(|all| all.iter().any(|p| p.assessment == assessment))
    }

    /// Sends what waits, in order, each with its own key; stops at the first
    /// network failure (the rest keeps waiting).
    pub fn flush(self) {
        if self.sending.get_untracked() || self.waiting.with_untracked(Vec::is_empty) {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local(async move {
            while let Some(next) = self.waiting.with_untracked(|all| all.first().cloned()) {
                let answer = match &next.file {
                    None => crate::endpoints::submit_once(next.assessment, &next.request, &next.key).await,
                    Some(_) => match crate::kept_files::kept(&next.key).await {
                        Ok(Some(file)) => send(&next, &file).await,
                        // The browser cleared what the site kept: the learner sends it again.
                        Ok(None) => Err(Problem::new(shared::problem::ErrorCode::MalformedRequest, crate::i18n::current())
                            .with_detail(shared::i18n::t(crate::i18n::current(), shared::i18n::k::LEARNING_FILE_LOST))),
                        // IndexedDB could not be read just now: the file keeps
                        // waiting, like everything after it, for the next try.
                        Err(_) => break,
                    },
                };
                let delivered = match answer {
                    Err(problem) if crate::api::is_offline(&problem) => break,
                    Ok(view) => Delivered::Recorded(next.clone(), view),
                    Err(problem) => Delivered::Refused(next.clone(), problem),
                };
                self.waiting.update(|all| all.retain(|p| p.key != next.key));
                self.save();
                if next.file.is_some() {
                    crate::kept_files::forget(&next.key).await;
                }
                self.delivered.update(|all| all.push(delivered));
                self.settled.update(|all| all.push(next.assessment));
            }
            self.sending.set(false);
        });
    }

    fn save(self) {
        let Some(account) = self.account.get_untracked() else { return };
        if let Some(store) = storage() {
            let text = self.waiting.with_untracked(|all| serde_json::to_string(all).unwrap_or_default());
            let _ = if text == "[]" { store.remove_item(&store_key(account)) } else { store.set_item(&store_key(account), &text) };
        }
    }
}

/// An assignment and its file, under the submission's key.
async fn send(pending: &Pending, file: &web_sys::Blob) -> Result<AttemptView, Problem> {
    let name = pending.file.as_deref().unwrap_or("fichier");
    crate::endpoints::submit_file_once(pending.assessment, pending.request.text.as_deref(), file, name, &pending.key).await
}

fn store_key(account: i64) -> String {
    format!("cursus.outbox.{account}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load(account: i64) -> Vec<Pending> {
    storage().and_then(|s| s.get_item(&store_key(account)).ok().flatten()).and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

/// Unique on this device for this learner: the time and two random draws.
fn new_key() -> String {
    let now = shared::num::from_js_number(js_sys::Date::now());
    format!("{now:x}-{:x}{:x}", js_sys::Math::random().to_bits(), js_sys::Math::random().to_bits())
}

/// What waits and what was answered, above every screen of the learner app.
#[component]
fn OutboxNotes() -> impl IntoView {
    use shared::i18n::{k, tf};
    let outbox = outbox();
    let lang = crate::i18n::locale().0;
    view! {
        <Show when=move || !outbox.waiting.with(Vec::is_empty)>
            <p class="notice waiting" role="status">{crate::i18n::tr(k::LEARNING_OUTBOX_WAITING)}</p>
        </Show>
        {move || outbox.delivered.get().into_iter().map(|delivered| match delivered {
            Delivered::Recorded(p, _) => view! {
                <p class="result ok" role="status" dir="auto">{tf(lang.get(), k::LEARNING_SENT_LATER, &[("title", &crate::i18n::isolate(&p.title))])}</p>
            }.into_any(),
            Delivered::Refused(p, problem) => {
                // The most specific words the server gave: a field's message, its detail, its title.
                let reason = problem.errors.first().map(|e| e.message.clone()).or(problem.detail.clone()).unwrap_or(problem.title.clone());
                view! { <p class="alert" role="alert" dir="auto">{tf(lang.get(), k::LEARNING_REFUSED_LATER, &[("title", &crate::i18n::isolate(&p.title)), ("reason", &reason)])}</p> }.into_any()
            }
        }).collect_view()}
        <Show when=move || !outbox.delivered.with(Vec::is_empty)>
            <button class="link" on:click=move |_| outbox.delivered.set(Vec::new())>{crate::i18n::tr(k::UI_DISMISS)}</button>
        </Show>
    }
}
