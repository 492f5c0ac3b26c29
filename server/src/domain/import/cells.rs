//! How people write things in a file's cells and headers: column names in
//! French, Arabic and English, sex, language, disability, a year of birth,
//! a category, their own organisation. Each reading is lenient on case,
//! accents and the Arabic hamza, and says `None` when it cannot tell.
use shared::Lang;
use shared::enums::{Category, Disability, Sex};
use shared::i18n::t;

/// Header spellings people use, in French, Arabic and English.
pub(super) fn canonical(header: &str) -> Option<&'static str> {
    let folded = fold(header);
    let h: String = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_");
    Some(match h.as_str() {
        "email" | "e_mail" | "courriel" | "mail" | "adresse_e_mail" | "adresse_email" | "البريد" | "البريد_الالكتروني" => {
            "email"
        }
        "first_name" | "prenom" | "firstname" | "given_name" | "الاسم" | "الاسم_الشخصي" => "first_name",
        "last_name" | "nom" | "lastname" | "family_name" | "nom_de_famille" | "اللقب" | "النسب" | "الاسم_العائلي" => {
            "last_name"
        }
        "first_name_ar" | "prenom_ar" | "prenom_arabe" | "prenom_en_arabe" | "first_name_arabic" | "الاسم_بالعربية" | "الاسم_الشخصي_بالعربية" => {
            "first_name_ar"
        }
        "last_name_ar"
        | "nom_ar"
        | "nom_arabe"
        | "nom_en_arabe"
        | "last_name_arabic"
        | "اللقب_بالعربية"
        | "النسب_بالعربية"
        | "الاسم_العائلي_بالعربية" => "last_name_ar",
        "category" | "categorie" | "الفئة" => "category",
        "organisation" | "organization" | "organisme" | "structure" | "المؤسسة" | "الهيئة" => "organisation",
        "position" | "fonction" | "poste" | "الوظيفة" | "المنصب" => "position",
        "phone" | "telephone" | "tel" | "portable" | "mobile" | "الهاتف" => "phone",
        "sex" | "sexe" | "gender" | "genre" | "الجنس" => "sex",
        "birth_year"
        | "year_of_birth"
        | "annee_de_naissance"
        | "annee_naissance"
        | "naissance"
        | "date_de_naissance"
        | "date_of_birth"
        | "سنة_الميلاد"
        | "تاريخ_الميلاد"
        | "تاريخ_الازدياد" => "birth_year",
        "region" | "الجهة" | "الولاية" => "region",
        "commune" | "municipality" | "ville" | "localite" | "الجماعة" | "البلدية" | "المعتمدية" => "commune",
        "language" | "langue" | "langue_preferee" | "preferred_language" | "اللغة" => "language",
        "disability" | "handicap" | "situation_de_handicap" | "الاعاقة" | "وضعية_اعاقة" => "disability",
        _ => return None,
    })
}

/// A sex as people write it: `F`/`H`/`M`, the word in French, Arabic or
/// English; empty is not stated.
pub fn sex(text: &str) -> Option<Sex> {
    let wanted = fold(text);
    let by_label = |s: Sex| Lang::ALL.iter().any(|l| fold(t(*l, s.label_key())) == wanted);
    Some(match wanted.trim_end_matches('.') {
        "" => Sex::NotStated,
        "f" | "femme" | "feminin" | "female" | "woman" | "w" | "انثى" | "امراة" => Sex::Female,
        "h" | "m" | "homme" | "masculin" | "male" | "man" | "ذكر" | "رجل" => Sex::Male,
        "nsp" | "non precise" | "non renseigne" | "not stated" => Sex::NotStated,
        _ => return Sex::ALL.iter().copied().find(|s| by_label(*s) || s.as_str() == wanted),
    })
}

/// A language by code or name, in any of the three.
pub fn language(text: &str) -> Option<Lang> {
    Some(match fold(text).as_str() {
        "fr" | "francais" | "french" | "الفرنسية" | "فرنسية" | "فرنسي" => Lang::Fr,
        "ar" | "arabe" | "arabic" | "العربية" | "عربية" | "عربي" => Lang::Ar,
        "en" | "anglais" | "english" | "الانجليزية" | "انجليزية" => Lang::En,
        _ => return None,
    })
}

/// Whether a person declares a disability: yes/no in the three languages;
/// empty is not stated.
pub fn disability(text: &str) -> Option<Disability> {
    Some(match fold(text).as_str() {
        "" | "nsp" | "non precise" | "not stated" | "غير مصرح به" => Disability::NotStated,
        "oui" | "yes" | "o" | "y" | "1" | "نعم" => Disability::Yes,
        "non" | "no" | "n" | "0" | "لا" => Disability::No,
        _ => return None,
    })
}

/// A year of birth as written: the year alone, or a whole date (`12/03/1990`,
/// `1990-03-12`), of which only the year is kept.
pub fn birth_year(text: &str) -> Option<i32> {
    let text = text.trim();
    let numbers: Vec<&str> = text.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let year = match numbers.as_slice() {
        [year] => year,
        [first, _, _] if first.len() == 4 => first,
        [_, _, last] => last,
        _ => return None,
    };
    (year.len() == 4).then(|| year.parse().ok()).flatten()
}

/// Lower case without accents, for lenient matching of headers and categories.
pub fn fold(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            '·' | '’' | '\'' => ' ',
            // Arabic spellings differ by the hamza on an alif: one letter for all.
            'أ' | 'إ' | 'آ' => 'ا',
            other => other,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a file's organisation column names `organisation`: empty (the
/// enroller's own), its name, a short name in brackets ("… (ENA)") or
/// before a dash ("ENA — École nationale…"), or its acronym ("École
/// nationale d'administration" → `ENA`), whatever the case and accents.
pub fn names_organisation(organisation: &str, named: &str) -> bool {
    let named = fold(named);
    if named.is_empty() {
        return true;
    }
    let full = fold(organisation);
    let (base, short) = match (full.find('('), full.rfind(')')) {
        (Some(open), Some(close)) if open < close => (full[..open].trim().to_string(), Some(full[open + 1..close].trim().to_string())),
        _ => (full.clone(), None),
    };
    let mut names = vec![full, base.clone()];
    names.extend(short);
    names.extend([" — ", " – ", " - ", ": "].iter().flat_map(|dash| base.split(dash).map(|part| part.trim().to_string())));
    let squeezed = named.replace(['.', ' '], "");
    names.iter().any(|name| *name == named || acronym(name).is_some_and(|a| a == squeezed))
}

/// The initials of a name's words, leaving out the small ones ("de", "la"…);
/// none under two letters.
fn acronym(name: &str) -> Option<String> {
    const MINOR: [&str; 12] = ["de", "d", "du", "des", "la", "le", "l", "les", "et", "pour", "en", "a"];
    let acronym: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !MINOR.contains(w))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .collect();
    (acronym.chars().count() >= 2).then_some(acronym)
}

/// A category by code or by its label in any language.
pub fn category(text: &str) -> Option<Category> {
    let wanted = fold(text);
    Category::ALL.iter().copied().find(|c| fold(c.as_str()) == wanted || Lang::ALL.iter().any(|l| fold(t(*l, c.label_key())) == wanted))
}
