//! Press sheets for imposition and the options of [`super::impose`].
//!
//! Sheets are always landscape (width ≥ height): a booklet spread is two portrait pages
//! side by side. [`Sheet::Spread`] is no fixed size: exactly two trim pages wide and one
//! high, plus the bleed and (when asked) room for marks, for printers that cut their own
//! paper or for proofing spreads.

use super::ImposeError;

use crate::units::PT_PER_MM;

/// The sheets `--sheet` accepts, from the paper registry ([`crate::paper::sheets`]):
/// name and landscape size in points, smallest first (by area), so the first that fits
/// is the smallest that fits.
pub fn listed() -> impl Iterator<Item = (&'static str, f32, f32)> {
    crate::paper::sheets().map(|p| (p.name, p.height, p.width))
}

/// The registry index of the sheet named `name`, in a const context (for [`Sheet::A4`]…).
const fn index_of(name: &str) -> usize {
    let papers = crate::paper::PAPERS;
    let mut i = 0;
    while i < papers.len() {
        if const_eq(papers[i].name, name) {
            return i;
        }
        i += 1;
    }
    panic!("no such sheet in the paper registry")
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The paper the booklet is printed on.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Sheet {
    /// A sheet of the paper registry ([`crate::paper::sheets`]; [`Sheet::parse`] and the
    /// constants such as [`Sheet::A4`] make it).
    Listed(&'static crate::paper::Paper),
    /// A size given as `WxH` (turned landscape), in points.
    Custom(f32, f32),
    /// Exactly two trim pages wide, one high, plus bleed and marks.
    Spread,
}

#[allow(non_upper_case_globals)]
impl Sheet {
    /// US Letter.
    pub const Letter: Sheet = Sheet::Listed(&crate::paper::PAPERS[index_of("letter")]);
    /// ISO A4.
    pub const A4: Sheet = Sheet::Listed(&crate::paper::PAPERS[index_of("a4")]);
    /// Tabloid (11 × 17 in).
    pub const Tabloid: Sheet = Sheet::Listed(&crate::paper::PAPERS[index_of("tabloid")]);
    /// ISO A3.
    pub const A3: Sheet = Sheet::Listed(&crate::paper::PAPERS[index_of("a3")]);

    /// Parses a listed name (`a4`, `a3`, `sra4`, `sra3`, `letter`, `legal`, `tabloid`,
    /// `12x18in`, `13x19in`, or an alias the paper registry knows), `spread`, or a size `WxH` such as `330x480mm`
    /// (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Result<Sheet, crate::Error> {
        Sheet::parse_name(s).map_err(crate::Error::from)
    }

    /// [`Sheet::parse`], with imposition's own error.
    pub(crate) fn parse_name(s: &str) -> Result<Sheet, ImposeError> {
        let key = s.trim().to_ascii_lowercase();
        if key == "spread" {
            return Ok(Sheet::Spread);
        }
        if let Some(p) = crate::paper::find(&key).filter(|p| p.is_sheet()) {
            return Ok(Sheet::Listed(p));
        }
        if key.contains('x')
            && let Ok((w, h)) = crate::units::parse_page_size(&key)
            && w > 0.0
            && h > 0.0
        {
            return Ok(Sheet::Custom(w.max(h), w.min(h)));
        }
        Err(ImposeError::UnknownSheet(s.to_string()))
    }

    /// The name [`Sheet::parse`] accepts (a custom size in millimetres).
    pub fn name(self) -> String {
        match self {
            Sheet::Listed(p) => p.name.to_string(),
            Sheet::Custom(w, h) => format!("{:.0}x{:.0}mm", w / PT_PER_MM, h / PT_PER_MM),
            Sheet::Spread => "spread".into(),
        }
    }

    /// The landscape sheet size in points for trim pages of `page_size` with `margin`
    /// points of bleed and marks around the spread (only [`Sheet::Spread`] depends on
    /// them).
    pub fn size(self, page_size: (f32, f32), margin: f32) -> (f32, f32) {
        match self {
            Sheet::Listed(p) => (p.height, p.width),
            Sheet::Custom(w, h) => (w, h),
            Sheet::Spread => (2.0 * page_size.0 + 2.0 * margin, page_size.1 + 2.0 * margin),
        }
    }
}

/// What to do when the pages do not fit the sheet at their size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Fit {
    /// Stop with an error naming a sheet that fits (the default: the book keeps its size).
    #[default]
    Exact,
    /// Scale the spread down to fit; the summary prints the factor.
    Shrink,
}

