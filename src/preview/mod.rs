//! Preview renderer: rasterises the [display list](crate::display) to grey pixmaps and
//! PNG files, for looking at pages without a PDF viewer and for visual regression tests.
//!
//! Conventions follow the display list: page points with the origin at the top-left of
//! the trim box and y down; [`Ink`](crate::display::Ink) becomes a grey level of
//! `1 - ink` on white paper. Glyphs are filled from their `ttf-parser` outlines (no
//! hinting), paths are filled then stroked, everything anti-aliased with `tiny-skia`.
//!
//! Files: `raster` draws a page (glyph outlines from `outlines.rs`, shared with svg),
//! `sheet` builds contact sheets, `output` writes PNG files and parses page ranges,
//! `compare` supports visual regression tests.

#[cfg(test)]
pub(crate) mod compare;
pub(crate) mod output;
pub(crate) mod raster;
pub(crate) mod sheet;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use compare::{check_against_reference, compare, updating_references};
pub(crate) use output::parse_page_range;
pub(crate) use output::write_previews;
pub use raster::Renderer;
#[cfg(test)]
pub(crate) use raster::render_page;
/// The raster a page renders to (tiny-skia's, re-exported so that an embedder needs no
/// version of tiny-skia of its own to name it).
pub use tiny_skia::Pixmap;

use std::fmt;
use std::path::PathBuf;

/// How pages are rasterised.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RasterOptions {
    /// Pixels per inch (72 points). Default 100.
    pub dpi: f32,
}

impl RasterOptions {
    /// Rendering at `dpi` dots per inch (a `const` for callers that keep one).
    pub const fn at_dpi(dpi: f32) -> Self {
        RasterOptions { dpi }
    }

    /// These options with `change` made: `RasterOptions::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl Default for RasterOptions {
    fn default() -> Self {
        RasterOptions { dpi: 100.0 }
    }
}

/// Why a preview could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub(crate) enum PreviewError {
    /// A page index (0-based) outside the document.
    NoSuchPage {
        /// The page asked for.
        page: usize,
        /// How many pages there are.
        pages: usize,
    },
    /// A page range the user asked for does not parse or does not fit the document.
    Range(String),
    /// A resolution that is not a positive finite number, or a pixmap too large to allocate.
    Size(String),
    /// A font file of the document that ttf-parser refuses.
    Font {
        /// Index into the document's fonts.
        font: usize,
        /// The font's PostScript name.
        name: String,
        /// What ttf-parser said.
        reason: String,
    },
    /// PNG encoding failed.
    Png(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl From<crate::outlines::FontError> for PreviewError {
    fn from(e: crate::outlines::FontError) -> Self {
        PreviewError::Font { font: e.font, name: e.name, reason: e.reason }
    }
}

impl From<PreviewError> for crate::Error {
    /// One diagnostic, its message what the error's `Display` says.
    fn from(e: PreviewError) -> Self {
        crate::diag::Diagnostic::error(e.to_string()).into()
    }
}

impl fmt::Display for PreviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreviewError::NoSuchPage { page, pages } => {
                write!(f, "page {} does not exist: the document has {pages} page(s)", page + 1)
            }
            PreviewError::Range(m) | PreviewError::Size(m) | PreviewError::Png(m) => f.write_str(m),
            PreviewError::Font { font, name, reason } => {
                write!(f, "font #{font} ({name}) cannot be read: {reason}")
            }
            PreviewError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for PreviewError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PreviewError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
