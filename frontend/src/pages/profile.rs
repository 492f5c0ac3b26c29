//! A person's profile: their own (`/profile`, any signed-in account), or one
//! of a partner's people (`/people/:id`, which also sends an invitation
//! again to someone who never chose a password).
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Lang;
use shared::api::accounts::{ProfileInput, ProfileView};
use shared::enums::{Category, Disability, Role, Sex};
use shared::i18n::{Key, k, tf};
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, TextField, dispatch_valid, field_message, loaded, on_answer};
use crate::i18n::{locale, tr};
use crate::layout::Link;

/// The signed-in person's own profile.
#[component]
pub fn OwnProfile() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner, Role::Trainer, Role::Partner, Role::Admin]><Profile id=None/></Guard> }
}

/// One person's profile, for administrators and their partner manager.
#[component]
pub fn PersonProfile() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    view! { <Guard roles=&[Role::Partner, Role::Admin]><Profile id=Some(id)/></Guard> }
}

#[component]
fn Profile(id: Option<i64>) -> impl IntoView {
    let profile = LocalResource::new(move || crate::endpoints::profile(id));
    let title = if id.is_some() { k::UI_PROFILE_TITLE } else { k::UI_PROFILE_OWN_TITLE };
    view! {
        <section class="card">
            {id.is_some().then(|| view! { <p><Link href="/people".to_string()>{tr(k::UI_BACK_TO_PEOPLE)}</Link></p> })}
            <h1>{tr(title)}</h1>
            <p class="muted">{tr(k::UI_PROFILE_HELP)}</p>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(profile.get(), move |p: ProfileView| view! { <ProfileForm id=id profile=p/> })}
            </Transition>
        </section>
    }
}

