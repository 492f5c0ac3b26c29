//! Attestations: a learner's own with their PDFs; staff's in their scope;
//! administrators revoke and reissue them.
use leptos::prelude::*;
use shared::api::attestations::{AttestationView, RevokeRequest};
use shared::api::{Page, ReasonRequest};
use shared::enums::{AttestationStatus, Role};
use shared::i18n::k;
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, ScrollTable, day, field_message, loaded, on_answer, when};
use crate::i18n::{locale, tr};
use crate::session::session;
use shared::i18n::tf;

#[component]
pub fn Attestations() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner, Role::Trainer, Role::Partner, Role::Admin]><List/></Guard> }
}

#[component]
fn List() -> impl IntoView {
    let list = LocalResource::new(crate::endpoints::attestations);
    let is_admin = session().account.get_untracked().is_some_and(|a| a.role == Role::Admin);
    let is_learner = session().account.get_untracked().is_some_and(|a| a.role == Role::Learner);
    view! {
        <section class="card">
            <h1>{if is_learner { tr(k::UI_NAV_MY_ATTESTATIONS)() } else { tr(k::UI_NAV_ATTESTATIONS)() }}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(list.get(), move |page: Page<AttestationView>| {
                    if page.items.is_empty() {
                        return view! { <p class="muted">{tr(k::UI_NO_ATTESTATION)}</p> }.into_any();
                    }
                    view! {
                        <ScrollTable label=k::UI_NAV_ATTESTATIONS><table class="stack">
                            <thead><tr>
                                <th scope="col">{tr(k::VERIFY_HOLDER)}</th>
                                <th scope="col">{tr(k::VERIFY_WHAT)}</th>
                                <th scope="col">{tr(k::VERIFY_ISSUED_ON)}</th>
                                <th scope="col">{tr(k::UI_STATUS)}</th>
                                <th scope="col">{tr(k::VERIFY_CODE)}</th>
                                <th scope="col">{tr(k::UI_ACTIONS)}</th>
                            </tr></thead>
                            <tbody>{page.items.into_iter().map(|a| view! { <Row a=a admin=is_admin reload=Callback::new(move |_| list.refetch())/> }).collect_view()}</tbody>
                        </table></ScrollTable>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// What an administrator is about to do to one attestation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Revoke,
    Reissue,
    Restore,
}

#[component]
fn Row(a: AttestationView, admin: bool, reload: Callback<()>) -> impl IntoView {
    let status = a.status;
    let undo_until = a.undo_until;
    let replaced = a.superseded_by.clone();
    // A revoked attestation not yet replaced may be reissued; a valid one,
    // revoked or reissued.
    let actionable = admin && (status == AttestationStatus::Valid || (status == AttestationStatus::Revoked && replaced.is_none()));
    let open = RwSignal::new(None::<Act>);
    view! {
        <tr>
            <td data-label=tr(k::VERIFY_HOLDER)><bdi>{a.holder.clone()}</bdi></td>
            <td data-label=tr(k::VERIFY_WHAT)><span class="muted">{tr(a.kind.label_key())}</span><br/><bdi>{let (fr, ar) = (a.title.clone(), a.title_ar.clone()); move || match (locale().0.get(), &ar) { (shared::Lang::Ar, Some(ar)) => ar.clone(), _ => fr.clone() }}</bdi><br/><bdi class="muted">{a.cohort_name.clone()}</bdi></td>
            <td data-label=tr(k::VERIFY_ISSUED_ON)>{day(a.issued_on)}</td>
            <td data-label=tr(k::UI_STATUS)>
                <span class=format!("badge {}", status.as_str())>{tr(status.label_key())}</span>
                {a.revocation_reason.clone().map(|r| view! { <br/><small class="muted">{move || tf(locale().0.get(), k::UI_REVOKED_REASON_LABEL, &[("reason", &r)])}</small> })}
                {a.revocation_note.clone().map(|n| view! { <br/><small>{n}</small> })}
                {replaced.clone().map(|c| view! { <br/><small>{move || tf(locale().0.get(), k::UI_REPLACED_BY, &[("code", &c)])}</small> })}
                {undo_until.map(|u| view! { <br/><small class="muted">{move || tf(locale().0.get(), k::UI_RESTORE_UNTIL, &[("date", &when(u))])}</small> })}
            </td>
            <td data-label=tr(k::VERIFY_CODE)><a href=a.verify_url.clone() rel="external" dir="ltr"><code>{a.code.clone()}</code></a></td>
            <td data-label=tr(k::UI_ACTIONS)>
                {a.pdf_url.clone().map(|url| view! { <a class="button" href=url rel="external" download="">{tr(k::UI_DOWNLOAD_PDF)}</a> })}
                <details class="share">
                    <summary>{tr(k::UI_OPEN_BADGE)}</summary>
                    <p class="muted">{tr(k::UI_OPEN_BADGE_HINT)}</p>
                    <a href=a.open_badge_url.clone() rel="external" download="">{tr(k::UI_OPEN_BADGE_JSON)}</a>
                    <a href=a.open_badge_png_url.clone() rel="external" download="">{tr(k::UI_OPEN_BADGE_PNG)}</a>
                    {a.linkedin_url.clone().map(|url| view! { <a href=url rel="external noopener" target="_blank">{tr(k::UI_ADD_TO_LINKEDIN)}</a> })}
                </details>
                <Show when=move || actionable && open.get().is_none()>
                    <div class="actions">
                        <Show when=move || status == AttestationStatus::Valid>
                            <button class="danger" on:click=move |_| open.set(Some(Act::Revoke))>{tr(k::UI_REVOKE)}</button>
                        </Show>
                        <Show when=move || undo_until.is_some()>
                            <button on:click=move |_| open.set(Some(Act::Restore))>{tr(k::UI_RESTORE)}</button>
                        </Show>
                        <button on:click=move |_| open.set(Some(Act::Reissue))>{tr(k::UI_REISSUE)}</button>
                    </div>
                </Show>
            </td>
        </tr>
        // On a row of its own, kept in view on a phone however wide the table scrolls.
        {move || open.get().map(|act| view! { <tr class="confirm-row"><td colspan="6"><Confirm a=a.clone() act=act open=open reload=reload/></td></tr> })}
    }
}

/// The confirmation of an irreversible act: what will follow, a reason for
/// the record, and for a revocation the note the public will read.
#[component]
fn Confirm(a: AttestationView, act: Act, open: RwSignal<Option<Act>>, reload: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let id = a.id;
    let send = Action::new_local(move |_: &()| {
        let reason = reason.get_untracked();
        let public_note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        async move {
            match act {
                Act::Revoke => crate::endpoints::revoke(id, &RevokeRequest { reason, public_note }).await,
                Act::Reissue => crate::endpoints::reissue(id, &ReasonRequest { reason }).await,
                Act::Restore => crate::endpoints::restore_attestation(id, &ReasonRequest { reason }).await,
            }
        }
    });
    on_answer(send, problem, move |_| {
        open.set(None);
        reload.run(());
    });
    let lang = locale().0;
    let days = a.undo_period_days.unwrap_or_default().to_string();
    let args = move || [("code", a.code.clone()), ("holder", a.holder.clone()), ("days", days.clone())];
    let consequence = move || {
        let key = match act {
            Act::Revoke => k::UI_REVOKE_CONSEQUENCE,
            Act::Reissue => k::UI_REISSUE_CONSEQUENCE,
            Act::Restore => k::UI_RESTORE_CONSEQUENCE,
        };
        let args = args();
        let refs: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        tf(lang.get(), key, &refs)
    };
    let (confirm, class) = match act {
        Act::Revoke => (k::UI_CONFIRM_REVOKE, "danger"),
        Act::Reissue => (k::UI_CONFIRM_REISSUE, "primary"),
        Act::Restore => (k::UI_RESTORE, "primary"),
    };
    let (reason_id, note_id) = (format!("reason-{id}"), format!("note-{id}"));
    view! {
        <form class="confirm" role="group" aria-labelledby=format!("consequence-{id}") on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
            <p id=format!("consequence-{id}")><strong>{consequence}</strong></p>
            <label for=reason_id.clone()>{tr(k::UI_REASON_INTERNAL)}</label>
            <input id=reason_id.clone() required maxlength="1000" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
            <p class="error">{field_message(problem, "reason")}</p>
            <Show when=move || act == Act::Revoke>
                <label for=note_id.clone()>{tr(k::UI_PUBLIC_NOTE)}</label>
                <textarea id=note_id.clone() maxlength="500" rows="2" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </Show>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
            <div class="actions">
                <button type="submit" class=class disabled=move || send.pending().get()>{tr(confirm)}</button>
                <button type="button" on:click=move |_| open.set(None)>{tr(k::UI_CANCEL)}</button>
            </div>
        </form>
    }
}
