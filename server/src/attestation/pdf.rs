//! The one-page attestation (A4 landscape). What never changes — fonts, frame,
//! emblem, labels — is prepared once per kind and language mode; each PDF adds
//! only its own lines and QR code, then its fonts pruned to the glyphs it shows.
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use printpdf::{
    Color, Line as PdfLine, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb,
    TextItem, WindingOrder,
};
use shared::Lang;
use shared::enums::{AttestationKind, Sex};
use shared::i18n::{Key, k, t, tf, tn};
use shared::num::index;

use crate::attestation::picture::Picture;
use crate::attestation::text::{Face, Fonts, Weight};
use crate::attestation::{holder, qr};

const WIDTH: f32 = 841.89; // A4 landscape, points
const HEIGHT: f32 = 595.28;
const CENTRE: f32 = WIDTH / 2.0;
/// Large enough for a 150-dpi scan of a photocopy to read the seal it carries
/// (0.78 mm modules and more; see BENCHMARKS.md).
const QR_SIZE_MM: f32 = 48.0;
/// The holder's name stays this far inside the page's edges (the frame is at 12 mm).
const NAME_WIDTH: f32 = WIDTH - 2.0 * 30.0 * 72.0 / 25.4;
/// The width of the signature block's lines (the signatory, the place).
const SIGNATURE_ROOM: f32 = 88.0 * 72.0 / 25.4;
/// The date line, centred, stays clear of the verification code on its left
/// and of the signature block on its right.
const DATE_ROOM: f32 = 85.0 * 72.0 / 25.4;
/// The smallest size a line of the signature block or the issuing body may
/// shrink to before it is refused at saving: below it, a copy is unreadable.
const SMALLEST_LINE: f32 = 7.0;

pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

pub(crate) fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

pub(crate) fn brand() -> Color {
    rgb(0.043, 0.353, 0.290)
}

pub(crate) fn ink() -> Color {
    rgb(0.11, 0.12, 0.14)
}

/// What one attestation says.
#[derive(Debug, Clone)]
pub struct Content {
    pub kind: AttestationKind,
    pub bilingual: bool,
    pub holder: String,
    pub holder_ar: Option<String>,
    /// From the holder's profile: the Arabic agrees with it ("لإتمامها"),
    /// and is worded without a pronoun when it is not stated.
    pub sex: Sex,
    pub title: String,
    pub title_ar: Option<String>,
    pub module_code: Option<String>,
    pub programme: String,
    pub programme_ar: Option<String>,
    pub cohort: String,
    pub region: String,
    pub hours: u32,
    pub attended_hours: Option<u32>,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub issuer_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_title: String,
    /// The signatory's name and title in Arabic, one line (bilingual pages).
    pub signatory_ar: Option<String>,
    /// The place of issue ("Fait à …, le …").
    pub place: Option<String>,
    pub place_ar: Option<String>,
    /// Printed above the signatory's name; the stamp over its right side.
    pub signature: Option<Arc<Picture>>,
    pub stamp: Option<Arc<Picture>>,
    /// The logo of the partner that enrolled the holder, opposite the issuer's.
    pub partner_logo: Option<Arc<Picture>>,
    pub code: String,
    pub qr_payload: String,
    /// Where to check by hand, printed under the code.
    pub verify_at: String,
}

pub struct Renderer {
    /// Shared with the other printed documents (the sign-in sheet).
    pub fonts: Arc<Fonts>,
    /// Prepared page templates: [module, programme] × [French, bilingual].
    templates: [[Vec<Op>; 2]; 2],
    logo: Option<Picture>,
}

/// The fonts are the same for every renderer of the process: prepared once.
fn shared_fonts() -> anyhow::Result<Arc<Fonts>> {
    static FONTS: std::sync::OnceLock<Arc<Fonts>> = std::sync::OnceLock::new();
    if let Some(fonts) = FONTS.get() {
        return Ok(fonts.clone());
    }
    let fonts = Arc::new(Fonts::load()?);
    Ok(FONTS.get_or_init(|| fonts).clone())
}

