//! The booklet a printer gets: the project compiled by the same pipeline as `chapbook build`,
//! imposed for saddle stitching on the chosen sheet, written as PDF (the whole booklet, or
//! a selection of its sheet sides for one job).

use crate::build::{Compiled, ImposedBook};
use crate::diag::Diagnostic;
use crate::impose::{ImposeOptions, Sheet};

/// The imposed book: one page per sheet side, in print order.
pub struct Booklet {
    /// The book's title (the job name).
    pub title: String,
    /// Pages of the book (a multiple of 4).
    pub pages: usize,
    /// The sheets, as `chapbook build --impose saddle` writes them.
    imposed: ImposedBook,
}

/// Imposes the compiled book on `sheet` for saddle stitching and writes the booklet PDF
/// exactly as `chapbook build --impose saddle` writes `chapbook-imposed.pdf` (the same
/// library call, [`crate::build::impose`]); its refusals (a page that does not fit the
/// sheet …) are errors as they are.
pub fn impose(compiled: &Compiled, sheet: Sheet) -> Result<Booklet, Diagnostic> {
    let imposed = crate::build::impose(compiled, &ImposeOptions { sheet, ..ImposeOptions::default() })?;
    Ok(Booklet { title: compiled.document.meta.title.clone(), pages: compiled.document.pages.len(), imposed })
}

impl Booklet {
    /// The sheet's size in points.
    pub fn sheet_size(&self) -> (f32, f32) {
        self.imposed.sheet_size()
    }

    /// Number of sheet sides (twice the sheets).
    pub fn side_count(&self) -> usize {
        self.imposed.side_count()
    }

    /// The book pages (1-based, left and right) printed on sheet side `side` (0-based).
    pub fn pages_on(&self, side: usize) -> Option<(usize, usize)> {
        crate::signatures::saddle_order(self.pages)?.get(side).map(|s| (s.left + 1, s.right + 1))
    }

    /// A PDF of the given sheet sides (0-based, in the order given, repeats allowed): the
    /// booklet's own bytes when that is all of it in order.
    pub fn pdf_of(&self, sides: &[usize]) -> Result<Vec<u8>, Diagnostic> {
        self.imposed.pdf_of(sides)
    }
}
