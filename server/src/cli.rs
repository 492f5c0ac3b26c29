//! The `cursus` command line.
use std::io::Read as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use shared::Lang;
use shared::api::accounts::CreateAccountRequest;
use shared::enums::Role;

use crate::policy::Actor;
use crate::service::curriculum;
use crate::settings::{Overrides, Settings};
use crate::startup::{Application, open_database};

#[derive(Parser, Debug)]
#[command(name = "cursus", version, about = "Cursus: a learning management system for modular capacity-building curricula")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Database URL (default: a SQLite file in the data directory).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "CURSUS_BIND", global = true)]
    pub bind: Option<String>,
    /// Where the database, attestations, uploads and mail go (default ./data).
    #[arg(long, env = "CURSUS_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Public address, used in links and QR codes.
    #[arg(long, env = "CURSUS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// SMTP server (smtp://host:port or smtps://user:pass@host); unset: mail is written to a folder.
    #[arg(long, env = "SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// A TOML file with the issuing body, signatory and logo (default: data/cursus.toml if present).
    #[arg(long, env = "CURSUS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// The built browser app (default ./frontend/dist).
    #[arg(long, env = "CURSUS_WEB_DIR", global = true)]
    pub web_dir: Option<PathBuf>,
    /// Shipped curricula, fonts and images (default ./assets).
    #[arg(long, env = "CURSUS_ASSETS_DIR", global = true)]
    pub assets_dir: Option<PathBuf>,
    /// The issuer's Ed25519 private key, PEM (PKCS#8), shared by every server process.
    #[arg(long, env = "CURSUS_ISSUER_KEY", global = true, hide_env_values = true)]
    pub issuer_key: Option<String>,
    /// A PEM file holding the issuer's private key, readable by every server process
    /// (default: data/keys/issuer-ed25519.pem, created on first run).
    #[arg(long, env = "CURSUS_ISSUER_KEY_FILE", global = true)]
    pub issuer_key_file: Option<PathBuf>,
    /// Where files go: s3://bucket[/prefix] for an S3-compatible store shared by every
    /// process (credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION);
    /// unset: the data directory.
    #[arg(long, env = "CURSUS_STORAGE_URL", global = true)]
    pub storage_url: Option<String>,
    /// The object store's address when it is not AWS (http://minio:9000).
    #[arg(long, env = "CURSUS_STORAGE_ENDPOINT", global = true)]
    pub storage_endpoint: Option<String>,
    /// Public verifications allowed per client address and minute, across all processes (default 30).
    #[arg(long, env = "CURSUS_VERIFY_PER_MINUTE", global = true)]
    pub verify_per_minute: Option<u32>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database, load the shipped curricula on first run, and serve (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load curriculum files (all shipped ones by default); loading twice changes nothing.
    Curriculum {
        #[command(subcommand)]
        command: CurriculumCommand,
    },
    /// Enrol people in bulk.
    Enrolments {
        #[command(subcommand)]
        command: EnrolmentsCommand,
    },
    /// The issuer's signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Benchmarks at a national programme's size (see BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Fill the database with learners in Takwia cohorts and years of history.
    Seed {
        #[arg(long, default_value_t = 100_000)]
        learners: usize,
        /// Signed-in sessions written to bench-sessions.txt for a load generator.
        #[arg(long, default_value_t = 2_000)]
        sessions: usize,
    },
    /// A new cohort completes a module: time one pass of the attestation worker.
    Issue {
        #[arg(long, default_value_t = 4_000)]
        learners: usize,
    },
    /// Time "En chiffres" (every breakdown) for one cohort, a quarter and the whole history.
    Indicators,
    /// Write an enrolment file as Excel on Windows saves a CSV (BOM, `;`, CRLF),
    /// with accented and Arabic names, for timing imports.
    File {
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        /// The number of the first person (files with different numbers hold different people).
        #[arg(long, default_value_t = 0)]
        first: usize,
        /// Where to write it.
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Make a new signing key. Earlier attestations keep verifying with their own key.
    Rotate,
    /// List the issuer's public keys.
    List,
}

#[derive(Subcommand, Debug)]
pub enum EnrolmentsCommand {
    /// Import a CSV or XLSX file into a cohort (all-or-nothing; idempotent on e-mail).
    Import {
        file: PathBuf,
        #[arg(long)]
        cohort: i64,
        /// Report what would happen, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account.
    Create {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Organisation name (created if it does not exist); required for partners.
        #[arg(long)]
        organisation: Option<String>,
        /// Read the password from standard input; without it, a set-password link is printed.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CurriculumCommand {
    Load {
        /// Curriculum files; the shipped ones when none is given.
        files: Vec<PathBuf>,
    },
    /// Write a programme as a curriculum file on standard output, in the
    /// format `load` reads (`cursus curriculum export TAKWIA > takwia.toml`).
    Export {
        /// The programme's code.
        programme: String,
        /// The folder the curriculum file goes to: its documents are written
        /// under `documents/` there.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "expected admin, trainer, partner or learner".to_string())
}

impl GlobalArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            database_url: self.database_url.clone(),
            bind: self.bind.clone(),
            data_dir: self.data_dir.clone(),
            base_url: self.base_url.clone(),
            smtp_url: self.smtp_url.clone(),
            config_file: self.config.clone(),
            web_dir: self.web_dir.clone(),
            assets_dir: self.assets_dir.clone(),
            issuer_key: self.issuer_key.clone(),
            issuer_key_file: self.issuer_key_file.clone(),
            storage: crate::storage::StorageSettings { url: self.storage_url.clone(), endpoint: self.storage_endpoint.clone(), ..Default::default() },
            verify_per_minute: self.verify_per_minute,
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.global.overrides())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            open_database(&settings).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::User { command: UserCommand::Create { role, email, name, organisation, password_stdin } } => {
            create_user(&settings, role, &email, &name, organisation.as_deref(), password_stdin).await
        }
        Command::Curriculum { command: CurriculumCommand::Load { files } } => load_curricula(&settings, files).await,
        Command::Curriculum { command: CurriculumCommand::Export { programme, dir } } => export_curriculum(&settings, &programme, &dir).await,
        Command::Enrolments { command: EnrolmentsCommand::Import { file, cohort, dry_run } } => {
            crate::cli_import::run(settings, &file, cohort, dry_run).await
        }
        Command::Keys { command: KeysCommand::Rotate } => rotate_key(&settings).await,
        Command::Keys { command: KeysCommand::List } => list_keys(&settings).await,
        Command::Bench { command: BenchCommand::File { rows, first, out } } => {
            std::fs::write(&out, crate::bench::enrolment_file(first, rows)).with_context(|| out.display().to_string())
        }
        Command::Bench { command } => {
            let mut settings = settings;
            settings.demo_on_first_run = false;
            let db = open_database(&settings).await?;
            let storage = crate::storage::Storage::open(&settings.storage, &settings.data_dir)?;
            crate::service::curriculum::load_missing(&db, &storage, &settings.curricula_dir()).await?;
            let state = crate::state::AppState::new(db, settings).await?;
            match command {
                BenchCommand::Seed { learners, sessions } => crate::bench::seed(&state, learners, sessions).await,
                BenchCommand::Issue { learners } => crate::bench::issue(&state, learners).await.map(|_| ()),
                BenchCommand::Indicators => crate::bench::indicators(&state).await,
                BenchCommand::File { .. } => Ok(()),
            }
        }
    }
}

async fn rotate_key(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let rotation = crate::service::keys::rotate(&db, &settings.issuer_key).await?;
    println!("new signing key {} registered; earlier keys still verify what they signed.", rotation.key_id);
    match rotation.written_to {
        Some(path) => println!("written to {} (the previous key kept beside it): restart every server process that reads it.", path.display()),
        None => {
            println!("the key comes from CURSUS_ISSUER_KEY: set it to this value on every server process and restart them:");
            println!("{}", rotation.private_pem);
        }
    }
    Ok(())
}

async fn list_keys(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    for key in crate::store::issuer_keys::all(db.conn()).await? {
        let state = key.retired_at.map(|at| format!("retired {}", at.format("%Y-%m-%d"))).unwrap_or_else(|| "current".into());
        println!("{}  {}  created {}  {}", key.key_id, key.algorithm, key.created_at.format("%Y-%m-%d"), state);
    }
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let base_url = settings.base_url.clone();
    let app = Application::build(settings).await?;
    if let Some(accounts) = &app.demo_accounts {
        println!("First run: demo accounts were created. Their passwords are shown only now:");
        for account in accounts {
            println!("  {:<8} {:<26} {}", account.role.as_str(), account.email, account.password);
        }
        println!();
    }
    // The last line of the banner: scripts wait for it.
    println!("Cursus is running: open {base_url}/");
    app.run_until_stopped().await?;
    Ok(())
}

/// Creates an account through the same use case as the API (its rules, its
/// audit entry, its invitation mail when no password is given).
async fn create_user(
    settings: &Settings,
    role: Role,
    email: &str,
    name: &str,
    organisation: Option<&str>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let password = if password_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading the password from standard input")?;
        Some(text.trim_end_matches(['\n', '\r']).to_string())
    } else {
        None
    };
    let db = open_database(settings).await?;
    let state = crate::state::AppState::new(db, settings.clone()).await?;
    let organisation_id = match organisation.map(str::trim).filter(|o| !o.is_empty()) {
        Some(name) => Some(crate::service::accounts::organisation_named(&state, name, role).await.map_err(|e| problem(&e))?),
        None => None,
    };
    let request = CreateAccountRequest {
        email: email.to_string(),
        full_name: name.to_string(),
        role,
        organisation_id,
        category: None,
        position: None,
        language: None,
        password,
    };
    validator::Validate::validate(&request).map_err(|e| problem(&crate::error::ApiError::Validation(e)))?;
    let account = crate::service::accounts::create(&state, &Actor::system(), &request).await.map_err(|e| problem(&e))?;
    println!("created {} account #{} for {}", role.as_str(), account.id, account.email);
    if !account.has_password {
        println!("no password was given: an invitation to choose one is queued for {} (sent by the running server).", account.email);
    }
    Ok(())
}

