//! The translation catalog, compiled from `assets/i18n/*.toml` by `build.rs`.
use crate::lang::Lang;

/// A translation key; the constants live in [`k`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub(crate) usize);

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

impl Key {
    /// The dotted name of the key, as written in the catalog files.
    pub fn name(self) -> &'static str {
        KEY_NAMES[self.0]
    }

    /// Looks a key up by its dotted name (used for codes that travel as strings,
    /// such as validation error codes).
    pub fn by_name(name: &str) -> Option<Key> {
        KEY_NAMES.binary_search(&name).ok().map(Key)
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Fr => FR[key.0],
        Lang::Ar => AR[key.0],
        Lang::En => EN[key.0],
    }
}

/// The text of `key` with `{name}` placeholders filled in, in one pass: a
/// value that itself contains `{…}` (a note, a name someone typed) is
/// inserted as it is, never filled in again.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let template = t(lang, key);
    let mut text = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, *v)));
        match value {
            Some((close, v)) => {
                text.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_non_empty_text_in_every_language() {
        for lang in Lang::ALL {
            for (index, name) in KEY_NAMES.iter().enumerate() {
                assert!(!t(lang, Key(index)).trim().is_empty(), "{lang}: {name} is empty");
            }
        }
    }

    #[test]
    fn keys_are_found_by_name_and_placeholders_filled() {
        let key = Key::by_name("validation.required").expect("key exists");
        assert_eq!(key, k::VALIDATION_REQUIRED);
        let text = tf(Lang::Fr, k::VALIDATION_LENGTH_MAX, &[("max", "200")]);
        assert!(text.contains("200"), "{text}");
    }

    #[test]
    fn a_value_is_inserted_as_it_is() {
        let text = tf(Lang::Fr, k::MAIL_ATTESTATION_SUBJECT, &[("title", "Gestion {code} & {title}"), ("code", "X")]);
        assert_eq!(text, "Votre attestation : Gestion {code} & {title}");
        assert_eq!(tf(Lang::Fr, k::MAIL_ATTESTATION_SUBJECT, &[]), "Votre attestation : {title}", "an unfilled placeholder stays");
    }
}
