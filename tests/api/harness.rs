use std::collections::HashMap;
use std::path::PathBuf;

use cursus::settings::{Overrides, Settings};
use cursus::startup::Application;
use cursus::state::AppState;
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use shared::enums::Role;

use crate::database::{Backend, drop_postgres_database, new_postgres_database};

pub struct TestApp {
    pub address: String,
    pub backend: Backend,
    pub state: AppState,
    pub demo: HashMap<Role, (String, String)>,
    pub data_dir: tempfile::TempDir,
    postgres_name: Option<String>,
    stop: cursus::startup::StopHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let stopping = self.stop.stop();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(stopping);
        }
        if let Some(name) = self.postgres_name.take() {
            drop_postgres_database(name);
        }
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts a server on port 0 with a database of its own; `configure` may
/// change settings first (SMTP server, workers off...).
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    cursus::telemetry::init_with("warn,sqlx=error,sea_orm=error");
    let data_dir = tempfile::tempdir().expect("temp dir");
    let (database_url, postgres_name) = match backend {
        Backend::Sqlite => (format!("sqlite://{}?mode=rwc", data_dir.path().join("cursus.db").display()), None),
        Backend::Postgres => {
            let (url, name) = new_postgres_database().await;
            (url, Some(name))
        }
    };
    let mut settings = Settings::load(Overrides {
        database_url: Some(database_url),
        bind: Some("127.0.0.1:0".into()),
        data_dir: Some(data_dir.path().to_path_buf()),
        base_url: Some("http://cursus.test".into()),
        assets_dir: Some(repo_root().join("assets")),
        web_dir: Some(repo_root().join("frontend/dist")),
        ..Default::default()
    })
    .expect("settings");
    // Workers wake on notifications; tests that need them run them once.
    settings.safety_poll = std::time::Duration::from_secs(30);
    configure(&mut settings);
    let app = Application::build(settings).await.expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let demo = app.demo_accounts.clone().unwrap_or_default().into_iter().map(|a| (a.role, (a.email, a.password))).collect();
    let stop = app.stop_handle();
    tokio::spawn(app.run_until_stopped());
    TestApp { address, backend, state, demo, data_dir, postgres_name, stop }
}

/// A second server process on the same database (several processes behind a
/// load balancer share one PostgreSQL).
pub async fn spawn_peer(app: &TestApp, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = (*app.state.settings).clone();
    settings.bind = "127.0.0.1:0".into();
    settings.data_dir = data_dir.path().to_path_buf();
    settings.demo_on_first_run = false;
    settings.instance_id = format!("{}-peer", settings.instance_id);
    configure(&mut settings);
    let peer = Application::build(settings).await.expect("peer builds");
    let address = format!("http://127.0.0.1:{}", peer.port());
    let state = peer.state().clone();
    let stop = peer.stop_handle();
    tokio::spawn(peer.run_until_stopped());
    TestApp { address, backend: app.backend, state, demo: app.demo.clone(), data_dir, postgres_name: None, stop }
}

impl TestApp {
    /// Runs this process's background work once, to the end: owed
    /// attestations issued with their PDFs, then every due mail delivered.
    /// Tests call it instead of waiting for the workers' clock.
    pub async fn run_workers_once(&self) {
        cursus::service::attestations::work(&self.state).await.expect("attestation worker");
        let transport = cursus::mail::delivery::Transport::from_settings(&self.state.settings).expect("mail transport");
        while cursus::mail::delivery::deliver_due(&self.state, &transport).await.expect("mail worker") > 0 {}
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A client without a session.
    pub fn anonymous(&self) -> Session {
        Session::new(&self.address)
    }

    pub async fn login(&self, email: &str, password: &str) -> Session {
        let mut session = Session::new(&self.address);
        let response = session.post("/api/v1/auth/login", &serde_json::json!({ "email": email, "password": password })).await;
        assert_eq!(response.status(), StatusCode::OK, "login as {email}");
        let body: Value = response.json().await.expect("json");
        session.csrf = body["csrf_token"].as_str().map(str::to_string);
        session
    }

    /// A session for an existing account, opened in the database rather than
    /// by a password (for tests with many people: accounts made by an import
    /// have no password yet).
    pub async fn signed_in_as(&self, account_id: i64) -> Session {
        let (token, stored) = cursus::store::sessions::create(self.state.db.conn(), account_id, 8).await.expect("session");
        let mut headers = reqwest::header::HeaderMap::new();
        let cookie = format!("{}={token}", cursus::http::extract::SESSION_COOKIE);
        headers.insert(reqwest::header::COOKIE, reqwest::header::HeaderValue::from_str(&cookie).expect("cookie"));
        let client = reqwest::Client::builder().default_headers(headers).build().expect("client");
        Session { client, base: self.address.clone(), csrf: Some(stored.csrf_token), lang: None }
    }

    /// Signs in as the demo account of `role`.
    pub async fn as_role(&self, role: Role) -> Session {
        let (email, password) = self.demo.get(&role).cloned().expect("demo account");
        self.login(&email, &password).await
    }

    /// Creates an account through the API (as an administrator) and signs in.
    pub async fn new_account(&self, admin: &Session, role: Role, email: &str, organisation_id: Option<i64>) -> Session {
        let password = "mot de passe solide";
        let response = admin
            .post(
                "/api/v1/accounts",
                &serde_json::json!({
                    "email": email, "full_name": format!("Test {email}"), "role": role,
                    "organisation_id": organisation_id, "password": password,
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "create {email}: {}", response.text().await.unwrap_or_default());
        self.login(email, password).await
    }

    pub async fn new_organisation(&self, admin: &Session, name: &str) -> i64 {
        let response = admin.post("/api/v1/organisations", &serde_json::json!({ "name": name, "kind": "partner_institution" })).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
    }

    /// The id of a shipped programme by code.
    pub async fn programme(&self, session: &Session, code: &str) -> Value {
        let list: Value = session.get("/api/v1/programmes").await.json().await.expect("json");
        let id = list["items"].as_array().expect("items").iter().find(|p| p["code"] == code).expect("programme")["id"].as_i64().expect("id");
        session.get(&format!("/api/v1/programmes/{id}")).await.json().await.expect("json")
    }
}

/// A client with a cookie jar, which echoes its CSRF token like the browser app.
#[derive(Clone)]
pub struct Session {
    pub client: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
    pub lang: Option<&'static str>,
}

impl Session {
    pub fn new(base: &str) -> Session {
        let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
        Session { client, base: base.to_string(), csrf: None, lang: None }
    }

    pub fn with_lang(mut self, lang: &'static str) -> Session {
        self.lang = Some(lang);
        self
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut builder = self.client.request(method, format!("{}{path}", self.base));
        if let Some(csrf) = &self.csrf {
            builder = builder.header("X-CSRF-Token", csrf);
        }
        if let Some(lang) = self.lang {
            builder = builder.header("Accept-Language", lang);
        }
        builder
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("request")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("request")
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.request(Method::PUT, path).json(body).send().await.expect("request")
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.request(Method::PATCH, path).json(body).send().await.expect("request")
    }

    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.request(Method::POST, path).header("Content-Type", content_type).body(body).send().await.expect("request")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert!(response.status().is_success(), "GET {path}: {}", response.status());
        response.json().await.expect("json")
    }
}

/// Reads a problem+json body, checking the content type.
pub async fn problem(response: Response) -> Value {
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(content_type.starts_with("application/problem+json"), "content-type {content_type}");
    response.json().await.expect("problem json")
}
