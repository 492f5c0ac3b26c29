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

/// The text of `key` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
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
}
