//! A programme's issuer identity as administrators set it in the browser:
//! images uploaded (checked, an SVG rasterised), a preview rendered from what
//! is typed, and a save that records a new version. Attestations name the
//! version they were issued under (see `service::attestations`).
use std::sync::Arc;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use shared::api::accounts::OrganisationView;
use shared::api::issuers::{IssuerIdentityInput, IssuerIdentityView, IssuerImage};
use shared::enums::{AttestationKind, AuditAction, Sex};

use crate::attestation::pdf::{Content, IdentityLine};
use crate::attestation::picture::{self, Picture, Refusal};
use crate::entities::{issuer_identity, programme};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::uploads::Upload;
use crate::settings::IssuerSettings;
use crate::state::AppState;
use crate::store::issuer_identities::{self, NewIdentity};
use crate::store::{audit, organisations, programmes};

/// The largest signature or stamp file accepted.
pub const MAX_IMAGE: usize = 2 * 1024 * 1024;

/// What is printed for the issuer: a saved version, or the server's settings
/// for a programme that has none yet.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: Option<i64>,
    pub body: String,
    pub body_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_name_ar: Option<String>,
    pub signatory_title: String,
    pub signatory_title_ar: Option<String>,
    pub place: Option<String>,
    pub place_ar: Option<String>,
    pub signature_key: Option<String>,
    pub stamp_key: Option<String>,
}

impl Identity {
    /// `body` is the name the attestation was signed with (its `issuer`).
    pub fn of(body: &str, saved: Option<&issuer_identity::Model>, settings: &IssuerSettings) -> Identity {
        match saved {
            Some(s) => Identity {
                id: Some(s.id),
                body: body.to_string(),
                body_ar: s.body_ar.clone(),
                signatory_name: s.signatory_name.clone(),
                signatory_name_ar: s.signatory_name_ar.clone(),
                signatory_title: s.signatory_title.clone(),
                signatory_title_ar: s.signatory_title_ar.clone(),
                place: s.place.clone(),
                place_ar: s.place_ar.clone(),
                signature_key: s.signature_key.clone(),
                stamp_key: s.stamp_key.clone(),
            },
            None => Identity {
                id: None,
                body: body.to_string(),
                // The settings' Arabic name is the translation of the settings' French one only.
                body_ar: settings.name_ar.clone().filter(|_| settings.name == body),
                signatory_name: settings.signatory_name.clone(),
                signatory_name_ar: settings.signatory_name_ar.clone(),
                signatory_title: settings.signatory_title.clone(),
                signatory_title_ar: settings.signatory_title_ar.clone(),
                place: None,
                place_ar: None,
                signature_key: None,
                stamp_key: None,
            },
        }
    }

    /// Who signs, as the signed claim states it: only a saved identity names
    /// a person (the settings' default is a placeholder, not a fact).
    pub fn signatory_claim(&self) -> Option<String> {
        self.id.map(|_| format!("{}, {}", self.signatory_name, self.signatory_title))
    }

    pub fn signatory_ar(&self) -> Option<String> {
        arabic_signatory_line(&self.signatory_name_ar, &self.signatory_title_ar)
    }
}

/// The signatory's name and title in Arabic, on one line (as printed).
fn arabic_signatory_line(name: &Option<String>, title: &Option<String>) -> Option<String> {
    let parts: Vec<&str> = [name, title].into_iter().flatten().map(String::as_str).collect();
    (!parts.is_empty()).then(|| parts.join("، "))
}

/// An issuer image read from file storage and decoded.
pub async fn picture(state: &AppState, key: &str) -> anyhow::Result<Option<Arc<Picture>>> {
    let Some(bytes) = state.storage.get(key).await? else {
        tracing::warn!(key, "an issuer image is missing from file storage; printed without it");
        return Ok(None);
    };
    decoded(bytes.to_vec()).await.map(Some)
}

async fn decoded(png: Vec<u8>) -> anyhow::Result<Arc<Picture>> {
    Ok(Arc::new(tokio::task::spawn_blocking(move || Picture::from_png(&png)).await??))
}

fn image_key(programme_id: i64, image_id: &str) -> Option<String> {
    let valid = image_id.len() == 32 && image_id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    valid.then(|| format!("issuers/{programme_id}/{image_id}.png"))
}

