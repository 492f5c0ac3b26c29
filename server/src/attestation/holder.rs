//! How the holder's name is set so that it prints whole: one line at the
//! full size, shrunk down to a floor; past it, two lines broken between words
//! where the halves are most even, at most 20 pt so that they take the room
//! of one line, shrunk down to a lower floor. A name that
//! still does not fit is refused, with the reason, rather than clipped by the
//! page's edge.
use crate::attestation::text::{Fonts, Line, Weight};

/// Sizes in points.
pub const FULL: f32 = 27.0;
const ONE_LINE_FLOOR: f32 = 20.0;
/// Two lines take the room of one: they start smaller.
const TWO_LINES_MAX: f32 = 20.0;
const TWO_LINES_FLOOR: f32 = 12.0;

/// A name too long for the page at the smallest size allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the holder's name does not fit on the attestation, even on two lines at 12 pt")
    }
}

impl std::error::Error for TooLong {}

/// The name's lines (one or two, top first) within `width` points.
pub fn lines(fonts: &Fonts, name: &str, width: f32) -> Result<Vec<Line>, TooLong> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = fonts.line(&name, Weight::Bold, FULL);
    if whole.width <= width {
        return Ok(vec![whole]);
    }
    let size = FULL * width / whole.width;
    if size >= ONE_LINE_FLOOR {
        return Ok(vec![fonts.line(&name, Weight::Bold, size)]);
    }
    // Widths at the full size scale linearly with the size, so the most even
    // break at the full size is the most even at any size.
    let words: Vec<&str> = name.split(' ').collect();
    let best = (1..words.len())
        .map(|at| {
            let (top, bottom) = (words[..at].join(" "), words[at..].join(" "));
            let widest = fonts.line(&top, Weight::Bold, FULL).width.max(fonts.line(&bottom, Weight::Bold, FULL).width);
            (widest, top, bottom)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((widest, top, bottom)) = best else { return Err(TooLong) };
    let size = (FULL * width / widest).min(TWO_LINES_MAX);
    if size < TWO_LINES_FLOOR {
        return Err(TooLong);
    }
    Ok(vec![fonts.line(&top, Weight::Bold, size), fonts.line(&bottom, Weight::Bold, size)])
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDTH: f32 = 680.0;

    fn fonts() -> Fonts {
        Fonts::load().unwrap_or_else(|e| panic!("fonts: {e}"))
    }

    fn parts(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn a_usual_name_is_one_line_at_full_size() {
        let lines = lines(&fonts(), "Aïcha Ould-Ahmed d'Almeida", WIDTH).unwrap_or_default();
        assert_eq!(lines.len(), 1);
        assert!((lines[0].size - FULL).abs() < f32::EPSILON);
    }

    #[test]
    fn longer_names_shrink_then_wrap_and_always_fit() {
        let f = fonts();
        for name in [parts(10, "Mohamed"), parts(20, "Ould"), parts(10, "محمد"), parts(20, "ولد")] {
            let lines = lines(&f, &name, WIDTH).unwrap_or_default();
            assert!(!lines.is_empty(), "{name}");
            for line in &lines {
                assert!(line.width <= WIDTH + 0.5, "{name}: {} > {WIDTH}", line.width);
                assert!(line.size >= TWO_LINES_FLOOR, "{name}: {} pt", line.size);
            }
        }
        assert_eq!(lines(&f, &parts(20, "Ould"), WIDTH).map(|l| l.len()), Ok(2));
    }

    #[test]
    fn a_name_that_cannot_fit_is_refused() {
        // 200 characters, the most a name may have, fit in usual words…
        let longest = parts(20, "Abdallahi");
        assert_eq!(longest.chars().count(), 199);
        assert!(lines(&fonts(), &longest, WIDTH).is_ok());
        // …but not as one unbreakable word, nor as 200 of the widest letter.
        assert_eq!(lines(&fonts(), &"A".repeat(200), WIDTH).err(), Some(TooLong));
        assert_eq!(lines(&fonts(), &parts(67, "WW"), WIDTH).err(), Some(TooLong));
    }
}
