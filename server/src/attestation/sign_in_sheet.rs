//! The *feuille d'émargement* funders audit: one A4 portrait sheet (or more)
//! per session, bilingual French/Arabic, a row per learner with a box to
//! sign. It shares the attestation's fonts and text shaping, so Arabic names
//! print joined and in order, and it is written by the same fast path.
use printpdf::{Mm, Op, PdfPage};
use shared::Lang;
use shared::i18n::{Key, k, t, tf};

use crate::attestation::pdf::{About, brand, ink, line, mm, rgb, to_lopdf};
use crate::attestation::text::{Fonts, Weight};

const WIDTH: f32 = 595.28; // A4 portrait, points
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 42.52; // 15 mm
const ROW: f32 = 31.18; // 11 mm: room to sign
const ROWS_PER_PAGE: usize = 18;

/// What one sheet says. Times are already in the room's local time.
#[derive(Debug, Clone)]
pub struct SheetContent {
    pub programme: String,
    pub cohort: String,
    pub region: String,
    pub session: String,
    pub module: Option<String>,
    /// "12/01/2027", "09:00 – 12:00"
    pub date: String,
    pub hours: String,
    pub place: Option<String>,
    pub trainers: Vec<String>,
    /// Each learner's name, and its Arabic spelling when it differs.
    pub learners: Vec<(String, Option<String>)>,
}

/// A French label on the left and its Arabic on the right of the same line.
fn labelled(f: &Fonts, ops: &mut Vec<Op>, key: Key, value: &str, y: f32) {
    let text = format!("{} : {value}", t(Lang::Fr, key));
    let mut shown = f.line(&text, Weight::Regular, 10.5);
    let room = WIDTH - 2.0 * MARGIN - 90.0;
    if shown.width > room {
        shown = f.line(&text, Weight::Regular, 10.5 * room / shown.width);
    }
    ops.extend(shown.ops_at(MARGIN, y));
    ops.extend(f.line(t(Lang::Ar, key), Weight::Regular, 10.5).right_aligned(WIDTH - MARGIN, y));
}

/// A name fitted into its column: smaller rather than cut.
fn fitted(f: &Fonts, text: &str, weight: Weight, size: f32, room: f32) -> crate::attestation::text::Line {
    let shown = f.line(text, weight, size);
    if shown.width > room { f.line(text, weight, size * room / shown.width) } else { shown }
}

