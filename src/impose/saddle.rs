//! Saddle-stitch and signature imposition: page order, creep compensation and [`impose`].
//!
//! # Order
//! A booklet of `n` pages (a multiple of 4) is printed on `n / 4` sheets, each sheet
//! carrying two sides of two pages. Sides come in print order for duplex printing on
//! landscape sheets flipped on the **short** edge: side `2k` is the front of sheet `k`,
//! side `2k + 1` its back. For 8 pages (1-based): (8,1), (2,7), (6,3), (4,5). Sheet 0 is the
//! outermost of the folded booklet.
//!
//! A longer book is printed in **signatures** of `N` sheets ([`signature_order`]): each
//! signature is a little saddle booklet of `4N` consecutive pages, folded on its own and
//! gathered in order (the last may have fewer sheets).
//!
//! # Creep
//! Folded sheets nest; each sheet's fold wraps around the sheets inside it, so the inner
//! sheets' fore-edges stick out and, once the book is trimmed flush, their content sits
//! closer to the fore-edge. The usual practice ([`Creep::In`]) holds the outer sheet and
//! moves each inner sheet's pages **toward the spine** by the paper folded around them:
//! sheet `k` (0 = outermost of its signature) moves by `k × paper_thickness`. Shops that
//! ask otherwise get [`Creep::Out`] (innermost fixed, outer pages pushed away from the
//! spine by `(S − 1 − k) × t`) or [`Creep::Balanced`] (the middle fixed,
//! `(k − (S − 1)/2) × t` toward the spine). The shift is on the sheet (physical paper),
//! so it is not scaled with the pages.
//!
//! # Placement
//! The spread is centred on the sheet with the spine on its vertical centre line, at
//! 100 % ([`super::fit`] decides, and refuses rather than scale unasked). Each page keeps
//! its bleed on the head, foot and fore-edge where the sheet has room, and is clipped at
//! the spine so neither page prints on its neighbour. The sheet's TrimBox and BleedBox
//! describe the (creep-free) spread.

use super::ImposeError;
use super::fit::{Placement, place};
use super::marks::{collation_mark, slug, spread_marks};
use super::sheet::{Creep, ImposeOptions};
use super::transform::transform_items;
use crate::display::{Clip, Document, Item, OutlineEntry, Page, PathEl, Rect};

pub use crate::signatures::{SheetPlace, SheetSide};

/// The sheet sides of a saddle-stitched booklet of `pages` pages, in print order (see the
/// module docs). `pages` must be a positive multiple of 4.
#[cfg(test)]
fn saddle_order(pages: usize) -> Result<Vec<SheetSide>, ImposeError> {
    crate::signatures::saddle_order(pages).ok_or(ImposeError::PageCount(pages))
}

/// The sheet sides of a book in signatures of `per` sheets (0: one signature of all), in
/// print order, with each sheet's place (one entry per sheet).
pub fn signature_order(pages: usize, per: usize) -> Result<(Vec<SheetSide>, Vec<SheetPlace>), ImposeError> {
    crate::signatures::signature_order(pages, per).ok_or(ImposeError::PageCount(pages))
}

/// How far the pages of sheet `index` (0 = outermost) of a signature of `sheets` sheets
/// move **toward the spine**, in points (negative: away from it).
pub fn creep_shift(index: usize, sheets: usize, paper_thickness: f32, creep: Creep) -> f32 {
    let (k, s) = (index as f32, sheets.max(1) as f32);
    let shift = match creep {
        Creep::In => k * paper_thickness,
        Creep::Out => -(s - 1.0 - k).max(0.0) * paper_thickness,
        Creep::Balanced => (k - (s - 1.0) / 2.0) * paper_thickness,
    };
    // No negative zero: the summary would print "-0.00".
    shift + 0.0
}

/// Appends blank pages so the document can be imposed (a positive multiple of 4 pages).
/// Returns how many were added. Outline and labels are untouched (the blanks come last).
#[cfg(test)]
pub(crate) fn pad_to_booklet(doc: &mut Document) -> usize {
    let n = doc.pages.len();
    let target = n.div_ceil(4).max(1) * 4;
    doc.pages.resize_with(target, Page::default);
    target - n
}

