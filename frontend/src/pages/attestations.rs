//! Attestations: a learner's own with their PDFs; staff's in their scope;
//! administrators revoke and reissue them.
use leptos::prelude::*;
use shared::api::attestations::AttestationView;
use shared::api::{Page, ReasonRequest};
use shared::enums::{AttestationStatus, Role};
use shared::i18n::k;
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, ScrollTable, loaded};
use crate::i18n::tr;
use crate::session::session;

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
                        <ScrollTable label=k::UI_NAV_ATTESTATIONS><table>
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

#[component]
fn Row(a: AttestationView, admin: bool, reload: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let id = a.id;
    let act = Action::new_local(move |action: &&'static str| {
        let (action, body) = (*action, ReasonRequest { reason: reason.get_untracked() });
        async move { if action == "reissue" { crate::endpoints::reissue(id, &body).await } else { crate::endpoints::revoke(id, &body).await } }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            open.set(false);
            reload.run(());
        }
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let valid = a.status == AttestationStatus::Valid;
    let reason_id = format!("reason-{id}");
    view! {
        <tr>
            <td>{a.holder.clone()}</td>
            <td><span class="muted">{tr(a.kind.label_key())}</span><br/>{a.title.clone()}<br/><span class="muted">{a.cohort_name.clone()}</span></td>
            <td>{a.issued_on.to_string()}</td>
            <td><span class=format!("badge {}", a.status.as_str())>{tr(a.status.label_key())}</span></td>
            <td><a href=a.verify_url.clone() rel="external"><code>{a.code.clone()}</code></a></td>
            <td>
                {a.pdf_url.clone().map(|url| view! { <a href=url rel="external" download="">{tr(k::UI_DOWNLOAD_PDF)}</a> })}
                <Show when=move || admin && valid>
                    " "<button class="link" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>{tr(k::UI_MANAGE)}</button>
                </Show>
                <Show when=move || open.get()>
                    <div class="inline-form">
                        <label for=reason_id.clone()>{tr(k::UI_REASON)}</label>
                        <input id=reason_id.clone() prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <button on:click=move |_| { act.dispatch("reissue"); }>{tr(k::UI_REISSUE)}</button>
                        <button class="danger" on:click=move |_| { act.dispatch("revoke"); }>{tr(k::UI_REVOKE)}</button>
                        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                    </div>
                </Show>
            </td>
        </tr>
    }
}
