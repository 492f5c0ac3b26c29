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
#[cfg(not(target_arch = "wasm32"))]
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Fr => FR[key.0],
        Lang::Ar => AR[key.0],
        Lang::En => EN[key.0],
    }
}

/// The text of `key` in `lang`, from the catalogue the browser downloaded
/// (see [`install`]); empty until one is installed.
#[cfg(target_arch = "wasm32")]
pub fn t(lang: Lang, key: Key) -> &'static str {
    let Some(catalogue) = downloaded::catalogue(lang) else { return "" };
    let text = catalogue.texts[key.0].as_str();
    if text.is_empty() {
        missing(key);
    }
    text
}

/// A word this page's list lacks (its bundle's files do not name it, see
/// `cursus-i18n`) shows as nothing: its key's number is noted on
/// `window.cursusMissingWords`, which the browser tests read on every screen.
#[cfg(target_arch = "wasm32")]
#[cold]
fn missing(key: Key) {
    let global = js_sys::global();
    let name = wasm_bindgen::JsValue::from_str("cursusMissingWords");
    let list = js_sys::Reflect::get(&global, &name).ok().filter(js_sys::Array::is_array).map(|v| js_sys::Array::from(&v)).unwrap_or_else(|| {
        let list = js_sys::Array::new();
        let _ = js_sys::Reflect::set(&global, &name, &list);
        list
    });
    list.push(&wasm_bindgen::JsValue::from(crate::num::count(key.0)));
}

// Also on the server, where the compiled catalogue answers `t` and an
// installed one is only read back (the frontend's host build checks them).
pub use downloaded::{install, is_installed};

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
    let template = plural_form(lang, key, crate::plural::category(lang, n).slot()).unwrap_or_else(|| t(lang, key));
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

#[cfg(not(target_arch = "wasm32"))]
fn plural_form(lang: Lang, key: Key, slot: usize) -> Option<&'static str> {
    let at = PLURALS.binary_search_by_key(&key.0, |(index, _)| *index).ok()?;
    Some(PLURALS[at].1[lang_slot(lang)][slot])
}

#[cfg(target_arch = "wasm32")]
fn plural_form(lang: Lang, key: Key, slot: usize) -> Option<&'static str> {
    let forms = downloaded::catalogue(lang)?.plurals.get(&key.0)?;
    Some(forms[slot].as_str())
}

/// Sections only the server writes (mails, PDFs): their words stay out of the
/// catalogues a phone downloads.
#[cfg(not(target_arch = "wasm32"))]
const SERVER_ONLY: [&str; 2] = ["mail.", "pdf."];

/// Which words a page downloads: those its bundle's screens name
/// (`cursus-i18n` reads which from the sources) — the map page the map's and
/// the modules', the account and sign-in pages the learner's, the staff page
/// every screen's. A page names its list in `<meta name="cursus-words">`
/// (written by scripts/build-web.sh), read by the page's preload and by
/// `load`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordList {
    Map,
    Learner,
    Staff,
}

impl WordList {
    pub const ALL: [WordList; 3] = [WordList::Map, WordList::Learner, WordList::Staff];

    pub fn from_name(name: &str) -> Option<WordList> {
        match name {
            "map" => Some(WordList::Map),
            "learner" => Some(WordList::Learner),
            "staff" => Some(WordList::Staff),
            _ => None,
        }
    }

    /// The file, beside the build's bundles under `i18n/`, that holds the
    /// words of `lang` (index.html builds the same name for its preload).
    pub fn file(self, lang: Lang) -> String {
        match self {
            WordList::Map => format!("{}.json", lang.code()),
            WordList::Learner => format!("{}.learner.json", lang.code()),
            WordList::Staff => format!("{}.staff.json", lang.code()),
        }
    }
}

/// The catalogue of `lang` as the browser downloads it: JSON, `{"keys": id,
/// "texts": [...]}` with one entry per key, in key order — the text, or its
/// six plural forms (CLDR's zero, one, two, few, many, other); `id` names the
/// keys and their order. The texts `holds` leaves out are empty (`words`
/// tells which words a list holds). Written beside each build of the
/// bundles, whose key numbers it matches (`cursus-i18n`, run by
/// scripts/build-web.sh).
#[cfg(not(target_arch = "wasm32"))]
pub fn browser_catalogue(lang: Lang, holds: impl Fn(&str) -> bool) -> String {
    let entries: Vec<serde_json::Value> = KEY_NAMES
        .iter()
        .enumerate()
        .map(|(index, name)| {
            if SERVER_ONLY.iter().any(|section| name.starts_with(section)) || !holds(name) {
                return serde_json::Value::from("");
            }
            match plural_form(lang, Key(index), 0) {
                Some(_) => (0..6).filter_map(|slot| plural_form(lang, Key(index), slot)).collect(),
                None => serde_json::Value::from(t(lang, Key(index))),
            }
        })
        .collect();
    serde_json::json!({ "keys": KEYS_ID, "texts": entries }).to_string()
}