const FRENCH_MONTHS: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const ARABIC_MONTHS: [&str; 12] = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليو", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"];

pub fn french_date(date: NaiveDate) -> String {
    let day = if date.day() == 1 { "1er".to_string() } else { date.day().to_string() };
    format!("{day} {} {}", FRENCH_MONTHS[index(date.month0())], date.year())
}

pub fn arabic_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), ARABIC_MONTHS[index(date.month0())], date.year())
}

pub(crate) fn line(points: &[(f32, f32)], closed: bool) -> Op {
    Op::DrawLine {
        line: PdfLine {
            points: points.iter().map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(*y) }, bezier: false }).collect(),
            is_closed: closed,
        },
    }
}

/// The default emblem: a square seal with an open book, in the brand colour.
fn emblem(x: f32, y: f32, size: f32) -> Vec<Op> {
    let s = size;
    let ring = |pts: &[(f32, f32)]| PolygonRing {
        points: pts.iter().map(|(px, py)| LinePoint { p: Point { x: Pt(x + px * s), y: Pt(y + py * s) }, bezier: false }).collect(),
    };
    vec![
        Op::SaveGraphicsState,
        Op::SetFillColor { col: brand() },
        Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)])],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::SetFillColor { col: rgb(1.0, 1.0, 1.0) },
        Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![
                    ring(&[(0.18, 0.30), (0.48, 0.24), (0.48, 0.74), (0.18, 0.80)]),
                    ring(&[(0.52, 0.24), (0.82, 0.30), (0.82, 0.80), (0.52, 0.74)]),
                ],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ]
}

impl Renderer {
    /// A renderer with the default emblem, or the issuing body's PNG logo.
    pub fn new(logo_png: Option<&[u8]>) -> anyhow::Result<Renderer> {
        let fonts = shared_fonts()?;
        let logo = logo_png.map(Picture::from_png).transpose()?;
        let emblem = logo.is_none();
        let build = |kind, bilingual| template(&fonts, kind, bilingual, emblem);
        let templates = [
            [build(AttestationKind::Module, false), build(AttestationKind::Module, true)],
            [build(AttestationKind::Programme, false), build(AttestationKind::Programme, true)],
        ];
        Ok(Renderer { fonts, templates, logo })
    }

    /// Whether a holder's name prints whole on this renderer's page: the one
    /// rule every place a name is entered asks before saving it.
    pub fn prints_whole(&self, name: &str) -> bool {
        holder::lines(&self.fonts, name, NAME_WIDTH).is_ok()
    }

    /// Whether a line of the issuer's identity prints legibly: shrunk to
    /// fit its room, never below `SMALLEST_LINE`. Asked before an identity is
    /// saved, so that issuing never meets a line it cannot print.
    pub fn fits(&self, place: IdentityLine, text: &str) -> bool {
        let (size, room, text) = match place {
            IdentityLine::Body => (13.0, NAME_WIDTH, text.to_string()),
            IdentityLine::SignatureBlock => (11.0, SIGNATURE_ROOM, text.to_string()),
            // With the longest date there is, in the longer of the two languages.
            IdentityLine::Place => (11.0, DATE_ROOM, done_line(Lang::Fr, Some(text), "30 septembre 2026")),
        };
        let width = self.fonts.line(&text, Weight::Bold, size).width;
        width <= room || size * room / width >= SMALLEST_LINE
    }

