//! Does the spread fit the sheet? The book's size is never changed behind the poet's back:
//! pages are placed at 100 %; when they do not fit, imposition stops with a message
//! naming the space needed, the sheet, the smallest listed sheet that fits and page sizes
//! that would fit this sheet. Only [`Fit::Shrink`] scales, and says by how much.
//!
//! When the pages fit but their bleed does not (two A5 pages on A4: 296 of 297 mm, the
//! usual home-printer booklet), the sheet is imposed without bleed and a note says so;
//! that is an error only when marks were asked for (they belong outside the bleed) or
//! when something on the pages reaches into the bleed (it would be cut off unseen).

use super::ImposeError;
use super::marks::MARK_ROOM;
use super::sheet::{Fit, ImposeOptions, listed};
use crate::units::PT_PER_MM;

/// Slack when comparing sizes, points.
const EPS: f32 = 0.01;

/// Where and how big the spread goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    /// The sheet, landscape, points.
    pub sheet: (f32, f32),
    /// 1.0 unless [`Fit::Shrink`] had to scale.
    pub scale: f32,
    /// Bleed carried on the sheet around the spread (0 when there is no room).
    pub bleed: f32,
    /// Whether marks are drawn.
    pub marks: bool,
    /// What the summary must tell: bleed left off, scaling.
    pub notes: Vec<String>,
}

fn mm(v: f32) -> String {
    format!("{:.0}", v / PT_PER_MM)
}

fn size_mm((w, h): (f32, f32)) -> String {
    format!("{} × {} mm", mm(w), mm(h))
}

fn fits(need: (f32, f32), sheet: (f32, f32)) -> bool {
    need.0 <= sheet.0 + EPS && need.1 <= sheet.1 + EPS
}

/// The smallest listed sheet that holds `need`.
pub fn smallest_sheet(need: (f32, f32)) -> Option<&'static str> {
    listed().find(|s| fits(need, (s.1, s.2))).map(|s| s.0)
}

/// Page-size presets of which two fit side by side on `sheet`, largest first.
fn pages_that_fit(sheet: (f32, f32)) -> Vec<&'static str> {
    let mut p: Vec<&crate::paper::Paper> =
        crate::paper::trims().filter(|p| fits((2.0 * p.width, p.height), sheet)).collect();
    p.sort_by(|a, b| (b.width * b.height).total_cmp(&(a.width * a.height)));
    p.iter().map(|p| p.name).collect()
}

/// Places two `page` pages side by side on the sheet. `creep_out` is the largest outward
/// page shift (room it needs beyond each fore-edge); `bleed_content` says whether
/// anything on the pages reaches past the trim.
pub fn place(
    page: (f32, f32),
    opts: &ImposeOptions,
    creep_out: f32,
    bleed_content: bool,
) -> Result<Placement, ImposeError> {
    let (w, h) = page;
    let b = opts.bleed.max(0.0);
    let room = if opts.marks { MARK_ROOM } else { 0.0 };
    let sheet = opts.sheet.size(page, b + room + creep_out);
    let pages = (2.0 * w + 2.0 * creep_out, h);
    let with_bleed = (pages.0 + 2.0 * b, pages.1 + 2.0 * b);
    let all = (with_bleed.0 + 2.0 * room, with_bleed.1 + 2.0 * room);
    let need = Need { page, sheet, name: opts.sheet.name(), bleed: b, room, creep_out, pages, with_bleed, all };

    if fits(all, sheet) {
        return Ok(Placement { sheet, scale: 1.0, bleed: b, marks: opts.marks, notes: Vec::new() });
    }
    if fits(pages, sheet) {
        return need.without_bleed(opts, bleed_content);
    }
    if opts.fit == Fit::Shrink {
        return need.shrunk(opts);
    }
    Err(need.does_not_fit(opts))
}

