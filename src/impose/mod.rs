//! Booklet imposition on the display list: source pages (one per trim page) become sheet
//! sides (two pages side by side on a landscape sheet) in the order a duplex printer needs
//! for a saddle-stitched booklet.
//!
//! Everything here is pure: it reads a [`crate::display::Document`] and returns a new one,
//! so the PDF writer (or any renderer) prints an imposed booklet without knowing about it.
//!
//! - [`transform`]: scale and translate display items;
//! - [`sheet`]: sheet sizes and [`ImposeOptions`];
//! - [`saddle`]: page order, creep and [`impose`] itself;
//! - [`marks`]: crop and fold marks.

pub mod marks;
pub mod saddle;
pub mod sheet;
pub mod transform;

pub use saddle::{SheetSide, creep_shift, impose, pad_to_booklet, saddle_order};
pub use sheet::{ImposeOptions, Sheet};
pub use transform::transform_items;

use std::fmt;

/// Why a document could not be imposed. The message says what would be accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum ImposeError {
    /// Saddle stitching needs a positive page count divisible by 4.
    PageCount(usize),
    /// An unknown sheet name was given to [`Sheet::parse`].
    UnknownSheet(String),
    /// The paper thickness is negative or not a finite number.
    PaperThickness(f32),
    /// The document's page size is not a positive finite size.
    PageSize(f32, f32),
}

impl fmt::Display for ImposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImposeError::PageCount(0) => f.write_str("an imposed booklet needs at least 4 pages, got none"),
            ImposeError::PageCount(n) => write!(f, "an imposed booklet needs a page count divisible by 4, got {n}"),
            ImposeError::UnknownSheet(s) => write!(f, "unknown sheet `{s}`: use `a4`, `letter`, `tabloid` or `spread`"),
            ImposeError::PaperThickness(t) => {
                write!(f, "paper thickness must be a finite length of zero or more points, got {t}")
            }
            ImposeError::PageSize(w, h) => {
                write!(f, "cannot impose pages of size {w} × {h}pt: both sides must be positive")
            }
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
        assert!(ImposeError::UnknownSheet("a3".into()).to_string().contains("`a3`"));
        let e: Box<dyn std::error::Error> = Box::new(ImposeError::PageCount(0));
        assert!(e.to_string().contains("at least 4"));
    }
}
