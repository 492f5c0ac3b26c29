//! Conversions between the integer types of the database (signed), the API
//! (unsigned) and collections (`usize`), without `as`: a value that does not
//! fit saturates instead of wrapping silently.

/// A stored count or mark (never negative by the schema's checks) for the API.
pub fn u32_of(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// An API number for a 32-bit column.
pub fn i32_of(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub fn u64_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// How many items, as the API counts them.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn count64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A position or count from a file format or the API as an index.
pub fn index(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A length written into a 16-bit field of a file format (saturating).
pub fn u16_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A length written into a 32-bit field of a file format (saturating).
pub fn u32_of_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A small integer (font units, pixels, points) as a float for layout.
/// Exact below 2^24, far above any size a page or a font uses.
#[allow(clippy::as_conversions)]
pub fn to_f32(n: u32) -> f32 {
    n as f32
}

/// A pixel size computed as a float (a rasterised drawing): saturating,
/// negative and NaN give 0.
#[allow(clippy::as_conversions, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn u32_of_f32(value: f32) -> u32 {
    value as u32
}

/// A mean or ratio in whole tenths (4.56 → 46), for display without float
/// formatting. Saturating `as` from float is Rust's defined behaviour (NaN
/// gives 0); the values shown (marks, means on 1–5 or 0–100) are far inside.
#[allow(clippy::as_conversions, clippy::cast_possible_truncation)]
pub fn tenths(value: f64) -> i64 {
    (value * 10.0).round() as i64
}

/// A whole number as JavaScript holds it (an f64: exact for milliseconds
/// since 1970 on any date people plan), and back; out of range saturates
/// (NaN gives 0).
#[allow(clippy::as_conversions, clippy::cast_precision_loss)]
pub fn js_number(ms: i64) -> f64 {
    ms as f64
}

#[allow(clippy::as_conversions, clippy::cast_possible_truncation)]
pub fn from_js_number(ms: f64) -> i64 {
    ms as i64
}

/// The 1-based position of the item at `index`.
pub fn ordinal(index: usize) -> i32 {
    i32::try_from(index).map_or(i32::MAX, |i| i.saturating_add(1))
}

/// `part` as a whole percentage of `whole` (0 when `whole` is 0), rounded.
pub fn percent(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        return 0;
    }
    let rounded = (part.saturating_mul(200) + whole) / (whole * 2);
    u32::try_from(rounded).unwrap_or(u32::MAX)
}

/// A count as a JavaScript number (exact below 2^53, far beyond any count here).
#[allow(clippy::as_conversions, clippy::cast_precision_loss)]
pub fn u64_as_f64(n: u64) -> f64 {
    n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_saturate() {
        assert_eq!(u32_of(-3), 0);
        assert_eq!(i32_of(u32::MAX), i32::MAX);
        assert_eq!(u64_of(-1), 0);
        assert_eq!(ordinal(0), 1);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(tenths(4.56), 46);
        assert_eq!(tenths(-0.25), -3);
        assert_eq!(tenths(f64::NAN), 0);
    }
}