/// What a spread needs of its sheet, for the placements short of the full size with
/// bleed and marks.
struct Need {
    page: (f32, f32),
    sheet: (f32, f32),
    name: String,
    bleed: f32,
    /// Room for marks around the bleed.
    room: f32,
    creep_out: f32,
    /// The two pages (and creep), the same with bleed, and with marks too.
    pages: (f32, f32),
    with_bleed: (f32, f32),
    all: (f32, f32),
}

impl Need {
    /// The pages fit but their bleed (or marks) does not: imposed without bleed when
    /// nothing needs it, else an error.
    fn without_bleed(&self, opts: &ImposeOptions, bleed_content: bool) -> Result<Placement, ImposeError> {
        let Need { sheet, bleed: b, with_bleed, all, .. } = *self;
        let name = &self.name;
        let what = if opts.marks { "with bleed and marks" } else { "with bleed" };
        let mut notes = Vec::new();
        if opts.marks {
            return Err(ImposeError::DoesNotFit(format!(
                "the spread {what} needs {}; sheet {name} is {}: marks belong outside the bleed. Use a larger sheet{}, or leave out --marks",
                size_mm(all),
                size_mm(sheet),
                smallest_sheet(all).map(|s| format!(" (smallest that fits: {s})")).unwrap_or_default(),
            )));
        }
        if bleed_content && b > 0.0 {
            return Err(ImposeError::DoesNotFit(format!(
                "something on the pages reaches into the bleed, and sheet {name} ({}) has no room for it: the spread {what} needs {}. Use a larger sheet{}",
                size_mm(sheet),
                size_mm(with_bleed),
                smallest_sheet(with_bleed).map(|s| format!(" (smallest that fits: {s})")).unwrap_or_default(),
            )));
        }
        if b > 0.0 {
            notes.push(format!(
                "no room for the {:.1} mm bleed on {name} (the spread with bleed needs {}): imposed without it",
                b / PT_PER_MM,
                size_mm(with_bleed)
            ));
        }
        Ok(Placement { sheet, scale: 1.0, bleed: 0.0, marks: false, notes })
    }

