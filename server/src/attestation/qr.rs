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

/// `payload` as a QR code (error correction M) with a quiet zone of four
/// modules. The mask is fixed: every mask is valid, and scoring all eight
/// costs more than the rest of the attestation.
pub fn image(payload: &str) -> anyhow::Result<Bitmap> {
    let segments = QrSegment::make_segments(payload);
    let qr = QrCode::encode_segments_advanced(&segments, QrCodeEcc::Medium, Version::MIN, Version::MAX, Some(Mask::new(0)), true)
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
