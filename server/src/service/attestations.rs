//! Issuing attestations. A completion is the durable record of what is owed:
//! the worker (any of several processes) turns owed completions into signed
//! attestations, exactly once — the partial unique index on live attestations
//! decides — then makes their PDFs and mails them through the outbox. A crash
//! anywhere leaves work the next pass finishes.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use sea_orm::ConnectionTrait;
use shared::Lang;
use shared::enums::AttestationKind;
use shared::num::{i32_of, u32_of};

use crate::attestation::claim::Claim;
use crate::attestation::code;
use crate::attestation::pdf::{Content, Renderer};
use crate::attestation::picture::Picture;
use crate::attestation::seal::{self, Seal};
use crate::domain::workshops;
use crate::entities::{account, attestation, cohort, issuer_identity, module, programme};
use crate::mail::compose::{self, Addressee};
use crate::service::issuers::{self, Identity};
use crate::state::AppState;
use crate::store::attestations::{self as store, NewAttestation};
use crate::store::{accounts, attendance, cohorts, issuer_identities, organisations, outbox, programmes};

const BATCH: u64 = 200;

/// What an attestation is about, loaded in bulk.
struct Facts {
    accounts: HashMap<i64, account::Model>,
    modules: HashMap<i64, module::Model>,
    cohorts: HashMap<i64, cohort::Model>,
    programmes: HashMap<i64, programme::Model>,
}

async fn facts(db: &impl ConnectionTrait, account_ids: &[i64], cohort_ids: &[i64], programme_ids: &[i64]) -> anyhow::Result<Facts> {
    let mut accounts_map = HashMap::new();
    for chunk in account_ids.chunks(500) {
        for a in accounts::by_ids(db, chunk).await? {
            accounts_map.insert(a.id, a);
        }
    }
    let mut cohorts_map = HashMap::new();
    for id in cohort_ids.iter().collect::<HashSet<_>>() {
        if let Some(c) = cohorts::by_id(db, *id).await? {
            cohorts_map.insert(c.id, c);
        }
    }
    let mut programmes_map = HashMap::new();
    let mut modules_map = HashMap::new();
    let programme_ids: HashSet<i64> = programme_ids.iter().copied().chain(cohorts_map.values().map(|c| c.programme_id)).collect();
    for id in programme_ids {
        if let Some(p) = programmes::by_id(db, id).await? {
            for m in programmes::modules_of(db, p.id).await? {
                modules_map.insert(m.id, m);
            }
            programmes_map.insert(p.id, p);
        }
    }
    Ok(Facts { accounts: accounts_map, modules: modules_map, cohorts: cohorts_map, programmes: programmes_map })
}

/// Hours of in-person sessions attended, per (cohort, module, learner), where recorded.
async fn attended_hours(db: &impl ConnectionTrait, cohort_ids: &[i64]) -> anyhow::Result<HashMap<(i64, i64, i64), u32>> {
    let mut out = HashMap::new();
    for cohort_id in cohort_ids.iter().collect::<HashSet<_>>() {
        let sessions = attendance::of_cohort(db, *cohort_id).await?;
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        for (account_id, recorded) in attendance::statuses_by_learner(db, &ids).await? {
            let mut by_module: HashMap<i64, Vec<(i64, u32)>> = HashMap::new();
            for s in sessions.iter().filter(|s| recorded.contains_key(&s.id)) {
                if let Some(module_id) = s.module_id {
                    by_module.entry(module_id).or_default().push((s.id, u32_of(s.duration_minutes)));
                }
            }
            for (module_id, held) in by_module {
                out.insert((*cohort_id, module_id, account_id), workshops::hours(&workshops::seats_of(&held, Some(&recorded))));
            }
        }
    }
    Ok(out)
}

pub fn wants_arabic(programme: &programme::Model, account: &account::Model) -> bool {
    programme.bilingual_attestations || account.language == Lang::Ar
}

/// What an attestation attests: a module, or a whole programme and its hours.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Module(&'a module::Model),
    Programme { hours: u32 },
}

/// A signed, not yet stored, attestation.
pub struct Draft {
    pub new: NewAttestation,
}

