//! The bulk enrolment file: CSV or tab-separated text (UTF-8 with or without
//! BOM, UTF-16 as Excel's "Unicode text" saves it, Windows-1252/ISO-8859-1 as
//! French Excel on Windows saves a CSV; `,`, `;` or tab; quoted fields) or
//! XLSX, a header row, then one person per row. Parsing and the
//! checks that need no database are here; `service::import` does the rest.
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use shared::Lang;
use shared::enums::{Category, Disability, Sex};
use shared::i18n::{k, t};

pub const MAX_BYTES: usize = 32 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;
/// A report lists the first `PREVIEW_ROWS` rows and at most `REPORTED_ERRORS`
/// rows with errors: enough to check a file, not a 100,000-row table for a phone.
pub const PREVIEW_ROWS: usize = 500;
pub const REPORTED_ERRORS: usize = 1_000;
pub const COLUMNS: [&str; 15] = [
    "email",
    "first_name",
    "last_name",
    "category",
    "organisation",
    "position",
    "phone",
    "first_name_ar",
    "last_name_ar",
    "sex",
    "birth_year",
    "region",
    "commune",
    "language",
    "disability",
];
/// The columns a file must have; the others may be absent.
const REQUIRED: [&str; 6] = ["email", "first_name", "last_name", "category", "organisation", "position"];

/// A problem with one cell (or, for a missing column, the header row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub row: usize,
    pub column: &'static str,
    /// A catalog code under `validation.`.
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
}

impl Issue {
    pub fn new(row: usize, column: &'static str, code: &'static str) -> Issue {
        Issue { row, column, code, params: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    TooLarge,
    TooManyRows,
    NotTabular,
    MissingColumns(Vec<&'static str>),
}

/// One person's row; `issues` lists what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub row: usize,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub category: Option<Category>,
    pub organisation: String,
    pub position: String,
    pub phone: Option<String>,
    pub first_name_ar: Option<String>,
    pub last_name_ar: Option<String>,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub region: Option<String>,
    pub commune: Option<String>,
    pub language: Option<Lang>,
    pub disability: Disability,
    pub issues: Vec<Issue>,
}

impl Row {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// Header spellings people use, in French, Arabic and English.
fn canonical(header: &str) -> Option<&'static str> {
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

/// A file's records in order, each a row of cells or the reason it is unreadable.
type Records<'a> = Box<dyn Iterator<Item = Result<Vec<String>, FileError>> + 'a>;

/// How a file was read, said back to the person who sent it: a wrong guess
/// shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Spreadsheet,
    Text { encoding: &'static str, separator: char },
}

/// The text of a file in whatever encoding it came: a byte-order mark says
/// it (UTF-8, UTF-16); otherwise valid UTF-8 is UTF-8, and anything else is
/// guessed by `chardetng` (in practice Windows-1252, of which ISO-8859-1 is a
/// subset). Control characters other than tabs and line ends mean it is no
/// text at all.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), FileError> {
    let (text, encoding) = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(FileError::NotTabular);
        }
        (text, encoding)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), encoding_rs::UTF_8)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(FileError::NotTabular);
        }
        (text, encoding)
    };
    if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')) {
        return Err(FileError::NotTabular);
    }
    Ok((text, encoding.name()))
}

/// The separator of the header line: a tab (Excel's "Unicode text"), `;`
/// (French Excel's CSV) or `,`.
fn separator(header: &str) -> char {
    let count = |c: char| header.matches(c).count();
    let (tabs, semicolons, commas) = (count('\t'), count(';'), count(','));
    if tabs > 0 && tabs >= semicolons && tabs >= commas {
        '\t'
    } else if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// A text file's records, one at a time: a CSV is read as it is parsed,
/// never held as a second table beside the rows made from it.
fn text_records(text: &str, separator: char) -> Records<'_> {
    let delimiter = u8::try_from(separator).unwrap_or(b',');
    let reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    Box::new(reader.into_records().map(|record| record.map(|r| r.iter().map(str::to_string).collect()).map_err(|_| FileError::NotTabular)))
}

fn xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::NotTabular)?;
    let range = book.worksheet_range_at(0).ok_or(FileError::Empty)?.map_err(|_| FileError::NotTabular)?;
    if range.height() > MAX_ROWS + 1 {
        return Err(FileError::TooManyRows);
    }
    Ok(range
        .rows()
        .map(|cells| {
            cells
                .iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.trim().to_string(),
                    // Spreadsheets turn phone numbers into numbers: print them whole.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string().trim().to_string(),
                })
                .collect()
        })
        .collect())
}

