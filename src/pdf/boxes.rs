//! Page boxes and printer's marks.
//!
//! Every page has the same geometry. The MediaBox starts at (0, 0). The TrimBox is the
//! trimmed page as laid out; the BleedBox is the TrimBox grown by the bleed on every side
//! (or, for services that want it so, on head, foot and fore-edge only: no bleed at the
//! spine, so a recto's trim starts at the MediaBox's left edge).
//! Without marks the MediaBox equals the BleedBox; with marks it grows by a further
//! [`MARK_SLUG`] on every side, and crop marks are drawn in that slug, starting
//! [`MARK_GAP`] outside the bleed so they never print on the trimmed page even if the
//! cut drifts into the bleed. Single pages have no fold, so there are no fold marks.

use pdf_writer::{Content, Rect};

/// Space between the bleed edge and the start of a crop mark, in points.
pub const MARK_GAP: f32 = 3.0;
/// Length of a crop mark, in points.
pub const MARK_LEN: f32 = 18.0;
/// Extra room outside the bleed when marks are on (gap + mark + a little paper).
pub const MARK_SLUG: f32 = 24.0;
/// Stroke width of crop marks (the thinnest a press reliably holds).
pub const MARK_WIDTH: f32 = 0.25;

/// Where the trimmed page sits on the sheet, all in PDF user space (y up, points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Trim size (width, height).
    pub trim: (f32, f32),
    pub bleed: f32,
    pub marks: bool,
    /// Bleed on the spine edge too (the default); without it (KDP) the page is bleed
    /// wider, not twice the bleed, and the bleed sits on the fore-edge only.
    pub spine_bleed: bool,
    /// This page is a recto (odd page number: its spine edge is on the left).
    pub recto: bool,
    /// An imposed sheet's TrimBox and BleedBox, PDF user space.
    pub sheet: Option<(Rect, Rect)>,
}

impl Geometry {
    pub fn new(trim: (f32, f32), bleed: f32, marks: bool) -> Self {
        let bleed = if bleed.is_finite() { bleed.max(0.0) } else { 0.0 };
        Geometry { trim, bleed, marks, spine_bleed: true, recto: true, sheet: None }
    }

    /// An imposed sheet of `size`: the MediaBox is the sheet; TrimBox and BleedBox are the
    /// spread's, given y down from the sheet's top (as in the display list).
    pub fn sheet(size: (f32, f32), trim: crate::display::Rect, bleed: crate::display::Rect) -> Self {
        let h = size.1;
        let flip = |r: crate::display::Rect| Rect::new(round(r.x0), round(h - r.y1), round(r.x1), round(h - r.y0));
        Geometry { sheet: Some((flip(trim), flip(bleed))), ..Geometry::new(size, 0.0, false) }
    }

    /// The geometry of page `index` (0-based; page 0 is a recto).
    pub fn for_page(&self, index: usize) -> Geometry {
        Geometry { recto: index.is_multiple_of(2), ..*self }
    }

    fn slug(&self) -> f32 {
        if self.marks { MARK_SLUG } else { 0.0 }
    }

    /// Bleed on the left and right edges.
    fn side_bleeds(&self) -> (f32, f32) {
        let spine = if self.spine_bleed { self.bleed } else { 0.0 };
        if self.recto { (spine, self.bleed) } else { (self.bleed, spine) }
    }

    /// Where the trim's lower-left corner sits in the MediaBox.
    pub fn offset(&self) -> (f32, f32) {
        (self.slug() + self.side_bleeds().0, self.slug() + self.bleed)
    }

    pub fn media_box(&self) -> Rect {
        let (ox, oy) = self.offset();
        let (_, br) = self.side_bleeds();
        let (w, h) = self.trim;
        // From the rounded trim edge, as the BleedBox is, so the two agree to the digit.
        let (x2, y2) = (round(ox + w), round(oy + h));
        Rect::new(0.0, 0.0, round(x2 + br + self.slug()), round(y2 + self.bleed + self.slug()))
    }

    pub fn trim_box(&self) -> Rect {
        match self.sheet {
            Some((trim, _)) => trim,
            None => self.grown((0.0, 0.0), 0.0),
        }
    }

