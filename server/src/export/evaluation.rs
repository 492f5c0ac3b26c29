//! An evaluation's results in a cohort as an XLSX workbook: the evaluation,
//! the cohort and the date at the top of each sheet; a questionnaire's
//! scores item by item and its free-text answers on a sheet of their own; a
//! knowledge test's gain per learner and by group.
use chrono::NaiveDate;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use shared::Lang;
use shared::api::evaluations::{EvaluationResults, KnowledgeResults, SatisfactionResults};
use shared::api::reports::group_label;
use shared::enums::ItemKind;
use shared::i18n::{k, t, tf};

use super::{Export, sheet_name, xlsx_error};
use crate::error::ApiResult;

fn preamble(sheet: &mut Worksheet, results: &EvaluationResults, title: &str, lang: Lang, today: NaiveDate) -> Result<u32, XlsxError> {
    let bold = CellFormat::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    sheet.write_string(1, 0, &results.evaluation.title)?;
    sheet.write_string(2, 0, tf(lang, k::EVALUATION_COHORT_LINE, &[("cohort", &results.cohort_name)]))?;
    sheet.write_string(3, 0, tf(lang, k::INDICATORS_GENERATED, &[("date", &today.format("%d/%m/%Y").to_string())]))?;
    if lang == Lang::Ar {
        sheet.set_right_to_left(true);
    }
    Ok(5)
}

fn header(sheet: &mut Worksheet, row: u32, labels: &[&str]) -> Result<(), XlsxError> {
    let bold = CellFormat::new().set_bold();
    for (i, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(row, u16::try_from(i).unwrap_or(u16::MAX), *label, &bold)?;
    }
    Ok(())
}

fn number(sheet: &mut Worksheet, row: u32, column: u16, value: Option<f64>) -> Result<(), XlsxError> {
    match value {
        Some(v) => sheet.write_number(row, column, v).map(|_| ()),
        None => Ok(()),
    }
}

fn count(n: u64) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

fn satisfaction(book: &mut Workbook, results: &EvaluationResults, s: &SatisfactionResults, lang: Lang, today: NaiveDate) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(t(lang, k::EVALUATION_SHEET_RESULTS)))?;
    let mut row = preamble(sheet, results, t(lang, k::EVALUATION_RESULTS), lang, today)?;
    sheet.write_string(row, 0, tf(lang, k::EVALUATION_RESPONSES, &[("n", &s.responses.to_string())]))?;
    row += 1;
    if s.withheld {
        sheet.write_string(row, 0, t(lang, k::EVALUATION_WITHHELD))?;
        return Ok(());
    }
    row += 1;
    let widest = s.items.iter().map(|i| i.labels.len()).max().unwrap_or(0);
    let mut labels = vec![t(lang, k::EVALUATION_ITEM), t(lang, k::EVALUATION_ANSWERS), t(lang, k::EVALUATION_MEAN)];
    let points: Vec<String> = (1..=widest).map(|n| n.to_string()).collect();
    labels.extend(points.iter().map(String::as_str));
    header(sheet, row, &labels)?;
    let header_row = row;
    for item in s.items.iter().filter(|i| i.kind != ItemKind::Text) {
        row += 1;
        sheet.write_string(row, 0, &item.prompt)?;
        sheet.write_number(row, 1, count(item.answers))?;
        number(sheet, row, 2, item.mean)?;
        for (i, (label, n)) in item.labels.iter().zip(&item.counts).enumerate() {
            let column = u16::try_from(i + 3).unwrap_or(u16::MAX);
            // A choice's count is written with its label; a scale's points head the columns.
            if item.kind == ItemKind::Choice {
                sheet.write_string(row, column, format!("{label} : {n}"))?;
            } else {
                sheet.write_number(row, column, count(*n))?;
            }
        }
    }
    sheet.set_column_width(0, 60)?;
    sheet.autofilter(header_row, 0, row, u16::try_from(widest + 2).unwrap_or(u16::MAX))?;

    let texts = book.add_worksheet();
    texts.set_name(sheet_name(t(lang, k::EVALUATION_FREE_TEXTS)))?;
    let mut row = preamble(texts, results, t(lang, k::EVALUATION_FREE_TEXTS), lang, today)?;
    header(texts, row, &[t(lang, k::EVALUATION_ITEM), t(lang, k::EVALUATION_ANSWERS)])?;
    for item in s.items.iter().filter(|i| i.kind == ItemKind::Text) {
        for text in &item.texts {
            row += 1;
            texts.write_string(row, 0, &item.prompt)?;
            texts.write_string(row, 1, text)?;
        }
    }
    texts.set_column_width(0, 40)?;
    texts.set_column_width(1, 80)?;
    Ok(())
}

