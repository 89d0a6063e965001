//! One size of the book as the browser sees it: the pages as SVG (tagged with source
//! spans), the sections, the warnings with the pages and heights where they happen, and
//! the diagnostics of a failed build. Serialised to JSON for the page's script.

use super::spans;
use crate::build::{Compiled, compile_as};
use crate::diag::Diagnostic;
use crate::display::{Document, Item, PathEl, SourceMap};
use crate::spec::Book;
use crate::svg::SvgWriter;
use crate::text::FontFiles;
use serde_json::{Value, json};
use std::path::Path;

/// The last good pages of one size and the state of its latest build.
#[derive(Debug, Clone, Default)]
pub struct SizeView {
    /// What was asked for (`a6`), or empty for the book's own size.
    pub asked: String,
    /// Position among the sizes served (keeps SVG ids apart on one page).
    pub index: usize,
    /// The size's name as the book reports it.
    pub name: String,
    pub page_size: (f32, f32),
    pub pages: Vec<String>,
    /// Section titles and their first pages (0-based).
    pub sections: Vec<(String, usize)>,
    pub warnings: Vec<Value>,
    /// Diagnostics of the latest build when it failed (the pages are the last good ones).
    pub errors: Vec<Value>,
    pub ms: f64,
}

impl SizeView {
    /// Rebuilds this size from the project; on failure keeps the pages it had.
    pub fn rebuild(&mut self, project: &Path) {
        let start = std::time::Instant::now();
        let asked = (!self.asked.is_empty()).then_some(self.asked.as_str());
        // Read whole: a font saved into fonts/ while a build reads it must not bring the
        // server down.
        match compile_as(project, asked, FontFiles::Whole) {
            Ok(c) => match self.take(project, &c) {
                Ok(()) => self.errors.clear(),
                Err(e) => self.errors = vec![diagnostic(&Diagnostic::error(e), project)],
            },
            Err(diags) => {
                self.errors = diags.iter().filter(|d| d.is_error()).map(|d| diagnostic(d, project)).collect();
                if self.name.is_empty() {
                    self.name = self.asked.clone();
                }
            }
        }
        self.ms = start.elapsed().as_secs_f64() * 1000.0;
    }

    fn take(&mut self, project: &Path, c: &Compiled) -> Result<(), String> {
        let refined = spans::refine(&c.book, &c.document, &c.sources);
        let prefix = format!("s{}p", self.index);
        let mut w = SvgWriter::new(&c.document).with_sources(&refined, project).with_id_prefix(&prefix);
        let pages = (0..c.document.pages.len()).map(|i| w.page(i)).collect::<Result<Vec<_>, _>>()?;
        self.pages = pages;
        self.name = c.book.page.size_name.clone();
        self.page_size = c.document.page_size;
        self.sections = c.document.outline.iter().map(|o| (o.title.clone(), o.page)).collect();
        self.warnings = c
            .warnings
            .iter()
            .map(|d| {
                let mut v = diagnostic(d, project);
                v["marks"] = marks(d, &c.book, &c.document, &c.sources).into();
                v
            })
            .collect();
        Ok(())
    }

    pub fn to_json(&self) -> Value {
        json!({
            "asked": self.asked,
            "name": self.name,
            "width": self.page_size.0,
            "height": self.page_size.1,
            "pages": self.pages,
            "sections": self.sections.iter().map(|(t, p)| json!({"title": t, "page": p})).collect::<Vec<_>>(),
            "warnings": self.warnings,
            "errors": self.errors,
            "ms": (self.ms * 10.0).round() / 10.0,
        })
    }
}

/// A diagnostic as the overlay shows it: file:line:col, message, label, hints and the
/// source line it points into.
pub fn diagnostic(d: &Diagnostic, project: &Path) -> Value {
    let file = d.source.as_ref().map(|s| s.path.strip_prefix(project).unwrap_or(&s.path).display().to_string());
    let (line, col) = d.line_col().unwrap_or((0, 0));
    let source_line = match (&d.source, line) {
        (Some(s), l) if l > 0 => s.text.lines().nth(l - 1).unwrap_or("").to_string(),
        _ => String::new(),
    };
    json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "message": d.message,
        "file": file,
        "line": line,
        "col": col,
        "label": d.label,
        "notes": d.notes,
        "source_line": source_line,
    })
}

/// Pages and heights (points from the top) of the items made by the block a warning
/// points into (the last block that starts at or above the warning's line): the first
/// such item on each page.
fn marks(d: &Diagnostic, book: &Book, doc: &Document, sources: &SourceMap) -> Vec<Value> {
    let (Some(src), Some((at, _))) = (&d.source, d.line_col()) else { return Vec::new() };
    let Some(file) = sources.files.iter().position(|f| **f == *src.path) else { return Vec::new() };
    let Some(line) = book.sections.get(file).and_then(|s| s.blocks.iter().map(|b| b.line).filter(|l| *l <= at).max())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (p, (page, spans)) in doc.pages.iter().zip(&sources.pages).enumerate() {
        let top = page
            .items
            .iter()
            .zip(spans)
            .filter(|(_, s)| s.file as usize == file && s.line as usize == line)
            .map(|(item, _)| item_top(item))
            .fold(f32::INFINITY, f32::min);
        if top.is_finite() {
            out.push(json!({"page": p, "y": top}));
        }
    }
    out
}

fn item_top(item: &Item) -> f32 {
    match item {
        Item::Text(r) => r.origin.y - r.size * 0.8,
        Item::Path(p) => p
            .els
            .iter()
            .filter_map(|e| match e {
                PathEl::MoveTo(q) | PathEl::LineTo(q) | PathEl::CubicTo(_, _, q) => Some(q.y),
                PathEl::Close => None,
            })
            .fold(f32::INFINITY, f32::min),
        Item::Dot(d) => d.center.y - d.radius,
        Item::Clip(c) => c.items.iter().map(item_top).fold(f32::INFINITY, f32::min),
        Item::Group(_) => crate::layout::fragment::bounds(item).map_or(f32::INFINITY, |r| r.y0),
    }
}