    pub fn bleed_box(&self) -> Rect {
        match self.sheet {
            Some((_, bleed)) => bleed,
            None => self.grown(self.side_bleeds(), self.bleed),
        }
    }

    fn grown(&self, (l, r): (f32, f32), v: f32) -> Rect {
        let (ox, oy) = self.offset();
        let (x2, y2) = (round(ox + self.trim.0), round(oy + self.trim.1));
        Rect::new(round(ox - l), round(oy - v), round(x2 + r), round(y2 + v))
    }

    /// Draw the eight crop marks (two at each corner, continuing the trim edges) in
    /// sheet coordinates, each starting [`MARK_GAP`] outside the bleed. Solid black
    /// DeviceGray, no registration colour.
    pub fn draw_marks(&self, c: &mut Content) {
        if !self.marks {
            return;
        }
        let (w, h) = self.trim;
        let (x0, y0) = self.offset();
        let (x1, y1) = (x0 + w, y0 + h);
        let (bl, br) = self.side_bleeds();
        c.save_state();
        c.set_stroke_gray(0.0);
        c.set_line_width(MARK_WIDTH);
        c.set_line_cap(pdf_writer::types::LineCapStyle::ButtCap);
        for &(x, dx, bx) in &[(x0, -1.0f32, bl), (x1, 1.0, br)] {
            for &(y, dy) in &[(y0, -1.0f32), (y1, 1.0)] {
                // Horizontal mark continuing the horizontal trim edge at y.
                c.move_to(round(x + dx * (bx + MARK_GAP)), round(y));
                c.line_to(round(x + dx * (bx + MARK_GAP + MARK_LEN)), round(y));
                // Vertical mark continuing the vertical trim edge at x.
                let near = self.bleed + MARK_GAP;
                c.move_to(round(x), round(y + dy * near));
                c.line_to(round(x), round(y + dy * (near + MARK_LEN)));
            }
        }
        c.stroke();
        c.restore_state();
    }
}

/// Round to 1/10000 pt: plenty for print, and keeps numbers short and stable.
/// Non-finite input (a layout bug) becomes 0 rather than an invalid PDF number.
pub fn round(v: f32) -> f32 {
    if !v.is_finite() {
        return 0.0;
    }
    ((f64::from(v) * 10000.0).round() / 10000.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const A5: (f32, f32) = (419.5276, 595.2756);

    #[test]
    fn a5_with_bleed_no_marks() {
        let g = Geometry::new(A5, 8.5039, false);
        assert_eq!(g.media_box(), Rect::new(0.0, 0.0, 436.5354, 612.2834));
        assert_eq!(g.bleed_box(), g.media_box());
        assert_eq!(g.trim_box(), Rect::new(8.5039, 8.5039, 428.0315, 603.7795));
    }

    #[test]
    fn a5_with_bleed_and_marks() {
        let g = Geometry::new(A5, 8.5039, true);
        assert_eq!(g.media_box(), Rect::new(0.0, 0.0, 484.5354, 660.2834));
        assert_eq!(g.bleed_box(), Rect::new(24.0, 24.0, 460.5354, 636.2834));
        assert_eq!(g.trim_box(), Rect::new(32.5039, 32.5039, 452.0315, 627.7795));
    }

    #[test]
    fn kdp_bleeds_on_three_sides_only() {
        let g = Geometry { spine_bleed: false, ..Geometry::new(A5, 9.0, false) };
        let (recto, verso) = (g.for_page(0), g.for_page(1));
        for p in [recto, verso] {
            assert_eq!(p.media_box(), Rect::new(0.0, 0.0, 428.5276, 613.2756), "trim + 0.125 in wide, + 0.25 in high");
            assert_eq!(p.bleed_box(), p.media_box());
        }
        assert_eq!(recto.trim_box(), Rect::new(0.0, 9.0, 419.5276, 604.2756), "spine on the left, no bleed there");
        assert_eq!(verso.trim_box(), Rect::new(9.0, 9.0, 428.5276, 604.2756));
    }

    #[test]
    fn no_bleed() {
        let g = Geometry::new((100.0, 200.0), 0.0, false);
        assert_eq!(g.media_box(), Rect::new(0.0, 0.0, 100.0, 200.0));
        assert_eq!(g.trim_box(), g.media_box());
    }
}
