//! Who may do what, route by route: every operation of the OpenAPI document,
//! tried by anonymous, a learner, the cohort's trainer, a trainer of nothing,
//! partner A (whose person is in the cohort), partner B (another
//! organisation) and an administrator. A route added to the API without a
//! row here fails this test.
//!
//! Each row lists the expected status for:
//!   anonymous, learner, trainer of the cohort, trainer of nothing, partner A, partner B, administrator
//! and actors try each row from the least to the most privileged, so that the
//! one write that succeeds comes last (the grade a trainer gives before the
//! administrator's second attempt answers 409).
use std::collections::{BTreeSet, HashMap};

use cursus_tests::fixtures::{demo_cohort, module_id, pass_quiz, top_levels};
use cursus_tests::harness::Session;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};
use shared::enums::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    Learner,
    TrainerOf,
    TrainerOfNothing,
    PartnerA,
    PartnerB,
    Admin,
}

/// The columns of every row, in this order.
const COLUMNS: [Who; 7] = [Who::Anonymous, Who::Learner, Who::TrainerOf, Who::TrainerOfNothing, Who::PartnerA, Who::PartnerB, Who::Admin];
/// The order in which actors try a row.
const ORDER: [Who; 7] = [Who::Anonymous, Who::Learner, Who::TrainerOfNothing, Who::PartnerB, Who::PartnerA, Who::TrainerOf, Who::Admin];

