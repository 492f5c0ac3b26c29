//! Text for the PDF: split into runs by direction (Unicode bidi), set in Noto
//! Serif or Noto Naskh Arabic, shaped with rustybuzz so Arabic letters join
//! and read right to left, and carried as glyph ids with the original text of
//! each cluster so the text layer extracts correctly.
use std::collections::BTreeSet;
use std::io::Write as _;

use printpdf::{Codepoint, FontId, Op, ParsedFont, PdfFontHandle, Pt, TextItem, TextMatrix};
use rustybuzz::{Direction, UnicodeBuffer};
use shared::num::{index, to_f32};
use unicode_bidi::BidiInfo;

use crate::attestation::prune::prune;

static SERIF: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Regular.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Bold.ttf");
static NASKH: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
static NASKH_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf");

/// A face, prepared once: shaped from the original font, embedded from a copy
/// pruned to the glyphs attestations use (`coverage`), compressed in advance.
pub struct Face {
    pub id: FontId,
    /// The pruned font, embedded whole (fast path).
    pub parsed: ParsedFont,
    /// The original font, subset per document when a text needs a glyph
    /// outside the coverage (slow path).
    pub original: ParsedFont,
    pub coverage: BTreeSet<u16>,
    /// The pruned font program, deflated once.
    pub compressed: Vec<u8>,
    pub pruned_len: usize,
    /// The font file, pruned again for each document to the glyphs it shows.
    pub bytes: &'static [u8],
    shaper: rustybuzz::Face<'static>,
    script: rustybuzz::Script,
    /// Shaping plans made once: [left-to-right, right-to-left].
    plans: [rustybuzz::ShapePlan; 2],
    units_per_em: f32,
}

impl Face {
    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }

    fn load(name: &str, bytes: &'static [u8], script: rustybuzz::Script, coverage_text: &[String]) -> anyhow::Result<Face> {
        let mut warnings = Vec::new();
        let original = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| anyhow::anyhow!("font {name} does not parse"))?;
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(|| anyhow::anyhow!("font {name} does not load for shaping"))?;
        let units_per_em = to_f32(u32::try_from(shaper.units_per_em()).unwrap_or(1000));
        let mut coverage = BTreeSet::new();
        for text in coverage_text {
            let mut buffer = UnicodeBuffer::new();
            buffer.push_str(text);
            coverage.extend(rustybuzz::shape(&shaper, &[], buffer).glyph_infos().iter().map(|g| u16::try_from(g.glyph_id).unwrap_or(0)));
        }
        let pruned = prune(bytes, &coverage).ok_or_else(|| anyhow::anyhow!("font {name} cannot be pruned"))?;
        let parsed = ParsedFont::from_bytes(&pruned, 0, &mut warnings).ok_or_else(|| anyhow::anyhow!("pruned font {name} does not parse"))?;
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&pruned)?;
        let compressed = encoder.finish()?;
        let plans = [
            rustybuzz::ShapePlan::new(&shaper, Direction::LeftToRight, Some(script), None, &[]),
            rustybuzz::ShapePlan::new(&shaper, Direction::RightToLeft, Some(script), None, &[]),
        ];
        Ok(Face {
            id: FontId(name.to_string()),
            parsed,
            original,
            coverage,
            compressed,
            pruned_len: pruned.len(),
            bytes,
            shaper,
            script,
            plans,
            units_per_em,
        })
    }
}

/// What attestations are expected to print: Latin-1, Latin Extended-A and
/// common punctuation; ligatures are reached by shaping their sequences.
fn latin_coverage() -> Vec<String> {
    let mut texts: Vec<String> = (0x20u32..0x7F).chain(0xA0..0x180).filter_map(char::from_u32).map(String::from).collect();
    texts.extend("–—‘’‚“”„•…‹›«»·€‰′″№™−".chars().map(String::from));
    texts.extend(["ff", "fi", "fl", "ffi", "ffl"].map(String::from));
    texts
}

/// Arabic letters in every joining position, each pair of letters (for
/// ligatures such as lam-alef), Arabic digits, marks and punctuation.
fn arabic_coverage() -> Vec<String> {
    let letters: Vec<char> = (0x0621u32..=0x064A).chain(0x066E..=0x06D5).filter_map(char::from_u32).filter(|c| c.is_alphabetic()).collect();
    let mut texts = Vec::new();
    for c in &letters {
        texts.extend([format!("{c}"), format!("ـ{c}"), format!("{c}ـ"), format!("ـ{c}ـ")]);
    }
    let core: Vec<char> = (0x0621u32..=0x064A).filter_map(char::from_u32).collect();
    for a in &core {
        for b in &core {
            texts.push(format!("{a}{b}"));
            texts.push(format!("ـ{a}{b}ـ"));
        }
    }
    // Vowel marks, alone and after a shadda (fonts ligate the pair).
    let marks: Vec<char> = (0x064Bu32..=0x0652).chain([0x0670]).filter_map(char::from_u32).collect();
    for letter in &core {
        for mark in &marks {
            texts.push(format!("ـ{letter}{mark}ـ"));
            texts.push(format!("ـ{letter}\u{651}{mark}ـ"));
        }
    }
    texts.extend(
        (0x0660u32..=0x066D).chain(0x064B..=0x0652).chain([0x0670, 0x060C, 0x061B, 0x061F, 0x0640]).filter_map(char::from_u32).map(String::from),
    );
    texts.extend((0x20u32..0x7F).filter_map(char::from_u32).map(String::from));
    texts.extend("–—«»·".chars().map(String::from));
    texts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The four faces of the attestation, parsed once.
pub struct Fonts {
    pub serif: Face,
    pub serif_bold: Face,
    pub naskh: Face,
    pub naskh_bold: Face,
}

/// A stretch of one font and direction, in visual order.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: FontId,
    pub glyphs: Vec<Codepoint>,
    pub width: f32,
}

