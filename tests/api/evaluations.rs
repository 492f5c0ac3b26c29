//! Training evaluation: a questionnaire required before the attestation
//! holds it until answered, then it is issued once; an anonymous answer
//! cannot be tied back to its author through any API; a knowledge test
//! taken before and after gives the expected gain per learner, per cohort
//! and by sex, in the API and in the XLSX file read back by another library.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use cursus_tests::fixtures::{count, demo_cohort, module_id, pass_quiz};
use cursus_tests::harness::{Session, problem};
use cursus_tests::{Backend, TestApp, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

/// Answers to the shipped questionnaire: every scale at `points`, the
/// overall rating, and what was valued most.
fn questionnaire_answers(points: u32, overall: u32, valued: Option<&str>) -> Value {
    let mut items: Vec<Value> = (0..6).map(|i| json!({ "item": i, "value": points })).collect();
    items.push(json!({ "item": 6, "value": overall }));
    if let Some(text) = valued {
        items.push(json!({ "item": 7, "text": text }));
    }
    json!({ "phase": "after", "items": items })
}

/// The shipped questionnaire on a module, required before its attestation.
async fn required_questionnaire(admin: &Session, programme: &Value, module: i64) -> i64 {
    let mut definition = admin.get_json("/api/v1/evaluation-templates/satisfaction").await;
    definition["required"] = json!(true);
    let created =
        admin.post(&format!("/api/v1/programmes/{}/evaluations", programme["id"]), &json!({ "module_id": module, "definition": definition })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    created.json::<Value>().await.unwrap()["summary"]["id"].as_i64().unwrap()
}

async fn attestations_of(app: &TestApp, module: i64) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    cursus::entities::attestation::Entity::find()
        .filter(cursus::entities::attestation::Column::ModuleId.eq(module))
        .count(app.state.db.conn())
        .await
        .unwrap()
        .try_into()
        .unwrap()
}

both_backends!(a_required_questionnaire_holds_the_attestation_until_answered_then_it_is_issued_once, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let evaluation = required_questionnaire(&admin, &takwia, tk01).await;

    let learner = app.as_role(Role::Learner).await;
    assert!(
        learner.get_json("/api/v1/me/evaluations").await.as_array().unwrap().iter().all(|e| e["id"] != evaluation),
        "not before the module is complete"
    );
    assert_eq!(learner.get(&format!("/api/v1/evaluations/{evaluation}/form")).await.status(), StatusCode::CONFLICT);
    pass_quiz(&app, &learner, tk01).await;
    app.run_workers_once().await;
    assert_eq!(attestations_of(&app, tk01).await, 0, "the attestation waits for the questionnaire");

    let open = learner.get_json("/api/v1/me/evaluations").await;
    let waiting = open.as_array().unwrap().iter().find(|e| e["id"] == evaluation).expect("the questionnaire is open").clone();
    assert_eq!((&waiting["phase"], &waiting["required"], &waiting["anonymous"]), (&json!("after"), &json!(true), &json!(true)));
    let form = learner.clone().with_lang("ar").get_json(&format!("/api/v1/evaluations/{evaluation}/form")).await;
    assert_eq!(form["items"][0]["prompt"], "يستجيب محتوى التكوين لحاجياتي المهنية.");
    assert_eq!(form["untranslated"], false);

    // A point off the scale is refused, per field and in French, and nothing is kept.
    let mut wrong = questionnaire_answers(4, 3, None);
    wrong["items"][0]["value"] = json!(6);
    let refused = learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &wrong).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(refused).await;
    assert_eq!((&p["errors"][0]["field"], &p["errors"][0]["message"]), (&json!("items[0].value"), &json!("Choisissez un point de 1 à 5.")));
    assert_eq!(count(&app, "evaluation_responses").await + count(&app, "evaluation_receipts").await, 0);
    app.run_workers_once().await;
    assert_eq!(attestations_of(&app, tk01).await, 0);

    let answered =
        learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &questionnaire_answers(4, 3, Some("Les études de cas"))).await;
    assert_eq!(answered.status(), StatusCode::CREATED);
    app.run_workers_once().await;
    assert_eq!(attestations_of(&app, tk01).await, 1, "issued once answered");
    let again = learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &questionnaire_answers(1, 0, None)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    app.run_workers_once().await;
    assert_eq!(attestations_of(&app, tk01).await, 1, "and only once");
    assert!(learner.get_json("/api/v1/me/evaluations").await.as_array().unwrap().iter().all(|e| e["id"] != evaluation));
    let list = learner.get_json("/api/v1/attestations").await;
    assert!(list["items"].as_array().unwrap().iter().any(|a| a["module_id"] == tk01));
});

