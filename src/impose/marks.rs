//! Printer's marks for an imposed spread, drawn as thin black strokes outside the bleed:
//! crop marks at the four outer corners of the spread, dashed fold marks above and below
//! the spine (so a cutter never takes them for crop marks), a slug line under the spread
//! naming the book and the sheet side, and — for books in signatures — a collation mark
//! on each signature's spine fold.
//!
//! Every mark starts [`MARK_GAP`] outside the bleed and ends within [`MARK_ROOM`] of it;
//! [`super::fit`] only asks for marks when the sheet has that room on every side, so no
//! mark is ever drawn off the sheet or inside the bleed.

use crate::display::{FontSource, Glyph, GlyphRun, Ink, Item, LineCap, LineJoin, Path, Point, Rect, Stroke};

/// Stroke width of every mark, points.
pub const MARK_WIDTH: f32 = 0.25;
/// Gap between the bleed edge and the start of a mark, points (more than 1 mm).
pub const MARK_GAP: f32 = 3.0;
/// Length of a crop mark or of a fold mark, points.
pub const MARK_LENGTH: f32 = 12.0;
/// Room marks need outside the bleed on every side: gap, mark, and 3 pt of paper.
pub const MARK_ROOM: f32 = MARK_GAP + MARK_LENGTH + 3.0;
/// Dash and gap of a fold mark, points.
pub const FOLD_DASH: f32 = 2.0;
/// Type size of the slug line, points.
pub const SLUG_SIZE: f32 = 6.0;
/// Width of a collation mark (centred on the spine) and height of one step, points.
pub const COLLATION_WIDTH: f32 = 6.0;
pub const COLLATION_STEP: f32 = 12.0;

fn stroke() -> Stroke {
    Stroke { width: MARK_WIDTH, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter }
}

fn seg(x0: f32, y0: f32, x1: f32, y1: f32) -> Item {
    Item::Path(Path::line(Point::new(x0, y0), Point::new(x1, y1), stroke()))
}

/// Crop and fold marks for the spread `trim` (sheet points) whose bleed is `bleed` on the
/// head and foot and `bleed_side` beyond each fore-edge (the bleed plus any outward creep).
pub fn spread_marks(trim: Rect, bleed: f32, bleed_side: f32) -> Vec<Item> {
    let mut items = crop_marks(trim, bleed, bleed_side);
    items.extend(fold_marks((trim.x0 + trim.x1) / 2.0, trim, bleed));
    items
}

/// The eight crop marks at the corners of `trim`, continuing its edges outside the bleed
/// (`bleed` at head and foot, `bleed_side` at the sides).
pub fn crop_marks(trim: Rect, bleed: f32, bleed_side: f32) -> Vec<Item> {
    let Rect { x0: left, y0: top, x1: right, y1: bottom } = trim;
    let (o, l) = (bleed + MARK_GAP, MARK_LENGTH);
    let oh = bleed_side + MARK_GAP;
    let mut items = Vec::with_capacity(8);
    // Per corner one horizontal mark (on the trim's top/bottom line, outside left or
    // right) and one vertical (on the left/right trim line, above or below).
    for (x, dir_x) in [(left, -1.0), (right, 1.0)] {
        for (y, dir_y) in [(top, -1.0), (bottom, 1.0)] {
            items.push(seg(x + dir_x * oh, y, x + dir_x * (oh + l), y));
            items.push(seg(x, y + dir_y * o, x, y + dir_y * (o + l)));
        }
    }
    items
}

/// A fold at `x`, marked above and below `trim`'s bleed: dashed, so that a cutter does
/// not take it for a crop mark.
pub fn fold_marks(x: f32, trim: Rect, bleed: f32) -> Vec<Item> {
    let (o, l) = (bleed + MARK_GAP, MARK_LENGTH);
    let mut items = Vec::new();
    for (y, dir) in [(trim.y0, -1.0), (trim.y1, 1.0)] {
        let mut d = 0.0;
        while d + FOLD_DASH <= l + 1e-3 {
            items.push(seg(x, y + dir * (o + d), x, y + dir * (o + d + FOLD_DASH)));
            d += 2.0 * FOLD_DASH;
        }
    }
    items
}

/// A collation mark: a black block on the spine, `step` blocks down from the head, so the
/// folded signatures show a staircase on their spines when gathered in order.
pub fn collation_mark(trim: Rect, step: usize) -> Item {
    let s = (trim.x0 + trim.x1) / 2.0;
    let room = ((trim.y1 - trim.y0) / COLLATION_STEP).floor().max(1.0) as usize;
    let y = trim.y0 + (step % room) as f32 * COLLATION_STEP;
    let (x0, x1, y1) = (s - COLLATION_WIDTH / 2.0, s + COLLATION_WIDTH / 2.0, y + COLLATION_STEP);
    Item::Path(Path::polygon(
        [Point::new(x0, y), Point::new(x1, y), Point::new(x1, y1), Point::new(x0, y1)],
        Ink::BLACK,
    ))
}

