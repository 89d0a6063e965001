//! Printer's marks on a cover for a service that wants them (`offset`), as the book's own
//! pages get them: the sheet grows by [`MARK_ROOM`] on every side, what the cover shows
//! moves in by as much, crop marks continue the wrap's trim outside the bleed and dashed
//! marks show its folds (a saddle cover's middle, a perfect-bound wrap's two spine folds).

use crate::display::{Document, Item, Rect};
use crate::impose::marks::{MARK_ROOM, crop_marks, fold_marks};
use crate::impose::transform::transform_items;
use crate::layout::cover::Plan;

/// Adds the marks to every page of `doc` (laid out on `plan` with `bleed`); returns the
/// trim and the bleed rectangles on the grown sheet.
pub(super) fn add(doc: &mut Document, plan: &Plan, bleed: f32) -> (Rect, Rect) {
    let r = MARK_ROOM;
    let moved = |x: Rect| Rect { x0: x.x0 + r, y0: x.y0 + r, x1: x.x1 + r, y1: x.y1 + r };
    let trim = moved(Rect { x0: bleed, y0: bleed, x1: plan.page.0 - bleed, y1: plan.page.1 - bleed });
    let bleed_rect = moved(Rect { x0: 0.0, y0: 0.0, x1: plan.page.0, y1: plan.page.1 });
    let folds: Vec<f32> = match plan.spine {
        Some(s) => vec![s.x0 + r, s.x1 + r],
        None => vec![plan.back.x1 + r],
    };
    doc.page_size = (plan.page.0 + 2.0 * r, plan.page.1 + 2.0 * r);
    for page in &mut doc.pages {
        // Moved item for item, so the structure's roles (by index) still fit; the marks
        // come after them, artifacts.
        let mut items: Vec<Item> = transform_items(&page.items, 1.0, r, r);
        items.extend(crop_marks(trim, bleed, bleed));
        for &x in &folds {
            items.extend(fold_marks(x, trim, bleed));
        }
        page.items = items;
    }
    (trim, bleed_rect)
}
