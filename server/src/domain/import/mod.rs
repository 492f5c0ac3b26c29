//! The bulk enrolment file: CSV or tab-separated text (UTF-8 with or without
//! BOM, UTF-16 as Excel's "Unicode text" saves it, Windows-1252/ISO-8859-1 or
//! Windows-1256 as French or Arabic Excel on Windows saves a CSV; `,`, `;`
//! or tab; quoted fields) or XLSX, a header row, then one person per row.
//! Parsing and the checks that need no database are here (how a cell is
//! read: `cells`); `service::import` does the rest.
mod cells;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use cells::canonical;
pub use cells::{birth_year, category, disability, fold, language, names_organisation, sex};
use shared::Lang;
use shared::enums::{Category, Disability, Sex};
use shared::i18n::k;

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
        let records = xlsx(bytes)?;
        let lines = records.len();
        return Ok((rows_of(Box::new(records.into_iter().map(Ok)), lines, this_year)?, Reading::Spreadsheet));
    }
    let (text, encoding) = decode(bytes)?;
    let separator = separator(text.lines().next().unwrap_or(""));
    // A line is at most a row: the rows are held once, without the copies a
    // growing list makes (a 100,000-row file is the import's largest memory).
    let lines = bytecount(text.as_bytes(), b'\n') + 1;
    Ok((rows_of(text_records(&text, separator), lines, this_year)?, Reading::Text { encoding, separator }))
}

fn bytecount(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().filter(|b| **b == byte).count()
}

/// The rows of `records` (at most `lines` of them, header included).
fn rows_of(records: Records<'_>, lines: usize, this_year: i32) -> Result<Vec<Row>, FileError> {
    // Blank lines (common at the end of spreadsheets) are not rows.
    let mut records_after_header = records.filter(|cells| cells.as_ref().map_or(true, |cells| cells.iter().any(|c| !c.trim().is_empty())));
    let header = records_after_header.next().ok_or(FileError::Empty)??;
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
    let mut rows = Vec::with_capacity(lines.saturating_sub(1).min(MAX_ROWS));
    for (offset, cells) in records_after_header.enumerate() {
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
            // Duplicates are found once every row is read (`mark_duplicates`).
            Ok(()) => {}
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
    mark_duplicates(&mut rows);
    Ok(rows)
}

/// A valid address given again names the row that gave it first (the first
/// of the row's issues, where its address's would be).
fn mark_duplicates(rows: &mut [Row]) {
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut again = Vec::new();
    for (at, row) in rows.iter().enumerate() {
        if row.issues.iter().any(|i| i.column == "email") {
            continue;
        }
        match first_seen.get(row.email.as_str()) {
            Some(first) => again.push((at, *first)),
            None => {
                first_seen.insert(&row.email, row.row);
            }
        }
    }
    drop(first_seen);
    for (at, first) in again {
        let row = &mut rows[at];
        row.issues.insert(0, Issue { params: vec![("row", first.to_string())], ..Issue::new(row.row, "email", "duplicate_row") });
    }
}

/// The message of an issue in `lang`.
pub fn message(issue: &Issue, lang: Lang) -> String {
    let key = shared::i18n::Key::by_name(&format!("validation.{}", issue.code)).unwrap_or(k::VALIDATION_INVALID);
    let args: Vec<(&str, &str)> = issue.params.iter().map(|(n, v)| (*n, v.as_str())).collect();
    shared::i18n::tf(lang, key, &args)
}
