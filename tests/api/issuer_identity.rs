//! The issuer's identity set in the browser: an administrator uploads a
//! signature (SVG) and a stamp (PNG), previews an attestation with what is
//! typed (nothing saved), saves; the next attestations print the issuing
//! body in both languages, the signatory, the place of issue and both images,
//! and their signed claim names the signatory. Attestations issued before
//! keep the identity they were signed under. Bad input is refused field by
//! field and changes nothing.
use cursus_tests::fixtures::tool;
use cursus_tests::harness::{Session, repo_root};
use cursus_tests::{Backend, both_backends, problem, spawn_app_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use shared::enums::Role;

use crate::printed_qr::{attested, learner};

const SIGNATURE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90" viewBox="0 0 300 90"><path d="M10 70 C 50 0, 80 10, 110 60 S 190 80, 290 15" stroke="#1a237e" stroke-width="5" fill="none"/></svg>"##;

async fn upload(admin: &Session, programme: i64, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    admin.request(reqwest::Method::POST, &format!("/api/v1/programmes/{programme}/issuer/images")).multipart(form).send().await.unwrap()
}

fn pdf_tool(program: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    all.push(path.to_str().unwrap());
    if program == "pdftotext" {
        all.push("-");
    }
    tool(program, &all)
}

/// The images drawn on the page, by size: `pdfimages -list` rows (an image
/// with transparency is listed with its soft mask).
fn images(pdf: &[u8]) -> Vec<(u32, u32, String)> {
    pdf_tool("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[3].parse().unwrap(), c[4].parse().unwrap(), c[2].to_string())
        })
        .collect()
}

