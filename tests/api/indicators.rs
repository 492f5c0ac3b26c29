//! The indicators a donor asks for: a fixture of known people (sex, age,
//! category, region) with completions on known days gives exactly the
//! expected figures for each breakdown and period; the XLSX file read back
//! by another library holds the same numbers; a partner's file masks small
//! cells and never counts another organisation's people.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use cursus_tests::harness::Session;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

struct Fixture {
    app: TestApp,
    admin: Session,
    partner: Session,
    cohort: i64,
    module_hours: u64,
    programme: String,
    cfad: i64,
    quarter: (NaiveDate, NaiveDate),
}

/// The quarter of `day`: its first and last days.
fn quarter_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_month = (day.month0() / 3) * 3 + 1;
    let from = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap();
    let next =
        if first_month == 10 { NaiveDate::from_ymd_opt(day.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(day.year(), first_month + 3, 1) };
    (from, next.unwrap() - Duration::days(1))
}

async fn id_of(admin: &Session, email: &str) -> i64 {
    admin.get_json(&format!("/api/v1/accounts?q={email}")).await["items"][0]["id"].as_i64().unwrap()
}

/// Seven people in one cohort: six from ENA's file, one from CFAD's. Five
/// finish a module today; one finished it more than a year ago.
async fn fixture(backend: Backend) -> Fixture {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let partner = app.as_role(Role::Partner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let module = takwia["modules"].as_array().unwrap().iter().find(|m| m["code"] == "TK-01").unwrap().clone();
    let body = json!({ "programme_id": takwia["id"], "name": "Takwia — Fès", "region": "Fès-Meknès", "starts_on": "2025-01-01", "ends_on": "2030-12-31", "capacity": 100 });
    let cohort = admin.post("/api/v1/cohorts", &body).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let y = Utc::now().year();
    let ena = format!(
        "courriel;prénom;nom;catégorie;organisation;fonction;sexe;année de naissance;région\n\
         f1@ena.tn;Fatima;Un;public_actor;ENA;Agente;F;{};Fès-Meknès\n\
         f2@ena.tn;Fadwa;Deux;public_actor;ENA;Agente;Femme;{};Fès-Meknès\n\
         f3@ena.tn;Farah;Trois;local_media;ENA;Agente;أنثى;{};Fès-Meknès\n\
         m1@ena.tn;Mehdi;Un;public_actor;ENA;Agent;H;{};Fès-Meknès\n\
         m2@ena.tn;Mourad;Deux;public_actor;ENA;Agent;H;;Tunis\n\
         f4@ena.tn;Fella;Quatre;student;ENA;Stagiaire;F;{};Tunis\n",
        y - 20,
        y - 30,
        y - 40,
        y - 22,
        y - 28
    );
    let path = format!("/api/v1/cohorts/{cohort}/enrolments/import");
    assert_eq!(partner.post_bytes(&path, "text/csv", ena.into_bytes()).await.status(), StatusCode::OK);
    let cfad = app.new_organisation(&admin, "Centre de formation à distance (CFAD)").await;
    let cfad_partner = app.new_account(&admin, Role::Partner, "gestion@cfad.example.ma", Some(cfad)).await;
    let other = format!(
        "email;prénom;nom;catégorie;organisation;fonction;sexe;année de naissance;région\nc1@cfad.ma;Chaima;Un;public_actor;;Agente;F;{};Fès-Meknès\n",
        y - 25
    );
    assert_eq!(cfad_partner.post_bytes(&path, "text/csv", other.into_bytes()).await.status(), StatusCode::OK);

    let module_id = module["id"].as_i64().unwrap();
    let now = Utc::now();
    let mut done = Vec::new();
    for email in ["f1@ena.tn", "f2@ena.tn", "m1@ena.tn", "f4@ena.tn", "c1@cfad.ma"] {
        done.push((id_of(&admin, email).await, module_id, cohort, now));
    }
    done.push((id_of(&admin, "f3@ena.tn").await, module_id, cohort, now - Duration::days(400)));
    cursus::store::completions::insert_many(app.state.db.conn(), &done).await.unwrap();
    app.run_workers_once().await;
    Fixture {
        app,
        admin,
        partner,
        cohort,
        module_hours: module["hours"].as_u64().unwrap(),
        programme: takwia["title"]["fr"].as_str().unwrap().to_string(),
        cfad,
        quarter: quarter_of(now.date_naive()),
    }
}

fn group<'a>(figures: &'a Value, dimension: &str, key: &str) -> &'a Value {
    let breakdown = figures["breakdowns"].as_array().unwrap().iter().find(|b| b["dimension"] == dimension).unwrap();
    &breakdown["groups"].as_array().unwrap().iter().find(|g| g["key"] == key).unwrap_or_else(|| panic!("{dimension} {key}: {breakdown}"))["figures"]
}

