//! Solid small type: reads the laid-out pages back and warns about text a press will
//! break up — any text under [`MIN_INK`] of black, text under [`SOLID_BELOW`] points in
//! any tint (a tint is a screen of dots; at small sizes the dots eat the serifs), and
//! any text under [`TINY`] points. The poet's tint and size stay as written; the warning
//! names the block and the pages.

use crate::diag::Diagnostic;
use crate::display::{Document, Item, SourceMap};
use crate::spec::Book;

/// The lightest ink text may have without a warning.
pub const MIN_INK: f32 = 0.4;
/// Text smaller than this should print solid.
pub const SOLID_BELOW: f32 = 9.0;
/// Text smaller than this is hard to read at all, whoever set it.
pub const TINY: f32 = 6.0;

/// (file, line, problem) → the lightest ink, the smallest size, the pages (1-based).
type Found = ((u32, u32, Problem), f32, f32, Vec<usize>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Problem {
    Light,
    SmallTint,
    Tiny,
}

/// One warning per block and problem, with the pages (1-based) it shows on.
pub fn warnings(book: &Book, doc: &Document, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut found: Vec<Found> = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            let Item::Text(run) = item else { continue };
            let ink = run.ink.value();
            if run.text.trim().is_empty() {
                continue;
            }
            let span = sources.pages.get(p).and_then(|s| s.get(i)).copied().unwrap_or(crate::display::Span::NONE);
            let problems = [
                (ink < MIN_INK - 1e-4, Problem::Light),
                (ink < 1.0 - 1e-4 && run.size < SOLID_BELOW - 1e-3, Problem::SmallTint),
                (run.size < TINY - 1e-3, Problem::Tiny),
            ];
            for (_, problem) in problems.into_iter().filter(|(is, _)| *is) {
                let key = (span.file, span.line, problem);
                match found.iter_mut().find(|f| f.0 == key) {
                    Some(f) => {
                        f.1 = f.1.min(ink);
                        f.2 = f.2.min(run.size);
                        if f.3.last() != Some(&(p + 1)) {
                            f.3.push(p + 1);
                        }
                    }
                    None => found.push((key, ink, run.size, vec![p + 1])),
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((file, line, problem), ink, size, pages)| {
            let pages = pages.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            let (message, hint) = match problem {
                Problem::Light => (
                    format!(
                        "text at {:.0} % black on page {pages} is lighter than {:.0} %: toner and a 150 lpi screen break it up",
                        ink * 100.0,
                        MIN_INK * 100.0
                    ),
                    format!("raise the ink (or the tint's `from`) to {MIN_INK} or more"),
                ),
                Problem::SmallTint => (
                    format!(
                        "{size:.1}pt text in a {:.0} % tint on page {pages}: type under {SOLID_BELOW}pt should print solid",
                        ink * 100.0
                    ),
                    format!("set the ink to 1.0, or the type to {SOLID_BELOW}pt or larger"),
                ),
                Problem::Tiny => (
                    format!("{size:.1}pt text on page {pages} is under {TINY}pt, too small to read in print"),
                    format!("set it at {TINY}pt or larger"),
                ),
            };
            let d = Diagnostic::warning(message).note(hint);
            let block = book
                .sections
                .get(file as usize)
                .and_then(|s| s.blocks.iter().find(|b| b.line == line as usize).map(|b| (s, b)));
            match block {
                Some((s, b)) => d.at(&s.source, b.span.clone()).label("in this block"),
                None => d,
            }
        })
        .collect()
}
