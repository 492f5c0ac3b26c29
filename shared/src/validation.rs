//! Validation shared by the server and the browser: the same rules, the same
//! messages, in the reader's language.
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::i18n::{Key, k, t, tf};
use crate::lang::Lang;
use crate::problem::FieldError;

/// Turns `validator`'s errors into per-field messages, fields named by their JSON
/// path (`groups[1].modules`). Sorted by field so responses are deterministic.
pub fn field_errors(errors: &ValidationErrors, lang: Lang) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect("", errors, lang, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(prefix: &str, errors: &ValidationErrors, lang: Lang, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if field == "__all__" {
            prefix.to_string()
        } else if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    // Struct-level rules name the field they are about in a `field` parameter.
                    let field = match error.params.get("field").and_then(|v| v.as_str()) {
                        Some(name) if field == "__all__" && prefix.is_empty() => name.to_string(),
                        Some(name) if field == "__all__" => format!("{prefix}.{name}"),
                        _ => path.clone(),
                    };
                    out.push(FieldError { field, code: error.code.to_string(), message: message(error, lang) });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, lang, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(&format!("{path}[{index}]"), inner, lang, out);
                }
            }
        }
    }
}

/// The translated message of one error. `validator`'s built-in codes (`length`,
/// `range`, `email`, `url`) are refined with their parameters.
pub fn message(error: &ValidationError, lang: Lang) -> String {
    let param = |name: &str| error.params.get(name).map(|v| v.to_string().trim_matches('"').to_string());
    let (key, args): (Key, Vec<(&str, String)>) = match error.code.as_ref() {
        // A list's length counts items, not characters.
        "length" if error.params.get("value").is_some_and(|v| v.is_array()) => {
            match (param("min"), param("max"), error.params.get("value").and_then(|v| v.as_array()).map(Vec::len)) {
                (Some(_), _, Some(0)) => (k::VALIDATION_ITEMS_REQUIRED, vec![]),
                (min, max, _) => {
                    (k::VALIDATION_ITEMS_BETWEEN, vec![("min", min.unwrap_or_else(|| "0".into())), ("max", max.unwrap_or_else(|| "∞".into()))])
                }
            }
        }
        "length" => match (param("min"), param("max")) {
            (Some(min), _) if min == "1" && param("value").is_some_and(|v| v.is_empty()) => (k::VALIDATION_REQUIRED, vec![]),
            (Some(min), Some(max)) => (k::VALIDATION_LENGTH_BETWEEN, vec![("min", min), ("max", max)]),
            (Some(min), None) => (k::VALIDATION_LENGTH_MIN, vec![("min", min)]),
            (None, Some(max)) => (k::VALIDATION_LENGTH_MAX, vec![("max", max)]),
            (None, None) => (k::VALIDATION_INVALID, vec![]),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => (k::VALIDATION_RANGE_BETWEEN, vec![("min", min), ("max", max)]),
            (Some(min), None) => (k::VALIDATION_RANGE_MIN, vec![("min", min)]),
            (None, Some(max)) => (k::VALIDATION_RANGE_MAX, vec![("max", max)]),
            (None, None) => (k::VALIDATION_INVALID, vec![]),
        },
        code => (
            Key::by_name(&format!("validation.{code}")).unwrap_or(k::VALIDATION_INVALID),
            error
                .params
                .iter()
                .filter(|(k, _)| k.as_ref() != "field")
                .map(|(k, v)| (k.as_ref(), v.to_string().trim_matches('"').to_string()))
                .collect(),
        ),
    };
    if args.is_empty() {
        t(lang, key).to_string()
    } else {
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        tf(lang, key, &borrowed)
    }
}

/// A single error under `field` with a catalog code (`validation.<code>`).
pub fn single(field: &'static str, code: &'static str) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    errors.add(field, ValidationError::new(code));
    errors
}

