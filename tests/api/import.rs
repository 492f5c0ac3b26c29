//! Bulk enrolment files: every malformed input gets a clear, per-row error and
//! changes nothing; good files are imported once however often they are sent.
use cursus_tests::fixtures::{count, people_csv};
use cursus_tests::harness::{Session, problem};
use cursus_tests::{Backend, TestApp, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

async fn import(session: &Session, cohort: i64, body: impl Into<Vec<u8>>, dry_run: bool) -> reqwest::Response {
    let query = if dry_run { "?dry_run=true" } else { "" };
    session.post_bytes(&format!("/api/v1/cohorts/{cohort}/enrolments/import{query}"), "text/csv", body.into()).await
}

async fn setup(backend: Backend) -> (TestApp, Session, i64) {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let cohort: Value = admin
        .post(
            "/api/v1/cohorts",
            &json!({ "programme_id": takwia["id"], "name": "Takwia — Fès 2027", "region": "Fès-Meknès", "starts_on": "2026-09-01", "ends_on": "2027-12-31", "capacity": 20000 }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = cohort["id"].as_i64().unwrap();
    (app, admin, id)
}

both_backends!(a_bom_semicolons_and_arabic_names_are_imported_once, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let csv = "\u{feff}email;prénom;nom;catégorie;organisation;fonction;téléphone\n\
               amina@tanmia.ma;أمينة;\"Bennani; née Tazi\";Représentant·e d'OSC;Association Tanmia;Présidente;+212 6 12 34 56 78\n\
               omar@tanmia.ma;عمر;الفاسي;association;Association Tanmia;Trésorier;\n";
    let report: Value = import(&admin, cohort, csv, false).await.json().await.unwrap();
    assert_eq!(report["committed"], true);
    assert_eq!(report["counts"], json!({ "rows": 2, "new_accounts": 2, "enrolled": 2, "already_enrolled": 0, "errors": 0 }));
    let people = admin.get_json(&format!("/api/v1/cohorts/{cohort}/enrolments")).await;
    let names: Vec<&str> = people["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert!(names.contains(&"أمينة Bennani; née Tazi") && names.contains(&"عمر الفاسي"), "{names:?}");
    assert!(people["items"].as_array().unwrap().iter().all(|p| p["organisation_name"] == "Association Tanmia"));

    // The same file again enrols nobody twice.
    let (accounts, enrolments, mails) = (count(&app, "accounts").await, count(&app, "enrolments").await, count(&app, "outbox_mails").await);
    let again: Value = import(&admin, cohort, csv, false).await.json().await.unwrap();
    assert_eq!(again["counts"]["already_enrolled"], 2);
    assert_eq!(again["counts"]["enrolled"], 0);
    assert_eq!((count(&app, "accounts").await, count(&app, "enrolments").await, count(&app, "outbox_mails").await), (accounts, enrolments, mails));
});

both_backends!(one_bad_row_and_nothing_is_written, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let csv = "email,first_name,last_name,category,organisation,position,phone\n\
               good@ena.tn,Bon,Ligne,public_actor,ENA,Directeur,\n\
               pas-une-adresse,Mauvaise,Ligne,public_actor,ENA,Directeur,\n\
               good@ena.tn,Doublon,Ligne,public_actor,ENA,Directeur,\n\
               other@ena.tn,,Ligne,journaliste,ENA,Directeur,abc\n";
    let before = (count(&app, "accounts").await, count(&app, "enrolments").await, count(&app, "outbox_mails").await);
    let dry: Value = import(&admin, cohort, csv, true).await.json().await.unwrap();
    assert_eq!(dry["counts"]["errors"], 3);
    assert_eq!(dry["rows"][0]["outcome"], "new_account");
    assert_eq!(dry["rows"][1]["outcome"], "error");
    let r = import(&admin, cohort, csv, false).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["code"], "import-rejected");
    let errors: Vec<(u64, String, String)> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (3, "email".into(), "Adresse e-mail invalide.".into()),
            (4, "email".into(), "Adresse déjà présente à la ligne 2.".into()),
            (5, "first_name".into(), "Ce champ est obligatoire.".into()),
            (5, "category".into(), "Catégorie inconnue.".into()),
            (5, "phone".into(), "Numéro de téléphone invalide.".into()),
        ]
    );
    assert_eq!((count(&app, "accounts").await, count(&app, "enrolments").await, count(&app, "outbox_mails").await), before, "all or nothing");
});