fn image_view(programme_id: i64, key: &str, (width, height): (u32, u32)) -> IssuerImage {
    let id = key.rsplit('/').next().unwrap_or("").trim_end_matches(".png").to_string();
    IssuerImage { url: format!("/api/v1/programmes/{programme_id}/issuer/images/{id}"), id, width, height }
}

async fn stored_image(state: &AppState, programme_id: i64, key: &str) -> ApiResult<Option<IssuerImage>> {
    Ok(state.storage.get(key).await?.map(|bytes| image_view(programme_id, key, picture::png_size(&bytes).unwrap_or((0, 0)))))
}

async fn programme_for(state: &AppState, actor: &Actor, programme_id: i64) -> ApiResult<programme::Model> {
    policy::may_set_issuer(actor)?;
    programmes::by_id(state.db.conn(), programme_id).await?.ok_or_else(ApiError::not_found)
}

async fn view(state: &AppState, programme: &programme::Model, saved: Option<&issuer_identity::Model>) -> ApiResult<IssuerIdentityView> {
    let identity = Identity::of(&programme.issuer, saved, &state.settings.issuer);
    let signature = match &identity.signature_key {
        Some(key) => stored_image(state, programme.id, key).await?,
        None => None,
    };
    let stamp = match &identity.stamp_key {
        Some(key) => stored_image(state, programme.id, key).await?,
        None => None,
    };
    Ok(IssuerIdentityView {
        programme_id: programme.id,
        body: identity.body,
        body_ar: identity.body_ar,
        signatory_name: identity.signatory_name,
        signatory_name_ar: identity.signatory_name_ar,
        signatory_title: identity.signatory_title,
        signatory_title_ar: identity.signatory_title_ar,
        place: identity.place,
        place_ar: identity.place_ar,
        signature,
        stamp,
        saved_at: saved.map(|s| s.created_at),
    })
}

pub async fn get(state: &AppState, actor: &Actor, programme_id: i64) -> ApiResult<IssuerIdentityView> {
    let programme = programme_for(state, actor, programme_id).await?;
    let saved = issuer_identities::current(state.db.conn(), programme_id).await?;
    view(state, &programme, saved.as_ref()).await
}

/// Checks an uploaded signature or stamp and keeps it, as PNG, for a preview
/// or a save to name. Nothing prints it until an identity naming it is saved.
pub async fn upload_image(state: &AppState, actor: &Actor, programme_id: i64, upload: Upload) -> ApiResult<IssuerImage> {
    programme_for(state, actor, programme_id).await?;
    let normalised = tokio::task::spawn_blocking(move || picture::normalise(&upload.bytes)).await.map_err(anyhow::Error::from)?;
    let normalised = normalised.map_err(refused)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let key = image_key(programme_id, &id).ok_or_else(|| anyhow::anyhow!("a generated image id is malformed"))?;
    state.storage.put(&key, normalised.png).await?;
    Ok(image_view(programme_id, &key, (normalised.width, normalised.height)))
}

pub async fn image(state: &AppState, actor: &Actor, programme_id: i64, image_id: &str) -> ApiResult<Vec<u8>> {
    programme_for(state, actor, programme_id).await?;
    let key = image_key(programme_id, image_id).ok_or_else(ApiError::not_found)?;
    Ok(state.storage.get(&key).await?.ok_or_else(ApiError::not_found)?.to_vec())
}

/// An identity as typed: trimmed, empty optional lines as none, each line
/// checked against the page, each image found among this programme's.
struct Checked {
    input: IssuerIdentityInput,
    /// Each image's key and PNG, read once to know it exists (a preview prints it).
    signature: Option<(String, Vec<u8>)>,
    stamp: Option<(String, Vec<u8>)>,
}

