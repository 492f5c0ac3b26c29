//! Compiles the translation catalogs in `assets/i18n/{fr,ar,en}.toml` into Rust.
//!
//! Every key becomes a constant in `crate::i18n::k`, so a typo in a key is a compile
//! error rather than a blank label, and a key present in French but missing from
//! Arabic or English fails the build: every visible string must be translated.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

const LANGS: [&str; 3] = ["fr", "ar", "en"];

/// CLDR's plural categories, in the order of `crate::plural::Plural`.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A catalog entry: a text, or a text per plural category (`other` required;
/// a missing category reads as `other`).
enum Entry {
    Text(String),
    Plural([String; 6]),
}

impl Entry {
    fn other(&self) -> &str {
        match self {
            Entry::Text(text) => text,
            Entry::Plural(forms) => &forms[5],
        }
    }
}

fn plural_forms(table: &toml::Table) -> Option<[String; 6]> {
    if !table.contains_key("other") || table.iter().any(|(k, v)| !CATEGORIES.contains(&k.as_str()) || !v.is_str()) {
        return None;
    }
    let other = table["other"].as_str().unwrap_or_default();
    Some(CATEGORIES.map(|c| table.get(c).and_then(toml::Value::as_str).unwrap_or(other).to_string()))
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, Entry>) {
    match value {
        toml::Value::Table(table) => {
            if let Some(forms) = plural_forms(table) {
                out.insert(prefix.to_string(), Entry::Plural(forms));
                return;
            }
            for (k, v) in table {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), Entry::Text(s.clone()));
        }
        other => panic!("i18n key {prefix}: expected a string, found {other}"),
    }
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("..").join("assets").join("i18n");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut catalogs = Vec::new();
    for lang in LANGS {
        let path = dir.join(format!("{lang}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut flat = BTreeMap::new();
        flatten("", &value, &mut flat);
        catalogs.push(flat);
    }
    let reference = &catalogs[0];
    let mut problems = Vec::new();
    for (i, cat) in catalogs.iter().enumerate().skip(1) {
        for (key, entry) in reference {
            match cat.get(key) {
                None => problems.push(format!("{}.toml lacks `{key}`", LANGS[i])),
                Some(other) if matches!(other, Entry::Plural(_)) != matches!(entry, Entry::Plural(_)) => {
                    problems.push(format!("`{key}` has plural forms in one of fr.toml and {}.toml only", LANGS[i]));
                }
                Some(_) => {}
            }
        }
        for key in cat.keys() {
            if !reference.contains_key(key) {
                problems.push(format!("{}.toml has `{key}`, which fr.toml lacks", LANGS[i]));
            }
        }
    }
    if !problems.is_empty() {
        panic!("translation catalogs disagree:\n  {}", problems.join("\n  "));
    }

    let mut code = String::new();
    code.push_str("/// Translation keys, generated from `assets/i18n/fr.toml`.\n#[allow(missing_docs)]\npub mod k {\n    use super::Key;\n");
    for (index, key) in reference.keys().enumerate() {
        let ident = key.replace(['.', '-'], "_").to_uppercase();
        let _ = writeln!(code, "    pub const {ident}: Key = Key({index});");
    }
    code.push_str("}\n\n");
    let _ = writeln!(code, "pub(crate) const KEY_NAMES: [&str; {}] = [", reference.len());
    for key in reference.keys() {
        let _ = writeln!(code, "    {key:?},");
    }
    code.push_str("];\n\n");
    // Which keys, in which order: a downloaded catalogue of another build
    // would put every label out of place, so it names the keys it was made for.
    let keys_id = reference
        .keys()
        .flat_map(|key| key.bytes().chain([b'\n']))
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    let _ = writeln!(code, "pub(crate) const KEYS_ID: &str = \"{keys_id:016x}\";\n");
    // The browser's bundles carry no words: each downloads the catalogue of
    // its language (`browser_catalogue`, written next to the bundles by
    // scripts/build-web.sh), so a phone never loads the other two.
    let in_browser = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if !in_browser {
        for (i, lang) in LANGS.iter().enumerate() {
            let _ = writeln!(code, "pub(crate) const {}: [&str; {}] = [", lang.to_uppercase(), reference.len());
            for key in reference.keys() {
                let _ = writeln!(code, "    {:?},", catalogs[i][key].other());
            }
            code.push_str("];\n\n");
        }
        // Plural forms: (key index, forms in fr, ar, en), by key index.
        let plurals: Vec<(usize, &String)> = reference.keys().enumerate().filter(|(_, key)| matches!(reference[*key], Entry::Plural(_))).collect();
        let _ = writeln!(code, "pub(crate) const PLURALS: [(usize, [[&str; 6]; 3]); {}] = [", plurals.len());
        for (index, key) in plurals {
            let forms: Vec<String> = catalogs
                .iter()
                .map(|cat| match &cat[key] {
                    Entry::Plural(forms) => format!("{forms:?}"),
                    Entry::Text(_) => format!("{:?}", [""; 6]),
                })
                .collect();
            let _ = writeln!(code, "    ({index}, [{}]),", forms.join(", "));
        }
        code.push_str("];\n");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("catalog.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
