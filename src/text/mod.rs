//! The text stage: fonts found by family and style ([`fonts`]), typographic quotes
//! ([`quotes`]) and OpenType shaping into positioned glyphs ([`shape`]).

pub mod fonts;
pub mod quotes;
pub mod shape;

pub use fonts::{FontBook, FontError, Style};
pub use shape::{ShapeKey, Shaper};