    pub fn render(&self, c: &Content) -> anyhow::Result<Vec<u8>> {
        let kind = usize::from(c.kind == AttestationKind::Programme);
        let mut ops = self.templates[kind][usize::from(c.bilingual)].clone();
        let f = &self.fonts;
        let slots = Slots::of(c.bilingual);
        let (fr, ar) = (Lang::Fr, Lang::Ar);
        let at = |from_top: f32| HEIGHT - mm(from_top);
        ops.push(Op::SetFillColor { col: ink() });
        ops.extend(fitted_as(f, &c.issuer, Weight::Bold, 13.0, NAME_WIDTH).centred(CENTRE, at(slots.issuer)));
        // Two lines start higher than one, a line apart, so that they (and
        // the Arabic spelling below them) stay clear of the lines around.
        let name = holder::lines(f, &c.holder, NAME_WIDTH)?;
        let two = name.len() > 1;
        let spread = name.first().map_or(0.0, |l| l.size * 1.15);
        let mut y = at(if two { slots.two_line_holder } else { slots.holder });
        for line in &name {
            ops.extend(line.centred(CENTRE, y));
            y -= spread;
        }
        let below_name = if two { y + spread - mm(7.5) } else { at(slots.holder + 9.0) };
        let title = match &c.module_code {
            Some(code) => format!("{code} · {}", c.title),
            None => c.title.clone(),
        };
        // A certificate's title is the programme: its context line does not repeat it.
        let context_key = if c.kind == AttestationKind::Programme { k::PDF_CONTEXT_PROGRAMME } else { k::PDF_CONTEXT };
        let context = tf(fr, context_key, &[("programme", &c.programme), ("cohort", &c.cohort), ("region", &c.region)]);
        ops.extend(fitted(f, &context, 11.5, NAME_WIDTH).centred(CENTRE, at(slots.context)));
        ops.extend(f.line(&hours_line(fr, c.hours, c.attended_hours), Weight::Regular, 11.5).centred(CENTRE, at(slots.hours)));
        ops.extend(fitted(f, &done_line(fr, c.place.as_deref(), &french_date(c.issued_on)), 11.0, DATE_ROOM).centred(CENTRE, at(slots.date)));
        if c.bilingual {
            if let Some(issuer_ar) = &c.issuer_ar {
                ops.extend(fitted(f, issuer_ar, 12.0, NAME_WIDTH).centred(CENTRE, at(slots.issuer + 6.0)));
            }
            if let Some(holder_ar) = &c.holder_ar {
                let size = if two { 16.0 } else { 20.0 };
                let mut line = f.line(holder_ar, Weight::Bold, size);
                if line.width > NAME_WIDTH {
                    line = f.line(holder_ar, Weight::Bold, size * NAME_WIDTH / line.width);
                }
                ops.extend(line.centred(CENTRE, below_name));
            }
            ops.extend(f.line(t(ar, follow_ar(c.kind, c.sex)), Weight::Regular, 12.0).centred(CENTRE, at(slots.follow + 6.0)));
            // The cohort and region are names (often Latin) inside the Arabic sentence.
            let programme_ar = c.programme_ar.as_deref().unwrap_or(&c.programme);
            let context_ar = tf(ar, context_key, &[("programme", programme_ar), ("cohort", &c.cohort), ("region", &c.region)]);
            ops.extend(fitted(f, &context_ar, 11.5, NAME_WIDTH).centred(CENTRE, at(slots.context + 7.0)));
            ops.extend(f.line(&hours_line(ar, c.hours, c.attended_hours), Weight::Regular, 11.5).centred(CENTRE, at(slots.hours + 7.0)));
            let place_ar = c.place_ar.as_deref().or(c.place.as_deref());
            ops.extend(fitted(f, &done_line(ar, place_ar, &arabic_date(c.issued_on)), 11.0, DATE_ROOM).centred(CENTRE, at(slots.date + 6.5)));
        }
        ops.push(Op::SetFillColor { col: brand() });
        ops.extend(f.line(&title, Weight::Bold, 17.0).centred(CENTRE, at(slots.module)));
        if let Some(title_ar) = c.title_ar.as_ref().filter(|_| c.bilingual) {
            ops.extend(f.line(title_ar, Weight::Bold, 15.0).centred(CENTRE, at(slots.module + 8.0)));
        }
        ops.push(Op::SetFillColor { col: ink() });
        let signature_centre = WIDTH - mm(62.0);
        ops.extend(fitted_as(f, &c.signatory_name, Weight::Bold, 11.0, SIGNATURE_ROOM).centred(signature_centre, mm(31.0)));
        ops.extend(fitted(f, &c.signatory_title, 9.5, SIGNATURE_ROOM).centred(signature_centre, mm(26.0)));
        if let Some(signatory_ar) = c.signatory_ar.as_ref().filter(|_| c.bilingual) {
            ops.extend(fitted(f, signatory_ar, 9.5, SIGNATURE_ROOM).centred(signature_centre, mm(20.5)));
        }
        let qr_size = mm(QR_SIZE_MM);
        let text_x = mm(20.0) + qr_size + 6.0;
        ops.extend(f.line(&c.code, Weight::Bold, 12.5).ops_at(text_x, mm(34.5)));
        ops.extend(f.line(&c.verify_at, Weight::Regular, 8.5).ops_at(text_x, mm(29.5)));
        let qr = qr::image(&c.qr_payload)?;
        self.write(c, ops, &qr, (mm(19.0), mm(16.0), qr_size))
    }

