//! The issuer's identity of a programme (administrators): the issuing body,
//! the signatory, the place of issue, a signature and a stamp; previewed as
//! a PDF before it is saved.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::accounts::OrganisationView;
use shared::api::issuers::{IssuerIdentityInput, IssuerIdentityView, IssuerImage};
use shared::enums::{OrganisationKind, Role};
use shared::i18n::{Key, k, tf};
use shared::problem::{ErrorCode, Problem};

use crate::components::{Guard, ProblemNote, TextField, dispatch_valid, field_message, loaded, on_answer};
use crate::i18n::{locale, tr};

#[component]
pub fn IssuerPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin]><Issuer/></Guard> }
}

#[component]
fn Issuer() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let identity = LocalResource::new(move || crate::endpoints::issuer_identity(id));
    view! {
        <section class="card">
            <p><a href=format!("/programmes/{id}")>{tr(k::ISSUER_BACK)}</a></p>
            <h1>{tr(k::ISSUER_TITLE)}</h1>
            <p>{tr(k::ISSUER_INTRO)}</p>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(identity.get(), move |view: IssuerIdentityView| view! { <IdentityForm programme=id identity=view/> })}
            </Transition>
        </section>
        <PartnerLogos/>
    }
}

fn optional(signal: RwSignal<String>) -> Option<String> {
    Some(signal.get_untracked().trim().to_string()).filter(|s| !s.is_empty())
}

#[component]
fn IdentityForm(programme: i64, identity: IssuerIdentityView) -> impl IntoView {
    let text = |s: &Option<String>| RwSignal::new(s.clone().unwrap_or_default());
    let body = RwSignal::new(identity.body.clone());
    let body_ar = text(&identity.body_ar);
    let signatory_name = RwSignal::new(identity.signatory_name.clone());
    let signatory_name_ar = text(&identity.signatory_name_ar);
    let signatory_title = RwSignal::new(identity.signatory_title.clone());
    let signatory_title_ar = text(&identity.signatory_title_ar);
    let place = text(&identity.place);
    let place_ar = text(&identity.place_ar);
    let signature = RwSignal::new(identity.signature.clone());
    let stamp = RwSignal::new(identity.stamp.clone());
    let saved_at = RwSignal::new(identity.saved_at);
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let preview_url = RwSignal::new(None::<String>);
    let input = move || IssuerIdentityInput {
        body: body.get_untracked(),
        body_ar: optional(body_ar),
        signatory_name: signatory_name.get_untracked(),
        signatory_name_ar: optional(signatory_name_ar),
        signatory_title: signatory_title.get_untracked(),
        signatory_title_ar: optional(signatory_title_ar),
        place: optional(place),
        place_ar: optional(place_ar),
        signature: signature.get_untracked().map(|i| i.id),
        stamp: stamp.get_untracked().map(|i| i.id),
    };
    let save = Action::new_local(move |request: &IssuerIdentityInput| {
        let request = request.clone();
        async move { crate::endpoints::save_issuer_identity(programme, &request).await }
    });
    on_answer(save, problem, move |v: IssuerIdentityView| {
        saved_at.set(v.saved_at);
        saved.set(true);
    });
    let preview = Action::new_local(move |request: &IssuerIdentityInput| {
        let request = request.clone();
        async move { crate::endpoints::preview_issuer_identity(programme, &request).await }
    });
    on_answer(preview, problem, move |url: String| {
        if let Some(old) = preview_url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        preview_url.set(Some(url));
    });
    // Anything typed after a save or a preview makes them stale.
    Effect::new(move |_| {
        for s in [body, body_ar, signatory_name, signatory_name_ar, signatory_title, signatory_title_ar, place, place_ar] {
            s.track();
        }
        signature.track();
        stamp.track();
        saved.set(false);
        preview_url.set(None);
    });
    let lang = locale().0;
    view! {
        <p class="muted">{move || match saved_at.get() {
            Some(at) => tf(lang.get(), k::ISSUER_SAVED_AT, &[("date", &crate::components::when(at))]),
            None => shared::i18n::t(lang.get(), k::ISSUER_DEFAULTS).to_string(),
        }}</p>
        <form novalidate class="grid-form issuer-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            dispatch_valid(save, problem, input());
        }>
            <TextField id="issuer-body" field="body" label=k::ISSUER_BODY value=body problem=problem required=true/>
            <ArabicField id="issuer-body-ar" field="body_ar" label=k::ISSUER_BODY_AR value=body_ar problem=problem/>
            <TextField id="issuer-signatory-name" field="signatory_name" label=k::ISSUER_SIGNATORY_NAME value=signatory_name problem=problem required=true/>
            <ArabicField id="issuer-signatory-name-ar" field="signatory_name_ar" label=k::ISSUER_SIGNATORY_NAME_AR value=signatory_name_ar problem=problem/>
            <TextField id="issuer-signatory-title" field="signatory_title" label=k::ISSUER_SIGNATORY_TITLE value=signatory_title problem=problem required=true/>
            <ArabicField id="issuer-signatory-title-ar" field="signatory_title_ar" label=k::ISSUER_SIGNATORY_TITLE_AR value=signatory_title_ar problem=problem/>
            <TextField id="issuer-place" field="place" label=k::ISSUER_PLACE value=place problem=problem/>
            <ArabicField id="issuer-place-ar" field="place_ar" label=k::ISSUER_PLACE_AR value=place_ar problem=problem/>
            <p class="hint wide">{tr(k::ISSUER_PLACE_HINT)}</p>
            <ImagePicker programme=programme id="issuer-signature" field="signature" label=k::ISSUER_SIGNATURE image=signature problem=problem/>
            <ImagePicker programme=programme id="issuer-stamp" field="stamp" label=k::ISSUER_STAMP image=stamp problem=problem/>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <div class="wide"><ProblemNote problem=p/></div> })}
            <div class="actions wide">
                <button type="button" disabled=move || preview.pending().get()
                    on:click=move |_| { saved.set(false); dispatch_valid(preview, problem, input()); }>{tr(k::ISSUER_PREVIEW)}</button>
                <button type="submit" class="primary" disabled=move || save.pending().get()>{tr(k::ISSUER_SAVE)}</button>
            </div>
            {move || preview_url.get().map(|url| view! {
                <p class="ok wide" role="status">{tr(k::ISSUER_PREVIEW_READY)}" "
                    <a id="issuer-preview-link" href=url target="_blank" rel="noopener">{tr(k::ISSUER_OPEN_PREVIEW)}</a></p>
            })}
            <Show when=move || saved.get()><p class="ok wide" role="status">{tr(k::ISSUER_SAVED)}</p></Show>
        </form>
    }
}