/// The imposed sheets and what the summary must say about them.
#[derive(Debug, Clone)]
pub struct Imposed {
    /// One page per sheet side, of the sheet's (landscape) size.
    pub document: Document,
    /// The (creep-free) spread on the sheet, for the TrimBox.
    pub trim: Rect,
    /// The spread grown by the bleed carried on the sheet, for the BleedBox.
    pub bleed_box: Rect,
    /// Per side, the 1-based source pages left and right: `"8|1"` (the sheet's page
    /// labels, by which `check --pdf` recognises an imposed file).
    pub labels: Vec<String>,
    /// 1.0 unless [`super::Fit::Shrink`] had to scale the pages to the sheet.
    pub scale: f32,
    /// Bleed carried on the sheet around the spread, in points (0 when there is no room).
    pub bleed: f32,
    /// Whether crop and fold marks are drawn.
    pub marks: bool,
    /// What the summary must tell the poet about the placement (bleed left off, scaling),
    /// one sentence each.
    pub notes: Vec<String>,
    /// Per sheet, its shift toward the spine in points.
    pub shifts: Vec<f32>,
    /// How many signatures the sheets make.
    pub signatures: usize,
    /// What the poet should hear about (creep that cuts ink at the spine or moves it into
    /// the fold), one sentence each.
    pub warnings: Vec<String>,
}

/// How near the fold ink may come after creep before imposition warns: 3 mm, the
/// distance shops keep from a cut or a fold (chapbook's choice, not a service's rule).
pub const FOLD_CLEARANCE: f32 = 3.0 * crate::units::PT_PER_MM;

/// The least distance from the spine edge of anything inked on page `i` of a `w`-wide
/// book (rectos, even indices, have the spine on the left), with what it is. Ink that
/// touches the spine edge is meant to run into the fold and is left out.
fn spine_distance(page: &Page, i: usize, w: f32) -> Option<f32> {
    page.items
        .iter()
        .filter_map(Item::bounds)
        .map(|b| if i.is_multiple_of(2) { b[0] } else { w - b[2] })
        .filter(|&d| d > 0.01)
        .reduce(f32::min)
}

/// The creep warning for a booklet: the page whose ink creep moves nearest the fold (or
/// past the spine, where it is cut off), naming its sheet, and the paper thickness that
/// would keep every page clear. None when creep moves nothing that far.
fn creep_warning(doc: &Document, order: &[SheetSide], shifts: &[f32], t: f32, scale: f32) -> Option<String> {
    if t <= 0.0 {
        return None;
    }
    let w = doc.page_size.0;
    let mm = |pt: f32| format!("{:.1} mm", pt / crate::units::PT_PER_MM);
    // (distance left after the shift, sheet, page, shift), the worst one; pages hurt;
    // the thickest paper that keeps every page clear.
    let mut worst: Option<(f32, usize, usize, f32)> = None;
    let (mut hurt, mut thickest) = (0usize, f32::MAX);
    for (side_index, side) in order.iter().enumerate() {
        let sheet = side_index / 2;
        let shift = shifts[sheet];
        if shift <= 0.0 {
            continue;
        }
        for page in [side.left, side.right] {
            let Some(d) = spine_distance(&doc.pages[page], page, w).map(|d| d * scale) else { continue };
            let cut = d < shift;
            let into_fold = d >= FOLD_CLEARANCE && d - shift < FOLD_CLEARANCE;
            // The shift is proportional to the thickness: shift / t per unit of paper.
            let per = shift / t;
            let keep = if d >= FOLD_CLEARANCE { (d - FOLD_CLEARANCE) / per } else { d / per };
            thickest = thickest.min(keep);
            if cut || into_fold {
                hurt += 1;
                if worst.is_none_or(|(left, ..)| d - shift < left) {
                    worst = Some((d - shift, sheet, page, shift));
                }
            }
        }
    }
    let (left, sheet, page, shift) = worst?;
    let side = &order[sheet * 2];
    let where_ = if left < 0.0 {
        format!("past the spine, where {} of it is cut off", mm(-left))
    } else {
        format!("to {} from the fold (less than {})", mm(left), mm(FOLD_CLEARANCE))
    };
    Some(format!(
        "creep: on sheet {} (pages {}|{}), page {}'s ink moves {} toward the spine, {where_}; \
         {hurt} page{} in all. Paper up to {:.3} mm thick would keep every page clear: use thinner paper, \
         widen `[page] inside`, or impose in signatures (--impose signatures)",
        sheet + 1,
        side.left + 1,
        side.right + 1,
        page + 1,
        mm(shift),
        if hurt == 1 { "" } else { "s" },
        (thickest / crate::units::PT_PER_MM).max(0.0)
    ))
}