/// An error of a struct-level rule, shown against `field`.
pub fn on_field(code: &'static str, field: &'static str) -> ValidationError {
    let mut error = ValidationError::new(code);
    error.add_param("field".into(), &field);
    error
}

/// An e-mail address as people type them: one `@`, a local part of at most 64
/// characters without spaces, and a domain of dot-separated labels. Written
/// here rather than taken from `validator` so the browser bundle does not carry
/// internationalised-domain tables (a quarter of its size).
pub fn email(value: &str) -> Result<(), ValidationError> {
    let invalid = || Err(ValidationError::new("email"));
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::new("required"));
    }
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid();
    }
    let Some((local, domain)) = value.rsplit_once('@') else { return invalid() };
    if local.is_empty() || local.len() > 64 || local.contains('@') || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return invalid();
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-');
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return invalid();
    }
    Ok(())
}

/// A telephone number: digits with the usual separators, 6 to 20 digits, an
/// optional leading `+`.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " .-()/".contains(c) || (c == '+' && i == 0));
    if allowed && (6..=20).contains(&digits) { Ok(()) } else { Err(ValidationError::new("phone")) }
}

/// A year of birth is plausible between 100 and 10 years before `this_year`:
/// learners are young people and adults, and a typo (`1899`, `2019`) is
/// caught where it is typed.
pub fn birth_year(year: i32, this_year: i32) -> Result<(), ValidationError> {
    let (min, max) = (this_year - 100, this_year - 10);
    if (min..=max).contains(&year) {
        return Ok(());
    }
    let mut error = ValidationError::new("birth_year");
    error.add_param("min".into(), &min);
    error.add_param("max".into(), &max);
    Err(error)
}

/// Age bands by their lower bounds: `15,25,35,50`, increasing, each 1 to 120.
pub fn age_bands(value: &str) -> Result<(), ValidationError> {
    parse_age_bands(value).map(|_| ()).ok_or_else(|| ValidationError::new("age_bands"))
}

pub fn parse_age_bands(value: &str) -> Option<Vec<u32>> {
    let bounds: Vec<u32> = value.split(',').map(|b| b.trim().parse().ok()).collect::<Option<_>>()?;
    let increasing = bounds.windows(2).all(|w| w[0] < w[1]);
    (!bounds.is_empty() && bounds.len() <= 12 && increasing && bounds.iter().all(|b| (1..=120).contains(b))).then_some(bounds)
}

/// A link for learners: `http` or `https` only (no `javascript:`).
pub fn web_url(value: &str) -> Result<(), ValidationError> {
    let value = value.trim();
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && value.len() <= 2000 && !value.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(ValidationError::new("url")),
    }
}

/// Refuses text that is empty once trimmed.
/// Text a person typed: not only spaces, and no control characters but line
/// breaks and tabs (a pasted `\u{10}` would print as a box on an attestation).
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new("required"));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(ValidationError::new("invalid"));
    }
    Ok(())
}

/// One printed line: no control characters at all (a line break would not
/// print), and not only spaces when given (an empty optional line is none).
pub fn one_line(value: &str) -> Result<(), ValidationError> {
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new("invalid"));
    }
    if !value.is_empty() && value.trim().is_empty() {
        return Err(ValidationError::new("required"));
    }
    Ok(())
}

/// A module or programme code: letters, digits and `-`/`_`, 1 to 32 characters.
pub fn code_format(value: &str) -> Result<(), ValidationError> {
    let ok = !value.is_empty() && value.len() <= 32 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok { Ok(()) } else { Err(ValidationError::new("code_format")) }
}

/// The key a device gives a submission it may send again (`Idempotency-Key`):
/// 8 to 64 letters, digits, `-` or `_` — a UUID fits.
pub fn idempotency_key(value: &str) -> Result<(), ValidationError> {
    let ok = (8..=64).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok { Ok(()) } else { Err(ValidationError::new("idempotency_key")) }
}

