//! Printer's marks for an imposed spread, drawn outside the trim area as thin black
//! strokes: crop marks at the four outer corners of the spread and a fold mark above and
//! below the spine.
//!
//! The marks sit on the nominal (creep-free) spread rectangle: they show where the sheet
//! is folded and where the finished booklet is trimmed. Marks that fall off the sheet
//! (when the spread fills it) are still emitted; renderers clip them to the page.

use crate::display::{Ink, Item, LineCap, LineJoin, Path, Point, Stroke};

/// Stroke width of every mark, points.
pub const MARK_WIDTH: f32 = 0.25;
/// Gap between the trim edge and the start of a mark, points.
pub const MARK_OFFSET: f32 = 3.0;
/// Length of a crop mark or of the fold mark, points.
pub const MARK_LENGTH: f32 = 12.0;

/// The rectangle of a spread on the sheet (already scaled), in sheet points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadRect {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl SpreadRect {
    /// The spine: the vertical centre line of the spread.
    pub fn spine(&self) -> f32 {
        (self.left + self.right) / 2.0
    }
}

fn stroke() -> Stroke {
    Stroke { width: MARK_WIDTH, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter }
}

fn seg(x0: f32, y0: f32, x1: f32, y1: f32) -> Item {
    Item::Path(Path::line(Point::new(x0, y0), Point::new(x1, y1), stroke()))
}

/// Crop and fold marks for `rect`. `side_gap` is extra clearance added to the horizontal
/// crop marks' gap (the creep shift, so the marks clear page content pushed outward).
pub fn spread_marks(rect: SpreadRect, side_gap: f32) -> Vec<Item> {
    let SpreadRect { left, top, right, bottom } = rect;
    let (o, l) = (MARK_OFFSET, MARK_LENGTH);
    let oh = o + side_gap.max(0.0);
    let mut items = Vec::with_capacity(10);
    // Crop marks: per corner one horizontal (on the trim's top/bottom line, outside left
    // or right) and one vertical (on the left/right trim line, above or below).
    for (x, dir_x) in [(left, -1.0), (right, 1.0)] {
        for (y, dir_y) in [(top, -1.0), (bottom, 1.0)] {
            items.push(seg(x + dir_x * oh, y, x + dir_x * (oh + l), y));
            items.push(seg(x, y + dir_y * o, x, y + dir_y * (o + l)));
        }
    }
    // Fold marks on the spine, above and below the trim.
    let s = rect.spine();
    items.push(seg(s, top - o, s, top - o - l));
    items.push(seg(s, bottom + o, s, bottom + o + l));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::PathEl;

    #[test]
    fn marks_stay_outside_the_spread() {
        let rect = SpreadRect { left: 36.0, top: 18.0, right: 756.0, bottom: 594.0 };
        let items = spread_marks(rect, 1.0);
        assert_eq!(items.len(), 10);
        for item in &items {
            let Item::Path(p) = item else { panic!("marks are paths") };
            assert_eq!(p.stroke.unwrap().width, 0.25);
            assert_eq!(p.stroke.unwrap().ink, Ink::BLACK);
            assert_eq!(p.fill, None);
            for el in &p.els {
                let (PathEl::MoveTo(pt) | PathEl::LineTo(pt)) = *el else { panic!() };
                let inside = pt.x > rect.left && pt.x < rect.right && pt.y > rect.top && pt.y < rect.bottom;
                assert!(!inside, "{pt:?} is inside the trim");
            }
        }
        // The fold marks are on the spine.
        let Item::Path(fold) = &items[8] else { panic!() };
        assert_eq!(fold.els, vec![PathEl::MoveTo(Point::new(396.0, 15.0)), PathEl::LineTo(Point::new(396.0, 3.0))]);
    }
}
