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
    fill(t(lang, key), args)
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
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

/// The text of `key` for the count `n`, in the plural form CLDR gives `n` in
/// `lang` ("1 module", "2 modules"; "وحدة واحدة", "وحدتان", "3 وحدات", "11 وحدة"),
/// with `{n}` and the other placeholders filled in. A key without plural
/// forms reads as with `tf`.
pub fn tn(lang: Lang, key: Key, n: u64, args: &[(&str, &str)]) -> String {
    let template = match PLURALS.binary_search_by_key(&key.0, |(index, _)| *index) {
        Ok(at) => PLURALS[at].1[lang_slot(lang)][crate::plural::category(lang, n).slot()],
        Err(_) => t(lang, key),
    };
    let count = n.to_string();
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(("n", count.as_str()));
    all.extend_from_slice(args);
    fill(template, &all)
}

fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::Ar => 1,
        Lang::En => 2,
    }
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

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let ar = [0, 1, 2, 3, 11, 100].map(|n| tn(Lang::Ar, k::UI_MODULE_COUNT, n, &[]));
        assert_eq!(ar, ["0 وحدة", "وحدة واحدة", "وحدتان", "3 وحدات", "11 وحدة", "100 وحدة"]);
        assert_eq!([0, 1, 2].map(|n| tn(Lang::Fr, k::UI_PEOPLE_COUNT, n, &[])), ["0 personne", "1 personne", "2 personnes"]);
        assert_eq!([1, 8].map(|n| tn(Lang::Ar, k::UI_HOURS, n, &[])), ["ساعة واحدة", "8 ساعات"]);
        assert_eq!(tn(Lang::Fr, k::UI_COMPLETED_OF, 1, &[("total", "16")]), "1 module terminé sur 16");
        // A key without plural forms reads as with `tf`.
        assert_eq!(tn(Lang::Fr, k::VALIDATION_LENGTH_MAX, 3, &[("max", "200")]), tf(Lang::Fr, k::VALIDATION_LENGTH_MAX, &[("max", "200")]));
    }
}
