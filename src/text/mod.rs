//! The text stage: fonts found by family and style ([`fonts`]), typographic quotes
//! ([`quotes`]) and OpenType shaping into positioned glyphs ([`shape`]), word by word
//! where the font allows it ([`words`]).

pub mod emphasis;
pub mod fonts;
pub mod quotes;
pub mod shape;
pub mod words;

pub use fonts::{FontBook, Style};
pub use shape::{ShapeKey, Shaper};
