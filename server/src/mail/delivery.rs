//! Delivers the outbox: over SMTP when `SMTP_URL` is set, else as `.eml` files
//! in `data/mail/`. Failed deliveries are retried with exponential backoff
//! while the server is unreachable; a mail is marked sent only once its
//! delivery succeeded.
//!
//! No relay can stall the outbox: every SMTP step has a deadline (lettre's
//! per-command timeout), a whole delivery has one too, and a few mails go out
//! at once, so one stuck delivery is abandoned — and retried later — while the
//! others are sent.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::TimeDelta;
use futures_util::StreamExt as _;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::clock::now;
use crate::entities::outbox_mail;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::outbox;

/// Attempts after which a mail is given up (with exponential backoff capped at
/// an hour, that is about a day and a half of outage).
const MAX_ATTEMPTS: i32 = 45;
const BATCH: u64 = 20;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Transport> {
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .with_context(|| "SMTP_URL is not a valid SMTP URL".to_string())?
                    .timeout(Some(settings.smtp_step_timeout))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => Ok(Transport::Folder(settings.mail_dir())),
        }
    }

    async fn send(&self, message: Message, id: i64, deadline: Duration) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                // Connecting, the greeting, EHLO, MAIL, RCPT, DATA and QUIT each
                // have the step deadline; this bounds the whole exchange.
                tokio::time::timeout(deadline, smtp.send(message))
                    .await
                    .map_err(|_| anyhow::anyhow!("SMTP delivery abandoned after {}s without an answer", deadline.as_secs()))?
                    .context("SMTP delivery")?;
            }
            Transport::Folder(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{}-{id:08}.eml", now().format("%Y%m%dT%H%M%S")));
                tokio::fs::write(&path, message.formatted()).await.with_context(|| format!("writing {}", path.display()))?;
            }
        }
        Ok(())
    }
}

/// The message as sent; `Err` when it can never be (a malformed address).
pub fn message(settings: &Settings, mail: &outbox_mail::Model, attachment: Option<Vec<u8>>) -> anyhow::Result<Message> {
    let from: Mailbox = settings.mail_from.parse().context("mail_from is not an address")?;
    let to = Mailbox::new(Some(mail.to_name.clone()), mail.to_address.parse().context("recipient address")?);
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone());
    let alternative = match &mail.body_html {
        Some(html) => MultiPart::alternative().singlepart(text).singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
        None => MultiPart::mixed().singlepart(text),
    };
    let body = match (attachment, &mail.attachment_name) {
        (Some(bytes), Some(name)) => {
            let kind = ContentType::parse("application/pdf").context("content type")?;
            MultiPart::mixed().multipart(alternative).singlepart(Attachment::new(name.clone()).body(bytes, kind))
        }
        _ => alternative,
    };
    Message::builder().from(from).to(to).subject(mail.subject.clone()).multipart(body).context("building the message")
}

fn backoff(base: Duration, attempts: i32) -> TimeDelta {
    let factor = 2u32.saturating_pow(shared::num::u32_of(attempts.clamp(0, 12)));
    let delay = base.saturating_mul(factor).min(Duration::from_secs(3600));
    TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(1))
}

/// Delivers one claimed mail and records the outcome.
async fn deliver(state: &AppState, transport: &Transport, mail: outbox_mail::Model) -> anyhow::Result<()> {
    let settings = &state.settings;
    let attempts = mail.attempts + 1;
    let attachment = match &mail.attachment_key {
        Some(key) => match state.storage.get(key).await {
            Ok(Some(bytes)) => Some(bytes.to_vec()),
            // Missing for good: the mail cannot be built as promised.
            Ok(None) => None,
            Err(e) => {
                let next = now() + backoff(settings.mail_retry_base, attempts);
                outbox::mark_failed(state.db.conn(), mail.id, attempts, next, false, &format!("{e:#}")).await?;
                return Ok(());
            }
        },
        None => None,
    };
    let missing_attachment = mail.attachment_key.is_some() && attachment.is_none();
    // The whole exchange may take a few steps' worth, never more.
    let deadline = settings.smtp_step_timeout.saturating_mul(6);
    let outcome = match message(settings, &mail, attachment) {
        Ok(_) if missing_attachment => Err(("the attached PDF is missing from storage".to_string(), true)),
        Ok(message) => transport.send(message, mail.id, deadline).await.map_err(|e| (format!("{e:#}"), false)),
        Err(e) => Err((format!("{e:#}"), true)),
    };
    match outcome {
        Ok(()) => {
            outbox::mark_sent(state.db.conn(), mail.id).await?;
            tracing::info!(mail = mail.id, to = %mail.to_address, "mail sent");
        }
        Err((error, permanent)) => {
            let give_up = permanent || attempts >= MAX_ATTEMPTS;
            let next = now() + backoff(settings.mail_retry_base, attempts);
            outbox::mark_failed(state.db.conn(), mail.id, attempts, next, give_up, &error).await?;
            tracing::warn!(mail = mail.id, attempts, give_up, error, "mail not delivered");
        }
    }
    Ok(())
}

/// Claims and delivers one batch, a few at a time; returns how many were claimed.
pub async fn deliver_due(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let settings = &state.settings;
    // The lease outlives the slowest delivery of the batch, so no other
    // process claims a mail still being sent.
    let lease =
        now() + TimeDelta::from_std(settings.smtp_step_timeout.saturating_mul(6 * 8)).unwrap_or(TimeDelta::minutes(5)).max(TimeDelta::minutes(5));
    let mails = outbox::claim(state.db.conn(), &settings.instance_id, BATCH, lease).await?;
    let claimed = mails.len();
    let results: Vec<anyhow::Result<()>> = futures_util::stream::iter(mails)
        .map(|mail| deliver(state, transport, mail))
        .buffer_unordered(settings.mail_concurrency.max(1))
        .collect()
        .await;
    for result in results {
        result?;
    }
    Ok(claimed)
}

/// The outbox worker: delivers as soon as it is told mail is waiting, and
/// looks again every few seconds (other processes enqueue too; retries fall due).
pub fn spawn(state: AppState) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = Arc::new(Transport::from_settings(&state.settings)?);
    Ok(tokio::spawn(async move {
        loop {
            match deliver_due(&state, &transport).await {
                Ok(n) if shared::num::count64(n) == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = format!("{e:#}"), "mail worker"),
            }
            // Sleep until woken, the next retry falls due, or the safety poll.
            let wait = match outbox::next_due(state.db.conn()).await {
                Ok(Some(at)) => (at - now()).to_std().unwrap_or(Duration::ZERO).min(state.settings.safety_poll),
                Ok(None) => state.settings.safety_poll,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the next mail retry");
                    state.settings.safety_poll
                }
            };
            let _ = tokio::time::timeout(wait.max(Duration::from_millis(50)), state.mail_ready.notified()).await;
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), TimeDelta::seconds(10));
        assert_eq!(backoff(base, 3), TimeDelta::seconds(40));
        assert_eq!(backoff(base, 30), TimeDelta::hours(1));
    }
}
