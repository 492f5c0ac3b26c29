//! Delivers the outbox: over SMTP when `SMTP_URL` is set, else as `.eml` files
//! in `data/mail/`. Failed deliveries are retried with exponential backoff
//! while the server is unreachable; a mail is marked sent only once its
//! delivery succeeded.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::TimeDelta;
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
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => Ok(Transport::Folder(settings.mail_dir())),
        }
    }

    async fn send(&self, message: Message, id: i64) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery")?;
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
pub fn message(settings: &Settings, mail: &outbox_mail::Model) -> anyhow::Result<Message> {
    let from: Mailbox = settings.mail_from.parse().context("mail_from is not an address")?;
    let to = Mailbox::new(Some(mail.to_name.clone()), mail.to_address.parse().context("recipient address")?);
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone());
    let alternative = match &mail.body_html {
        Some(html) => MultiPart::alternative().singlepart(text).singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
        None => MultiPart::mixed().singlepart(text),
    };
    let body = match (&mail.attachment_path, &mail.attachment_name) {
        (Some(path), Some(name)) => {
            let bytes = std::fs::read(path).with_context(|| format!("attachment {path}"))?;
            let kind = ContentType::parse("application/pdf").context("content type")?;
            MultiPart::mixed().multipart(alternative).singlepart(Attachment::new(name.clone()).body(bytes, kind))
        }
        _ => alternative,
    };
    Message::builder().from(from).to(to).subject(mail.subject.clone()).multipart(body).context("building the message")
}

fn backoff(base: Duration, attempts: i32) -> TimeDelta {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 12) as u32);
    let delay = base.saturating_mul(factor).min(Duration::from_secs(3600));
    TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(1))
}

/// Claims and delivers one batch; returns how many were claimed.
pub async fn deliver_due(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let settings = &state.settings;
    let lease = now() + TimeDelta::minutes(5);
    let mails = outbox::claim(state.db.conn(), &settings.instance_id, BATCH, lease).await?;
    let claimed = mails.len();
    for mail in mails {
        let attempts = mail.attempts + 1;
        let outcome = match message(settings, &mail) {
            Ok(message) => transport.send(message, mail.id).await.map_err(|e| (format!("{e:#}"), false)),
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
                Ok(n) if n as u64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = format!("{e:#}"), "mail worker"),
            }
            let _ = tokio::time::timeout(state.settings.mail_poll, state.mail_ready.notified()).await;
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
