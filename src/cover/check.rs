//! The cover held to its service's rules, from the laid-out cover: everything on the
//! front and back inside the safe zone (from the trim and from the folds), spine text
//! clear of the spine's folds, the bar-code area holding the bar code or nothing.

use crate::display::Document;
use crate::layout::cover::Plan;
use crate::preflight::targets::extent;
use crate::targets::CoverRules;
use crate::units::PT_PER_MM;

fn mm(pt: f32) -> String {
    format!("{:.1} mm", pt / PT_PER_MM)
}

/// Every rule the cover breaks, one sentence each, naming the rule, the distance and the
/// fix; `name` is the service (or "the cover"). With `isbn`, what lies wholly inside the
/// bar-code area is the bar code; without, the area must stay empty.
pub fn check(doc: &Document, plan: &Plan, rules: &CoverRules, name: &str, isbn: bool) -> Vec<String> {
    let mut out = Vec::new();
    let Some(page) = doc.pages.first() else { return out };
    for item in &page.items {
        let Some((what, b)) = extent(item) else { continue };
        let centre = (b[0] + b[2]) / 2.0;
        if let Some(area) = plan.barcode {
            let inside =
                b[0] >= area.x0 - 0.01 && b[2] <= area.x1 + 0.01 && b[1] >= area.y0 - 0.01 && b[3] <= area.y1 + 0.01;
            let overlaps = b[0] < area.x1 && b[2] > area.x0 && b[1] < area.y1 && b[3] > area.y0;
            if inside && isbn {
                continue;
            }
            if overlaps {
                out.push(format!(
                    "{name}: bar code: {what} on the back reaches into the {} × {} area kept for the bar code: shorten the back's text or give `isbn`",
                    mm(area.x1 - area.x0),
                    mm(area.y1 - area.y0)
                ));
                continue;
            }
        }
        if let Some(s) = plan.spine
            && centre > s.x0
            && centre < s.x1
        {
            let near = (b[0] - s.x0).min(s.x1 - b[2]);
            if near < rules.spine_margin - 0.01 {
                out.push(format!(
                    "{name}: spine: {what} is {} from a fold of the spine; {name} needs {}",
                    mm(near.max(0.0)),
                    mm(rules.spine_margin)
                ));
            }
            let ends = (b[1] - s.y0).min(s.y1 - b[3]);
            if ends < rules.safe - 0.01 {
                out.push(format!(
                    "{name}: spine: {what} is {} from the trim; {name} needs {}",
                    mm(ends.max(0.0)),
                    mm(rules.safe)
                ));
            }
            continue;
        }
        let (panel, side) = if centre < plan.back.x1 { (plan.back, "back") } else { (plan.front, "front") };
        let fold_at_right = side == "back";
        let (outer, fold) =
            if fold_at_right { (b[0] - panel.x0, panel.x1 - b[2]) } else { (panel.x1 - b[2], b[0] - panel.x0) };
        let trim = outer.min(b[1] - panel.y0).min(panel.y1 - b[3]);
        if trim < rules.safe - 0.01 {
            out.push(format!(
                "{name}: safe zone: {what} on the {side} is {} from the trim; {name} needs {}",
                mm(trim.max(0.0)),
                mm(rules.safe)
            ));
        }
        if fold < rules.fold_safe - 0.01 {
            out.push(format!(
                "{name}: safe zone: {what} on the {side} is {} from the fold; {name} needs {}",
                mm(fold.max(0.0)),
                mm(rules.fold_safe)
            ));
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{Ink, Item, Page, Path, Point};

    fn square(x: f32, y: f32) -> Item {
        Item::Path(Path::polygon(
            [Point::new(x, y), Point::new(x + 2.0, y), Point::new(x + 2.0, y + 2.0), Point::new(x, y + 2.0)],
            Ink::BLACK,
        ))
    }

    #[test]
    fn ink_near_a_trim_a_fold_or_in_the_barcode_area_is_named() {
        let kdp = crate::targets::find("kdp").unwrap();
        let plan = super::super::plan((400.0, 600.0), 9.0, Some(20.0), &kdp.cover, true);
        let doc =
            |items: Vec<Item>| Document { page_size: plan.page, pages: vec![Page { items }], ..Default::default() };
        let middle_front = square(plan.front.x0 + 100.0, 300.0);
        assert!(check(&doc(vec![middle_front]), &plan, &kdp.cover, "kdp", false).is_empty());
        let near_trim = square(plan.front.x1 - 5.0, 300.0);
        assert!(check(&doc(vec![near_trim]), &plan, &kdp.cover, "kdp", false)[0].contains("from the trim"));
        let near_fold = square(plan.front.x0 + 3.0, 300.0);
        assert!(check(&doc(vec![near_fold]), &plan, &kdp.cover, "kdp", false)[0].contains("from the fold"));
        let on_spine_fold = square(plan.spine.unwrap().x0 + 1.0, 300.0);
        assert!(check(&doc(vec![on_spine_fold]), &plan, &kdp.cover, "kdp", false)[0].contains("fold of the spine"));
        let area = plan.barcode.unwrap();
        let across = Item::Path(Path::polygon(
            [
                Point::new(area.x0 - 10.0, area.y0 + 5.0),
                Point::new(area.x0 + 10.0, area.y0 + 5.0),
                Point::new(area.x0, area.y0 + 8.0),
            ],
            Ink::BLACK,
        ));
        assert!(check(&doc(vec![across]), &plan, &kdp.cover, "kdp", false)[0].contains("bar code"));
    }
}