async fn check(state: &AppState, programme_id: i64, input: &IssuerIdentityInput) -> ApiResult<Checked> {
    let trim = |s: &String| s.trim().to_string();
    let optional = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let input = IssuerIdentityInput {
        body: trim(&input.body),
        body_ar: optional(&input.body_ar),
        signatory_name: trim(&input.signatory_name),
        signatory_name_ar: optional(&input.signatory_name_ar),
        signatory_title: trim(&input.signatory_title),
        signatory_title_ar: optional(&input.signatory_title_ar),
        place: optional(&input.place),
        place_ar: optional(&input.place_ar),
        signature: optional(&input.signature),
        stamp: optional(&input.stamp),
    };
    let renderer = &state.renderer;
    let lines: [(&'static str, Option<&String>, IdentityLine); 8] = [
        ("body", Some(&input.body), IdentityLine::Body),
        ("body_ar", input.body_ar.as_ref(), IdentityLine::Body),
        ("signatory_name", Some(&input.signatory_name), IdentityLine::SignatureBlock),
        ("signatory_name_ar", input.signatory_name_ar.as_ref(), IdentityLine::SignatureBlock),
        ("signatory_title", Some(&input.signatory_title), IdentityLine::SignatureBlock),
        ("signatory_title_ar", input.signatory_title_ar.as_ref(), IdentityLine::SignatureBlock),
        ("place", input.place.as_ref(), IdentityLine::Place),
        ("place_ar", input.place_ar.as_ref(), IdentityLine::Place),
    ];
    for (field, text, line) in lines {
        if let Some(text) = text
            && !renderer.fits(line, text)
        {
            return Err(ApiError::field(field, "does_not_fit"));
        }
    }
    // The Arabic signatory line joins the name and the title.
    if let Some(line) = arabic_signatory_line(&input.signatory_name_ar, &input.signatory_title_ar)
        && !renderer.fits(IdentityLine::SignatureBlock, &line)
    {
        return Err(ApiError::field("signatory_title_ar", "does_not_fit"));
    }
    let mut images = [None, None];
    for (slot, (field, id)) in images.iter_mut().zip([("signature", &input.signature), ("stamp", &input.stamp)]) {
        if let Some(id) = id {
            let key = image_key(programme_id, id).ok_or_else(|| ApiError::field(field, "unknown_image"))?;
            let png = state.storage.get(&key).await?.ok_or_else(|| ApiError::field(field, "unknown_image"))?;
            *slot = Some((key, png.to_vec()));
        }
    }
    let [signature, stamp] = images;
    Ok(Checked { input, signature, stamp })
}

/// A bilingual attestation for a sample learner with the identity as typed:
/// nothing is saved, and its code verifies nowhere.
pub async fn preview(state: &AppState, actor: &Actor, programme_id: i64, input: &IssuerIdentityInput) -> ApiResult<Vec<u8>> {
    let programme = programme_for(state, actor, programme_id).await?;
    let checked = check(state, programme_id, input).await?;
    let i = &checked.input;
    let module = programmes::modules_of(state.db.conn(), programme_id).await?.into_iter().next();
    let content = Content {
        kind: AttestationKind::Module,
        bilingual: true,
        holder: "Aïcha Mint Mohamed Salem".into(),
        holder_ar: Some("عائشة منت محمد سالم".into()),
        sex: Sex::Female,
        title: module.as_ref().map_or_else(|| programme.title_fr.clone(), |m| m.title_fr.clone()),
        title_ar: module.as_ref().map_or_else(|| programme.title_ar.clone(), |m| m.title_ar.clone()),
        module_code: module.as_ref().map(|m| m.code.clone()),
        programme: programme.title_fr.clone(),
        programme_ar: programme.title_ar.clone(),
        cohort: shared::i18n::t(shared::Lang::Fr, shared::i18n::k::ISSUER_PREVIEW_COHORT).to_string(),
        region: "Nouakchott".into(),
        hours: module.as_ref().map_or(18, |m| shared::num::u32_of(m.hours)),
        attended_hours: None,
        issued_on: Utc::now().date_naive(),
        issuer: i.body.clone(),
        issuer_ar: i.body_ar.clone(),
        signatory_name: i.signatory_name.clone(),
        signatory_title: i.signatory_title.clone(),
        signatory_ar: arabic_signatory_line(&i.signatory_name_ar, &i.signatory_title_ar),
        place: i.place.clone(),
        place_ar: i.place_ar.clone(),
        signature: match &checked.signature {
            Some((_, png)) => Some(decoded(png.clone()).await?),
            None => None,
        },
        stamp: match &checked.stamp {
            Some((_, png)) => Some(decoded(png.clone()).await?),
            None => None,
        },
        partner_logo: None,
        code: shared::i18n::t(shared::Lang::Fr, shared::i18n::k::ISSUER_PREVIEW_CODE).to_string(),
        qr_payload: format!("{}/verify", state.settings.base_url),
        verify_at: shared::i18n::t(shared::Lang::Fr, shared::i18n::k::ISSUER_PREVIEW_NOTICE).to_string(),
    };
    let renderer = state.renderer.clone();
    let pdf = tokio::task::spawn_blocking(move || renderer.render(&content)).await.map_err(anyhow::Error::from)??;
    Ok(pdf)
}

/// Records a new version of the identity, and the programme's issuing body
/// (its French name lives on the programme). Attestations issued from now
/// on carry it; those issued before keep theirs.
pub async fn save(state: &AppState, actor: &Actor, programme_id: i64, input: &IssuerIdentityInput) -> ApiResult<IssuerIdentityView> {
    programme_for(state, actor, programme_id).await?;
    let checked = check(state, programme_id, input).await?;
    let i = checked.input;
    let tx = state.db.begin_write().await?;
    let programme = programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let programme = if programme.issuer == i.body {
        programme
    } else {
        let mut active = programme.into_active_model();
        active.issuer = Set(i.body.clone());
        active.updated_at = Set(crate::clock::now());
        let updated = active.update(&tx).await?;
        programmes::bump_version(&tx, programme_id).await?;
        updated
    };
    let saved = issuer_identities::insert(
        &tx,
        NewIdentity {
            programme_id,
            body_ar: i.body_ar.clone(),
            signatory_name: i.signatory_name.clone(),
            signatory_name_ar: i.signatory_name_ar.clone(),
            signatory_title: i.signatory_title.clone(),
            signatory_title_ar: i.signatory_title_ar.clone(),
            place: i.place.clone(),
            place_ar: i.place_ar.clone(),
            signature_key: checked.signature.map(|(key, _)| key),
            stamp_key: checked.stamp.map(|(key, _)| key),
            created_by: actor.id,
        },
    )
    .await?;
    let details =
        serde_json::json!({ "identity": saved.id, "body": i.body, "signatory_name": i.signatory_name, "signatory_title": i.signatory_title });
    audit::record(&tx, actor.id, AuditAction::ProgrammeIssuer, programme_id, Some(details)).await?;
    tx.commit().await?;
    view(state, &programme, Some(&saved)).await
}

fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::NotAnImage => ApiError::field("file", "image_type"),
        Refusal::Unreadable => ApiError::field("file", "image_unreadable"),
        Refusal::TooLarge => ApiError::field_with("file", "image_too_large", &[("max", picture::MAX_SIDE.to_string())]),
    }
}

