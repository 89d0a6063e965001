//! The four styles a block can ask for (`style = "italic"`): a word of the spec, which
//! the text stage resolves to a face.

use std::fmt;

/// The four styles a verse block can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Upright, regular weight.
    Regular,
    /// Italic.
    Italic,
    /// Bold.
    Bold,
    /// Bold italic.
    BoldItalic,
}

impl Style {
    /// The names the spec accepts, in order.
    pub const NAMES: &'static [&'static str] = &["regular", "italic", "bold", "bold-italic"];

    /// A style from its name (`bold-italic`, `Bold Italic`, `roman` …).
    pub fn parse(s: &str) -> Option<Style> {
        match s.trim().to_ascii_lowercase().replace([' ', '_'], "-").as_str() {
            "regular" | "roman" | "normal" => Some(Style::Regular),
            "italic" => Some(Style::Italic),
            "bold" => Some(Style::Bold),
            "bold-italic" | "italic-bold" => Some(Style::BoldItalic),
            _ => None,
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = *self as usize;
        f.write_str(Style::NAMES[i])
    }
}
