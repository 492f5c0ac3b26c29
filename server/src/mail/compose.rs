//! Mails in the addressee's language, from the `[mail]` section of the
//! translation catalogs. Each has a plain-text and a simple HTML body.
use shared::Lang;
use shared::i18n::{Key, k, tf};

use crate::store::outbox::NewMail;

pub struct Addressee<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub lang: Lang,
}

fn build(to: &Addressee<'_>, subject: Key, body: Key, args: &[(&str, &str)], dedupe_key: Option<String>) -> NewMail {
    let mut all: Vec<(&str, &str)> = vec![("name", to.name)];
    all.extend_from_slice(args);
    let text = format!("{}\n\n{}\n\n{}\n", tf(to.lang, k::MAIL_GREETING, &all), tf(to.lang, body, &all), tf(to.lang, k::MAIL_SIGNATURE, &all));
    NewMail {
        dedupe_key,
        to_address: to.email.to_string(),
        to_name: to.name.to_string(),
        subject: tf(to.lang, subject, &all),
        body_html: Some(html(&text, to.lang)),
        body_text: text,
        attachment_key: None,
        attachment_name: None,
    }
}

/// Paragraphs of escaped text, links made clickable, the right direction.
fn html(text: &str, lang: Lang) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let escaped: Vec<String> = p
                .split_whitespace()
                .map(|word| {
                    let e = escape(word);
                    if word.starts_with("https://") || word.starts_with("http://") { format!("<a href=\"{e}\">{e}</a>") } else { e }
                })
                .collect();
            format!("<p>{}</p>", escaped.join(" "))
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{}\" dir=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5\">{}</body></html>",
        lang.code(),
        lang.dir(),
        paragraphs.join("")
    )
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An invitation to choose a password, naming the institution that enrolled
/// the person when a partner did (a mail from an unknown platform is easily
/// taken for spam).
pub fn invitation(to: &Addressee<'_>, institution: Option<&str>, cohort: &str, link: &str, account_id: i64) -> NewMail {
    let body = if institution.is_some() { k::MAIL_INVITATION_BY_BODY } else { k::MAIL_INVITATION_BODY };
    build(
        to,
        k::MAIL_INVITATION_SUBJECT,
        body,
        &[("institution", institution.unwrap_or_default()), ("cohort", cohort), ("link", link)],
        Some(format!("invitation:{account_id}:{link}")),
    )
}

/// An account opened by an administrator, not through an enrolment.
pub fn account_invitation(to: &Addressee<'_>, role: Key, link: &str, account_id: i64) -> NewMail {
    let role = tf(to.lang, role, &[]);
    build(to, k::MAIL_ACCOUNT_SUBJECT, k::MAIL_ACCOUNT_BODY, &[("role", &role), ("link", link)], Some(format!("invitation:{account_id}:{link}")))
}

/// A link to choose a new password; one mail per link.
pub fn password_reset(to: &Addressee<'_>, link: &str, account_id: i64) -> NewMail {
    build(to, k::MAIL_RESET_SUBJECT, k::MAIL_RESET_BODY, &[("link", link)], Some(format!("reset:{account_id}:{link}")))
}

/// A partner manager asked to enrol someone of another organisation: the
/// person accepts by the link, or ignores it.
pub fn join_request(to: &Addressee<'_>, institution: &str, cohort: &str, link: &str, account_id: i64, cohort_id: i64) -> NewMail {
    build(
        to,
        k::MAIL_JOIN_SUBJECT,
        k::MAIL_JOIN_BODY,
        &[("institution", institution), ("cohort", cohort), ("link", link)],
        Some(format!("join:{account_id}:{cohort_id}")),
    )
}

pub fn enrolment(to: &Addressee<'_>, cohort: &str, link: &str, enrolment_id: i64) -> NewMail {
    build(to, k::MAIL_ENROLMENT_SUBJECT, k::MAIL_ENROLMENT_BODY, &[("cohort", cohort), ("link", link)], Some(format!("enrolment:{enrolment_id}")))
}

pub fn graded(to: &Addressee<'_>, module: &str, score: u32, passed: bool, link: &str, attempt_id: i64) -> NewMail {
    let result = tf(to.lang, if passed { k::MAIL_PASSED } else { k::MAIL_NOT_PASSED }, &[]);
    let score = score.to_string();
    build(
        to,
        k::MAIL_GRADED_SUBJECT,
        k::MAIL_GRADED_BODY,
        &[("module", module), ("score", &score), ("result", &result), ("link", link)],
        Some(format!("graded:{attempt_id}")),
    )
}

pub fn attestation(to: &Addressee<'_>, title: &str, code: &str, link: &str, attestation_id: i64) -> NewMail {
    build(
        to,
        k::MAIL_ATTESTATION_SUBJECT,
        k::MAIL_ATTESTATION_BODY,
        &[("title", title), ("code", code), ("link", link)],
        Some(format!("attestation:{attestation_id}")),
    )
}

/// A revocation, told to the holder: the public note if any, never the
/// internal reason. One mail per revocation (a revocation undone and made
/// again is mailed again).
pub fn revoked(to: &Addressee<'_>, title: &str, code: &str, note: Option<&str>, link: &str, revocation: (i64, i64)) -> NewMail {
    let note = note.map(|n| tf(to.lang, k::MAIL_REVOKED_NOTE, &[("note", n)])).unwrap_or_default();
    build(
        to,
        k::MAIL_REVOKED_SUBJECT,
        k::MAIL_REVOKED_BODY,
        &[("title", title), ("code", code), ("note", &note), ("link", link)],
        Some(format!("revoked:{}:{}", revocation.0, revocation.1)),
    )
}

/// A revocation undone: the attestation and its PDF stand again.
pub fn restored(to: &Addressee<'_>, title: &str, code: &str, link: &str, revocation: (i64, i64)) -> NewMail {
    build(
        to,
        k::MAIL_RESTORED_SUBJECT,
        k::MAIL_RESTORED_BODY,
        &[("title", title), ("code", code), ("link", link)],
        Some(format!("restored:{}:{}", revocation.0, revocation.1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_speaks_the_addressees_language_and_escapes_html() {
        let to = Addressee { email: "a@b.ma", name: "Aïcha <script>", lang: Lang::Ar };
        let mail = invitation(&to, Some("ENA"), "Takwia — Fès", "https://cursus.example/set-password?token=abc", 7);
        assert!(mail.body_text.contains("قامت ENA بتسجيلك"), "the institution that enrolled them: {}", mail.body_text);
        assert!(mail.subject.contains("Takwia — Fès"));
        assert!(mail.body_text.contains("https://cursus.example/set-password?token=abc"));
        let html = mail.body_html.expect("html");
        assert!(html.contains("dir=\"rtl\""));
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("<a href=\"https://cursus.example/set-password?token=abc\">"));
        let fr = invitation(&Addressee { lang: Lang::Fr, ..to }, None, "C", "https://x.y/z", 7);
        assert_ne!(fr.subject, mail.subject);
        assert!(fr.body_text.contains("Vous êtes inscrit·e à la cohorte « C »"), "no institution, no name: {}", fr.body_text);
    }
}
