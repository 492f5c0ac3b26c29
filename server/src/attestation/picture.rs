//! Images printed on attestations: the issuing body's logo, a signatory's
//! signature and the stamp. Uploads are PNG or SVG, checked by their content;
//! an SVG is rasterised once, on upload, so that issuing only reads PNGs.
use shared::num::{index, to_f32};

/// The largest side of an uploaded PNG, in pixels (a signature printed 60 mm
/// wide needs about 700 at 300 dpi).
pub const MAX_SIDE: u32 = 2400;
/// The longest side an SVG is rasterised to.
const SVG_SIDE: f32 = 1200.0;

/// Why an upload is not an image Cursus prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Neither a PNG nor an SVG (a JPEG, a PDF, text…).
    NotAnImage,
    /// A PNG or SVG that cannot be read.
    Unreadable,
    TooLarge,
}

/// A PNG ready to store: the upload itself, or an SVG rasterised.
#[derive(Debug)]
pub struct Normalised {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

pub fn normalise(bytes: &[u8]) -> Result<Normalised, Refusal> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let (width, height) = png_size(bytes).ok_or(Refusal::Unreadable)?;
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(Refusal::TooLarge);
        }
        // Decoded whole once, so that a truncated file is refused now, not at issuance.
        Picture::from_png(bytes).map_err(|_| Refusal::Unreadable)?;
        return Ok(Normalised { png: bytes.to_vec(), width, height });
    }
    if looks_like_svg(bytes) {
        return rasterise(bytes);
    }
    Err(Refusal::NotAnImage)
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// The width and height in a PNG's header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().ok()?;
    let info = reader.info();
    Some((info.width, info.height))
}

fn rasterise(bytes: &[u8]) -> Result<Normalised, Refusal> {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        resources_dir: None,
        // Nothing outside the file itself: no path on the server, no address.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|_| Refusal::Unreadable)?;
    let size = tree.size();
    let scale = SVG_SIDE / size.width().max(size.height());
    if !scale.is_finite() || scale <= 0.0 {
        return Err(Refusal::Unreadable);
    }
    let (width, height) = ((size.width() * scale).ceil().max(1.0), (size.height() * scale).ceil().max(1.0));
    let (width, height) = (shared::num::u32_of_f32(width), shared::num::u32_of_f32(height));
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(Refusal::Unreadable)?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|_| Refusal::Unreadable)?;
    Ok(Normalised { png, width, height })
}

/// An image decoded and compressed for a PDF: its colours, and its
/// transparency as a soft mask when it has any (a stamp over a signature).
#[derive(Debug)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

impl Picture {
    pub fn from_png(bytes: &[u8]) -> anyhow::Result<Picture> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| anyhow::anyhow!("not a PNG: {e}"))?;
        let mut buffer = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buffer).map_err(|e| anyhow::anyhow!("the PNG cannot be read: {e}"))?;
        let pixels = &buffer[..frame.buffer_size()];
        let channels = frame.color_type.samples();
        let count = index(frame.width) * index(frame.height);
        let mut rgb = Vec::with_capacity(count * 3);
        let mut alpha = Vec::with_capacity(count);
        for px in pixels.chunks(channels) {
            let (r, g, b, a) = match px {
                [v] => (*v, *v, *v, 255),
                [v, a] => (*v, *v, *v, *a),
                [r, g, b] => (*r, *g, *b, 255),
                [r, g, b, a] => (*r, *g, *b, *a),
                _ => (255, 255, 255, 0),
            };
            rgb.extend([r, g, b]);
            alpha.push(a);
        }
        let opaque = alpha.iter().all(|a| *a == 255);
        Ok(Picture { width: frame.width, height: frame.height, rgb: deflate(&rgb)?, alpha: if opaque { None } else { Some(deflate(&alpha)?) } })
    }

    /// The image (and its mask) as PDF objects, named `name` on `page`.
    pub fn add_to(&self, lo: &mut lopdf::Document, page: lopdf::ObjectId, name: &str) -> anyhow::Result<()> {
        let image = |colour_space: &[u8], data: &[u8], mask: Option<lopdf::ObjectId>| {
            let mut dict = lopdf::Dictionary::new();
            dict.set("Type", lopdf::Object::Name(b"XObject".to_vec()));
            dict.set("Subtype", lopdf::Object::Name(b"Image".to_vec()));
            dict.set("Width", i64::from(self.width));
            dict.set("Height", i64::from(self.height));
            dict.set("ColorSpace", lopdf::Object::Name(colour_space.to_vec()));
            dict.set("BitsPerComponent", 8);
            dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            if let Some(mask) = mask {
                dict.set("SMask", lopdf::Object::Reference(mask));
            }
            lopdf::Stream::new(dict, data.to_vec()).with_compression(false)
        };
        let mask = self.alpha.as_ref().map(|alpha| lo.add_object(image(b"DeviceGray", alpha, None)));
        let id = lo.add_object(image(b"DeviceRGB", &self.rgb, mask));
        lo.add_xobject(page, name, id).map_err(|e| anyhow::anyhow!("image {name}: {e}"))
    }

    /// The drawing that fits the image in a `(w, h)` box whose lower-left
    /// corner is `(x, y)`, centred horizontally and sitting on the box's base.
    pub fn draw(&self, name: &str, (x, y): (f32, f32), (w, h): (f32, f32)) -> String {
        let scale = (w / to_f32(self.width)).min(h / to_f32(self.height));
        let (dw, dh) = (to_f32(self.width) * scale, to_f32(self.height) * scale);
        format!("q {dw:.2} 0 0 {dh:.2} {:.2} {y:.2} cm /{name} Do Q\n", x + (w - dw) / 2.0)
    }
}

fn deflate(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNATURE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100"><path d="M10 80 C 60 10, 90 10, 120 70 S 200 90, 290 20" stroke="#123" stroke-width="6" fill="none"/></svg>"##;

    #[test]
    fn an_svg_is_rasterised_to_a_png_with_its_proportions() {
        let out = normalise(SIGNATURE_SVG.as_bytes()).expect("an SVG signature");
        assert_eq!((out.width, out.height), (1200, 400));
        let picture = Picture::from_png(&out.png).expect("reads back");
        assert!(picture.alpha.is_some(), "the background stays transparent");
    }

    #[test]
    fn what_is_not_a_png_or_an_svg_is_refused() {
        assert_eq!(normalise(b"%PDF-1.7 ...").unwrap_err(), Refusal::NotAnImage);
        assert_eq!(normalise(b"\xff\xd8\xff\xe0 a JPEG").unwrap_err(), Refusal::NotAnImage);
        assert_eq!(normalise(b"\x89PNG\r\n\x1a\n truncated").unwrap_err(), Refusal::Unreadable);
        assert_eq!(normalise(b"<svg xmlns='http://www.w3.org/2000/svg'><path d=").unwrap_err(), Refusal::Unreadable);
    }

    #[test]
    fn an_svg_cannot_read_files_of_the_server() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/hostname" width="10" height="10"/><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>"#;
        let out = normalise(svg.as_bytes()).expect("renders, without the images");
        let picture = Picture::from_png(&out.png).expect("reads back");
        let alpha = picture.alpha.expect("transparent");
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&alpha[..]), &mut inflated).expect("inflates");
        assert!(inflated.iter().all(|a| *a == 0), "nothing was drawn from outside the file");
    }
}