/// Passwords: at least 10 characters and not only one repeated character.
/// Length beats composition rules (NIST SP 800-63B), so no "one digit" rule.
pub fn password_strength(value: &str) -> Result<(), ValidationError> {
    let count = value.chars().count();
    if count < 10 {
        return Err(ValidationError::new("password_too_short"));
    }
    if count > 256 {
        return Err(ValidationError::new("password_too_long"));
    }
    let mut chars = value.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(ValidationError::new("password_too_weak"));
    }
    Ok(())
}

/// The kinds of file Cursus takes (module documents, assignment files), by
/// extension; the server confirms each by its first bytes.
pub const DOCUMENT_TYPES: [&str; 16] =
    ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", "png", "jpg", "jpeg", "txt", "md", "csv"];

/// File types an assignment accepts: known extensions, each once.
pub fn document_types(types: &[String]) -> Result<(), ValidationError> {
    let mut seen = std::collections::BTreeSet::new();
    for t in types {
        if !DOCUMENT_TYPES.contains(&t.as_str()) || !seen.insert(t) {
            let mut error = ValidationError::new("unknown_file_type");
            error.add_param("type".into(), t);
            return Err(error);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Sample {
        #[validate(length(min = 1, max = 5))]
        name: String,
        #[validate(custom(function = "crate::validation::email"))]
        email: String,
        #[validate(nested)]
        items: Vec<Item>,
    }

    #[derive(Validate)]
    struct Item {
        #[validate(range(min = 0, max = 100))]
        mark: i32,
    }

    #[test]
    fn messages_are_french_by_default_and_name_nested_fields() {
        let sample = Sample { name: "far too long".into(), email: "not-an-email".into(), items: vec![Item { mark: 5 }, Item { mark: 250 }] };
        let errors = sample.validate().expect_err("invalid");
        let fr = field_errors(&errors, Lang::Fr);
        let fields: Vec<_> = fr.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "items[1].mark", "name"]);
        assert!(fr[2].message.contains('5'), "{}", fr[2].message);
        assert!(fr[1].message.contains("100"), "{}", fr[1].message);
        let en = field_errors(&errors, Lang::En);
        assert_ne!(fr[0].message, en[0].message);
    }

    #[derive(Validate)]
    struct Selection {
        #[validate(length(min = 1, max = 3))]
        picks: Vec<u8>,
    }

    #[test]
    fn list_lengths_count_items_not_characters() {
        let empty = Selection { picks: vec![] }.validate().expect_err("empty");
        assert_eq!(field_errors(&empty, Lang::Fr)[0].message, "Choisissez au moins un élément.");
        let long = Selection { picks: vec![1, 2, 3, 4] }.validate().expect_err("too many");
        assert_eq!(field_errors(&long, Lang::Fr)[0].message, "Doit contenir entre 1 et 3 éléments.");
    }

    #[test]
    fn password_rules() {
        assert!(password_strength("court").is_err());
        assert!(password_strength("aaaaaaaaaaaa").is_err());
        assert!(password_strength("une phrase de passe").is_ok());
    }

    #[test]
    fn email_rules() {
        for ok in ["a@b.ma", "fatima.zahra@ena.gov.tn", "x+y@sub.domain-x.org", "محمد@مثال.مغرب"] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a", "a@", "@b.ma", "a@b", "a b@c.ma", "a@b..ma", "a@-b.ma", ".a@b.ma", "a@@b.ma"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_and_url_rules() {
        assert!(phone("+212 6 12 34 56 78").is_ok());
        assert!(phone("").is_ok());
        assert!(phone("12").is_err());
        assert!(phone("06-12-ab").is_err());
        assert!(web_url("https://www.ads.ma").is_ok());
        assert!(web_url("javascript:alert(1)").is_err());
        assert!(web_url("ftp://x").is_err());
    }

    #[test]
    fn code_rules() {
        assert!(code_format("TK-01").is_ok());
        assert!(code_format("TK 01").is_err());
        assert!(code_format("").is_err());
    }
}
