//! The spec stage: `layout/book.toml` and the section files → a typed, validated
//! [`Book`]. Reading and validation report every independent problem at once, each with
//! its file, line and column ([`crate::diag`]).

pub(crate) mod canon;
mod explain;
pub(crate) mod inline;
mod keys;
mod language;
mod load;
mod model;
pub(crate) mod raw;
mod style;
#[cfg(test)]
mod tests;

pub use load::load;
pub(crate) use load::load_for_size;
pub(crate) use load::suggest;
pub(crate) use model::Frame;
pub use model::{
    Align, Art, Block, BlockKind, Book, Chart, Free, OnPath, Overflow, PageSpec, PrintSpec, Section, Start, TitleVerso,
    TypeSpec, Verse,
};
// The model's finer parts (faces, visual poems' geometry, the cover, font references) are
// read by layout and cover, not by embedders: their fields are `pub(crate)` above.
pub(crate) use model::{Along, BarStyle, CoverSpec, Face, PathAlign, PathShape};
pub(crate) use style::Style;

/// Replaces the page size from the command line (`--page-size a6`). Margins book.toml
/// left open are the canon of the new trim; margins it wrote keep their proportion to the
/// page. A body book.toml wrote scales with the square root of the width ratio (within
/// 0.8–1.2) but never under [`canon::MIN_BODY`]; one it left open is the new trim's
/// default ([`canon::default_body`]), as if the book had been written at that trim; then the margins give way, in proportion, to keep the
/// measure ([`canon::give_way`]).
pub(crate) fn override_page_size(book: &mut Book, size: &str) -> Result<(), Vec<crate::diag::Diagnostic>> {
    let (w, h) = page_size(size).map_err(|e| vec![crate::diag::Diagnostic::error(format!("--page-size: {e}"))])?;
    let p = &mut book.page;
    let (sx, sy) = (w / p.width, h / p.height);
    if p.margins_written {
        p.inside *= sx;
        p.outside *= sx;
        p.top *= sy;
        p.bottom *= sy;
    } else {
        (p.inside, p.outside, p.top, p.bottom) = canon::margins(w, h);
    }
    p.margin_scale = 1.0;
    // Type follows the page too, more gently than the margins.
    let size_before = book.body.size;
    book.body.size = if book.body.size_written { canon::body_size(size_before, sx) } else { canon::default_body(w) };
    book.body.leading *= book.body.size / size_before;
    let p = &mut book.page;
    p.width = w;
    p.height = h;
    p.size_name = size.trim().to_ascii_lowercase();
    canon::give_way(p, book.body.size);
    Ok(())
}

/// Smallest and largest page side in points (1in and about 700mm), as book.toml allows.
pub(crate) const PAGE_SIDE_PT: (f32, f32) = (72.0, 2000.0);

/// A page size from the command line: a preset or `WxH`, each side within 72 to 2000
/// points (1 inch to about 700 mm).
pub(crate) fn page_size(size: &str) -> Result<(f32, f32), crate::Error> {
    page_points(size).map_err(crate::Error::from)
}

/// [`page_size`], the error as a sentence (for the spec's diagnostics and the command's).
pub(crate) fn page_points(size: &str) -> Result<(f32, f32), String> {
    let (w, h) = crate::units::parse_page_size(size).map_err(|e| e.0)?;
    let ok = |v: f32| (PAGE_SIDE_PT.0..=PAGE_SIDE_PT.1).contains(&v);
    if ok(w) && ok(h) {
        Ok((w, h))
    } else {
        Err(format!("page size `{size}` is out of range: pages must be between 1in and 700mm on each side"))
    }
}
