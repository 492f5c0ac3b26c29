//! The indicators as files a donor opens: an XLSX workbook (a summary sheet,
//! then a sheet per breakdown, each with the period and filters written at
//! the top) and a CSV (one row per group, every breakdown one under the
//! other, for those who load it elsewhere).
use chrono::NaiveDate;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use shared::Lang;
use shared::api::reports::{Figures, Indicators, group_label};
use shared::enums::Dimension;
use shared::i18n::{Key, k, t, tf};

mod evaluation;

pub use evaluation::evaluation_xlsx;

use crate::domain::indicators::masked;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

pub struct Export {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub filename: String,
}

/// What the figures were limited to, as written at the top of each sheet.
pub enum Filter {
    /// A partner manager's file counts their organisation's people only.
    Scope(String),
    Named(Dimension, String),
}

pub struct Request<'a> {
    pub figures: &'a Indicators,
    pub filters: &'a [Filter],
    pub masked: bool,
    pub lang: Lang,
    pub today: NaiveDate,
}

const COLUMNS: [Key; 8] = [
    k::INDICATORS_ENROLLED,
    k::INDICATORS_TRAINED,
    k::INDICATORS_CERTIFIED,
    k::INDICATORS_ATTENDEES,
    k::INDICATORS_COMPLETIONS,
    k::INDICATORS_ATTESTATIONS,
    k::INDICATORS_HOURS,
    k::INDICATORS_ATTENDED_HOURS,
];

/// A figure's cells in column order: a number, or "<5" when masked. Hours
/// are masked with the count of the people behind them.
fn cells(f: &Figures, masked_cells: bool) -> [Cell; 8] {
    let count = |n: u64| if masked_cells && (1..5).contains(&n) { Cell::Text(masked(n)) } else { Cell::Number(n) };
    let hours = |n: u64, people: u64| if masked_cells && (1..5).contains(&people) { Cell::Text(masked(people)) } else { Cell::Number(n) };
    [
        count(f.enrolled),
        count(f.trained),
        count(f.certified),
        count(f.attendees),
        count(f.completions),
        count(f.attestations),
        hours(f.hours, f.trained),
        hours(f.attended_hours, f.attendees),
    ]
}