pub fn render(f: &Fonts, c: &SheetContent) -> anyhow::Result<Vec<u8>> {
    let chunks: Vec<&[(String, Option<String>)]> = if c.learners.is_empty() { vec![&[]] } else { c.learners.chunks(ROWS_PER_PAGE).collect() };
    let pages = chunks.len();
    let number_col = MARGIN + 24.0;
    let signature_col = WIDTH - MARGIN - mm(55.0);
    let mut out = Vec::with_capacity(pages);
    for (page, rows) in chunks.iter().enumerate() {
        let mut ops = vec![Op::SetFillColor { col: brand() }];
        let mut y = HEIGHT - MARGIN - 8.0;
        ops.extend(f.line(t(Lang::Fr, k::ATTENDANCE_SHEET_TITLE), Weight::Bold, 17.0).ops_at(MARGIN, y));
        ops.extend(f.line(t(Lang::Ar, k::ATTENDANCE_SHEET_TITLE), Weight::Bold, 17.0).right_aligned(WIDTH - MARGIN, y));
        y -= 18.0;
        ops.push(Op::SetFillColor { col: ink() });
        ops.extend(fitted(f, &c.programme, Weight::Regular, 10.5, WIDTH - 2.0 * MARGIN).ops_at(MARGIN, y));
        y -= 20.0;
        labelled(f, &mut ops, k::ATTENDANCE_SHEET_COHORT, &format!("{} · {}", c.cohort, c.region), y);
        y -= 15.0;
        let session = match &c.module {
            Some(module) => format!("{} · {module}", c.session),
            None => c.session.clone(),
        };
        labelled(f, &mut ops, k::ATTENDANCE_SHEET_SESSION, &session, y);
        y -= 15.0;
        labelled(f, &mut ops, k::ATTENDANCE_SHEET_DATE, &format!("{} · {}", c.date, c.hours), y);
        y -= 15.0;
        if let Some(place) = &c.place {
            labelled(f, &mut ops, k::ATTENDANCE_SHEET_PLACE, place, y);
            y -= 15.0;
        }
        if !c.trainers.is_empty() {
            labelled(f, &mut ops, k::ATTENDANCE_SHEET_TRAINER, &c.trainers.join(", "), y);
            y -= 15.0;
        }
        // The table: header, then one row per learner, ruled.
        y -= 8.0;
        let top = y;
        ops.push(Op::SetFillColor { col: brand() });
        ops.extend(f.line("N°", Weight::Bold, 9.5).ops_at(MARGIN + 4.0, y - 14.0));
        ops.extend(f.line(t(Lang::Fr, k::ATTENDANCE_SHEET_NAME), Weight::Bold, 9.5).ops_at(number_col + 4.0, y - 14.0));
        ops.extend(f.line(t(Lang::Ar, k::ATTENDANCE_SHEET_NAME), Weight::Bold, 9.5).right_aligned(signature_col - 4.0, y - 14.0));
        let signature = format!("{} · {}", t(Lang::Fr, k::ATTENDANCE_SHEET_SIGNATURE), t(Lang::Ar, k::ATTENDANCE_SHEET_SIGNATURE));
        ops.extend(f.line(&signature, Weight::Bold, 9.5).centred((signature_col + WIDTH - MARGIN) / 2.0, y - 14.0));
        ops.push(Op::SetFillColor { col: ink() });
        y -= 22.0;
        let first = page * ROWS_PER_PAGE;
        for (i, (name, name_ar)) in rows.iter().enumerate() {
            let row_top = y;
            let number = (first + i + 1).to_string();
            ops.extend(f.line(&number, Weight::Regular, 10.0).ops_at(MARGIN + 4.0, row_top - 13.0));
            let room = signature_col - number_col - 8.0;
            ops.extend(fitted(f, name, Weight::Regular, 11.0, room).ops_at(number_col + 4.0, row_top - 13.0));
            if let Some(ar) = name_ar {
                ops.extend(fitted(f, ar, Weight::Regular, 10.0, room).right_aligned(signature_col - 4.0, row_top - 26.0));
            }
            y -= ROW;
        }
        let bottom = y;
        ops.push(Op::SetOutlineColor { col: rgb(0.55, 0.58, 0.62) });
        ops.push(Op::SetOutlineThickness { pt: printpdf::Pt(0.6) });
        let right = WIDTH - MARGIN;
        ops.push(line(&[(MARGIN, top), (right, top), (right, bottom), (MARGIN, bottom)], true));
        let mut rule = top - 22.0;
        while rule > bottom + 1.0 {
            ops.push(line(&[(MARGIN, rule), (right, rule)], false));
            rule -= ROW;
        }
        for x in [number_col, signature_col] {
            ops.push(line(&[(x, top), (x, bottom)], false));
        }
        let footer =
            format!("{} · {}", tf(Lang::Fr, k::ATTENDANCE_SHEET_PAGE, &[("n", &(page + 1).to_string()), ("of", &pages.to_string())]), c.cohort);
        ops.extend(fitted(f, &footer, Weight::Regular, 8.5, WIDTH - 2.0 * MARGIN).ops_at(MARGIN, MARGIN - 14.0));
        out.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let about = About {
        title: format!("{} — {} — {}", t(Lang::Fr, k::ATTENDANCE_SHEET_TITLE), c.session, c.date),
        author: c.programme.clone(),
        subject: c.cohort.clone(),
    };
    let (mut lo, _) = to_lopdf(f, &about, out);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| anyhow::anyhow!("writing the sign-in sheet: {e}"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cohort_takes_as_many_pages_as_its_rows_need() {
        let fonts = Fonts::load().expect("fonts");
        let learners: Vec<(String, Option<String>)> =
            (0..40).map(|i| (format!("Apprenant·e {i}"), (i % 2 == 0).then(|| "فاطمة الزهراء".to_string()))).collect();
        let c = SheetContent {
            programme: "Takwia".into(),
            cohort: "Ateliers de Kénitra".into(),
            region: "Rabat-Salé-Kénitra".into(),
            session: "Atelier gouvernance".into(),
            module: None,
            date: "12/01/2027".into(),
            hours: "09:00 – 12:00".into(),
            place: Some("Maison des associations".into()),
            trainers: vec!["Nadia".into()],
            learners,
        };
        let bytes = render(&fonts, &c).expect("a PDF");
        let doc = lopdf::Document::load_mem(&bytes).expect("readable");
        assert_eq!(doc.get_pages().len(), 3, "18 rows a page");
    }
}
