//! `cursus enrolments import FILE --cohort ID [--dry-run]`, with a progress bar.
use std::path::Path;

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressStyle};
use shared::Lang;
use shared::api::enrolments::RowOutcome;

use crate::error::ApiError;
use crate::policy::Actor;
use crate::service::import::{self, Progress};
use crate::settings::Settings;
use crate::startup::open_database;
use crate::state::AppState;

struct Bar(ProgressBar);

impl Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(match name {
            "check" => "checking rows",
            _ => "writing",
        });
    }

    fn advance(&self, by: u64) {
        self.0.inc(by);
    }
}

pub async fn run(settings: Settings, file: &Path, cohort: i64, dry_run: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let db = open_database(&settings).await?;
    let state = AppState::new(db, settings).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len}").unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> "),
    );
    let outcome = import::run(&state, &Actor::system(), cohort, &bytes, dry_run, Lang::Fr, &Bar(bar.clone())).await;
    bar.finish_and_clear();
    match outcome {
        Ok(report) => {
            match (&report.reading.encoding, &report.reading.separator) {
                (Some(encoding), Some(separator)) => println!("read as {encoding} text, separated by {separator:?}"),
                _ => println!("read as an XLSX workbook"),
            }
            for row in report.rows.iter().filter(|r| r.outcome == RowOutcome::Error) {
                for error in &row.errors {
                    println!("row {} [{}]: {}", error.row, error.column, error.message);
                }
            }
            let c = &report.counts;
            println!(
                "{}: {} rows — {} new accounts, {} enrolled, {} already enrolled, {} with errors",
                if report.committed { "imported" } else { "dry run" },
                c.rows,
                c.new_accounts,
                c.enrolled,
                c.already_enrolled,
                c.errors
            );
            if report.committed && c.new_accounts > 0 {
                println!("{} invitations are queued; the running server sends them.", c.new_accounts);
            }
            Ok(())
        }
        Err(ApiError::RowsRejected(rows)) => {
            for error in &rows {
                println!("row {} [{}]: {}", error.row, error.column, error.message);
            }
            bail!("{} errors: nothing was imported", rows.len())
        }
        Err(other) => {
            let problem = other.problem(Lang::Fr);
            let fields: Vec<String> = problem.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            bail!(
                "{}{}{}",
                problem.title,
                problem.detail.map(|d| format!(" — {d}")).unwrap_or_default(),
                if fields.is_empty() { String::new() } else { format!(" ({})", fields.join("; ")) }
            )
        }
    }
}
