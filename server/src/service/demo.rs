//! The first run on an empty database: demo accounts (one per role) with random
//! passwords, printed once, and one open cohort per programme, so a newcomer
//! can look around at once.
use chrono::{Datelike, NaiveDate, TimeDelta};
use shared::Lang;
use shared::api::accounts::CreateOrganisationRequest;
use shared::api::cohorts::CreateCohortRequest;
use shared::enums::{Category, EnrolmentSource, Role};

use crate::clock::now;
use crate::db::Db;
use crate::secrets::{hash_password, readable_password};
use crate::store::accounts::{self, NewAccount};
use crate::store::{cohorts, enrolments, organisations, programmes};

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    pub password: String,
}

/// Creates the demo when no account exists yet; `None` otherwise.
pub async fn create_if_empty(db: &Db) -> anyhow::Result<Option<Vec<DemoAccount>>> {
    if accounts::count(db.conn()).await? > 0 {
        return Ok(None);
    }
    let people = [
        (Role::Admin, "admin@cursus.local", "Nadia Admin", None, None),
        (Role::Trainer, "formatrice@cursus.local", "Salma Bennani", None, None),
        (Role::Partner, "ena@cursus.local", "Karim Trabelsi", Some(("ENA — École nationale d'administration", "Tunis")), None),
        (Role::Learner, "apprenant@cursus.local", "Aïcha Ould Ahmed", Some(("Association Tanmia", "Fès-Meknès")), Some(Category::Association)),
    ];
    let mut created = Vec::new();
    let mut hashed = Vec::new();
    for (role, email, name, org, category) in people {
        let password = readable_password();
        let to_hash = password.clone();
        let hash = tokio::task::spawn_blocking(move || hash_password(&to_hash)).await??;
        hashed.push((role, email, name, org, category, hash));
        created.push(DemoAccount { role, email: email.to_string(), password });
    }
    let tx = db.begin_write().await?;
    let mut ids = Vec::new();
    for (role, email, name, org, category, hash) in hashed {
        let organisation_id = match org {
            Some((org_name, region)) => Some(match organisations::by_name(&tx, org_name).await? {
                Some(o) => o.id,
                None => {
                    let kind = crate::policy::organisation_kind_for(role);
                    let req = CreateOrganisationRequest { name: org_name.into(), kind, region: Some(region.into()), commune: None };
                    organisations::insert(&tx, &req).await?.id
                }
            }),
            None => None,
        };
        let new = NewAccount {
            email: email.into(),
            full_name: name.into(),
            role,
            organisation_id,
            category,
            position: None,
            phone: None,
            language: Lang::Fr,
            password_hash: Some(hash),
            profile: Default::default(),
        };
        ids.push((role, accounts::insert(&tx, new).await?.id));
    }
    let id_of = |role: Role| ids.iter().find(|(r, _)| *r == role).map(|(_, id)| *id);
    let (trainer, learner) = (id_of(Role::Trainer), id_of(Role::Learner));
    let today = now().date_naive();
    let starts_on = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let (list, _) = programmes::list(&tx, shared::api::PageQuery::default()).await?;
    for programme in &list {
        let (name, region, hub) = match programme.code.as_str() {
            "TAKWIA" => ("Takwia — Moulay Yaacoub", "Fès-Meknès", Some("Moulay Yaacoub")),
            "PASC" => ("PASC — Tunis", "Tunis", Some("Pôle d'apprentissage de Tunis")),
            _ => (programme.title.fr.as_str(), "National", None),
        };
        let req = CreateCohortRequest {
            programme_id: programme.id,
            name: format!("{name} {}", starts_on.year()),
            region: region.into(),
            learning_hub: hub.map(str::to_string),
            starts_on,
            ends_on: starts_on + TimeDelta::days(365),
            capacity: 40,
            self_enrolment_open: true,
            min_attendance_percent: None,
            attendance_basis: Default::default(),
            trainer_ids: trainer.into_iter().collect(),
        };
        let cohort = cohorts::insert(&tx, &req).await?;
        // The demo learner follows the flagship cycle.
        if let (Some(learner), "TAKWIA") = (learner, programme.code.as_str()) {
            enrolments::insert_if_absent(&tx, cohort.id, learner, EnrolmentSource::Admin, None).await?;
        }
    }
    tx.commit().await?;
    Ok(Some(created))
}