    /// The page with its fonts, QR code and logo, as PDF bytes.
    fn write(&self, c: &Content, ops: Vec<Op>, qr: &qr::Bitmap, (qr_x, qr_y, qr_size): (f32, f32, f32)) -> anyhow::Result<Vec<u8>> {
        let about = About {
            title: format!("{} — {} — {}", t(Lang::Fr, c.kind.label_key()), c.holder, c.code),
            author: c.issuer.clone(),
            subject: c.title.clone(),
        };
        let (mut lo, covered) = to_lopdf(&self.fonts, &about, vec![PdfPage::new(Mm(297.0), Mm(210.0), ops)]);
        let page = lo.get_pages().values().next().copied().ok_or_else(|| anyhow::anyhow!("no page"))?;
        let mut dict = lopdf::Dictionary::new();
        dict.set("Type", lopdf::Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", lopdf::Object::Name(b"Image".to_vec()));
        dict.set("Width", shared::num::i64_of(shared::num::count64(qr.side)));
        dict.set("Height", shared::num::i64_of(shared::num::count64(qr.side)));
        dict.set("ColorSpace", lopdf::Object::Name(b"DeviceGray".to_vec()));
        dict.set("BitsPerComponent", 1);
        let image = lopdf::Stream::new(dict, qr.bits.clone());
        let image_id = lo.add_object(image);
        lo.add_xobject(page, "CursusQR", image_id).map_err(|e| anyhow::anyhow!("QR image: {e}"))?;
        let mut draw = format!("q {qr_size:.2} 0 0 {qr_size:.2} {qr_x:.2} {qr_y:.2} cm /CursusQR Do Q\n");
        if let Some(logo) = &self.logo {
            logo.add_to(&mut lo, page, "CursusLogo")?;
            // Fitted in a 24 mm square at the emblem's place, on its top.
            draw.push_str(&logo.draw("CursusLogo", (mm(22.0), HEIGHT - mm(40.0)), (mm(24.0), mm(24.0))));
        }
        if let Some(partner) = &c.partner_logo {
            partner.add_to(&mut lo, page, "CursusPartner")?;
            draw.push_str(&partner.draw("CursusPartner", (WIDTH - mm(46.0), HEIGHT - mm(40.0)), (mm(24.0), mm(24.0))));
        }
        let signature_centre = WIDTH - mm(62.0);
        if let Some(signature) = &c.signature {
            signature.add_to(&mut lo, page, "CursusSignature")?;
            draw.push_str(&signature.draw("CursusSignature", (signature_centre - mm(30.0), mm(38.0)), (mm(60.0), mm(15.5))));
        }
        if let Some(stamp) = &c.stamp {
            stamp.add_to(&mut lo, page, "CursusStamp")?;
            // Multiplied onto what is under it: a stamp scanned on white
            // leaves the signature it overlaps readable.
            let mut state = lopdf::Dictionary::new();
            state.set("Type", lopdf::Object::Name(b"ExtGState".to_vec()));
            state.set("BM", lopdf::Object::Name(b"Multiply".to_vec()));
            let state_id = lo.add_object(state);
            let multiply = lo.add_graphics_state(page, "CursusMultiply", state_id).is_ok();
            let drawing = stamp.draw("CursusStamp", (signature_centre + mm(10.0), mm(29.0)), (mm(28.0), mm(28.0)));
            draw.push_str(&if multiply { drawing.replacen("q ", "q /CursusMultiply gs ", 1) } else { drawing });
        }
        lo.add_page_contents(page, draw.into_bytes()).map_err(|e| anyhow::anyhow!("QR drawing: {e}"))?;
        let mut bytes = Vec::with_capacity(if covered { 60_000 } else { 120_000 });
        lo.save_to(&mut bytes).map_err(|e| anyhow::anyhow!("writing the PDF: {e}"))?;
        Ok(bytes)
    }
}

/// A font program pruned to `glyphs`, deflated, with its uncompressed length.
fn document_font(bytes: &[u8], glyphs: &std::collections::BTreeSet<u16>) -> Option<(Vec<u8>, usize)> {
    use std::io::Write as _;
    let program = crate::attestation::prune::prune_for_document(bytes, glyphs)?;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(program.len() / 4), flate2::Compression::fast());
    encoder.write_all(&program).ok()?;
    Some((encoder.finish().ok()?, program.len()))
}