#[allow(clippy::too_many_arguments)]
pub fn draft(
    state: &AppState,
    kind: AttestationKind,
    account: &account::Model,
    programme: &programme::Model,
    subject: Subject<'_>,
    cohort: &cohort::Model,
    completion: (Option<i64>, Option<i64>),
    issued_on: chrono::NaiveDate,
    attended: Option<u32>,
    supersedes: Option<&attestation::Model>,
    identity: Option<&issuer_identity::Model>,
) -> Draft {
    let signatory = Identity::of(&programme.issuer, identity, &state.settings.issuer).signatory_claim();
    let code = code::generate();
    let (module, title, title_ar, hours) = match subject {
        Subject::Module(m) => (Some(m), m.title_fr.clone(), m.title_ar.clone(), u32_of(m.hours)),
        Subject::Programme { hours } => (None, programme.title_fr.clone(), programme.title_ar.clone(), hours),
    };
    let claim = Claim {
        v: 2,
        code: code.clone(),
        kind: kind.as_str().to_string(),
        holder: account.full_name.clone(),
        title: title.clone(),
        programme: programme.title_fr.clone(),
        hours,
        issued_on,
        issuer: programme.issuer.clone(),
        supersedes: supersedes.map(|old| old.code.clone()),
        kid: Some(state.issuer_key.key_id()),
        signatory,
    };
    let canonical = claim.canonical();
    let signature = state.issuer_key.sign(&canonical);
    Draft {
        new: NewAttestation {
            code,
            kind,
            account_id: account.id,
            programme_id: programme.id,
            module_id: module.map(|m| m.id),
            cohort_id: cohort.id,
            completion_id: completion.0,
            programme_completion_id: completion.1,
            holder_name: account.full_name.clone(),
            holder_name_ar: account.full_name_ar.clone(),
            title_fr: title,
            title_ar,
            cohort_name: cohort.name.clone(),
            region: cohort.region.clone(),
            hours: i32_of(hours),
            attended_hours: attended.map(i32_of),
            issued_on,
            issuer: programme.issuer.clone(),
            bilingual: wants_arabic(programme, account),
            supersedes_id: supersedes.map(|old| old.id),
            claim: String::from_utf8(canonical).unwrap_or_default(),
            signature,
            key_id: state.issuer_key.key_id(),
            issuer_identity_id: identity.map(|i| i.id),
            partner_logo_key: None,
        },
    }
}

/// Turns owed completions into attestations (without PDFs yet); returns how
/// many were issued.
pub async fn issue_owed(state: &AppState, cohort: Option<i64>, module: Option<i64>) -> anyhow::Result<u64> {
    let db = state.db.conn();
    let mut issued = 0;
    loop {
        let owed = store::completions_owed(db, cohort, module, BATCH).await?;
        let owed_programmes = if cohort.is_none() { store::programme_completions_owed(db, BATCH).await? } else { Vec::new() };
        if owed.is_empty() && owed_programmes.is_empty() {
            return Ok(issued);
        }
        let account_ids: Vec<i64> = owed.iter().map(|c| c.account_id).chain(owed_programmes.iter().map(|p| p.account_id)).collect();
        let cohort_ids: Vec<i64> = owed.iter().map(|c| c.cohort_id).chain(owed_programmes.iter().map(|p| p.cohort_id)).collect();
        let programme_ids: Vec<i64> = owed_programmes.iter().map(|p| p.programme_id).collect();
        let facts = facts(db, &account_ids, &cohort_ids, &programme_ids).await?;
        let attended = attended_hours(db, &cohort_ids).await?;
        let identities = issuer_identities::current_of(db, facts.programmes.keys().copied()).await?;
        let mut rows = Vec::with_capacity(owed.len() + owed_programmes.len());
        for c in &owed {
            let (Some(account), Some(module), Some(cohort)) =
                (facts.accounts.get(&c.account_id), facts.modules.get(&c.module_id), facts.cohorts.get(&c.cohort_id))
            else {
                continue;
            };
            let Some(programme) = facts.programmes.get(&module.programme_id) else { continue };
            let hours = attended.get(&(cohort.id, module.id, account.id)).copied();
            let d = draft(
                state,
                AttestationKind::Module,
                account,
                programme,
                Subject::Module(module),
                cohort,
                (Some(c.id), None),
                c.completed_at.date_naive(),
                hours,
                None,
                identities.get(&programme.id),
            );
            rows.push(d.new);
        }
        for p in &owed_programmes {
            let (Some(account), Some(programme), Some(cohort)) =
                (facts.accounts.get(&p.account_id), facts.programmes.get(&p.programme_id), facts.cohorts.get(&p.cohort_id))
            else {
                continue;
            };
            let hours = facts.modules.values().filter(|m| m.programme_id == programme.id).map(|m| u32_of(m.hours)).sum();
            let d = draft(
                state,
                AttestationKind::Programme,
                account,
                programme,
                Subject::Programme { hours },
                cohort,
                (None, Some(p.id)),
                p.completed_at.date_naive(),
                None,
                None,
                identities.get(&programme.id),
            );
            rows.push(d.new);
        }
        let pairs: Vec<(i64, i64)> = rows.iter().map(|r| (r.cohort_id, r.account_id)).collect();
        let logos = organisations::enrolling_partner_logos(db, &pairs).await?;
        for r in &mut rows {
            r.partner_logo_key = logos.get(&(r.cohort_id, r.account_id)).cloned();
        }
        if rows.is_empty() {
            if !owed.is_empty() || !owed_programmes.is_empty() {
                tracing::warn!(
                    completions = owed.len(),
                    programmes = owed_programmes.len(),
                    "owed attestations whose module, cohort or learner is gone"
                );
            }
            return Ok(issued);
        }
        let settled: Vec<i64> = rows.iter().filter_map(|r| r.completion_id).collect();
        let settled_programmes: Vec<i64> = rows.iter().filter_map(|r| r.programme_completion_id).collect();
        let tx = state.db.begin_write().await?;
        issued += store::insert_new(&tx, rows).await?;
        // Issued here or by another process meanwhile: no longer owed either way.
        store::settle(&tx, &settled, &settled_programmes).await?;
        tx.commit().await?;
    }
}