/// Whether anything on `items` reaches more than a hundredth of a point past a `w × h`
/// trim (text by its origin).
fn reaches_past_trim(items: &[Item], w: f32, h: f32) -> bool {
    let out = |x: f32, y: f32| x < -0.01 || y < -0.01 || x > w + 0.01 || y > h + 0.01;
    items.iter().any(|item| match item {
        Item::Text(r) => out(r.origin.x, r.origin.y),
        Item::Path(p) => p.els.iter().any(|e| match *e {
            PathEl::MoveTo(a) | PathEl::LineTo(a) | PathEl::CubicTo(_, _, a) => out(a.x, a.y),
            PathEl::Close => false,
        }),
        Item::Dot(d) => {
            out(d.center.x - d.radius, d.center.y - d.radius) || out(d.center.x + d.radius, d.center.y + d.radius)
        }
        Item::Clip(c) => reaches_past_trim(&c.items, w, h),
        Item::Group(_) => crate::layout::fragment::bounds(item).is_some_and(|r| out(r.x0, r.y0) || out(r.x1, r.y1)),
    })
}

/// Imposes `doc` as a saddle-stitched booklet (or in signatures): one output page per
/// sheet side. Fonts and metadata are copied; outline entries point at the side that
/// carries their page; page labels name the pages on each side.
pub fn impose(doc: &Document, opts: &ImposeOptions) -> Result<Imposed, crate::Error> {
    impose_pages(doc, opts).map_err(crate::Error::from)
}

/// [`impose`], with imposition's own error (build tells a page count from the rest).
pub(crate) fn impose_pages(doc: &Document, opts: &ImposeOptions) -> Result<Imposed, ImposeError> {
    let (w, h) = doc.page_size;
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(ImposeError::PageSize(w, h));
    }
    let t = opts.paper_thickness;
    if !(t.is_finite() && t >= 0.0) {
        return Err(ImposeError::PaperThickness(t));
    }
    let n = doc.pages.len();
    let (order, places) = signature_order(n, opts.sheets_per_signature)?;
    let shifts: Vec<f32> = places.iter().map(|p| creep_shift(p.index, p.sheets, t, opts.creep)).collect();
    let creep_out = shifts.iter().fold(0.0f32, |m, &s| m.max(-s));
    let bleed_content = opts.bleed > 0.0 && doc.pages.iter().any(|p| reaches_past_trim(&p.items, w, h));
    let placement = place(doc.page_size, opts, creep_out, bleed_content)?;
    let spread = Spread::new(doc, &placement, creep_out, &places);
    let pages =
        order.iter().enumerate().map(|(i, side)| spread.side(doc, i, side, shifts[i / 2], places[i / 2])).collect();
    let labels = order.iter().map(|s| format!("{}|{}", s.left + 1, s.right + 1)).collect();
    let warnings = creep_warning(doc, &order, &shifts, t, placement.scale).into_iter().collect();

    Ok(Imposed {
        document: Document {
            // Printer's sheets: untagged (docs/accessibility.md).
            roles: Vec::new(),
            page_size: placement.sheet,
            pages,
            fonts: doc.fonts.clone(),
            meta: doc.meta.clone(),
            outline: outline_on_sides(doc, &order),
            labels: Vec::new(),
        },
        trim: spread.trim,
        bleed_box: spread.bleed_box(),
        labels,
        scale: placement.scale,
        bleed: placement.bleed,
        marks: placement.marks,
        notes: placement.notes,
        shifts,
        signatures: spread.signatures,
        warnings,
    })
}

/// Where a spread of two pages goes on every sheet side, before creep.
struct Spread {
    scale: f32,
    /// The bleed on the sheet (scaled).
    bb: f32,
    /// A page's width and height on the sheet.
    pw: f32,
    ph: f32,
    /// The fold, across the sheet's middle.
    spine: f32,
    top: f32,
    /// The spread's trim (both pages, no creep).
    trim: Rect,
    creep_out: f32,
    marks: bool,
    sheets: usize,
    signatures: usize,
}

