//! The printed QR code as a phone or a scanner meets it: rendered at 150 dpi
//! and from a photocopy (grey, washed out, blurred, turned), read by
//! `zbarimg`, its seal opened and its signature checked by independent
//! libraries (Python's cbor2 and cryptography, `tests/tools/qr_seal.py`), and
//! the address it holds answered by the verify page.
use cursus_tests::fixtures::{module_id, pass_quiz, tool};
use cursus_tests::harness::Session;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

const BASE: &str = "https://cursus.example.org";

fn tools_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools")
}

/// The PDF's page at `dpi`, and the same page as a photocopy of it.
fn renders(pdf: &[u8], dir: &std::path::Path, dpi: u32) -> (String, String) {
    let file = dir.join("a.pdf");
    std::fs::write(&file, pdf).unwrap();
    let prefix = dir.join("page");
    tool("pdftoppm", &["-png", "-r", &dpi.to_string(), file.to_str().unwrap(), prefix.to_str().unwrap()]);
    let page = dir.join("page-1.png").to_str().unwrap().to_string();
    let copy = dir.join("copy.png").to_str().unwrap().to_string();
    tool("python3", &[tools_dir().join("photocopy.py").to_str().unwrap(), &page, &copy]);
    (page, copy)
}

fn scan(png: &str) -> String {
    tool("zbarimg", &["-q", "--raw", png]).trim().to_string()
}

/// The QR image's side in modules, quiet zone included (`pdfimages -list`).
fn qr_side(pdf: &[u8], dir: &std::path::Path) -> u32 {
    let file = dir.join("a.pdf");
    std::fs::write(&file, pdf).unwrap();
    let list = tool("pdfimages", &["-list", file.to_str().unwrap()]);
    // page num type width height color comp bpc …: the QR code is the 1-bit grey image.
    let row = list
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|c| c.len() > 7 && c[2] == "image" && c[5] == "gray" && c[7] == "1")
        .unwrap_or_else(|| panic!("no 1-bit image in:\n{list}"));
    row[3].parse().unwrap()
}

pub(crate) async fn learner(app: &TestApp, admin: &Session, programme: &str, email: &str, name: &str) -> Session {
    let r = admin.post("/api/v1/accounts", &json!({ "email": email, "full_name": name, "role": "learner", "password": "une phrase solide" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let cohort = cursus_tests::fixtures::demo_cohort(admin, programme).await;
    let r = admin.post(&format!("/api/v1/cohorts/{}/enrolments", cohort["id"]), &json!({ "account_id": id })).await;
    assert!(r.status().is_success(), "{}", r.status());
    app.login(email, "une phrase solide").await
}

/// Passes the module's quiz and returns the attestation and its PDF.
pub(crate) async fn attested(app: &TestApp, learner: &Session, programme: &str, module: &str) -> (Value, Vec<u8>) {
    let module = module_id(&app.programme(learner, programme).await, module);
    pass_quiz(app, learner, module).await;
    app.run_workers_once().await;
    let list = learner.get_json("/api/v1/attestations").await;
    let a = list["items"].as_array().unwrap().iter().find(|a| a["module_id"] == module).cloned().expect("an attestation");
    let pdf = learner.get(a["pdf_url"].as_str().expect("its PDF")).await.bytes().await.unwrap().to_vec();
    (a, pdf)
}

both_backends!(a_printed_qr_code_scans_at_150_dpi_and_from_a_photocopy_and_verifies_offline, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| {
        s.base_url = BASE.into();
        s.run_workers = false;
    })
    .await;
    let admin = app.as_role(Role::Admin).await;
    let key_set = app.anonymous().get_json("/.well-known/cursus-issuer.json").await;
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("keys.json");
    std::fs::write(&key_file, key_set.to_string()).unwrap();

    // Takwia prints bilingual attestations, PASC French ones; a usual name,
    // a long one and an Arabic one.
    let long = "Mohamed Lemine Ould Cheikh Ahmed Ould Sidi Mohamed Ould Abdallahi Ould Mohamed El Hadj";
    let people = [
        ("TAKWIA", "TK-01", "aicha@tanmia.ma", "Aïcha Ould-Ahmed d'Almeida"),
        ("TAKWIA", "TK-01", "lemine@tanmia.ma", long),
        ("TAKWIA", "TK-01", "amina@tanmia.ma", "أمينة بن علي"),
        ("PASC", "PA-01", "yacine@tanmia.ma", "Yacine Benali"),
    ];
    for (programme, module, email, name) in people {
        let session = learner(&app, &admin, programme, email, name).await;
        let (attestation, pdf) = attested(&app, &session, programme, module).await;
        let code = attestation["code"].as_str().unwrap().replace('-', "");

        // Version 9 at most (53 modules and the quiet zone) for any name: 48 mm / 61 ≥ 0.78 mm a module.
        let side = qr_side(&pdf, dir.path());
        assert!(side <= 53 + 8, "{name}: a QR code of {side} modules");

        let (page, copy) = renders(&pdf, dir.path(), 150);
        for (what, png) in [("150 dpi", &page), ("photocopy", &copy)] {
            let text = scan(png);
            assert!(text.starts_with(&format!("{BASE}/V/")), "{name}, {what}: {text:?}");
            let seal: Value =
                serde_json::from_str(&tool("python3", &[tools_dir().join("qr_seal.py").to_str().unwrap(), &text, key_file.to_str().unwrap()]))
                    .unwrap();
            assert_eq!(seal["verified"], true, "{name}, {what}: {seal}");
            // A name longer than 60 bytes is cut, marked "…", and shown whole by the page.
            let holder = seal["holder"].as_str().unwrap();
            assert!(holder == name || (holder.ends_with('…') && name.starts_with(holder.trim_end_matches('…')) && name.len() > 60), "{holder}");
            assert_eq!(seal["code"], code);
            assert_eq!(seal["what"], module);
            assert_eq!(seal["kind"], 0);
            assert_eq!(seal["hours"], attestation["hours"]);
            assert_eq!(seal["issued_on"].as_u64().unwrap().to_string(), attestation["issued_on"].as_str().unwrap().replace('-', ""));
        }

        // The address the phone opens: the code's page, which also says the seal holds.
        let path = &scan(&page)[BASE.len()..];
        let r = app.anonymous().get(path).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("Attestation authentique et valide"), "{html}");
        assert!(html.contains("Le QR code porte la signature électronique"), "{html}");
        assert!(html.contains(&cursus::mail::compose::escape(name)), "{html}");
    }

    // A seal with one character changed, or none at all, is not the issuer's word.
    let session = app.login("aicha@tanmia.ma", "une phrase solide").await;
    let list = session.get_json("/api/v1/attestations").await;
    let pdf = session.get(list["items"][0]["pdf_url"].as_str().unwrap()).await.bytes().await.unwrap().to_vec();
    let (page, _) = renders(&pdf, dir.path(), 150);
    let text = scan(&page);
    let seal = text.rsplit('/').next().unwrap().to_string();
    let mut changed = seal.clone().into_bytes();
    changed[20] = if changed[20] == b'A' { b'B' } else { b'A' };
    let changed = String::from_utf8(changed).unwrap();
    for path in [format!("/V/{changed}"), "/V/PASUNSCEAU".to_string(), format!("/V/{}", &seal[..seal.len() - 8])] {
        let r = app.anonymous().get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("ne porte pas une signature valide"), "{path}: {html}");
        assert!(!html.contains("Le QR code porte la signature électronique"), "{path}");
    }
});