enum Body {
    None,
    Json(Value),
    Csv(&'static str),
    Pdf(Vec<u8>),
    Form(&'static str, Vec<u8>),
}

struct Row {
    method: Method,
    /// The operation's path in the OpenAPI document.
    operation: &'static str,
    path: String,
    body: Body,
    expect: [u16; 7],
}

fn row(method: Method, operation: &'static str, path: impl Into<String>, body: Body, expect: [u16; 7]) -> Row {
    Row { method, operation, path: path.into(), body, expect }
}

/// What the rows need to exist.
struct World {
    sessions: HashMap<Who, Session>,
    cohort: i64,
    sandbox: i64,
    /// The trainer of nothing authors the sandbox programme (and only it).
    author: i64,
    takwia: i64,
    tk01: i64,
    tk03: i64,
    tk16: i64,
    draft: i64,
    quiz: i64,
    ena_learner: i64,
    withdrawable: i64,
    submission: i64,
    levels: Vec<Value>,
    session: i64,
    session_to_delete: i64,
    section: i64,
    section_to_delete: i64,
    document: i64,
    attestation: i64,
    ena_attestation: i64,
    code: String,
    /// Takwia's end-of-programme questionnaire, as shipped, and its definition.
    questionnaire: i64,
    questionnaire_definition: Value,
    /// A knowledge test of TK-03 nobody has taken (Takwia's authors: administrators).
    knowledge_test: i64,
    /// Partner A's organisation.
    ena: i64,
}

async fn learner_in(app: &TestApp, admin: &Session, email: &str, organisation: i64, cohort: i64) -> (Session, i64) {
    let session = app.new_account(admin, Role::Learner, email, Some(organisation)).await;
    let id = session.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let r = admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &json!({ "account_id": id })).await;
    assert!(r.status().is_success(), "enrol {email}: {}", r.status());
    (session, id)
}

async fn world(app: &TestApp) -> World {
    let admin = app.as_role(Role::Admin).await;
    let partner_a = app.as_role(Role::Partner).await;
    let ena = partner_a.get_json("/api/v1/me").await["account"]["organisation_id"].as_i64().unwrap();
    let cfad = app.new_organisation(&admin, "CFAD").await;
    let partner_b = app.new_account(&admin, Role::Partner, "manager@cfad.tn", Some(cfad)).await;
    let trainer_of_nothing = app.new_account(&admin, Role::Trainer, "sans.cohorte@cursus.local", None).await;
    let author = trainer_of_nothing.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let (tk01, tk02, tk03) = (module_id(&takwia, "TK-01"), module_id(&takwia, "TK-02"), module_id(&takwia, "TK-03"));
    let cohort = demo_cohort(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let (ena_learner_session, ena_learner) = learner_in(app, &admin, "gouverneur@ena.tn", ena, cohort).await;
    let (_, withdrawable) = learner_in(app, &admin, "delegue@ena.tn", ena, cohort).await;
    let sandbox =
        admin.post("/api/v1/programmes", &json!({ "code": "SANDBOX", "title": { "fr": "Bac à sable" } })).await.json::<Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();

    // A draft: nobody but authors and teaching staff sees it.
    let draft = admin
        .post(&format!("/api/v1/programmes/{sandbox}/modules"), &json!({ "code": "SB-0", "title": { "fr": "Brouillon" }, "hours": 2 }))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let tk16 = module_id(&takwia, "TK-16");
    let named = admin.put(&format!("/api/v1/programmes/{sandbox}/authors"), &json!({ "account_ids": [author] })).await;
    assert_eq!(named.status().as_u16(), 200);

    // Completions, then the attestations the workers issue.
    pass_quiz(app, &learner, tk01).await;
    pass_quiz(app, &ena_learner_session, tk01).await;
    app.run_workers_once().await;
    let listed = admin.get_json("/api/v1/attestations?per_page=50").await;
    let of = |holder: &str| listed["items"].as_array().unwrap().iter().find(|a| a["holder"].as_str().unwrap().contains(holder)).unwrap().clone();
    let mine = of("Aïcha");
    let ena_attestation = of("gouverneur")["id"].as_i64().unwrap();

    // An assignment waiting for its grade.
    let assignment = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    let r = learner.post(&format!("/api/v1/assessments/{}/attempts", assignment["id"]), &json!({ "text": "Notre plan stratégique." })).await;
    let submission = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let trainer = app.as_role(Role::Trainer).await;
    let levels = top_levels(&trainer, submission).await;

    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await["id"].as_i64().unwrap();
    let session = admin
        .post(
            &format!("/api/v1/cohorts/{cohort}/sessions"),
            &json!({ "title": "Atelier", "starts_at": "2027-03-01T09:00:00Z", "duration_minutes": 180 }),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let session_to_delete = admin
        .post(
            &format!("/api/v1/cohorts/{cohort}/sessions"),
            &json!({ "title": "Prévue par erreur", "starts_at": "2027-03-08T09:00:00Z", "duration_minutes": 60 }),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let section = |title: &str| json!({ "kind": "text", "title": title, "markdown": "Un paragraphe." });
    let new_section = |title: &'static str| {
        let admin = &admin;
        async move {
            admin.post(&format!("/api/v1/modules/{tk01}/sections"), &section(title)).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        }
    };
    let kept = new_section("À modifier").await;
    let doomed = new_section("À supprimer").await;
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 fiche".to_vec()).file_name("fiche.pdf"));
    let document = admin.request(Method::POST, &format!("/api/v1/modules/{tk01}/documents")).multipart(form).send().await.unwrap();
    let document = document.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let evaluations = admin.get_json(&format!("/api/v1/programmes/{}/evaluations", takwia["id"])).await;
    let questionnaire = evaluations[0]["id"].as_i64().unwrap();
    let questionnaire_definition = admin.get_json(&format!("/api/v1/evaluations/{questionnaire}")).await["definition"].clone();
    let knowledge_test = admin
        .post(&format!("/api/v1/programmes/{}/evaluations", takwia["id"]), &json!({ "module_id": tk03, "definition": knowledge_test_definition() }))
        .await
        .json::<Value>()
        .await
        .unwrap()["summary"]["id"]
        .as_i64()
        .unwrap();

    let mut sessions = HashMap::new();
    sessions.insert(Who::Anonymous, app.anonymous());
    sessions.insert(Who::Learner, learner);
    sessions.insert(Who::TrainerOf, trainer);
    sessions.insert(Who::TrainerOfNothing, trainer_of_nothing);
    sessions.insert(Who::PartnerA, partner_a);
    sessions.insert(Who::PartnerB, partner_b);
    sessions.insert(Who::Admin, admin);
    World {
        sessions,
        cohort,
        sandbox,
        author,
        takwia: takwia["id"].as_i64().unwrap(),
        tk01,
        tk03,
        tk16,
        draft,
        quiz,
        ena_learner,
        withdrawable,
        submission,
        levels,
        session,
        session_to_delete,
        section: kept,
        section_to_delete: doomed,
        document,
        attestation: mine["id"].as_i64().unwrap(),
        ena_attestation,
        code: mine["code"].as_str().unwrap().to_string(),
        questionnaire,
        questionnaire_definition,
        knowledge_test,
        ena,
    }
}

fn knowledge_test_definition() -> Value {
    json!({ "kind": "knowledge", "title": "Test", "questions": [{ "prompt": "2 + 2 ?", "points": 1,
        "choices": [{ "label": "4", "correct": true }, { "label": "5", "correct": false }] }] })
}

#[rustfmt::skip]
fn rows(w: &World) -> Vec<Row> {
    use Method as M;
    let (c, t, s) = (w.cohort, w.takwia, w.submission);
    let token = json!({ "token": "x".repeat(32), "password": "une phrase assez longue" });
    let csv = "email,first_name,last_name,category,organisation,position\nnouvelle@exemple.tn,N,L,student,,Étudiante\n";
    vec![
        //                                                                                                          anon learn t_of t_no  pA   pB  admin
        row(M::GET, "/healthz", "/healthz", Body::None,                                                             [200, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/readyz", "/readyz", Body::None,                                                               [200, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/auth/login", "/api/v1/auth/login", Body::Json(json!({ "email": "pas-une-adresse", "password": "x" })),
                                                                                                                    [422, 422, 422, 422, 422, 422, 422]),
        row(M::POST, "/api/v1/auth/logout", "/api/v1/auth/logout", Body::None,                                      [401, 204, 204, 204, 204, 204, 204]),
        row(M::POST, "/api/v1/auth/password-reset", "/api/v1/auth/password-reset", Body::Json(json!({ "email": "personne@exemple.org" })),
                                                                                                                    [202, 202, 202, 202, 202, 202, 202]),
        row(M::POST, "/api/v1/auth/password", "/api/v1/auth/password", Body::Json(token.clone()),                   [422, 422, 422, 422, 422, 422, 422]),
        row(M::GET, "/api/v1/me", "/api/v1/me", Body::None,                                                         [401, 200, 200, 200, 200, 200, 200]),
        row(M::PUT, "/api/v1/me/language", "/api/v1/me/language", Body::Json(json!({ "language": "fr" })),          [401, 204, 204, 204, 204, 204, 204]),
        row(M::GET, "/api/v1/accounts", "/api/v1/accounts", Body::None,                                             [401, 403, 403, 403, 200, 200, 200]),
        row(M::POST, "/api/v1/accounts", "/api/v1/accounts", Body::Json(json!({ "email": "neuf@exemple.org", "full_name": "Neuf", "role": "learner" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 201]),
        row(M::PATCH, "/api/v1/accounts/{id}", format!("/api/v1/accounts/{}", w.ena_learner), Body::Json(json!({ "position": "Gouverneur" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/me/profile", "/api/v1/me/profile", Body::None,                                         [401, 200, 200, 200, 200, 200, 200]),
        row(M::PUT, "/api/v1/me/profile", "/api/v1/me/profile", Body::Json(json!({ "full_name": "Nom Corrigé", "sex": "female", "birth_year": 1990, "language": "fr" })),
                                                                                                                    [401, 200, 200, 200, 200, 200, 200]),
        // A profile is its person's, an administrator's and their partner manager's; anyone else: as if nobody.
        row(M::GET, "/api/v1/accounts/{id}/profile", format!("/api/v1/accounts/{}/profile", w.ena_learner), Body::None,
                                                                                                                    [401, 404, 404, 404, 200, 404, 200]),
        row(M::PUT, "/api/v1/accounts/{id}/profile", format!("/api/v1/accounts/{}/profile", w.ena_learner), Body::Json(json!({ "full_name": "Nom Corrigé", "sex": "female", "birth_year": 1990, "language": "fr" })),
                                                                                                                    [401, 404, 404, 404, 200, 404, 200]),
        // This person chose a password: there is no invitation to send again.
        row(M::POST, "/api/v1/accounts/{id}/invitation", format!("/api/v1/accounts/{}/invitation", w.ena_learner), Body::None,
                                                                                                                    [401, 404, 404, 404, 409, 404, 409]),
        row(M::GET, "/api/v1/organisations", "/api/v1/organisations", Body::None,                                   [401, 403, 403, 403, 200, 200, 200]),
        row(M::POST, "/api/v1/organisations", "/api/v1/organisations", Body::Json(json!({ "name": "Radio Sahel", "kind": "media" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/programmes", "/api/v1/programmes", Body::None,                                         [401, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/programmes/{id}", format!("/api/v1/programmes/{t}"), Body::None,                       [401, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/programmes", "/api/v1/programmes", Body::Json(json!({ "code": "MATRIX", "title": { "fr": "Matrice" } })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 201]),
        row(M::PATCH, "/api/v1/programmes/{id}", format!("/api/v1/programmes/{}", w.sandbox), Body::Json(json!({ "issuer": "Réseau" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/programmes/{id}/issuer", format!("/api/v1/programmes/{}/issuer", w.sandbox), Body::None,
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/programmes/{id}/issuer/images", format!("/api/v1/programmes/{}/issuer/images", w.sandbox),
            Body::Form("signature.svg", br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><path d="M0 5 L40 5" stroke="black"/></svg>"#.to_vec()),
                                                                                                                    [401, 403, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/programmes/{id}/issuer/images/{image}", format!("/api/v1/programmes/{}/issuer/images/{}", w.sandbox, "0".repeat(32)),
            Body::None,                                                                                             [401, 403, 403, 403, 403, 403, 404]),
        row(M::POST, "/api/v1/programmes/{id}/issuer/preview", format!("/api/v1/programmes/{}/issuer/preview", w.sandbox),
            Body::Json(json!({ "body": "Réseau", "signatory_name": "Awa Diallo", "signatory_title": "Directrice" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/programmes/{id}/issuer", format!("/api/v1/programmes/{}/issuer", w.sandbox),
            Body::Json(json!({ "body": "Réseau", "signatory_name": "Awa Diallo", "signatory_title": "Directrice" })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/organisations/{id}/logo", format!("/api/v1/organisations/{}/logo", w.ena),
            Body::Form("logo.svg", br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="15"/></svg>"#.to_vec()),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        // Partner B is not told partner A's organisation exists.
        row(M::GET, "/api/v1/organisations/{id}/logo", format!("/api/v1/organisations/{}/logo", w.ena), Body::None,
                                                                                                                    [401, 403, 403, 403, 200, 404, 200]),
        row(M::DELETE, "/api/v1/organisations/{id}/logo", format!("/api/v1/organisations/{}/logo", w.ena), Body::None,
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/programmes/{id}/modules", format!("/api/v1/programmes/{}/modules", w.sandbox),
            Body::Json(json!({ "code": "SB-1", "title": { "fr": "Module" }, "hours": 2 })),                         [401, 403, 403, 201, 403, 403, 422]),
        row(M::GET, "/api/v1/modules/{id}", format!("/api/v1/modules/{}", w.tk01), Body::None,                      [401, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/modules/{id}", format!("/api/v1/modules/{}", w.draft), Body::None,                     [401, 404, 200, 200, 404, 404, 200]),
        // Publishing checks the module is complete (the draft has no assessment yet).
        // The sandbox's author may; the trainer of the cohort authors nothing.
        row(M::POST, "/api/v1/modules/{id}/publish", format!("/api/v1/modules/{}/publish", w.draft), Body::None,    [401, 403, 403, 422, 403, 403, 422]),
        row(M::PUT, "/api/v1/modules/{id}/assessment-definition", format!("/api/v1/modules/{}/assessment-definition", w.draft),
            Body::Json(json!({ "kind": "quiz", "title": "Quiz", "pass_mark": 50 })),                                [401, 403, 403, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/modules/{id}/assessment-definition", format!("/api/v1/modules/{}/assessment-definition", w.draft), Body::None,
                                                                                                                    [401, 403, 403, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/modules/{id}/assessment-definition", format!("/api/v1/modules/{}/assessment-definition", w.tk01), Body::None,
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/programmes/{id}/authors", format!("/api/v1/programmes/{}/authors", w.sandbox), Body::Json(json!({ "account_ids": [w.author] })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PATCH, "/api/v1/modules/{id}", format!("/api/v1/modules/{}", w.tk03), Body::Json(json!({ "hours": 9 })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/modules/{id}/prerequisites", format!("/api/v1/modules/{}/prerequisites", w.tk03),
            Body::Json(json!({ "groups": [{ "modules": ["TK-01"] }] })),                                            [401, 403, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/cohorts", "/api/v1/cohorts", Body::None,                                               [401, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/catalogue", "/api/v1/catalogue", Body::None,                                           [401, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/cohorts", "/api/v1/cohorts", Body::Json(json!({ "programme_id": w.sandbox, "name": "Bac à sable 2027",
            "region": "Tunis", "starts_on": "2027-01-01", "ends_on": "2027-06-30", "capacity": 10 })),              [401, 403, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/cohorts/{id}", format!("/api/v1/cohorts/{c}"), Body::None,                             [401, 200, 200, 403, 200, 200, 200]),
        row(M::PATCH, "/api/v1/cohorts/{id}", format!("/api/v1/cohorts/{c}"), Body::Json(json!({ "capacity": 60 })), [401, 403, 403, 403, 403, 403, 200]),
        // Partner B is told partner A's person does not exist.
        row(M::POST, "/api/v1/cohorts/{id}/enrolments", format!("/api/v1/cohorts/{c}/enrolments"), Body::Json(json!({ "account_id": w.ena_learner })),
                                                                                                                    [401, 403, 403, 403, 200, 422, 200]),
        row(M::DELETE, "/api/v1/cohorts/{id}/enrolments/{account_id}", format!("/api/v1/cohorts/{c}/enrolments/{}", w.withdrawable), Body::None,
                                                                                                                    [401, 403, 403, 403, 200, 404, 200]),
        row(M::GET, "/api/v1/cohorts/{id}/enrolments", format!("/api/v1/cohorts/{c}/enrolments"), Body::None,       [401, 403, 200, 403, 200, 200, 200]),
        row(M::POST, "/api/v1/cohorts/{id}/enrolments/import", format!("/api/v1/cohorts/{c}/enrolments/import?dry_run=true"), Body::Csv(csv),
                                                                                                                    [401, 403, 403, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/me/cohorts", "/api/v1/me/cohorts", Body::None,                                         [401, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/enrolments/join", "/api/v1/enrolments/join", Body::Json(json!({ "token": "x".repeat(32) })),
                                                                                                                    [422, 422, 422, 422, 422, 422, 422]),
        row(M::GET, "/api/v1/me/progress", "/api/v1/me/progress", Body::None,                                       [401, 200, 403, 403, 403, 403, 403]),
        row(M::GET, "/api/v1/modules/{id}/content", format!("/api/v1/modules/{}/content", w.tk01), Body::None,      [401, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/modules/{id}/assessment", format!("/api/v1/modules/{}/assessment", w.tk01), Body::None,
                                                                                                                    [401, 200, 403, 403, 403, 403, 403]),
        row(M::POST, "/api/v1/assessments/{id}/attempts", format!("/api/v1/assessments/{}/attempts", w.quiz), Body::Json(json!({ "answers": [] })),
                                                                                                                    [401, 422, 403, 403, 403, 403, 403]),
        row(M::GET, "/api/v1/documents/{id}", format!("/api/v1/documents/{}", w.document), Body::None,              [401, 200, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/cohorts/{id}/progress", format!("/api/v1/cohorts/{c}/progress"), Body::None,           [401, 403, 200, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/cohorts/{id}/progress.csv", format!("/api/v1/cohorts/{c}/progress.csv"), Body::None,   [401, 403, 200, 403, 200, 200, 200]),
        // Module content is shared by every cohort: only administrators change it.
        row(M::POST, "/api/v1/modules/{id}/sections", format!("/api/v1/modules/{}/sections", w.tk01),
            Body::Json(json!({ "kind": "text", "title": "Nouvelle", "markdown": "Texte." })),                       [401, 403, 403, 403, 403, 403, 201]),
        row(M::PUT, "/api/v1/sections/{id}", format!("/api/v1/sections/{}", w.section),
            Body::Json(json!({ "kind": "text", "title": "Modifiée", "markdown": "Texte." })),                       [401, 403, 403, 403, 403, 403, 200]),
        row(M::DELETE, "/api/v1/sections/{id}", format!("/api/v1/sections/{}", w.section_to_delete), Body::None,    [401, 403, 403, 403, 403, 403, 204]),
        row(M::PUT, "/api/v1/modules/{id}/section-order", format!("/api/v1/modules/{}/section-order", w.tk01), Body::Json(json!({ "section_ids": [999_999] })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 422]),
        row(M::POST, "/api/v1/markdown/preview", "/api/v1/markdown/preview", Body::Json(json!({ "markdown": "**Note**" })),
                                                                                                                    [401, 403, 200, 200, 403, 403, 200]),
        row(M::POST, "/api/v1/modules/{id}/documents", format!("/api/v1/modules/{}/documents", w.tk01), Body::Form("note.txt", b"Notes".to_vec()),
                                                                                                                    [401, 403, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/grading/queue", "/api/v1/grading/queue", Body::None,                                   [401, 403, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/submissions/{id}", format!("/api/v1/submissions/{s}"), Body::None,                     [401, 200, 200, 403, 403, 403, 200]),
        // A text submission has no file: those who may see it are told so.
        row(M::GET, "/api/v1/submissions/{id}/file", format!("/api/v1/submissions/{s}/file"), Body::None,           [401, 404, 404, 403, 403, 403, 404]),
        row(M::POST, "/api/v1/submissions/{id}/grade", format!("/api/v1/submissions/{s}/grade"), Body::Json(json!({ "levels": w.levels })),
                                                                                                                    [401, 403, 200, 403, 403, 403, 409]),
        row(M::GET, "/api/v1/cohorts/{id}/sessions", format!("/api/v1/cohorts/{c}/sessions"), Body::None,           [401, 403, 200, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/cohorts/{id}/sessions", format!("/api/v1/cohorts/{c}/sessions"),
            Body::Json(json!({ "title": "Atelier 2", "starts_at": "2027-03-02T09:00:00Z", "duration_minutes": 120 })),
                                                                                                                    [401, 403, 201, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/sessions/{id}/attendance", format!("/api/v1/sessions/{}/attendance", w.session), Body::None,
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/sessions/{id}/attendance", format!("/api/v1/sessions/{}/attendance", w.session), Body::Json(json!({ "records": [] })),
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/sessions/{id}", format!("/api/v1/sessions/{}", w.session),
            Body::Json(json!({ "title": "Atelier", "starts_at": "2027-03-01T09:00:00Z", "duration_minutes": 180 })), [401, 403, 200, 403, 403, 403, 200]),
        // Once its trainer has deleted it, the session is gone for everyone after.
        row(M::DELETE, "/api/v1/sessions/{id}", format!("/api/v1/sessions/{}", w.session_to_delete), Body::None,   [401, 403, 204, 403, 403, 403, 404]),
        row(M::GET, "/api/v1/sessions/{id}/check-in-code", format!("/api/v1/sessions/{}/check-in-code", w.session), Body::None,
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        // Only learners check in; this session is next year, so its check-in is closed.
        row(M::POST, "/api/v1/sessions/{id}/check-in", format!("/api/v1/sessions/{}/check-in", w.session), Body::Json(json!({ "code": "ABCDEFGH" })),
                                                                                                                    [401, 409, 403, 403, 403, 403, 403]),
        row(M::GET, "/api/v1/sessions/{id}/sign-in-sheet.pdf", format!("/api/v1/sessions/{}/sign-in-sheet.pdf", w.session), Body::None,
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/sessions/{id}/scans", format!("/api/v1/sessions/{}/scans", w.session), Body::Form("feuille.jpg", b"\xFF\xD8\xFF\xE0 photo".to_vec()),
                                                                                                                    [401, 403, 201, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/me/sessions", "/api/v1/me/sessions", Body::None,                                       [401, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", Body::Json(json!({})),                 [401, 201, 201, 201, 201, 201, 201]),
        // A feed opens by its token alone: an unknown one is not found, whoever asks.
        row(M::GET, "/api/v1/calendar/{token}.ics", "/api/v1/calendar/inconnu.ics", Body::None,                     [404, 404, 404, 404, 404, 404, 404]),
        row(M::GET, "/api/v1/attestations", "/api/v1/attestations", Body::None,                                     [401, 200, 200, 200, 200, 200, 200]),
        // The learner is of no partner's organisation: to partners it does not exist.
        row(M::GET, "/api/v1/attestations/{id}", format!("/api/v1/attestations/{}", w.attestation), Body::None,     [401, 200, 200, 403, 404, 404, 200]),
        row(M::GET, "/api/v1/attestations/{id}/pdf", format!("/api/v1/attestations/{}/pdf", w.attestation), Body::None,
                                                                                                                    [401, 200, 200, 403, 404, 404, 200]),
        row(M::GET, "/api/v1/attestations/{id}/open-badge.json", format!("/api/v1/attestations/{}/open-badge.json", w.attestation), Body::None,
                                                                                                                    [401, 200, 200, 403, 404, 404, 200]),
        row(M::GET, "/api/v1/attestations/{id}/open-badge.png", format!("/api/v1/attestations/{}/open-badge.png", w.attestation), Body::None,
                                                                                                                    [401, 200, 200, 403, 404, 404, 200]),
        // What any verifier of a badge fetches: public.
        row(M::GET, "/api/v1/badges/issuers/{id}", format!("/api/v1/badges/issuers/{t}"), Body::None,               [200, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/badges/issuers/{id}/status/{list}", format!("/api/v1/badges/issuers/{t}/status/0"), Body::None,
                                                                                                                    [200, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/badges/image.png", "/api/v1/badges/image.png", Body::None,                             [200, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/attestations/{id}/reissue", format!("/api/v1/attestations/{}/reissue", w.attestation),
            Body::Json(json!({ "reason": "Nom corrigé" })),                                                         [401, 403, 403, 403, 403, 403, 201]),
        row(M::POST, "/api/v1/attestations/{id}/revoke", format!("/api/v1/attestations/{}/revoke", w.ena_attestation),
            Body::Json(json!({ "reason": "Erreur de saisie" })),                                                    [401, 403, 403, 403, 403, 403, 200]),
        // The revocation just made is undone (within the period).
        row(M::POST, "/api/v1/attestations/{id}/restore", format!("/api/v1/attestations/{}/restore", w.ena_attestation),
            Body::Json(json!({ "reason": "Révocation par erreur" })),                                               [401, 403, 403, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/attestations/issue", "/api/v1/attestations/issue", Body::Json(json!({ "cohort_id": c, "dry_run": true })),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/cohorts/{id}/attestations.zip", format!("/api/v1/cohorts/{c}/attestations.zip"), Body::None,
                                                                                                                    [401, 403, 200, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/reports/summary", "/api/v1/reports/summary", Body::None,                               [401, 403, 403, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/reports/indicators", "/api/v1/reports/indicators", Body::None,                         [401, 403, 403, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/reports/indicators.xlsx", "/api/v1/reports/indicators.xlsx", Body::None,               [401, 403, 403, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/reports/indicators.csv", "/api/v1/reports/indicators.csv", Body::None,                 [401, 403, 403, 403, 200, 200, 200]),
        row(M::GET, "/api/v1/audit", "/api/v1/audit", Body::None,                                                   [401, 403, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/verify/{code}", format!("/api/v1/verify/{}", w.code), Body::None,                      [200, 200, 200, 200, 200, 200, 200]),
        row(M::POST, "/api/v1/verify/pdf", "/api/v1/verify/pdf", Body::Pdf(b"%PDF-1.4 pas une attestation".to_vec()),
                                                                                                                    [200, 200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/programmes/{id}/evaluations", format!("/api/v1/programmes/{t}/evaluations"), Body::None,
                                                                                                                    [401, 403, 200, 200, 200, 200, 200]),
        // The sandbox's author adds its questionnaire; the administrator's second one is refused (one per place).
        row(M::POST, "/api/v1/programmes/{id}/evaluations", format!("/api/v1/programmes/{}/evaluations", w.sandbox),
            Body::Json(json!({ "definition": { "kind": "satisfaction", "title": "Avis", "items": [{ "kind": "likert", "prompt": "Utile ?" }] } })),
                                                                                                                    [401, 403, 403, 201, 403, 403, 409]),
        row(M::GET, "/api/v1/evaluation-templates/satisfaction", "/api/v1/evaluation-templates/satisfaction", Body::None,
                                                                                                                    [401, 403, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/evaluations/{id}", format!("/api/v1/evaluations/{}", w.questionnaire), Body::None,    [401, 403, 403, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/evaluations/{id}", format!("/api/v1/evaluations/{}", w.questionnaire), Body::Json(w.questionnaire_definition.clone()),
                                                                                                                    [401, 403, 403, 403, 403, 403, 200]),
        row(M::DELETE, "/api/v1/evaluations/{id}", format!("/api/v1/evaluations/{}", w.knowledge_test), Body::None,
                                                                                                                    [401, 403, 403, 403, 403, 403, 204]),
        row(M::GET, "/api/v1/me/evaluations", "/api/v1/me/evaluations", Body::None,                                 [401, 200, 403, 403, 403, 403, 403]),
        // Nobody has finished the programme: its questionnaire is not open yet.
        row(M::GET, "/api/v1/evaluations/{id}/form", format!("/api/v1/evaluations/{}/form", w.questionnaire), Body::None,
                                                                                                                    [401, 409, 403, 403, 403, 403, 403]),
        row(M::POST, "/api/v1/evaluations/{id}/responses", format!("/api/v1/evaluations/{}/responses", w.questionnaire), Body::Json(json!({ "phase": "after" })),
                                                                                                                    [401, 409, 403, 403, 403, 403, 403]),
        // A questionnaire's answers: the cohort's trainers and administrators, nobody else.
        row(M::GET, "/api/v1/evaluations/{id}/results", format!("/api/v1/evaluations/{}/results?cohort_id={c}", w.questionnaire), Body::None,
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/evaluations/{id}/results.xlsx", format!("/api/v1/evaluations/{}/results.xlsx?cohort_id={c}", w.questionnaire), Body::None,
                                                                                                                    [401, 403, 200, 403, 403, 403, 200]),
        // Last: archiving changes what learners are held to.
        row(M::POST, "/api/v1/modules/{id}/archive", format!("/api/v1/modules/{}/archive", w.tk16), Body::None,     [401, 403, 403, 403, 403, 403, 200]),
    ]
}

async fn send(app: &TestApp, who: Who, session: &Session, row: &Row) -> u16 {
    // Signing out ends the session: that row gets a session of its own.
    let fresh;
    let session = if row.operation == "/api/v1/auth/logout" && who != Who::Anonymous {
        fresh = match who {
            Who::Learner => app.as_role(Role::Learner).await,
            Who::TrainerOf => app.as_role(Role::Trainer).await,
            Who::PartnerA => app.as_role(Role::Partner).await,
            Who::Admin => app.as_role(Role::Admin).await,
            Who::PartnerB => app.login("manager@cfad.tn", "mot de passe solide").await,
            Who::TrainerOfNothing => app.login("sans.cohorte@cursus.local", "mot de passe solide").await,
            Who::Anonymous => unreachable!(),
        };
        &fresh
    } else {
        session
    };
    let request = session.request(row.method.clone(), &row.path);
    let request = match &row.body {
        Body::None => request,
        Body::Json(value) => request.json(value),
        Body::Csv(text) => request.header("Content-Type", "text/csv").body(*text),
        Body::Pdf(bytes) => request.header("Content-Type", "application/pdf").body(bytes.clone()),
        Body::Form(name, bytes) => {
            request.multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name(*name)))
        }
    };
    request.send().await.unwrap().status().as_u16()
}

both_backends!(every_route_answers_every_role_as_the_policy_says, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let world = world(&app).await;
    let rows = rows(&world);

    // Every operation of the document has its row, and no row names a route that does not exist.
    let doc = app.anonymous().get_json("/api/openapi.json").await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys().filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str())) {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let tabled: BTreeSet<String> = rows.iter().map(|r| format!("{} {}", r.method, r.operation)).collect();
    assert_eq!(documented.difference(&tabled).collect::<Vec<_>>(), Vec::<&String>::new(), "routes without a row");
    assert_eq!(tabled.difference(&documented).collect::<Vec<_>>(), Vec::<&String>::new(), "rows without a route");

    let mut wrong = Vec::new();
    for row in &rows {
        for who in ORDER {
            let column = COLUMNS.iter().position(|c| *c == who).unwrap();
            let status = send(&app, who, &world.sessions[&who], row).await;
            if status != row.expect[column] {
                wrong.push(format!("{who:?} {} {}: {status}, expected {}", row.method, row.path, row.expect[column]));
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ from the policy:\n{}", wrong.len(), wrong.join("\n"));
});
