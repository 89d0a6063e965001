//! `rotate` on any block: the laid-out block turned about its centre (the middle of what
//! it inks across, of its band down) and the page given the turned block's bounding box,
//! so what follows starts below it. A turned block is one unit: it never splits across
//! pages.

use super::Where;
use super::fragment::{Fragment, Watch, bounds, union};
use crate::display::{Group, Item, Point, Rect, Transform};

pub fn turn(frag: Fragment, degrees: f32, at: &Where) -> Fragment {
    let Some(ink) = union(frag.items.iter().filter_map(bounds)) else { return frag };
    let center = Point::new((ink.x0 + ink.x1) / 2.0, frag.height / 2.0);
    let mut t = Transform::rotate_about(degrees, center);
    let corners = [
        Point::new(ink.x0, 0.0),
        Point::new(ink.x1, 0.0),
        Point::new(ink.x0, frag.height),
        Point::new(ink.x1, frag.height),
    ];
    let turned = corners.map(|p| t.apply(p));
    let r = turned
        .iter()
        .fold(Rect { x0: f32::INFINITY, y0: f32::INFINITY, x1: f32::NEG_INFINITY, y1: f32::NEG_INFINITY }, |r, p| {
            Rect { x0: r.x0.min(p.x), y0: r.y0.min(p.y), x1: r.x1.max(p.x), y1: r.y1.max(p.y) }
        });
    // The turned box starts at the top of the band.
    t.f -= r.y0;
    let mut out = Fragment { width: frag.width, height: r.y1 - r.y0, ..Fragment::default() };
    out.items.push(Item::Group(Group { transform: t, text: None, items: frag.items }));
    if let Some((src, span)) = &at.at {
        out.watch.push(Watch { items: 0..1, at: (src.clone(), span.clone()), what: "this block", bleed: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{Ink, Path};

    #[test]
    fn a_quarter_turn_reserves_the_turned_box() {
        // A bar 100 wide in a band 10 high, at x 20..120.
        let bar = Path::polygon(
            [Point::new(20.0, 0.0), Point::new(120.0, 0.0), Point::new(120.0, 10.0), Point::new(20.0, 10.0)],
            Ink::BLACK,
        );
        let frag = Fragment { width: 200.0, height: 10.0, items: vec![Item::Path(bar)], ..Fragment::default() };
        let at = Where::book();
        let out = turn(frag, 90.0, &at);
        assert!((out.height - 100.0).abs() < 1e-3, "{}", out.height);
        let b = bounds(&out.items[0]).unwrap();
        // Turned about its centre (70, 5): 65..75 across, 0..100 down.
        assert!((b.x0 - 65.0).abs() < 1e-3 && (b.x1 - 75.0).abs() < 1e-3, "{b:?}");
        assert!(b.y0.abs() < 1e-3 && (b.y1 - 100.0).abs() < 1e-3, "{b:?}");
    }
}