    /// `--fit shrink`: pages and bleed scaled down to the sheet.
    fn shrunk(&self, opts: &ImposeOptions) -> Result<Placement, ImposeError> {
        let Need { page: (w, h), sheet, bleed: b, room, creep_out, .. } = *self;
        let name = &self.name;
        // Pages and bleed scale; the room for marks and creep is paper, and does not.
        let fixed = (2.0 * (room + creep_out), 2.0 * room);
        let scale = ((sheet.0 - fixed.0) / (2.0 * w + 2.0 * b)).min((sheet.1 - fixed.1) / (h + 2.0 * b)).min(1.0);
        if scale.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(ImposeError::DoesNotFit(format!(
                "sheet {name} ({}) has no room for the marks alone: use a larger sheet",
                size_mm(sheet)
            )));
        }
        let notes =
            vec![format!("scaled to {:.1} % to fit {name} (--fit shrink): the printed book is smaller", scale * 100.0)];
        Ok(Placement { sheet, scale, bleed: b, marks: opts.marks, notes })
    }

    /// The error for pages that do not fit side by side, with the ways out.
    fn does_not_fit(&self, opts: &ImposeOptions) -> ImposeError {
        let Need { page, sheet, pages, all, .. } = *self;
        let name = &self.name;
        let mut fix = Vec::new();
        if let Some(s) = smallest_sheet(if opts.marks { all } else { pages }) {
            fix.push(format!("a larger sheet (smallest that fits: {s})"));
        }
        let smaller = pages_that_fit(sheet);
        if !smaller.is_empty() {
            fix.push(format!("pages that fit {name} (--page-size {})", smaller.join(", ")));
        }
        fix.push("--fit shrink to scale the book down".into());
        ImposeError::DoesNotFit(format!(
            "two {} pages side by side need {}; sheet {name} is {}. Use {}",
            size_mm(page),
            size_mm(pages),
            size_mm(sheet),
            fix.join(", or ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::impose::Sheet;
    use crate::units::PT_PER_IN;

    const A5: (f32, f32) = (148.0 * PT_PER_MM, 210.0 * PT_PER_MM);
    const BLEED: f32 = 3.0 * PT_PER_MM;

    fn opts(sheet: Sheet) -> ImposeOptions {
        ImposeOptions { sheet, bleed: BLEED, ..ImposeOptions::default() }
    }

    #[test]
    fn a5_on_letter_names_the_space_a_sheet_and_pages_that_fit() {
        let err = place(A5, &opts(Sheet::Letter), 0.0, false).unwrap_err().to_string();
        assert_eq!(
            err,
            "two 148 × 210 mm pages side by side need 296 × 210 mm; sheet letter is 279 × 216 mm. \
             Use a larger sheet (smallest that fits: a4), or pages that fit letter (--page-size half-letter, 5x8in, \
             a6, quarter-letter), or --fit shrink to scale the book down"
        );
    }

    #[test]
    fn shrink_is_explicit_and_noted() {
        let p = place(A5, &ImposeOptions { fit: Fit::Shrink, ..opts(Sheet::Letter) }, 0.0, false).unwrap();
        // The spread with its bleed (302 × 216 mm) onto 279.4 mm: 92.5 %.
        assert!((p.scale - 11.0 * PT_PER_IN / (302.0 * PT_PER_MM)).abs() < 1e-4, "{}", p.scale);
        assert!(p.notes[0].contains("scaled to 92.5 %"), "{:?}", p.notes);
    }

    #[test]
    fn shrink_leaves_the_marks_their_full_room() {
        let o = ImposeOptions { fit: Fit::Shrink, marks: true, ..opts(Sheet::Letter) };
        let p = place(A5, &o, 1.0, false).unwrap();
        let (sw, sh) = p.sheet;
        let spread = ((2.0 * A5.0 + 2.0 * BLEED) * p.scale, (A5.1 + 2.0 * BLEED) * p.scale);
        assert!(spread.0 + 2.0 * (MARK_ROOM + 1.0) <= sw + 1e-3, "{spread:?}");
        assert!(spread.1 + 2.0 * MARK_ROOM <= sh + 1e-3, "{spread:?}");
        assert!(
            ((sw - 2.0 * (MARK_ROOM + 1.0)) - spread.0).abs() < 1e-2
                || ((sh - 2.0 * MARK_ROOM) - spread.1).abs() < 1e-2
        );
    }

    #[test]
    fn a5_on_a4_goes_without_bleed_and_says_so() {
        let p = place(A5, &opts(Sheet::A4), 0.0, false).unwrap();
        assert_eq!((p.scale, p.bleed, p.marks), (1.0, 0.0, false));
        assert!(p.notes[0].starts_with("no room for the 3.0 mm bleed on a4"), "{:?}", p.notes);
        // …but not when something would be cut off, or marks were asked for.
        let e = place(A5, &opts(Sheet::A4), 0.0, true).unwrap_err().to_string();
        assert!(e.contains("reaches into the bleed") && e.contains("smallest that fits: sra4"), "{e}");
        let e = place(A5, &ImposeOptions { marks: true, ..opts(Sheet::A4) }, 0.0, false).unwrap_err().to_string();
        assert!(e.contains("leave out --marks") && e.contains("smallest that fits: tabloid"), "{e}");
    }

    #[test]
    fn a5_on_a3_has_bleed_and_marks() {
        let p = place(A5, &ImposeOptions { marks: true, ..opts(Sheet::A3) }, 0.0, true).unwrap();
        assert_eq!((p.scale, p.bleed, p.marks), (1.0, BLEED, true));
        assert!(p.notes.is_empty());
        let p = place(A5, &ImposeOptions { marks: true, ..opts(Sheet::Spread) }, 2.0, true).unwrap();
        assert!((p.sheet.0 - (2.0 * A5.0 + 2.0 * (BLEED + MARK_ROOM + 2.0))).abs() < 1e-3);
        assert!(p.marks && p.scale == 1.0);
    }
}
