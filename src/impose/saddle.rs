//! Saddle-stitch imposition: page order, creep compensation and [`impose`].
//!
//! # Order
//! A booklet of `n` pages (a multiple of 4) is printed on `n / 4` sheets, each sheet
//! carrying two sides of two pages. Sides come in print order for duplex printing on
//! landscape sheets flipped on the **short** edge: side `2k` is the front of sheet `k`,
//! side `2k + 1` its back. For 8 pages (1-based): (8,1), (2,7), (6,3), (4,5). Sheet 0 is the
//! outermost of the folded booklet.
//!
//! # Creep model
//! Folded sheets nest; each sheet's fold wraps around the sheets inside it, so the inner
//! sheets' fore-edges stick out and, once the book is trimmed flush, their content sits
//! closer to the fore-edge than that of the outer sheets. We compensate by pushing the
//! OUTER sheets' pages outward (away from the spine) by the thickness of the paper they
//! wrap around on that side: with `S` sheets, every page of sheet `k` (0 = outermost)
//! shifts by
//!
//! ```text
//! creep(k) = (S - 1 - k) × paper_thickness
//! ```
//!
//! The innermost sheet does not move. The left page of a side moves left, the right page
//! right. E.g. 16 pages (4 sheets) on 0.1 mm paper (0.2835 pt): sheets shift by
//! 0.8504, 0.5669, 0.2835 and 0 pt. The shift is on the sheet (physical paper), so it is
//! not scaled with the pages. Fitting ignores creep: a spread that exactly fills the sheet
//! has its outer page edges pushed off the sheet by the creep (that strip is trimmed off).
//!
//! # Placement
//! The two pages of a side are placed side by side with the spine on the sheet's vertical
//! centre line, the spread centred vertically, scaled down uniformly only if the spread
//! does not fit the sheet (never up). Nothing is clipped: content bleeding past a page's
//! trim stays visible on the sheet.

use super::ImposeError;
use super::marks::{SpreadRect, spread_marks};
use super::sheet::ImposeOptions;
use super::transform::transform_items;
use crate::display::{Document, OutlineEntry, Page};

/// One side of a printed sheet: the 0-based source page indices on its left and right
/// halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSide {
    pub left: usize,
    pub right: usize,
}

fn check_count(pages: usize) -> Result<(), ImposeError> {
    if pages == 0 || !pages.is_multiple_of(4) { Err(ImposeError::PageCount(pages)) } else { Ok(()) }
}

/// The sheet sides of a saddle-stitched booklet of `pages` pages, in print order (see the
/// module docs). `pages` must be a positive multiple of 4.
pub fn saddle_order(pages: usize) -> Result<Vec<SheetSide>, ImposeError> {
    check_count(pages)?;
    Ok((0..pages / 2)
        .map(|i| {
            let (outer, inner) = (pages - 1 - i, i);
            if i % 2 == 0 { SheetSide { left: outer, right: inner } } else { SheetSide { left: inner, right: outer } }
        })
        .collect())
}

/// The outward shift, in points, of both pages of sheet `sheet` (0 = outermost) of a
/// booklet of `sheets` sheets: `(sheets - 1 - sheet) × paper_thickness` (0 for the
/// innermost sheet or past it).
pub fn creep_shift(sheet: usize, sheets: usize, paper_thickness: f32) -> f32 {
    sheets.saturating_sub(1).saturating_sub(sheet) as f32 * paper_thickness
}

/// Appends blank pages so the document can be imposed (a positive multiple of 4 pages).
/// Returns how many were added. Outline and labels are untouched (the blanks come last).
pub fn pad_to_booklet(doc: &mut Document) -> usize {
    let n = doc.pages.len();
    let target = n.div_ceil(4).max(1) * 4;
    doc.pages.resize_with(target, Page::default);
    target - n
}