fn pairs(figures: &Value, dimension: &str, figure: &str) -> Vec<(String, u64)> {
    let breakdown = figures["breakdowns"].as_array().unwrap().iter().find(|b| b["dimension"] == dimension).unwrap();
    breakdown["groups"].as_array().unwrap().iter().map(|g| (g["key"].as_str().unwrap().to_string(), g["figures"][figure].as_u64().unwrap())).collect()
}

fn owned(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

both_backends!(known_people_give_exactly_the_expected_figures_by_breakdown_and_period, |backend: Backend| async move {
    let f = fixture(backend).await;
    let (from, to) = f.quarter;
    let this_quarter = format!("/api/v1/reports/indicators?cohort_id={}&from={from}&to={to}", f.cohort);
    let all = f.admin.get_json(&this_quarter).await;
    let hours = f.module_hours;
    assert_eq!(
        all["total"],
        json!({ "enrolled": 7, "trained": 5, "certified": 0, "attendees": 0, "completions": 5, "attestations": 5, "hours": 5 * hours, "attended_hours": 0 }),
        "the old completion's attestation bears the day of the completion: not this quarter's"
    );
    assert_eq!(pairs(&all, "sex", "enrolled"), owned(&[("female", 5), ("male", 2), ("not_stated", 0)]));
    assert_eq!(pairs(&all, "sex", "trained"), owned(&[("female", 4), ("male", 1), ("not_stated", 0)]));
    assert_eq!(pairs(&all, "age_band", "enrolled"), owned(&[("<15", 0), ("15–24", 2), ("25–34", 3), ("35–49", 1), ("50+", 0), ("not_stated", 1)]));
    assert_eq!(pairs(&all, "age_band", "trained"), owned(&[("<15", 0), ("15–24", 2), ("25–34", 3), ("35–49", 0), ("50+", 0), ("not_stated", 0)]));
    assert_eq!(
        pairs(&all, "category", "enrolled"),
        owned(&[("association", 0), ("public_actor", 5), ("local_media", 1), ("student", 1), ("researcher", 0), ("not_stated", 0)])
    );
    assert_eq!(pairs(&all, "region", "trained"), owned(&[("Fès-Meknès", 4), ("Tunis", 1)]));
    assert_eq!(
        pairs(&all, "organisation", "enrolled"),
        owned(&[("Centre de formation à distance (CFAD)", 1), ("ENA — École nationale d'administration", 6)])
    );
    assert_eq!(group(&all, "programme", &f.programme)["completions"], 5, "{all}");
    assert_eq!(group(&all, "cohort", "Takwia — Fès")["hours"], 5 * hours);

    // The donor's question: women under 35 trained in Fès-Meknès this quarter.
    let women = f.admin.get_json(&format!("{this_quarter}&sex=female&region=F%C3%A8s-Mekn%C3%A8s")).await;
    let under_35: u64 = ["15–24", "25–34"].iter().map(|band| group(&women, "age_band", band)["trained"].as_u64().unwrap()).sum();
    assert_eq!(under_35, 3, "f1, f2 and CFAD's c1");

    // Another period: only the old completion, and nobody enrolled then.
    let today = Utc::now().date_naive();
    let last_year = f
        .admin
        .get_json(&format!(
            "/api/v1/reports/indicators?cohort_id={}&from={}&to={}",
            f.cohort,
            today - Duration::days(500),
            today - Duration::days(300)
        ))
        .await;
    assert_eq!(
        (&last_year["total"]["enrolled"], &last_year["total"]["trained"], &last_year["total"]["attestations"]),
        (&json!(0), &json!(1), &json!(1)),
        "the attestation bears the day of the completion"
    );
    assert_eq!(group(&last_year, "age_band", "35–49")["trained"], 1);

    // Narrowed bands, and bands that make no sense.
    let custom = f.admin.get_json(&format!("{this_quarter}&age_bands=18,30")).await;
    assert_eq!(pairs(&custom, "age_band", "enrolled"), owned(&[("<18", 0), ("18–29", 4), ("30+", 2), ("not_stated", 1)]));
    for bad in ["30,18", "0", "abc", "15,,25"] {
        let r = f.admin.get(&format!("{this_quarter}&age_bands={bad}")).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let backwards = f.admin.get(&format!("/api/v1/reports/indicators?from={to}&to={from}")).await;
    assert_eq!(backwards.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // By programme: the cohort is Takwia's, not PASC's.
    let programmes = f.admin.get_json("/api/v1/programmes").await;
    let programme = |code: &str| programmes["items"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"].as_i64().unwrap();
    let takwia = f.admin.get_json(&format!("/api/v1/reports/indicators?from={from}&to={to}&programme_id={}", programme("TAKWIA"))).await;
    assert_eq!(group(&takwia, "cohort", "Takwia — Fès")["enrolled"], 7);
    let pasc = f.admin.get_json(&format!("/api/v1/reports/indicators?from={from}&to={to}&programme_id={}", programme("PASC"))).await;
    assert!(pairs(&pasc, "cohort", "enrolled").iter().all(|(name, _)| name != "Takwia — Fès"), "{pasc}");

    // A partner manager's figures are their own people's, whatever they ask.
    let own = f.partner.get_json(&this_quarter).await;
    assert_eq!((&own["total"]["enrolled"], &own["total"]["trained"]), (&json!(6), &json!(4)));
    let asked = f.partner.get_json(&format!("{this_quarter}&organisation_id={}", f.cfad)).await;
    assert_eq!(asked["total"]["enrolled"], 0, "another organisation's people, asked by name: none");
    let cfad_only = f.admin.get_json(&format!("{this_quarter}&organisation_id={}", f.cfad)).await;
    assert_eq!(cfad_only["total"]["enrolled"], 1);
    for role in [Role::Learner, Role::Trainer] {
        assert_eq!(f.app.as_role(role).await.get(&this_quarter).await.status(), StatusCode::FORBIDDEN);
    }
});

/// A sheet of the workbook as rows of text.
fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
    rows.iter().find(|r| r.first().is_some_and(|c| c == label)).unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
}

both_backends!(the_xlsx_file_read_back_holds_the_same_numbers_and_masks_small_cells_for_partners, |backend: Backend| async move {
    let f = fixture(backend).await;
    let (from, to) = f.quarter;
    let query = format!("cohort_id={}&from={from}&to={to}", f.cohort);
    let response = f.admin.get(&format!("/api/v1/reports/indicators.xlsx?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains(&format!("cursus-indicateurs-{from}-{to}.xlsx")));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["Synthèse", "Sexe", "Tranche d'âge", "Catégorie", "Région", "Organisation", "Cohorte", "Programme"]);
    let sexes = sheet(&mut book, "Sexe");
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    assert_eq!(sexes[1][0], format!("Période : du {} au {}", day(from), day(to)));
    assert!(sexes.iter().any(|r| r[0] == "Cohorte : Takwia — Fès"), "filters at the top: {sexes:?}");
    assert!(sexes.iter().any(|r| r[0] == "Chiffres exacts, à usage interne."));
    let header = row(&sexes, "Sexe");
    assert_eq!(header[1..4], ["Personnes inscrites", "Personnes formées", "Personnes certifiées"]);
    assert_eq!(row(&sexes, "Femme")[1..3], ["5", "4"]);
    assert_eq!(row(&sexes, "Homme")[1..3], ["2", "1"]);
    assert_eq!(row(&sexes, "Total")[1..3], ["7", "5"]);
    let ages = sheet(&mut book, "Tranche d'âge");
    assert_eq!(row(&ages, "25–34")[1..3], ["3", "3"]);
    assert_eq!(row(&ages, "Non précisé")[1], "1");

    // The same for a donor: small cells masked on request.
    let donor = f.admin.get(&format!("/api/v1/reports/indicators.xlsx?{query}&masked=true")).await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(donor.bytes().await.unwrap().to_vec())).unwrap();
    let sexes = sheet(&mut book, "Sexe");
    assert_eq!(row(&sexes, "Femme")[1..3], ["5", "<5"]);
    assert_eq!(row(&sexes, "Non précisé")[1], "0", "zero singles nobody out");

    // A partner manager's file: their own people, always masked.
    let theirs = f.partner.get(&format!("/api/v1/reports/indicators.xlsx?{query}")).await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(theirs.bytes().await.unwrap().to_vec())).unwrap();
    let sexes = sheet(&mut book, "Sexe");
    assert!(sexes.iter().any(|r| r[0] == "Personnes de : ENA — École nationale d'administration"), "{sexes:?}");
    assert_eq!(row(&sexes, "Total")[1..3], ["6", "<5"]);
    let organisations = sheet(&mut book, "Organisation");
    assert!(organisations.iter().all(|r| !r[0].contains("CFAD")), "{organisations:?}");

    // CSV: one row per group, read as UTF-8 thanks to its BOM.
    let csv = f.partner.get(&format!("/api/v1/reports/indicators.csv?{query}")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.lines().any(|l| l == "Sexe,Femme,<5,<5,0,0,<5,<5,<5,0"), "{text}");
});