both_backends!(an_anonymous_answer_cannot_be_tied_to_its_author, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let evaluation = required_questionnaire(&admin, &takwia, tk01).await;
    let cohort = demo_cohort(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}");

    let texts = ["Les jeux de rôle", "Le formateur", "Les documents", "La pratique", "Rien de particulier"];
    let mut ids = Vec::new();
    let mut emails = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let email = format!("anonyme{i}@example.ma");
        let learner = app.new_account(&admin, Role::Learner, &email, None).await;
        let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
        admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &json!({ "account_id": id })).await;
        pass_quiz(&app, &learner, tk01).await;
        let r = learner
            .post(&format!("/api/v1/evaluations/{evaluation}/responses"), &questionnaire_answers(5 - u32::try_from(i % 2).unwrap(), 3, Some(text)))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let now = admin.get_json(&path).await;
        let satisfaction = &now["satisfaction"];
        if i < 4 {
            assert_eq!(satisfaction["withheld"], true, "fewer than five answers stay hidden: {now}");
            assert!(satisfaction["items"].as_array().unwrap().is_empty());
        }
        ids.push(id);
        emails.push(email);
    }
    let all = admin.get_json(&path).await;
    let satisfaction = &all["satisfaction"];
    assert_eq!((&satisfaction["responses"], &satisfaction["withheld"]), (&json!(5), &json!(false)));
    assert_eq!(satisfaction["items"][0]["counts"], json!([0, 0, 0, 2, 3]));
    assert_eq!(satisfaction["items"][0]["mean"], 4.6);
    let valued = satisfaction["items"][7]["texts"].as_array().unwrap();
    let mut sorted = texts.to_vec();
    sorted.sort_unstable();
    assert_eq!(valued.iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>(), sorted, "free texts in alphabetical order, not in the order given");

    // Nothing the API answers names who answered what: not the results,
    // not the evaluation, not the audit log.
    let audit = admin.get_json("/api/v1/audit?per_page=200").await;
    for body in [all.to_string(), admin.get_json(&format!("/api/v1/evaluations/{evaluation}")).await.to_string(), audit.to_string()] {
        for (id, email) in ids.iter().zip(&emails) {
            assert!(!body.contains(email.as_str()) && !body.contains(&format!("\"account_id\":{id}")), "{body}");
        }
    }
    assert!(!audit.to_string().contains("Les jeux de rôle"));
    // Nor the database: the response holds no account.
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.state.db.conn();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM evaluation_responses WHERE account_id IS NOT NULL",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0);

    // A questionnaire's answers are the cohort's trainers' and the administrators' to read.
    let partner = app.as_role(Role::Partner).await;
    assert_eq!(partner.get(&format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}")).await.status(), StatusCode::FORBIDDEN);
    let learner = app.as_role(Role::Learner).await;
    assert_eq!(learner.get(&format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}")).await.status(), StatusCode::FORBIDDEN);

    // The free texts leave as an XLSX file another library reads back.
    let file = admin.get(&format!("/api/v1/evaluations/{evaluation}/results.xlsx?cohort_id={cohort}")).await;
    assert_eq!(file.status(), StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Résultats".to_string(), "Réponses libres".to_string()]);
    let scores = book.worksheet_range("Résultats").unwrap();
    let row = scores
        .rows()
        .find(|r| r.first() == Some(&Data::String("Le contenu de la formation répond à mes besoins professionnels.".into())))
        .unwrap()
        .to_vec();
    assert_eq!((&row[1], &row[2], &row[7]), (&Data::Float(5.0), &Data::Float(4.6), &Data::Float(3.0)));
    let free = book.worksheet_range("Réponses libres").unwrap();
    let found: Vec<String> = free.rows().filter_map(|r| r.get(1).map(|c| c.to_string())).filter(|t| texts.contains(&t.as_str())).collect();
    assert_eq!(found, sorted);

    // Once answered, a questionnaire keeps its items: wording may change, not the structure.
    let mut detail = admin.get_json(&format!("/api/v1/evaluations/{evaluation}")).await["definition"].clone();
    detail["items"][0]["prompt"] = json!("Le contenu répond à mes besoins.");
    assert_eq!(admin.put(&format!("/api/v1/evaluations/{evaluation}"), &detail).await.status(), StatusCode::OK);
    detail["items"].as_array_mut().unwrap().pop();
    assert_eq!(admin.put(&format!("/api/v1/evaluations/{evaluation}"), &detail).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        admin.request(reqwest::Method::DELETE, &format!("/api/v1/evaluations/{evaluation}")).send().await.unwrap().status(),
        StatusCode::CONFLICT
    );
});

fn knowledge_test() -> Value {
    let q = |prompt: &str| json!({ "prompt": prompt, "choices": [{ "label": "Vrai", "correct": true }, { "label": "Faux" }] });
    json!({
        "kind": "knowledge", "title": "Test de connaissances — gouvernance", "title_ar": "اختبار المعارف",
        "questions": [q("L'assemblée générale élit le bureau."), q("Les PV attestent des décisions."), q("Le budget est voté."), q("Les comptes sont publiés.")],
    })
}

/// Right answers to the first `right` of four questions.
fn test_answers(phase: &str, right: usize) -> Value {
    let questions: Vec<Value> = (0..4).map(|i| json!({ "question_id": i, "choice_ids": [if i < right { 0 } else { 1 }] })).collect();
    json!({ "phase": phase, "questions": questions })
}

both_backends!(a_knowledge_test_before_and_after_gives_each_learners_gain_and_the_cohorts, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");

    // What a test must be, named field by field.
    let mut bad = knowledge_test();
    bad["anonymous"] = json!(true);
    bad["questions"][1]["choices"] = json!([{ "label": "Vrai" }, { "label": "Faux" }]);
    let refused = admin.post(&format!("/api/v1/programmes/{}/evaluations", takwia["id"]), &json!({ "module_id": tk01, "definition": bad })).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = problem(refused).await["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, vec!["anonymous", "questions[1].choices"]);
    assert_eq!(count(&app, "evaluations").await, 2, "only the shipped questionnaires");

    let created =
        admin.post(&format!("/api/v1/programmes/{}/evaluations", takwia["id"]), &json!({ "module_id": tk01, "definition": knowledge_test() })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let evaluation = created.json::<Value>().await.unwrap()["summary"]["id"].as_i64().unwrap();
    let twice =
        admin.post(&format!("/api/v1/programmes/{}/evaluations", takwia["id"]), &json!({ "module_id": tk01, "definition": knowledge_test() })).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);

    let body = json!({ "programme_id": takwia["id"], "name": "Takwia — Fès", "region": "Fès-Meknès", "starts_on": "2026-01-01", "ends_on": "2030-12-31", "capacity": 50 });
    let cohort = admin.post("/api/v1/cohorts", &body).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let ena = app.as_role(Role::Partner).await.get_json("/api/v1/me").await["account"]["organisation_id"].as_i64().unwrap();
    // (email, sex, organisation, right before, right after)
    let people = [
        ("amina@example.ma", "female", Some(ena), Some(1), Some(3)),
        ("karim@example.ma", "male", None, Some(2), Some(3)),
        ("salma@example.ma", "female", None, Some(2), Some(4)),
        ("youssef@example.ma", "male", None, Some(0), None),
    ];
    for (email, sex, organisation, before, after) in people {
        let learner = app.new_account(&admin, Role::Learner, email, organisation).await;
        let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
        let mut profile = admin.get_json(&format!("/api/v1/accounts/{id}/profile")).await;
        profile["sex"] = json!(sex);
        let fields = ["full_name", "full_name_ar", "sex", "birth_year", "region", "commune", "disability", "language"];
        let input: serde_json::Map<String, Value> = fields.iter().map(|f| ((*f).to_string(), profile[*f].clone())).collect();
        assert_eq!(admin.put(&format!("/api/v1/accounts/{id}/profile"), &Value::Object(input)).await.status(), StatusCode::OK);
        assert!(admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &json!({ "account_id": id })).await.status().is_success());
        let open = learner.get_json("/api/v1/me/evaluations").await;
        assert!(open.as_array().unwrap().iter().any(|e| e["id"] == evaluation && e["phase"] == "before"), "{open}");
        let form = learner.get_json(&format!("/api/v1/evaluations/{evaluation}/form")).await;
        assert_eq!((&form["phase"], form["questions"].as_array().unwrap().len()), (&json!("before"), 4));
        if let Some(right) = before {
            let r = learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &test_answers("before", right)).await;
            assert_eq!(r.status(), StatusCode::CREATED);
            assert_eq!(r.json::<Value>().await.unwrap()["score"], json!(right * 25));
        }
        pass_quiz(&app, &learner, tk01).await;
        // Too late for the test before; the test after is open.
        let late = learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &test_answers("before", 4)).await;
        assert_eq!(late.status(), StatusCode::CONFLICT);
        if let Some(right) = after {
            let r = learner.post(&format!("/api/v1/evaluations/{evaluation}/responses"), &test_answers("after", right)).await;
            assert_eq!(r.status(), StatusCode::CREATED);
        }
    }

    let results = admin.get_json(&format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}")).await;
    let k = &results["knowledge"];
    assert_eq!((&k["before"], &k["after"], &k["both"]), (&json!(4), &json!(3), &json!(3)));
    // Gains: Amina 25→75 (+50), Karim 50→75 (+25), Salma 50→100 (+50).
    assert_eq!((&k["mean_before"], &k["mean_after"], &k["mean_gain"]), (&json!(31.3), &json!(83.3), &json!(41.7)));
    let gain_of = |email: &str| {
        let name = format!("Test {email}");
        k["learners"].as_array().unwrap().iter().find(|l| l["name"] == name).map(|l| l["gain"].clone()).unwrap()
    };
    assert_eq!((gain_of("amina@example.ma"), gain_of("karim@example.ma"), gain_of("youssef@example.ma")), (json!(50), json!(25), Value::Null));
    let groups: Vec<(String, Value, Value)> =
        k["groups"].as_array().unwrap().iter().map(|g| (g["key"].as_str().unwrap().to_string(), g["both"].clone(), g["mean_gain"].clone())).collect();
    assert_eq!(groups[..2], [("female".to_string(), json!(2), json!(50.0)), ("male".to_string(), json!(1), json!(25.0))]);

    // The XLSX file holds the same figures.
    let file = admin.get(&format!("/api/v1/evaluations/{evaluation}/results.xlsx?cohort_id={cohort}")).await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Gain".to_string(), "Sexe".to_string()]);
    let gain = book.worksheet_range("Gain").unwrap();
    let mean = gain.rows().find(|r| r.first() == Some(&Data::String("Gain moyen".into()))).unwrap().to_vec();
    assert_eq!(mean[1], Data::Float(41.7));
    let by_sex = book.worksheet_range("Sexe").unwrap();
    let women = by_sex.rows().find(|r| r.first() == Some(&Data::String("Femme".into()))).unwrap().to_vec();
    assert_eq!((&women[1], &women[2]), (&Data::Float(2.0), &Data::Float(50.0)));

    // A partner manager reads their own people's scores only.
    let partner = app.as_role(Role::Partner).await;
    let theirs = partner.get_json(&format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}")).await;
    let names: Vec<&str> = theirs["knowledge"]["learners"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Test amina@example.ma"]);
    // A trainer who does not teach the cohort reads nothing.
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.get(&format!("/api/v1/evaluations/{evaluation}/results?cohort_id={cohort}")).await.status(), StatusCode::FORBIDDEN);
});
