//! Items that may leave the page (free items, text on a path, turned blocks) measured
//! against the trim once their page and its side are known. Nothing is moved or clipped:
//! a warning at the spec line says which edge and by how much, and what to do.

use super::fragment::{bounds, union};
use super::paginate::PageBuild;
use crate::diag::Diagnostic;
use crate::spec::Book;
use crate::units::PT_PER_MM;

/// Past the trim by less than this (points) is not worth a word.
const TOLERANCE: f32 = 0.25;

/// A warning for every watched item of `page` (already in page coordinates) that reaches
/// past the trim, or past the bleed when it is meant to bleed.
pub fn check_page(book: &Book, page: &PageBuild, warnings: &mut Vec<Diagnostic>) {
    let (w, h, bleed) = (book.page.width, book.page.height, book.print.bleed);
    for watch in &page.watch {
        let Some(r) = union(page.page.items[watch.items.clone()].iter().filter_map(bounds)) else { continue };
        let edges = [("left", -r.x0), ("right", r.x1 - w), ("top", -r.y0), ("bottom", r.y1 - h)];
        let (edge, over) = edges.into_iter().fold(("", f32::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
        let limit = if watch.bleed { bleed } else { 0.0 };
        if over <= limit + TOLERANCE {
            continue;
        }
        let (src, span) = &watch.at;
        let by = |pt: f32| format!("{:.1}mm ({pt:.1}pt)", pt / PT_PER_MM);
        let d = if watch.bleed {
            Diagnostic::warning(format!(
                "{} reaches {} past the bleed at the {edge} edge: the printer trims it off",
                watch.what,
                by(over - bleed)
            ))
            .at(src, span.clone())
            .label("past the bleed")
            .note(format!("the bleed is {}; move it in by {}", by(bleed), by(over - bleed)))
        } else if over <= bleed + TOLERANCE && watch.what == "this item" {
            Diagnostic::warning(format!(
                "{} reaches {} past the trim at the {edge} edge, into the bleed",
                watch.what,
                by(over)
            ))
            .at(src, span.clone())
            .label("past the trim")
            .note("if it is meant to run off the page, add bleed = true to the item; else move it in")
        } else {
            Diagnostic::warning(format!("{} reaches {} past the trim at the {edge} edge", watch.what, by(over)))
                .at(src, span.clone())
                .label("past the trim")
                .note(if watch.what == "this item" {
                    "move it in (x, y), or set a smaller size"
                } else {
                    "set a smaller size, radius or angle, or move it with space_before"
                })
        };
        warnings.push(d);
    }
}
