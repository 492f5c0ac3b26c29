//! Open Badges 3.0: an attestation as a signed credential for its holder (and
//! the staff who may see it), and what any verifier fetches without an
//! account — the issuer's profile, its status lists and its keys.
use shared::Lang;
use shared::enums::AttestationKind;
use shared::i18n::{k, tf};

use crate::attestation::badge::{self, Facts, Issuer, StatusSlot};
use crate::entities::attestation;
use crate::error::{ApiError, ApiResult};
use crate::policy::Actor;
use crate::service::uploads::Download;
use crate::service::verification::visible;
use crate::state::AppState;
use crate::store::{accounts, attestations, issuer_keys, programmes};

/// The credential as a JSON document (VC 2.0's enveloped VC-JWT).
pub async fn credential_json(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Download> {
    let a = visible(state, actor, id).await?;
    let jwt = signed(state, &a).await?;
    let bytes = serde_json::to_vec_pretty(&badge::enveloped(&jwt)).map_err(anyhow::Error::from)?;
    Ok(Download { file_name: format!("open-badge-{}.json", a.code), content_type: mime::APPLICATION_JSON.to_string(), bytes: bytes.into() })
}

/// The badge image with the credential baked in.
pub async fn baked_png(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Download> {
    let a = visible(state, actor, id).await?;
    let jwt = signed(state, &a).await?;
    let bytes = badge::bake(badge::BADGE_PNG, &jwt).ok_or_else(|| anyhow::anyhow!("the badge image is not a PNG"))?;
    Ok(Download { file_name: format!("open-badge-{}.png", a.code), content_type: mime::IMAGE_PNG.to_string(), bytes: bytes.into() })
}

/// The signed `OpenBadgeCredential` of an attestation, from its record.
async fn signed(state: &AppState, a: &attestation::Model) -> ApiResult<String> {
    let db = state.db.conn();
    let programme = programmes::by_id(db, a.programme_id).await?.ok_or_else(ApiError::not_found)?;
    let module = match a.module_id {
        Some(id) => programmes::module_by_id(db, id).await?,
        None => None,
    };
    let email = accounts::by_id(db, a.account_id).await?.map(|account| account.email);
    let (human_code, summary) = match (&module, a.kind) {
        (Some(m), AttestationKind::Module) => (m.code.as_str(), m.summary_fr.as_str()),
        _ => (programme.code.as_str(), programme.summary_fr.as_str()),
    };
    let hours = a.hours.to_string();
    let criteria = match a.kind {
        AttestationKind::Module => tf(Lang::Fr, k::BADGE_CRITERIA_MODULE, &[("title", &a.title_fr), ("hours", &hours)]),
        AttestationKind::Programme => tf(Lang::Fr, k::BADGE_CRITERIA_PROGRAMME, &[("title", &a.title_fr), ("hours", &hours)]),
    };
    let issuer = Issuer { base_url: &state.settings.base_url, programme_id: a.programme_id, name: &a.issuer };
    let facts = Facts {
        attestation_id: a.id,
        code: &a.code,
        kind: a.kind,
        holder: &a.holder_name,
        email: email.as_deref(),
        title: &a.title_fr,
        human_code,
        summary,
        hours: a.hours,
        programme_title: &programme.title_fr,
        issued_at: a.created_at,
        criteria,
    };
    Ok(badge::sign(&state.issuer_key, &badge::credential(&issuer, &facts))?)
}

/// The issuer profile of a programme (public).
pub async fn issuer_profile(state: &AppState, programme_id: i64) -> ApiResult<serde_json::Value> {
    let programme = programmes::by_id(state.db.conn(), programme_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(Issuer { base_url: &state.settings.base_url, programme_id, name: &programme.issuer }.profile())
}

/// A programme's status list `list`, signed (public): a list past the last
/// attestation is still a list (all clear), a negative one does not exist.
pub async fn status_list(state: &AppState, programme_id: i64, list: i64) -> ApiResult<String> {
    if !(0..=i64::MAX / badge::STATUS_LIST_BITS - 1).contains(&list) {
        return Err(ApiError::not_found());
    }
    let db = state.db.conn();
    let programme = programmes::by_id(db, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let not_standing = attestations::not_standing(db, programme_id, StatusSlot::ids_of(list)).await?;
    let issuer = Issuer { base_url: &state.settings.base_url, programme_id, name: &programme.issuer };
    Ok(badge::sign(&state.issuer_key, &badge::status_list(&issuer, list, &not_standing, crate::clock::now()))?)
}

/// Every key of the registry as a JWK set (public).
pub async fn key_set(state: &AppState) -> ApiResult<jsonwebtoken::jwk::JwkSet> {
    let keys = issuer_keys::all(state.db.conn()).await?;
    Ok(badge::jwk_set(keys.into_iter().map(|k| (k.key_id, k.public_key))))
}