/// A use case's refusal, as the command line says it: fields by their flag.
fn problem(error: &crate::error::ApiError) -> anyhow::Error {
    let problem = error.problem(Lang::En);
    let mut text = problem.detail.clone().unwrap_or(problem.title);
    for field in &problem.errors {
        let flag = match field.field.as_str() {
            "organisation_id" => "--organisation",
            "full_name" => "--name",
            "email" => "--email",
            "password" => "--password-stdin",
            other => other,
        };
        text.push_str(&format!("\n  {flag}: {}", field.message));
    }
    anyhow::anyhow!(text)
}

async fn export_curriculum(settings: &Settings, code: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let storage = crate::storage::Storage::open(&settings.storage, &settings.data_dir)?;
    let export = curriculum::export(&db, &storage, code).await?;
    curriculum::write_documents(dir, &export.documents)?;
    print!("{}", crate::domain::curriculum::to_toml(&export.file)?);
    Ok(())
}

async fn load_curricula(settings: &Settings, files: Vec<PathBuf>) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let storage = crate::storage::Storage::open(&settings.storage, &settings.data_dir)?;
    let files = if files.is_empty() { curriculum::files_in(&settings.curricula_dir())? } else { files };
    for path in files {
        let report = curriculum::load_file(&db, &storage, &path, false).await?.context("nothing loaded")?;
        if report.changed() {
            println!(
                "{}: {} (modules: {} created, {} updated; prerequisites updated for {}; evaluations created: {})",
                path.display(),
                if report.programme_created { "programme created" } else { "programme updated" },
                report.modules_created,
                report.modules_updated,
                report.prerequisites_updated,
                report.evaluations_created
            );
        } else {
            println!("{}: already up to date", path.display());
        }
    }
    Ok(())
}
