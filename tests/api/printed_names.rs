//! Any name prints whole: names of 1, 3, 10 and 20 parts, in Latin and in
//! Arabic letters, on French (PASC) and bilingual (Takwia) attestations, read
//! back with `pdftotext`, and every word of the page inside its frame
//! (`pdftotext -bbox`): a long name shrinks, then takes two lines.
use cursus_tests::fixtures::tool;
use cursus_tests::{Backend, both_backends, problem, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;
use shared::enums::Role;

use crate::printed_qr::{attested, learner};

const LATIN: [&str; 20] = [
    "Mohamed",
    "Lemine",
    "Ould",
    "Cheikh",
    "Ahmed",
    "Ould",
    "Sidi",
    "Mohamed",
    "Ould",
    "Abdallahi",
    "Ould",
    "Mohamed",
    "El",
    "Hadj",
    "Ould",
    "Sidi",
    "Ahmed",
    "Ould",
    "Cheikh",
    "Brahim",
];
const ARABIC: [&str; 20] = [
    "محمد",
    "الأمين",
    "ولد",
    "الشيخ",
    "أحمد",
    "ولد",
    "سيدي",
    "محمد",
    "عبد",
    "الله",
    "الرحمن",
    "ولد",
    "محمد",
    "الحاج",
    "ولد",
    "سيدي",
    "أحمد",
    "ولد",
    "الشيخ",
    "إبراهيم",
];

/// The page's text with runs of white space made one space, without the
/// direction marks pdftotext puts around right-to-left lines.
fn words(text: &str) -> String {
    let text: String = text.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

both_backends!(names_of_one_to_twenty_parts_print_whole_inside_the_frame, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.pdf");
    let mut n = 0;
    for parts in [1, 3, 10, 20] {
        for (letters, programme, module) in [(&LATIN, "PASC", "PA-01"), (&LATIN, "TAKWIA", "TK-01"), (&ARABIC, "TAKWIA", "TK-01")] {
            n += 1;
            let name = letters[..parts].join(" ");
            let session = learner(&app, &admin, programme, &format!("nom{n}@tanmia.ma"), &name).await;
            // On Takwia's bilingual page a Latin name also has its Arabic spelling below it.
            let arabic = (programme == "TAKWIA" && letters[0] == LATIN[0]).then(|| ARABIC[..parts].join(" "));
            if let Some(arabic) = &arabic {
                let id = session.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
                let r = admin.patch(&format!("/api/v1/accounts/{id}"), &json!({ "full_name_ar": arabic })).await;
                assert_eq!(r.status(), StatusCode::OK);
            }
            let (_, pdf) = attested(&app, &session, programme, module).await;
            // Light enough to mail to someone on 3G: fonts cut to the glyphs shown.
            // The bars, 40 KB and 80 KB, in kilobytes of 1,024 bytes as the first-load bar is measured.
            let limit = if programme == "PASC" { 40 * 1024 } else { 80 * 1024 };
            assert!(pdf.len() <= limit, "{parts} parts, {programme}: {} bytes, more than {limit}", pdf.len());
            std::fs::write(&file, &pdf).unwrap();
            let text = words(&tool("pdftotext", &[file.to_str().unwrap(), "-"]));
            assert!(text.contains(&name), "{parts} parts, {programme}: {name:?} not in {text}");
            if let Some(arabic) = &arabic {
                assert!(text.contains(arabic.as_str()), "{parts} parts: {arabic:?} not in {text}");
            }

            // Inside the outer frame (12 mm = 34 pt from each edge of 842 × 595 pt).
            let boxes = tool("pdftotext", &["-bbox", file.to_str().unwrap(), "-"]);
            for word in boxes.lines().filter(|l| l.trim_start().starts_with("<word")) {
                let at = |attr: &str| -> f64 {
                    let start = word.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
                    word[start..].split('"').next().unwrap().parse().unwrap()
                };
                assert!(at("xMin") >= 34.0 && at("xMax") <= 842.0 - 34.0, "{parts} parts, {programme}: {word}");
            }
        }
    }
});

both_backends!(a_name_that_cannot_print_whole_is_refused_where_it_is_entered, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    // 200 characters (the most a name may have) of the widest letter.
    let unprintable = vec!["WW"; 67].join(" ");
    assert_eq!(unprintable.chars().count(), 200);

    let create = json!({ "email": "large@tanmia.ma", "full_name": unprintable, "role": "learner", "password": "une phrase solide" });
    let r = admin.post("/api/v1/accounts", &create).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["errors"][0]["field"], "full_name");
    assert!(p["errors"][0]["message"].as_str().unwrap().starts_with("Ce nom est trop long pour être imprimé en entier"), "{p}");
    let login = json!({ "email": "large@tanmia.ma", "password": "une phrase solide" });
    assert_ne!(app.anonymous().post("/api/v1/auth/login", &login).await.status(), StatusCode::OK, "no account was made");

    let before = learner.get_json("/api/v1/me").await["account"]["full_name"].clone();
    let p = problem(admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "full_name": unprintable })).await).await;
    assert_eq!(p["errors"][0]["field"], "full_name");
    assert_eq!(learner.get_json("/api/v1/me").await["account"]["full_name"], before);

    // Nor when a person is enrolled by the form, first and last names together.
    let cohort = cursus_tests::fixtures::demo_cohort(&admin, "TAKWIA").await;
    let half = vec!["WW"; 33].join(" ");
    let person = json!({ "person": { "email": "large@tanmia.ma", "first_name": half, "last_name": half, "category": "student" } });
    let p = problem(admin.post(&format!("/api/v1/cohorts/{}/enrolments", cohort["id"]), &person).await).await;
    assert_eq!(p["errors"][0]["field"], "person.last_name", "{p}");
    let enrolled = admin.get_json(&format!("/api/v1/cohorts/{}/enrolments", cohort["id"])).await.to_string();
    assert!(enrolled.contains("@") && !enrolled.contains("large@tanmia.ma"), "{enrolled}");

    // Nor may the learner set it on their own profile.
    let p = problem(learner.put("/api/v1/me/profile", &json!({ "full_name": unprintable, "language": "fr" })).await).await;
    assert_eq!(p["errors"][0]["field"], "full_name", "{p}");
    assert_eq!(learner.get_json("/api/v1/me").await["account"]["full_name"], before);

    // Twenty usual parts, as long, are taken.
    let twenty = LATIN.join(" ");
    let r = admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "full_name": twenty })).await;
    assert_eq!(r.status(), StatusCode::OK);
});

