#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The production shape: two `cursus serve` processes, each with its own data
//! directory (as on two machines), sharing one PostgreSQL database, one
//! S3-compatible object store (moto, over HTTP) and one issuer key from the
//! configuration. What one process does, the other serves: a learner
//! completes a module through one and downloads and verifies the attestation
//! through the other; a file handed in through one is graded through the
//! other; the verification rate limit counts requests to both.
use std::io::{BufRead as _, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Kills a child process when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An S3-compatible server for this test (moto, from PyPI), with one bucket.
async fn object_store() -> (Running, String) {
    let port = free_port();
    let child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server (pip install 'moto[server]') is needed by this test");
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if client.put(format!("{endpoint}/cursus-files")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        assert!(Instant::now() < deadline, "moto_server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Running(child), endpoint)
}

async fn postgres_database() -> Option<(String, String)> {
    let base = std::env::var("CURSUS_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let admin = match Database::connect(format!("{base}/postgres")).await {
        Ok(conn) => conn,
        Err(e) => {
            let required = std::env::var("CI").is_ok_and(|v| v == "true") || std::env::var("CURSUS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
            assert!(!required, "PostgreSQL is needed by this test: {e}");
            eprintln!("warning: PostgreSQL not reachable; the two-hosts test did not run");
            return None;
        }
    };
    let name = format!("cursus_two_hosts_{}", std::process::id());
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
    Some((format!("{base}/{name}"), name))
}

struct Host {
    _process: Running,
    base: String,
    /// What the first start printed (the demo accounts).
    banner: String,
    _data_dir: tempfile::TempDir,
}

fn issuer_key_pem() -> String {
    cursus::attestation::keys::IssuerKey::generate().private_pem().unwrap()
}

async fn start(database_url: &str, storage: &str, key: &str) -> Host {
    let data_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cursus"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("CURSUS_DATA_DIR", data_dir.path())
        .env("CURSUS_BIND", format!("127.0.0.1:{port}"))
        .env("CURSUS_BASE_URL", "https://cursus.example.org")
        .env("CURSUS_ASSETS_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../assets"))
        .env("CURSUS_ISSUER_KEY", key)
        .env("CURSUS_STORAGE_URL", "s3://cursus-files/attestations-and-uploads")
        .env("CURSUS_STORAGE_ENDPOINT", storage)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("CURSUS_VERIFY_PER_MINUTE", "5")
        .env("CURSUS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    // The banner ends with the line that says where to sign in.
    let mut banner = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        banner.push_str(&line);
        banner.push('\n');
        if line.contains("Cursus is running") {
            break;
        }
    }
    let demo = banner.clone();
    std::thread::spawn(move || {
        for line in lines.by_ref() {
            drop(line);
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
        assert!(Instant::now() < deadline, "cursus did not start:\n{demo}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Host { _process: Running(child), base, banner: demo, _data_dir: data_dir }
}

/// A signed-in client of one host.
struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Client {
    async fn sign_in(host: &Host, email: &str, password: &str) -> Client {
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let r = http.post(format!("{}/api/v1/auth/login", host.base)).json(&json!({ "email": email, "password": password })).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "sign in as {email}");
        let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
        Client { http, base: host.base.clone(), csrf }
    }

    /// The same session, sent to another host (the load balancer's choice).
    fn via(&self, host: &Host) -> Client {
        Client { http: self.http.clone(), base: host.base.clone(), csrf: self.csrf.clone() }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http.post(format!("{}{path}", self.base)).header("X-CSRF-Token", &self.csrf).json(body).send().await.unwrap()
    }
}

fn demo_password<'a>(banner: &'a str, email: &str) -> &'a str {
    banner.lines().find(|l| l.contains(email)).and_then(|l| l.split_whitespace().nth(2)).expect("demo account in the banner")
}

/// The labels of the right choices of a module's quiz, from the shipped file.
fn right_labels(code: &str) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/curricula/takwia.toml")).unwrap();
    let start = text.find(&format!("code = \"{code}\"")).unwrap();
    let block = &text[start..text[start..].find("[[modules]]").map_or(text.len(), |end| start + end)];
    block
        .split("{ label = \"")
        .skip(1)
        .filter(|part| part.contains("correct = true"))
        .map(|part| part.split('"').next().unwrap().to_string())
        .collect()
}

/// Waits for what another process does (its workers run on their own clock).
async fn until<F, Fut>(what: &str, mut check: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hosts_share_keys_files_and_limits() {
    let Some((database_url, _name)) = postgres_database().await else { return };
    let (_moto, storage) = object_store().await;
    let key = issuer_key_pem();
    let a = start(&database_url, &storage, &key).await;
    let b = start(&database_url, &storage, &key).await;
    assert!(a.banner.contains("demo accounts were created"), "{}", a.banner);
    assert!(!b.banner.contains("demo accounts"), "the second host finds the accounts made by the first");

    // A learner passes TK-01's quiz through host A.
    let learner_a = Client::sign_in(&a, "apprenant@cursus.local", demo_password(&a.banner, "apprenant@cursus.local")).await;
    let learner_b = learner_a.via(&b);
    let takwia =
        learner_a.json("/api/v1/programmes").await["items"].as_array().unwrap().iter().find(|p| p["code"] == "TAKWIA").unwrap()["id"].clone();
    let modules = learner_a.json(&format!("/api/v1/programmes/{takwia}")).await["modules"].clone();
    let module = |code: &str| modules.as_array().unwrap().iter().find(|m| m["code"] == code).unwrap()["id"].as_i64().unwrap();
    let quiz = learner_a.json(&format!("/api/v1/modules/{}/assessment", module("TK-01"))).await;
    let right = right_labels("TK-01");
    let answers: Vec<Value> = quiz["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let ids: Vec<i64> = q["choices"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| right.iter().any(|r| r == c["label"].as_str().unwrap()))
                .map(|c| c["id"].as_i64().unwrap())
                .collect();
            json!({ "question_id": q["id"], "choice_ids": ids })
        })
        .collect();
    let r = learner_a.post(&format!("/api/v1/assessments/{}/attempts", quiz["id"]), &json!({ "answers": answers })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await.unwrap()["passed"], true);

    // Host B serves the attestation either process issued: the PDF, its verification, its key.
    let attestation = until("the attestation and its PDF", || async {
        let list = learner_b.json("/api/v1/attestations").await;
        list["items"].as_array().unwrap().iter().find(|a| a["module_id"] == module("TK-01") && !a["pdf_url"].is_null()).cloned()
    })
    .await;
    let pdf = learner_b.get(attestation["pdf_url"].as_str().unwrap()).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    let pdf = pdf.bytes().await.unwrap().to_vec();
    assert!(pdf.starts_with(b"%PDF-"));
    let anyone = reqwest::Client::new();
    let code = attestation["code"].as_str().unwrap();
    let verified: Value = anyone.get(format!("{}/api/v1/verify/{code}", b.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(verified["status"], "valid");
    let genuine: Value = anyone
        .post(format!("{}/api/v1/verify/pdf", b.base))
        .header("Content-Type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(genuine["genuine"], true, "host B recognises the PDF host A or B stored");
    let keys: Value = anyone.get(format!("{}/.well-known/cursus-issuer.json", b.base)).send().await.unwrap().json().await.unwrap();
    let key = keys["keys"].as_array().unwrap().iter().find(|k| k["key_id"] == verified["key_id"]).expect("the signing key is published");
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1, "both hosts sign with the configured key");
    assert!(cursus::attestation::keys::verify(
        key["public_key"].as_str().unwrap(),
        verified["claim"].as_str().unwrap().as_bytes(),
        verified["signature"].as_str().unwrap()
    ));
    let claim: Value = serde_json::from_str(verified["claim"].as_str().unwrap()).unwrap();
    assert_eq!(claim["kid"], verified["key_id"]);

    // A file handed in through A is read and graded through B.
    let assignment = learner_a.json(&format!("/api/v1/modules/{}/assessment", module("TK-02"))).await;
    let file = b"%PDF-1.4\n% plan strategique de l'association\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("text", "Notre esquisse de plan stratégique.")
        .part("file", reqwest::multipart::Part::bytes(file.clone()).file_name("plan.pdf").mime_str("application/pdf").unwrap());
    let r = learner_a
        .http
        .post(format!("{}/api/v1/assessments/{}/attempts", a.base, assignment["id"]))
        .header("X-CSRF-Token", &learner_a.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let submission = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let trainer = Client::sign_in(&b, "formatrice@cursus.local", demo_password(&a.banner, "formatrice@cursus.local")).await;
    let seen = trainer.json(&format!("/api/v1/submissions/{submission}")).await;
    let downloaded = trainer.get(seen["file_url"].as_str().unwrap()).await.bytes().await.unwrap().to_vec();
    assert_eq!(downloaded, file, "host B serves the file host A stored");
    let levels: Vec<Value> = seen["rubric"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let best = c["levels"].as_array().unwrap().iter().max_by_key(|l| l["points"].as_u64().unwrap()).unwrap();
            json!({ "criterion_id": c["id"], "level_id": best["id"] })
        })
        .collect();
    let r = trainer
        .post(
            &format!("/api/v1/submissions/{submission}/grade"),
            &json!({ "levels": levels, "feedback": "Très clair.", "allow_resubmission": false }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["grade"]["passed"], true);

    // The verification limit (5 a minute here) counts requests to both hosts.
    for _ in 0..3 {
        let minute = chrono::Utc::now().timestamp() / 60;
        let mut statuses = Vec::new();
        for i in 0..6 {
            let host = if i % 2 == 0 { &a } else { &b };
            statuses.push(anyone.get(format!("{}/api/v1/verify/ABCD-EFGH-JKLM-NPQR", host.base)).send().await.unwrap().status());
        }
        if chrono::Utc::now().timestamp() / 60 != minute {
            continue; // a new window began during the round: try again
        }
        // Each host alone would let its three through: one count for both refuses the sixth.
        let allowed = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        assert!(allowed <= 5 && statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
        return;
    }
    panic!("three rounds straddled a minute");
}