/// A text field typed right to left.
#[component]
fn ArabicField(id: &'static str, field: &'static str, label: Key, value: RwSignal<String>, problem: RwSignal<Option<Problem>>) -> impl IntoView {
    let error = field_message(problem, field);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <input id=id type="text" dir="rtl" lang="ar" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error().is_some().to_string() aria-describedby=error_id.clone()/>
            <p id=error_id class="error">{error}</p>
        </div>
    }
}

/// A signature or stamp: the current image, a file input that uploads the
/// chosen file at once (checked by the server), and a way to remove it.
#[component]
fn ImagePicker(
    programme: i64,
    id: &'static str,
    field: &'static str,
    label: Key,
    image: RwSignal<Option<IssuerImage>>,
    problem: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let upload_problem = RwSignal::new(None::<Problem>);
    let upload = Action::new_local(move |_: &()| {
        let file = input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0));
        async move {
            let form = web_sys::FormData::new().map_err(|_| Problem::new(ErrorCode::MalformedRequest, crate::i18n::current()))?;
            if let Some(file) = file {
                let _ = form.append_with_blob_and_filename("file", &file, &file.name());
            }
            crate::endpoints::upload_issuer_image(programme, &form).await
        }
    });
    on_answer(upload, upload_problem, move |uploaded: IssuerImage| image.set(Some(uploaded)));
    let file_error = field_message(upload_problem, "file");
    let saved_error = field_message(problem, field);
    let error_id = format!("{id}-error");
    view! {
        <fieldset class="field image-picker">
            <legend>{tr(label)}</legend>
            {move || match image.get() {
                Some(i) => view! {
                    <img src=i.url.clone() alt=tr(label) class="issuer-image"/>
                    <button type="button" on:click=move |_| image.set(None)>{tr(k::ISSUER_REMOVE_IMAGE)}</button>
                }.into_any(),
                None => view! { <p class="muted">{tr(k::ISSUER_NO_IMAGE)}</p> }.into_any(),
            }}
            <label for=id class="hint">{tr(k::ISSUER_IMAGE_HINT)}</label>
            <input id=id type="file" node_ref=input accept="image/png,image/svg+xml,.png,.svg" aria-describedby=error_id.clone()
                on:change=move |_| { upload.dispatch(()); }/>
            <Show when=move || upload.pending().get()><p class="muted" role="status">{tr(k::ISSUER_UPLOADING)}</p></Show>
            <p id=error_id class="error">{move || file_error().or_else(saved_error)}</p>
            {move || upload_problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
        </fieldset>
    }
}