enum Cell {
    Number(u64),
    Text(String),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Number(n) => n.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// The lines written above every table: period, filters, masking, date.
fn preamble(req: &Request<'_>) -> Vec<String> {
    let lang = req.lang;
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut lines = vec![match (req.figures.from, req.figures.to) {
        (Some(from), Some(to)) => tf(lang, k::INDICATORS_PERIOD, &[("from", &day(from)), ("to", &day(to))]),
        (Some(from), None) => tf(lang, k::INDICATORS_SINCE, &[("from", &day(from))]),
        (None, Some(to)) => tf(lang, k::INDICATORS_UNTIL, &[("to", &day(to))]),
        (None, None) => t(lang, k::INDICATORS_PERIOD_ALL).to_string(),
    }];
    for filter in req.filters {
        lines.push(match filter {
            Filter::Scope(organisation) => tf(lang, k::INDICATORS_SCOPE_PARTNER, &[("organisation", organisation)]),
            Filter::Named(dimension, value) => tf(lang, k::INDICATORS_FILTER, &[("name", t(lang, dimension.label_key())), ("value", value)]),
        });
    }
    lines.push(t(lang, if req.masked { k::INDICATORS_MASKED_NOTE } else { k::INDICATORS_EXACT_NOTE }).to_string());
    lines.push(tf(lang, k::INDICATORS_GENERATED, &[("date", &day(req.today))]));
    lines
}

fn filename(req: &Request<'_>, extension: &str) -> String {
    let period = match (req.figures.from, req.figures.to) {
        (Some(from), Some(to)) => format!("-{from}-{to}"),
        (Some(from), None) => format!("-{from}"),
        (None, Some(to)) => format!("--{to}"),
        (None, None) => String::new(),
    };
    format!("cursus-indicateurs{period}.{extension}")
}

pub(crate) fn xlsx_error(e: &XlsxError) -> ApiError {
    ApiError::Unexpected(anyhow::anyhow!("writing the workbook: {e}"))
}

/// A sheet: the title, the preamble, then a table whose first column is the group.
fn sheet(sheet: &mut Worksheet, req: &Request<'_>, title: &str, first_column: &str, rows: &[(String, &Figures)]) -> Result<(), XlsxError> {
    let bold = CellFormat::new().set_bold();
    let mut row = 0u32;
    sheet.write_string_with_format(row, 0, title, &bold)?;
    for line in preamble(req) {
        row += 1;
        sheet.write_string(row, 0, line)?;
    }
    row += 2;
    let header_row = row;
    sheet.write_string_with_format(row, 0, first_column, &bold)?;
    for (i, key) in COLUMNS.iter().enumerate() {
        let column = u16::try_from(i + 1).unwrap_or(u16::MAX);
        sheet.write_string_with_format(row, column, t(req.lang, *key), &bold)?;
    }
    for (label, figures) in rows {
        row += 1;
        sheet.write_string(row, 0, label)?;
        for (i, cell) in cells(figures, req.masked).iter().enumerate() {
            let column = u16::try_from(i + 1).unwrap_or(u16::MAX);
            match cell {
                // Counts of people and hours stay far below what an Excel number holds.
                Cell::Number(n) => sheet.write_number(row, column, f64::from(u32::try_from(*n).unwrap_or(u32::MAX)))?,
                Cell::Text(s) => sheet.write_string(row, column, s)?,
            };
        }
    }
    sheet.set_column_width(0, 34)?;
    sheet.set_column_range_width(1, 8, 16)?;
    if req.lang == Lang::Ar {
        sheet.set_right_to_left(true);
    }
    // Filters on the table's header row, as a donor's analyst expects.
    sheet.autofilter(header_row, 0, row, 8)?;
    Ok(())
}

pub fn xlsx(req: &Request<'_>) -> ApiResult<Export> {
    let lang = req.lang;
    let mut book = Workbook::new();
    let total_label = t(lang, k::INDICATORS_TOTAL).to_string();
    let summary = book.add_worksheet();
    summary.set_name(sheet_name(t(lang, k::INDICATORS_SUMMARY_SHEET))).map_err(|e| xlsx_error(&e))?;
    sheet(summary, req, t(lang, k::INDICATORS_TITLE), t(lang, k::INDICATORS_DIMENSION), &[(total_label.clone(), &req.figures.total)])
        .map_err(|e| xlsx_error(&e))?;
    for breakdown in &req.figures.breakdowns {
        let name = t(lang, breakdown.dimension.label_key());
        let mut rows: Vec<(String, &Figures)> =
            breakdown.groups.iter().map(|g| (group_label(breakdown.dimension, &g.key, lang), &g.figures)).collect();
        rows.push((total_label.clone(), &req.figures.total));
        let page = book.add_worksheet();
        page.set_name(sheet_name(name)).map_err(|e| xlsx_error(&e))?;
        sheet(page, req, &format!("{} — {name}", t(lang, k::INDICATORS_TITLE)), name, &rows).map_err(|e| xlsx_error(&e))?;
    }
    let bytes = book.save_to_buffer().map_err(|e| xlsx_error(&e))?;
    Ok(Export { bytes, content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: filename(req, "xlsx") })
}

/// Excel's rules for a sheet name: 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(name: &str) -> String {
    name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

/// One row per group: dimension, group, then the figures; "total" first.
pub fn csv(req: &Request<'_>) -> Export {
    let lang = req.lang;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![t(lang, k::INDICATORS_DIMENSION).to_string(), String::new()];
    header.extend(COLUMNS.iter().map(|c| t(lang, *c).to_string()));
    let mut records = vec![header];
    let total = t(lang, k::INDICATORS_TOTAL).to_string();
    let line = |dimension: String, group: String, f: &Figures| {
        let mut record = vec![dimension, group];
        record.extend(cells(f, req.masked).iter().map(Cell::text));
        record
    };
    records.push(line(total.clone(), total, &req.figures.total));
    for breakdown in &req.figures.breakdowns {
        let name = t(lang, breakdown.dimension.label_key()).to_string();
        for group in &breakdown.groups {
            records.push(line(name.clone(), group_label(breakdown.dimension, &group.key, lang), &group.figures));
        }
    }
    for record in records {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&record);
    }
    // A BOM, so that Excel reads the accents and Arabic as UTF-8.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().unwrap_or_default());
    Export { bytes, content_type: "text/csv; charset=utf-8", filename: filename(req, "csv") }
}
