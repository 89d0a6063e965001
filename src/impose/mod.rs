//! Booklet imposition on the display list: source pages (one per trim page) become sheet
//! sides (two pages side by side on a landscape sheet, at 100 %, with their bleed, clipped
//! at the spine) in the order a duplex printer needs for a saddle-stitched booklet or for
//! signatures gathered into a longer book.
//!
//! Everything here is pure: it reads a [`crate::display::Document`] and returns a new one,
//! so the PDF writer (or any renderer) prints an imposed booklet without knowing about it.
//!
//! - `transform`: scale and translate display items;
//! - `sheet`: sheet sizes and [`ImposeOptions`];
//! - `fit`: whether the spread, its bleed and marks fit the sheet (never scaling unasked);
//! - `saddle`: page order, signatures, creep and [`impose`] itself;
//! - `marks`: crop, fold and collation marks and the slug line.

pub(crate) mod fit;
pub(crate) mod marks;
pub(crate) mod saddle;
pub(crate) mod sheet;
pub(crate) mod transform;

pub(crate) use saddle::impose_pages;
pub use saddle::{Imposed, impose};
pub use sheet::{Creep, Fit, ImposeOptions, Sheet};

use std::fmt;

/// Why a document could not be imposed. The message says what would be accepted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub(crate) enum ImposeError {
    /// Saddle stitching needs a positive page count divisible by 4.
    PageCount(usize),
    /// An unknown sheet name was given to [`Sheet::parse`].
    UnknownSheet(String),
    /// The paper thickness is negative or not a finite number.
    PaperThickness(f32),
    /// The document's page size is not a positive finite size.
    PageSize(f32, f32),
    /// The pages (or their bleed or marks) do not fit the sheet: the whole message, with
    /// the space needed and what would fit.
    DoesNotFit(String),
}

impl From<ImposeError> for crate::Error {
    /// One diagnostic, its message what the error's `Display` says.
    fn from(e: ImposeError) -> Self {
        crate::diag::Diagnostic::error(e.to_string()).into()
    }
}

impl fmt::Display for ImposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImposeError::PageCount(0) => f.write_str("an imposed booklet needs at least 4 pages, got none"),
            ImposeError::PageCount(n) => write!(f, "an imposed booklet needs a page count divisible by 4, got {n}"),
            ImposeError::UnknownSheet(s) => {
                let names: Vec<&str> = sheet::listed().map(|s| s.0).collect();
                write!(f, "unknown sheet `{s}`: use {}, `spread` or a size such as 330x480mm", names.join(", "))
            }
            ImposeError::PaperThickness(t) => {
                write!(f, "paper thickness must be a finite length of zero or more points, got {t}")
            }
            ImposeError::PageSize(w, h) => {
                write!(f, "cannot impose pages of size {w} × {h}pt: both sides must be positive")
            }
            ImposeError::DoesNotFit(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ImposeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages() {
        assert_eq!(
            ImposeError::PageCount(13).to_string(),
            "an imposed booklet needs a page count divisible by 4, got 13"
        );
        assert!(ImposeError::UnknownSheet("b7".into()).to_string().contains("`b7`"));
        let e: Box<dyn std::error::Error> = Box::new(ImposeError::PageCount(0));
        assert!(e.to_string().contains("at least 4"));
    }
}
