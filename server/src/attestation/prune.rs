//! Prunes a TrueType font to a set of glyphs *without renumbering them*: the
//! outlines of other glyphs are emptied, layout tables the PDF does not need
//! are dropped. Glyph ids from shaping the original font stay valid, so the
//! pruned font can be prepared (and compressed) once and embedded as it is.
use std::collections::BTreeSet;

use shared::num::{index, u16_of, u32_of_len};

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

struct Table<'a> {
    tag: [u8; 4],
    data: &'a [u8],
}

fn tables(font: &[u8]) -> Option<Vec<Table<'_>>> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let record = 12 + i * 16;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = index(u32_at(font, record + 8)?);
            let length = index(u32_at(font, record + 12)?);
            Some(Table { tag, data: font.get(offset..offset + length)? })
        })
        .collect()
}

/// The glyph ids a composite glyph is made of.
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(id);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font with only `keep` (and the glyphs they are composed of, and
/// `.notdef`) keeping outlines. `None` if the font is not a TrueType font.
pub fn prune(font: &[u8], keep: &BTreeSet<u16>) -> Option<Vec<u8>> {
    pruned(font, keep, false)
}

/// Pruned for one document: also the metrics of the other glyphs zeroed and
/// no `cmap` — a PDF's CID font takes its widths from `/W` and its glyphs by
/// id, so neither is read — which leaves a few kilobytes once compressed.
pub fn prune_for_document(font: &[u8], keep: &BTreeSet<u16>) -> Option<Vec<u8>> {
    pruned(font, keep, true)
}

fn pruned(font: &[u8], keep: &BTreeSet<u16>, slim: bool) -> Option<Vec<u8>> {
    let tables = tables(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    let head = find(b"head")?;
    let maxp = find(b"maxp")?;
    let loca = find(b"loca")?;
    let glyf = find(b"glyf")?;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? == 1;
    let offset =
        |gid: usize| -> Option<usize> { if long { u32_at(loca, gid * 4).map(index) } else { u16_at(loca, gid * 2).map(|o| usize::from(o) * 2) } };
    let glyph = |gid: usize| -> Option<&[u8]> { glyf.get(offset(gid)?..offset(gid + 1)?) };

    // The closure of `keep` under composite references.
    let mut kept: BTreeSet<u16> = keep.iter().copied().filter(|g| usize::from(*g) < glyphs).collect();
    kept.insert(0);
    let mut pending: Vec<u16> = kept.iter().copied().collect();
    while let Some(gid) = pending.pop() {
        for part in components(glyph(usize::from(gid))?) {
            if usize::from(part) < glyphs && kept.insert(part) {
                pending.push(part);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for gid in 0..glyphs {
        new_loca.extend_from_slice(&u32_of_len(new_glyf.len()).to_be_bytes());
        if kept.contains(&u16_of(gid)) {
            new_glyf.extend_from_slice(glyph(gid)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&u32_of_len(new_glyf.len()).to_be_bytes());
    // A document's few glyphs fit the short format (offsets / 2 in 16 bits):
    // half the table to write and to deflate.
    let short = slim && new_glyf.len() < 0x1_0000 * 2;
    if short {
        new_loca = new_loca.chunks(4).flat_map(|o| u16_of(index(u32::from_be_bytes([o[0], o[1], o[2], o[3]]) / 2)).to_be_bytes()).collect();
    }
    let mut new_head = head.to_vec();
    new_head.get_mut(50..52)?.copy_from_slice(&u16::from(!short).to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    // Version 3 `post`: no glyph names.
    let mut post = find(b"post")?.get(..32)?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    let hmtx = if slim { slim_metrics(find(b"hmtx")?, usize::from(u16_at(find(b"hhea")?, 34)?), glyphs, &kept) } else { None };

    // Layout tables are for shaping, which happens on the original font.
    const DROPPED: [&[u8; 4]; 8] = [b"GSUB", b"GPOS", b"GDEF", b"kern", b"DSIG", b"BASE", b"JSTF", b"MATH"];
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|t| !(DROPPED.contains(&&t.tag) || (slim && &t.tag == b"cmap")))
        .map(|t| {
            let data = match &t.tag {
                b"glyf" => new_glyf.clone(),
                b"loca" => new_loca.clone(),
                b"head" => new_head.clone(),
                b"post" => post.clone(),
                b"hmtx" if hmtx.is_some() => hmtx.clone().unwrap_or_default(),
                _ => t.data.to_vec(),
            };
            (t.tag, data)
        })
        .collect();
    out_tables.sort_by_key(|a| a.0);

    let count = u16_of(out_tables.len());
    let power = 1u16 << (15 - count.leading_zeros());
    let mut out = Vec::new();
    out.extend_from_slice(&u32_at(font, 0)?.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&(power * 16).to_be_bytes());
    out.extend_from_slice(&u16_of(index(power.trailing_zeros())).to_be_bytes());
    out.extend_from_slice(&(count * 16 - power * 16).to_be_bytes());
    let mut at = 12 + out_tables.len() * 16;
    let mut records = Vec::new();
    for (tag, data) in &out_tables {
        // No reader of a PDF's embedded font checks them; a document's font skips them.
        let sum = if slim { 0 } else { checksum(data) };
        records.push((*tag, sum, u32_of_len(at), u32_of_len(data.len())));
        at += data.len().div_ceil(4) * 4;
    }
    for (tag, sum, offset, length) in &records {
        out.extend_from_slice(tag);
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&offset.to_be_bytes());
        out.extend_from_slice(&length.to_be_bytes());
    }
    let mut head_at = None;
    for ((tag, data), record) in out_tables.iter().zip(&records) {
        if tag == b"head" {
            head_at = Some(index(record.2));
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = if slim { 0 } else { 0xB1B0_AFBAu32.wrapping_sub(checksum(&out)) };
    let head_at = head_at?;
    out.get_mut(head_at + 8..head_at + 12)?.copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// `hmtx` with the entries of glyphs not kept set to zero (same length).
fn slim_metrics(hmtx: &[u8], long_metrics: usize, glyphs: usize, kept: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let mut out = hmtx.to_vec();
    for gid in 0..glyphs {
        if kept.contains(&u16_of(gid)) {
            continue;
        }
        let (at, len) = if gid < long_metrics { (gid * 4, 4) } else { (long_metrics * 4 + (gid - long_metrics) * 2, 2) };
        out.get_mut(at..at + len)?.fill(0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_keeps_glyph_ids_and_the_kept_outlines() {
        let original: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Regular.ttf");
        let face = ttf_parser::Face::parse(original, 0).expect("font");
        let a = face.glyph_index('A').expect("A").0;
        let e_acute = face.glyph_index('é').expect("é").0;
        let z = face.glyph_index('z').expect("z").0;
        let keep: BTreeSet<u16> = [a, e_acute].into_iter().collect();
        let pruned = prune(original, &keep).expect("pruned");
        assert!(pruned.len() < original.len() / 2, "{} vs {}", pruned.len(), original.len());
        let small = ttf_parser::Face::parse(&pruned, 0).expect("still a font");
        assert_eq!(small.number_of_glyphs(), face.number_of_glyphs(), "no renumbering");
        assert_eq!(small.glyph_index('A').map(|g| g.0), Some(a));
        let bbox = |f: &ttf_parser::Face, g: u16| f.glyph_bounding_box(ttf_parser::GlyphId(g));
        assert_eq!(bbox(&small, a), bbox(&face, a));
        assert_eq!(bbox(&small, e_acute), bbox(&face, e_acute), "a composite keeps its parts");
        assert_eq!(bbox(&small, z), None, "other outlines are gone");
        assert_eq!(small.glyph_hor_advance(ttf_parser::GlyphId(z)), face.glyph_hor_advance(ttf_parser::GlyphId(z)));
        // For one document: the kept glyphs' metrics only, no character map.
        let slim = prune_for_document(original, &keep).expect("pruned for a document");
        let slim_face = ttf_parser::Face::parse(&slim, 0).expect("still a font");
        assert_eq!(bbox(&slim_face, a), bbox(&face, a));
        assert_eq!(slim_face.glyph_hor_advance(ttf_parser::GlyphId(a)), face.glyph_hor_advance(ttf_parser::GlyphId(a)));
        assert_eq!(slim_face.glyph_hor_advance(ttf_parser::GlyphId(z)), Some(0));
        assert_eq!(slim_face.glyph_index('A'), None, "no cmap");
        let deflated = |b: &[u8]| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, b).expect("deflate");
            e.finish().expect("deflate").len()
        };
        assert!(deflated(&slim) * 3 < deflated(&pruned), "{} vs {}", deflated(&slim), deflated(&pruned));
    }
}