/// The identities stored attestations were issued under, and their images.
#[derive(Default)]
struct Identities {
    saved: HashMap<i64, issuer_identity::Model>,
    pictures: HashMap<String, Arc<Picture>>,
}

impl Identities {
    async fn of(state: &AppState, attestations: &[attestation::Model]) -> anyhow::Result<Identities> {
        let ids: Vec<i64> = attestations.iter().filter_map(|a| a.issuer_identity_id).collect::<HashSet<_>>().into_iter().collect();
        let saved = issuer_identities::by_ids(state.db.conn(), &ids).await?;
        let mut pictures = HashMap::new();
        let keys: HashSet<String> = saved
            .values()
            .flat_map(|i| [i.signature_key.clone(), i.stamp_key.clone()])
            .chain(attestations.iter().map(|a| a.partner_logo_key.clone()))
            .flatten()
            .collect();
        for key in keys {
            if let Some(picture) = issuers::picture(state, &key).await? {
                pictures.insert(key, picture);
            }
        }
        Ok(Identities { saved, pictures })
    }
}

/// The printable content of a stored attestation.
fn content(state: &AppState, a: &attestation::Model, facts: &Facts, identities: &Identities) -> Content {
    let claim: Option<Claim> = serde_json::from_str(&a.claim).ok();
    let programme = facts.programmes.get(&a.programme_id);
    let identity = Identity::of(&a.issuer, a.issuer_identity_id.and_then(|id| identities.saved.get(&id)), &state.settings.issuer);
    let picture = |key: &Option<String>| -> Option<Arc<Picture>> { key.as_ref().and_then(|k| identities.pictures.get(k)).map(Arc::clone) };
    let base = &state.settings.base_url;
    let module_code = a.module_id.and_then(|m| facts.modules.get(&m)).map(|m| m.code.clone());
    let what = module_code.clone().or_else(|| programme.map(|p| p.code.clone())).unwrap_or_default();
    Content {
        kind: a.kind,
        bilingual: a.bilingual,
        holder: a.holder_name.clone(),
        holder_ar: a.holder_name_ar.clone(),
        sex: facts.accounts.get(&a.account_id).map(|account| account.sex).unwrap_or_default(),
        title: a.title_fr.clone(),
        title_ar: a.title_ar.clone(),
        module_code,
        programme: claim.as_ref().map(|c| c.programme.clone()).or_else(|| programme.map(|p| p.title_fr.clone())).unwrap_or_default(),
        programme_ar: programme.and_then(|p| p.title_ar.clone()),
        cohort: a.cohort_name.clone(),
        region: a.region.clone(),
        hours: u32_of(a.hours),
        attended_hours: a.attended_hours.map(u32_of),
        issued_on: a.issued_on,
        issuer: a.issuer.clone(),
        issuer_ar: identity.body_ar.clone(),
        signatory_ar: identity.signatory_ar(),
        signatory_name: identity.signatory_name,
        signatory_title: identity.signatory_title,
        place: identity.place,
        place_ar: identity.place_ar,
        signature: picture(&identity.signature_key),
        stamp: picture(&identity.stamp_key),
        partner_logo: picture(&a.partner_logo_key),
        code: a.code.clone(),
        qr_payload: qr_payload(state, a, &what),
        verify_at: format!("{}/verify", base.trim_start_matches("https://").trim_start_matches("http://")),
    }
}

/// The QR code's text: the address of the code's verify page carrying the
/// compact signed seal (see `attestation::seal`), signed with the current
/// key (a render after a key rotation names the new key).
fn qr_payload(state: &AppState, a: &attestation::Model, what: &str) -> String {
    let seal = Seal {
        v: seal::VERSION,
        code: a.code.replace('-', ""),
        kind: a.kind,
        holder: seal::holder_of(&a.holder_name),
        what: what.to_string(),
        hours: u32_of(a.hours),
        issued_on: a.issued_on,
        kid: state.issuer_key.key_id(),
    };
    let (address, rest) = seal::qr_text(&state.settings.base_url, &seal.sign(&state.issuer_key));
    format!("{address}{rest}")
}