/// The slug line under the left page of the spread, outside the bleed: `text` set in
/// `font` (glyphs from its character map, no shaping: slug text is plain), cut to fit
/// between the left crop mark and the fold mark. `None` when the font cannot be read.
pub fn slug(font: &FontSource, font_id: crate::display::FontId, text: &str, trim: Rect, bleed: f32) -> Option<Item> {
    let face = ttf_parser::Face::parse(font.bytes(), font.index).ok()?;
    let upem = f32::from(face.units_per_em());
    let scale = SLUG_SIZE / upem;
    let x = trim.x0 + MARK_GAP * 2.0;
    let limit = (trim.x0 + trim.x1) / 2.0 - MARK_GAP * 2.0 - x;
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    let mut kept = String::new();
    for (i, c) in text.char_indices() {
        let Some(id) = face.glyph_index(c) else { continue };
        let advance = f32::from(face.glyph_hor_advance(id).unwrap_or(0)) * scale;
        if pen + advance > limit {
            break;
        }
        let start = kept.len() as u32;
        kept.push(c);
        glyphs.push(Glyph { id: id.0, x: pen, y: 0.0, advance, text: (start, kept.len() as u32) });
        pen += advance;
        let _ = i;
    }
    if glyphs.is_empty() {
        return None;
    }
    Some(Item::Text(GlyphRun {
        font: font_id,
        size: SLUG_SIZE,
        origin: Point::new(x, trim.y1 + bleed + MARK_GAP + SLUG_SIZE * 0.8),
        ink: Ink::BLACK,
        text: kept,
        glyphs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::PathEl;

    fn points(item: &Item) -> Vec<Point> {
        let Item::Path(p) = item else { panic!("marks are paths") };
        p.els
            .iter()
            .filter_map(|e| match *e {
                PathEl::MoveTo(p) | PathEl::LineTo(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn marks_stay_outside_the_bleed_and_within_their_room() {
        let trim = Rect { x0: 36.0, y0: 30.0, x1: 756.0, y1: 582.0 };
        let bleed = 8.5;
        let items = spread_marks(trim, bleed, bleed + 1.0);
        for item in &items {
            let Item::Path(p) = item else { panic!() };
            assert_eq!(p.stroke.unwrap().width, 0.25);
            assert_eq!(p.stroke.unwrap().ink, Ink::BLACK);
            assert_eq!(p.fill, None);
            for pt in points(item) {
                let in_bleed = pt.x > trim.x0 - bleed - MARK_GAP + 1e-3
                    && pt.x < trim.x1 + bleed + MARK_GAP - 1e-3
                    && pt.y > trim.y0 - bleed - MARK_GAP + 1e-3
                    && pt.y < trim.y1 + bleed + MARK_GAP - 1e-3;
                assert!(!in_bleed, "{pt:?} is inside the bleed + gap");
                let in_room = pt.x >= trim.x0 - bleed - 1.0 - MARK_ROOM
                    && pt.x <= trim.x1 + bleed + 1.0 + MARK_ROOM
                    && pt.y >= trim.y0 - bleed - MARK_ROOM
                    && pt.y <= trim.y1 + bleed + MARK_ROOM;
                assert!(in_room, "{pt:?} is past the room for marks");
            }
        }
        // 8 crop segments; fold marks are dashed: 3 dashes of 2 pt above and below.
        assert_eq!(items.len(), 8 + 6);
        let fold: Vec<Vec<Point>> = items[8..].iter().map(points).collect();
        for f in &fold {
            assert!(f.iter().all(|p| p.x == 396.0), "on the spine");
            assert!(((f[0].y - f[1].y).abs() - FOLD_DASH).abs() < 1e-4, "dashes of 2 pt");
        }
        assert_eq!(fold[0][0].y, 30.0 - 8.5 - 3.0);
    }

    #[test]
    fn collation_marks_step_down_the_spine() {
        let trim = Rect { x0: 0.0, y0: 0.0, x1: 100.0, y1: 60.0 };
        let tops: Vec<f32> = (0..6)
            .map(|s| {
                let Item::Path(p) = collation_mark(trim, s) else { panic!() };
                let PathEl::MoveTo(a) = p.els[0] else { panic!() };
                assert_eq!(a.x, 47.0);
                a.y
            })
            .collect();
        // 60 pt of spine holds 5 steps of 12 pt; the sixth starts again at the head.
        assert_eq!(tops, vec![0.0, 12.0, 24.0, 36.0, 48.0, 0.0]);
    }
}
