//! The bulk enrolment file: CSV or tab-separated text (UTF-8 with or without
//! BOM, UTF-16 as Excel's "Unicode text" saves it, Windows-1252/ISO-8859-1 as
//! French Excel on Windows saves a CSV; `,`, `;` or tab; quoted fields) or
//! XLSX, a header row, then one person per row. Parsing and the
//! checks that need no database are here; `service::import` does the rest.
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use shared::Lang;
use shared::enums::Category;
use shared::i18n::{k, t};

pub const MAX_BYTES: usize = 32 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;
/// A report lists the first `PREVIEW_ROWS` rows and at most `REPORTED_ERRORS`
/// rows with errors: enough to check a file, not a 100,000-row table for a phone.
pub const PREVIEW_ROWS: usize = 500;
pub const REPORTED_ERRORS: usize = 1_000;
pub const COLUMNS: [&str; 7] = ["email", "first_name", "last_name", "category", "organisation", "position", "phone"];
const OPTIONAL: [&str; 1] = ["phone"];

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
    pub issues: Vec<Issue>,
}

impl Row {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// Header spellings people use, French first.
fn canonical(header: &str) -> Option<&'static str> {
    let h = fold(header).replace([' ', '-', '.'], "_");
    Some(match h.as_str() {
        "email" | "e_mail" | "courriel" | "mail" | "adresse_e_mail" | "adresse_email" => "email",
        "first_name" | "prenom" | "firstname" | "given_name" => "first_name",
        "last_name" | "nom" | "lastname" | "family_name" | "nom_de_famille" => "last_name",
        "category" | "categorie" => "category",
        "organisation" | "organization" | "organisme" | "structure" => "organisation",
        "position" | "fonction" | "poste" => "position",
        "phone" | "telephone" | "tel" | "portable" | "mobile" => "phone",
        _ => return None,
    })
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
pub fn parse(bytes: &[u8]) -> Result<(Vec<Row>, Reading), FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok((rows_of(Box::new(xlsx(bytes)?.into_iter().map(Ok)))?, Reading::Spreadsheet));
    }
    let (text, encoding) = decode(bytes)?;
    let separator = separator(text.lines().next().unwrap_or(""));
    Ok((rows_of(text_records(&text, separator))?, Reading::Text { encoding, separator }))
}

fn rows_of(records: Records<'_>) -> Result<Vec<Row>, FileError> {
    // Blank lines (common at the end of spreadsheets) are not rows.
    let mut lines = records.filter(|cells| cells.as_ref().map_or(true, |cells| cells.iter().any(|c| !c.trim().is_empty())));
    let header = lines.next().ok_or(FileError::Empty)??;
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(column) = canonical(name) {
            index.entry(column).or_insert(i);
        }
    }
    let missing: Vec<&'static str> = COLUMNS.iter().copied().filter(|c| !OPTIONAL.contains(c) && !index.contains_key(c)).collect();
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
            issues: Vec::new(),
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
        let (rows, _) = parse(text.as_bytes()).expect("parses");
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
    fn one_list_saved_four_ways_gives_the_same_people() {
        let (people, reading) = parse(&fixture("people-20.utf8-bom.csv")).expect("parses");
        assert_eq!(reading, Reading::Text { encoding: "UTF-8", separator: ';' });
        assert_eq!(people.len(), 20);
        assert!(people.iter().all(|r| r.issues.is_empty()), "{people:?}");
        assert_eq!(people[1].full_name(), "Zoé Cœurdacier");
        assert_eq!(people[6].position, "Chargée d’études");
        for (name, expected) in [
            // French Excel on Windows, "CSV (séparateur : point-virgule)": œ and ’ exist in Windows-1252, not in ISO-8859-1.
            ("people-20.cp1252.csv", Reading::Text { encoding: "windows-1252", separator: ';' }),
            // Excel's "Texte Unicode": UTF-16 with a BOM, tab-separated.
            ("people-20.utf16.txt", Reading::Text { encoding: "UTF-16LE", separator: '\t' }),
            ("people-20.xlsx", Reading::Spreadsheet),
        ] {
            let (rows, reading) = parse(&fixture(name)).expect(name);
            assert_eq!(reading, expected, "{name}");
            assert_eq!(rows, people, "{name}");
        }
    }

    #[test]
    fn utf16_without_a_bom_is_refused_and_with_one_keeps_arabic_names() {
        let text = "email\tfirst_name\tlast_name\tcategory\torganisation\tposition\nsalma@ena.tn\tسلمى\tالإدريسي\tstudent\t\t\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (rows, reading) = parse(&bytes).expect("parses");
        assert_eq!(reading, Reading::Text { encoding: "UTF-16LE", separator: '\t' });
        assert_eq!(rows[0].full_name(), "سلمى الإدريسي");
        let mut big_endian = vec![0xfe, 0xff];
        big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(parse(&big_endian).expect("parses").0, rows);
        // UTF-16 with no BOM has NUL bytes: no text file, said plainly.
        assert_eq!(parse(&bytes[2..]).unwrap_err(), FileError::NotTabular);
    }

    #[test]
    fn bad_cells_are_reported_by_row_and_column() {
        let text = format!("{HEADER}not-an-email,A,B,student,,,\nx@y.ma,,B,astronaut,,,12\nx@y.ma,C,D,student,,,\n");
        let (rows, _) = parse(text.as_bytes()).expect("parses");
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
        assert_eq!(parse(b"").unwrap_err(), FileError::Empty);
        assert_eq!(parse(HEADER.as_bytes()).unwrap_err(), FileError::Empty);
        assert_eq!(
            parse(b"email,first_name\nx@y.ma,A\n").unwrap_err(),
            FileError::MissingColumns(vec!["last_name", "category", "organisation", "position"])
        );
        assert_eq!(parse(&[0xff, 0xfe, 0x00, 0x41, 0x42]).unwrap_err(), FileError::NotTabular, "odd UTF-16");
        assert_eq!(parse(b"\x00\x01binary\x02").unwrap_err(), FileError::NotTabular, "control characters");
        let many = format!("{HEADER}{}", "a@b.ma,A,B,student,,,\n".repeat(MAX_ROWS + 1));
        assert_eq!(parse(many.as_bytes()).unwrap_err(), FileError::TooManyRows);
    }
}