/// Makes the PDFs of attestations that have none, stores each under a new
/// file name, and mails it. Returns how many were made.
pub async fn render_pending(state: &AppState) -> anyhow::Result<u64> {
    let db = state.db.conn();
    let mut made = 0;
    loop {
        let pending = store::without_pdf(db, BATCH).await?;
        if pending.is_empty() {
            return Ok(made);
        }
        let account_ids: Vec<i64> = pending.iter().map(|a| a.account_id).collect();
        let cohort_ids: Vec<i64> = pending.iter().map(|a| a.cohort_id).collect();
        let programme_ids: Vec<i64> = pending.iter().map(|a| a.programme_id).collect();
        let facts = facts(db, &account_ids, &cohort_ids, &programme_ids).await?;
        let identities = Identities::of(state, &pending).await?;
        let contents: Vec<(i64, String, Content)> = pending.iter().map(|a| (a.id, a.code.clone(), content(state, a, &facts, &identities))).collect();
        let mut stored = Vec::with_capacity(contents.len());
        let mut failed = 0;
        for (id, code, rendered) in render_parallel(state.renderer.clone(), contents).await? {
            // One PDF that cannot be made (a name too long for the page) is
            // said and left pending; it does not hold up the others.
            let bytes = match rendered {
                Ok(bytes) => bytes,
                Err(e) => {
                    tracing::error!(attestation = id, code, error = format!("{e:#}"), "an attestation's PDF cannot be made");
                    failed += 1;
                    continue;
                }
            };
            // A new key every time: never overwrite what someone may hold.
            let key = format!("attestations/{code}-{}.pdf", uuid::Uuid::new_v4().simple());
            let sha = crate::secrets::sha256_hex(&bytes);
            state.storage.put(&key, bytes).await?;
            stored.push((id, key, sha));
        }
        let tx = state.db.begin_write().await?;
        let mut mails = Vec::new();
        let mut losers = Vec::new();
        for (id, key, sha) in &stored {
            if store::set_pdf(&tx, *id, key, sha).await? {
                made += 1;
                let attestation = pending.iter().find(|a| a.id == *id);
                if let Some((a, account)) = attestation.and_then(|a| facts.accounts.get(&a.account_id).map(|account| (a, account))) {
                    mails.push(attestation_mail(state, a, account, key));
                }
            } else {
                losers.push(key.clone());
            }
        }
        outbox::enqueue(&tx, mails).await?;
        tx.commit().await?;
        for key in losers {
            if let Err(e) = state.storage.delete(&key).await {
                tracing::warn!(error = format!("{e:#}"), key, "removing a PDF another process made first");
            }
        }
        state.mail_ready.notify_one();
        if failed > 0 && stored.is_empty() {
            return Ok(made);
        }
    }
}

fn attestation_mail(state: &AppState, a: &attestation::Model, account: &account::Model, key: &str) -> outbox::NewMail {
    let to = Addressee { email: &account.email, name: &account.full_name, lang: account.language };
    let link = format!("{}/verify/{}", state.settings.base_url, a.code);
    let mut mail = compose::attestation(&to, &a.title_fr, &a.code, &link, a.id);
    mail.attachment_key = Some(key.to_string());
    mail.attachment_name = Some(format!("attestation-{}.pdf", a.code));
    mail
}

/// Renders on every core: the PDFs are CPU work, kept off the async runtime.
async fn render_parallel(
    renderer: Arc<Renderer>,
    contents: Vec<(i64, String, Content)>,
) -> anyhow::Result<Vec<(i64, String, anyhow::Result<Vec<u8>>)>> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(1);
    let chunk = contents.len().div_ceil(workers).max(1);
    let mut tasks = Vec::new();
    let mut contents = contents;
    while !contents.is_empty() {
        let part: Vec<_> = contents.drain(..chunk.min(contents.len())).collect();
        let renderer = renderer.clone();
        tasks.push(tokio::task::spawn_blocking(move || part.into_iter().map(|(id, code, c)| (id, code, renderer.render(&c))).collect::<Vec<_>>()));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.extend(task.await?);
    }
    Ok(out)
}

/// One pass of the attestation worker.
pub async fn work(state: &AppState) -> anyhow::Result<u64> {
    issue_owed(state, None, None).await?;
    render_pending(state).await
}

/// The attestation worker: woken by completions, and every few seconds for
/// what other processes recorded or a crash left behind.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = work(&state).await {
                tracing::error!(error = format!("{e:#}"), "attestation worker");
            }
            let _ = tokio::time::timeout(state.settings.safety_poll, state.attestations_ready.notified()).await;
        }
    })
}