/// One line of text laid out at a size, ready to place.
#[derive(Debug, Clone)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
    pub size: f32,
}

fn is_arabic(c: char) -> bool {
    matches!(u32::from(c), 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

impl Fonts {
    pub fn load() -> anyhow::Result<Fonts> {
        let (latin, arabic) = (latin_coverage(), arabic_coverage());
        Ok(Fonts {
            serif: Face::load("serif", SERIF, rustybuzz::script::LATIN, &latin)?,
            serif_bold: Face::load("serif-bold", SERIF_BOLD, rustybuzz::script::LATIN, &latin)?,
            naskh: Face::load("naskh", NASKH, rustybuzz::script::ARABIC, &arabic)?,
            naskh_bold: Face::load("naskh-bold", NASKH_BOLD, rustybuzz::script::ARABIC, &arabic)?,
        })
    }

    pub fn all(&self) -> [&Face; 4] {
        [&self.serif, &self.serif_bold, &self.naskh, &self.naskh_bold]
    }

    fn face(&self, arabic: bool, weight: Weight) -> &Face {
        match (arabic, weight) {
            (false, Weight::Regular) => &self.serif,
            (false, Weight::Bold) => &self.serif_bold,
            (true, Weight::Regular) => &self.naskh,
            (true, Weight::Bold) => &self.naskh_bold,
        }
    }

    /// Lays out one line (no wrapping) at `size` points.
    pub fn line(&self, text: &str, weight: Weight, size: f32) -> Line {
        let bidi = BidiInfo::new(text, None);
        let mut runs = Vec::new();
        for paragraph in &bidi.paragraphs {
            let (levels, visual) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for range in visual {
                let rtl = levels[range.start].is_rtl();
                let mut segments = self.segments(&text[range.clone()], weight);
                // Segments are in logical order; a right-to-left run shows them reversed.
                if rtl {
                    segments.reverse();
                }
                for (piece, arabic) in segments {
                    runs.push(self.shape(piece, self.face(arabic, weight), rtl, size));
                }
            }
        }
        let width = runs.iter().map(|r| r.width).sum();
        Line { runs, width, size }
    }

    /// Splits a directional run by face: Arabic letters in Naskh, other letters
    /// in Serif, and spaces, digits and punctuation with their neighbours when
    /// that face has them (the em dash is missing from Naskh, the Arabic comma
    /// from Serif).
    fn segments<'t>(&self, text: &'t str, weight: Weight) -> Vec<(&'t str, bool)> {
        let strong: Vec<(usize, char, Option<bool>)> = text
            .char_indices()
            .map(|(i, c)| {
                (
                    i,
                    c,
                    if is_arabic(c) && c.is_alphabetic() {
                        Some(true)
                    } else if c.is_alphabetic() {
                        Some(false)
                    } else {
                        None
                    },
                )
            })
            .collect();
        let first = strong.iter().find_map(|(_, _, s)| *s).unwrap_or(false);
        let mut current = first;
        let mut classes = Vec::with_capacity(strong.len());
        for (i, c, class) in &strong {
            let mut arabic = class.unwrap_or(current);
            if class.is_none() && !self.face(arabic, weight).has(*c) && self.face(!arabic, weight).has(*c) {
                arabic = !arabic;
            }
            if class.is_some() {
                current = arabic;
            }
            classes.push((*i, arabic));
        }
        let mut segments = Vec::new();
        let mut start = 0;
        for window in classes.windows(2) {
            if window[0].1 != window[1].1 {
                segments.push((&text[start..window[1].0], window[0].1));
                start = window[1].0;
            }
        }
        if let Some(last) = classes.last() {
            segments.push((&text[start..], last.1));
        }
        segments
    }

    fn shape(&self, text: &str, face: &Face, rtl: bool, size: f32) -> Run {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
        buffer.set_script(face.script);
        let shaped = rustybuzz::shape_with_plan(&face.shaper, &face.plans[usize::from(rtl)], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        // The text layer: each glyph carries the characters it shows. A cluster
        // with as many glyphs as characters (a letter and its mark) maps one to
        // one; a ligature carries all its characters on one glyph.
        let mut starts: Vec<usize> = infos.iter().map(|i| index(i.cluster)).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |start: usize| starts.iter().find(|s| **s > start).copied().unwrap_or(text.len());
        let mut texts: Vec<String> = vec![String::new(); infos.len()];
        for start in &starts {
            let chars: Vec<char> = text.get(*start..end_of(*start)).unwrap_or("").chars().collect();
            let mut members: Vec<usize> = (0..infos.len()).filter(|i| index(infos[*i].cluster) == *start).collect();
            if rtl {
                members.reverse();
            }
            // One character per glyph in order; the last glyph takes what is
            // left (a ligature, or a base and a ligated pair of marks). Text
            // extractors read a right-to-left glyph's characters in the order
            // the glyphs are drawn and turn the line around (poppler read the
            // Allah ligature "لله" as "هلل"): its characters go in drawn order too.
            for (n, member) in members.iter().enumerate() {
                texts[*member] = if n + 1 == members.len() {
                    if rtl { chars.iter().skip(n).rev().collect() } else { chars.iter().skip(n).collect() }
                } else {
                    chars.get(n).map(|c| c.to_string()).unwrap_or_else(|| "\u{200B}".to_string())
                };
            }
        }
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut advance = 0i32;
        for ((info, pos), text) in infos.iter().zip(positions).zip(texts) {
            glyphs.push(Codepoint { gid: u16::try_from(info.glyph_id).unwrap_or(0), offset: 0.0, cid: Some(text) });
            advance += pos.x_advance;
        }
        Run { font: face.id.clone(), glyphs, width: to_f32(u32::try_from(advance).unwrap_or(0)) * size / face.units_per_em }
    }
}

impl Line {
    /// The operations that draw the line with its left end at (`x`, `y`) points.
    pub fn ops_at(&self, x: f32, y: f32) -> Vec<Op> {
        let mut ops = Vec::with_capacity(self.runs.len() * 4 + 2);
        ops.push(Op::StartTextSection);
        let mut cursor = x;
        for run in &self.runs {
            ops.push(Op::SetFont { font: PdfFontHandle::External(run.font.clone()), size: Pt(self.size) });
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(cursor), Pt(y)) });
            ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(run.glyphs.clone())] });
            cursor += run.width;
        }
        ops.push(Op::EndTextSection);
        ops
    }

    pub fn centred(&self, centre_x: f32, y: f32) -> Vec<Op> {
        self.ops_at(centre_x - self.width / 2.0, y)
    }

    pub fn right_aligned(&self, right_x: f32, y: f32) -> Vec<Op> {
        self.ops_at(right_x - self.width, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_arabic_and_mixed_lines_get_the_right_faces_and_order() {
        let fonts = Fonts::load().expect("fonts");
        let latin = fonts.line("Aïcha Ould-Ahmed", Weight::Bold, 20.0);
        assert_eq!(latin.runs.len(), 1);
        assert_eq!(latin.runs[0].font.0, "serif-bold");
        assert!(latin.width > 100.0 && latin.width < 250.0, "{}", latin.width);

        let arabic = fonts.line("عائشة ولد أحمد", Weight::Regular, 20.0);
        assert_eq!(arabic.runs.len(), 1);
        assert_eq!(arabic.runs[0].font.0, "naskh");
        // Shaped: the joined forms are not the isolated letters' glyphs, and
        // every character of the text is carried for extraction.
        let carried: String = arabic.runs[0].glyphs.iter().rev().filter_map(|g| g.cid.clone()).collect();
        assert_eq!(carried, "عائشة ولد أحمد");
        // Every glyph of what attestations print is in the prepared fonts.
        for text in ["برنامج تقوية — وكالة التنمية الاجتماعية", "حُرِّر في 22 نونبر 2026", "Aïcha Ould-Ahmed d'Almeida — « Fès-Meknès »"]
        {
            for run in fonts.line(text, Weight::Regular, 12.0).runs {
                let face = fonts.all().into_iter().find(|f| f.id == run.font).expect("face");
                assert!(run.glyphs.iter().all(|g| face.coverage.contains(&g.gid)), "{text}");
            }
        }

        let mixed = fonts.line("Amina بن علي", Weight::Regular, 12.0);
        let faces: Vec<&str> = mixed.runs.iter().map(|r| r.font.0.as_str()).collect();
        assert!(faces.contains(&"serif") && faces.contains(&"naskh"), "{faces:?}");

        // Latin words inside Arabic text keep the Latin face; no glyph is missing.
        let context = fonts.line("دورة تقوية — الفوج « Takwia — Moulay Yaacoub 2026 »، Fès-Meknès", Weight::Regular, 11.0);
        for run in &context.runs {
            assert!(run.glyphs.iter().all(|g| g.gid != 0), "a missing glyph in {run:?}");
        }
        let latin_run = context.runs.iter().find(|r| r.glyphs.iter().any(|g| g.cid.as_deref() == Some("T"))).expect("Takwia");
        assert_eq!(latin_run.font.0, "serif");
    }
}
