//! Scaling and translating display items: `p ↦ p × scale + (dx, dy)`.
//!
//! Every length scales with the coordinates (glyph offsets and advances, type size, stroke
//! widths), so a transformed page looks the same, only smaller or larger and elsewhere.
//! Inks are unchanged.

use crate::display::{Clip, Dot, Glyph, GlyphRun, Group, Item, Path, Point, Rect, Transform};

/// Scales every coordinate and length of `items` by `scale` (about the origin), then
/// translates by `(dx, dy)`. Returns new items in the same painting order.
pub fn transform_items(items: &[Item], scale: f32, dx: f32, dy: f32) -> Vec<Item> {
    let pt = |p: Point| Point::new(p.x * scale + dx, p.y * scale + dy);
    items
        .iter()
        .map(|item| match item {
            Item::Text(run) => Item::Text(GlyphRun {
                font: run.font,
                size: run.size * scale,
                origin: pt(run.origin),
                ink: run.ink,
                text: run.text.clone(),
                glyphs: run
                    .glyphs
                    .iter()
                    .map(|g| Glyph {
                        id: g.id,
                        x: g.x * scale,
                        y: g.y * scale,
                        advance: g.advance * scale,
                        text: g.text,
                    })
                    .collect(),
            }),
            Item::Path(path) => Item::Path(Path {
                els: {
                    let mut els = path.els.clone();
                    els.map_points(pt);
                    els
                },
                fill: path.fill,
                stroke: path.stroke.map(|mut s| {
                    s.width *= scale;
                    s
                }),
            }),
            Item::Dot(d) => Item::Dot(Dot { center: pt(d.center), radius: d.radius * scale, ink: d.ink }),
            Item::Clip(c) => Item::Clip(Clip {
                rect: Rect {
                    x0: c.rect.x0 * scale + dx,
                    y0: c.rect.y0 * scale + dy,
                    x1: c.rect.x1 * scale + dx,
                    y1: c.rect.y1 * scale + dy,
                },
                items: transform_items(&c.items, scale, dx, dy),
            }),
            // The sheet's scale and shift after the group's own transform; its items stay as they are.
            Item::Group(g) => Item::Group(Group {
                transform: Transform { a: scale, b: 0.0, c: 0.0, d: scale, e: dx, f: dy }.then_after(&g.transform),
                text: g.text.clone(),
                items: g.items.clone(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{FontId, Ink, LineCap, LineJoin, Outline, PathEl, Stroke};

    fn run() -> GlyphRun {
        GlyphRun {
            font: FontId::new(2),
            size: 10.0,
            origin: Point::new(20.0, 40.0),
            ink: Ink::new(0.5).unwrap(),
            text: "ab".into(),
            glyphs: vec![
                Glyph { id: 1, x: 0.0, y: 0.0, advance: 6.0, text: (0, 1) },
                Glyph { id: 2, x: 6.0, y: -2.0, advance: 4.0, text: (1, 2) },
            ],
        }
    }

    #[test]
    fn glyph_run_origin_size_and_glyphs() {
        let out = transform_items(&[Item::Text(run())], 0.5, 100.0, 10.0);
        let Item::Text(r) = &out[0] else { panic!("not text") };
        assert_eq!(r.origin, Point::new(110.0, 30.0));
        assert_eq!(r.size, 5.0);
        assert_eq!(r.font, FontId::new(2));
        assert_eq!(r.ink, Ink::new(0.5).unwrap());
        assert_eq!(r.text, "ab");
        assert_eq!(
            r.glyphs,
            vec![
                Glyph { id: 1, x: 0.0, y: 0.0, advance: 3.0, text: (0, 1) },
                Glyph { id: 2, x: 3.0, y: -1.0, advance: 2.0, text: (1, 2) },
            ]
        );
        assert_eq!(r.width(), 5.0);
    }

    #[test]
    fn path_points_and_stroke_width() {
        let stroke = Stroke { width: 2.0, ink: Ink::BLACK, cap: LineCap::Round, join: LineJoin::Bevel };
        let path = Path {
            els: Outline::from_elements(vec![
                PathEl::MoveTo(Point::new(0.0, 0.0)),
                PathEl::LineTo(Point::new(10.0, 0.0)),
                PathEl::CubicTo(Point::new(10.0, 4.0), Point::new(8.0, 8.0), Point::new(4.0, 8.0)),
                PathEl::Close,
            ])
            .unwrap(),
            fill: Some(Ink::new(0.25).unwrap()),
            stroke: Some(stroke),
        };
        let out = transform_items(&[Item::Path(path)], 2.0, -1.0, 3.0);
        let Item::Path(p) = &out[0] else { panic!("not a path") };
        assert_eq!(
            p.els.to_vec(),
            vec![
                PathEl::MoveTo(Point::new(-1.0, 3.0)),
                PathEl::LineTo(Point::new(19.0, 3.0)),
                PathEl::CubicTo(Point::new(19.0, 11.0), Point::new(15.0, 19.0), Point::new(7.0, 19.0)),
                PathEl::Close,
            ]
        );
        assert_eq!(p.fill, Some(Ink::new(0.25).unwrap()));
        assert_eq!(p.stroke, Some(Stroke { width: 4.0, ..stroke }));
    }

    #[test]
    fn identity_keeps_items_and_order() {
        let items = vec![
            Item::Text(run()),
            Item::Path(Path::line(
                Point::new(1.0, 2.0),
                Point::new(3.0, 4.0),
                Stroke { width: 1.0, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter },
            )),
        ];
        assert_eq!(transform_items(&items, 1.0, 0.0, 0.0), items);
    }

    #[test]
    fn a_group_keeps_its_items_and_takes_the_sheet_transform_after_its_own() {
        let turn = Transform::rotate_about(90.0, Point::new(20.0, 40.0));
        let group = Item::Group(Group { transform: turn, text: Some("x".into()), items: vec![Item::Text(run())] });
        let out = transform_items(&[group], 0.5, 100.0, 10.0);
        let Item::Group(g) = &out[0] else { panic!("still a group") };
        assert_eq!(g.items, vec![Item::Text(run())]);
        assert_eq!(g.text.as_deref(), Some("x"));
        // A point of the group lands where the page's point would land on the sheet.
        let p = Point::new(30.0, 40.0);
        let page = turn.apply(p);
        let sheet = g.transform.apply(p);
        assert!((sheet.x - (page.x * 0.5 + 100.0)).abs() < 1e-4 && (sheet.y - (page.y * 0.5 + 10.0)).abs() < 1e-4);
    }
}
