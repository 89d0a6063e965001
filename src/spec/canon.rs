//! The page a book gets when book.toml leaves it open: the margin canon derived from the
//! trim (gutter < head < fore-edge < foot), the type scale that moves the body to another
//! page size without going under a reading size, and what gives way at small sizes
//! (the margins, in proportion, before any type). Rules and sources:
//! `docs/book-conventions.md`, "Margins" and "Type scale".

use super::{Book, PageSpec};

/// Gutter (inside) margin, as a fraction of the trim width.
pub const GUTTER: f32 = 0.095;
/// Fore-edge (outside) margin, as a fraction of the trim width: half as wide again as the
/// gutter, so the two text blocks of a spread read as one and the fore-edge absorbs creep.
pub const FORE_EDGE: f32 = 0.145;
/// Head (top) margin, as a fraction of the trim height.
pub const HEAD: f32 = 0.076;
/// Foot (bottom) margin, as a fraction of the trim height; it also carries the folio.
pub const FOOT: f32 = 0.105;

/// The body a book gets at A5 when `[type] size` is not written; at other trims it follows
/// [`body_size`] from there.
pub const BODY_AT_A5: f32 = 10.5;
/// The width of A5 in points (148 mm), which [`BODY_AT_A5`] is for.
pub const A5_WIDTH: f32 = 148.0 * 72.0 / 25.4;

/// The body is never set under this size when the book is moved to another page size.
pub const MIN_BODY: f32 = 9.5;
/// Nothing the layout sizes by itself (folios, numerals, colophon, verse shrunk to fit,
/// chart figures) goes under this size.
pub const MIN_AUTO: f32 = 8.0;
/// The measure the margins give way to keep, in ems of the body.
pub const MIN_MEASURE_EM: f32 = 26.0;
/// The margins never give way below this fraction of the canon.
pub const MIN_MARGIN_SCALE: f32 = 0.7;

/// The canon's margins for a trim of `width` × `height` points: (inside, outside, top,
/// bottom).
pub fn margins(width: f32, height: f32) -> (f32, f32, f32, f32) {
    (width * GUTTER, width * FORE_EDGE, height * HEAD, height * FOOT)
}

/// Margins the poet did not fix give way, all four in proportion, until the measure holds
/// [`MIN_MEASURE_EM`] ems of `body` (but never below [`MIN_MARGIN_SCALE`] of what they
/// were). Records the factor in `page.margin_scale`.
pub fn give_way(page: &mut PageSpec, body: f32) {
    let sides = page.inside + page.outside;
    let want = MIN_MEASURE_EM * body;
    if sides <= 0.0 || page.width - sides >= want {
        return;
    }
    let k = ((page.width - want) / sides).clamp(MIN_MARGIN_SCALE, 1.0);
    page.inside *= k;
    page.outside *= k;
    page.top *= k;
    page.bottom *= k;
    page.margin_scale *= k;
}

/// The body size at another page: scaled by the square root of the width ratio (within
/// 0.8–1.2), and never under [`MIN_BODY`] unless the poet's own size already was.
pub fn body_size(size: f32, width_ratio: f32) -> f32 {
    let scaled = size * width_ratio.sqrt().clamp(0.8, 1.2);
    scaled.max(MIN_BODY.min(size))
}

/// The body of a book whose book.toml writes no `[type] size`, at a trim `width` points
/// wide: [`BODY_AT_A5`] moved there by [`body_size`].
pub fn default_body(width: f32) -> f32 {
    body_size(BODY_AT_A5, width / A5_WIDTH)
}

/// What gave way at this size so that the type could stay as it is, in words for the
/// build summary (empty: nothing).
pub fn gave_way(book: &Book) -> Vec<String> {
    let p = &book.page;
    if p.margin_scale < 0.999 {
        vec![format!(
            "margins at {:.0} % of the canon, to keep a measure of {:.0} ems at {:.1}pt",
            p.margin_scale * 100.0,
            (p.width - p.inside - p.outside) / book.body.size,
            book.body.size
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canon_is_gutter_head_fore_edge_foot_at_every_preset() {
        for paper in crate::paper::trims() {
            let (name, (w, h)) = (paper.name, paper.size());
            let (i, o, t, b) = margins(w, h);
            assert!(i < o, "{name}: gutter {i} fore-edge {o}");
            assert!(t < b, "{name}: head {t} foot {b}");
            assert!(i < t, "{name}: gutter {i} head {t}");
        }
    }

    #[test]
    fn the_body_never_goes_under_the_reading_size_unless_the_poet_set_it_so() {
        assert!((body_size(10.5, 105.0 / 148.0) - MIN_BODY).abs() < 1e-4);
        assert!((body_size(10.5, 1.0) - 10.5).abs() < 1e-4);
        assert!((body_size(8.0, 0.7) - 8.0).abs() < 1e-4, "the poet's 8pt stays 8pt");
        assert!(body_size(10.5, 1.5) <= 10.5 * 1.2 + 1e-4);
    }
}
