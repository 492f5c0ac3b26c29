//! An administrator's side of the people screen: opening an account (the
//! person is invited by mail), correcting a name before a reissue, closing and
//! reopening an account.
use leptos::prelude::*;
use shared::api::accounts::{AccountSummary, CreateAccountRequest, UpdateAccountRequest};
use shared::enums::Role;
use shared::i18n::{k, tf};
use shared::problem::Problem;

use crate::components::{ProblemNote, TextField, dispatch_valid, on_answer};
use crate::i18n::{current, locale, tr};

#[component]
pub fn NewAccount(reload: Callback<()>) -> impl IntoView {
    let organisations = LocalResource::new(crate::endpoints::organisations);
    let (email, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let role = RwSignal::new(Role::Trainer);
    let organisation = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<Problem>);
    let created = RwSignal::new(None::<String>);
    let create = Action::new_local(move |request: &CreateAccountRequest| {
        let request = request.clone();
        async move { crate::endpoints::create_account(&request).await }
    });
    on_answer(create, problem, move |account: AccountSummary| {
        created.set(Some(account.full_name));
        email.set(String::new());
        name.set(String::new());
        reload.run(());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let request = CreateAccountRequest {
            email: email.get_untracked().trim().to_string(),
            full_name: name.get_untracked(),
            role: role.get_untracked(),
            organisation_id: organisation.get_untracked(),
            category: None,
            position: None,
            language: Some(current()),
            password: None,
        };
        dispatch_valid(create, problem, request);
    };
    let lang = locale().0;
    view! {
        <section class="card">
            <h2>{tr(k::UI_NEW_ACCOUNT)}</h2>
            <p class="muted">{tr(k::UI_NEW_ACCOUNT_HELP)}</p>
            <form on:submit=on_submit novalidate class="grid-form">
                <TextField id="account-email" field="email" label=k::UI_EMAIL value=email problem=problem kind="email" required=true/>
                <TextField id="account-name" field="full_name" label=k::UI_FULL_NAME value=name problem=problem required=true/>
                <div class="field">
                    <label for="account-role">{tr(k::UI_ROLE)}</label>
                    <select id="account-role" on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                        {Role::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == Role::Trainer>{tr(r.label_key())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-organisation">{tr(k::UI_ORGANISATION)}</label>
                    <select id="account-organisation" aria-describedby="account-organisation-error"
                        on:change=move |ev| organisation.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {move || organisations.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|o| view! {
                            <option value=o.id>{o.name}</option>
                        }).collect_view())}
                    </select>
                    <p id="account-organisation-error" class="error">{crate::components::field_message(problem, "organisation_id")}</p>
                </div>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                {move || created.get().map(|n| view! { <p class="ok" role="status">{tf(lang.get(), k::UI_ACCOUNT_CREATED, &[("name", &n)])}</p> })}
                <button type="submit" class="primary" disabled=move || create.pending().get()>{tr(k::UI_CREATE)}</button>
            </form>
        </section>
    }
}

/// The corrections an administrator makes to one account, folded away; the
/// saved account replaces `account`, so its row changes in place.
#[component]
pub fn AccountEditor(account: RwSignal<AccountSummary>) -> impl IntoView {
    let initial = account.get_untracked();
    let id = initial.id;
    let name = RwSignal::new(initial.full_name.clone());
    let name_ar = RwSignal::new(initial.full_name_ar.clone().unwrap_or_default());
    let saved = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let update = Action::new_local(move |request: &UpdateAccountRequest| {
        let request = request.clone();
        async move { crate::endpoints::update_account(id, &request).await }
    });
    on_answer(update, problem, move |updated: AccountSummary| {
        saved.set(true);
        account.set(updated);
    });
    let send = move |request: UpdateAccountRequest| {
        saved.set(false);
        dispatch_valid(update, problem, request);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(UpdateAccountRequest { full_name: Some(name.get_untracked()), full_name_ar: Some(name_ar.get_untracked()), ..Default::default() });
    };
    let active = move || account.with(|a| a.active);
    let (name_id, ar_id) = (format!("name-{id}"), format!("name-ar-{id}"));
    let lang = locale().0;
    let summary = move || tf(lang.get(), k::UI_ACCOUNT_OF, &[("name", &account.with(|a| a.full_name.clone()))]);
    view! {
        <details class="editor">
            <summary aria-label=summary>{tr(k::UI_CORRECT)}</summary>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for=name_id.clone()>{tr(k::UI_FULL_NAME)}</label>
                    <input id=name_id type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=ar_id.clone()>{tr(k::UI_FULL_NAME_AR)}</label>
                    <input id=ar_id type="text" dir="rtl" lang="ar" prop:value=name_ar on:input=move |ev| name_ar.set(event_target_value(&ev))/>
                </div>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || update.pending().get()>{tr(k::UI_SAVE)}</button>
                    <button type="button" class=move || if active() { "danger" } else { "" } disabled=move || update.pending().get()
                        on:click=move |_| send(UpdateAccountRequest { active: Some(!active()), ..Default::default() })>
                        {move || tr(if active() { k::UI_CLOSE_ACCOUNT } else { k::UI_REOPEN_ACCOUNT })()}
                    </button>
                </div>
            </form>
        </details>
    }
}