/// A select over a closed vocabulary, labelled in the reader's language.
#[component]
fn Choice<T>(
    id: &'static str,
    label: Key,
    options: &'static [T],
    value: RwSignal<T>,
    label_of: fn(T) -> Key,
    code_of: fn(T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <select id=id on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(chosen) = options.iter().copied().find(|o| code_of(*o) == code) { value.set(chosen) }
            }>
                {options.iter().copied().map(|o| view! { <option value=code_of(o) selected=move || value.get() == o>{tr(label_of(o))}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ProfileForm(id: Option<i64>, profile: ProfileView) -> impl IntoView {
    let lang = locale().0;
    let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
    let name = RwSignal::new(profile.full_name.clone());
    let name_ar = text(&profile.full_name_ar);
    let sex = RwSignal::new(profile.sex);
    let birth_year = RwSignal::new(profile.birth_year.map(|y| y.to_string()).unwrap_or_default());
    let (region, commune) = (text(&profile.region), text(&profile.commune));
    let disability = RwSignal::new(profile.disability);
    let language = RwSignal::new(profile.language);
    let category = RwSignal::new(profile.category.unwrap_or(Category::Association));
    let (position, phone) = (text(&profile.position), text(&profile.phone));
    let has_category = profile.category.is_some();
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |request: &ProfileInput| {
        let request = request.clone();
        async move { crate::endpoints::save_profile(id, &request).await }
    });
    on_answer(save, problem, move |_: ProfileView| saved.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let year_text = birth_year.get_untracked();
        let year = year_text.trim();
        let birth_year = if year.is_empty() { None } else { year.parse::<i32>().ok().or(Some(0)) };
        let optional = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|s| !s.is_empty());
        let request = ProfileInput {
            full_name: name.get_untracked(),
            full_name_ar: optional(name_ar),
            sex: sex.get_untracked(),
            birth_year,
            region: optional(region),
            commune: optional(commune),
            disability: disability.get_untracked(),
            language: language.get_untracked(),
            category: has_category.then(|| category.get_untracked()),
            position: optional(position),
            phone: optional(phone),
        };
        // The same rule as the server's, said before the request goes.
        if let Some(Err(error)) = request.birth_year.map(|y| shared::validation::birth_year(y, this_year())) {
            let mut errors = validator::ValidationErrors::new();
            errors.add("birth_year", error);
            problem.set(Some(crate::components::invalid(&errors)));
            return;
        }
        dispatch_valid(save, problem, request);
    };
    let from_organisation = move |place: Option<String>| {
        place.map(|place| view! { <p class="muted">{move || tf(lang.get(), k::UI_FROM_ORGANISATION, &[("place", &place)])}</p> })
    };
    let ar_error = field_message(problem, "full_name_ar");
    let year_error = field_message(problem, "birth_year");
    view! {
        <form on:submit=on_submit novalidate class="grid-form profile">
            <p><strong>{profile.email.clone()}</strong>{profile.organisation_name.clone().map(|o| view! { " · " {o} })}</p>
            <TextField id="profile-name" field="full_name" label=k::UI_FULL_NAME value=name problem=problem required=true/>
            <div class="field">
                <label for="profile-name-ar">{tr(k::UI_FULL_NAME_AR)}</label>
                <input id="profile-name-ar" type="text" dir="rtl" lang="ar" prop:value=name_ar on:input=move |ev| name_ar.set(event_target_value(&ev))
                    aria-invalid=move || ar_error().is_some().to_string() aria-describedby="profile-name-ar-error"/>
                <p id="profile-name-ar-error" class="error">{ar_error}</p>
            </div>
            <Choice id="profile-sex" label=k::UI_SEX options=Sex::ALL value=sex label_of=Sex::label_key code_of=Sex::as_str/>
            <div class="field">
                <label for="profile-birth-year">{tr(k::UI_BIRTH_YEAR)}</label>
                <input id="profile-birth-year" type="text" inputmode="numeric" maxlength="4" autocomplete="bday-year" prop:value=birth_year
                    on:input=move |ev| birth_year.set(event_target_value(&ev))
                    aria-invalid=move || year_error().is_some().to_string() aria-describedby="profile-birth-year-error"/>
                <p id="profile-birth-year-error" class="error">{year_error}</p>
            </div>
            <div>
                <TextField id="profile-region" field="region" label=k::UI_PROFILE_REGION value=region problem=problem/>
                {from_organisation(profile.organisation_region.clone())}
            </div>
            <div>
                <TextField id="profile-commune" field="commune" label=k::UI_COMMUNE value=commune problem=problem/>
                {from_organisation(profile.organisation_commune.clone())}
            </div>
            <Choice id="profile-disability" label=k::UI_DISABILITY options=Disability::ALL value=disability label_of=Disability::label_key code_of=Disability::as_str/>
            <div class="field">
                <label for="profile-language">{tr(k::UI_LANGUAGE)}</label>
                <select id="profile-language" on:change=move |ev| if let Some(l) = Lang::from_code(&event_target_value(&ev)) { language.set(l) }>
                    {Lang::ALL.into_iter().map(|l| view! { <option value=l.code() lang=l.code() selected=move || language.get() == l>{endonym(l)}</option> }).collect_view()}
                </select>
            </div>
            {has_category.then(|| view! {
                <Choice id="profile-category" label=k::UI_CATEGORY options=Category::ALL value=category label_of=Category::label_key code_of=Category::as_str/>
            })}
            <TextField id="profile-position" field="position" label=k::UI_POSITION value=position problem=problem/>
            <TextField id="profile-phone" field="phone" label=k::UI_PHONE value=phone problem=problem kind="tel"/>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
            <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{tr(k::UI_SAVE)}</button>
        </form>
        {id.filter(|_| !profile.has_password).map(|id| view! { <Invitation id=id email=profile.email.clone()/> })}
    }
}

fn this_year() -> i32 {
    i32::try_from(js_sys::Date::new_0().get_full_year()).unwrap_or(2026)
}

/// A language named in itself, as the language switch names it.
fn endonym(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Français",
        Lang::Ar => "العربية",
        Lang::En => "English",
    }
}

/// Someone who never chose a password: their invitation, sent again.
#[component]
fn Invitation(id: i64, email: String) -> impl IntoView {
    let lang = locale().0;
    let problem = RwSignal::new(None::<Problem>);
    let sent = RwSignal::new(false);
    let resend = Action::new_local(move |_: &()| crate::endpoints::resend_invitation(id));
    on_answer(resend, problem, move |()| sent.set(true));
    view! {
        <div class="invitation" role="group" aria-labelledby="invitation-pending">
            <p id="invitation-pending" class="muted">{tr(k::UI_INVITATION_PENDING)}</p>
            <button type="button" disabled=move || resend.pending().get() on:click=move |_| { sent.set(false); resend.dispatch(()); }>
                {tr(k::UI_RESEND_INVITATION)}
            </button>
            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            <Show when=move || sent.get()><p class="ok" role="status">{let email = email.clone(); move || tf(lang.get(), k::UI_INVITATION_SENT, &[("email", &email)])}</p></Show>
        </div>
    }
}