/// A partner's logo (PNG or SVG, checked like a signature), printed on the
/// attestations of the people its managers enrolled from now on; those
/// issued before keep the logo they were printed with.
pub async fn set_partner_logo(state: &AppState, actor: &Actor, organisation_id: i64, upload: Option<Upload>) -> ApiResult<OrganisationView> {
    policy::may_manage_accounts(actor)?;
    organisations::by_id(state.db.conn(), organisation_id).await?.ok_or_else(ApiError::not_found)?;
    let key = match upload {
        Some(upload) => {
            let normalised =
                tokio::task::spawn_blocking(move || picture::normalise(&upload.bytes)).await.map_err(anyhow::Error::from)?.map_err(refused)?;
            let key = format!("organisations/{organisation_id}/{}.png", uuid::Uuid::new_v4().simple());
            state.storage.put(&key, normalised.png).await?;
            Some(key)
        }
        None => None,
    };
    let tx = state.db.begin_write().await?;
    let saved = organisations::set_logo(&tx, organisation_id, key.clone()).await?;
    audit::record(&tx, actor.id, AuditAction::OrganisationLogo, organisation_id, Some(serde_json::json!({ "logo": key }))).await?;
    tx.commit().await?;
    Ok(crate::service::accounts::organisation_view(saved))
}

/// The logo, for administrators and the organisation's own people.
pub async fn partner_logo(state: &AppState, actor: &Actor, organisation_id: i64) -> ApiResult<Vec<u8>> {
    policy::may_see_organisation(actor, organisation_id)?;
    let organisation = organisations::by_id(state.db.conn(), organisation_id).await?.ok_or_else(ApiError::not_found)?;
    let key = organisation.logo_key.ok_or_else(ApiError::not_found)?;
    Ok(state.storage.get(&key).await?.ok_or_else(ApiError::not_found)?.to_vec())
}
