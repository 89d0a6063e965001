//! Page boxes and printer's marks.
//!
//! Every page has the same geometry. The MediaBox starts at (0, 0). The TrimBox is the
//! trimmed page as laid out; the BleedBox is the TrimBox grown by the bleed on every side.
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
    /// Distance from the MediaBox edge to the TrimBox edge, on every side.
    pub offset: f32,
    pub marks: bool,
    /// An imposed sheet's TrimBox and BleedBox, PDF user space.
    pub sheet: Option<(Rect, Rect)>,
}

impl Geometry {
    pub fn new(trim: (f32, f32), bleed: f32, marks: bool) -> Self {
        let bleed = if bleed.is_finite() { bleed.max(0.0) } else { 0.0 };
        let offset = bleed + if marks { MARK_SLUG } else { 0.0 };
        Geometry { trim, bleed, offset, marks, sheet: None }
    }

    /// An imposed sheet of `size`: the MediaBox is the sheet; TrimBox and BleedBox are the
    /// spread's, given y down from the sheet's top (as in the display list).
    pub fn sheet(size: (f32, f32), trim: crate::display::Rect, bleed: crate::display::Rect) -> Self {
        let h = size.1;
        let flip = |r: crate::display::Rect| Rect::new(round(r.x0), round(h - r.y1), round(r.x1), round(h - r.y0));
        Geometry { trim: size, bleed: 0.0, offset: 0.0, marks: false, sheet: Some((flip(trim), flip(bleed))) }
    }

    pub fn media_box(&self) -> Rect {
        let t = self.grown(0.0);
        Rect::new(0.0, 0.0, round(t.x2 + self.offset), round(t.y2 + self.offset))
    }

    pub fn trim_box(&self) -> Rect {
        match self.sheet {
            Some((trim, _)) => trim,
            None => self.grown(0.0),
        }
    }

    pub fn bleed_box(&self) -> Rect {
        match self.sheet {
            Some((_, bleed)) => bleed,
            None => self.grown(self.bleed),
        }
    }

    fn grown(&self, by: f32) -> Rect {
        let o = self.offset;
        let (x2, y2) = (round(o + self.trim.0), round(o + self.trim.1));
        Rect::new(round(o - by), round(o - by), round(x2 + by), round(y2 + by))
    }

    /// Draw the eight crop marks (two at each corner, continuing the trim edges) in
    /// sheet coordinates. Solid black DeviceGray, no registration colour.
    pub fn draw_marks(&self, c: &mut Content) {
        if !self.marks {
            return;
        }
        let (w, h) = self.trim;
        let (x0, y0) = (self.offset, self.offset);
        let (x1, y1) = (self.offset + w, self.offset + h);
        let near = self.bleed + MARK_GAP;
        let far = near + MARK_LEN;
        c.save_state();
        c.set_stroke_gray(0.0);
        c.set_line_width(MARK_WIDTH);
        c.set_line_cap(pdf_writer::types::LineCapStyle::ButtCap);
        for &(x, dx) in &[(x0, -1.0f32), (x1, 1.0)] {
            for &(y, dy) in &[(y0, -1.0f32), (y1, 1.0)] {
                // Horizontal mark continuing the horizontal trim edge at y.
                c.move_to(round(x + dx * near), round(y));
                c.line_to(round(x + dx * far), round(y));
                // Vertical mark continuing the vertical trim edge at x.
                c.move_to(round(x), round(y + dy * near));
                c.line_to(round(x), round(y + dy * far));
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
    fn no_bleed() {
        let g = Geometry::new((100.0, 200.0), 0.0, false);
        assert_eq!(g.media_box(), Rect::new(0.0, 0.0, 100.0, 200.0));
        assert_eq!(g.trim_box(), g.media_box());
    }
}