both_backends!(a_file_row_whose_name_cannot_print_whole_is_a_row_error, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = cursus_tests::fixtures::demo_cohort(&admin, "TAKWIA").await;
    // First and last names of 98 characters each, within the file's limits, of the widest letter.
    let half = vec!["WW"; 33].join(" ");
    let csv = format!(
        "email;prénom;nom;catégorie;organisation;fonction\nsalma@tanmia.ma;Salma;Idrissi;association;Tanmia;\nlarge@tanmia.ma;{half};{half};association;Tanmia;\n{}@tanmia.ma;{};{};association;Tanmia;\n",
        "lemine",
        LATIN[..10].join(" "),
        LATIN[10..].join(" ")
    );
    let r = admin.post_bytes(&format!("/api/v1/cohorts/{}/enrolments/import", cohort["id"]), "text/csv", csv.into_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    let rows = p["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{p}");
    assert_eq!((rows[0]["row"].as_u64(), rows[0]["column"].as_str()), (Some(3), Some("last_name")));
    assert!(rows[0]["message"].as_str().unwrap().starts_with("Ce nom est trop long pour être imprimé en entier"), "{p}");
    let login = json!({ "email": "salma@tanmia.ma", "password": "une phrase solide" });
    assert_ne!(app.anonymous().post("/api/v1/auth/login", &login).await.status(), StatusCode::OK);
});

both_backends!(the_arabic_agrees_with_the_holder_stated_sex, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.pdf");
    for (n, sex, expected, not_expected) in [
        (1, "female", "لإتمامها بنجاح الوحدة", "لإتمامه "),
        (2, "male", "لإتمامه بنجاح الوحدة", "لإتمامها"),
        (3, "not_stated", "لإتمام الوحدة التالية بنجاح", "لإتمامه"),
    ] {
        let name = format!("Personne {n}");
        let session = learner(&app, &admin, "TAKWIA", &format!("sexe{n}@tanmia.ma"), &name).await;
        let id = session.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
        let r = admin.put(&format!("/api/v1/accounts/{id}/profile"), &json!({ "full_name": name, "language": "ar", "sex": sex })).await;
        assert_eq!(r.status(), StatusCode::OK);
        let (_, pdf) = attested(&app, &session, "TAKWIA", "TK-01").await;
        std::fs::write(&file, &pdf).unwrap();
        let text = words(&tool("pdftotext", &[file.to_str().unwrap(), "-"]));
        assert!(text.contains(expected), "{sex}: {expected:?} not in {text}");
        assert!(!text.contains(not_expected), "{sex}: {not_expected:?} in {text}");
    }
});
