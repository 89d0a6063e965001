//! The booklet a printer gets: the project compiled by the same pipeline as `chapbook build`,
//! imposed for saddle stitching on the chosen sheet, written as PDF (the whole booklet, or
//! a selection of its sheet sides for one job).

use crate::build::{BuildOptions, Compiled, pdf_options};
use crate::diag::Diagnostic;
use crate::display::Document;
use crate::impose::{ImposeOptions, Sheet, saddle_order};
use std::path::Path;

/// The imposed book: one page per sheet side, in print order.
pub struct Booklet {
    /// The book's title (the job name).
    pub title: String,
    /// Pages of the book (a multiple of 4).
    pub pages: usize,
    pub sides: Document,
    /// The whole booklet as a PDF: the bytes `chapbook build --impose saddle` writes.
    pub pdf: Vec<u8>,
    options: crate::pdf::Options,
}

/// Imposes through the library's one entry point; its refusals (a page count that is no
/// multiple of 4, a page that does not fit the sheet) become errors as they are.
fn impose_booklet(doc: &Document, sheet: Sheet) -> Result<Document, Diagnostic> {
    crate::impose::impose(doc, &ImposeOptions { sheet, ..ImposeOptions::default() })
        .map_err(|e| Diagnostic::error(format!("imposition: {e}")))
}

/// Imposes the compiled book on `sheet` and writes the booklet PDF with the options
/// `chapbook build` uses for `chapbook-imposed.pdf`.
pub fn impose(project: &Path, compiled: &Compiled, sheet: Sheet) -> Result<Booklet, Diagnostic> {
    let sides = impose_booklet(&compiled.document, sheet)?;
    let opts = BuildOptions { project: project.to_path_buf(), ..Default::default() };
    let options = crate::pdf::Options { bleed: 0.0, marks: false, ..pdf_options(&compiled.book, &opts) };
    let pdf = crate::pdf::write(&sides, &options).map_err(|e| Diagnostic::error(e.to_string()))?.bytes;
    Ok(Booklet {
        title: compiled.document.meta.title.clone(),
        pages: compiled.document.pages.len(),
        sides,
        pdf,
        options,
    })
}

impl Booklet {
    /// Number of sheet sides (twice the sheets).
    pub fn side_count(&self) -> usize {
        self.sides.pages.len()
    }

    /// The book pages (1-based, left and right) printed on sheet side `side` (0-based).
    pub fn pages_on(&self, side: usize) -> Option<(usize, usize)> {
        saddle_order(self.pages).ok()?.get(side).map(|s| (s.left + 1, s.right + 1))
    }

    /// A PDF of the given sheet sides (0-based, in the order given, repeats allowed): the
    /// booklet's own bytes when that is all of it in order.
    pub fn pdf_of(&self, sides: &[usize]) -> Result<Vec<u8>, Diagnostic> {
        if sides.iter().copied().eq(0..self.side_count()) {
            return Ok(self.pdf.clone());
        }
        let doc = Document {
            page_size: self.sides.page_size,
            pages: sides.iter().map(|&s| self.sides.pages[s].clone()).collect(),
            fonts: self.sides.fonts.clone(),
            meta: self.sides.meta.clone(),
            outline: Vec::new(),
            labels: Vec::new(),
        };
        Ok(crate::pdf::write(&doc, &self.options).map_err(|e| Diagnostic::error(e.to_string()))?.bytes)
    }
}