/// Which sheet stays put when pages are shifted against creep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Creep {
    /// The outer sheet is fixed; each inner sheet's pages move toward the spine by the
    /// paper folded around them (the usual practice).
    #[default]
    In,
    /// The innermost sheet is fixed; outer sheets' pages move away from the spine.
    Out,
    /// The middle sheet is fixed; outer pages move out, inner pages in, by half as much.
    Balanced,
}

impl Creep {
    /// `in`, `out` or `balanced` (any case).
    pub fn parse(s: &str) -> Option<Creep> {
        match s.trim().to_ascii_lowercase().as_str() {
            "in" => Some(Creep::In),
            "out" => Some(Creep::Out),
            "balanced" => Some(Creep::Balanced),
            _ => None,
        }
    }
}

/// How to impose a booklet.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImposeOptions {
    /// The sheet to print on.
    pub sheet: Sheet,
    /// Thickness of one sheet of paper in points (0.1 mm ≈ 0.2835 pt for 80 g/m² office
    /// paper); drives creep compensation. 0 disables it.
    pub paper_thickness: f32,
    /// Which way creep compensation moves pages.
    pub creep: Creep,
    /// Draw crop marks, dashed fold marks and a slug line outside the bleed.
    pub marks: bool,
    /// What to do when the spread does not fit the sheet.
    pub fit: Fit,
    /// The book's bleed in points: carried onto the sheet on each page's head, foot and
    /// fore-edge where the sheet has room.
    pub bleed: f32,
    /// Sheets folded together into one section; 0 means one section of all sheets (a
    /// saddle-stitched booklet).
    pub sheets_per_signature: usize,
}

impl ImposeOptions {
    /// These options with `change` made: `ImposeOptions::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl Default for ImposeOptions {
    /// A4 sheets, no creep, no marks, no bleed, exact fit, one section.
    fn default() -> Self {
        ImposeOptions {
            sheet: Sheet::A4,
            paper_thickness: 0.0,
            creep: Creep::In,
            marks: false,
            fit: Fit::Exact,
            bleed: 0.0,
            sheets_per_signature: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names() {
        for (name, w, h) in listed() {
            let sheet = Sheet::parse(name).unwrap();
            assert_eq!(sheet.name(), name);
            assert_eq!(sheet.size((0.0, 0.0), 0.0), (w, h));
        }
        assert_eq!(Sheet::parse("Super-B").unwrap().name(), "13x19in");
        assert_eq!(Sheet::parse_name("a5"), Err(ImposeError::UnknownSheet("a5".into())), "a trim, not a sheet");
        assert_eq!(Sheet::parse(" Letter "), Ok(Sheet::Letter));
        assert_eq!(Sheet::parse("A3"), Ok(Sheet::A3));
        assert_eq!(Sheet::parse("spread"), Ok(Sheet::Spread));
        assert_eq!(Sheet::parse_name("b7"), Err(ImposeError::UnknownSheet("b7".into())));
        let Ok(Sheet::Custom(w, h)) = Sheet::parse("330x480mm") else { panic!() };
        assert!((w - 480.0 * PT_PER_MM).abs() < 1e-3 && (h - 330.0 * PT_PER_MM).abs() < 1e-3, "landscape");
        assert_eq!(Sheet::Custom(w, h).name(), "480x330mm");
    }

    #[test]
    fn sizes_are_landscape_and_listed_smallest_first() {
        assert_eq!(Sheet::Letter.size((0.0, 0.0), 0.0), (792.0, 612.0));
        assert_eq!(Sheet::Tabloid.size((0.0, 0.0), 0.0), (1224.0, 792.0));
        let (w, h) = Sheet::A4.size((0.0, 0.0), 0.0);
        assert!((w - 841.8898).abs() < 1e-3 && (h - 595.2756).abs() < 1e-3);
        assert_eq!(Sheet::Spread.size((360.0, 576.0), 10.0), (740.0, 596.0));
        let sheets: Vec<_> = listed().collect();
        for pair in sheets.windows(2) {
            assert!(pair[0].1 * pair[0].2 <= pair[1].1 * pair[1].2, "{pair:?}");
        }
        assert!(sheets.iter().all(|s| s.1 >= s.2));
        assert_eq!(Creep::parse("Balanced"), Some(Creep::Balanced));
        assert_eq!(Creep::parse("sideways"), None);
    }
}