fn flat(text: &str) -> String {
    text.replace(['\u{200e}', '\u{200f}'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

both_backends!(an_administrator_sets_the_issuer_identity_and_the_next_attestations_carry_it, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/programmes/{takwia}/issuer");

    // Before anything is saved, the server's defaults, said as such.
    let before = admin.get_json(&path).await;
    assert_eq!(before["saved_at"], Value::Null, "{before}");
    assert_eq!(before["signatory_name"], "La coordination du programme");

    // An attestation issued now carries the defaults.
    let early = learner(&app, &admin, "TAKWIA", "early@example.org", "Mariem Mint Ahmed").await;
    let (early_attestation, early_pdf) = attested(&app, &early, "TAKWIA", "TK-01").await;

    // A signature drawn as SVG is rasterised; a PNG stamp is kept.
    let r = upload(&admin, takwia, "signature.svg", SIGNATURE_SVG.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let signature: Value = r.json().await.unwrap();
    assert_eq!((signature["width"].as_u64(), signature["height"].as_u64()), (Some(1200), Some(360)), "{signature}");
    let png = std::fs::read(repo_root().join("server/src/attestation/badge.png")).unwrap();
    let r = upload(&admin, takwia, "cachet.png", png.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let stamp: Value = r.json().await.unwrap();
    let back = admin.get(stamp["url"].as_str().unwrap()).await;
    assert_eq!(back.headers()["content-type"], "image/png");
    assert_eq!(back.bytes().await.unwrap().to_vec(), png, "the PNG is kept as uploaded");

    let identity = json!({
        "body": "Réseau des associations du Sahel",
        "body_ar": "شبكة جمعيات الساحل",
        "signatory_name": "Awa Diallo Traoré",
        "signatory_name_ar": "عوا ديالو تراوري",
        "signatory_title": "Directrice exécutive",
        "signatory_title_ar": "المديرة التنفيذية",
        "place": "Nouakchott",
        "place_ar": "نواكشوط",
        "signature": signature["id"],
        "stamp": stamp["id"],
    });

    // The preview shows it all on a sample attestation, and saves nothing.
    let r = admin.post(&format!("{path}/preview"), &identity).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let preview = r.bytes().await.unwrap().to_vec();
    let text = flat(&pdf_tool("pdftotext", &[], &preview));
    for expected in ["Réseau des associations du Sahel", "Awa Diallo Traoré", "Directrice exécutive", "Fait à Nouakchott, le", "APERÇU — SANS VALEUR"]
    {
        assert!(text.contains(expected), "{expected:?} in the preview: {text}");
    }
    assert!(text.contains("نواكشوط") && text.contains("تراوري"), "the Arabic lines: {text}");
    assert_eq!(images(&preview).iter().filter(|(w, h, _)| (*w, *h) == (1200, 360)).count(), 2, "the signature and its mask: {:?}", images(&preview));
    assert!(images(&preview).iter().any(|(w, h, _)| (*w, *h) == (256, 256)), "the stamp: {:?}", images(&preview));
    assert_eq!(admin.get_json(&path).await["saved_at"], Value::Null, "a preview saves nothing");

    // Saved: a new version, the programme's issuing body, an audit entry.
    let r = admin.put(&path, &identity).await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert!(saved["saved_at"].is_string(), "{saved}");
    assert_eq!(saved["signature"]["id"], signature["id"]);
    assert_eq!(saved["place_ar"], "نواكشوط");
    assert_eq!(app.programme(&admin, "TAKWIA").await["issuer"], "Réseau des associations du Sahel");
    let audit = admin.get_json(&format!("/api/v1/audit?entity=programme&entity_id={takwia}")).await;
    assert_eq!(audit["items"][0]["action"], "programme.issuer", "{audit}");

    // The next attestation prints and signs it.
    let late = learner(&app, &admin, "TAKWIA", "late@example.org", "Fatimetou Mint Sidi").await;
    let (attestation, pdf) = attested(&app, &late, "TAKWIA", "TK-01").await;
    assert_eq!(attestation["issuer"], "Réseau des associations du Sahel");
    let text = flat(&pdf_tool("pdftotext", &[], &pdf));
    for expected in ["Réseau des associations du Sahel", "Awa Diallo Traoré", "Directrice exécutive", "Fait à Nouakchott, le", "Fatimetou Mint Sidi"]
    {
        assert!(text.contains(expected), "{expected:?} on the attestation: {text}");
    }
    assert!(text.contains("شبكة جمعيات الساحل") && text.contains("المديرة التنفيذية"), "{text}");
    let drawn = images(&pdf);
    assert!(drawn.iter().any(|(w, h, _)| (*w, *h) == (1200, 360)) && drawn.iter().any(|(w, h, _)| (*w, *h) == (256, 256)), "{drawn:?}");
    let info = pdf_tool("pdfinfo", &[], &pdf);
    assert!(info.lines().any(|l| l.starts_with("Author:") && l.ends_with("Réseau des associations du Sahel")), "{info}");
    let verified = app.anonymous().get_json(&format!("/api/v1/verify/{}", attestation["code"].as_str().unwrap())).await;
    assert_eq!(verified["signatory"], "Awa Diallo Traoré, Directrice exécutive", "{verified}");
    let claim: Value = serde_json::from_str(verified["claim"].as_str().unwrap()).unwrap();
    assert_eq!(claim["signatory"], "Awa Diallo Traoré, Directrice exécutive", "the signatory is part of the signed claim");
    assert_eq!(claim["issuer"], "Réseau des associations du Sahel");

    // The earlier attestation keeps the identity it was signed under.
    let verified = app.anonymous().get_json(&format!("/api/v1/verify/{}", early_attestation["code"].as_str().unwrap())).await;
    assert_eq!(verified["signatory"], Value::Null, "{verified}");
    assert_ne!(verified["issuer"], "Réseau des associations du Sahel");
    let again = early.get(early_attestation["pdf_url"].as_str().unwrap()).await.bytes().await.unwrap().to_vec();
    assert_eq!(again, early_pdf);
    assert!(!flat(&pdf_tool("pdftotext", &[], &again)).contains("Awa Diallo"));

    // Removing the stamp is a new version; the signature stays.
    let mut without_stamp = identity.clone();
    without_stamp["stamp"] = Value::Null;
    let saved: Value = admin.put(&path, &without_stamp).await.json().await.unwrap();
    assert_eq!(saved["stamp"], Value::Null);
    assert_eq!(saved["signature"]["id"], signature["id"]);
});

both_backends!(a_bad_identity_is_refused_field_by_field_and_changes_nothing, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let pasc = app.programme(&admin, "PASC").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/programmes/{takwia}/issuer");

    // Files that are not a PNG or an SVG, or cannot be read, or are too big.
    for (name, bytes, code) in [
        ("scan.pdf", b"%PDF-1.7 not an image".to_vec(), "image_type"),
        ("photo.png", b"\xFF\xD8\xFF\xE0 a JPEG named .png".to_vec(), "image_type"),
        ("cut.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "image_unreadable"),
        ("broken.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><path d=".to_vec(), "image_unreadable"),
    ] {
        let p = problem(upload(&admin, takwia, name, bytes).await).await;
        assert_eq!(p["status"], 422, "{name}: {p}");
        assert_eq!(p["errors"][0]["field"], "file", "{p}");
        assert_eq!(p["errors"][0]["code"], code, "{name}: {p}");
    }
    let p = problem(upload(&admin, takwia, "scan.pdf", b"%PDF-1.7 not an image".to_vec()).await).await;
    assert_eq!(p["errors"][0]["message"], "Le fichier doit être une image PNG ou SVG.", "French first: {p}");
    assert_eq!(upload(&admin, takwia, "huge.png", vec![0; 3 * 1024 * 1024]).await.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // An image uploaded for another programme, or an id never given.
    let other: Value = upload(&admin, pasc, "signature.svg", SIGNATURE_SVG.as_bytes().to_vec()).await.json().await.unwrap();
    let good = json!({ "body": "Réseau", "signatory_name": "Awa Diallo", "signatory_title": "Directrice" });
    for (field, value, code) in [
        ("body", json!("   "), "required"),
        ("body", json!("W".repeat(120)), "does_not_fit"),
        ("body_ar", json!("W".repeat(120)), "does_not_fit"),
        ("signatory_name", json!("Awa\nDiallo"), "invalid"),
        ("signatory_title", json!(""), "length"),
        ("place", json!("x".repeat(61)), "length"),
        ("signature", other["id"].clone(), "unknown_image"),
        ("stamp", json!("../../keys/issuer"), "unknown_image"),
    ] {
        let mut body = good.clone();
        body[field] = value;
        for r in [admin.put(&path, &body).await, admin.post(&format!("{path}/preview"), &body).await] {
            let p = problem(r).await;
            assert_eq!(p["status"], 422, "{field}: {p}");
            assert_eq!(p["errors"][0]["field"], field, "{p}");
            assert_eq!(p["errors"][0]["code"], code, "{field}: {p}");
        }
    }
    let after = admin.get_json(&path).await;
    assert_eq!(after["saved_at"], Value::Null, "nothing was saved: {after}");
    assert_ne!(app.programme(&admin, "TAKWIA").await["issuer"], "Réseau");

    // Only administrators; an unknown programme is said so.
    for role in [Role::Learner, Role::Trainer, Role::Partner] {
        let session = app.as_role(role).await;
        assert_eq!(session.get(&path).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(session.put(&path, &good).await.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    assert_eq!(app.anonymous().get(&path).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(admin.get("/api/v1/programmes/999999/issuer").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.get(&format!("{path}/images/{}", other["id"].as_str().unwrap())).await.status(), StatusCode::NOT_FOUND, "not this programme's");
});

both_backends!(a_partner_logo_prints_on_the_attestations_of_the_people_it_enrolled, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let partner = app.as_role(Role::Partner).await;
    let ena = partner.get_json("/api/v1/me").await["account"]["organisation_id"].as_i64().unwrap();
    let logo_path = format!("/api/v1/organisations/{ena}/logo");
    let put_logo = |name: &'static str, bytes: Vec<u8>| {
        let form = Form::new().part("file", Part::bytes(bytes).file_name(name));
        admin.request(reqwest::Method::PUT, &logo_path).multipart(form).send()
    };

    // Checked like a signature; then the partner reads its own logo back.
    let p = problem(put_logo("logo.jpg", b"\xFF\xD8\xFF\xE0 a JPEG".to_vec()).await.unwrap()).await;
    assert_eq!(p["errors"][0]["code"], "image_type", "{p}");
    let png = std::fs::read(repo_root().join("server/src/attestation/badge.png")).unwrap();
    let r = put_logo("ena.png", png.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let organisation: Value = r.json().await.unwrap();
    let url = organisation["logo_url"].as_str().expect("a logo address").to_string();
    assert_eq!(partner.get(&url).await.bytes().await.unwrap().to_vec(), png);
    assert_eq!(app.as_role(Role::Learner).await.get(&url).await.status(), StatusCode::FORBIDDEN);
    let audit = admin.get_json(&format!("/api/v1/audit?entity=organisation&entity_id={ena}")).await;
    assert_eq!(audit["items"][0]["action"], "organisation.logo", "{audit}");

    // The partner enrols a civil servant: their attestation carries the logo.
    let cohort = cursus_tests::fixtures::demo_cohort(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let person = json!({ "person": { "email": "hela.mejri@ena.tn", "first_name": "Hela", "last_name": "Mejri", "category": "public_actor" } });
    assert_eq!(partner.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &person).await.status(), StatusCode::ACCEPTED);
    let enrolled = partner.get_json(&format!("/api/v1/cohorts/{cohort}/enrolments")).await;
    let hela = enrolled["items"].as_array().unwrap().iter().find(|e| e["email"] == "hela.mejri@ena.tn").cloned().expect("enrolled");
    assert_eq!(hela["source"], "partner");
    let hela_id = hela["account_id"].as_i64().unwrap();
    let hela = app.signed_in_as(hela_id).await;
    let (_, with_logo) = attested(&app, &hela, "TAKWIA", "TK-01").await;
    assert!(images(&with_logo).iter().any(|(w, h, _)| (*w, *h) == (256, 256)), "the partner's logo: {:?}", images(&with_logo));

    // Someone an administrator enrolled: no partner, no logo.
    let other = learner(&app, &admin, "TAKWIA", "direct@example.org", "Salka Mint Brahim").await;
    let (_, without) = attested(&app, &other, "TAKWIA", "TK-01").await;
    assert!(!images(&without).iter().any(|(w, h, _)| (*w, *h) == (256, 256)), "{:?}", images(&without));

    // Removed: the organisation has none; the attestation issued keeps it.
    let removed: Value = admin.request(reqwest::Method::DELETE, &logo_path).send().await.unwrap().json().await.unwrap();
    assert_eq!(removed["logo_url"], Value::Null);
    assert_eq!(admin.get(&logo_path).await.status(), StatusCode::NOT_FOUND);
});