both_backends!(file_level_problems_are_named, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let admin_en = app.as_role(Role::Admin).await.with_lang("en");
    let p = problem(import(&admin, cohort, "email,first_name,last_name\nx@y.ma,A,B\n", false).await).await;
    assert_eq!(p["code"], "import-rejected");
    let missing: Vec<&str> = p["rows"].as_array().unwrap().iter().map(|r| r["column"].as_str().unwrap()).collect();
    assert_eq!(missing, ["category", "organisation", "position"]);
    assert_eq!(p["rows"][0]["row"], 1);
    assert_eq!(p["rows"][0]["message"], "Colonne obligatoire absente : category.");
    let p = problem(import(&admin_en, cohort, "email,first_name,last_name\nx@y.ma,A,B\n", false).await).await;
    assert_eq!(p["rows"][0]["message"], "Required column missing: category.");
    let p = problem(import(&admin, cohort, "", false).await).await;
    assert_eq!(p["errors"][0]["message"], "Le fichier est vide.");
    let p = problem(import(&admin, cohort, vec![0xff, 0xfe, 0x41, 0x00, 0x42], false).await).await;
    assert_eq!(p["errors"][0]["code"], "not_tabular");
    let huge = vec![b'a'; 33 * 1024 * 1024];
    let r = import(&admin, cohort, huge, false).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let too_many = people_csv(100_001, "many.tn");
    let p = problem(import(&admin, cohort, too_many, true).await).await;
    assert_eq!(p["errors"][0]["message"], "Trop de lignes : 100000 au plus.");
    assert_eq!(count(&app, "enrolments").await, 1, "only the demo learner");
});

both_backends!(an_xlsx_file_is_read_like_a_csv, |backend: Backend| async move {
    let (_app, admin, cohort) = setup(backend).await;
    let xlsx = std::fs::read(cursus_tests::harness::repo_root().join("tests/fixtures/people.xlsx")).unwrap();
    let r = admin
        .post_bytes(
            &format!("/api/v1/cohorts/{cohort}/enrolments/import?dry_run=true"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["counts"]["rows"], 2, "{report}");
    assert_eq!(report["counts"]["errors"], 0, "{report}");
    assert_eq!(report["rows"][1]["full_name"], "ليلى بن علي");
});

both_backends!(ten_thousand_rows_are_imported_in_one_go, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let csv = people_csv(10_000, "ministere.tn");
    let started = std::time::Instant::now();
    let r = import(&admin, cohort, csv.clone(), false).await;
    let elapsed = started.elapsed();
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["counts"]["new_accounts"], 10_000);
    assert_eq!(count(&app, "enrolments").await, 10_001);
    assert_eq!(count(&app, "password_tokens").await, 10_000);
    assert!(count(&app, "outbox_mails").await >= 10_000);
    eprintln!("10,000-row import over HTTP ({backend:?}, debug build): {elapsed:?}");
    let again: Value = import(&admin, cohort, csv, false).await.json().await.unwrap();
    assert_eq!(again["counts"]["already_enrolled"], 10_000);
});

both_backends!(capacity_is_enforced_for_the_whole_file, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let small: Value = admin
        .post("/api/v1/cohorts", &json!({ "programme_id": takwia["id"], "name": "Petit groupe", "region": "Rabat", "starts_on": "2026-09-01", "ends_on": "2027-06-30", "capacity": 3 }))
        .await
        .json()
        .await
        .unwrap();
    let id = small["id"].as_i64().unwrap();
    let p = problem(import(&admin, id, people_csv(4, "x.ma"), false).await).await;
    assert_eq!(p["code"], "cohort-full");
    assert_eq!(p["detail"], "Il reste 3 places dans la cohorte ; le fichier en demande 4.");
    assert_eq!(count(&app, "enrolments").await, 1);
    let ok: Value = import(&admin, id, people_csv(3, "x.ma"), false).await.json().await.unwrap();
    assert_eq!(ok["counts"]["enrolled"], 3);
});

both_backends!(one_list_saved_by_excel_four_ways_gives_the_same_people_and_says_how_it_was_read, |backend: Backend| async move {
    let (_app, admin, cohort) = setup(backend).await;
    let fixture = |name: &str| std::fs::read(cursus_tests::harness::repo_root().join("tests/fixtures").join(name)).unwrap();
    let mut lists = Vec::new();
    for (name, encoding, separator) in [
        ("people-20.utf8-bom.csv", json!("UTF-8"), json!(";")),
        // French Excel on Windows, "CSV (séparateur : point-virgule)".
        ("people-20.cp1252.csv", json!("windows-1252"), json!(";")),
        // Excel's "Texte Unicode".
        ("people-20.utf16.txt", json!("UTF-16LE"), json!("\t")),
        ("people-20.xlsx", Value::Null, Value::Null),
        // Arabic Windows' CSV, Arabic headers.
        ("people-20.cp1256.csv", json!("windows-1256"), json!(";")),
    ] {
        let report: Value = import(&admin, cohort, fixture(name), true).await.json().await.unwrap();
        assert_eq!(report["reading"], json!({ "encoding": encoding, "separator": separator }), "{name}");
        assert_eq!(report["counts"]["errors"], 0, "{name}: {report}");
        let people: Vec<(String, String)> = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["email"].as_str().unwrap().to_string(), r["full_name"].as_str().unwrap().to_string()))
            .collect();
        lists.push(people);
    }
    assert_eq!(lists[0].len(), 20);
    assert!(lists[0].iter().any(|(_, name)| name == "Zoé Cœurdacier"), "{:?}", lists[0]);
    assert!(lists.iter().all(|list| *list == lists[0]), "{lists:?}");

    // Imported from the Windows file, the names are stored as written.
    let report: Value = import(&admin, cohort, fixture("people-20.cp1252.csv"), false).await.json().await.unwrap();
    assert_eq!(report["counts"]["new_accounts"], 20, "{report}");
    let enrolled = admin.get_json(&format!("/api/v1/cohorts/{cohort}/enrolments?per_page=100")).await;
    let names: Vec<&str> = enrolled["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Cécile Œillet") && names.contains(&"Ousmane Keïta"), "{names:?}");
});