/// What a PDF's metadata says of it: its title, its author (the issuing
/// body) and its subject.
pub(crate) struct About {
    pub title: String,
    pub author: String,
    pub subject: String,
}

/// The pages as a lopdf document with their fonts embedded. Fast path: each
/// font pruned to the glyphs the document shows, ids unchanged (a few
/// kilobytes; the coverage copy, compressed in advance, if pruning fails).
/// Slow path, when a text needs a glyph outside the coverage: printpdf
/// subsets the original fonts. True when the fast path was taken.
pub(crate) fn to_lopdf(f: &Fonts, about: &About, pages: Vec<PdfPage>) -> (lopdf::Document, bool) {
    let faces = f.all();
    let mut used = std::collections::BTreeSet::new();
    // The glyphs each face shows in this document.
    let mut shown: std::collections::HashMap<String, std::collections::BTreeSet<u16>> = std::collections::HashMap::new();
    let mut covered = true;
    let mut current: Option<&Face> = None;
    for op in pages.iter().flat_map(|p| p.ops.iter()) {
        match op {
            Op::SetFont { font: PdfFontHandle::External(id), .. } => {
                current = faces.iter().copied().find(|face| face.id == *id);
                used.insert(id.0.clone());
            }
            Op::ShowText { items } => {
                for item in items {
                    if let (TextItem::GlyphIds(glyphs), Some(face)) = (item, current) {
                        covered &= glyphs.iter().all(|g| face.coverage.contains(&g.gid));
                        shown.entry(face.id.0.clone()).or_default().extend(glyphs.iter().map(|g| g.gid));
                    }
                }
            }
            _ => {}
        }
    }
    let mut doc = PdfDocument::new(&about.title);
    let info = &mut doc.metadata.info;
    // The moment the file is made, not the epoch printpdf leaves by default.
    let made = printpdf::OffsetDateTime::from_unix_timestamp(chrono::Utc::now().timestamp()).unwrap_or(info.creation_date);
    (info.creation_date, info.modification_date, info.metadata_date) = (made, made, made);
    info.author = about.author.clone();
    info.subject = about.subject.clone();
    info.creator = "Cursus".into();
    info.producer = "Cursus (printpdf)".into();
    for face in faces.iter().filter(|face| used.contains(&face.id.0)) {
        let font = if covered { face.parsed.clone() } else { face.original.clone() };
        doc.resources.fonts.map.insert(face.id.clone(), printpdf::font::PdfFont::new(font));
    }
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions { subset_fonts: !covered, optimize: false, ..Default::default() };
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    if covered {
        // Swap each embedded font program for one pruned to this document's
        // glyphs (ids unchanged, so the text stays as printpdf wrote it);
        // failing that, for the coverage copy compressed in advance.
        for object in lo.objects.values_mut() {
            if let lopdf::Object::Stream(stream) = object
                && stream.dict.has(b"Length1")
                && let Some(face) = faces.iter().find(|face| face.pruned_len == stream.content.len())
            {
                let glyphs = shown.get(&face.id.0).cloned().unwrap_or_default();
                match document_font(face.bytes, &glyphs) {
                    Some((program, length)) => {
                        stream.set_content(program);
                        stream.dict.set("Length1", shared::num::i64_of(shared::num::count64(length)));
                    }
                    None => stream.set_content(face.compressed.clone()),
                }
                stream.dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            }
        }
    }
    (lo, covered)
}

