//! The `cursus` command line.
use std::io::Read as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use shared::api::accounts::CreateOrganisationRequest;
use shared::enums::{OrganisationKind, Role};
use shared::Lang;

use crate::service::curriculum;
use crate::settings::{Overrides, Settings};
use crate::startup::{Application, open_database};
use crate::store::accounts::{self, NewAccount};
use crate::store::organisations;

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
        Command::Enrolments { command: EnrolmentsCommand::Import { file, cohort, dry_run } } => {
            crate::cli_import::run(settings, &file, cohort, dry_run).await
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let base_url = settings.base_url.clone();
    let app = Application::build(settings).await?;
    println!("Cursus is running: open {base_url}/");
    if let Some(accounts) = &app.demo_accounts {
        println!();
        println!("First run: demo accounts were created. Their passwords are shown only now:");
        for account in accounts {
            println!("  {:<8} {:<26} {}", account.role.as_str(), account.email, account.password);
        }
        println!();
    }
    app.run_until_stopped().await?;
    Ok(())
}

async fn create_user(settings: &Settings, role: Role, email: &str, name: &str, organisation: Option<&str>, password_stdin: bool) -> anyhow::Result<()> {
    if shared::validation::email(email).is_err() {
        bail!("not a valid e-mail address: {email}");
    }
    if role == Role::Partner && organisation.is_none() {
        bail!("a partner manager needs --organisation");
    }
    let password = if password_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading the password from standard input")?;
        let password = text.trim_end_matches(['\n', '\r']).to_string();
        if let Err(e) = shared::validation::password_strength(&password) {
            bail!("{}", shared::validation::message(&e, Lang::En));
        }
        Some(password)
    } else {
        None
    };
    let db = open_database(settings).await?;
    if accounts::by_email(db.conn(), email).await?.is_some() {
        bail!("an account with e-mail {email} already exists");
    }
    let password_hash = match password {
        Some(p) => Some(tokio::task::spawn_blocking(move || crate::secrets::hash_password(&p)).await??),
        None => None,
    };
    let tx = db.begin_write().await?;
    let organisation_id = match organisation {
        Some(name) => Some(match organisations::by_name(&tx, name).await? {
            Some(o) => o.id,
            None => {
                let kind = if role == Role::Partner { OrganisationKind::PartnerInstitution } else { OrganisationKind::Association };
                organisations::insert(&tx, &CreateOrganisationRequest { name: name.into(), kind, region: None, commune: None }).await?.id
            }
        }),
        None => None,
    };
    let has_password = password_hash.is_some();
    let account = accounts::insert(
        &tx,
        NewAccount {
            email: accounts::normalise_email(email),
            full_name: name.trim().to_string(),
            role,
            organisation_id,
            category: None,
            position: None,
            phone: None,
            language: Lang::Fr,
            password_hash,
        },
    )
    .await?;
    tx.commit().await?;
    println!("created {} account #{} for {}", role.as_str(), account.id, account.email);
    if !has_password {
        println!("no password was given: the account can sign in once a password is set (`--password-stdin`).");
    }
    Ok(())
}

async fn load_curricula(settings: &Settings, files: Vec<PathBuf>) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let files = if files.is_empty() { curriculum::files_in(&settings.curricula_dir())? } else { files };
    for path in files {
        let report = curriculum::load_file(&db, &path, false).await?.context("nothing loaded")?;
        if report.changed() {
            println!(
                "{}: {} (modules: {} created, {} updated; prerequisites updated for {})",
                path.display(),
                if report.programme_created { "programme created" } else { "programme updated" },
                report.modules_created,
                report.modules_updated,
                report.prerequisites_updated
            );
        } else {
            println!("{}: already up to date", path.display());
        }
    }
    Ok(())
}