/// The logos of partner institutions, printed on the attestations of the
/// people they enrolled (every programme: a logo belongs to the partner).
#[component]
fn PartnerLogos() -> impl IntoView {
    let organisations = LocalResource::new(crate::endpoints::organisations);
    view! {
        <section class="card" aria-labelledby="partner-logos">
            <h2 id="partner-logos">{tr(k::ISSUER_PARTNERS)}</h2>
            <p>{tr(k::ISSUER_PARTNERS_INTRO)}</p>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(organisations.get(), |page: shared::api::Page<OrganisationView>| {
                    let partners: Vec<OrganisationView> = page.items.into_iter().filter(|o| o.kind == OrganisationKind::PartnerInstitution).collect();
                    if partners.is_empty() {
                        return view! { <p class="muted">{tr(k::ISSUER_NO_PARTNERS)}</p> }.into_any();
                    }
                    partners.into_iter().map(|o| view! { <PartnerLogo organisation=o/> }).collect_view().into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PartnerLogo(organisation: OrganisationView) -> impl IntoView {
    let id = organisation.id;
    let input_id = format!("partner-logo-{id}");
    let name = organisation.name.clone();
    let label = Signal::derive(move || tf(locale().0.get(), k::ISSUER_PARTNER_LOGO, &[("name", &name)]));
    let logo = RwSignal::new(organisation.logo_url.clone());
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let problem = RwSignal::new(None::<Problem>);
    let upload = Action::new_local(move |_: &()| {
        let file = input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0));
        async move {
            let form = web_sys::FormData::new().map_err(|_| Problem::new(ErrorCode::MalformedRequest, crate::i18n::current()))?;
            if let Some(file) = file {
                let _ = form.append_with_blob_and_filename("file", &file, &file.name());
            }
            crate::endpoints::set_partner_logo(id, &form).await
        }
    });
    let remove = Action::new_local(move |_: &()| crate::endpoints::remove_partner_logo(id));
    on_answer(upload, problem, move |o: OrganisationView| logo.set(o.logo_url));
    on_answer(remove, problem, move |o: OrganisationView| logo.set(o.logo_url));
    let error = field_message(problem, "file");
    let error_id = format!("{input_id}-error");
    view! {
        <fieldset class="field image-picker">
            <legend>{label}</legend>
            {move || match logo.get() {
                Some(url) => view! {
                    <img src=url alt=label class="issuer-image"/>
                    <button type="button" on:click=move |_| { remove.dispatch(()); }>{tr(k::ISSUER_REMOVE_IMAGE)}</button>
                }.into_any(),
                None => view! { <p class="muted">{tr(k::ISSUER_NO_IMAGE)}</p> }.into_any(),
            }}
            <label for=input_id.clone() class="hint">{tr(k::ISSUER_IMAGE_HINT)}</label>
            <input id=input_id type="file" node_ref=input accept="image/png,image/svg+xml,.png,.svg" aria-describedby=error_id.clone()
                on:change=move |_| { upload.dispatch(()); }/>
            <p id=error_id class="error">{error}</p>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
        </fieldset>
    }
}