/// Where each line sits, in millimetres from the top of the page. In the
/// bilingual layout each French line has its Arabic companion just below.
struct Slots {
    issuer: f32,
    title: f32,
    awarded: f32,
    holder: f32,
    /// The first of two lines, when the name takes two.
    two_line_holder: f32,
    follow: f32,
    module: f32,
    context: f32,
    hours: f32,
    date: f32,
}

impl Slots {
    fn of(bilingual: bool) -> Slots {
        if bilingual {
            Slots {
                issuer: 25.0,
                title: 50.0,
                awarded: 68.0,
                holder: 86.0,
                two_line_holder: 81.5,
                follow: 104.0,
                module: 118.0,
                context: 133.5,
                hours: 147.5,
                date: 162.0,
            }
        } else {
            Slots {
                issuer: 27.0,
                title: 60.0,
                awarded: 74.0,
                holder: 92.0,
                two_line_holder: 83.0,
                follow: 104.0,
                module: 118.0,
                context: 131.0,
                hours: 139.0,
                date: 166.0,
            }
        }
    }
}

/// A regular line at `size`, made smaller if it would be wider than `room`.
fn fitted(f: &Fonts, text: &str, size: f32, room: f32) -> crate::attestation::text::Line {
    fitted_as(f, text, Weight::Regular, size, room)
}

fn fitted_as(f: &Fonts, text: &str, weight: Weight, size: f32, room: f32) -> crate::attestation::text::Line {
    let line = f.line(text, weight, size);
    if line.width > room { f.line(text, weight, size * room / line.width) } else { line }
}

/// Where a line of the issuer's identity is printed: each has its room and size.
#[derive(Debug, Clone, Copy)]
pub enum IdentityLine {
    /// The issuing body, across the top.
    Body,
    /// The signatory's name or title, in the signature block.
    SignatureBlock,
    /// The place of issue, in the date line.
    Place,
}

/// "Fait le …", or "Fait à …, le …" when the place of issue is set.
fn done_line(lang: Lang, place: Option<&str>, date: &str) -> String {
    match place {
        Some(place) => tf(lang, k::PDF_DONE_AT_ON, &[("place", place), ("date", date)]),
        None => tf(lang, k::PDF_DONE_ON, &[("date", date)]),
    }
}

fn hours_line(lang: Lang, hours_count: u32, attended: Option<u32>) -> String {
    let hours = hours_count.to_string();
    match attended {
        Some(a) => tf(lang, k::PDF_HOURS_ATTENDED, &[("hours", &hours), ("attended", &a.to_string())]),
        None => tn(lang, k::PDF_HOURS, u64::from(hours_count), &[]),
    }
}

