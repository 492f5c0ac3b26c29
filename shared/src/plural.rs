//! Which plural form a number takes in a language, by CLDR's rules — French
//! counts 0 and 1 as singular, Arabic has six forms (0, 1, 2, 3–10, 11–99,
//! 100…). The rules come from a library, never from hand-written conditions:
//! `intl_pluralrules` on the server, the browser's own `Intl.PluralRules` in
//! the WebAssembly app (no rule tables to download).
use crate::lang::Lang;

/// CLDR's cardinal plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Position in the catalog's forms (the order of `build.rs`).
    pub(crate) fn slot(self) -> usize {
        match self {
            Plural::Zero => 0,
            Plural::One => 1,
            Plural::Two => 2,
            Plural::Few => 3,
            Plural::Many => 4,
            Plural::Other => 5,
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn from_cldr(name: &str) -> Plural {
        match name {
            "zero" => Plural::Zero,
            "one" => Plural::One,
            "two" => Plural::Two,
            "few" => Plural::Few,
            "many" => Plural::Many,
            _ => Plural::Other,
        }
    }
}

/// The plural category of `n` in `lang`.
#[cfg(not(target_arch = "wasm32"))]
pub fn category(lang: Lang, n: u64) -> Plural {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let Ok(id) = lang.code().parse::<unic_langid::LanguageIdentifier>() else { return Plural::Other };
    let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else { return Plural::Other };
    match rules.select(n) {
        Ok(PluralCategory::ZERO) => Plural::Zero,
        Ok(PluralCategory::ONE) => Plural::One,
        Ok(PluralCategory::TWO) => Plural::Two,
        Ok(PluralCategory::FEW) => Plural::Few,
        Ok(PluralCategory::MANY) => Plural::Many,
        _ => Plural::Other,
    }
}

/// The plural category of `n` in `lang`.
#[cfg(target_arch = "wasm32")]
pub fn category(lang: Lang, n: u64) -> Plural {
    let rules = js_sys::Intl::PluralRules::new(&js_sys::Array::of1(&js_sys::JsString::from(lang.code())), &js_sys::Object::new());
    Plural::from_cldr(&String::from(rules.select(crate::num::u64_as_f64(n))))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_forms_and_french_counts_zero_as_one() {
        let ar: Vec<Plural> = [0, 1, 2, 3, 10, 11, 99, 100, 102].into_iter().map(|n| category(Lang::Ar, n)).collect();
        assert_eq!(ar, [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Few, Plural::Many, Plural::Many, Plural::Other, Plural::Other]);
        assert_eq!([0, 1, 2].map(|n| category(Lang::Fr, n)), [Plural::One, Plural::One, Plural::Other]);
        assert_eq!([0, 1, 2].map(|n| category(Lang::En, n)), [Plural::Other, Plural::One, Plural::Other]);
        assert_eq!(Plural::from_cldr("few"), Plural::Few);
    }
}