/// Imposes `doc` as a saddle-stitched booklet: one output page per sheet side, of the
/// sheet's (landscape) size. Fonts and metadata are copied; outline entries point at the
/// side that carries their page (the printed sheet side, in outline order); page labels
/// are dropped (sheet sides have no page numbers).
pub fn impose(doc: &Document, opts: &ImposeOptions) -> Result<Document, ImposeError> {
    let (w, h) = doc.page_size;
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(ImposeError::PageSize(w, h));
    }
    let t = opts.paper_thickness;
    if !(t.is_finite() && t >= 0.0) {
        return Err(ImposeError::PaperThickness(t));
    }
    let n = doc.pages.len();
    let order = saddle_order(n)?;
    let sheets = n / 4;

    let (sheet_w, sheet_h) = opts.sheet.size(doc.page_size);
    let scale = (sheet_w / (2.0 * w)).min(sheet_h / h).min(1.0);
    let (pw, ph) = (w * scale, h * scale);
    let spine = sheet_w / 2.0;
    let top = (sheet_h - ph) / 2.0;
    let rect = SpreadRect { left: spine - pw, top, right: spine + pw, bottom: top + ph };

    let pages = order
        .iter()
        .enumerate()
        .map(|(i, side)| {
            let creep = creep_shift(i / 2, sheets, t);
            let mut items = transform_items(&doc.pages[side.left].items, scale, rect.left - creep, top);
            items.extend(transform_items(&doc.pages[side.right].items, scale, spine + creep, top));
            if opts.marks {
                items.extend(spread_marks(rect, creep));
            }
            Page { items }
        })
        .collect();

    let mut side_of = vec![0; n];
    for (i, side) in order.iter().enumerate() {
        side_of[side.left] = i;
        side_of[side.right] = i;
    }
    let outline = doc
        .outline
        .iter()
        .filter(|e| e.page < n)
        .map(|e| OutlineEntry { title: e.title.clone(), page: side_of[e.page] })
        .collect();

    Ok(Document {
        page_size: (sheet_w, sheet_h),
        pages,
        fonts: doc.fonts.clone(),
        meta: doc.meta.clone(),
        outline,
        labels: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{FontId, Glyph, GlyphRun, Ink, Item, Meta, PathEl, Point};
    use crate::impose::Sheet;

    const MM: f32 = 72.0 / 25.4;

    /// 1-based (left, right) pairs, as printers write them.
    fn one_based(pages: usize) -> Vec<(usize, usize)> {
        saddle_order(pages).unwrap().iter().map(|s| (s.left + 1, s.right + 1)).collect()
    }

    fn assert_each_page_once(pages: usize) {
        let mut seen = vec![0; pages];
        for s in saddle_order(pages).unwrap() {
            seen[s.left] += 1;
            seen[s.right] += 1;
        }
        assert!(seen.iter().all(|&c| c == 1), "{pages}: {seen:?}");
    }

    #[test]
    fn order_8() {
        assert_eq!(one_based(8), vec![(8, 1), (2, 7), (6, 3), (4, 5)]);
        assert_each_page_once(8);
    }

    #[test]
    fn order_12() {
        assert_eq!(one_based(12), vec![(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]);
        assert_each_page_once(12);
    }

    #[test]
    fn order_16() {
        assert_eq!(one_based(16), vec![(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]);
        assert_each_page_once(16);
    }

    #[test]
    fn order_20() {
        assert_eq!(
            one_based(20),
            vec![(20, 1), (2, 19), (18, 3), (4, 17), (16, 5), (6, 15), (14, 7), (8, 13), (12, 9), (10, 11),]
        );
        assert_each_page_once(20);
    }

    #[test]
    fn order_24() {
        assert_eq!(
            one_based(24),
            vec![
                (24, 1),
                (2, 23),
                (22, 3),
                (4, 21),
                (20, 5),
                (6, 19),
                (18, 7),
                (8, 17),
                (16, 9),
                (10, 15),
                (14, 11),
                (12, 13),
            ]
        );
        assert_each_page_once(24);
    }

    #[test]
    fn order_0_based_start() {
        let o = saddle_order(8).unwrap();
        assert_eq!(o[0], SheetSide { left: 7, right: 0 });
        assert_eq!(o[1], SheetSide { left: 1, right: 6 });
    }

    #[test]
    fn bad_page_counts() {
        assert_eq!(saddle_order(13), Err(ImposeError::PageCount(13)));
        assert_eq!(saddle_order(0), Err(ImposeError::PageCount(0)));
        assert_eq!(saddle_order(6), Err(ImposeError::PageCount(6)));
        let err = impose(&doc(13, (360.0, 576.0)), &ImposeOptions::default()).unwrap_err();
        assert_eq!(err, ImposeError::PageCount(13));
        assert_eq!(err.to_string(), "an imposed booklet needs a page count divisible by 4, got 13");
    }

    /// A document whose page `i` holds one run (text = `i`) at (10, 20) of size 12 and a
    /// filled rectangle exactly covering the trim box.
    fn doc(pages: usize, size: (f32, f32)) -> Document {
        let (w, h) = size;
        Document {
            page_size: size,
            pages: (0..pages)
                .map(|i| Page {
                    items: vec![
                        Item::Text(GlyphRun {
                            font: FontId(0),
                            size: 12.0,
                            origin: Point::new(10.0, 20.0),
                            ink: Ink::BLACK,
                            text: i.to_string(),
                            glyphs: vec![Glyph { id: 3, x: 0.0, y: 0.0, advance: 6.0, text: (0, 1) }],
                        }),
                        Item::Path(crate::display::Path::polygon(
                            &[Point::new(0.0, 0.0), Point::new(w, 0.0), Point::new(w, h), Point::new(0.0, h)],
                            Ink(0.1),
                        )),
                    ],
                })
                .collect(),
            fonts: Vec::new(),
            meta: Meta { title: "Poems".into(), ..Meta::default() },
            outline: vec![OutlineEntry { title: "Last".into(), page: pages.saturating_sub(1) }],
            labels: Vec::new(),
        }
    }

    /// (page label, trim rect [left, top, right, bottom], run) for each source page placed
    /// on an imposed side.
    fn placed(page: &Page) -> Vec<(String, [f32; 4], GlyphRun)> {
        let mut out = Vec::new();
        let mut run = None;
        for item in &page.items {
            match item {
                Item::Text(r) => run = Some(r.clone()),
                Item::Path(p) if p.fill.is_some() => {
                    let (PathEl::MoveTo(a), PathEl::LineTo(c)) = (p.els[0], p.els[2]) else { panic!() };
                    let r: GlyphRun = run.take().unwrap();
                    out.push((r.text.clone(), [a.x, a.y, c.x, c.y], r));
                }
                Item::Path(_) => {}
            }
        }
        out
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn creep_numbers_16_pages() {
        let t = 0.1 * MM; // 0.28346457 pt
        let expect = [0.850_393_7, 0.566_929_1, 0.283_464_6, 0.0];
        for (k, e) in expect.iter().enumerate() {
            assert!((creep_shift(k, 4, t) - e).abs() < 1e-6, "sheet {k}");
        }
        assert_eq!(creep_shift(4, 4, t), 0.0);

        // Through impose: 5×8in pages on letter (scale 1, spine at x = 396, spread from 36).
        let opts = ImposeOptions { sheet: Sheet::Letter, paper_thickness: t, marks: false };
        let out = impose(&doc(16, (360.0, 576.0)), &opts).unwrap();
        assert_eq!(out.pages.len(), 8);
        for (side, page) in out.pages.iter().enumerate() {
            let c = expect[side / 2];
            let p = placed(page);
            assert_eq!(p.len(), 2);
            let [l, lt, lr, lb] = p[0].1;
            let [r, rt, rr, rb] = p[1].1;
            // Left page moves left, right page moves right.
            assert!(close(l, 36.0 - c) && close(lr, 396.0 - c), "side {side}: {:?}", p[0].1);
            assert!(close(r, 396.0 + c) && close(rr, 756.0 + c), "side {side}: {:?}", p[1].1);
            assert!(close(lt, 18.0) && close(lb, 594.0) && close(rt, 18.0) && close(rb, 594.0));
        }
        // Innermost sheet (sides 6 and 7): pages meet exactly at the spine.
        let inner = placed(&out.pages[7]);
        assert_eq!(inner[0].1[2], 396.0);
        assert_eq!(inner[1].1[0], 396.0);
        // Outermost front side: page 16 on the left, page 1 on the right.
        let outer = placed(&out.pages[0]);
        assert_eq!((outer[0].0.as_str(), outer[1].0.as_str()), ("15", "0"));
    }

    #[test]
    fn a5_on_a4_is_unscaled_and_centred() {
        let a5 = (148.0 * MM, 210.0 * MM);
        let out = impose(&doc(8, a5), &ImposeOptions::default()).unwrap();
        let (sw, sh) = out.page_size;
        assert!(close(sw, 297.0 * MM) && close(sh, 210.0 * MM));
        for page in &out.pages {
            let p = placed(page);
            let [l, t, lr, b] = p[0].1;
            let [r, _, rr, _] = p[1].1;
            assert!(close(lr - l, a5.0) && close(b - t, a5.1), "scale must be 1");
            assert_eq!(p[0].2.size, 12.0);
            assert!(close(lr, sw / 2.0) && close(r, sw / 2.0), "spine on the centre line");
            assert!(close(l, sw - rr) && close(l, 0.5 * MM), "centred horizontally");
            assert!(close(t, 0.0) && close(b, sh), "centred vertically");
        }
    }

    #[test]
    fn six_by_nine_on_letter_scales_down() {
        let out = impose(&doc(4, (432.0, 648.0)), &ImposeOptions { sheet: Sheet::Letter, ..ImposeOptions::default() })
            .unwrap();
        let s = 792.0 / 864.0; // 0.9166667: width is the tighter fit
        assert_eq!(out.page_size, (792.0, 612.0));
        let p = placed(&out.pages[0]);
        let [l, t, lr, b] = p[0].1;
        let [r, _, rr, _] = p[1].1;
        assert!(close(l, 0.0) && close(lr, 396.0) && close(r, 396.0) && close(rr, 792.0));
        assert!(close(b - t, 648.0 * s) && close(t, (612.0 - 648.0 * s) / 2.0) && close(t, 9.0));
        let run = &p[0].2;
        assert!(close(run.size, 12.0 * s));
        assert!(close(run.origin.x, 10.0 * s) && close(run.origin.y, 9.0 + 20.0 * s));
        assert!(close(run.glyphs[0].advance, 6.0 * s));
    }

    #[test]
    fn smaller_pages_are_never_scaled_up() {
        let out = impose(&doc(4, (100.0, 150.0)), &ImposeOptions { sheet: Sheet::Tabloid, ..ImposeOptions::default() })
            .unwrap();
        let p = placed(&out.pages[0]);
        assert_eq!(p[0].1, [512.0, 321.0, 612.0, 471.0]);
        assert_eq!(p[1].1, [612.0, 321.0, 712.0, 471.0]);
    }

    #[test]
    fn spread_sheet_is_two_pages_wide() {
        let out = impose(&doc(4, (360.0, 576.0)), &ImposeOptions { sheet: Sheet::Spread, ..ImposeOptions::default() })
            .unwrap();
        assert_eq!(out.page_size, (720.0, 576.0));
        let p = placed(&out.pages[1]);
        assert_eq!(p[0].1, [0.0, 0.0, 360.0, 576.0]);
        assert_eq!(p[1].1, [360.0, 0.0, 720.0, 576.0]);
        assert_eq!((p[0].0.as_str(), p[1].0.as_str()), ("1", "2"));
    }

    #[test]
    fn marks_lie_outside_the_trim() {
        let opts = ImposeOptions { sheet: Sheet::Letter, paper_thickness: 0.1 * MM, marks: true };
        let out = impose(&doc(8, (360.0, 576.0)), &opts).unwrap();
        for page in &out.pages {
            let trims: Vec<[f32; 4]> = placed(page).iter().map(|p| p.1).collect();
            let marks: Vec<_> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Path(p) if p.fill.is_none() => Some(p),
                    _ => None,
                })
                .collect();
            assert_eq!(marks.len(), 10, "8 crop segments + 2 fold marks");
            for m in marks {
                let s = m.stroke.unwrap();
                assert_eq!((s.width, s.ink), (0.25, Ink::BLACK));
                let pts: Vec<Point> = m
                    .els
                    .iter()
                    .map(|e| match *e {
                        PathEl::MoveTo(p) | PathEl::LineTo(p) => p,
                        _ => panic!("marks are open segments"),
                    })
                    .collect();
                let (x0, x1) = (pts[0].x.min(pts[1].x), pts[0].x.max(pts[1].x));
                let (y0, y1) = (pts[0].y.min(pts[1].y), pts[0].y.max(pts[1].y));
                for [l, t, r, b] in &trims {
                    let overlaps = x0 < *r && x1 > *l && y0 < *b && y1 > *t;
                    assert!(!overlaps, "mark {pts:?} crosses trim {:?}", [l, t, r, b]);
                }
                // And on the sheet (5×8in on letter leaves 36pt and 18pt of margin).
                assert!(x0 >= 0.0 && x1 <= 792.0 && y0 >= 0.0 && y1 <= 612.0);
            }
        }
    }

    #[test]
    fn metadata_outline_and_padding() {
        let mut d = doc(13, (360.0, 576.0));
        assert_eq!(pad_to_booklet(&mut d), 3);
        assert_eq!(d.pages.len(), 16);
        assert_eq!(pad_to_booklet(&mut d), 0);
        let out = impose(&d, &ImposeOptions::default()).unwrap();
        assert_eq!(out.meta.title, "Poems");
        assert!(out.labels.is_empty());
        // Source page 12 (0-based) sits on side 3: (4, 13) 1-based.
        assert_eq!(out.outline, vec![OutlineEntry { title: "Last".into(), page: 3 }]);
        let mut empty = doc(0, (360.0, 576.0));
        assert_eq!(pad_to_booklet(&mut empty), 4);
    }

    #[test]
    fn bad_inputs() {
        let d = doc(4, (360.0, 576.0));
        let opts = ImposeOptions { paper_thickness: -1.0, ..ImposeOptions::default() };
        assert_eq!(impose(&d, &opts).unwrap_err(), ImposeError::PaperThickness(-1.0));
        let mut flat = doc(4, (0.0, 576.0));
        flat.page_size = (0.0, 576.0);
        assert!(matches!(impose(&flat, &ImposeOptions::default()), Err(ImposeError::PageSize(..))));
    }
}