impl Spread {
    fn new(doc: &Document, placement: &Placement, creep_out: f32, places: &[SheetPlace]) -> Spread {
        let (w, h) = doc.page_size;
        let (sheet_w, sheet_h) = placement.sheet;
        let scale = placement.scale;
        let (pw, ph) = (w * scale, h * scale);
        let spine = sheet_w / 2.0;
        let top = (sheet_h - ph) / 2.0;
        Spread {
            scale,
            bb: placement.bleed * scale,
            pw,
            ph,
            spine,
            top,
            trim: Rect { x0: spine - pw, y0: top, x1: spine + pw, y1: top + ph },
            creep_out,
            marks: placement.marks,
            sheets: places.len(),
            signatures: places.last().map_or(0, |p| p.signature + 1),
        }
    }

    fn bleed_box(&self) -> Rect {
        let (trim, bb) = (self.trim, self.bb);
        Rect { x0: trim.x0 - bb, y0: trim.y0 - bb, x1: trim.x1 + bb, y1: trim.y1 + bb }
    }

    /// Sheet side `i`: its two pages, each clipped at the fold and its bleed and moved
    /// `shift` from the spine for creep, with the collation mark and the sheet's marks.
    fn side(&self, doc: &Document, i: usize, side: &SheetSide, shift: f32, place: SheetPlace) -> Page {
        let Spread { scale, bb, pw, ph, spine, top, trim, .. } = *self;
        let (y0, y1) = (top - bb, top + ph + bb);
        let lx = spine - pw + shift;
        let rx = spine - shift;
        let left = Clip {
            rect: Rect { x0: lx - bb, y0, x1: spine.min(lx + pw), y1 },
            items: transform_items(&doc.pages[side.left].items, scale, lx, top),
        };
        let right = Clip {
            rect: Rect { x0: spine.max(rx), y0, x1: rx + pw + bb, y1 },
            items: transform_items(&doc.pages[side.right].items, scale, rx, top),
        };
        let mut items = vec![Item::Clip(left), Item::Clip(right)];
        let front = i.is_multiple_of(2);
        if self.signatures > 1 && place.index == 0 && front {
            items.push(collation_mark(trim, place.signature));
        }
        if self.marks {
            items.extend(self.sheet_marks(doc, i, place));
        }
        Page { items }
    }

    /// Crop and fold marks, and the slug naming the book, sheet and side.
    fn sheet_marks(&self, doc: &Document, i: usize, place: SheetPlace) -> Vec<Item> {
        let (trim, bb, signatures) = (self.trim, self.bb, self.signatures);
        let front = i.is_multiple_of(2);
        let mut items = spread_marks(trim, bb, bb + self.creep_out);
        let text = format!(
            "{}{}sheet {} of {} · {}",
            if doc.meta.title.is_empty() { String::new() } else { format!("{} · ", doc.meta.title) },
            if signatures > 1 { format!("signature {} · ", place.signature + 1) } else { String::new() },
            i / 2 + 1,
            self.sheets,
            if front { "front" } else { "back" }
        );
        if let Some(font) = doc.fonts.first()
            && let Some(s) = slug(font, crate::display::FontId::new(0), &text, trim, bb)
        {
            items.push(s);
        }
        items
    }
}

