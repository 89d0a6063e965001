//! The booklet a printer gets: the project compiled by the same pipeline as `chapbook build`,
//! imposed for saddle stitching on the chosen sheet, written as PDF (the whole booklet, or
//! a selection of its sheet sides for one job).

use crate::build::{BuildOptions, Compiled, impose_book, pdf_options};
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

/// Imposes the compiled book on `sheet` for saddle stitching and writes the booklet PDF
/// exactly as `chapbook build --impose saddle` writes `chapbook-imposed.pdf` (the same
/// library call); its refusals (a page that does not fit the sheet …) are errors as they are.
pub fn impose(project: &Path, compiled: &Compiled, sheet: Sheet) -> Result<Booklet, Diagnostic> {
    let opts = BuildOptions { project: project.to_path_buf(), ..Default::default() };
    let imposed = impose_book(
        &compiled.document,
        &ImposeOptions { sheet, ..ImposeOptions::default() },
        &pdf_options(&compiled.book, &opts),
    )?;
    Ok(Booklet {
        title: compiled.document.meta.title.clone(),
        pages: compiled.document.pages.len(),
        sides: imposed.document,
        pdf: imposed.bytes,
        options: imposed.options,
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
            structure: Default::default(),
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
