//! QR codes as standalone SVG: the check-in link on a sign-in sheet, a
//! survey's link on a poster, and the same image on web pages.
//!
//! Medium error correction (a sheet that got a coffee stain still scans), the
//! standard four-module quiet zone, one module per SVG unit (the viewBox is the
//! code's size in modules, the picture scales to any size), black on white, no
//! external references, no scripts, no text.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// A QR code of `text` as an SVG document.
///
/// # Panics
///
/// When `text` is longer than any QR code holds (2,331 bytes at level M,
/// 2,953 at L): far beyond a link. Use [`try_svg`] for text from elsewhere.
pub fn svg(text: &str) -> String {
    try_svg(text).unwrap_or_else(|| {
        panic!(
            "{} bytes do not fit in a QR code (links are far shorter)",
            text.len()
        )
    })
}

/// [`svg`], or None when `text` does not fit in a QR code. Level M, or L when
/// only that fits.
pub fn try_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text, EcLevel::L))
        .ok()?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(1, 1)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG's modules back as a bitmap: `viewBox` gives the size, the one
    /// path's `M x y h w v h H x V y` rectangles the dark modules.
    fn modules(svg: &str) -> (usize, Vec<bool>) {
        let view_box = svg.split("viewBox=\"").nth(1).unwrap();
        let view_box: Vec<usize> = view_box
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(view_box[..2], [0, 0]);
        assert_eq!(view_box[2], view_box[3], "square");
        let size = view_box[2];
        let mut dark = vec![false; size * size];
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let numbers: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let [x, y, w, h, ..] = numbers[..] else {
                panic!("rectangle {rect}")
            };
            for row in y..y + h {
                for col in x..x + w {
                    dark[row * size + col] = true;
                }
            }
        }
        (size, dark)
    }

    /// Decodes the SVG as a phone would see it: drawn at 6 pixels a module.
    fn decode(svg: &str) -> String {
        let (size, dark) = modules(svg);
        const SCALE: usize = 6;
        let pixels = size * SCALE;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            if dark[(y / SCALE) * size + x / SCALE] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code");
        let (meta, text) = grids[0].decode().expect("decodes");
        assert_eq!(meta.ecc_level, 0, "rqrr numbers M as 0");
        text
    }

    #[test]
    fn the_svg_is_standalone_and_decodes_to_the_text() {
        let url = "https://sujarit.example.go.th/o/nakhon/checkin/Zq8x3Lr0VbN2kWc7Tg5Ya1";
        let image = svg(url);
        assert!(image.starts_with("<?xml"), "{image}");
        assert!(image.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(image.contains("viewBox=\"0 0 "));
        assert!(image.trim_end().ends_with("</svg>"));
        for external in ["href", "<script", "<image", "url(", "<text"] {
            assert!(!image.contains(external), "{external}");
        }
        let (size, dark) = modules(&image);
        // The quiet zone: four light modules on every side.
        for i in 0..size {
            for j in 0..4 {
                for (x, y) in [(i, j), (j, i), (i, size - 1 - j), (size - 1 - j, i)] {
                    assert!(!dark[y * size + x], "({x}, {y}) is in the quiet zone");
                }
            }
        }
        assert_eq!(decode(&image), url);
        // Thai text survives too (UTF-8 in byte mode).
        assert_eq!(decode(&svg("แบบสำรวจความพึงพอใจ")), "แบบสำรวจความพึงพอใจ");
    }

    #[test]
    fn different_texts_give_different_codes_and_the_same_text_the_same() {
        let a = svg("https://example.go.th/s/abc");
        assert_eq!(a, svg("https://example.go.th/s/abc"));
        assert_ne!(a, svg("https://example.go.th/s/abd"));
    }

    #[test]
    fn text_too_long_for_a_qr_code_is_refused() {
        assert!(try_svg(&"x".repeat(2_900)).is_some(), "level L holds it");
        assert!(try_svg(&"x".repeat(3_000)).is_none());
    }
}