/// The catalogues the browser downloaded, one per language, kept for the
/// page's life (a page switches language a few times at most). Compiled on
/// the server too, where only the tests read a catalogue back.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod downloaded {
    use std::collections::HashMap;
    use std::sync::OnceLock;

    use super::{KEY_NAMES, KEYS_ID, lang_slot};
    use crate::lang::Lang;

    pub(super) struct Catalogue {
        pub(super) texts: Vec<String>,
        pub(super) plurals: HashMap<usize, [String; 6]>,
    }

    static LOADED: [OnceLock<Catalogue>; 3] = [const { OnceLock::new() }; 3];

    /// The catalogue of `lang`, or of any language already here while
    /// `lang`'s is on its way (a label in another language rather than none).
    pub(super) fn catalogue(lang: Lang) -> Option<&'static Catalogue> {
        LOADED[lang_slot(lang)].get().or_else(|| LOADED.iter().find_map(OnceLock::get))
    }

    pub fn is_installed(lang: Lang) -> bool {
        LOADED[lang_slot(lang)].get().is_some()
    }

    /// Installs the catalogue of `lang` from its JSON (see
    /// `browser_catalogue`). Refused when it is not a catalogue of this
    /// build's keys — a cached file of another build would put every label
    /// out of place.
    pub fn install(lang: Lang, json: &str) -> Result<(), &'static str> {
        let catalogue = read(json)?;
        let _ = LOADED[lang_slot(lang)].set(catalogue);
        Ok(())
    }

    pub(super) fn read(json: &str) -> Result<Catalogue, &'static str> {
        let mut catalogue: serde_json::Value = serde_json::from_str(json).map_err(|_| "not a catalogue")?;
        if catalogue["keys"] != KEYS_ID {
            return Err("a catalogue of another build");
        }
        let serde_json::Value::Array(entries) = catalogue["texts"].take() else { return Err("not a catalogue") };
        if entries.len() != KEY_NAMES.len() {
            return Err("not a catalogue");
        }
        let mut texts = Vec::with_capacity(entries.len());
        let mut plurals = HashMap::new();
        for (index, entry) in entries.into_iter().enumerate() {
            match entry {
                serde_json::Value::String(text) => texts.push(text),
                serde_json::Value::Array(forms) => {
                    let forms: Vec<String> = forms.into_iter().map(|f| f.as_str().unwrap_or_default().to_string()).collect();
                    let forms: [String; 6] = forms.try_into().map_err(|_| "a plural entry without six forms")?;
                    texts.push(forms[5].clone());
                    plurals.insert(index, forms);
                }
                _ => return Err("not a catalogue"),
            }
        }
        Ok(Catalogue { texts, plurals })
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
    fn the_downloaded_catalogue_reads_back_as_the_compiled_one() {
        let server_only = |name: &str| SERVER_ONLY.iter().any(|section| name.starts_with(section));
        let without_authors = |name: &str| !name.starts_with("author.");
        for lang in Lang::ALL {
            let catalogue = downloaded::read(&browser_catalogue(lang, without_authors)).expect("a catalogue of this build");
            for (index, name) in KEY_NAMES.iter().enumerate() {
                let expected = if server_only(name) || !without_authors(name) { "" } else { t(lang, Key(index)) };
                assert_eq!(catalogue.texts[index], expected, "{lang}: {name}");
            }
            for (index, forms) in &catalogue.plurals {
                assert_eq!(forms.each_ref().map(String::as_str), PLURALS.iter().find(|(i, _)| i == index).expect("plural").1[lang_slot(lang)]);
            }
            let held = |name: &str| !server_only(name) && without_authors(name);
            assert_eq!(catalogue.plurals.len(), PLURALS.iter().filter(|(index, _)| held(KEY_NAMES[*index])).count());
            assert!(catalogue.texts.iter().any(|text| !text.is_empty()) && !catalogue.plurals.is_empty());
        }
        let other_build = browser_catalogue(Lang::Fr, |_| true).replace(KEYS_ID, "0000000000000000");
        assert!(downloaded::read(&other_build).is_err(), "a catalogue of other keys is refused");
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let ar = [0, 1, 2, 3, 11, 100].map(|n| tn(Lang::Ar, k::UI_MODULE_COUNT, n, &[]));
        assert_eq!(ar, ["0 وحدة", "وحدة واحدة", "وحدتان", "3 وحدات", "11 وحدة", "100 وحدة"]);
        assert_eq!([0, 1, 2].map(|n| tn(Lang::Fr, k::UI_PEOPLE_COUNT, n, &[])), ["0 personne", "1 personne", "2 personnes"]);
        assert_eq!([1, 8].map(|n| tn(Lang::Ar, k::UI_HOURS, n, &[])), ["ساعة واحدة", "8 ساعات"]);
        assert_eq!(tn(Lang::Fr, k::UI_COMPLETED_OF, 1, &[("total", "16")]), "1 module terminé sur 16");
        // A sentence of several counts: each in its own form.
        let counts = crate::api::enrolments::ImportCounts { rows: 1, new_accounts: 0, enrolled: 2, already_enrolled: 1, errors: 11 };
        assert_eq!(counts.summary(Lang::Fr), "1 ligne — 0 nouveau compte, 2 inscriptions, 1 déjà inscrit·e, 11 en erreur");
        assert_eq!(counts.summary(Lang::Ar), "سطر واحد — 0 حساب جديد، تسجيلان، شخص واحد مسجَّل مسبقًا، 11 سطرًا بها أخطاء");
        assert_eq!(counts.summary(Lang::En), "1 row — 0 new accounts, 2 enrolments, 1 already enrolled, 11 with errors");
        // A key without plural forms reads as with `tf`.
        assert_eq!(tn(Lang::Fr, k::VALIDATION_LENGTH_MAX, 3, &[("max", "200")]), tf(Lang::Fr, k::VALIDATION_LENGTH_MAX, &[("max", "200")]));
    }
}
