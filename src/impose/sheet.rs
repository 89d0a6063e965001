//! Press sheets for imposition and the options of [`super::impose`].
//!
//! Sheets are always landscape (width ≥ height): a booklet spread is two portrait pages
//! side by side. [`Sheet::Spread`] is no fixed size: exactly two trim pages wide and one
//! high, for printers that cut their own paper or for proofing spreads.

use super::ImposeError;

use crate::units::PT_PER_MM;

/// The paper the booklet is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// ISO A4, 297 × 210 mm landscape.
    A4,
    /// US Letter, 11 × 8.5 in landscape.
    Letter,
    /// US Tabloid (ledger), 17 × 11 in landscape.
    Tabloid,
    /// Exactly two trim pages wide, one high: no margin, no scaling.
    Spread,
}

impl Sheet {
    /// Parses `a4`, `letter`, `tabloid` or `spread` (case-insensitive, surrounding spaces
    /// ignored).
    pub fn parse(s: &str) -> Result<Sheet, ImposeError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Sheet::A4),
            "letter" => Ok(Sheet::Letter),
            "tabloid" => Ok(Sheet::Tabloid),
            "spread" => Ok(Sheet::Spread),
            _ => Err(ImposeError::UnknownSheet(s.to_string())),
        }
    }

    /// The lower-case name [`Sheet::parse`] accepts.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::A4 => "a4",
            Sheet::Letter => "letter",
            Sheet::Tabloid => "tabloid",
            Sheet::Spread => "spread",
        }
    }

    /// The landscape sheet size in points (width, height) for trim pages of `page_size`
    /// (only [`Sheet::Spread`] depends on it).
    pub fn size(self, page_size: (f32, f32)) -> (f32, f32) {
        match self {
            Sheet::A4 => (297.0 * PT_PER_MM, 210.0 * PT_PER_MM),
            Sheet::Letter => (11.0 * 72.0, 8.5 * 72.0),
            Sheet::Tabloid => (17.0 * 72.0, 11.0 * 72.0),
            Sheet::Spread => (2.0 * page_size.0, page_size.1),
        }
    }
}

/// How to impose a booklet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImposeOptions {
    pub sheet: Sheet,
    /// Thickness of one sheet of paper in points (0.1 mm ≈ 0.2835 pt for 80 g/m² office
    /// paper); drives creep compensation. 0 disables it.
    pub paper_thickness: f32,
    /// Draw crop marks at the spread's outer corners and fold marks at the spine.
    pub marks: bool,
}

impl Default for ImposeOptions {
    /// A4 sheets, no creep, no marks.
    fn default() -> Self {
        ImposeOptions { sheet: Sheet::A4, paper_thickness: 0.0, marks: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names() {
        for s in [Sheet::A4, Sheet::Letter, Sheet::Tabloid, Sheet::Spread] {
            assert_eq!(Sheet::parse(s.name()), Ok(s));
        }
        assert_eq!(Sheet::parse(" Letter "), Ok(Sheet::Letter));
        assert_eq!(Sheet::parse("a3"), Err(ImposeError::UnknownSheet("a3".into())));
    }

    #[test]
    fn sizes_are_landscape() {
        assert_eq!(Sheet::Letter.size((0.0, 0.0)), (792.0, 612.0));
        assert_eq!(Sheet::Tabloid.size((0.0, 0.0)), (1224.0, 792.0));
        let (w, h) = Sheet::A4.size((0.0, 0.0));
        assert!((w - 841.8898).abs() < 1e-3 && (h - 595.2756).abs() < 1e-3);
        assert_eq!(Sheet::Spread.size((360.0, 576.0)), (720.0, 576.0));
    }
}
