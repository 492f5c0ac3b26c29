//! The audit log for administrators: who changed what, newest first, a page
//! at a time.
use leptos::prelude::*;
use shared::api::Page;
use shared::api::audit::AuditEntryView;
use shared::enums::Role;
use shared::i18n::{k, t, tf};

use crate::components::{Guard, ScrollTable, loaded, when};
use crate::i18n::{locale, tr};

const PER_PAGE: u64 = 50;

#[component]
pub fn Audit() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin]><Journal/></Guard> }
}

#[component]
fn Journal() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let entries = LocalResource::new(move || crate::endpoints::audit(page.get(), PER_PAGE));
    let lang = locale().0;
    view! {
        <section class="card">
            <h1>{tr(k::UI_NAV_AUDIT)}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(entries.get(), move |p: Page<AuditEntryView>| {
                    let last = p.total.div_ceil(PER_PAGE).max(1);
                    view! {
                        <ScrollTable label=k::UI_NAV_AUDIT><table>
                            <thead><tr>
                                <th scope="col">{tr(k::UI_WHEN)}</th>
                                <th scope="col">{tr(k::UI_WHO)}</th>
                                <th scope="col">{tr(k::UI_WHAT)}</th>
                                <th scope="col">{tr(k::UI_RECORD)}</th>
                            </tr></thead>
                            <tbody>{p.items.into_iter().map(|e| view! {
                                <tr>
                                    <td>{when(e.at)}</td>
                                    <td>{e.actor.map(|a| a.full_name).unwrap_or_else(|| "—".into())}</td>
                                    <td>{move || t(lang.get(), e.action.label_key())}</td>
                                    <td>{move || format!("{} #{}", t(lang.get(), e.entity.label_key()), e.entity_id)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></ScrollTable>
                        <nav class="actions" aria-label=move || t(lang.get(), k::UI_PAGES)>
                            <button type="button" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|n| *n -= 1)>{tr(k::UI_PREVIOUS)}</button>
                            <span>{move || tf(lang.get(), k::UI_PAGE_OF, &[("page", &page.get().to_string()), ("last", &last.to_string())])}</span>
                            <button type="button" disabled=move || { page.get() >= last } on:click=move |_| page.update(|n| *n += 1)>{tr(k::UI_NEXT)}</button>
                        </nav>
                    }
                })}
            </Transition>
        </section>
    }
}