fn knowledge(book: &mut Workbook, results: &EvaluationResults, kr: &KnowledgeResults, lang: Lang, today: NaiveDate) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(t(lang, k::EVALUATION_SHEET_GAIN)))?;
    let mut row = preamble(sheet, results, t(lang, k::EVALUATION_RESULTS), lang, today)?;
    for (label, value) in [
        (k::EVALUATION_BOTH, Some(count(kr.both))),
        (k::EVALUATION_MEAN_BEFORE, kr.mean_before),
        (k::EVALUATION_MEAN_AFTER, kr.mean_after),
        (k::EVALUATION_MEAN_GAIN, kr.mean_gain),
    ] {
        sheet.write_string(row, 0, t(lang, label))?;
        number(sheet, row, 1, value)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    header(sheet, row, &[t(lang, k::EVALUATION_LEARNER), t(lang, k::EVALUATION_BEFORE), t(lang, k::EVALUATION_AFTER), t(lang, k::EVALUATION_GAIN)])?;
    for learner in &kr.learners {
        row += 1;
        sheet.write_string(row, 0, &learner.name)?;
        number(sheet, row, 1, learner.before.map(f64::from))?;
        number(sheet, row, 2, learner.after.map(f64::from))?;
        number(sheet, row, 3, learner.gain.map(f64::from))?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_range_width(1, 3, 14)?;
    sheet.autofilter(header_row, 0, row, 3)?;

    let dimension = t(lang, kr.by.label_key());
    let groups = book.add_worksheet();
    groups.set_name(sheet_name(dimension))?;
    let title = tf(lang, k::EVALUATION_BY_GROUP, &[("dimension", &dimension.to_lowercase())]);
    let mut row = preamble(groups, results, &title, lang, today)?;
    header(groups, row, &[dimension, t(lang, k::EVALUATION_BOTH), t(lang, k::EVALUATION_MEAN_GAIN)])?;
    for g in &kr.groups {
        row += 1;
        groups.write_string(row, 0, group_label(kr.by, &g.key, lang))?;
        groups.write_number(row, 1, count(g.both))?;
        number(groups, row, 2, g.mean_gain)?;
    }
    groups.set_column_width(0, 30)?;
    groups.set_column_range_width(1, 2, 22)?;
    Ok(())
}

pub fn evaluation_xlsx(results: &EvaluationResults, lang: Lang, today: NaiveDate) -> ApiResult<Export> {
    let mut book = Workbook::new();
    let written = match (&results.satisfaction, &results.knowledge) {
        (Some(s), _) => satisfaction(&mut book, results, s, lang, today),
        (None, Some(kr)) => knowledge(&mut book, results, kr, lang, today),
        (None, None) => Ok(()),
    };
    written.map_err(|e| xlsx_error(&e))?;
    let bytes = book.save_to_buffer().map_err(|e| xlsx_error(&e))?;
    Ok(Export {
        bytes,
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename: format!("cursus-evaluation-{}-cohorte-{}.xlsx", results.evaluation.id, results.cohort_id),
    })
}