/// The document's outline, each entry pointing at the sheet side that carries its page.
fn outline_on_sides(doc: &Document, order: &[SheetSide]) -> Vec<OutlineEntry> {
    let n = doc.pages.len();
    let mut side_of = vec![0; n];
    for (i, side) in order.iter().enumerate() {
        side_of[side.left] = i;
        side_of[side.right] = i;
    }
    doc.outline
        .iter()
        .filter(|e| e.page < n)
        .map(|e| OutlineEntry { title: e.title.clone(), page: side_of[e.page] })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{FontId, Glyph, GlyphRun, Ink, Meta, Point};
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
        let err = impose_pages(&doc(13, (360.0, 576.0)), &ImposeOptions::default()).unwrap_err();
        assert_eq!(err, ImposeError::PageCount(13));
        assert_eq!(err.to_string(), "an imposed booklet needs a page count divisible by 4, got 13");
    }

    /// A document whose page `i` holds one run (text = `i`) at (10, 20) of size 12 and a
    /// filled rectangle exactly covering the trim box.
    fn doc(pages: usize, size: (f32, f32)) -> Document {
        let (w, h) = size;
        Document {
            roles: Vec::new(),
            page_size: size,
            pages: (0..pages)
                .map(|i| Page {
                    items: vec![
                        Item::Text(GlyphRun {
                            font: FontId::new(0),
                            size: 12.0,
                            origin: Point::new(10.0, 20.0),
                            ink: Ink::BLACK,
                            text: i.to_string(),
                            glyphs: vec![Glyph { id: 3, x: 0.0, y: 0.0, advance: 6.0, text: (0, 1) }],
                        }),
                        Item::Path(crate::display::Path::polygon(
                            [Point::new(0.0, 0.0), Point::new(w, 0.0), Point::new(w, h), Point::new(0.0, h)],
                            Ink::new(0.1).unwrap(),
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

    /// (page label, trim rect [left, top, right, bottom], clip, run) for each source page
    /// placed on an imposed side.
    fn placed(page: &Page) -> Vec<(String, [f32; 4], Rect, GlyphRun)> {
        let mut out = Vec::new();
        for item in &page.items {
            let Item::Clip(c) = item else { continue };
            let Item::Text(r) = &c.items[0] else { panic!() };
            let Item::Path(p) = &c.items[1] else { panic!() };
            let (PathEl::MoveTo(a), PathEl::LineTo(b)) = (p.els[0], p.els[2]) else { panic!() };
            out.push((r.text.clone(), [a.x, a.y, b.x, b.y], c.rect, r.clone()));
        }
        out
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn creep_numbers_16_pages_every_way() {
        let t = 0.1 * MM; // 0.28346457 pt
        let shifts = |c| (0..4).map(|k| creep_shift(k, 4, t, c)).collect::<Vec<f32>>();
        let near = |a: Vec<f32>, b: [f32; 4]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6);
        assert!(near(shifts(Creep::In), [0.0, 0.283_464_6, 0.566_929_1, 0.850_393_7]));
        assert!(near(shifts(Creep::Out), [-0.850_393_7, -0.566_929_1, -0.283_464_6, 0.0]));
        assert!(near(shifts(Creep::Balanced), [-0.425_196_9, -0.141_732_3, 0.141_732_3, 0.425_196_9]));
    }

    #[test]
    fn inner_sheets_move_toward_the_spine_the_outer_one_stays() {
        // 5×8in pages on letter: spine at x = 396, spread from 36 to 756.
        let t = 0.1 * MM;
        let opts = ImposeOptions { sheet: Sheet::Letter, paper_thickness: t, ..ImposeOptions::default() };
        let out = impose(&doc(16, (360.0, 576.0)), &opts).unwrap();
        assert_eq!(out.document.pages.len(), 8);
        assert_eq!(out.shifts.len(), 4);
        for (side, page) in out.document.pages.iter().enumerate() {
            let c = (side / 2) as f32 * t;
            assert!(close(out.shifts[side / 2], c));
            let p = placed(page);
            assert_eq!(p.len(), 2);
            let [l, lt, lr, lb] = p[0].1;
            let [r, rt, rr, rb] = p[1].1;
            // The left page moves right, the right page left: both toward the spine.
            assert!(close(l, 36.0 + c) && close(lr, 396.0 + c), "side {side}: {:?}", p[0].1);
            assert!(close(r, 396.0 - c) && close(rr, 756.0 - c), "side {side}: {:?}", p[1].1);
            assert!(close(lt, 18.0) && close(lb, 594.0) && close(rt, 18.0) && close(rb, 594.0));
            // Both are clipped at the spine, so neither prints on the other.
            assert_eq!(p[0].2.x1, 396.0);
            assert_eq!(p[1].2.x0, 396.0);
        }
        // The outermost sheet does not move; its front has page 16 left, page 1 right.
        let outer = placed(&out.document.pages[0]);
        assert_eq!((outer[0].1[0], outer[1].1[2]), (36.0, 756.0));
        assert_eq!((outer[0].0.as_str(), outer[1].0.as_str()), ("15", "0"));
        assert_eq!(out.labels[0], "16|1");
        assert_eq!(out.trim, Rect { x0: 36.0, y0: 18.0, x1: 756.0, y1: 594.0 });
        // Outward creep needs room past the fore-edges and moves the outer sheets out.
        let out = impose(&doc(16, (360.0, 576.0)), &ImposeOptions { creep: Creep::Out, ..opts }).unwrap();
        let outer = placed(&out.document.pages[0]);
        assert!(close(outer[0].1[0], 36.0 - 3.0 * t) && close(outer[1].1[2], 756.0 + 3.0 * t));
    }

    #[test]
    fn bleed_on_three_outer_edges_clipped_at_the_spine() {
        let a5 = (148.0 * MM, 210.0 * MM);
        let b = 3.0 * MM;
        let opts = ImposeOptions { sheet: Sheet::A3, bleed: b, ..ImposeOptions::default() };
        let mut d = doc(8, a5);
        // Page content bleeds 3 mm past the trim on every side.
        for page in &mut d.pages {
            page.items.push(Item::Path(crate::display::Path::polygon(
                [
                    Point::new(-b, -b),
                    Point::new(a5.0 + b, -b),
                    Point::new(a5.0 + b, a5.1 + b),
                    Point::new(-b, a5.1 + b),
                ],
                Ink::new(0.2).unwrap(),
            )));
        }
        let out = impose(&d, &opts).unwrap();
        let (sw, sh) = out.document.page_size;
        assert!(close(sw, 420.0 * MM) && close(sh, 297.0 * MM));
        let spine = sw / 2.0;
        for page in &out.document.pages {
            let p = placed(page);
            let [l, t, lr, bt] = p[0].1;
            assert!(close(lr - l, a5.0) && close(bt - t, a5.1), "100 %");
            assert_eq!(p[0].3.size, 12.0);
            let (lc, rc) = (p[0].2, p[1].2);
            assert!(close(lc.x0, spine - a5.0 - b) && close(lc.x1, spine), "{lc:?}");
            assert!(close(rc.x0, spine) && close(rc.x1, spine + a5.0 + b), "{rc:?}");
            assert!(close(lc.y0, t - b) && close(lc.y1, bt + b) && close(rc.y0, t - b));
        }
        assert!(close(out.bleed_box.x0, out.trim.x0 - b) && close(out.bleed_box.y1, out.trim.y1 + b));
        assert!(out.notes.is_empty());
    }

    #[test]
    fn a5_on_a4_fits_without_bleed_and_says_so() {
        let a5 = (148.0 * MM, 210.0 * MM);
        let opts = ImposeOptions { bleed: 3.0 * MM, ..ImposeOptions::default() };
        let out = impose(&doc(8, a5), &opts).unwrap();
        let p = placed(&out.document.pages[0]);
        assert!(close(p[0].2.x0, p[0].1[0]) && close(p[0].2.y0, 0.0), "clipped at the trim");
        assert_eq!(out.trim, out.bleed_box);
        assert!(out.notes[0].contains("no room for the 3.0 mm bleed"));
    }

    #[test]
    fn pages_are_never_scaled_unless_asked() {
        let err = impose(&doc(4, (432.0, 648.0)), &ImposeOptions { sheet: Sheet::Letter, ..ImposeOptions::default() })
            .unwrap_err();
        assert!(err.to_string().contains("smallest that fits: tabloid"), "{err}");
        let shrink =
            ImposeOptions { sheet: Sheet::Letter, fit: crate::impose::Fit::Shrink, ..ImposeOptions::default() };
        let out = impose(&doc(4, (432.0, 648.0)), &shrink).unwrap();
        let s = 792.0 / 864.0;
        assert!(close(out.scale, s));
        let p = placed(&out.document.pages[0]);
        assert!(close(p[0].3.size, 12.0 * s) && close(p[0].3.glyphs[0].advance, 6.0 * s));
        // Smaller pages are never scaled up.
        let out = impose(&doc(4, (100.0, 150.0)), &ImposeOptions { sheet: Sheet::Tabloid, ..ImposeOptions::default() })
            .unwrap();
        let p = placed(&out.document.pages[0]);
        assert_eq!(p[0].1, [512.0, 321.0, 612.0, 471.0]);
        assert_eq!(p[1].1, [612.0, 321.0, 712.0, 471.0]);
    }

    #[test]
    fn spread_sheet_is_two_pages_wide_plus_bleed() {
        let opts = ImposeOptions { sheet: Sheet::Spread, bleed: 9.0, ..ImposeOptions::default() };
        let out = impose(&doc(4, (360.0, 576.0)), &opts).unwrap();
        assert_eq!(out.document.page_size, (738.0, 594.0));
        let p = placed(&out.document.pages[1]);
        assert_eq!(p[0].1, [9.0, 9.0, 369.0, 585.0]);
        assert_eq!(p[1].1, [369.0, 9.0, 729.0, 585.0]);
        assert_eq!((p[0].0.as_str(), p[1].0.as_str()), ("1", "2"));
    }

    #[test]
    fn marks_lie_on_the_sheet_outside_the_bleed() {
        let b = 9.0;
        let opts = ImposeOptions {
            sheet: Sheet::Spread,
            paper_thickness: 0.1 * MM,
            marks: true,
            bleed: b,
            creep: Creep::Balanced,
            ..ImposeOptions::default()
        };
        let out = impose(&doc(8, (360.0, 576.0)), &opts).unwrap();
        let (sw, sh) = out.document.page_size;
        let bl = out.bleed_box;
        for page in &out.document.pages {
            let marks: Vec<_> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Path(p) if p.fill.is_none() => Some(p),
                    _ => None,
                })
                .collect();
            assert_eq!(marks.len(), 14, "8 crop segments + 2 dashed fold marks of 3 dashes");
            for m in marks {
                let s = m.stroke.unwrap();
                assert_eq!((s.width, s.ink), (0.25, Ink::BLACK));
                for e in &m.els {
                    let (PathEl::MoveTo(p) | PathEl::LineTo(p)) = *e else { panic!() };
                    assert!(p.x >= 0.0 && p.x <= sw && p.y >= 0.0 && p.y <= sh, "{p:?} off the sheet");
                    let inside = p.x > bl.x0 && p.x < bl.x1 && p.y > bl.y0 && p.y < bl.y1;
                    assert!(!inside, "{p:?} inside the bleed {bl:?}");
                }
            }
        }
    }

    #[test]
    fn signatures_gather_in_order_with_collation_marks() {
        for per in 1..=8 {
            for sigs in 1..=3 {
                let pages = per * 4 * sigs;
                let (sides, places) = signature_order(pages, per).unwrap();
                assert_eq!(places.len(), pages / 4);
                let mut seen = vec![0; pages];
                for (i, s) in sides.iter().enumerate() {
                    seen[s.left] += 1;
                    seen[s.right] += 1;
                    // Both pages of a side are in the side's signature, and face each other
                    // across its fold.
                    let first = places[i / 2].signature * per * 4;
                    assert_eq!(s.left + s.right, 2 * first + per * 4 - 1, "{per}/{pages}: {s:?}");
                }
                assert!(seen.iter().all(|&c| c == 1));
            }
        }
        // A last, smaller signature takes the pages that remain.
        let (_, places) = signature_order(20, 2).unwrap();
        assert_eq!(places.iter().map(|p| p.sheets).collect::<Vec<_>>(), vec![2, 2, 2, 2, 1]);
        // Creep restarts in each signature; the first front of each carries a collation
        // mark one step further down.
        let opts =
            ImposeOptions { sheet: Sheet::Letter, sheets_per_signature: 2, paper_thickness: 1.0, ..Default::default() };
        let out = impose(&doc(16, (360.0, 576.0)), &opts).unwrap();
        assert_eq!(out.shifts, vec![0.0, 1.0, 0.0, 1.0]);
        assert_eq!(out.signatures, 2);
        let collation = |side: usize| {
            out.document.pages[side].items.iter().find_map(|i| match i {
                Item::Path(p) if p.fill == Some(Ink::BLACK) => Some(p.els[0]),
                _ => None,
            })
        };
        assert_eq!(collation(0), Some(PathEl::MoveTo(Point::new(393.0, 18.0))));
        assert_eq!(collation(4), Some(PathEl::MoveTo(Point::new(393.0, 30.0))));
        assert_eq!(collation(1), None);
        assert_eq!(out.labels[4], "16|9");
    }

    #[test]
    fn saddle_order_for_4_to_64_pages() {
        for pages in (4..=64).step_by(4) {
            assert_each_page_once(pages);
            for (i, s) in saddle_order(pages).unwrap().iter().enumerate() {
                assert_eq!(s.left + s.right, pages - 1, "facing across the fold");
                // Fronts have the higher page on the left; backs the lower.
                assert_eq!(i % 2 == 0, s.left > s.right);
            }
        }
    }

    #[test]
    fn metadata_outline_and_padding() {
        let mut d = doc(13, (360.0, 576.0));
        assert_eq!(pad_to_booklet(&mut d), 3);
        assert_eq!(d.pages.len(), 16);
        assert_eq!(pad_to_booklet(&mut d), 0);
        let out = impose(&d, &ImposeOptions { sheet: Sheet::Spread, ..ImposeOptions::default() }).unwrap().document;
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
        assert_eq!(impose_pages(&d, &opts).unwrap_err(), ImposeError::PaperThickness(-1.0));
        let mut flat = doc(4, (0.0, 576.0));
        flat.page_size = (0.0, 576.0);
        assert!(matches!(impose_pages(&flat, &ImposeOptions::default()), Err(ImposeError::PageSize(..))));
    }

    /// `pages` pages of 6 × 9 in, each with one word `gutter` points from its spine edge.
    fn near_the_spine(pages: usize, gutter: f32) -> Document {
        let w = 432.0;
        let word = |x: f32| {
            Item::Text(GlyphRun {
                font: FontId::new(0),
                size: 10.0,
                origin: Point::new(x, 300.0),
                ink: Ink::BLACK,
                text: "word".into(),
                glyphs: vec![Glyph { id: 3, x: 0.0, y: 0.0, advance: 20.0, text: (0, 4) }],
            })
        };
        Document {
            roles: Vec::new(),
            page_size: (w, 648.0),
            pages: (0..pages)
                .map(|i| Page { items: vec![word(if i % 2 == 0 { gutter } else { w - gutter - 20.0 })] })
                .collect(),
            fonts: Vec::new(),
            meta: Meta::default(),
            outline: Vec::new(),
            labels: Vec::new(),
        }
    }

    #[test]
    fn creep_that_moves_ink_into_the_fold_or_past_the_spine_is_named() {
        let opts = |t_mm: f32| ImposeOptions {
            sheet: Sheet::Custom(2000.0, 1000.0),
            paper_thickness: t_mm * MM,
            ..ImposeOptions::default()
        };
        // 156 pages on 0.1 mm paper: the innermost sheet (39) moves 3.8 mm. Words 5 mm
        // from the spine come within 3 mm of the fold from sheet 22 (2.1 mm) on.
        let doc = near_the_spine(156, 5.0 * MM);
        let imp = impose(&doc, &opts(0.1)).unwrap();
        assert!((imp.shifts[38] - 3.8 * MM).abs() < 1e-3);
        assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
        let w = &imp.warnings[0];
        assert!(
            w.starts_with(
                "creep: on sheet 39 (pages 80|77), page 80's ink moves 3.8 mm toward the spine, to 1.2 mm from the fold"
            ),
            "{w}"
        );
        // Sheets 21 (2.0 mm, at the edge) to 39 are hurt; (5 − 3) / 38 mm is the thickest
        // paper that keeps sheet 39 clear.
        assert!(w.contains("pages in all. Paper up to 0.053 mm thick would keep every page clear"), "{w}");
        // Words 2 mm from the spine are already nearer than the clearance: creep cuts them
        // off only when it moves them past the spine.
        let close = near_the_spine(156, 2.0 * MM);
        let imp = impose(&close, &opts(0.1)).unwrap();
        assert!(imp.warnings[0].contains("past the spine, where 1.8 mm of it is cut off"), "{:?}", imp.warnings);
        // Thin enough paper, or none given: no warning.
        assert!(impose(&doc, &opts(0.05)).unwrap().warnings.is_empty());
        assert!(impose(&doc, &opts(0.0)).unwrap().warnings.is_empty());
        // Ink that reaches the spine edge (a tint across the gutter) is meant for the fold.
        assert!(impose(&super::tests::doc(8, (360.0, 576.0)), &opts(0.1)).unwrap().warnings.is_empty());
    }
}