both_backends!(a_partner_names_its_own_organisation_by_its_short_name_and_is_told_what_the_column_expects, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let list = std::fs::read(cursus_tests::harness::repo_root().join("tests/fixtures/people-20.cp1252.csv")).unwrap();
    // The demonstration's partner manager works for "ENA — École nationale d'administration".
    let ena_partner = app.as_role(Role::Partner).await;
    let report: Value = import(&ena_partner, cohort, list.clone(), true).await.json().await.unwrap();
    assert_eq!(report["counts"]["errors"], 0, "`ENA` and an empty cell both mean the partner's own organisation: {report}");
    assert_eq!(report["counts"]["rows"], 20);

    let cfad = app.new_organisation(&admin, "Centre de formation à distance (CFAD)").await;
    let cfad_partner = app.new_account(&admin, Role::Partner, "gestion@cfad.example.ma", Some(cfad)).await;
    let report: Value = import(&cfad_partner, cohort, list, true).await.json().await.unwrap();
    assert_eq!(report["counts"]["errors"], 16, "the 16 rows naming ENA, not the 4 left empty: {report}");
    let first = report["rows"].as_array().unwrap().iter().find(|r| r["outcome"] == "error").unwrap();
    assert_eq!(first["errors"][0]["column"], "organisation", "{first}");
    assert_eq!(
        first["errors"][0]["message"],
        "Laissez la colonne vide ou écrivez votre organisation (Centre de formation à distance (CFAD)) : « ENA » en désigne une autre."
    );
});

both_backends!(a_partners_file_carries_arabic_names_and_profiles_into_the_accounts, |backend: Backend| async move {
    let (app, _admin, cohort) = setup(backend).await;
    let partner = app.as_role(Role::Partner).await;
    let list = std::fs::read(cursus_tests::harness::repo_root().join("tests/fixtures/people-20.xlsx")).unwrap();
    let report: Value = import(&partner, cohort, list, false).await.json().await.unwrap();
    assert_eq!(report["counts"]["new_accounts"], 20, "{report}");
    let people = partner.get_json("/api/v1/accounts?q=bensaid").await;
    let id = people["items"][0]["id"].as_i64().unwrap();
    let profile = partner.get_json(&format!("/api/v1/accounts/{id}/profile")).await;
    assert_eq!(profile["full_name"], "Mériem Ben Saïd");
    assert_eq!(profile["full_name_ar"], "مريم بن سعيد");
    assert_eq!(
        (&profile["sex"], &profile["birth_year"], &profile["commune"], &profile["language"]),
        (&json!("female"), &json!(1999), &json!("Sfax"), &json!("ar"))
    );
    assert_eq!(profile["disability"], "not_stated");
    assert_eq!(profile["has_password"], false);
});

both_backends!(a_bad_value_in_a_new_column_is_a_row_error_naming_what_is_accepted, |backend: Backend| async move {
    let (app, admin, cohort) = setup(backend).await;
    let csv = "email;prénom;nom;catégorie;organisation;fonction;sexe;année de naissance;langue\n\
               a@ena.tn;A;B;student;;;X;1990;fr\n\
               b@ena.tn;C;D;student;;;F;1890;fr\n\
               c@ena.tn;E;F;student;;;F;1990;wolof\n";
    let before = count(&app, "accounts").await;
    let dry: Value = import(&admin, cohort, csv, true).await.json().await.unwrap();
    let errors: Vec<(String, String)> = dry["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["errors"].as_array().unwrap().iter().map(|e| (e["column"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string()))
        })
        .collect();
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    assert_eq!(
        errors,
        vec![
            ("sex".to_string(), "Valeur inconnue : écrivez F ou H (Femme, Homme), ou laissez vide.".to_string()),
            ("birth_year".to_string(), format!("Année de naissance invraisemblable : entre {} et {}.", this_year - 100, this_year - 10)),
            ("language".to_string(), "Langue inconnue : écrivez fr, ar ou en (français, arabe, anglais).".to_string()),
        ]
    );
    assert_eq!(import(&admin, cohort, csv, false).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "accounts").await, before, "nothing written");
});