/// The parts of a page that are the same for every attestation of a kind.
fn template(f: &Fonts, kind: AttestationKind, bilingual: bool, with_emblem: bool) -> Vec<Op> {
    let mut ops = vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor { col: brand() },
        Op::SetOutlineThickness { pt: Pt(2.2) },
        line(&[(mm(9.0), mm(9.0)), (WIDTH - mm(9.0), mm(9.0)), (WIDTH - mm(9.0), HEIGHT - mm(9.0)), (mm(9.0), HEIGHT - mm(9.0))], true),
        Op::SetOutlineThickness { pt: Pt(0.6) },
        line(&[(mm(13.0), mm(13.0)), (WIDTH - mm(13.0), mm(13.0)), (WIDTH - mm(13.0), HEIGHT - mm(13.0)), (mm(13.0), HEIGHT - mm(13.0))], true),
        Op::SetOutlineColor { col: ink() },
        Op::SetOutlineThickness { pt: Pt(0.5) },
        line(&[(WIDTH - mm(95.0), mm(37.0)), (WIDTH - mm(29.0), mm(37.0))], false),
        Op::RestoreGraphicsState,
    ];
    if with_emblem {
        ops.extend(emblem(mm(22.0), HEIGHT - mm(40.0), mm(20.0)));
    }
    let slots = Slots::of(bilingual);
    let at = |from_top: f32| HEIGHT - mm(from_top);
    let (fr, ar) = (Lang::Fr, Lang::Ar);
    let title: Key = kind.label_key();
    // « Attestation » is feminine, « Certificat » masculine.
    let (awarded, follow) = match kind {
        AttestationKind::Module => (k::PDF_AWARDED_TO, k::PDF_FOR_MODULE),
        AttestationKind::Programme => (k::PDF_AWARDED_TO_CERTIFICATE, k::PDF_FOR_PROGRAMME),
    };
    ops.push(Op::SetFillColor { col: brand() });
    ops.extend(f.line(&t(fr, title).to_uppercase(), Weight::Bold, 30.0).centred(CENTRE, at(slots.title)));
    if bilingual {
        ops.extend(f.line(t(ar, title), Weight::Bold, 24.0).centred(CENTRE, at(slots.title + 11.0)));
    }
    ops.push(Op::SetFillColor { col: ink() });
    ops.extend(f.line(t(fr, awarded), Weight::Regular, 12.5).centred(CENTRE, at(slots.awarded)));
    ops.extend(f.line(t(fr, follow), Weight::Regular, 12.5).centred(CENTRE, at(slots.follow)));
    ops.extend(f.line(t(fr, k::PDF_VERIFICATION_CODE), Weight::Regular, 9.0).ops_at(mm(20.0) + mm(QR_SIZE_MM) + 6.0, mm(40.0)));
    if bilingual {
        ops.extend(f.line(t(ar, awarded), Weight::Regular, 12.0).centred(CENTRE, at(slots.awarded + 6.0)));
    }
    ops
}

/// The Arabic line before the module or programme, agreeing with the holder.
fn follow_ar(kind: AttestationKind, sex: Sex) -> Key {
    match (kind, sex) {
        (AttestationKind::Module, Sex::Female) => k::PDF_FOR_MODULE_FEMALE,
        (AttestationKind::Module, Sex::Male) => k::PDF_FOR_MODULE_MALE,
        (AttestationKind::Module, Sex::NotStated) => k::PDF_FOR_MODULE,
        (AttestationKind::Programme, Sex::Female) => k::PDF_FOR_PROGRAMME_FEMALE,
        (AttestationKind::Programme, Sex::Male) => k::PDF_FOR_PROGRAMME_MALE,
        (AttestationKind::Programme, Sex::NotStated) => k::PDF_FOR_PROGRAMME,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        assert_eq!(french_date(d), "22 novembre 2026");
        assert_eq!(french_date(NaiveDate::from_ymd_opt(2027, 3, 1).expect("date")), "1er mars 2027");
        assert_eq!(arabic_date(d), "22 نونبر 2026");
    }
}
