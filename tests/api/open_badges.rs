//! Open Badges 3.0: the holder downloads their attestation as a credential
//! (JSON and baked PNG) that an independent verifier accepts —
//! openbadgeslib's `OB3Verifier` in Python (`tests/tools/open_badge.py`),
//! with the key from the issuer's published JWK set and the status read from
//! the signed status list — until it is revoked, again once the revocation
//! is undone, and never once a field is changed.

use cursus_tests::fixtures::{module_id, pass_quiz, tool};
use cursus_tests::harness::Session;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest as _;
use shared::enums::Role;

/// The base URL the test server's credentials name (see `spawn_app`).
const PUBLIC: &str = "http://cursus.test";

/// Runs the independent verifier on a downloaded credential file.
fn verify(app: &TestApp, file: &std::path::Path, tamper: bool) -> Value {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools").join("open_badge.py");
    let mut args = vec![script.to_str().unwrap(), file.to_str().unwrap(), PUBLIC, app.address.as_str()];
    if tamper {
        args.push("--tamper");
    }
    serde_json::from_str(&tool("python3", &args)).expect("the verifier prints JSON")
}

async fn download(session: &Session, url: &str, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let response = session.get(url).await;
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    let path = dir.join(name);
    std::fs::write(&path, response.bytes().await.unwrap()).unwrap();
    path
}

both_backends!(a_learner_carries_an_open_badge_that_an_independent_verifier_accepts_until_it_is_revoked, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let dir = tempfile::tempdir().unwrap();
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;
    app.run_workers_once().await;
    let attestation = learner.get_json("/api/v1/attestations").await["items"][0].clone();
    let (id, code) = (attestation["id"].as_i64().unwrap(), attestation["code"].as_str().unwrap().to_string());
    let email = learner.get_json("/api/v1/me").await["account"]["email"].as_str().unwrap().to_lowercase();

    // The list offers the badge and LinkedIn's form, filled in.
    assert_eq!(attestation["open_badge_url"], format!("/api/v1/attestations/{id}/open-badge.json"));
    let linkedin = attestation["linkedin_url"].as_str().expect("a valid attestation goes to LinkedIn");
    assert!(linkedin.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="), "{linkedin}");
    assert!(linkedin.contains(&format!("certId={code}")) && linkedin.contains("certUrl=http%3A%2F%2Fcursus.test%2Fverify%2F"), "{linkedin}");

    let json_file = download(&learner, attestation["open_badge_url"].as_str().unwrap(), dir.path(), "badge.json").await;
    let png_file = download(&learner, attestation["open_badge_png_url"].as_str().unwrap(), dir.path(), "badge.png").await;

    // Both forms verify, and say who issued what to whom.
    for file in [&json_file, &png_file] {
        let checked = verify(&app, file, false);
        assert_eq!(checked["verified"], true, "{checked}");
        assert_eq!(checked["header"]["alg"], "EdDSA");
        assert_eq!(checked["name"], attestation["title"], "{checked}");
        assert_eq!(checked["issuer"]["id"], format!("{PUBLIC}/api/v1/badges/issuers/{}", takwia["id"]));
        assert_eq!(checked["issuer"]["name"], attestation["issuer"]);
        assert_eq!(checked["achievement"]["type"], "Course");
        assert!(checked["achievement"]["criteria"].as_str().unwrap().contains("heures"), "{checked}");
        let identifiers = checked["identifiers"].as_array().unwrap();
        assert!(identifiers.contains(&json!({ "type": "name", "hashed": false, "hash": attestation["holder"], "salt": null })), "{checked}");
        // The e-mail travels only as a salted hash anyone holding it can check.
        let hash = format!("sha256${}", sha2::Sha256::digest(format!("{email}{code}")).iter().map(|b| format!("{b:02x}")).collect::<String>());
        assert!(identifiers.contains(&json!({ "type": "emailAddress", "hashed": true, "hash": hash, "salt": code })), "{checked}");
        assert!(!std::fs::read_to_string(&json_file).unwrap().contains(&email));
    }

    // One changed field and the signature no longer holds.
    let forged = verify(&app, &json_file, true);
    assert_eq!(forged["verified"], false, "{forged}");
    assert!(forged["error"].as_str().unwrap().contains("signature"), "{forged}");

    // Nobody else downloads it; a partner of another organisation is not told it exists.
    assert_eq!(app.anonymous().get(&format!("/api/v1/attestations/{id}/open-badge.json")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.as_role(Role::Partner).await.get(&format!("/api/v1/attestations/{id}/open-badge.png")).await.status(), StatusCode::NOT_FOUND);

    // Revoked: the same file now fails with its status; undone: it stands again.
    let admin = app.as_role(Role::Admin).await;
    let revoked = admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": "Erreur de cohorte" })).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let revoked: Value = revoked.json().await.unwrap();
    assert!(revoked["linkedin_url"].is_null(), "a revoked attestation is not offered to LinkedIn");
    for file in [&json_file, &png_file] {
        let checked = verify(&app, file, false);
        assert_eq!(checked["verified"], false, "{checked}");
        assert!(checked["error"].as_str().unwrap().contains("revocation"), "{checked}");
    }
    let restored = admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "Révocation par erreur" })).await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(verify(&app, &json_file, false)["verified"], true);

    // Reissued: the old credential stops standing, the new one stands.
    let reissued: Value = admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "Nom corrigé" })).await.json().await.unwrap();
    assert_eq!(verify(&app, &json_file, false)["verified"], false);
    let new_file = download(&learner, reissued["open_badge_url"].as_str().unwrap(), dir.path(), "new.json").await;
    assert_eq!(verify(&app, &new_file, false)["verified"], true);
});

both_backends!(what_verifiers_fetch_is_public_and_bounded, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let anyone = app.anonymous();
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await["id"].as_i64().unwrap();

    let keys = anyone.get_json("/.well-known/jwks.json").await;
    let current = anyone.get_json("/.well-known/cursus-issuer.json").await;
    let jwk = &keys["keys"][0];
    assert_eq!((jwk["kty"].as_str(), jwk["crv"].as_str(), jwk["alg"].as_str()), (Some("OKP"), Some("Ed25519"), Some("EdDSA")));
    assert_eq!((&jwk["kid"], &jwk["x"]), (&current["key_id"], &current["public_key"]), "the same registry as the printed seal");

    let profile = anyone.get_json(&format!("/api/v1/badges/issuers/{takwia}")).await;
    assert_eq!(profile["type"], json!(["Profile"]));
    assert_eq!(profile["id"], format!("{PUBLIC}/api/v1/badges/issuers/{takwia}"));

    // A list past the last attestation is all clear; none below zero, none for an unknown programme.
    let list = anyone.get(&format!("/api/v1/badges/issuers/{takwia}/status/7")).await;
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(list.headers()["content-type"], "application/vc+jwt");
    for path in [
        format!("/api/v1/badges/issuers/{takwia}/status/-1"),
        "/api/v1/badges/issuers/999999/status/0".into(),
        "/api/v1/badges/issuers/999999".into(),
    ] {
        assert_eq!(anyone.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let image = anyone.get("/api/v1/badges/image.png").await;
    assert_eq!(image.headers()["content-type"], "image/png");
    assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG"));
});