/// Parses a file into rows, each checked on its own (e-mail, names, category,
/// phone) and against the others (a repeated e-mail), and says how it read it.
pub fn parse(bytes: &[u8], this_year: i32) -> Result<(Vec<Row>, Reading), FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok((rows_of(Box::new(xlsx(bytes)?.into_iter().map(Ok)), this_year)?, Reading::Spreadsheet));
    }
    let (text, encoding) = decode(bytes)?;
    let separator = separator(text.lines().next().unwrap_or(""));
    Ok((rows_of(text_records(&text, separator), this_year)?, Reading::Text { encoding, separator }))
}

fn rows_of(records: Records<'_>, this_year: i32) -> Result<Vec<Row>, FileError> {
    // Blank lines (common at the end of spreadsheets) are not rows.
    let mut lines = records.filter(|cells| cells.as_ref().map_or(true, |cells| cells.iter().any(|c| !c.trim().is_empty())));
    let header = lines.next().ok_or(FileError::Empty)??;
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(column) = canonical(name) {
            index.entry(column).or_insert(i);
        }
    }
    let missing: Vec<&'static str> = REQUIRED.iter().copied().filter(|c| !index.contains_key(c)).collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }
    let mut rows = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (offset, cells) in lines.enumerate() {
        if offset >= MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        let cells = cells?;
        let number = offset + 2;
        let cell = |column: &str| index.get(column).and_then(|i| cells.get(*i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let mut row = Row {
            row: number,
            email: cell("email").to_lowercase(),
            first_name: cell("first_name"),
            last_name: cell("last_name"),
            category: None,
            organisation: cell("organisation"),
            position: cell("position"),
            phone: Some(cell("phone")).filter(|p| !p.is_empty()),
            first_name_ar: Some(cell("first_name_ar")).filter(|n| !n.is_empty()),
            last_name_ar: Some(cell("last_name_ar")).filter(|n| !n.is_empty()),
            region: Some(cell("region")).filter(|n| !n.is_empty()),
            commune: Some(cell("commune")).filter(|n| !n.is_empty()),
            ..Row::default()
        };
        match shared::validation::email(&row.email) {
            Err(e) if e.code == "required" => row.issues.push(Issue::new(number, "email", "required")),
            Err(_) => row.issues.push(Issue::new(number, "email", "email")),
            Ok(()) => {
                if let Some(first) = first_seen.get(&row.email) {
                    row.issues.push(Issue { params: vec![("row", first.to_string())], ..Issue::new(number, "email", "duplicate_row") });
                } else {
                    first_seen.insert(row.email.clone(), number);
                }
            }
        }
        for (column, value) in [("first_name", &row.first_name), ("last_name", &row.last_name)] {
            if value.is_empty() {
                row.issues.push(Issue::new(number, column, "required"));
            } else if value.chars().count() > 100 {
                row.issues.push(Issue { params: vec![("max", "100".into())], ..Issue::new(number, column, "length_max") });
            }
        }
        let category_text = cell("category");
        if category_text.is_empty() {
            row.issues.push(Issue::new(number, "category", "required"));
        } else {
            row.category = category(&category_text);
            if row.category.is_none() {
                row.issues.push(Issue::new(number, "category", "unknown_category"));
            }
        }
        if row.position.chars().count() > 200 {
            row.issues.push(Issue { params: vec![("max", "200".into())], ..Issue::new(number, "position", "length_max") });
        }
        if let Some(phone) = &row.phone
            && shared::validation::phone(phone).is_err()
        {
            row.issues.push(Issue::new(number, "phone", "phone"));
        }
        for (column, value) in
            [("first_name_ar", &row.first_name_ar), ("last_name_ar", &row.last_name_ar), ("region", &row.region), ("commune", &row.commune)]
        {
            if value.as_ref().is_some_and(|v| v.chars().count() > 100) {
                row.issues.push(Issue { params: vec![("max", "100".into())], ..Issue::new(number, column, "length_max") });
            }
        }
        match sex(&cell("sex")) {
            Some(sex) => row.sex = sex,
            None => row.issues.push(Issue::new(number, "sex", "unknown_sex")),
        }
        match disability(&cell("disability")) {
            Some(disability) => row.disability = disability,
            None => row.issues.push(Issue::new(number, "disability", "unknown_disability")),
        }
        let language_text = cell("language");
        if !language_text.is_empty() {
            row.language = language(&language_text);
            if row.language.is_none() {
                row.issues.push(Issue::new(number, "language", "unknown_language"));
            }
        }
        let year_text = cell("birth_year");
        if !year_text.is_empty() {
            row.birth_year = birth_year(&year_text).filter(|y| shared::validation::birth_year(*y, this_year).is_ok());
            if row.birth_year.is_none() {
                let params = vec![("min", (this_year - 100).to_string()), ("max", (this_year - 10).to_string())];
                row.issues.push(Issue { params, ..Issue::new(number, "birth_year", "birth_year") });
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(rows)
}

/// The message of an issue in `lang`.
pub fn message(issue: &Issue, lang: Lang) -> String {
    let key = shared::i18n::Key::by_name(&format!("validation.{}", issue.code)).unwrap_or(k::VALIDATION_INVALID);
    let args: Vec<(&str, &str)> = issue.params.iter().map(|(n, v)| (*n, v.as_str())).collect();
    shared::i18n::tf(lang, key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: i32 = 2026;

    #[test]
    fn an_organisation_is_named_by_name_short_name_or_acronym() {
        let ena = "École nationale d'administration";
        for named in ["", "ENA", "ena", "E.N.A.", "ecole nationale d'administration", "École Nationale d’Administration"] {
            assert!(names_organisation(ena, named), "{named:?}");
        }
        assert!(names_organisation("Centre de formation à distance (CFAD)", "CFAD"));
        // The short name before a dash, as many organisations are registered.
        let dashed = "ENA — École nationale d'administration";
        for named in ["ENA", "Ena", "École nationale d'administration", dashed] {
            assert!(names_organisation(dashed, named), "{named:?}");
        }
        assert!(!names_organisation(dashed, "CFAD"));
        assert!(names_organisation("CFAD - Centre de formation à distance", "CFAD"));
        assert!(names_organisation("Centre de formation à distance (CFAD)", "Centre de formation à distance"));
        for other in ["CFAD", "EN", "Ecole nationale", "ENAM"] {
            assert!(!names_organisation(ena, other), "{other:?}");
        }
    }

    const HEADER: &str = "email,first_name,last_name,category,organisation,position,phone\n";

    #[test]
    fn a_bom_semicolons_quotes_and_arabic_names_are_read() {
        let text = "\u{feff}email;prénom;nom;catégorie;organisation;fonction;téléphone\n\
                    \"karim@ena.tn\";\"Karim\";\"Ben Salah; fils\";public_actor;ENA;Gouverneur;+216 71 000 000\n\
                    salma@ena.tn;سلمى;الإدريسي;Acteur public;ENA;Déléguée;\n";
        let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].last_name, "Ben Salah; fils");
        assert_eq!(rows[0].category, Some(Category::PublicActor));
        assert_eq!(rows[1].full_name(), "سلمى الإدريسي");
        assert_eq!(rows[1].category, Some(Category::PublicActor), "a French label is a category too");
        assert!(rows.iter().all(|r| r.issues.is_empty()), "{rows:?}");
        assert_eq!(rows[1].row, 3);
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)).expect("fixture")
    }

    #[test]
    fn one_list_saved_five_ways_gives_the_same_people() {
        let (people, reading) = parse(&fixture("people-20.utf8-bom.csv"), YEAR).expect("parses");
        assert_eq!(reading, Reading::Text { encoding: "UTF-8", separator: ';' });
        assert_eq!(people.len(), 20);
        assert!(people.iter().all(|r| r.issues.is_empty()), "{people:?}");
        assert_eq!(people[1].full_name(), "Zoé Cœurdacier");
        assert_eq!(people[6].position, "Chargée d’études");
        // Spelt as people spell them: `Femme`, a whole date, `arabe`.
        assert_eq!((people[1].sex, people[1].birth_year, people[1].language), (Sex::Female, Some(1995), Some(Lang::Fr)));
        assert_eq!((people[3].sex, people[3].birth_year), (Sex::Female, Some(1968)), "féminin, 1968-06-01");
        assert_eq!((people[5].first_name_ar.as_deref(), people[5].last_name_ar.as_deref()), (Some("مريم"), Some("بن سعيد")));
        assert_eq!((people[5].language, people[5].commune.as_deref()), (Some(Lang::Ar), Some("Sfax")));
        assert_eq!(
            (people[7].sex, people[8].sex, people[8].birth_year, people[8].language),
            (Sex::Male, Sex::NotStated, None, None),
            "M; empty cells"
        );
        for (name, expected) in [
            // Excel's "Texte Unicode": UTF-16 with a BOM, tab-separated.
            ("people-20.utf16.txt", Reading::Text { encoding: "UTF-16LE", separator: '\t' }),
            ("people-20.xlsx", Reading::Spreadsheet),
            // Arabic Windows' CSV, with Arabic headers and أنثى / العربية in the cells.
            ("people-20.cp1256.csv", Reading::Text { encoding: "windows-1256", separator: ';' }),
        ] {
            let (rows, reading) = parse(&fixture(name), YEAR).expect(name);
            assert_eq!(reading, expected, "{name}");
            assert_eq!(rows, people, "{name}");
        }
        // French Excel on Windows, "CSV (séparateur : point-virgule)": œ and ’
        // exist in Windows-1252, not in ISO-8859-1; Arabic letters exist in
        // neither, so that version has no Arabic name columns.
        let (rows, reading) = parse(&fixture("people-20.cp1252.csv"), YEAR).expect("cp1252");
        assert_eq!(reading, Reading::Text { encoding: "windows-1252", separator: ';' });
        let without_arabic: Vec<Row> = people.into_iter().map(|r| Row { first_name_ar: None, last_name_ar: None, ..r }).collect();
        assert_eq!(rows, without_arabic);
    }

    #[test]
    fn every_new_column_says_what_it_accepts() {
        let text = "email,first_name,last_name,category,organisation,position,sex,birth_year,language,disability\n\
                    a@b.ma,A,B,student,,,X,1890,klingon,peut-être\n\
                    c@b.ma,C,D,student,,,أنثى,2020,العربية,oui\n\
                    e@b.ma,E,F,student,,,h,31/12/2000,English,non\n";
        let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
        let issues = |r: &Row| r.issues.iter().map(|i| (i.column, message(i, Lang::Fr))).collect::<Vec<_>>();
        assert_eq!(
            issues(&rows[0]),
            vec![
                ("sex", "Valeur inconnue : écrivez F ou H (Femme, Homme), ou laissez vide.".to_string()),
                ("disability", "Valeur inconnue : écrivez oui ou non, ou laissez vide.".to_string()),
                ("language", "Langue inconnue : écrivez fr, ar ou en (français, arabe, anglais).".to_string()),
                ("birth_year", "Année de naissance invraisemblable : entre 1926 et 2016.".to_string()),
            ]
        );
        assert_eq!(issues(&rows[1]), vec![("birth_year", "Année de naissance invraisemblable : entre 1926 et 2016.".to_string())], "ten years old");
        assert_eq!((rows[1].sex, rows[1].language, rows[1].disability), (Sex::Female, Some(Lang::Ar), Disability::Yes));
        assert!(rows[2].issues.is_empty(), "{:?}", rows[2].issues);
        assert_eq!((rows[2].sex, rows[2].birth_year, rows[2].language, rows[2].disability), (Sex::Male, Some(2000), Some(Lang::En), Disability::No));
    }

    #[test]
    fn utf16_without_a_bom_is_refused_and_with_one_keeps_arabic_names() {
        let text = "email\tfirst_name\tlast_name\tcategory\torganisation\tposition\nsalma@ena.tn\tسلمى\tالإدريسي\tstudent\t\t\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (rows, reading) = parse(&bytes, YEAR).expect("parses");
        assert_eq!(reading, Reading::Text { encoding: "UTF-16LE", separator: '\t' });
        assert_eq!(rows[0].full_name(), "سلمى الإدريسي");
        let mut big_endian = vec![0xfe, 0xff];
        big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(parse(&big_endian, YEAR).expect("parses").0, rows);
        // UTF-16 with no BOM has NUL bytes: no text file, said plainly.
        assert_eq!(parse(&bytes[2..], YEAR).unwrap_err(), FileError::NotTabular);
    }

    #[test]
    fn bad_cells_are_reported_by_row_and_column() {
        let text = format!("{HEADER}not-an-email,A,B,student,,,\nx@y.ma,,B,astronaut,,,12\nx@y.ma,C,D,student,,,\n");
        let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
        let issues: Vec<(usize, &str, &str)> = rows.iter().flat_map(|r| r.issues.iter().map(|i| (i.row, i.column, i.code))).collect();
        assert_eq!(
            issues,
            vec![
                (2, "email", "email"),
                (3, "first_name", "required"),
                (3, "category", "unknown_category"),
                (3, "phone", "phone"),
                (4, "email", "duplicate_row")
            ]
        );
        assert_eq!(message(&rows[2].issues[0], Lang::Fr), "Adresse déjà présente à la ligne 3.");
    }

    #[test]
    fn file_level_problems() {
        assert_eq!(parse(b"", YEAR).unwrap_err(), FileError::Empty);
        assert_eq!(parse(HEADER.as_bytes(), YEAR).unwrap_err(), FileError::Empty);
        assert_eq!(
            parse(b"email,first_name\nx@y.ma,A\n", YEAR).unwrap_err(),
            FileError::MissingColumns(vec!["last_name", "category", "organisation", "position"])
        );
        assert_eq!(parse(&[0xff, 0xfe, 0x00, 0x41, 0x42], YEAR).unwrap_err(), FileError::NotTabular, "odd UTF-16");
        assert_eq!(parse(b"\x00\x01binary\x02", YEAR).unwrap_err(), FileError::NotTabular, "control characters");
        let many = format!("{HEADER}{}", "a@b.ma,A,B,student,,,\n".repeat(MAX_ROWS + 1));
        assert_eq!(parse(many.as_bytes(), YEAR).unwrap_err(), FileError::TooManyRows);
    }
}
