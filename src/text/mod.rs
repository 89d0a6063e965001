//! The text stage: fonts found by family and style ([`fonts`]), typographic quotes
//! ([`quotes`]) and OpenType shaping into positioned glyphs ([`shape`]), word by word
//! where the font allows it ([`words`]); the faces' embedding licence flags
//! (`licence`), which every writer that embeds them reads.

pub mod fonts;
mod fonts_check;
pub(crate) mod licence;
pub mod quotes;
pub mod shape;
pub mod words;

pub(crate) use fonts::{FontBook, FontFiles, Style};
pub(crate) use fonts_check::check_fonts;
pub use shape::{ShapeKey, Shaper};
