//! The preview renderer on the fixture book: page size in pixels, ink inside the text
//! block and not in the margins, the contact sheet, PNG files on disk, and a visual
//! regression test against the references in `tests/references/mini/`.

mod common;
use chapbook::display::Item;
use chapbook::preview::{self, Pixmap, RasterOptions};
use common::{compare_with_references, fixture, lay, root};

const OPTS: RasterOptions = RasterOptions::at_dpi(50.0);
const PX_PER_PT: f32 = 50.0 / 72.0;

fn grey(p: &Pixmap, x: u32, y: u32) -> u8 {
    p.pixel(x, y).unwrap().red()
}

/// Dark pixels (grey below half) whose centres lie in the point rectangle `x0..x1, y0..y1`.
fn dark_in(p: &Pixmap, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for y in 0..p.height() {
        for x in 0..p.width() {
            let (cx, cy) = ((x as f32 + 0.5) / PX_PER_PT, (y as f32 + 0.5) / PX_PER_PT);
            if cx >= x0 && cx < x1 && cy >= y0 && cy < y1 && grey(p, x, y) < 128 {
                out.push((x, y));
            }
        }
    }
    out
}

#[test]
fn a5_page_at_50_dpi_is_291_by_413_pixels() {
    let (_, doc) = lay(&fixture("mini"));
    // 419.53 × 595.28 pt · 50/72 = 291.3 × 413.4 → rounded to the nearest pixel.
    for i in 0..doc.pages.len() {
        let p = preview::Renderer::new(&doc, OPTS).render(i).unwrap();
        assert_eq!((p.width(), p.height()), (291, 413), "page {}", i + 1);
    }
    // Blank padding pages are plain white paper.
    let blank = preview::Renderer::new(&doc, OPTS).render(5).unwrap();
    assert!(blank.pixels().iter().all(|c| c.red() == 255 && c.alpha() == 255));
}

#[test]
fn first_section_page_has_ink_in_the_text_block_and_none_in_the_margins() {
    let (book, doc) = lay(&fixture("mini"));
    let page = 2;
    let p = preview::Renderer::new(&doc, OPTS).render(page).unwrap();
    let block = book.page.text_block(page);
    let (x, width, top, bottom) = (block.x0, block.width(), block.y0, block.y1);
    let (w, h) = doc.page_size;
    let inside = dark_in(&p, (x, top, x + width, bottom));
    assert!(inside.len() > 200, "only {} dark pixels", inside.len());
    // Margins, with a point of slack for side bearings that overhang the frame.
    let slack = 1.0;
    // Opening quotes hang in the left margin (docs/book-conventions.md): half an em.
    let hang = book.body.size * 0.5;
    let left = dark_in(&p, (0.0, 0.0, x - slack - hang, h));
    let right = dark_in(&p, (x + width + slack, 0.0, w, h));
    let head = dark_in(&p, (0.0, 0.0, w, top - slack));
    assert!(left.is_empty() && right.is_empty() && head.is_empty(), "{left:?} {right:?} {head:?}");
    // The foot margin holds only the folio, if the page has one.
    let folios: Vec<(f32, f32, f32, f32)> = doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.origin.y > bottom => Some((
                r.origin.x - slack,
                r.origin.y - r.size,
                r.origin.x + r.width() + slack,
                r.origin.y + r.size * 0.3,
            )),
            _ => None,
        })
        .collect();
    let foot: Vec<_> = dark_in(&p, (0.0, bottom + slack, w, h))
        .into_iter()
        .filter(|&(px, py)| {
            let (cx, cy) = ((px as f32 + 0.5) / PX_PER_PT, (py as f32 + 0.5) / PX_PER_PT);
            !folios.iter().any(|&(x0, y0, x1, y1)| cx >= x0 && cx < x1 && cy >= y0 && cy < y1)
        })
        .collect();
    assert!(foot.is_empty(), "{foot:?}");
}

#[test]
fn fixture_pages_match_their_references() {
    let (_, doc) = lay(&fixture("mini"));
    let refs = root().join("tests/references/mini");
    let failures = compare_with_references(&refs, doc.pages.len(), 0.005, |i| {
        preview::Renderer::new(&doc, OPTS).render(i).unwrap()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
