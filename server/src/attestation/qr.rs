//! The QR code as a 1-bit image with one pixel per module (about a kilobyte,
//! nothing to compress); viewers scale it without smoothing, so the modules
//! stay square.
use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

pub struct Bitmap {
    /// Pixels per side, quiet zone included.
    pub side: usize,
    /// Rows of bits, most significant first, each row padded to a byte; 0 is black.
    pub bits: Vec<u8>,
}

/// `payload` as a QR code with a quiet zone of four modules: the smallest
/// version at error correction L, raised to M or above when that version has
/// room. On a photocopy or a cheap camera blur is what fails, and larger
/// modules resist it better than more repair bytes do. The mask is fixed:
/// scoring the eight by the standard's penalty rules took 0.8 ms, twice the
/// rest of the PDF, and mask 0 scans as low as the chosen one did (120 to
/// 130 dpi, `tests/api/printed_qr.rs` and BENCHMARKS.md).
pub fn image(payload: &str) -> anyhow::Result<Bitmap> {
    let segments = segments(payload);
    let qr = QrCode::encode_segments_advanced(&segments, QrCodeEcc::Low, Version::MIN, Version::MAX, Some(Mask::new(0)), true)
        .map_err(|e| anyhow::anyhow!("QR code: {e}"))?;
    let n = usize::try_from(qr.size()).unwrap_or(0);
    let side = n + 8;
    let row_bytes = side.div_ceil(8);
    let mut bits = vec![0xFFu8; row_bytes * side];
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(i32::try_from(x).unwrap_or(i32::MAX), i32::try_from(y).unwrap_or(i32::MAX)) {
                let (row, col) = (y + 4, x + 4);
                bits[row * row_bytes + col / 8] &= !(0x80 >> (col % 8));
            }
        }
    }
    Ok(Bitmap { side, bits })
}

/// `payload` as an SVG for a screen (the trainer's check-in code): one path of
/// unit squares, with a quiet zone, scaled by the page without blurring.
pub fn svg(payload: &str) -> anyhow::Result<String> {
    let qr = QrCode::encode_segments_advanced(&segments(payload), QrCodeEcc::Medium, Version::MIN, Version::MAX, None, true)
        .map_err(|e| anyhow::anyhow!("QR code: {e}"))?;
    let n = qr.size();
    let mut path = String::with_capacity(usize::try_from(n * n).unwrap_or(0) * 4);
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let side = n + 8;
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges" role="img"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

/// The longest tail the alphanumeric mode can hold (upper case, digits,
/// `/`, `:`…) in that mode, what comes before it as bytes: a lower-case
/// address followed by a long upper-case seal costs 5.5 bits a character
/// instead of 8 for the seal.
fn segments(payload: &str) -> Vec<QrSegment> {
    const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let split = payload.char_indices().rev().take_while(|(_, c)| ALPHANUMERIC.contains(*c)).last().map_or(payload.len(), |(i, _)| i);
    let (head, tail) = payload.split_at(split);
    if tail.len() < 16 {
        return QrSegment::make_segments(payload);
    }
    let mut segments = if head.is_empty() { Vec::new() } else { vec![QrSegment::make_bytes(head.as_bytes())] };
    segments.push(QrSegment::make_alphanumeric(tail));
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upper_case_tail_is_stored_alphanumeric_and_the_address_as_bytes() {
        let parts = segments("https://cursus.example.org/V/K7QF9ZC2HM4TXW8P/GEZDGNBVGY3TQOJQ");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].mode(), qrcodegen::QrSegmentMode::Byte);
        assert_eq!(parts[0].num_chars(), "https://cursus.example.org".len());
        assert_eq!(parts[1].mode(), qrcodegen::QrSegmentMode::Alphanumeric);
        assert_eq!(segments("https://cursus.example.org/verify/abc").len(), 1);
    }
}
